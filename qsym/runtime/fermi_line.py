"""Runtime of Fermi-line observables: 2D Fermi-surface responses
``prefactor * sum_pairs int d^2k F(k) f0'(eps_k)`` for bands ``+-eps_k``, by polar
coordinates about the band minimum and a thermal average over energy panels."""

from __future__ import annotations

import numpy as np

from .arrays import flatten
from .fermi import THERMAL_CUTOFF, fermi_window, thermally_unresolved
from .quadrature import gauss_legendre

__all__ = ["FERMI_LINE_ANGLES", "FERMI_LINE_ORDER", "response"]

#: Trapezoid points on the Fermi line (in the polar angle around the band minimum) and
#: Gauss-Legendre points per energy panel of width 2 kT.
FERMI_LINE_ANGLES = 128
FERMI_LINE_ORDER = 8


def _band_minimum(axis_coefficients, energy_squared, params):
    """The band minimum on the ky = 0 mirror line: the single real root of d(eps^2)/dkx."""
    coef = np.array([float(c) for c in axis_coefficients(*params)])[::-1]  # highest first
    nz = np.flatnonzero(np.abs(coef) > 0)
    roots = np.roots(coef[nz[0]:]) if nz.size else np.array([])
    scale = max(1.0, float(np.max(np.abs(roots)))) if roots.size else 1.0
    real = np.sort(roots[np.abs(roots.imag) <= 1e-9 * scale].real)
    if real.size != 1:
        names = ", ".join(f"{p:g}" for p in params)
        raise ValueError(
            "the upper band must have a single minimum (one critical point on the ky = 0 mirror line) for the "
            f"Fermi-line integration; parameters ({names}) give {real.size} critical points "
            f"at kx = {', '.join(f'{r:.4g}' for r in real)}")
    center = float(real[0])
    return center, float(np.sqrt(energy_squared(center, 0.0, *params)))


