"""The uniform k-grid of a box: band and integrand evaluation in chunks (non-finite values
are errors), edge values, trapezoid weights and the check that Fermi surfaces stay inside."""

from __future__ import annotations

import numpy as np

from .accuracy import EDGE

__all__ = ["CHUNK", "box_array", "evaluate_grid", "evaluate_shell", "evaluate_points", "edge_values",
           "trapezoid_weights", "check_edges"]

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


def evaluate_shell(bands, b, n, previous, window):
    """The (n + 1)^d node grid evaluated only where some group's energy can come within
    ``window = (lo, hi)``: where the previous grid's cell around the node has corner energies
    within the window widened by that grid's largest step between neighbouring nodes. Elsewhere
    the integrand is 0 and the energy the previous grid's (on the correct side of the window).

    Returns the grid-shaped ``[(E, X), ...]`` and the number of nodes evaluated."""
    d = b.shape[0]
    n_prev = previous[0][0].shape[0] - 1
    relevant = np.zeros((n_prev,) * d, bool)
    for E, _ in previous:
        step = max(float(np.max(np.abs(np.diff(E, axis=a)))) for a in range(d))
        lo = hi = E[(slice(0, n_prev),) * d]
        for off in np.ndindex(*(2,) * d):
            corner = E[tuple(slice(o, o + n_prev) for o in off)]
            lo, hi = np.minimum(lo, corner), np.maximum(hi, corner)
        relevant |= (hi + step >= window[0]) & (lo - step <= window[1])
    # the previous cell of every new node, axis by axis
    cell = np.minimum(np.arange(n + 1) * n_prev // n, n_prev - 1)
    index = np.ix_(*(cell,) * d)
    mask = relevant[index]
    nodes = np.nonzero(mask)
    pts = np.stack([b[a, 0] + nodes[a] * (b[a, 1] - b[a, 0]) / n for a in range(d)], axis=1)
    values = evaluate_points(bands, pts) if pts.shape[0] else None
    nearest = np.ix_(*(np.rint(np.arange(n + 1) * n_prev / n).astype(int),) * d)   # edge nodes onto edge nodes
    out = []
    for g, (E_prev, X_prev) in enumerate(previous):
        E = E_prev[nearest]
        X = np.zeros((n + 1,) * d + (X_prev.shape[-1],))
        if values is not None:
            E[nodes], X[nodes] = values[g]
        out.append((E, X))
    return out, int(pts.shape[0])


def evaluate_points(bands, pts):
    """``[(energy (npts,), integrand (npts, ncomp)), ...]`` per group at the k-points ``pts``
    (npts, d), evaluated in chunks; a non-finite value is an error naming the group and k."""
    out = []
    for start in range(0, pts.shape[0], CHUNK):
        part = bands(*(pts[start:start + CHUNK, a] for a in range(pts.shape[1])))
        out.append([(np.asarray(E, float), np.asarray(X, float).reshape(np.shape(E)[0], -1)) for E, X in part])
    res = []
    for g in range(len(out[0])):
        E = np.concatenate([c[g][0] for c in out])
        X = np.concatenate([c[g][1] for c in out])
        bad = ~(np.isfinite(E) & np.all(np.isfinite(X), axis=1))
        if bad.any():
            at = ", ".join(f"{c:.6g}" for c in pts[int(np.argmax(bad))])
            raise ValueError(f"band group {g}: energy or integrand is not finite at k = ({at})")
        res.append((E, X))
    return res


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
