"""kT = 0 Fermi-surface integrals on refined cells: the cells the Fermi surface crosses are
halved level by level until the estimate meets the tolerance; the others contribute nothing.

The linear simplex method converges as h^2, irregularly (the grid crosses the Fermi surface
differently at each level), so the error bound of a level is twice the larger of its last two
differences (tested against an independent polar-coordinate route: the true error stays below
a third of it). The first grid's subgrids (4 and 2 times coarser) give the first two levels
for free. An energy stops refining once it has converged. Cells around a critical point of a
band (an extremum inside a cell) are refined while their widened energy range reaches an
energy, so a Fermi pocket smaller than a cell is not missed.
"""

from __future__ import annotations

import numpy as np

from .accuracy import INTEGRAND_RTOL, Outcome, tolerance
from .grid import critical_cells, evaluate_points, singular
from .simplex import cells_surface, corner_offsets

__all__ = ["zero_temperature_surface"]


def _any_within(sorted_e, lo, hi, strict=True):
    if strict:     # some energy strictly inside (lo, hi)
        return np.searchsorted(sorted_e, lo, side="right") < np.searchsorted(sorted_e, hi, side="left")
    return np.searchsorted(sorted_e, lo, side="left") < np.searchsorted(sorted_e, hi, side="right")


def _cells(nodes, n, step=1):
    """Per group the corner energies (Nc, 2^d) and integrands (Nc, 2^d, C) of every cell of the
    subgrid with ``step``, and the cells' integer coordinates on that subgrid."""
    d = nodes[0][0].ndim
    m = n // step
    offs = corner_offsets(d)
    cell_idx = np.array(np.meshgrid(*[np.arange(m)] * d, indexing="ij")).reshape(d, -1).T
    groups = []
    for E, X in nodes:
        Es, Xs = E[(slice(None, None, step),) * d], X[(slice(None, None, step),) * d]
        Ec = np.stack([Es[tuple((cell_idx + o).T)] for o in offs], axis=1)
        Xc = np.stack([Xs[tuple((cell_idx + o).T)] for o in offs], axis=1)
        groups.append((Ec, Xc))
    return groups, cell_idx


def _surface(groups, h, energies):
    d = h.size
    parts = [cells_surface(Ec, Xc, h, energies) for Ec, Xc in groups]
    return (sum(p[0] for p in parts) / (2 * np.pi) ** d, sum(p[1] for p in parts) / (2 * np.pi) ** d)