def _ray_roots(coef, target, upper_guess):
    """Smallest s > 0 with sum_p coef[p] s^p = target, for a polynomial increasing on s > 0
    (vectorized safeguarded Newton; coef broadcast against target)."""
    def poly(s):
        val = coef[-1] * np.ones_like(s)
        der = np.zeros_like(s)
        for c in coef[-2::-1]:
            der = der * s + val
            val = val * s + c
        return val, der

    lo = np.zeros_like(target)
    hi = np.broadcast_to(upper_guess, target.shape).copy()
    for _ in range(200):
        val, _ = poly(hi)
        low = val < target
        if not low.any():
            break
        lo = np.where(low, hi, lo)
        hi = np.where(low, 2 * hi, hi)
    s = 0.5 * (lo + hi)
    for _ in range(100):
        val, der = poly(s)
        f = val - target
        lo = np.where(f < 0, s, lo)
        hi = np.where(f > 0, s, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = s - f / der
        bad = ~((newton > lo) & (newton < hi))
        new = np.where(bad, 0.5 * (lo + hi), newton)
        done = np.abs(new - s) <= 4e-16 * np.abs(new)
        s = new
        if done.all():
            break
    return s, poly(s)[1]


def _fermi_line_density(integrand, ray_coefficients, params, center, energies, angles):
    """S(E) = oint_{eps = E} F dl / |grad eps| for E > E_min, by the polar parametrization
    k = (center, 0) + s (cos th, sin th) with s(th) the single root along each ray."""
    th = 2 * np.pi * np.arange(angles) / angles
    c, sn = np.cos(th), np.sin(th)
    coef = [np.broadcast_to(x, th.shape)[None, :] for x in ray_coefficients(center, c, sn, *params)]
    E = np.asarray(energies, dtype=float)[:, None]
    target = np.broadcast_to(E**2, (E.shape[0], angles))
    s, dP = _ray_roots(coef, target, np.sqrt(target) + 1.0)
    F = np.broadcast_to(integrand(center + s * c, s * sn, *params), s.shape)
    # d eps / ds = dP/ds / (2 E); measure s ds dth
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(dP > 0, s * F * 2 * E / dP, 0.0)
    return density.sum(axis=1) * (2 * np.pi / angles)


def _energy_rule(centers, kT: float, e_min: float, order: int):
    """Gauss-Legendre nodes and weights on the panels of width 2 kT, aligned at the band
    minimum, that cover +-THERMAL_CUTOFF kT around every centre; the first panel uses
    E = E_min + h u^2 (the Fermi-line density has a square-root onset there)."""
    x, w = gauss_legendre(order)
    h = 2 * kT
    first = np.floor((centers - THERMAL_CUTOFF * kT - e_min) / h).astype(np.int64)
    last = np.floor((centers + THERMAL_CUTOFF * kT - e_min) / h).astype(np.int64)
    keep = last >= 0
    panels = np.unique(np.concatenate(
        [np.arange(max(a, 0), b + 1) for a, b in zip(first[keep], last[keep])] or [np.array([], np.int64)]))
    if panels.size == 0:
        return None, None
    nodes = (e_min + h * (panels[:, None] + x[None, :])).ravel()
    weights = np.broadcast_to(h * w, (panels.size, order)).ravel().copy()
    if panels[0] == 0:  # square-root onset: E = E_min + h u^2
        nodes[:order] = e_min + h * x**2
        weights[:order] = h * w * 2 * x
    return nodes, weights


def _one_model(S, eF, kT, e_min: float, lower_sign: int, order: int) -> np.ndarray:
    """The response at the Fermi energies ``eF`` and temperatures ``kT`` of one parameter set
    whose upper-band Fermi-line density is ``S``."""
    out = np.zeros(eF.size)
    cold = thermally_unresolved(kT, eF, e_min)  # kT = 0, or below what the window rule resolves
    if cold.any():
        e = eF[cold]
        out[cold] = -(S(np.where(e > 0, e, 0.0)) * (e > 0) + lower_sign * S(np.where(e < 0, -e, 0.0)) * (e < 0))
    for temp in np.unique(kT[~cold]):
        rows = np.flatnonzero((kT == temp) & ~cold)
        nodes, weights = _energy_rule(np.concatenate([eF[rows], -eF[rows]]), temp, e_min, order)
        if nodes is None:
            continue
        dens = S(nodes) * weights
        for start in range(0, rows.size, 256):
            r = rows[start:start + 256]
            win = fermi_window(nodes[None, :] - eF[r, None], temp)
            win = win + lower_sign * fermi_window(nodes[None, :] + eF[r, None], temp)
            out[r] = -(win @ dens)
    return out


def response(integrand, ray_coefficients, axis_coefficients, energy_squared, params, eF, kT, prefactor, *,
             lower_sign: int = 1, angles: int = FERMI_LINE_ANGLES, order: int = FERMI_LINE_ORDER) -> np.ndarray:
    r"""``prefactor * sum_pairs int d^2k F(k) f0'(eps_k)`` for bands ``+-eps_k`` in 2D.

    Writing the integral as :math:`-\int dE\, w_T(E - \epsilon_F)\, S(E)` with the Fermi-line
    density :math:`S(E) = \oint_{\epsilon = E} F\, dl/|\nabla\epsilon|` (upper band; the
    lower band contributes ``lower_sign * S(-E)``):

    - kT = 0: the Fermi-line integral itself, ``-S(eF)`` (exact up to the angular rule); also
      for kT <= KT_RESOLUTION max(|eF|, E_min), below what a window rule resolves in double
      precision (:func:`qsym.runtime.fermi.thermally_unresolved`);
    - kT > 0: composite Gauss-Legendre in E on panels of width 2 kT aligned at the band
      minimum E_min, covering +-THERMAL_CUTOFF kT around +-eF, with E = E_min + h u^2 on the
      first panel (S has a square-root onset there). Nodes are shared by all eF of one
      (kT, params).

    S(E) uses polar coordinates about the band minimum, which must be unique and make the
    band increase along every ray (star-shaped Fermi lines); the trapezoid rule in the angle
    then converges exponentially.

    Parameters
    ----------
    integrand : callable
        ``F(kx, ky, *params)``.
    ray_coefficients : callable
        ``(cx, cos, sin, *params) -> (a0, ..., a4)``: eps^2 along the ray as sum a_p s^p.
    axis_coefficients : callable
        ``(*params) -> coefficients`` (lowest first) of d(eps^2)/dkx on ky = 0.
    energy_squared : callable
        ``(kx, ky, *params) -> eps^2``.
    params : tuple of array_like
    eF, kT, prefactor : array_like
    """
    shape, flat = flatten(eF, kT, prefactor, *params)
    eF_, kT_, pre_ = flat[:3]
    prm = np.stack(flat[3:], axis=-1) if params else np.zeros((eF_.size, 0))
    out = np.zeros(eF_.size)
    uniq, inverse = np.unique(prm, axis=0, return_inverse=True)
    for g, p in enumerate(uniq):
        p = tuple(float(q) for q in p)
        members = np.flatnonzero(inverse.reshape(-1) == g)
        center, e_min = _band_minimum(axis_coefficients, energy_squared, p)

        def S(E, p=p, center=center, e_min=e_min):
            E = np.asarray(E, dtype=float)
            res = np.zeros(E.shape)
            inside = E > e_min
            if inside.any():
                res[inside] = _fermi_line_density(integrand, ray_coefficients, p, center, E[inside], angles)
            return res

        out[members] = _one_model(S, eF_[members], kT_[members], e_min, lower_sign, order)
    return (out * pre_).reshape(shape)
