"""The two backends side by side in one process, whatever ``QSYM_BACKEND`` says: a copy of each
generated module on the numba backend (its private kernels replaced by compiled twins) and one
on the NumPy backend, and the public functions whose work a compiled twin does."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

import numpy as np

from domains import returns_array
from qsym.runtime import compiled

GENERATED = Path(__file__).resolve().parents[1] / "generated"
#: Every module that has a compiled twin.
MODULES = tuple(sorted(p.stem for p in (GENERATED / "numba").glob("*.py") if p.stem != "__init__"))


numpy_backend = functools.partial(compiled.forced, "numpy")
numba_backend = functools.partial(compiled.forced, "numba")


def _uses_twin(function, namespace: dict) -> bool:
    for name in function.__code__.co_names:
        value = namespace.get(name)
        if isinstance(value, compiled.Twin) or (
                isinstance(value, dict) and any(isinstance(v, compiled.Twin) for v in value.values())):
            return True
    return False


def pairs() -> list[tuple[str, str, object, object]]:
    """(module, function name, compiled function, NumPy twin) of every public function that
    returns arrays and runs a compiled twin (its own kernel, a fused integrand, a constraint)."""
    out = []
    for name in MODULES:
        imported = importlib.import_module(f"generated.{name}")
        module, twin = compiled.compiled_twin(imported), compiled.numpy_twin(imported)
        for f in module.__all__:
            function = getattr(module, f)
            if returns_array(function) and _uses_twin(function, vars(module)):
                out.append((name, f, function, getattr(twin, f)))
    return out


def _arrays(result) -> tuple:
    return tuple(np.asarray(r) for r in (result if isinstance(result, tuple) else (result,)))


def rounding_spread(function, kwargs: dict, doms: dict, rng: np.random.Generator, trials: int = 3) -> tuple:
    """How far ``function``'s result moves when every input with a domain in ``doms`` moves by
    about one rounding error (a relative 2^-52, random sign; not across the domain's bounds):
    per element, the largest move over ``trials``. An evaluation in another order may differ
    from the NumPy one by about this much where the formula cancels; a different formula would
    differ by far more."""
    base = _arrays(function(**kwargs))
    spread = tuple(np.zeros(b.shape) for b in base)
    for _ in range(trials):
        moved = {}
        for n, dom in doms.items():
            x = kwargs[n] * (1 + rng.choice([-1.0, 1.0], np.shape(kwargs[n])) * 2.0**-52)
            moved[n] = np.where([dom.contains(float(v)) for v in x], x, kwargs[n])
        for s, b, m in zip(spread, base, _arrays(function(**dict(kwargs, **moved)))):
            np.maximum(s, np.abs(m - b), out=s)
    return spread


def worst(got, want, rtol: float, spread: tuple = ()) -> str:
    """Where ``got`` and ``want`` differ most, relative to what :func:`agree` allows."""
    got, want = _arrays(got), _arrays(want)
    spread = spread or tuple(np.zeros(w.shape) for w in want)
    lines = []
    for x, y, s in zip(got, want, spread):
        if x.shape != y.shape or not x.size:
            continue
        scale = np.max(np.abs(y), axis=-1, keepdims=True) if y.ndim > 1 and y.shape[-1] else np.abs(y)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.abs(x - y) / (rtol * scale + 10 * s)
        i = np.unravel_index(np.nanargmax(np.where(np.isnan(ratio), np.inf, ratio)), ratio.shape)
        lines.append(f"at {tuple(int(j) for j in i)}: compiled {x[i]!r}, NumPy {y[i]!r}, allowed "
                     f"{rtol * np.broadcast_to(scale, y.shape)[i] + 10 * s[i]:.3g}")
    return "; ".join(lines)


def agree(got, want, rtol: float, spread: tuple = ()) -> bool:
    """Element by element ``|got - want| <= rtol scale + 10 spread``, the scale being the largest
    ``|want|`` among the components at that point (the last axis, where there are several: a
    component that vanishes by symmetry comes out as a rounding residue of the others); NaN or
    inf in either, or a different shape, never agree."""
    got, want = _arrays(got), _arrays(want)
    if len(got) != len(want):
        return False
    spread = spread or tuple(np.zeros(w.shape) for w in want)
    for x, y, s in zip(got, want, spread):
        if x.shape != y.shape or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return False
        scale = np.max(np.abs(y), axis=-1, keepdims=True) if y.ndim > 1 and y.shape[-1] else np.abs(y)
        if not np.all(np.abs(x - y) <= rtol * scale + 10 * s):
            return False
    return True


def _sides(domain) -> list[tuple[float, float, float]]:
    """(sign, smallest, largest |x|) of each side of zero the domain reaches."""
    out = []
    for sign, near, far in ((1.0, max(domain.lower, 0.0), domain.upper), (-1.0, max(-domain.upper, 0.0), -domain.lower)):
        lo, hi = max(domain.smallest, near, 1e-300), min(domain.largest, far, 1e300)
        if hi >= lo and hi > 0:
            out.append((sign, lo, hi))
    return out


def sample(domain, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` values from a documented domain (:class:`domains.Domain`): magnitudes log-uniform
    over the allowed span on each side of zero, the bounds themselves and zero (where allowed)
    among them."""
    sides = _sides(domain)
    values = []
    for _ in range(100 * n):
        if len(values) == n:
            return np.array(values)
        if domain.contains(0.0) and rng.random() < 0.05:
            x = 0.0
        else:
            sign, lo, hi = sides[rng.integers(len(sides))]
            u = rng.random()
            magnitude = lo if u < 0.05 else hi if u < 0.1 else 10.0 ** rng.uniform(np.log10(lo), np.log10(hi))
            x = sign * magnitude
        if domain.contains(float(x)):
            values.append(x)
    raise AssertionError(f"cannot draw from the domain of {domain.name}: {domain}")
