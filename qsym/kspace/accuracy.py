"""Accuracy bookkeeping of the k-integrals: the result type, thermal cutoffs, tolerances and
convergence reports (see :mod:`qsym.kspace`)."""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["KIntegral", "CUTOFF", "EDGE", "tolerance", "report", "warn_not_converged"]

#: Thermal factors are dropped beyond CUTOFF * kT from the Fermi energy (relative weight e^-40).
CUTOFF = 40.0
#: A Fermi surface closer than EDGE * kT to the box edge is an error (relative weight e^-30 there).
EDGE = 30.0


@dataclass(frozen=True)
class KIntegral:
    """A k-integral for each (Fermi energy, temperature).

    Attributes
    ----------
    value : numpy.ndarray
        The integral, shape ``broadcast(eF, kT).shape + (ncomp,)`` [units of X times
        length^-d].
    error : numpy.ndarray
        Estimated absolute error (see the notes of :mod:`qsym.kspace` for how it is formed).
    magnitude : numpy.ndarray
        The same integral of ``|X|``: the scale against which the value and error are small
        or not (a response that vanishes by symmetry is small against it).
    spacing : tuple of float
        Final grid spacing along each axis [length^-1].
    points : int
        k-points evaluated, all grids together (a Fermi-surface integral at kT > 0 evaluates the
        finer grids only near the thermal shells).
    converged : bool
        Whether ``error <= rtol |value| + atol`` everywhere.
    """

    value: np.ndarray
    error: np.ndarray
    magnitude: np.ndarray
    spacing: tuple
    points: int
    converged: bool


def tolerance(value, mag, rtol, atol):
    """rtol |I| + atol, atol defaulting to rtol times the integral of |X| (and never below
    the rounding of the largest such integral)."""
    floor = 1e-14 * float(np.max(mag, initial=0.0))
    return rtol * np.abs(value) + (rtol * mag if atol is None else atol) + floor


def report(progress, label, error, tol):
    if progress:
        print(f"  {label}: largest error/tolerance {float(np.max(error / np.where(tol > 0, tol, 1))):.2g}",
              file=sys.stderr)


def warn_not_converged(rtol, where, error, value):
    warnings.warn(f"k-integral not converged to rtol = {rtol:g} ({where}); estimated error {float(np.max(error)):.3g} "
                  f"against value {float(np.max(np.abs(value))):.3g}. Raise max_points or loosen rtol.", stacklevel=4)
