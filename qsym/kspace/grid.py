"""The uniform k-grid of a box: band and integrand evaluation in chunks (non-finite values
are errors), edge values, trapezoid weights, the check that Fermi surfaces stay inside, and
the energies near which the Fermi surface changes shape (critical points of the bands)."""

from __future__ import annotations

import numpy as np

from .accuracy import EDGE

__all__ = ["CHUNK", "box_array", "evaluate_grid", "evaluate_points", "edge_values", "trapezoid_weights",
           "check_edges", "critical_cells", "critical_intervals", "distance_to_critical", "singular"]

#: k-points evaluated per call of the band function.
CHUNK = 1 << 18


def box_array(box, dim):
    if np.ndim(box) == 0:
        K = float(box)
        if not np.isfinite(K) or K <= 0:
            raise ValueError(f"box must be a positive half-width K (the cube [-K, K]^d) [length^-1]; got {box!r}")
        if dim not in (2, 3):
            raise ValueError(f"dim must be 2 or 3; got {dim!r}")
        return np.array([[-K, K]] * dim, float)
    b = np.asarray(box, float)
    if b.ndim != 2 or b.shape[1] != 2 or b.shape[0] not in (2, 3) or not np.all(np.isfinite(b)) \
            or np.any(b[:, 1] <= b[:, 0]):
        raise ValueError(f"box must be ((lo, hi), ...) with lo < hi for 2 or 3 axes [length^-1]; got {box!r}")
    return b


def evaluate_grid(bands, b, n):
    """Energies and integrands of every group on the (n + 1)^d node grid, grid-shaped."""
    d = b.shape[0]
    axes = [np.linspace(lo, hi, n + 1) for lo, hi in b]
    pts = np.stack([m.ravel() for m in np.meshgrid(*axes, indexing="ij")], axis=1)
    return [(E.reshape((n + 1,) * d), X.reshape((n + 1,) * d + (X.shape[1],))) for E, X in evaluate_points(bands, pts)]


def evaluate_points(bands, pts):
    """``[(energy (npts,), integrand (npts, ncomp)), ...]`` per group at the k-points ``pts``
    (npts, d), evaluated in chunks. A non-finite value is an error naming the group and k,
    except that a band function with ``bands.touchings = True`` may return a NaN integrand at
    a band touching (where the integrand is undefined), which the rules accept only where their
    weight vanishes (:func:`singular`)."""
    nan_ok = bool(getattr(bands, "touchings", False))
    out = []
    for start in range(0, pts.shape[0], CHUNK):
        part = bands(*(pts[start:start + CHUNK, a] for a in range(pts.shape[1])))
        out.append([(np.asarray(E, float), np.asarray(X, float).reshape(np.shape(E)[0], -1)) for E, X in part])
    res = []
    for g in range(len(out[0])):
        E = np.concatenate([c[g][0] for c in out])
        X = np.concatenate([c[g][1] for c in out])
        bad = ~np.isfinite(E) | (np.any(np.isinf(X), axis=1) if nan_ok else ~np.all(np.isfinite(X), axis=1))
        if bad.any():
            at = ", ".join(f"{c:.6g}" for c in pts[int(np.argmax(bad))])
            raise ValueError(f"band group {g}: energy or integrand is not finite at k = ({at})")
        res.append((E, X))
    return res


def singular(k, group: int, near: str) -> ValueError:
    """The error for a point where the integrand is undefined (NaN) but needed."""
    at = ", ".join(f"{c:.6g}" for c in k)
    return ValueError(f"band group {group} touches another band at k = ({at}) [1/length], {near}: the integrand is "
                      "singular there. Choose Fermi energies away from the touching energy, or a box without it")


def edge_values(a):
    """The values of a grid-shaped array on the box's faces."""
    d = a.ndim if a.ndim in (2, 3) else 2
    faces = []
    for ax in range(d):
        faces += [np.take(a, 0, axis=ax).ravel(), np.take(a, -1, axis=ax).ravel()]
    return np.concatenate(faces)


def trapezoid_weights(shape):
    w = np.ones(shape)
    for ax in range(len(shape)):
        for end in (0, -1):
            idx = [slice(None)] * len(shape)
            idx[ax] = end
            w[tuple(idx)] *= 0.5
    return w


def check_edges(nodes, b, mu, T) -> None:
    """Refuse Fermi energies whose Fermi surface comes within EDGE kT of the box's edge."""
    for g, (E, _) in enumerate(nodes):
        edge = edge_values(E)
        for m, t in zip(np.ravel(mu), np.ravel(T)):
            reach = EDGE * t
            if np.any(np.abs(edge - m) <= reach) or (edge.min() < m < edge.max()):
                raise ValueError(f"band group {g} has states within {reach:g} of eF = {m:g} on the edge of the k-box "
                                 f"{b.tolist()}: its Fermi surface reaches the edge. Enlarge the box.")


