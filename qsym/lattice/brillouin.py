r"""Quadrature over the 2D Brillouin zone of a square lattice (lattice constant 1), for
integrands that are sharp near the zone centre and smooth elsewhere.

Green's functions of thin films near a Dirac point at :math:`\Gamma` vary on the scale
:math:`\eta/v` (broadening over velocity) around the Fermi circle, which a uniform grid
resolves only with :math:`N \sim 2\pi v/\eta` points per direction (thousands at
meV broadenings). The zone is therefore split by a smooth partition of unity
:math:`1 = \chi(k) + [1 - \chi(k)]`:

* :math:`\chi f` on the disk :math:`k < r_2` in polar coordinates: Gauss-Legendre panels in
  :math:`k` with breakpoints the caller places (geometric towards 0, and clustered around the
  Fermi crossings at the scale of their widths), the trapezoid rule in the angle;
* :math:`(1-\chi) f` on a uniform :math:`N \times N` grid, which converges faster than any
  power of 1/N because the product is smooth and periodic.

:math:`\chi = 1` for :math:`k \le r_1`, 0 for :math:`k \ge r_2`, a :math:`C^\infty` step
between. Weights are normalized so that :math:`\sum_i w_i f(k_i) \approx
\int_{BZ} \frac{d^2k}{(2\pi)^2} f(k)`: they sum to 1 (the zone has area :math:`(2\pi)^2`).
Accuracy is estimated by comparing two resolutions (:func:`zone_quadrature` with
``refine=2``); see :mod:`qsym.lattice.scba`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ZoneQuadrature", "smooth_step", "radial_breakpoints", "zone_quadrature"]


@dataclass(frozen=True)
class ZoneQuadrature:
    """Points ``k`` (n, 2) [1/lattice constant] and weights ``w`` (n,) summing to 1."""

    k: np.ndarray
    w: np.ndarray

    def __len__(self) -> int:
        return int(self.w.size)


def smooth_step(t: np.ndarray) -> np.ndarray:
    """The C-infinity step: 0 for t <= 0, 1 for t >= 1, h(t)/(h(t) + h(1 - t)) between, h = exp(-1/t)."""
    t = np.clip(np.asarray(t, float), 0.0, 1.0)
    with np.errstate(divide="ignore", over="ignore"):
        h0 = np.where(t > 0, np.exp(-1.0 / np.where(t > 0, t, 1.0)), 0.0)
        h1 = np.where(t < 1, np.exp(-1.0 / np.where(t < 1, 1.0 - t, 1.0)), 0.0)
    return h0 / (h0 + h1)


def radial_breakpoints(r_max: float, crossings=(), widths=(), *, r_min: float = 1e-5,
                       per_decade: int = 6) -> np.ndarray:
    """Panel ends on [0, r_max]: geometric from ``r_min`` (``per_decade`` per decade), and around
    each crossing r_c, points r_c +- w 2^j (j = 0, 1, ...) out to r_c/2 or the next structure,
    ``w`` its width (broadening over velocity)."""
    if not r_max > r_min > 0:
        raise ValueError(f"need r_max > r_min > 0; got r_max = {r_max!r}, r_min = {r_min!r}")
    n = max(2, int(np.ceil(per_decade * np.log10(r_max / r_min))) + 1)
    pts = [0.0, *np.geomspace(r_min, r_max, n)]
    for rc, w in zip(crossings, widths):
        w = max(float(w), 1e-9 * r_max)
        span = max(rc, r_max - rc, w)
        j = np.arange(int(np.ceil(np.log2(span / w))) + 1)
        pts += list(rc + w * 2.0**j) + list(rc - w * 2.0**j) + [rc]
    pts = np.unique(np.clip(pts, 0.0, r_max))
    keep = np.concatenate([[True], np.diff(pts) > 1e-12 * r_max])
    return pts[keep]


def zone_quadrature(breakpoints: np.ndarray, *, r_inner: float = 0.3, r_outer: float = 2.0, gauss: int = 6,
                    angles: int = 16, outer: int = 40, refine: int = 1, c2: bool = False) -> ZoneQuadrature:
    """The split quadrature of the module docstring.

    Parameters
    ----------
    breakpoints : array
        Panel ends on [0, r_outer] (:func:`radial_breakpoints`); ``refine`` > 1 halves each panel
        ``refine - 1`` times.
    r_inner, r_outer : float
        The partition of unity goes from 1 (k <= r_inner) to 0 (k >= r_outer); r_outer < pi.
    gauss, angles, outer : int
        Gauss-Legendre points per radial panel; angles on the circle; the N of the N x N grid.
    refine : int
        1, or 2 for the doubled resolution used as an error estimate (panels halved, angles and
        outer points x 3/2).
    c2 : bool
        Keep only the half ky > 0 with weights x 2: exact for integrands even under k -> -k
        (a two-fold rotation about z; both point sets are mapped onto themselves by it). Note
        that a 90-degree rotation, even where it is a symmetry of H, leaves a conductivity
        integrand invariant only after the integration (its xy + yx part changes sign).
    """
    if not 0 < r_inner < r_outer < np.pi:
        raise ValueError(f"need 0 < r_inner < r_outer < pi; got {r_inner!r}, {r_outer!r}")
    if refine not in (1, 2):
        raise ValueError(f"refine must be 1 or 2; got {refine!r}")
    br = np.unique(np.concatenate([np.asarray(breakpoints, float),
                                   np.linspace(r_inner, r_outer, 9)]))   # resolve the partition of unity
    if c2 and (angles % 2 or outer % 2):
        raise ValueError(f"c2 needs an even number of angles and outer points; got {angles}, {outer}")
    if refine == 2:
        br = np.unique(np.concatenate([br, 0.5 * (br[1:] + br[:-1])]))
        angles, outer = 2 * ((3 * angles) // 4), 2 * ((3 * outer) // 4)
    x, gw = np.polynomial.legendre.leggauss(gauss)
    lo, hi = br[:-1, None], br[1:, None]
    r = (0.5 * (hi - lo) * x + 0.5 * (hi + lo)).ravel()
    wr = (0.5 * (hi - lo) * gw).ravel() * r
    chi = 1.0 - smooth_step((r - r_inner) / (r_outer - r_inner))
    theta = 2 * np.pi * (np.arange(angles) + 0.5) / angles
    k_in = np.stack([np.outer(r, np.cos(theta)).ravel(), np.outer(r, np.sin(theta)).ravel()], 1)
    w_in = np.repeat(wr * chi, angles) * (2 * np.pi / angles) / (2 * np.pi) ** 2
    g = -np.pi + 2 * np.pi * (np.arange(outer) + 0.5) / outer
    kx, ky = (a.ravel() for a in np.meshgrid(g, g, indexing="ij"))
    w_out = smooth_step((np.hypot(kx, ky) - r_inner) / (r_outer - r_inner)) / outer**2      # 1 - chi
    sel = w_out > 0
    k = np.concatenate([k_in[w_in > 0], np.stack([kx[sel], ky[sel]], 1)])
    w = np.concatenate([w_in[w_in > 0], w_out[sel]])
    if c2:
        half = k[:, 1] > 0
        k, w = k[half], 2 * w[half]
    return ZoneQuadrature(k, w)
