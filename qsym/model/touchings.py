"""Where the band groups of a user model touch (:mod:`qsym.model`): found on a grid of the
k-box and zoomed on, against the points the model states (``Model.touchings``). At a touching the
geometry is singular: the generated kernels refuse there, and :mod:`qsym.model.responses` leaves such
points out only where its thermal weight vanishes."""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..checks import CheckResult
from ..derivation import Derivation
from .spec import Model
from .zone import is_lattice, reciprocal_vectors

__all__ = ["hamiltonian_batch", "touching_check"]


def hamiltonian_batch(model: Model):
    """H at many points: ``f(k (npts, d), parameter values) -> (npts, n, n)``, each entry
    lambdified on its own and broadcast (constant entries included)."""
    H = sp.Matrix(model.hamiltonian)
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    n = H.shape[0]
    entries = [[sp.lambdify(syms, H[i, j], "numpy") for j in range(n)] for i in range(n)]

    def f(k, args_p):
        out = np.empty((k.shape[0], n, n), complex)
        for i in range(n):
            for j in range(n):
                out[:, i, j] = np.broadcast_to(entries[i][j](*k.T, *args_p), (k.shape[0],))
        return out
    return f


def _gaps(model: Model, groups: dict, h, k: np.ndarray, args_p) -> np.ndarray:
    """Smallest distance between neighbouring band groups at the k-points ``k`` (npts, d)."""
    e = np.linalg.eigvalsh(h(k, args_p))
    order = sorted(groups.values(), key=lambda idx: idx[0])
    return np.min([e[:, b[0]] - e[:, a[-1]] for a, b in zip(order, order[1:])], axis=0)


def touching_check(d: Derivation, model: Model, groups: dict) -> CheckResult:
    """The band groups touch inside the box (a lattice model: in the Brillouin zone, modulo
    reciprocal vectors) exactly where ``model.touchings`` says: the gap between neighbouring
    groups on a grid of the box or the reduced cell (257^2, 41^3), its 30 smallest local
    minima zoomed on (four times, ten times finer each: a conical touching is pinned to
    ~1e-5 of the box), against the stated points; numpy eigvalsh of H (not the kernels)."""
    h = hamiltonian_batch(model)
    args_p = [p.value for p in model.used_parameters]
    dim = len(model.momenta)
    n = 257 if dim == 2 else 41
    if is_lattice(model):     # reduced coordinates u, periodic: k = u B, distances modulo 1
        B = reciprocal_vectors(model)
        K, to_k, axes = 0.5, (lambda u: u @ B), [np.arange(n - 1) / (n - 1) - 0.5 + 1e-3 * (a + 1) / 7 / n
                                                   for a in range(dim)]
        apart = lambda u, v: float(np.linalg.norm((u - v + 0.5) % 1.0 - 0.5))  # noqa: E731
        to_u = lambda k: k @ np.linalg.inv(B)  # noqa: E731
        where = "in the Brillouin zone"
    else:
        K, to_k, to_u = model.k_max, (lambda u: u), (lambda k: k)
        axes = [np.linspace(-K, K, n) * (1 - 1e-3 * (a + 1) / 7) for a in range(dim)]   # no node on round fractions
        apart = lambda u, v: float(np.linalg.norm(u - v))  # noqa: E731
        where = "inside the box"
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, dim)
    gap = _gaps(model, groups, h, to_k(grid), args_p).reshape((axes[0].size,) * dim)
    scale = float(np.median(gap)) or 1.0
    interior = np.ones(gap.shape, bool)
    for a in range(dim):
        for s in (-1, 1):
            interior &= gap <= np.roll(gap, s, axis=a)
    cand = np.argwhere(interior)
    cand = cand[np.argsort(gap[tuple(cand.T)])][:30]
    found = []
    for idx in cand:
        centre, step = np.array([axes[a][i] for a, i in enumerate(idx)]), axes[0][1] - axes[0][0]
        for _ in range(4):
            local = np.stack(np.meshgrid(*[centre[a] + step * np.linspace(-1, 1, 21) for a in range(dim)],
                                         indexing="ij"), -1).reshape(-1, dim)
            g = _gaps(model, groups, h, to_k(local), args_p)
            centre, step = local[np.argmin(g)], step / 10
        if float(np.min(g)) < 1e-6 * scale and (is_lattice(model) or np.all(np.abs(centre) <= K)):
            if not any(apart(centre, f) < 1e-3 * K for f in found):
                found.append(centre)
    values = {p.symbol: p.value for p in model.used_parameters}
    stated = [to_u(np.array([float(sp.sympify(c).subs(values)) for c in pt])) for pt in model.touchings]
    inside = [pt for pt in stated if is_lattice(model) or np.all(np.abs(pt) <= K)]
    unexpected = [to_k(f) for f in found if not any(apart(f, pt) < 1e-3 * K for pt in inside)]
    gaps_at = [float(_gaps(model, groups, h, to_k(pt)[None, :], args_p)[0]) for pt in inside]
    missing = [to_k(pt) for pt, g in zip(inside, gaps_at) if not g < 1e-9 * scale]
    fmt = lambda pt: "(" + ", ".join(f"{c:.4g}" for c in pt) + ")"  # noqa: E731
    detail = f"{len(found)} touching(s) found {where}, {len(inside)} stated there"
    if unexpected:
        detail += ("; the bands also touch at k = " + ", ".join(fmt(f) for f in unexpected)
                   + f" [{model.length_unit}^-1]: the geometry is singular there (state it in Model(touchings=...) "
                   "if it belongs to the model)")
    if missing:
        detail += "; no touching at the stated " + ", ".join(fmt(pt) for pt in missing)
    worst = max([0.0] + [float(_gaps(model, groups, h, f[None, :], args_p)[0]) for f in unexpected]
                + [g for g in gaps_at if not g < 1e-9 * scale])
    return CheckResult(not unexpected and not missing, "numeric", worst, detail)
