r"""Fermi-sea and Fermi-surface k-integrals for any dispersion, in 2D and 3D, with error bounds.

For band groups ``n`` with energies :math:`E_n(\mathbf k)` and integrands
:math:`X_n(\mathbf k)` (any number of components) this module computes, on a box of k-space,

.. math::

    I^{\rm surface}(\mu, T) = \sum_n \int \frac{d^dk}{(2\pi)^d}\, X_n\,(-\partial_E f)(E_n - \mu),
    \qquad
    I^{\rm sea}(\mu, T) = \sum_n \int \frac{d^dk}{(2\pi)^d}\, X_n\,[f(E_n - \mu) - \theta_n],

vectorized over Fermi energies ``mu`` and temperatures ``kT`` (broadcast together). Nothing is
assumed about the dispersion: anisotropic bands, several Fermi pockets and band crossings are
all fine, because the integrands are evaluated on grids of the box.

``theta_n`` is the occupation of group ``n`` at the box's edge (1 if the group lies below
``mu`` there, 0 if above), found automatically. It makes the sea integrand vanish at the edge,
so the box does not matter; a continuum model's filled lower bands contribute their
filled-band part ``theta_n int X_n`` separately (it depends on the box unless it is a total
derivative). The surface and sea forms are related by integration by parts,
:math:`\int (f-\theta)\,\partial_i X = \int (-\partial_E f)\,v_i X`, which the model checks
use.

Routes
------
Every temperature is integrated on its own (a result does not depend on what else is in the
call, beyond its error bound); all of them start from one grid of ``cells`` per axis.

* **Thermal grids** (kT > 0, :mod:`.nested`): the trapezoid rule on nested grids, each twice
  as fine, evaluated only where the integrand is not negligible. A grid enters the error
  estimate only if it resolves the thermal shells (neighbouring nodes in a shell differ by at
  most 4 kT); then the rule converges exponentially and three such grids give the bound.
* **Hermite-smeared grids** (small kT and kT = 0, :mod:`.thermal`, :mod:`.nested`): the same
  grids with a Gauss-Hermite weight (Methfessel-Paxton, order 4) whose even moments to sixth
  order are those of -f' at kT, its width set by the distance to the nearest critical energy
  (:func:`smearing_width`), so that the grids stay cheap as kT -> 0. Its truncation is bounded
  by twice the difference from the order-5 weight, where the orders 5, 4 and 3 show the
  errors falling (see :mod:`.nested`). Used for kT below ``SMEARED_KT`` sigma only.
* **Sommerfeld** (small kT, :mod:`.sommerfeld`): the thermal average of kT = 0 integrals at
  the nodes of a Gauss rule for the weight -f' (all orders of the Sommerfeld expansion to
  (kT)^6), with the difference from a lower-order rule as its truncation bound. At kT = 0 it
  is the kT = 0 integral itself, so the hand-over is continuous. Used when the thermal grids
  would need more than ``max_points`` k-points and the nearest critical energy of a band
  (extremum, saddle, touching) lies far outside the thermal window.
* **kT = 0**: the linear simplex (triangle, tetrahedron) method: E and X are interpolated
  linearly on each simplex, and the delta- and step-function integrals of the interpolants are
  done exactly. Fermi-surface integrals refine only the cells the Fermi surface crosses
  (:mod:`.refine`); Fermi-sea integrals use uniform grids (:mod:`.sea`) within a cost bound
  (h^2 convergence: tight tolerances are out of reach; the warning says so).

Error bounds
------------
``error`` bounds ``|value - exact|``: it is formed from the differences between grids as each
route's notes say, plus the thermal factors dropped beyond the cutoff (10 e^-cutoff of the
magnitude) and rounding (eps sqrt(points) of the magnitude). It is tested as a bound against
an independent polar-coordinate route (numpy ``eigh``) over random models, Fermi energies,
temperatures from 0 to 0.05 eV and tolerances from 1e-4 to 1e-10. ``converged`` is True only
when ``error <= rtol |value| + atol`` everywhere; otherwise a warning says what was reached.
Where no grid resolved the integrand the bound is ``inf``.

A Fermi surface that reaches the box's edge (within 30 kT) is an error: enlarge the box.

Periodic integrands
-------------------
``periodic=True`` states that the box is one period of the integrand (a Brillouin zone in
reduced coordinates, :mod:`qsym.model.zone`): Fermi surfaces may cross its faces, there is no
edge rule, the Fermi-sea form keeps every group's filled part (``theta_n = 0``: a total
derivative integrates to zero over a period), and critical points on the faces are found on
the grid continued periodically. The trapezoid rule then converges exponentially for smooth
integrands, and every route and bound above applies unchanged.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..runtime.validation import as_real_array
from .accuracy import CUTOFF, EDGE, KIntegral, Progress, warn_not_converged
from .grid import box_array, check_edges, evaluate_grid, evaluate_points
from .routes import batches, context, route, smearing_width
from .sea import SEA_MAX_POINTS

__all__ = ["KIntegral", "fermi_surface_integral", "fermi_sea_integral", "smearing_width", "CUTOFF", "EDGE", "OPTIONS"]

Bands = Callable[..., Sequence[tuple]]

#: The options of both integrals, with their meaning (for error messages and documentation).
OPTIONS = {
    "dim": "2 or 3, when box is a single number (default 2)",
    "rtol": "relative tolerance, 0 < rtol < 1 (default 1e-8)",
    "atol": "absolute tolerance >= 0 (default rtol times the integral of |X|)",
    "cells": "grid cells per axis to start from, an integer >= 8 (default 64)",
    "max_points": "largest number of k-points, an integer >= 1000",
    "progress": "report refinements on stderr: True, False, or None (after 3 s on a terminal)",
    "periodic": "True when the box is one period of the integrand (a Brillouin zone): no edge rule",
}


def fermi_surface_integral(bands: Bands, eF, kT, *, box, dim: int = 2, rtol: float = 1e-8, atol: float | None = None,
                           cells: int = 64, max_points: int | None = None, progress: bool | None = None,
                           periodic: bool = False) -> KIntegral:
    r""":math:`\sum_n \int d^dk/(2\pi)^d\, X_n(\mathbf k)\,(-\partial_E f)(E_n(\mathbf k) - \mu)`.

    Parameters
    ----------
    bands : callable
        ``bands(k_1, ..., k_d)`` with 1D arrays of wave numbers [length^-1] returns a sequence
        of ``(energy, integrand)`` pairs, one per band group: ``energy`` of shape ``(npts,)``
        [energy], ``integrand`` of shape ``(npts,)`` or ``(npts, ncomp)``. Optional attributes:
        ``bands.energies(*k)`` (the energies alone, for the search for critical energies),
        ``bands.bound(*k)`` (per group an upper bound of |integrand|: the scale of the rounding
        floor when the integrand vanishes by symmetry) and ``bands.touchings = True`` (a NaN
        integrand marks a band touching, accepted where the weight vanishes).
    eF : array_like
        Fermi energies [energy], real and finite, broadcast against ``kT``.
    kT : array_like
        Temperatures k_B T [energy], real, finite and ``>= 0``.
    box : float or sequence of (float, float)
        The k-region: ``K`` for the cube ``[-K, K]^d``, or ``((lo, hi), ...)`` per axis
        [length^-1]. ``d`` is its number of axes (``box = K`` needs ``dim``).
    dim : int, optional
        2 or 3, when ``box`` is a single number (default 2).
    rtol, atol : float, optional
        Target accuracy (default ``rtol = 1e-8``; ``atol`` defaults to ``rtol`` times the
        magnitude, the integral of ``|X|``).
    cells : int, optional
        Grid cells per axis to start from (default 64; rounded up to a multiple of 4).
    max_points : int, optional
        Largest number of k-points per temperature (default 2e7 in 2D, 1.2e7 in 3D).
    progress : bool or None, optional
        Report each refinement on stderr (None: after 3 s, on a terminal).
    periodic : bool, optional
        The box is one period of the bands and integrands (see the module notes): no edge rule.

    Returns
    -------
    KIntegral
        ``value`` of shape ``broadcast(eF, kT).shape + (ncomp,)``; ``error`` bounds its error.
    """
    return _integrate(bands, eF, kT, box, "surface", dim=dim, rtol=rtol, atol=atol, cells=cells,
                      max_points=max_points, progress=progress, periodic=periodic)


def fermi_sea_integral(bands: Bands, eF, kT, *, box, filled: bool = False, dim: int = 2, rtol: float = 1e-8,
                       atol: float | None = None, cells: int = 64, max_points: int | None = None,
                       progress: bool | None = None, periodic: bool = False) -> KIntegral:
    r""":math:`\sum_n \int d^dk/(2\pi)^d\, X_n(\mathbf k)\,[f(E_n(\mathbf k) - \mu) - \theta_n]`,
    with ``theta_n`` the occupation of group ``n`` on the box's edge (see the module notes).

    ``filled=True`` keeps the groups' filled parts (``theta_n = 0``): the integral of
    ``f X`` over the box, as the intrinsic anomalous Hall effect needs (the filled lower band
    of a continuum model then contributes its box-dependent part; trapezoid rule, ``h**2``).

    The Fermi-sea forms evaluate the whole occupied region, so their default ``max_points`` is
    4.2e6 k-points in 2D and 2.4e6 in 3D for each route tried (at most two: smeared grids,
    then uniform simplex grids at kT = 0, which converge as h^2); a tolerance out of reach stops
    there with ``converged=False`` and a warning.

    Over one period (``periodic=True``) every group's filled part is kept, as ``filled=True``.

    Parameters and result as :func:`fermi_surface_integral`.
    """
    return _integrate(bands, eF, kT, box, "filled" if (filled or periodic) else "sea", dim=dim, rtol=rtol, atol=atol,
                      cells=cells, max_points=max_points, progress=progress, periodic=periodic)


def _check_options(rtol, atol, cells, max_points):
    if isinstance(rtol, (bool, np.bool_)) or not (isinstance(rtol, (int, float, np.floating)) and 0 < rtol < 1):
        raise ValueError(f"rtol must be a number with 0 < rtol < 1; got {rtol!r}")
    if atol is not None and (isinstance(atol, (bool, np.bool_)) or not isinstance(atol, (int, float, np.floating))
                             or not (np.isfinite(atol) and atol >= 0)):
        raise ValueError(f"atol must be a finite number >= 0 (or None); got {atol!r}")
    if isinstance(cells, (bool, np.bool_)) or not isinstance(cells, (int, np.integer)) or cells < 8:
        raise ValueError(f"cells must be an integer >= 8; got {cells!r}")
    if max_points is not None and (isinstance(max_points, (bool, np.bool_)) or not isinstance(max_points, (int, float))
                                   or not max_points >= 1000 or not np.isfinite(max_points)):
        raise ValueError(f"max_points must be a number of k-points >= 1000; got {max_points!r}")


def _empty(bands, b, shape):
    """An empty result: the component count from one evaluation at the box's centre."""
    (E, X), *_ = evaluate_points(bands, b.mean(axis=1)[None, :])
    z = np.zeros(shape + (X.shape[1],))
    return KIntegral(z, z.copy(), z.copy(), tuple(b[:, 1] - b[:, 0]), 1, True, "no Fermi energies")


