"""kT = 0: the linear simplex (triangle, tetrahedron) method. E and X are linear on each
simplex of a cell; the delta-function integral is the iso-line (iso-surface) measure times
the mean of X over it divided by |grad E|, and the step-function integral a two-point Gauss
rule in energy, exact for the piecewise-cubic slice integral."""

from __future__ import annotations

from itertools import permutations

import numpy as np

__all__ = ["templates", "slice_integral", "simplex_rule", "corner_offsets", "cells_surface"]


def templates(d):
    """Vertex offsets (in cells) of the simplices of a unit cell: 2 triangles, 6 tetrahedra."""
    out = []
    for p in permutations(range(d)):
        verts = [np.zeros(d, int)]
        for ax in p:
            nxt = verts[-1].copy()
            nxt[ax] = 1
            verts.append(nxt)
        out.append(np.array(verts))
    return out


def _simplex_data(E, X):
    """Per simplex of the grid: vertex energies (S, d+1), integrands (S, d+1, C) and the index
    of its template (the simplices of a cell are translates of the templates)."""
    d = E.ndim
    n = E.shape[0] - 1
    es, xs, ts = [], [], []
    for i, tmpl in enumerate(templates(d)):
        sl = [tuple(slice(o, o + n) for o in off) for off in tmpl]
        es.append(np.stack([E[s].ravel() for s in sl], axis=1))
        xs.append(np.stack([X[s].reshape(-1, X.shape[-1]) for s in sl], axis=1))
        ts.append(np.full(es[-1].shape[0], i))
    return np.concatenate(es), np.concatenate(xs), np.concatenate(ts)


def _cross(e, x, p, a, b, mu):
    """Point and integrand where E = mu on the edge (a, b) of each sorted simplex."""
    ea, eb = e[:, a], e[:, b]
    den = np.where(eb != ea, eb - ea, 1.0)
    t = np.clip((mu - ea) / den, 0.0, 1.0)
    return p[:, a] + t[:, None] * (p[:, b] - p[:, a]), x[:, a] + t[:, None] * (x[:, b] - x[:, a])


def _measure(points):
    """Length (2 points in 2D) or area (3 points in 3D) of the simplex spanned by points."""
    if len(points) == 2:
        return np.linalg.norm(points[1] - points[0], axis=-1)
    return 0.5 * np.linalg.norm(np.cross(points[1] - points[0], points[2] - points[0]), axis=-1)


def slice_integral(e, x, p, grad, mu):
    """int delta(E - mu) X over each simplex (linear E, X): the iso-set's measure times the mean
    of X over it, divided by |grad E|. ``e`` sorted ascending; ``mu`` one value per simplex."""
    d = p.shape[-1]
    count = np.sum(e < mu[:, None], axis=1)
    out = np.zeros((e.shape[0], x.shape[-1]))
    if d == 2:
        cases = {1: [[(0, 1), (0, 2)]], 2: [[(0, 2), (1, 2)]]}
    else:
        cases = {1: [[(0, 1), (0, 2), (0, 3)]], 3: [[(0, 3), (1, 3), (2, 3)]],
                 2: [[(0, 2), (0, 3), (1, 3)], [(0, 2), (1, 3), (1, 2)]]}
    for c, pieces in cases.items():
        sel = np.nonzero(count == c)[0]
        if sel.size == 0:
            continue
        for edges in pieces:
            pts = [_cross(e[sel], x[sel], p[sel], a, b, mu[sel]) for a, b in edges]
            size = _measure([q for q, _ in pts])
            mean = sum(v for _, v in pts) / len(pts)
            out[sel] += (size / grad[sel])[:, None] * mean
    return out


_GAUSS = (0.5 - 0.5 / np.sqrt(3.0), 0.5 + 0.5 / np.sqrt(3.0))


def _below_integral(e, x, p, grad, mu):
    """int Theta(mu - E) X over each simplex straddling mu: the slice integral is a polynomial
    of degree <= 3 in the energy between consecutive vertex energies, so two Gauss points per
    piece are exact."""
    out = np.zeros((e.shape[0], x.shape[-1]))
    for i in range(e.shape[1] - 1):
        lo, hi = e[:, i], np.minimum(e[:, i + 1], mu)
        width = np.clip(hi - lo, 0.0, None)
        live = np.nonzero(width > 0)[0]
        if live.size == 0:
            continue
        for g in _GAUSS:
            eps = lo[live] + g * width[live]
            out[live] += 0.5 * width[live, None] * slice_integral(e[live], x[live], p[live], grad[live], eps)
    return out


