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
  most 2 kT); then the rule converges exponentially and three such grids give the bound.
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
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..runtime.validation import as_real_array
from .accuracy import CUTOFF, EDGE, KIntegral, Outcome, Progress, tolerance, warn_not_converged
from .grid import box_array, check_edges, critical_intervals, distance_to_critical, edge_values, evaluate_grid, \
    evaluate_points
from .nested import full_level, predicted_points, thermal_grids
from .refine import zero_temperature_surface
from .sea import SEA_MAX_POINTS, zero_temperature_sea
from .simplex import cells_surface
from .sommerfeld import GATE_MARGIN, sommerfeld
from .thermal import fermi, hermite

__all__ = ["KIntegral", "fermi_surface_integral", "fermi_sea_integral", "CUTOFF", "EDGE", "OPTIONS"]

Bands = Callable[..., Sequence[tuple]]

#: The options of both integrals, with their meaning (for error messages and documentation).
OPTIONS = {
    "dim": "2 or 3, when box is a single number (default 2)",
    "rtol": "relative tolerance, 0 < rtol < 1 (default 1e-8)",
    "atol": "absolute tolerance >= 0 (default rtol times the integral of |X|)",
    "cells": "grid cells per axis to start from, an integer >= 8 (default 64)",
    "max_points": "largest number of k-points, an integer >= 1000",
    "progress": "report refinements on stderr: True, False, or None (after 3 s on a terminal)",
}