def _halve(bands, groups, origins, crit, h):
    """Every kept cell halved: its 3^d half-step nodes evaluated (the 2^d corners copied) and its
    2^d sub-cells, each with its corners. Returns the new groups, origins, critical flags and the
    number of k-points evaluated."""
    d = h.size
    offs = corner_offsets(d)
    half = np.array(np.meshgrid(*[[0, 1, 2]] * d, indexing="ij")).reshape(d, -1).T
    known = np.all(half % 2 == 0, axis=1)
    pts = (origins[:, None, :] + half[None, ~known] * (h / 2)).reshape(-1, d)
    vals = evaluate_points(bands, pts)
    corner_of = [int(np.nonzero(np.all(offs == q // 2, axis=1))[0][0]) for q in half[known]]
    new_groups = []
    for (E_new, X_new), (Ec, Xc) in zip(vals, groups):
        E = np.empty((origins.shape[0], len(half)))
        X = np.empty((origins.shape[0], len(half), Xc.shape[-1]))
        E[:, ~known] = E_new.reshape(origins.shape[0], -1)
        X[:, ~known] = X_new.reshape(origins.shape[0], -1, Xc.shape[-1])
        E[:, known], X[:, known] = Ec[:, corner_of], Xc[:, corner_of]
        sub_E, sub_X = [], []
        for o in offs:                      # the 2^d sub-cells, each with its 2^d corners
            corner = [int(np.ravel_multi_index(tuple(o + c), (3,) * d)) for c in offs]
            sub_E.append(E[:, corner])
            sub_X.append(X[:, corner])
        new_groups.append((np.concatenate(sub_E), np.concatenate(sub_X)))
    origins = np.concatenate([origins + o * (h / 2) for o in offs])
    return new_groups, origins, np.concatenate([crit] * len(offs)), int(pts.shape[0])


def zero_temperature_surface(bands, b, nodes, n, energies, *, rtol, atol, max_points, progress, floor=0.0):
    """``sum_n int d^dk/(2pi)^d X_n delta(E_n - e)`` for each energy ``e`` (1D array), from the
    evaluated first grid ``nodes`` (grid-shaped, ``n`` cells per axis; not counted here).

    Returns an :class:`~.accuracy.Outcome` (values of shape ``(len(energies), C)``)."""
    d = b.shape[0]
    energies = np.asarray(energies, float)
    h0 = (b[:, 1] - b[:, 0]) / n
    C = nodes[0][1].shape[-1]
    history = []                                     # values per level, (M, C)
    for step in (4, 2):
        if n % step == 0 and n // step >= 2:
            sub, _ = _cells(nodes, n, step)
            v = _surface(sub, h0 * step, energies)[0]
            if np.all(np.isfinite(v)):                   # (a coarse cell on a band touching: not a level)
                history.append(v)
    groups, cell_idx = _cells(nodes, n)
    origins = b[:, 0] + cell_idx * h0
    # cells that may hide a band extremum: kept while their widened range reaches an energy
    crit = np.zeros(cell_idx.shape[0], bool)
    for E, _ in nodes:
        mask, _, _ = critical_cells(E, h0)
        crit |= mask.ravel()
    h = h0.copy()
    value = np.zeros((energies.size, C))
    error = np.full((energies.size, C), np.inf)
    mag = np.zeros((energies.size, C))
    active = np.ones(energies.size, bool)
    points, level = 0, 0
    while True:
        live = np.sort(energies[active])
        keep = np.zeros(origins.shape[0], bool)
        for Ec, _ in groups:
            lo, hi = Ec.min(axis=1), Ec.max(axis=1)
            keep |= _any_within(live, lo, hi)
            keep |= crit & _any_within(live, lo - (hi - lo), hi + (hi - lo), strict=False)
        groups = [(Ec[keep], Xc[keep]) for Ec, Xc in groups]
        origins, crit = origins[keep], crit[keep]
        for g, (Ec, Xc) in enumerate(groups):          # a band touching on the Fermi surface: singular
            bad = np.isnan(Xc).any(axis=(1, 2)) & _any_within(live, Ec.min(axis=1), Ec.max(axis=1))
            if bad.any():
                raise singular(origins[np.argmax(bad)], g, "in a cell the Fermi surface crosses")
        v, a = _surface(groups, h, energies[active])
        value[active], mag[active] = v, a
        history.append(np.where(active[:, None], value, np.nan))
        if len(history) >= 3:
            last = [hh[active] for hh in history[-3:]]
            err = 2 * np.maximum(np.abs(last[2] - last[1]), np.abs(last[1] - last[0]))
            error[active] = err + INTEGRAND_RTOL * mag[active]
        tol = tolerance(value, mag, rtol, atol, floor)
        done = np.all(error <= tol, axis=1)
        active &= ~done
        progress(f"kT = 0 Fermi surface: cells refined {level} times, {origins.shape[0]} cells", error, tol)
        if not active.any():
            return Outcome(value, error, mag, tuple(h), points, True)
        new_points = origins.shape[0] * (3 ** d - 2 ** d)
        if origins.shape[0] == 0 or points + new_points > max_points:
            if origins.shape[0] == 0:        # no cell reaches an energy: the surface is empty there
                error[active] = 0.0
                return Outcome(value, error, mag, tuple(h), points, True)
            reached = (f"kT = 0 Fermi surface refined {level} times ({points + (n + 1) ** d} k-points; the next "
                       f"level needs {new_points} more)")
            return Outcome(value, error, mag, tuple(h), points, False, reached)
        groups, origins, crit, added = _halve(bands, groups, origins, crit, h)
        points += added
        h = h / 2
        level += 1


