"""kT = 0 Fermi-sea integrals: the linear simplex method on uniform grids, doubled until the
estimate meets the tolerance, within a stated cost.

The rule converges as h^2 (the whole occupied region is interpolated linearly), irregularly
where the grid crosses the Fermi surface, so a level's error bound is twice the larger of its
last two differences. Each doubling costs 2^d times the last; when the h^2 law says the
tolerance needs more than ``max_points`` k-points, refinement stops at once with
``converged=False`` (a Fermi-sea integral at kT = 0 to 1e-10 would need ~10^10 points in 2D:
use the Fermi-surface form, which refines only near the Fermi surface).
"""

from __future__ import annotations

import numpy as np

from .accuracy import INTEGRAND_RTOL, Outcome, tolerance
from .grid import evaluate_grid, singular
from .simplex import simplex_rule

__all__ = ["zero_temperature_sea", "SEA_MAX_POINTS"]

#: Default cost bound of a Fermi-sea integral at kT = 0, in k-points per grid (2D, 3D).
SEA_MAX_POINTS = {2: 4_200_000, 3: 2_400_000}


def _rule(nodes, h, energies, theta, form, origin):
    d = h.size
    value = mag = 0.0
    for g, (E, X) in enumerate(nodes):
        if np.isnan(X).any():           # a band touching inside the box: the sea integrand is singular there
            k = origin + np.argwhere(np.isnan(X).any(axis=-1))[0] * h
            raise singular(k, g, "in the Fermi sea, which the Fermi-sea form integrates (use form='surface')")
        th = np.zeros(energies.size) if form == "filled" else theta[g]
        v, a = simplex_rule(E, X, h, energies, "sea", th)
        value, mag = value + v / (2 * np.pi) ** d, mag + a / (2 * np.pi) ** d
    return value, mag


def zero_temperature_sea(bands, b, nodes, n, energies, theta, form, *, rtol, atol, max_points, progress, floor=0.0):
    """``sum_n int d^dk/(2pi)^d X_n [theta(e - E_n) - theta_n]`` for each energy ``e`` (1D),
    ``theta`` (groups, energies) the groups' occupations on the box's edge (none subtracted for
    ``form="filled"``), from the evaluated first grid ``nodes`` (``n`` cells; not counted here).

    Returns an :class:`~.accuracy.Outcome`."""
    d = b.shape[0]
    energies = np.asarray(energies, float)
    h0 = (b[:, 1] - b[:, 0]) / n
    history = []
    for step in (4, 2):
        if n % step == 0 and n // step >= 2:
            sub = [(E[(slice(None, None, step),) * d], X[(slice(None, None, step),) * d]) for E, X in nodes]
            history.append(_rule(sub, h0 * step, energies, theta, form, b[:, 0])[0])
    points = 0
    while True:
        h = (b[:, 1] - b[:, 0]) / n
        value, mag = _rule(nodes, h, energies, theta, form, b[:, 0])
        history.append(value)
        error = (2 * np.maximum(np.abs(history[-1] - history[-2]), np.abs(history[-2] - history[-3]))
                 + INTEGRAND_RTOL * mag if len(history) >= 3 else np.full_like(value, np.inf))
        tol = tolerance(value, mag, rtol, atol, floor)
        converged = bool(np.all(error <= tol))
        progress(f"kT = 0 Fermi sea: grid {n}^{d}", error, tol)
        if converged:
            return Outcome(value, error, mag, tuple(h), points, True)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = float(np.nanmax(np.where(tol > 0, np.sqrt(error / tol), np.inf)))
        needed = (n * max(factor, 2.0) + 1) ** d
        if (2 * n + 1) ** d > max_points or needed > 4 * max_points:
            reached = (f"the Fermi-sea form at kT = 0 converges as h^2; grid {n}^{d} reached, and the tolerance "
                       f"would need about {needed:.2g} k-points (cost bound {max_points:.2g}): use the Fermi-surface "
                       "form, kT > 0, or a looser rtol")
            return Outcome(value, error, mag, tuple(h), points, False, reached)
        n *= 2
        nodes = evaluate_grid(bands, b, n)
        points += (n + 1) ** d
