"""Runtime of phase integrals ``F(x) = int_0^inf exp(i x e^2) g(e) de`` (x >= 0): the
rotated-contour rule, its Chebyshev tables, and the three-regime evaluation."""

from __future__ import annotations

import numpy as np

from .quadrature import gauss_legendre

__all__ = ["sector_rule", "sector_sum", "chebyshev_table", "chebyshev_evaluate", "evaluate"]


def sector_rule(weight, edges, order: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Fixed rule for ``F(x) = int_0^inf exp(i x e^2) g(e) de`` on the rotated contour.

    With ``e = w t``, ``w = exp(i pi/4)``, ``F(x) = w int_0^inf exp(-x t^2) g(w t) dt``: no
    oscillation, and the same nodes serve every ``x`` (``F`` becomes a sum of decaying
    exponentials in ``x``). Valid when ``g`` is analytic in ``0 <= arg e <= pi/4`` and decays
    there.

    Parameters
    ----------
    weight : callable
        ``g`` as a NumPy function of a complex array.
    edges : sequence of float
        Panel edges in ``t`` (composite Gauss-Legendre, ``order`` points per panel).

    Returns
    -------
    (t2, c) : numpy.ndarray
        Squared nodes and complex coefficients: ``F(x) = sum_j c_j exp(-x t2_j)``.
    """
    x, w = gauss_legendre(order)
    edges = np.asarray(edges, dtype=float)
    width = np.diff(edges)
    t = (edges[:-1, None] + width[:, None] * x[None, :]).ravel()
    wt = (width[:, None] * w[None, :]).ravel()
    rot = np.exp(0.25j * np.pi)
    t2, c = t * t, wt * rot * weight(rot * t)
    t2.setflags(write=False)
    c.setflags(write=False)
    return t2, c


def chebyshev_table(function, lower: float, upper: float, pieces: int, degree: int):
    """Piecewise Chebyshev interpolant of ``function`` on geometric pieces of [lower, upper].

    Returns ``(edges, coefficients)`` for :func:`chebyshev_evaluate`; ``coefficients`` has
    shape ``(pieces, degree + 1)``. The interpolation nodes are the Chebyshev points of the
    first kind (coefficients by the discrete cosine sums), so the table is deterministic.
    """
    edges = np.geomspace(lower, upper, pieces + 1)
    j = np.arange(degree + 1)
    nodes = np.cos(np.pi * (j + 0.5) / (degree + 1))
    basis = np.cos(np.pi * np.outer(j, j + 0.5) / (degree + 1)) * (2.0 / (degree + 1))
    basis[0] *= 0.5
    coefs = []
    for a, b in zip(edges[:-1], edges[1:]):
        values = function(0.5 * (a + b) + 0.5 * (b - a) * nodes)
        coefs.append(basis @ values)
    coefs = np.array(coefs)
    edges.setflags(write=False)
    coefs.setflags(write=False)
    return edges, coefs


def chebyshev_evaluate(x: np.ndarray, table) -> np.ndarray:
    """Evaluate a :func:`chebyshev_table` at points ``x`` inside its range (Clenshaw)."""
    edges, coefs = table
    piece = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(coefs) - 1)
    out = np.empty(x.shape, dtype=coefs.dtype)
    for i in np.unique(piece):
        sel = piece == i
        a, b = edges[i], edges[i + 1]
        t = (2.0 * x[sel] - (a + b)) / (b - a)
        c = coefs[i]
        b1 = np.zeros(t.shape, dtype=c.dtype)
        b2 = np.zeros(t.shape, dtype=c.dtype)
        for ck in c[:0:-1]:
            b1, b2 = 2.0 * t * b1 - b2 + ck, b1
        out[sel] = t * b1 - b2 + c[0]
    return out


def sector_sum(x, rule, block: int = 4096) -> np.ndarray:
    """``sum_j c_j exp(-x t2_j)`` for a :func:`sector_rule` ``(t2, c)``, in blocks."""
    x = np.asarray(x, dtype=float)
    flat = x.reshape(-1)
    t2, c = rule
    out = np.empty(flat.shape, dtype=complex)
    for start in range(0, flat.size, block):
        out[start:start + block] = np.exp(-np.multiply.outer(flat[start:start + block], t2)) @ c
    return out.reshape(x.shape)


def evaluate(x, series, series_below: float, asymptotic, asymptotic_above: float, table) -> np.ndarray:
    """Complex ``F(x) = int_0^inf exp(i x e^2) g(e) de`` for ``x >= 0``, vectorized.

    Three regions: the small-``x`` series ``sum_n series[n] x^n`` (Horner) below
    ``series_below``; in between, a piecewise Chebyshev table of the rotated-contour rule
    (:func:`sector_rule`, :func:`sector_sum`, :func:`chebyshev_table`); the large-``x``
    expansion ``x^{-1/2} sum_m asymptotic[m] x^{-m}`` from ``asymptotic_above`` on. Each
    point is evaluated by its own region only.
    """
    x = np.asarray(x, dtype=float)
    flat = x.reshape(-1)
    out = np.empty(flat.shape, dtype=complex)
    small = flat < series_below
    large = flat >= asymptotic_above
    middle = ~(small | large)
    if small.any():
        xs = flat[small]
        acc = np.full(xs.shape, series[-1], dtype=complex)
        for coef in series[-2::-1]:
            acc = acc * xs + coef
        out[small] = acc
    if large.any():
        xl = flat[large]
        y = 1.0 / xl
        acc = np.full(xl.shape, asymptotic[-1], dtype=complex)
        for coef in asymptotic[-2::-1]:
            acc = acc * y + coef
        out[large] = acc * np.sqrt(y)
    if middle.any():
        out[middle] = chebyshev_evaluate(flat[middle], table)
    return out.reshape(x.shape)