def simplex_rule(E, X, h, mu, form, theta):
    d = E.ndim
    e_all, x_all, tid = _simplex_data(E, X)
    volume = np.prod(h) / np.prod(np.arange(1, d + 1))
    full = volume * x_all.mean(axis=1)
    full_a = volume * np.abs(x_all).mean(axis=1)
    emin, emax = e_all.min(axis=1), e_all.max(axis=1)
    # the simplices that straddle some eF: sorted vertices, coordinates, |grad E|
    hit = np.zeros(emin.size, bool)
    for m in mu:
        hit |= (emin < m) & (emax > m)
    sub = np.nonzero(hit)[0]
    order = np.argsort(e_all[sub], axis=1, kind="stable")
    e = np.take_along_axis(e_all[sub], order, axis=1)
    x = np.take_along_axis(x_all[sub], order[..., None], axis=1)
    coords = np.array([t * h for t in templates(d)])[tid[sub]]
    p = np.take_along_axis(coords, order[..., None], axis=1)
    g = np.linalg.solve(p[:, 1:] - p[:, :1], (e[:, 1:] - e[:, :1])[..., None])[..., 0] if sub.size else np.zeros((0, d))
    grad = np.linalg.norm(g, axis=1)
    val = np.zeros((mu.size, x_all.shape[-1]))
    mag = np.zeros_like(val)
    if form != "surface":
        by_max, by_min = np.argsort(emax), np.argsort(emin)
        zero = np.zeros((1, x_all.shape[-1]))
        cum_max, cum_max_a = (np.vstack([zero, np.cumsum(a[by_max], axis=0)]) for a in (full, full_a))
        cum_min, cum_min_a = (np.vstack([zero, np.cumsum(a[by_min], axis=0)]) for a in (full, full_a))
    for i, m in enumerate(mu):
        live = np.nonzero((e[:, 0] < m) & (e[:, -1] > m))[0]
        at = np.full(live.size, m)
        args = (e[live], x[live], p[live], grad[live], at)
        args_a = (e[live], np.abs(x[live]), p[live], grad[live], at)
        if form == "surface":
            val[i], mag[i] = slice_integral(*args).sum(axis=0), slice_integral(*args_a).sum(axis=0)
            continue
        part, part_a = _below_integral(*args), _below_integral(*args_a)
        whole, whole_a = full[sub[live]], full_a[sub[live]]
        if theta[i] == 0.0:   # the occupied part: simplices wholly below, and the lower parts of the straddling
            k = np.searchsorted(emax[by_max], m, side="right")
            val[i] = cum_max[k] + part.sum(axis=0)
            mag[i] = cum_max_a[k] + part_a.sum(axis=0)
        else:                 # minus the empty part: simplices wholly above, and the upper parts of the straddling
            k = np.searchsorted(emin[by_min], m, side="left")
            val[i] = -(cum_min[-1] - cum_min[k]) - (whole - part).sum(axis=0)
            mag[i] = (cum_min_a[-1] - cum_min_a[k]) + (whole_a - part_a).sum(axis=0)
    return val, mag


def corner_offsets(d):
    return np.array(np.meshgrid(*[[0, 1]] * d, indexing="ij")).reshape(d, -1).T


def cells_surface(Ec, Xc, h, mu):
    """The simplex delta-integral on a set of cells: corner energies ``Ec`` (Nc, 2^d) and
    integrands ``Xc`` (Nc, 2^d, C) of cells with spacing ``h``; per eF (value, magnitude)."""
    d = h.size
    c = Xc.shape[-1]
    corners = {tuple(v): i for i, v in enumerate(corner_offsets(d))}
    out = np.zeros((mu.size, 2 * c))
    for tmpl in templates(d):
        idx = [corners[tuple(v)] for v in tmpl]
        e0 = Ec[:, idx]
        hit = np.zeros(e0.shape[0], bool)
        for m in mu:
            hit |= (e0.min(axis=1) < m) & (e0.max(axis=1) > m)
        e0 = e0[hit]
        x0 = Xc[hit][:, idx]
        x0 = np.concatenate([x0, np.abs(x0)], axis=-1)      # the integrand and its magnitude together
        # the gradient of the linear interpolant, from the template's fixed geometry (any vertex order)
        B = (tmpl[1:] - tmpl[:1]) * h
        grad = np.linalg.norm((e0[:, 1:] - e0[:, :1]) @ np.linalg.inv(B).T, axis=1)
        order = np.argsort(e0, axis=1, kind="stable")
        e = np.take_along_axis(e0, order, axis=1)
        x = np.take_along_axis(x0, order[..., None], axis=1)
        p = (tmpl * h)[order]
        for i, m in enumerate(mu):
            live = np.nonzero((e[:, 0] < m) & (e[:, -1] > m))[0]
            out[i] += slice_integral(e[live], x[live], p[live], grad[live], np.full(live.size, m)).sum(axis=0)
    return out[:, :c], out[:, c:]
