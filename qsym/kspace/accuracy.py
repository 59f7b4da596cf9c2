"""Accuracy bookkeeping of the k-integrals: the result type, thermal cutoffs, tolerances,
progress and convergence reports (see :mod:`qsym.kspace`)."""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["KIntegral", "Outcome", "CUTOFF", "EDGE", "EPS", "INTEGRAND_RTOL", "tolerance", "rounding", "Progress", "warn_not_converged"]

#: Thermal factors are dropped beyond CUTOFF * kT from the Fermi energy (relative weight e^-30, as at the
#: box edge: the bound adds 10 e^-30 = 1e-12 of the magnitude for them).
CUTOFF = 30.0
#: A Fermi surface closer than EDGE * kT to the box edge is an error (relative weight e^-30 there).
EDGE = 30.0
#: Unit roundoff of float64.
EPS = np.finfo(float).eps
#: Relative accuracy of the integrands' evaluation: the generated kernels' stated accuracy against
#: mpmath (a third derivative of a band energy loses digits to cancellation). Every bound
#: includes this fraction of the magnitude, so no bound claims more than the integrand holds.
INTEGRAND_RTOL = 1e-12


@dataclass(frozen=True)
class KIntegral:
    """A k-integral for each (Fermi energy, temperature).

    Attributes
    ----------
    value : numpy.ndarray
        The integral, shape ``broadcast(eF, kT).shape + (ncomp,)`` [units of X times
        length^-d].
    error : numpy.ndarray
        A bound on the absolute error, ``|value - exact| <= error`` (see the notes of
        :mod:`qsym.kspace` for how it is formed and how it is tested); ``inf`` where no grid
        resolved the integrand.
    magnitude : numpy.ndarray
        The same integral of ``|X|``: the scale against which the value and error are small
        or not (a response that vanishes by symmetry is small against it).
    spacing : tuple of float
        Finest grid spacing along each axis [length^-1].
    points : int
        k-points evaluated, all grids together.
    converged : bool
        Whether ``error <= rtol |value| + atol`` everywhere.
    method : str
        Which rule computed which temperatures (``"thermal grids"``, ``"Sommerfeld"``,
        ``"kT = 0"``) and what was reached.
    quantity, components, unit : str, tuple of str, str
        What the value is, the label of each component (the last axis) and the unit of the
        value, where the caller knows them (:func:`qsym.model.response` sets them).
    eF, kT : numpy.ndarray, optional
        The Fermi energies and temperatures of the rows, broadcast together [energy].
    floor : float
        The smallest error the call can promise: the integrands' accuracy (INTEGRAND_RTOL)
        of the integral's scale over the box [units of value]. No tolerance is held below it,
        so a Fermi energy in a gap (a thermal tail) or a response that vanishes by symmetry
        gets a bound of about this size, however small its value.
    """

    value: np.ndarray
    error: np.ndarray
    magnitude: np.ndarray
    spacing: tuple
    points: int
    converged: bool
    method: str = ""
    floor: float = 0.0
    quantity: str = ""
    components: tuple = ()
    unit: str = ""
    eF: np.ndarray | None = None
    kT: np.ndarray | None = None
    energy_unit: str = "eV"

    def __repr__(self) -> str:
        return self.table()

    def table(self, rows: int = 12) -> str:
        """The result as a table: one row per (Fermi energy, temperature), one column per
        component, each ``value +- bound`` in ``unit`` (the first ``rows`` rows)."""
        from .labels import result_table

        return result_table(self, rows)

    def to_xarray(self):
        """The values as an ``xarray.DataArray`` (dimensions ``point`` and ``component``;
        coordinates ``eF``, ``kT``, ``component`` and the error bound ``error``; the unit in
        ``attrs["units"]``). Needs xarray (``pip install xarray``)."""
        from .labels import to_xarray

        return to_xarray(self)


@dataclass
class Outcome:
    """What one route returns for its Fermi energies: values, error bounds and magnitudes
    (nmu, C), the finest spacing, the k-points it evaluated, whether it met the tolerance,
    what it reached (for the warning) and the part of the bound that is truncation (smearing)."""

    value: np.ndarray
    error: np.ndarray
    magnitude: np.ndarray
    spacing: tuple
    points: int
    converged: bool
    reached: str = ""
    truncation: np.ndarray | None = None


def tolerance(value, mag, rtol, atol, floor: float = 0.0):
    """rtol |I| + atol, atol defaulting to rtol times the integral of |X|, and never below
    ``floor`` or the rounding of the largest such integral (1e-14 of it)."""
    floor = max(floor, 1e-14 * float(np.max(mag, initial=0.0)))
    return rtol * np.abs(value) + (rtol * mag if atol is None else atol) + floor


def rounding(points: int, mag):
    """The rounding error of a sum over ``points`` terms of total size ``mag``: eps sqrt(points)
    mag (random-walk accumulation, with a factor 4 of margin), plus the integrand's own accuracy,
    INTEGRAND_RTOL mag."""
    return (4 * EPS * np.sqrt(max(points, 1)) + INTEGRAND_RTOL) * mag


class Progress:
    """Refinement reports on stderr: always with ``progress=True``; with ``progress=None``
    (the default) once a computation has run for more than ``after`` seconds and stderr is a
    terminal, so a long wait is never silent."""

    def __init__(self, progress: bool | None, after: float = 3.0):
        self.enabled = progress
        self.after = after
        self.t0 = time.perf_counter()

    def __call__(self, label: str, error=None, tol=None) -> None:
        on = self.enabled
        if on is None:
            on = sys.stderr.isatty() and time.perf_counter() - self.t0 > self.after
        if not on:
            return
        text = f"  k-integral, {time.perf_counter() - self.t0:5.1f} s: {label}"
        if error is not None and tol is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = float(np.max(np.where(tol > 0, error / np.where(tol > 0, tol, 1), np.inf), initial=0.0))
            text += f"; largest error/tolerance {ratio:.2g}"
        print(text, file=sys.stderr, flush=True)


def warn_not_converged(rtol, reached: str, error, value) -> None:
    worst = float(np.max(error, initial=0.0))
    warnings.warn(f"k-integral not converged to rtol = {rtol:g}: {reached}. Error bound {worst:.3g} against values up "
                  f"to {float(np.max(np.abs(value), initial=0.0)):.3g}; raise max_points or loosen rtol.",
                  stacklevel=4)
