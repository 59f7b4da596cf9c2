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
    level, until two levels agree; cells it does not cross contribute nothing."""
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
    previous = None
    level = 0
    while True:
        keep = _straddling([Ec for Ec, _ in groups], mu_sorted)
        groups = [(Ec[keep], Xc[keep]) for Ec, Xc in groups]
        origins = origins[keep]
        value, mag = (sum(r) / (2 * np.pi) ** d for r in zip(*(cells_surface(Ec, Xc, h, mu) for Ec, Xc in groups)))
        if previous is not None:
            error = np.abs(value - previous)
            tol = tolerance(value, mag, rtol, atol)
            converged = bool(np.all(error <= tol))
            report(progress, f"Fermi-surface cells refined {level} times ({origins.shape[0]} cells)", error, tol)
            new_points = origins.shape[0] * 3 ** d
            if converged or points + new_points > max_points:
                if not converged:
                    warn_not_converged(rtol, f"{level} refinements, {points} k-points", error, value)
                return value, error, mag, tuple(h), points, converged
        previous = value
        # halve every kept cell: evaluate its 3^d half-step nodes
        half = np.array(np.meshgrid(*[[0, 1, 2]] * d, indexing="ij")).reshape(d, -1).T
        pts = (origins[:, None, :] + half[None] * (h / 2)).reshape(-1, d)
        if pts.shape[0] == 0:
            return value, np.zeros_like(value), mag, tuple(h), points, True
        vals = evaluate_points(bands, pts)
        points += pts.shape[0]
        new_groups = []
        for E, X in vals:
            E = E.reshape(-1, len(half))
            X = X.reshape(E.shape[0], len(half), -1)
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
