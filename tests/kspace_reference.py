"""An independent route to the Fermi-surface responses of 2D user models, for testing the
error estimates of :mod:`qsym.kspace`: polar coordinates about a point inside the Fermi
pocket, numpy ``eigh`` of the model's Hamiltonian (lambdified here, not the generated
kernels) with sum-over-states geometry, and 1D quadratures whose convergence is checked.

* kT = 0: ``S = int dtheta/(2 pi)^2 sum_crossings rho X / |dE/drho|``, the crossings of
  E = eF along each ray found by sampling and ``brentq``; the trapezoid rule in theta
  (periodic: exponential) doubled until two rules agree to 1e-13 of the magnitude.
* kT > 1e-6: ``int dtheta/(2 pi)^2 int rho drho X (-f')``, the radial integral by
  Gauss-Legendre panels between the points where E = eF + kT o (o = 0, +-2, +-6, +-16, +-40),
  subdivided until two subdivisions agree.
* 1e-9 < kT <= 1e-6 (thermal widths that double precision cannot resolve in E - eF): the
  Sommerfeld series S + (pi^2/6) kT^2 S'' from kT = 0 values; for kT <= 1e-9, S itself.

A case the reference cannot do to 1e-12 raises ``RuntimeError`` (the tests then draw another).

Valid when every Fermi line is crossed transversally by the rays from the centre (star-shaped
pockets and annuli about it), which the test models are chosen to satisfy.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.optimize import brentq

OFFSETS = (-40.0, -16.0, -6.0, -2.0, 0.0, 2.0, 6.0, 16.0, 40.0)
SIGN = {"bcd": 1.0, "qmd": -1.0, "drude": -1.0}


def _matrix_function(M: sp.Matrix, syms):
    """(N,) arrays -> (N, n, n) complex, every entry broadcast."""
    n = M.shape[0]
    fns = [[sp.lambdify(syms, M[i, j], "numpy") for j in range(n)] for i in range(n)]

    def f(*args):
        size = np.broadcast(*args).size
        out = np.empty((size, n, n), complex)
        for i in range(n):
            for j in range(n):
                out[:, i, j] = np.broadcast_to(fns[i][j](*args), (size,))
        return out
    return f


class EighRoute:
    """Energies and Fermi-surface response integrands of a 2D model from ``eigh``.

    ``groups``: band indices per group (the two halves of a Clifford-form model by default)."""

    def __init__(self, model, params: dict | None = None, groups=None):
        H = sp.Matrix(model.hamiltonian)
        values = {p.symbol: p.value for p in model.used_parameters}
        for p in model.used_parameters:
            if params and str(p.symbol) in params:
                values[p.symbol] = params[str(p.symbol)]
        H = H.subs(values)
        ks = list(model.momenta)
        self.n = H.shape[0]
        self.h = _matrix_function(H, ks)
        self.dh = [_matrix_function(H.diff(k), ks) for k in ks]
        self.d2h = {(i, j): _matrix_function(H.diff(ks[i], ks[j]), ks) for i in range(2) for j in range(i, 2)}
        half = self.n // 2
        self.groups = groups or [np.arange(half), np.arange(half, self.n)]

    def energies(self, kx, ky):
        return np.linalg.eigvalsh(self.h(kx, ky))

    def group_energy(self, g, kx, ky):
        return self.energies(kx, ky)[:, self.groups[g]].mean(axis=1)

    def integrand(self, g, name, kx, ky):
        """(N, ncomp) Fermi-surface integrand of response ``name`` for group ``g`` (summed over its
        states), with the response's sign; components in qsym's order."""
        e, u = np.linalg.eigh(self.h(kx, ky))
        V = [np.einsum("kai,kab,kbj->kij", u.conj(), f(kx, ky), u) for f in self.dh]
        idx = self.groups[g]
        other = np.setdiff1d(np.arange(self.n), idx)
        de = e[:, idx][:, :, None] - e[:, other][:, None, :]

        def pair(i, j, power):
            return np.sum(V[i][:, idx][:, :, other] * np.swapaxes(V[j][:, other][:, :, idx], 1, 2) / de**power,
                          axis=(1, 2))
        v = [np.real(np.trace(V[i][:, idx][:, :, idx], axis1=1, axis2=2)) / idx.size for i in range(2)]
        if name == "bcd":
            om = -2 * np.imag(pair(0, 1, 2))
            return np.stack([v[0] * om, v[1] * om], -1)
        trip = [(i, j, k) for i in range(2) for j in range(2) for k in range(j, 2)]
        if name == "qmd":
            G = {(i, j): 2 * np.real(pair(i, j, 3)) for i in range(2) for j in range(2)}
            lam = [v[i] * G[j, k] - (v[j] * G[i, k] + v[k] * G[i, j]) / 2 for i, j, k in trip]
            return SIGN["qmd"] * np.stack(lam, -1)
        if name == "drude":    # sum over the group's states of d_j d_k E_n (second-order perturbation theory)
            hess = {}
            for j in range(2):
                for k in range(j, 2):
                    W = np.einsum("kai,kab,kbj->kij", u.conj(), self.d2h[j, k](kx, ky), u)
                    hess[j, k] = hess[k, j] = (np.real(np.trace(W[:, idx][:, :, idx], axis1=1, axis2=2))
                                               + 2 * np.real(pair(j, k, 1)))
            return SIGN["drude"] * np.stack([v[i] * hess[j, k] for i, j, k in trip], -1)
        raise ValueError(name)


def _ray_length(center, theta, K):
    """Distance from ``center`` to the edge of the box [-K, K]^2 along each direction."""
    c, s = np.cos(theta), np.sin(theta)
    with np.errstate(divide="ignore"):
        tx = np.where(c > 0, (K - center[0]) / c, np.where(c < 0, (-K - center[0]) / c, np.inf))
        ty = np.where(s > 0, (K - center[1]) / s, np.where(s < 0, (-K - center[1]) / s, np.inf))
    return np.minimum(tx, ty)


def _crossings(route, g, center, theta, K, levels, samples=1200):
    """Per ray and level: the radii where the group's energy crosses the level (sorted)."""
    rmax = _ray_length(center, theta, K)
    t = np.linspace(0.0, 1.0, samples)
    R = rmax[:, None] * t[None, :]
    kx = center[0] + R * np.cos(theta)[:, None]
    ky = center[1] + R * np.sin(theta)[:, None]
    E = route.group_energy(g, kx.ravel(), ky.ravel()).reshape(R.shape)
    out = []
    for j, th in enumerate(theta):
        per_level = []
        c, s = np.cos(th), np.sin(th)
        f_ray = lambda r, lev: route.group_energy(g, np.array([center[0] + r * c]),    # noqa: E731
                                                  np.array([center[1] + r * s]))[0] - lev
        for lev in levels:
            d = E[j] - lev
            idx = np.nonzero(np.sign(d[:-1]) * np.sign(d[1:]) < 0)[0]
            per_level.append(sorted(brentq(f_ray, R[j, i], R[j, i + 1], args=(lev,), xtol=1e-16, rtol=1e-15)
                                    for i in idx))
        out.append(per_level)
    return out, rmax


