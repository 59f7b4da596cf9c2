"""Fixed composite Gauss-Legendre rules: on [0, 1], on [0, inf) with a mapped tail, and
breakpoints spread geometrically over an integrand's scales."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["gauss_legendre", "check_breakpoints", "radial_rule", "geometric_fill"]


@lru_cache(maxsize=None)
def gauss_legendre(order: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [0, 1] (read-only arrays)."""
    x, w = np.polynomial.legendre.leggauss(order)
    x = 0.5 * (x + 1.0)
    w = 0.5 * w
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


def check_breakpoints(breakpoints) -> np.ndarray:
    """``breakpoints`` as a float array, refused unless finite and >= 0."""
    b = np.asarray(breakpoints, dtype=float)
    if np.any(b < 0) or not np.all(np.isfinite(b)):
        raise ValueError("radial_rule: breakpoints must be finite and >= 0")
    return b


def radial_rule(breakpoints, order: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Composite Gauss-Legendre rule for integrals over k in [0, inf).

    Parameters
    ----------
    breakpoints : array_like, shape (..., n)
        Positive panel boundaries, in any order; repeated values give empty panels. The
        panels are [0, b_1], [b_1, b_2], ..., [b_{n-1}, b_n] and a tail [b_n, inf) mapped to
        u in (0, 1] by k = b_n / u, which integrates power-law tails k^{-p}, p >= 2, with a
        smooth integrand u^{p-2}.
    order : int
        Gauss-Legendre points per panel.

    Returns
    -------
    nodes, weights : numpy.ndarray, shape (..., (n + 1) * order)
        ``sum(weights * g(nodes), axis=-1)`` approximates the integral of g over [0, inf).
    """
    b = np.sort(check_breakpoints(breakpoints), axis=-1)
    x, w = gauss_legendre(order)
    lower = np.concatenate([np.zeros_like(b[..., :1]), b[..., :-1]], axis=-1)
    width = b - lower
    finite_nodes = lower[..., :, None] + width[..., :, None] * x
    finite_weights = width[..., :, None] * w
    top = b[..., -1:]
    # Tail: k = top / u, dk = top / u^2 du. A zero top (all breakpoints at 0) would make the
    # tail the whole integral with no scale; callers always include a positive scale.
    tail_nodes = top / x
    tail_weights = top * w / x**2
    shape = b.shape[:-1] + (-1,)
    nodes = np.concatenate([finite_nodes.reshape(shape), tail_nodes], axis=-1)
    weights = np.concatenate([finite_weights.reshape(shape), tail_weights], axis=-1)
    return nodes, weights


#: Scales are clipped to this window (in the integrand's own unit of k): beyond it nothing
#: physical is resolved, and a rational integrand of degree ~16 in k overflows double
#: precision near k ~ 1e19 (the mapped tail samples up to ~300 x the top breakpoint).
SCALE_WINDOW = (1e-15, 1e15)
#: Fewest points per decade of the covered span: 20 points cover the 3-4 decades of
#: typical scales; a wider span (say a disorder scale far from the band's) gets more.
MIN_PER_DECADE = 5


def geometric_fill(scales, count: int = 10, spread: float = 4.0) -> np.ndarray:
    """Geometrically spaced breakpoints covering the momentum scales of an integrand.

    Parameters
    ----------
    scales : array_like, shape (..., m)
        Characteristic scales (e.g. |M|/A, sqrt(|M/B|), A/|B| for a BHZ band); zero or
        non-finite entries (a scale that is absent for these parameters) are ignored, and
        at least one must be positive. Scales are clipped to :data:`SCALE_WINDOW`.
    count : int
        Fewest points returned; more where the span is wider than ``count /
        MIN_PER_DECADE`` decades anywhere on the grid (the same number at every grid point).
    spread : float
        The points run from ``min(scales) / spread`` to ``max(scales) * spread``.

    Returns
    -------
    numpy.ndarray, shape (..., n) with n >= count
    """
    s = np.asarray(scales, dtype=float)
    s = np.where(np.isfinite(s) & (s > 0), np.clip(s, *SCALE_WINDOW), np.nan)
    with np.errstate(invalid="ignore"):
        lo = np.log(np.nanmin(s, axis=-1, keepdims=True) / spread)
        hi = np.log(np.nanmax(s, axis=-1, keepdims=True) * spread)
    decades = float(np.max(hi - lo, initial=0.0)) / np.log(10.0)
    t = np.linspace(0.0, 1.0, max(count, int(np.ceil(MIN_PER_DECADE * decades))))
    return np.exp(lo + (hi - lo) * t)