def _integrate(bands, eF, kT, box, form, *, dim, rtol, atol, cells, max_points, progress, periodic) -> KIntegral:
    b = box_array(box, dim)
    d = b.shape[0]
    mu = as_real_array("eF", eF, units="energy")
    T = as_real_array("kT", kT, units="energy", lower=0.0)
    try:
        mu, T = np.broadcast_arrays(mu, T)
    except ValueError:
        raise ValueError(f"eF and kT must broadcast together; got shapes {np.shape(eF)} and {np.shape(kT)}") from None
    _check_options(rtol, atol, cells, max_points)
    if mu.size == 0:
        return _empty(bands, b, mu.shape)
    # the budget of every route (a Fermi-sea form's default is its kT = 0 cost bound, for all its routes)
    default_max = (2e7 if d == 2 else 1.2e7) if form == "surface" else SEA_MAX_POINTS[d]
    n0 = int(cells) + (-int(cells)) % 4
    nodes = evaluate_grid(bands, b, n0)
    flat_mu, flat_T = mu.ravel(), T.ravel()
    if not isinstance(periodic, (bool, np.bool_)):
        raise ValueError(f"periodic must be True or False; got {periodic!r}")
    if not periodic:
        check_edges(nodes, b, flat_mu, flat_T)
    ctx = context(bands, b, nodes, n0, form, rtol=rtol, atol=atol, max_points=int(max_points or default_max),
                  progress=Progress(progress), periodic=bool(periodic))
    value, error, mag = (np.zeros((flat_mu.size, ctx.ncomp)) for _ in range(3))
    points, converged, spacing, notes, unreached = (n0 + 1) ** d, True, tuple(ctx.h0), [], []
    for t in np.unique(flat_T):
        sel = np.nonzero(flat_T == t)[0]
        for part in batches(ctx, flat_mu[sel], float(t)):
            out, name = route(ctx, flat_mu[sel][part], float(t))
            idx = sel[part]
            value[idx], error[idx], mag[idx] = out.value, out.error, out.magnitude
            points += out.points
            spacing = tuple(map(min, spacing, out.spacing))
            notes.append(f"kT = {t:g}: {name}")
            if not out.converged:
                unreached.append(out.reached or f"kT = {t:g}")
                converged = False
    shape = mu.shape + (ctx.ncomp,)
    if not converged:
        warn_not_converged(rtol, "; ".join(dict.fromkeys(unreached)), error, value)
    return KIntegral(value.reshape(shape), error.reshape(shape), mag.reshape(shape), spacing, points, converged,
                     "; ".join(dict.fromkeys(notes)), ctx.floor)
