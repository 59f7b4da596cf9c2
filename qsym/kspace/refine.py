"""kT = 0 Fermi-surface integrals on refined cells: the cells the Fermi surface crosses are
halved level by level until two levels agree; the others contribute nothing."""

from __future__ import annotations

import numpy as np

from .accuracy import report, tolerance, warn_not_converged
from .grid import check_edges, evaluate_grid, evaluate_points
from .simplex import cells_surface, corner_offsets

__all__ = ["refined_surface"]


def _straddling(Ec_groups, mu_sorted):
    """Cells whose corner energies enclose some eF, in some group."""
    keep = np.zeros(Ec_groups[0].shape[0], bool)
    for Ec in Ec_groups:
        lo = np.searchsorted(mu_sorted, Ec.min(axis=1), side="right")
        hi = np.searchsorted(mu_sorted, Ec.max(axis=1), side="left")
        keep |= lo < hi
    return keep


def refined_surface(bands, b, n, mu, *, rtol, atol, max_points, progress):
    """T = 0 Fermi-surface integrals: the cells the Fermi surface crosses are halved, level by
    level, until the last two differences between levels meet the tolerance; cells it does not
    cross contribute nothing."""
    d = b.shape[0]
    h = (b[:, 1] - b[:, 0]) / n
    nodes = evaluate_grid(bands, b, n)
    check_edges(nodes, b, mu, np.zeros_like(mu))
    offs = corner_offsets(d)
    cell_idx = np.array(np.meshgrid(*[np.arange(n)] * d, indexing="ij")).reshape(d, -1).T
    origins = b[:, 0] + cell_idx * h
    groups = []
    for E, X in nodes:
        Ec = np.stack([E[tuple((cell_idx + o).T)] for o in offs], axis=1)
        Xc = np.stack([X[tuple((cell_idx + o).T)] for o in offs], axis=1)
        groups.append((Ec, Xc))
    mu_sorted = np.sort(mu)
    points = (n + 1) ** d
    history = []
    level = 0
    while True:
        keep = _straddling([Ec for Ec, _ in groups], mu_sorted)
        groups = [(Ec[keep], Xc[keep]) for Ec, Xc in groups]
        origins = origins[keep]
        value, mag = (sum(r) / (2 * np.pi) ** d for r in zip(*(cells_surface(Ec, Xc, h, mu) for Ec, Xc in groups)))
        history.append(value)
        if len(history) >= 3:
            # the h^2 convergence of the simplex method is irregular (the grid crosses the Fermi
            # surface differently at each level): twice the larger of the last two differences
            error = 2 * np.maximum(np.abs(value - history[-2]), np.abs(history[-2] - history[-3]))
            tol = tolerance(value, mag, rtol, atol)
            converged = bool(np.all(error <= tol))
            report(progress, f"Fermi-surface cells refined {level} times ({origins.shape[0]} cells)", error, tol)
            new_points = origins.shape[0] * (3 ** d - 2 ** d)
            if converged or points + new_points > max_points:
                if not converged:
                    warn_not_converged(rtol, f"{level} refinements, {points} k-points", error, value)
                return value, error, mag, tuple(h), points, converged
        # halve every kept cell: its 3^d half-step nodes, of which the 2^d corners are known
        half = np.array(np.meshgrid(*[[0, 1, 2]] * d, indexing="ij")).reshape(d, -1).T
        known = np.all(half % 2 == 0, axis=1)
        pts = (origins[:, None, :] + half[None, ~known] * (h / 2)).reshape(-1, d)
        if origins.shape[0] == 0:
            return value, np.zeros_like(value), mag, tuple(h), points, True
        vals = evaluate_points(bands, pts)
        points += pts.shape[0]
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
        groups = new_groups
        h = h / 2
        level += 1