def fermi_surface_zero_temperature(route, g, name, mu, center, K, tol=1e-13):
    """sum over crossings of int dtheta/(2pi)^2 rho X/|dE/drho| at kT = 0, for group ``g``."""
    prev = None
    for n in (64, 128, 256, 512, 1024, 2048, 4096, 8192):
        theta = (np.arange(n) + 0.5) * 2 * np.pi / n
        cross, _ = _crossings(route, g, center, theta, K, [mu])
        pts, rays = [], []
        for j, per in enumerate(cross):
            for r in per[0]:
                pts.append(r)
                rays.append(j)
        if not pts:
            val, mag = 0.0, 0.0
        else:
            r, th = np.array(pts), theta[np.array(rays)]
            kx, ky = center[0] + r * np.cos(th), center[1] + r * np.sin(th)
            X = route.integrand(g, name, kx, ky)
            dE = _radial_derivative(route, g, kx, ky, th)
            val = np.sum((r / np.abs(dE))[:, None] * X, axis=0) * (2 * np.pi / n) / (2 * np.pi) ** 2
            mag = np.sum((r / np.abs(dE))[:, None] * np.abs(X), axis=0) * (2 * np.pi / n) / (2 * np.pi) ** 2
        if prev is not None and np.all(np.abs(np.atleast_1d(val) - prev) <= tol * max(1e-300, np.max(mag))):
            return np.atleast_1d(val)
        prev = np.atleast_1d(val)
    raise RuntimeError("the polar reference did not converge in theta")


def _radial_derivative(route, g, kx, ky, th):
    """dE/drho by Hellmann-Feynman, averaged over the group's states."""
    e, u = np.linalg.eigh(route.h(kx, ky))
    idx = route.groups[g]
    V = sum(np.cos(th)[:, None, None] ** (1 - a) * np.sin(th)[:, None, None] ** a * route.dh[a](kx, ky)
            for a in range(2))
    W = np.einsum("kai,kab,kbj->kij", u.conj(), V, u)
    return np.real(np.trace(W[:, idx][:, :, idx], axis1=1, axis2=2)) / idx.size


