r"""Fermi-sea and Fermi-surface k-integrals for any dispersion, in 2D and 3D.

For band groups ``n`` with energies :math:`E_n(\mathbf k)` and integrands
:math:`X_n(\mathbf k)` (any number of components) this module computes, on a box of k-space,

.. math::

    I^{\rm surface}(\mu, T) = \sum_n \int \frac{d^dk}{(2\pi)^d}\, X_n\,(-\partial_E f)(E_n - \mu),
    \qquad
    I^{\rm sea}(\mu, T) = \sum_n \int \frac{d^dk}{(2\pi)^d}\, X_n\,[f(E_n - \mu) - \theta_n],

vectorized over Fermi energies ``mu`` and temperatures ``kT`` (broadcast together). Nothing is
assumed about the dispersion: anisotropic bands, several Fermi pockets and band crossings are
all fine, because the integrands are evaluated on a uniform grid of the box.

``theta_n`` is the occupation of group ``n`` at the box's edge (1 if the group lies below
``mu`` there, 0 if above), found automatically. It makes the sea integrand vanish at the edge,
so the box does not matter; a continuum model's filled lower bands contribute their
filled-band part ``theta_n int X_n`` separately (it depends on the box unless it is a total
derivative). The surface and sea forms are related by integration by parts,
:math:`\int (f-\theta)\,\partial_i X = \int (-\partial_E f)\,v_i X`, which the model checks
use.

Rules and accuracy
------------------
* ``kT > 0``: trapezoid rule on the node grid. The weight is smooth and the integrand vanishes
  at the box's edge, so the rule converges exponentially once the spacing resolves the thermal
  width ``kT / |v|``. For Fermi-surface integrals the finer grids are evaluated only near the
  thermal shells (cells of the previous grid whose energies come within the cutoff of some
  eF); elsewhere the integrand is negligible.
* ``kT = 0``: linear simplex (triangle, tetrahedron) method: E and X are interpolated linearly
  on each simplex of the grid, and the delta- and step-function integrals of the interpolants
  are done exactly (the iso-line or iso-surface of E, and a Gauss rule in energy that is exact
  for the piecewise-cubic slice integral). The error falls as ``h**2``, irregularly (the grid
  crosses the Fermi surface differently at each level), so the estimate is twice the larger
  of the last two differences between levels. Fermi-surface integrals refine only the cells the
  Fermi surface crosses.

Error estimate: each refinement keeps the values of the coarser grids (the first grid's
subgrids of twice and four times the spacing are free). At ``kT > 0`` the rule converges
exponentially in the number of cells n, e(n) = C exp(-alpha n); alpha is fitted to the
differences of the two previous grids from the latest, and half of it (the error oscillates
about its envelope) predicts the latest grid's error (never above the last difference) and
the number of cells that meets the tolerance, the next grid (at most twice as fine); the
thermal factors dropped beyond the cutoff add 10 e^-cutoff of the magnitude. At ``kT = 0``
(``h**2``, irregular) the estimate is twice the larger of the last two differences and the
spacing halves. Refinement stops when the estimate is below
``rtol * |I| + atol`` everywhere, or at ``max_points`` (then ``converged`` is False and a
warning says what was reached).

A Fermi surface that reaches the box's edge (within 30 kT) is an error: enlarge the box.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .accuracy import CUTOFF, EDGE, KIntegral, report, tolerance, warn_not_converged
from .grid import box_array, check_edges, edge_values, evaluate_grid, evaluate_shell, trapezoid_weights
from .refine import refined_surface
from .simplex import simplex_rule
from .thermal import cutoff_for, thermal_rule

__all__ = ["KIntegral", "fermi_surface_integral", "fermi_sea_integral", "CUTOFF", "EDGE"]

Bands = Callable[..., Sequence[tuple]]


def fermi_surface_integral(bands: Bands, eF, kT, *, box, **options) -> KIntegral:
    r""":math:`\sum_n \int d^dk/(2\pi)^d\, X_n(\mathbf k)\,(-\partial_E f)(E_n(\mathbf k) - \mu)`.

    Parameters
    ----------
    bands : callable
        ``bands(k_1, ..., k_d)`` with 1D arrays of wave numbers [length^-1] returns a sequence
        of ``(energy, integrand)`` pairs, one per band group: ``energy`` of shape ``(npts,)``
        [energy], ``integrand`` of shape ``(npts,)`` or ``(npts, ncomp)``.
    eF : array_like
        Fermi energies [energy], broadcast against ``kT``.
    kT : array_like
        Temperatures k_B T [energy], ``>= 0``; 0 selects the linear simplex method.
    box : float or sequence of (float, float)
        The k-region: ``K`` for the cube ``[-K, K]^d``, or ``((lo, hi), ...)`` per axis
        [length^-1]. ``d`` is its number of axes (``box = K`` needs ``dim``).
    dim : int, optional
        2 or 3, when ``box`` is a single number (default 2).
    rtol, atol : float, optional
        Target accuracy (default ``rtol = 1e-8``; ``atol`` defaults to ``rtol`` times the
        magnitude, the integral of ``|X|``).
    cells : int, optional
        Grid cells per axis to start from (default 64).
    max_points : int, optional
        Largest grid, in k-points (default 2e7 in 2D, 1.2e7 in 3D).
    progress : bool, optional
        Report each refinement on stderr.

    Returns
    -------
    KIntegral
    """
    return _integrate(bands, eF, kT, box, "surface", **options)


def fermi_sea_integral(bands: Bands, eF, kT, *, box, filled: bool = False, **options) -> KIntegral:
    r""":math:`\sum_n \int d^dk/(2\pi)^d\, X_n(\mathbf k)\,[f(E_n(\mathbf k) - \mu) - \theta_n]`,
    with ``theta_n`` the occupation of group ``n`` on the box's edge (see the module notes).

    ``filled=True`` keeps the groups' filled parts (``theta_n = 0``): the integral of
    ``f X`` over the box, as the intrinsic anomalous Hall effect needs (the filled lower band
    of a continuum model then contributes its box-dependent part; trapezoid rule, ``h**2``).

    Parameters and result as :func:`fermi_surface_integral`.
    """
    return _integrate(bands, eF, kT, box, "sea", filled=filled, **options)


# The driver: forms, grids, refinement and the error estimate

def _integrate(bands, eF, kT, box, form, *, dim=2, rtol=1e-8, atol=None, cells=64, max_points=None,
               progress=False, filled=False) -> KIntegral:
    b = box_array(box, dim)
    d = b.shape[0]
    mu, T = np.broadcast_arrays(np.asarray(eF, float), np.asarray(kT, float))
    if not np.all(np.isfinite(mu)):
        raise ValueError("eF must be finite [energy]")
    if not np.all(np.isfinite(T)) or np.any(T < 0):
        raise ValueError(f"kT must be finite and >= 0 [energy]; got {kT!r}")
    if not rtol > 0:
        raise ValueError(f"rtol must be > 0; got {rtol!r}")
    if int(cells) != cells or cells < 4:
        raise ValueError(f"cells must be an integer >= 4; got {cells!r}")
    max_points = int(max_points or (2e7 if d == 2 else 1.2e7))
    opts = dict(rtol=rtol, atol=atol, max_points=max_points, progress=progress)
    form = "filled" if form == "sea" and filled else form
    flat_mu, flat_T = mu.ravel(), T.ravel()
    cold_line = (flat_T == 0) & (form == "surface")
    parts = []
    if (~cold_line).any():
        parts.append((~cold_line, uniform(bands, b, int(cells) + int(cells) % 2, flat_mu[~cold_line],
                                           flat_T[~cold_line], form, **opts)))
    if cold_line.any():
        parts.append((cold_line, refined_surface(bands, b, int(cells) + int(cells) % 2, flat_mu[cold_line], **opts)))
    ncomp = parts[0][1][0].shape[-1]
    value, error, mag = (np.zeros((mu.size, ncomp)) for _ in range(3))
    points, converged, h = 0, True, None
    for sel, (v, e, a, hh, pts, ok) in parts:
        value[sel], error[sel], mag[sel] = v, e, a
        points, converged, h = points + pts, converged and ok, hh if h is None else tuple(map(min, h, hh))
    shape = mu.shape + (ncomp,)
    return KIntegral(value.reshape(shape), error.reshape(shape), mag.reshape(shape), h, points, converged)


def uniform(bands, b, n, mu, T, form, *, rtol, atol, max_points, progress):
    """Uniform grids, refined until the error estimate meets the tolerance.

    Every level's value is kept; the first level also gives the values on its subgrids of
    twice and four times the spacing (nested, no evaluations). The error of an earlier level
    is its difference from the latest. At kT > 0 the rule converges exponentially in the
    number of cells, e(n) = C exp(-alpha n): alpha from the errors of the two levels before the
    latest predicts the latest's error (never more than the last difference), and the next
    level is the one predicted to meet the tolerance (at most twice as many cells). At kT = 0
    (h^2, irregular) the estimate is twice the larger of the last two differences and the
    cells double."""
    d = b.shape[0]
    hot = np.broadcast_to((T > 0)[:, None], (T.size, 1))
    cutoff = cutoff_for(rtol)
    levels = []

    def sub(nodes, step):
        return [(E[(slice(None, None, step),) * d], X[(slice(None, None, step),) * d]) for E, X in nodes]

    # a Fermi-surface integral at kT > 0 needs the nodes near the thermal shells only
    window = (float(np.min(mu - cutoff * T)), float(np.max(mu + cutoff * T)))
    shell = form == "surface" and bool(np.all(T > 0))
    nodes, evaluated = None, 0
    while True:
        if shell and nodes is not None:
            nodes, count = evaluate_shell(bands, b, n, nodes, window)
        else:
            nodes, count = evaluate_grid(bands, b, n), (n + 1) ** d
        evaluated += count
        value, mag = _rule(nodes, b, n, mu, T, form, cutoff)
        if not levels:
            levels = [(n // step, _rule(sub(nodes, step), b, n // step, mu, T, form, cutoff)[0])
                      for step in (4, 2) if n // step >= 2]
        levels.append((n, value))
        tol = tolerance(value, mag, rtol, atol)
        error, wanted = _estimate(levels, hot, tol)
        # plus the thermal factors dropped beyond the cutoff (e^-cutoff on either side), and never
        # below the rounding of a sum over many nodes (eps sqrt(nodes))
        rounding = 1.2e-16 * np.sqrt(float(n + 1) ** d) * mag
        # (the tail is weighted by an integrand that may grow away from eF: a factor 10 on e^-cutoff)
        error = np.maximum(error + np.where(hot, 10 * np.exp(-cutoff), 0.0) * mag, rounding)
        converged = bool(np.all(error <= tol))
        report(progress, f"k-grid {n}^{d}", error, tol)
        largest = int(round(max_points ** (1.0 / d))) - 1
        if not converged and n < largest:
            n = min(max(wanted, n + 8), 2 * n, largest)
            n += n % 2
            continue
        if not converged:
            warn_not_converged(rtol, f"largest grid {n + 1}^{d}", error, value)
        return value, error, mag, tuple((b[:, 1] - b[:, 0]) / n), evaluated, converged


def _estimate(levels, hot, tol):
    """(error estimate of the latest level, cells predicted to meet ``tol``) from the history."""
    n, latest = levels[-1]
    if len(levels) < 2:
        return np.full_like(latest, np.inf), 2 * n
    nb, Ib = levels[-2]
    eb = np.abs(Ib - latest)
    if len(levels) < 3:
        return eb, 2 * n
    na, Ia = levels[-3]
    ea = np.abs(Ia - latest)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.log(ea / eb) / (nb - na)
        model = hot & (ea > eb) & (eb > 0) & np.isfinite(alpha)
        # half the fitted rate: the trapezoid error oscillates about its exponential envelope
        rate = np.where(model, alpha, 0) / 2
        thermal = np.minimum(np.where(model, eb * np.exp(-rate * (n - nb)), eb), eb)
        error = np.where(hot, thermal, 2 * np.maximum(eb, np.abs(Ia - Ib)))
        need = np.where(model & (error > tol),
                        nb + np.log(np.maximum(eb, 1e-300) / np.maximum(0.5 * tol, 1e-300)) / np.where(model, rate, 1),
                        np.where(error > tol, 2 * n, n))
    return error, int(np.ceil(np.max(need)))


def _rule(nodes, b, n, mu, T, form, cutoff):
    """(value, magnitude) of the integral on the grid with n cells per axis."""
    d = b.shape[0]
    h = (b[:, 1] - b[:, 0]) / n
    shape_c = nodes[0][1].shape[d:]
    value = np.zeros(mu.shape + shape_c)
    mag = np.zeros_like(value)
    check_edges(nodes, b, mu, T)
    for E, X in nodes:
        edge = edge_values(E)
        # the group's occupation on the edge, per eF (none subtracted for the filled-band form)
        theta = (edge.max() < mu).ravel().astype(float) * (form != "filled")
        flat_v, flat_a = value.reshape(mu.size, -1), mag.reshape(mu.size, -1)
        hot = (T > 0).ravel()
        if hot.any():
            Xw = (X * trapezoid_weights(E.shape)[..., None]).reshape(-1, X.shape[-1])
            v, a = thermal_rule(E.ravel(), Xw, mu.ravel()[hot], T.ravel()[hot], form, theta[hot], cutoff)
            flat_v[hot] += v * (np.prod(h) / (2 * np.pi) ** d)
            flat_a[hot] += a * (np.prod(h) / (2 * np.pi) ** d)
        if not hot.all():
            v, a = simplex_rule(E, X, h, mu.ravel()[~hot], form, theta[~hot])
            flat_v[~hot] += v / (2 * np.pi) ** d
            flat_a[~hot] += a / (2 * np.pi) ** d
        value, mag = flat_v.reshape(value.shape), flat_a.reshape(value.shape)
    return value, mag
