"""Input checks shared by the lattice methods: matrices (square, non-empty, finite,
Hermitian), energies and spectral bounds (real, finite), counts (integers >= 1). Each mistake
is a ``ValueError`` naming the argument and what it must be, before any work is done."""

from __future__ import annotations

import numpy as np

__all__ = ["hermitian_matrix", "finite_energy", "spectral_interval", "count"]


def hermitian_matrix(name: str, H, *, rtol: float = 1e-12) -> int:
    """Check ``H`` (dense or scipy sparse) is a non-empty square Hermitian matrix of finite
    entries; returns its size."""
    shape = getattr(H, "shape", None)
    if shape is None or len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError(f"{name} must be a square matrix; got shape {shape}")
    if shape[0] == 0:
        raise ValueError(f"{name} is empty (0 x 0): there is no spectrum")
    values = H.data if hasattr(H, "tocsr") else np.asarray(H)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} has entries that are not finite (NaN or inf)")
    scale = float(np.max(np.abs(values), initial=0.0))
    diff = H - H.conj().T
    worst = float(abs(diff).max()) if hasattr(diff, "tocsr") else float(np.max(np.abs(diff), initial=0.0))
    if worst > rtol * max(scale, 1e-300):
        raise ValueError(f"{name} must be Hermitian: |H - H^dagger| reaches {worst:.3g} (entries up to {scale:.3g})")
    return int(shape[0])


def finite_energy(name: str, value, *, scale: float | None = None, largest: float = 1e6) -> np.ndarray:
    """``value`` as a float array: real, finite, and (given the matrix's energy ``scale``) at
    most ``largest`` times that scale in magnitude (beyond, exp of it overflows)."""
    arr = np.asarray(value)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be a real number (an energy); got {value!r}")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite; got {value!r}")
    if scale is not None and np.any(np.abs(arr) > largest * max(scale, 1.0)):
        raise ValueError(f"{name} = {float(np.max(np.abs(arr))):g} is far outside the spectrum (|{name}| <= "
                         f"{largest:g} x the matrix's energy scale {max(scale, 1.0):g} here)")
    return arr


def spectral_interval(bounds) -> tuple[float, float]:
    """``(b, a)``, the centre and half-width of a spectral interval: finite, a > 0."""
    try:
        b, a = (float(x) for x in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be (centre, half-width); got {bounds!r}") from None
    if not (np.isfinite(b) and np.isfinite(a) and a > 0):
        raise ValueError(f"bounds must be a finite centre and a half-width > 0 (see spectral_bounds); got {bounds!r}")
    return b, a


def count(name: str, value, low: int = 1) -> int:
    """An integer >= ``low`` (booleans are not counts)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    return int(value)
