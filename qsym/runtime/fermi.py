"""Fermi functions and the thermal cut-off shared by every energy quadrature."""

from __future__ import annotations

import numpy as np
from scipy.special import expit

__all__ = ["fermi", "fermi_window", "THERMAL_CUTOFF"]

#: Half-width, in units of kT, of the energy range a Fermi edge is resolved over: beyond
#: 36 kT the window f(1 - f) is below 3e-16 of its peak, under double-precision rounding.
#: Every quadrature that integrates over a thermal window (k-space observables, Fermi-line
#: integrals, master-equation rates) uses this one constant.
THERMAL_CUTOFF = 36.0


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