def fermi_surface_thermal(route, g, name, mu, kT, center, K, tol=1e-12):
    """int dtheta/(2pi)^2 int rho drho X (-f') at kT > 0, for group ``g``."""
    def at(n, sub):
        theta = (np.arange(n) + 0.5) * 2 * np.pi / n
        levels = [mu + kT * o for o in OFFSETS]
        cross, rmax = _crossings(route, g, center, theta, K, levels)
        x, w = np.polynomial.legendre.leggauss(16)
        R, TH, W = [], [], []
        for j, per in enumerate(cross):
            bps = np.unique(np.concatenate([[0.0, rmax[j]], *[np.asarray(p, float) for p in per]]))
            edges = np.concatenate([np.linspace(a, b, sub + 1)[:-1] for a, b in zip(bps[:-1], bps[1:])] + [[rmax[j]]])
            a, b = edges[:-1], edges[1:]
            nodes = (0.5 * (b - a))[:, None] * x[None, :] + (0.5 * (a + b))[:, None]
            R.append(nodes.ravel())
            W.append(((0.5 * (b - a))[:, None] * w[None, :]).ravel())
            TH.append(np.full(nodes.size, theta[j]))
        r, th, wr = np.concatenate(R), np.concatenate(TH), np.concatenate(W)
        kx, ky = center[0] + r * np.cos(th), center[1] + r * np.sin(th)
        E = route.group_energy(g, kx, ky)
        x_ = (E - mu) / kT
        weight = np.exp(-np.abs(x_)) / (kT * (1 + np.exp(-np.abs(x_))) ** 2)
        live = weight > 1e-30 * weight.max()
        X = np.zeros((r.size, route.integrand(g, name, kx[:1], ky[:1]).shape[1]))
        X[live] = route.integrand(g, name, kx[live], ky[live])
        scale = (2 * np.pi / n) / (2 * np.pi) ** 2
        return (np.sum((wr * r * weight)[:, None] * X, axis=0) * scale,
                np.sum((wr * r * weight)[:, None] * np.abs(X), axis=0) * scale)

    prev = None
    for n in (64, 128, 256, 512, 1024):
        val, mag = at(n, 4)
        floor = tol * max(1e-300, float(np.max(mag)))
        if prev is not None and np.all(np.abs(val - prev) <= floor):
            finer, _ = at(n, 8)
            if np.all(np.abs(finer - val) <= floor):
                return finer
        prev = val
    raise RuntimeError("the polar reference did not converge")


def _sommerfeld(route, g, name, mu, kT, center, K):
    """S(eF) + (pi^2/6) kT^2 S''(eF) from kT = 0 values (five-point second difference, its step
    halved until two agree): for kT too small to resolve in double precision (the next term is
    below 1e-16 of S there)."""
    def second(eps):
        S = [fermi_surface_zero_temperature(route, g, name, mu + j * eps, center, K) for j in (-2, -1, 0, 1, 2)]
        return S[2], (-S[0] + 16 * S[1] - 30 * S[2] + 16 * S[3] - S[4]) / (12 * eps**2)
    S0, d2 = second(1e-3)
    S0, d2h = second(5e-4)
    if kT**2 * np.max(np.abs(d2 - d2h)) > 1e-14 * max(1e-300, float(np.max(np.abs(S0))), 1e-12):
        raise RuntimeError("the Sommerfeld correction of the reference is not resolved")
    return S0 + np.pi**2 / 6 * kT**2 * d2h


def response_reference(route, name, mu, kT, centers, K):
    """The tabulated response (qsym's sign and component order), summed over groups, for a
    single (eF, kT): ``centers`` maps a group index to the centre of its Fermi pocket (or of its
    extremum, for a group within the thermal window without a Fermi line)."""
    total = 0.0
    for g, c in centers.items():
        c = np.asarray(c, float)
        if kT == 0:
            total = total + fermi_surface_zero_temperature(route, g, name, mu, c, K)
        elif kT <= 1e-9:     # the Sommerfeld term, (pi^2/6) kT^2 S'', is below 1e-12 of S unless S varies on 1e-3 eV
            total = total + fermi_surface_zero_temperature(route, g, name, mu, c, K)
        elif kT <= 1e-6:
            total = total + _sommerfeld(route, g, name, mu, kT, c, K)
        else:
            total = total + fermi_surface_thermal(route, g, name, mu, kT, c, K)
    return np.atleast_1d(total)


def transversal(route, centers, mu, K, rays=512) -> bool:
    """Whether every ray from each group's centre crosses the Fermi lines at ``mu`` and at
    ``mu +- 2e-3`` (the Sommerfeld stencil) the same number of times (no ray grazes them: the
    kT = 0 route's theta integrand is then smooth)."""
    theta = (np.arange(rays) + 0.5) * 2 * np.pi / rays
    for g, c in centers.items():
        cross, _ = _crossings(route, g, np.asarray(c, float), theta, K, [mu - 2e-3, mu, mu + 2e-3], samples=400)
        for lev in range(3):
            if len({len(p[lev]) for p in cross}) != 1:
                return False
    return True
