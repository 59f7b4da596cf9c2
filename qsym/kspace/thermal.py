r"""Smooth weights for the k-grids, and the sums over nodes that use them.

Two kinds of weight stand in for :math:`-\partial_E f` (and ``f`` for the Fermi-sea form):

* :func:`fermi`: the Fermi function itself at temperature kT; exact.
* :func:`hermite` (Methfessel and Paxton, PRB 40, 3616 (1989)): a Gaussian of width ``sigma``
  times even Hermite polynomials, :math:`K(x) = \sigma^{-1}\sum_{n<N} a_n H_{2n}(u)\,e^{-u^2}/\sqrt\pi`
  with :math:`u = x/\sigma`, whose even moments up to order 2N - 2 equal those of
  :math:`-\partial_E f` at the target kT (0 included): for a Fermi-surface integral S(E)
  analytic within a distance delta of eF it reproduces the thermal average to
  O((sigma/delta)^2N), while its width can be many kT, so grids resolve it cheaply. Its
  occupation is :math:`\int_x^\infty K = a_0\,{\rm erfc}(u)/2 + \sum_{n\ge1} a_n H_{2n-1}(u)\,e^{-u^2}/\sqrt\pi`.

The moments of :math:`-\partial_E f` are :math:`(k_BT)^{2k}(2^{2k}-2)\pi^{2k}|B_{2k}|`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import factorial

import numpy as np
from scipy.special import bernoulli, erfc, eval_hermite

from .accuracy import CUTOFF, EDGE

__all__ = ["Weight", "fermi", "hermite", "windows", "thermal_rule", "fermi_moment"]


@dataclass(frozen=True)
class Weight:
    """A smooth delta function of width ``scale`` [energy], negligible (below e^-40 of its
    integral) beyond ``reach`` from eF; a grid resolves it when neighbouring nodes in its
    window differ by at most ``resolved`` in energy. ``coeffs`` are the Hermite coefficients
    (empty for the Fermi function)."""

    kind: str
    kT: float
    scale: float
    coeffs: tuple = ()

    @property
    def reach(self) -> float:
        return (CUTOFF if self.kind == "fermi" else 9.0) * self.scale

    def beyond(self, distance: float) -> tuple[float, float]:
        """Bounds of the weight at ``distance`` and beyond from eF (where the rule drops it,
        for distance >= reach): the largest |window| and the largest distance of the occupation
        from 0 or 1 there (both fall monotonically beyond the reach)."""
        x = np.array([distance])
        window = float(np.abs(self.window(x))[0])
        occ = float(max(abs(self.occupation(x)[0]), abs(1 - self.occupation(-x)[0])))
        return window, occ

    @property
    def singular_reach(self) -> float:
        """How far from eF a point where the integrand is undefined (a band touching) spoils
        the integral: EDGE kT for the Fermi function (its weight there is e^-30, as at the
        box's edge), the reach of a Hermite weight."""
        return EDGE * self.kT if self.kind == "fermi" else self.reach

    @property
    def resolved(self) -> float:
        # the first grid that counts: its trapezoid error of the weight alone is ~7% (Fermi: 4 kT
        # between neighbours, exp(-2 pi^2 kT/(h v)) x 2 pi^2 kT/(h v) = 0.07) or ~5% (Hermite:
        # sigma, exp(-(pi sigma/h v)^2) (pi sigma/h v)^6), already the leading Poisson term;
        # the next two grids bring it to 1e-3 and 5e-8 (Fermi) or to 1e-12 and below (Hermite)
        return (4.0 if self.kind == "fermi" else 1.0) * self.scale

    def window(self, x):
        """The weight at x = E - eF [1/energy]."""
        if self.kind == "fermi":
            e = np.exp(-np.abs(x) / self.kT)
            return e / (self.kT * (1.0 + e) ** 2)
        u = x / self.scale
        g = np.exp(-u * u) / np.sqrt(np.pi)
        return sum(a * eval_hermite(2 * n, u) for n, a in enumerate(self.coeffs)) * g / self.scale

    def occupation(self, x):
        """Its integral from x to infinity (the occupation f at x = E - eF)."""
        if self.kind == "fermi":
            e = np.exp(-np.abs(x) / self.kT)
            return np.where(x > 0, e / (1.0 + e), 1.0 / (1.0 + e))
        u = x / self.scale
        g = np.exp(-u * u) / np.sqrt(np.pi)
        out = self.coeffs[0] * 0.5 * erfc(u)
        for n, a in enumerate(self.coeffs[1:], start=1):
            out = out + a * eval_hermite(2 * n - 1, u) * g
        return out


def _hermite_table(u, top: int) -> list:
    """H_0(u) ... H_top(u) (physicists' Hermite polynomials) by their recurrence."""
    H = [np.ones_like(u), 2 * u]
    for k in range(1, top):
        H.append(2 * u * H[k] - 2 * k * H[k - 1])
    return H[:top + 1]


def windows(weights, x, occupation: bool = False) -> list:
    """``weight.window(x)`` (or ``.occupation(x)``) for each weight, Hermite weights of one width
    sharing one table of polynomials."""
    herm = [w for w in weights if w.kind == "hermite"]
    if not herm or len({w.scale for w in herm}) > 1:
        return [w.occupation(x) if occupation else w.window(x) for w in weights]
    sigma = herm[0].scale
    u = x / sigma
    g = np.exp(-u * u) / np.sqrt(np.pi)
    H = _hermite_table(u, 2 * max(len(w.coeffs) for w in herm))
    out = []
    for w in weights:
        if w.kind != "hermite":
            out.append(w.occupation(x) if occupation else w.window(x))
        elif occupation:
            out.append(w.coeffs[0] * 0.5 * erfc(u) + g * sum(a * H[2 * n - 1] for n, a in enumerate(w.coeffs) if n))
        else:
            out.append(g * sum(a * H[2 * n] for n, a in enumerate(w.coeffs)) / sigma)
    return out


def fermi(kT: float) -> Weight:
    return Weight("fermi", float(kT), float(kT))


def fermi_moment(k: int) -> float:
    """The 2k-th moment of -f' at kT = 1: (2^2k - 2) pi^2k |B_2k| (1 for k = 0)."""
    return 1.0 if k == 0 else float((2 ** (2 * k) - 2) * np.pi ** (2 * k) * abs(bernoulli(2 * k)[2 * k]))


@lru_cache(maxsize=None)
def _hermite_moments(N: int) -> np.ndarray:
    """M[k, n] = int u^2k H_2n(u) e^-u^2 / sqrt(pi) du (lower triangular), by Gauss-Hermite."""
    u, w = np.polynomial.hermite.hermgauss(2 * N + 2)
    return np.array([[np.sum(w * u ** (2 * k) * eval_hermite(2 * n, u)) / np.sqrt(np.pi) for n in range(N)]
                     for k in range(N)])


def hermite(sigma: float, kT: float, N: int) -> Weight:
    """The order-N Hermite weight of width ``sigma`` with the even moments of -f' at ``kT`` up to
    order 2N - 2. At kT = 0 these are Methfessel and Paxton's coefficients
    (-1)^n / (n! 4^n)."""
    target = np.array([(kT / sigma) ** (2 * k) * fermi_moment(k) for k in range(N)])
    a = np.linalg.solve(_hermite_moments(N), target)
    return Weight("hermite", float(kT), float(sigma), tuple(float(x) for x in a))


def methfessel_paxton(N: int) -> tuple:
    """The kT = 0 coefficients in closed form, for tests: (-1)^n / (n! 4^n)."""
    return tuple((-1) ** n / (factorial(n) * 4**n) for n in range(N))


def thermal_rule(E, X, mu, weights, form, theta):
    """Sums over the nodes of X w(E - eF) (``form="surface"``) or X (occupation - theta)
    (otherwise) per eF and per weight in ``weights`` (the first also gives the same sums of
    |X|). The energies are sorted once, and each eF visits only the nodes within the widest
    reach (the rest of the sea through prefix sums).

    Returns ``(values, magnitude, tail)``: a list of (nmu, C) arrays, one per weight, and two
    (nmu, C) arrays: the sums of |X| w and the bound of what the rule drops beyond the reach
    (the weight there, at most ``weight.beyond``, times the sum of |X| of those nodes: for a
    Fermi-sea integral in a gap the whole filled band, not the tiny magnitude)."""
    c = X.shape[1]
    reach = max(w.reach for w in weights)
    slot = 0 if form == "surface" else 1          # the window's bound, or the occupation's
    tiers = np.array([1.0, 1.1, 1.25, 1.5, 2.0])  # the dropped nodes in bands of distance, each at its bound
    bounds = [max(w.beyond(r * w.reach)[slot] for w in weights) for r in tiers]
    order = np.argsort(E, kind="stable")
    Es, Xs = E[order], X[order]
    As = np.abs(Xs)
    values = [np.zeros(mu.shape + (c,)) for _ in weights]
    mag = np.zeros(mu.shape + (c,))
    tail = np.zeros(mu.shape + (c,))
    cum = np.vstack([np.zeros((1, c)), np.cumsum(Xs, axis=0)]) if form != "surface" else None
    cum_a = np.vstack([np.zeros((1, c)), np.cumsum(As, axis=0)])
    for idx in np.ndindex(mu.shape):
        m = mu[idx]
        left = np.searchsorted(Es, m - tiers * reach)            # decreasing positions
        right = np.searchsorted(Es, m + tiers * reach)           # increasing positions
        lo, hi = left[0], right[0]
        x = Es[lo:hi] - m
        # what is dropped beyond the reach: in each band of distance, the weight's bound there times |X|
        edges_l = np.concatenate([left, [0]])
        edges_r = np.concatenate([right, [Es.size]])
        for j, bound in enumerate(bounds):
            tail[idx] += bound * (cum_a[edges_l[j]] - cum_a[edges_l[j + 1]] + cum_a[edges_r[j + 1]] - cum_a[edges_r[j]])
        for k, w in enumerate(windows(weights, x, occupation=form != "surface")):
            if form == "surface":
                values[k][idx] = w @ Xs[lo:hi]
                if k == 0:
                    mag[idx] = np.abs(w) @ As[lo:hi]
                continue
            th = theta[idx]
            w = w - th
            values[k][idx] = w @ Xs[lo:hi] + (1 - th) * cum[lo] - th * (cum[-1] - cum[hi])
            if k == 0:
                mag[idx] = np.abs(w) @ As[lo:hi] + (1 - th) * cum_a[lo] + th * (cum_a[-1] - cum_a[hi])
    return values, mag, tail