def _cell_range(a):
    """Smallest and largest corner value of every cell of a grid-shaped array."""
    d, n = a.ndim, a.shape[0] - 1
    lo = hi = a[(slice(0, n),) * d]
    for off in np.ndindex(*(2,) * d):
        corner = a[tuple(slice(o, o + n) for o in off)]
        lo, hi = np.minimum(lo, corner), np.maximum(hi, corner)
    return lo, hi


def critical_cells(E, h):
    """Cells that may hold a critical point of the band ``E`` (grid-shaped): each component of
    the central-difference gradient takes both signs among the corners. Returns the mask
    (n,)*d and the cells' corner energy ranges ``(lo, hi)``."""
    d, n = E.ndim, E.shape[0] - 1
    changes = np.ones((n,) * d, bool)
    for g in np.gradient(E, *h):
        lo, hi = _cell_range(g)
        changes &= (lo <= 0) & (hi >= 0)
    lo, hi = _cell_range(E)
    return changes, lo, hi


def _widened(E, mask, lo, hi):
    """Corner ranges of the flagged cells widened by the largest spread among each cell and its
    neighbours (an extremum inside a cell lies beyond its corners by less: for E = a k^2 with
    the minimum at a cell's centre, a h^2/2 against a neighbour's spread of 2 a h^2)."""
    spread = np.pad(hi - lo, 1, mode="edge")
    d, n = E.ndim, lo.shape[0]
    widest = np.zeros_like(lo)
    for off in np.ndindex(*(3,) * d):
        widest = np.maximum(widest, spread[tuple(slice(o, o + n) for o in off)])
    return lo[mask] - widest[mask], hi[mask] + widest[mask]


def _energies(bands, pts):
    """The groups' energies at ``pts``: ``bands.energies`` where the band function has it (no
    integrands computed), else from ``bands``."""
    fn = getattr(bands, "energies", None)
    if fn is None:
        return [E for E, _ in evaluate_points(bands, pts)]
    out = []
    for start in range(0, pts.shape[0], CHUNK):
        out.append(fn(*(pts[start:start + CHUNK, a] for a in range(pts.shape[1]))))
    return [np.concatenate([np.asarray(c[g], float) for c in out]) for g in range(len(out[0]))]


def critical_intervals(bands, b, nodes, *, zooms: int = 3, sub: int = 8, most: int = 4096) -> np.ndarray:
    """Energy intervals ``(lo, hi)`` that contain every critical value of the bands: the cells
    of :func:`critical_cells` on the grid ``nodes``, then ``zooms`` times each flagged cell
    (with its neighbours) on a local grid ``sub`` times finer, keeping the flagged cells there,
    while there are at most ``most`` of them. Band extrema, saddle points, rings of minima and
    conical touchings all show up; near them Fermi-surface integrals are not smooth in the
    energy."""
    d = b.shape[0]
    n = nodes[0][0].shape[0] - 1
    h = (b[:, 1] - b[:, 0]) / n
    out = []
    for g, (E, _) in enumerate(nodes):
        mask, lo, hi = critical_cells(E, h)
        if not mask.any():
            continue
        boxes = b[:, 0] + np.argwhere(mask) * h            # lower corners of the flagged cells
        size = h.copy()
        elo, ehi = _widened(E, mask, lo, hi)
        for _ in range(zooms):
            if boxes.shape[0] * (2 * sub + 1) ** d > most * 100:
                break
            # each flagged cell with its neighbours, on a local grid: 2 sub cells per old cell
            m = 3 * sub
            step = size / sub
            axes = np.arange(m + 1)
            local = np.stack(np.meshgrid(*[axes] * d, indexing="ij"), -1).reshape(-1, d)
            pts = (boxes[:, None, :] - size + local[None] * step).reshape(-1, d)
            Eb = _energies(bands, pts)[g].reshape((boxes.shape[0],) + (m + 1,) * d)
            new_boxes, los, his = [], [], []
            for i in range(boxes.shape[0]):
                mk, l_, h_ = critical_cells(Eb[i], step)
                if mk.any():
                    a, c = _widened(Eb[i], mk, l_, h_)
                    los.append(a)
                    his.append(c)
                    new_boxes.append(boxes[i] - size + np.argwhere(mk) * step)
            if not new_boxes:
                break
            cand = np.concatenate(new_boxes)
            if cand.shape[0] > most:
                break
            # neighbouring boxes overlap: keep each flagged cell once
            _, first = np.unique(np.round((cand - b[:, 0]) / step).astype(np.int64), axis=0, return_index=True)
            boxes, size = cand[np.sort(first)], step
            elo, ehi = np.concatenate(los), np.concatenate(his)
        out.append(np.stack([elo, ehi], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2))


def distance_to_critical(intervals, mu) -> np.ndarray:
    """Distance from each energy in ``mu`` to the nearest interval (0 inside one; inf if none)."""
    mu = np.asarray(mu, float)
    if intervals.shape[0] == 0:
        return np.full(mu.shape, np.inf)
    lo, hi = intervals[:, 0], intervals[:, 1]
    gap = np.maximum(lo[None, :] - mu.ravel()[:, None], mu.ravel()[:, None] - hi[None, :])
    return np.maximum(gap, 0.0).min(axis=1).reshape(mu.shape)