def fermi_surface_integral(bands: Bands, eF, kT, *, box, dim: int = 2, rtol: float = 1e-8, atol: float | None = None,
                           cells: int = 64, max_points: int | None = None, progress: bool | None = None) -> KIntegral:
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

    Returns
    -------
    KIntegral
        ``value`` of shape ``broadcast(eF, kT).shape + (ncomp,)``; ``error`` bounds its error.
    """
    return _integrate(bands, eF, kT, box, "surface", dim=dim, rtol=rtol, atol=atol, cells=cells,
                      max_points=max_points, progress=progress)


def fermi_sea_integral(bands: Bands, eF, kT, *, box, filled: bool = False, dim: int = 2, rtol: float = 1e-8,
                       atol: float | None = None, cells: int = 64, max_points: int | None = None,
                       progress: bool | None = None) -> KIntegral:
    r""":math:`\sum_n \int d^dk/(2\pi)^d\, X_n(\mathbf k)\,[f(E_n(\mathbf k) - \mu) - \theta_n]`,
    with ``theta_n`` the occupation of group ``n`` on the box's edge (see the module notes).

    ``filled=True`` keeps the groups' filled parts (``theta_n = 0``): the integral of
    ``f X`` over the box, as the intrinsic anomalous Hall effect needs (the filled lower band
    of a continuum model then contributes its box-dependent part; trapezoid rule, ``h**2``).

    At kT = 0 the Fermi-sea form converges as h^2 on uniform grids: its default cost bound is
    4.2e6 k-points in 2D and 2.4e6 in 3D (``max_points`` raises it), and a tolerance out of
    reach stops at once with ``converged=False`` and a warning.

    Parameters and result as :func:`fermi_surface_integral`.
    """
    return _integrate(bands, eF, kT, box, "filled" if filled else "sea", dim=dim, rtol=rtol, atol=atol, cells=cells,
                      max_points=max_points, progress=progress)


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


def _fermi_surface_measure(nodes, h, mu):
    """Per eF the summed measure int d^dk delta(E_n - eF) of all groups, on the first grid."""
    from .refine import _cells

    n = nodes[0][0].shape[0] - 1
    ones = [(E, np.ones(E.shape + (1,))) for E, _ in nodes]
    groups, _ = _cells(ones, n)
    return sum(cells_surface(Ec, Xc, h, mu)[0][:, 0] for Ec, Xc in groups)


def smearing_width(delta, rtol: float):
    """The width of the Hermite weight for Fermi energies a distance ``delta`` from the nearest
    critical energy: its companion's truncation, 1.87 (sigma/delta)^6 for a pole at delta, is a
    tenth of rtol, and its reach (9 sigma) stays short of the critical energy."""
    return np.asarray(delta, float) * min((rtol / 10) ** (1 / 6), 1 / 9)


def _integrate(bands, eF, kT, box, form, *, dim, rtol, atol, cells, max_points, progress) -> KIntegral:
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
    default_max = 2e7 if d == 2 else 1.2e7
    max_points = int(max_points or default_max)
    sea_max = max_points if max_points != int(default_max) else SEA_MAX_POINTS[d]
    report = Progress(progress)
    n0 = int(cells) + (-int(cells)) % 4
    nodes = evaluate_grid(bands, b, n0)
    flat_mu, flat_T = mu.ravel(), T.ravel()
    check_edges(nodes, b, flat_mu, flat_T)
    h0 = (b[:, 1] - b[:, 0]) / n0
    edges = [edge_values(E) for E, _ in nodes]
    # energies where Fermi-surface integrals stop being smooth: critical points of the bands, and the
    # energies on the box's faces (there the box cuts the Fermi surface)
    critical = np.concatenate([critical_intervals(bands, b, nodes)] + [[[e.min(), e.max()]] for e in edges])
    first = full_level(nodes, n0)
    # the scale of the integral, for the rounding floor of every tolerance (one for the whole call,
    # so that a Fermi energy in a gap is not held to 1e-14 of its own, vanishing magnitude): the
    # integral of |X| over the box, per unit energy of the spectrum for the Fermi-surface form
    total = sum(float(np.nansum(np.abs(X))) for _, X in nodes) * np.prod(h0) / (2 * np.pi) ** d
    if getattr(bands, "bound", None) is not None:      # a bound of |X| that does not vanish with X
        pts = np.stack([m.ravel() for m in np.meshgrid(*[np.linspace(lo, hi, n0 + 1) for lo, hi in b],
                                                       indexing="ij")], axis=1)
        total = max(total, sum(float(np.sum(x)) for x in bands.bound(*pts.T)) * np.prod(h0) / (2 * np.pi) ** d)
    spectrum = max(float(E.max() - E.min()) for E, _ in nodes) or 1.0
    floor = 1e-14 * (total / spectrum if form == "surface" else total)
    opts = dict(rtol=rtol, atol=atol, progress=report, floor=floor)
    C = nodes[0][1].shape[-1]

    def theta(energies):          # occupation of each group on the box's edge, per energy
        return np.array([(e.max() < energies).astype(float) for e in edges])

    def measure(m):
        return (lambda w: float(np.sum(_fermi_surface_measure(nodes, h0, m)) * w)) if form == "surface" else None

    def grids(m, weight, companions=()):
        return thermal_grids(bands, b, nodes, m, weight, form, theta(m), companions=companions, first=first,
                             max_points=max_points, **opts)

    def zero_temperature(energies, share=1.0):
        """kT = 0 integrals at ``energies`` by the simplex method, to ``share`` of the tolerance."""
        o = dict(opts, rtol=rtol * share, atol=None if atol is None else atol * share, floor=floor * share)
        if form == "surface":
            return zero_temperature_surface(bands, b, nodes, n0, energies, max_points=max_points, **o)
        return zero_temperature_sea(bands, b, nodes, n0, energies, theta(energies), form, max_points=sea_max, **o)

    def smeared(m, t, delta):
        """The Hermite weight, its width from the distance to the critical energies, narrowed
        (three times, twice at most) while its truncation keeps it from the tolerance."""
        sigma = float(min(np.min(smearing_width(delta, rtol)), 0.05 * spectrum))
        for _ in range(3):
            weight = hermite(sigma, t, 4)
            # (the prediction has a factor 2 of margin; the grids stop at max_points in any case)
            if predicted_points(first, b, m, weight, form, theta(m), measure(m)) > 2 * max_points:
                return None
            out = grids(m, weight, (hermite(sigma, t, 3), hermite(sigma, t, 2)))
            if out.converged or np.all(out.truncation <= 0.5 * tolerance(out.value, out.magnitude, rtol, atol, floor)):
                return out
            sigma /= 3
        return out

    def _batches(m, t):
        """Fermi energies that share their grids: similar distance to the critical energies (the
        same smearing width, within a factor 2), packed while their predicted cost fits
        max_points, so that one expensive Fermi energy does not hold the others back."""
        delta = distance_to_critical(critical, m)
        key = np.where(np.isfinite(delta) & (delta > 0), np.floor(np.log2(np.where(delta > 0, delta, 1.0))), -999)
        out = []
        for k in np.unique(key):
            members = np.nonzero(key == k)[0]
            if members.size == 1 or form != "surface":
                out.append(members)
                continue
            sigma = float(np.min(smearing_width(delta[members], rtol))) if k > -999 else 0.0
            weight = hermite(sigma, t, 4) if sigma > 0 and t < 0.375 * sigma else fermi(max(t, 1e-300))
            cost = np.array([predicted_points(first, b, m[[i]], weight, form, theta(m[[i]]), measure(m[[i]]))
                             for i in members])
            batch, used = [], 0.0
            for i in members[np.argsort(cost)]:
                c = float(cost[members == i][0])
                if batch and used + c > max_points:
                    out.append(np.array(batch))
                    batch, used = [], 0.0
                batch.append(i)
                used += c
            out.append(np.array(batch))
        return out

    def route(m, t):
        """The Outcome for Fermi energies ``m`` at temperature ``t`` and the name of its route."""
        delta = distance_to_critical(critical, m)
        if form == "filled":            # the filled parts meet the box's edge: no smearing, no Sommerfeld
            return (grids(m, fermi(t)), "thermal grids") if t > 0 else (zero_temperature(m), "kT = 0 simplex")
        tries = []
        smear = np.all(delta > 0) and t < 0.375 * float(np.min(smearing_width(delta, rtol)))
        thermal_cost = predicted_points(first, b, m, fermi(t), form, theta(m), measure(m)) if t > 0 else np.inf
        if t > 0 and not smear and thermal_cost <= max_points:
            return grids(m, fermi(t)), "thermal grids"
        if smear:
            out = smeared(m, t, delta)
            if out is not None and out.converged:
                return out, "Hermite-smeared grids"
            if out is not None:
                tries.append((out, "Hermite-smeared grids"))
        if t == 0:
            tries.append((zero_temperature(m), "kT = 0 simplex"))
        elif np.all(delta >= (CUTOFF + GATE_MARGIN) * t):
            tries.append((sommerfeld(zero_temperature, m, t), "Sommerfeld rule over kT = 0 simplex integrals"))
        elif thermal_cost <= 4 * max_points:
            tries.append((grids(m, fermi(t)), "thermal grids"))
        if not tries:                   # nothing within reach: say why, at once
            near = float(np.min(delta))
            z = np.zeros((m.size, C))
            reached = (f"at kT = {t:g} the Fermi energies {', '.join(f'{x:.6g}' for x in m[:4])} lie within "
                       f"{near:.3g} ({near / t:.3g} kT) of a critical energy of the bands or of the energies on the "
                       f"box's edge; the thermal grids would need ~{thermal_cost:.2g} k-points (max_points = "
                       f"{max_points:.2g}). Enlarge the box if it is its edge, or raise max_points")
            return Outcome(z, np.full_like(z, np.inf), z.copy(), tuple(h0), 0, False, reached), "none"
        return min(tries, key=lambda o: (not o[0].converged, float(np.max(o[0].error))))

    value, error, mag = (np.zeros((flat_mu.size, C)) for _ in range(3))
    points, converged, spacing, notes, unreached = (n0 + 1) ** d, True, tuple(h0), [], []
    for t in np.unique(flat_T):
        sel = np.nonzero(flat_T == t)[0]
        for part in _batches(flat_mu[sel], float(t)):
            out, name = route(flat_mu[sel][part], float(t))
            idx = sel[part]
            value[idx], error[idx], mag[idx] = out.value, out.error, out.magnitude
            points += out.points
            spacing = tuple(map(min, spacing, out.spacing))
            notes.append(f"kT = {t:g}: {name}")
            if not out.converged:
                unreached.append(out.reached or f"kT = {t:g}")
                converged = False
    shape = mu.shape + (C,)
    if not converged:
        warn_not_converged(rtol, "; ".join(dict.fromkeys(unreached)), error, value)
    return KIntegral(value.reshape(shape), error.reshape(shape), mag.reshape(shape), spacing, points, converged,
                     "; ".join(dict.fromkeys(notes)))
