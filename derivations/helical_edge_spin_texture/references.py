"""Independent numeric routes used by the checks, the tests and the benchmarks: mpmath
quadrature of the Fermi-window integrals and of Ic, Is on the real axis, and the steady state
by QuTiP from collapse operators built numerically."""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from .symbols import MONOMIALS, PAIRS, W, eps, monomial_energy_function


def mp_window_integrals(tt: float, vv: float, dps: int = 20) -> dict:
    """W^m_{alpha beta} at (T, V) by mpmath quadrature (no expansion in the texture)."""
    out = {}
    with mpmath.workdps(dps):
        tt, vv = mpmath.mpf(tt), mpmath.mpf(vv)

        def f(z, mu):
            return 1 / (mpmath.exp((z - mu) / tt) + 1)

        edge = abs(vv) / 2 + 40 * tt
        cuts = sorted({-edge, -vv / 2, 0, vv / 2, edge})
        cuts = [cuts[0] + (cuts[-1] - cuts[0]) * i / 12 for i in range(13)]
        for a, b in PAIRS:
            ma, mb = (vv / 2, -vv / 2)[a], (vv / 2, -vv / 2)[b]
            for m in MONOMIALS:
                g = sp.lambdify(eps, monomial_energy_function(m), "mpmath")
                out[W[(a, b, m)]] = mpmath.quad(lambda z: f(z, ma) * (1 - f(z, mb)) * g(z), cuts)
    return {key: sp.Float(val, dps) for key, val in out.items()}


def mp_real_axis(xv, part: str, dps: int = 25, top: float = 45):
    """Ic or Is by mpmath on the real axis, split at the zeros of the oscillating factor."""
    with mpmath.workdps(dps):
        xv = mpmath.mpf(sp.Rational(xv).p) / sp.Rational(xv).q if not isinstance(xv, float) else mpmath.mpf(xv)
        trig = mpmath.cos if part == "c" else mpmath.sin

        nz = int(xv * top**2 / mpmath.pi) + 1
        cuts = [0] + [mpmath.sqrt(n * mpmath.pi / xv) for n in range(1, nz) if n * mpmath.pi / xv < top**2] + [top]
        if len(cuts) < 8:
            cuts = [c for c in (0, 0.5, 1, 2, 4, 8, 16, 32) if c < top] + [top]
        return mpmath.quad(lambda z: trig(xv * z * z) / mpmath.cosh(z) ** 2, cuts)


def qutip_steady_state(T, V, J, nodes=40, order=12):
    """Independent route (tests, benchmarks): Eq. (10) built numerically, G(eps) from numpy
    rotations, one QuTiP collapse operator sqrt(2 rate) G^{beta alpha}(eps) per (energy node,
    alpha, beta) on a composite Gauss-Legendre grid, solved by ``qutip.steadystate``.
    Returns <S> = (S_x, S_y, S_z)."""
    import qutip

    sig = [np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0]).astype(complex)]
    edge = abs(V) / 2 + 36 * T
    x, w = np.polynomial.legendre.leggauss(order)
    a = np.linspace(-edge, edge, nodes + 1)
    eps = ((a[:-1, None] + a[1:, None]) / 2 + (a[1:, None] - a[:-1, None]) / 2 * x).ravel()
    wts = ((a[1:, None] - a[:-1, None]) / 2 * w).ravel()
    mu = {0: V / 2, 1: -V / 2}
    f = lambda e_, m: 1.0 / (np.exp((e_ - m) / T) + 1.0)  # noqa: E731
    c_ops = []
    for e_, wt in zip(eps, wts):
        th = e_**2
        B = np.cos(th) * np.eye(2) + 1j * np.sin(th) * sig[1]
        G = sum(J[j] * np.kron(B.conj().T @ sig[j] @ B, sig[j] / 2) for j in range(3))
        for al in (0, 1):
            for be in (0, 1):
                rate = wt * f(e_, mu[al]) * (1 - f(e_, mu[be])) / (4 * np.pi)
                if rate > 1e-300:
                    Lop = G[2 * be:2 * be + 2, 2 * al:2 * al + 2]  # G^{beta alpha}
                    c_ops.append(qutip.Qobj(np.sqrt(2 * rate) * Lop))
    rho = qutip.steadystate(qutip.Qobj(np.zeros((2, 2))), c_ops)
    return np.array([qutip.expect(qutip.Qobj(s / 2), rho) for s in sig]).real
