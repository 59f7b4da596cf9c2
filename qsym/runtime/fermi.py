"""Fermi functions and the thermal cut-off shared by every energy quadrature."""

from __future__ import annotations

import numpy as np
from scipy.special import expit

__all__ = ["fermi", "fermi_window", "thermally_unresolved", "KT_RESOLUTION", "THERMAL_CUTOFF"]

#: Half-width, in units of kT, of the energy range a Fermi edge is resolved over: beyond
#: 36 kT the window f(1 - f) is below 3e-16 of its peak, under double-precision rounding.
#: Every quadrature that integrates over a thermal window (k-space observables, Fermi-line
#: integrals, master-equation rates) uses this one constant.
THERMAL_CUTOFF = 36.0

#: Smallest kT, relative to the energy of the Fermi edge, at which a quadrature over a
#: thermal window is used. Energies near the edge carry a rounding error ~1e-16 E, which
#: relative to the window width kT grows as 1e-16 E/kT (measured: 1e-9 of the observable
#: at kT = 1e-10 E, 1e-5 at 1e-14 E, garbage below); the thermal correction of the kT = 0
#: form, ~(kT/W)^2 for an integrand varying on the energy scale W, is ~1e-14 at kT = 1e-7 W.
#: Below this ratio observables with a thermal window use their kT = 0 form; the switch is
#: continuous to ~1e-10 (tested).
KT_RESOLUTION = 1e-7


def _positive(kT: np.ndarray) -> bool:
    return kT.size > 0 and float(np.min(kT)) > 0.0


def fermi(x, kT):
    """Fermi-Dirac occupation f(x) = 1/(exp(x/kT) + 1) of a state at energy x above mu.

    Parameters
    ----------
    x : array_like
        Energy measured from the chemical potential [energy].
    kT : array_like
        k_B T [same energy unit], ``>= 0``. ``kT = 0`` gives the step function with
        f(0) = 1/2.

    Notes
    -----
    ``scipy.special.expit(-x/kT)``: one ufunc pass, never overflows, and keeps full relative
    accuracy in the exponentially small tail.
    """
    x = np.asarray(x, dtype=float)
    kT = np.asarray(kT, dtype=float)
    if _positive(kT):
        return expit(-x / kT)
    with np.errstate(divide="ignore", invalid="ignore"):
        thermal = expit(-x / kT)
    return np.where(kT > 0, thermal, 0.5 * (1.0 - np.sign(x)))


def thermally_unresolved(kT, *energies) -> np.ndarray:
    """Where ``kT`` is too small, against the largest ``|energy|``, for a double-precision
    quadrature over the thermal window (see :data:`KT_RESOLUTION`); True also at kT = 0.

    Parameters
    ----------
    kT : array_like
        k_B T [energy], ``>= 0``.
    *energies : array_like
        The energies that set the scale (the Fermi edge, the band bottom) [same unit].
    """
    scale = np.zeros(np.shape(kT))
    for e in energies:
        scale = np.maximum(scale, np.abs(np.asarray(e, dtype=float)))
    return np.asarray(kT, dtype=float) <= KT_RESOLUTION * scale


def fermi_window(x, kT):
    """Thermal window -df/dx = f(x)(1 - f(x))/kT = 1/(4 kT cosh^2(x / 2kT)) [1/energy].

    For ``kT = 0`` this is a delta function; it returns 0 there, and observables that need
    the zero-temperature limit use their separately derived Fermi-surface form.
    """
    x = np.asarray(x, dtype=float)
    kT = np.asarray(kT, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = x / kT
        w = expit(z) * expit(-z) / kT
    return w if _positive(kT) else np.where(kT > 0, w, 0.0)
