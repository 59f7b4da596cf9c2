"""Two-band geometry in qsym.geometry against an independent numeric route (numpy eigh)."""

import numpy as np
import sympy as sp
from hypothesis import assume, given, strategies as st

from qsym.calculus import angular_average, leading_order
from qsym.geometry import (berry_connection, berry_curvature, quantum_metric, standard_eigenvectors,
                           two_band_hamiltonian)

kx, ky = sp.symbols("k_x k_y", real=True)
m, b, v, t = sp.symbols("m b v t", real=True)
D = (v * kx, v * ky + t * kx, m - b * (kx**2 + ky**2))  # a generic, anisotropic two-band model
METRIC = sp.lambdify((kx, ky, m, b, v, t), quantum_metric(D, (kx, ky)), "numpy")
CURV = sp.lambdify((kx, ky, m, b, v, t), berry_curvature(D, kx, ky, band=-1), "numpy")


def _numeric_geometry(qx, qy, mm, bb, vv, tt):
    """eigh + perturbation-theory sums: A_nm = i <n|dH|m>/(e_m - e_n)."""
    sx = np.array([[0, 1], [1, 0]], complex)
    sy = np.array([[0, -1j], [1j, 0]])
    sz = np.diag([1.0, -1.0]).astype(complex)
    h = vv * qx * sx + (vv * qy + tt * qx) * sy + (mm - bb * (qx**2 + qy**2)) * sz
    dh = [vv * sx + tt * sy - 2 * bb * qx * sz, vv * sy - 2 * bb * qy * sz]
    e, u = np.linalg.eigh(h)
    a = [1j * (u.conj().T @ d @ u)[0, 1] / (e[1] - e[0]) for d in dh]  # A_{-+}
    g = np.real([[a[i] * np.conj(a[j]) for j in range(2)] for i in range(2)])
    omega = -2 * np.imag(a[0] * np.conj(a[1]))  # lower band
    return g, omega


@given(st.floats(-2, 2), st.floats(-2, 2), st.floats(-1, 1), st.floats(-1, 1), st.floats(0.2, 2), st.floats(-1, 1))
def test_quantum_metric_and_berry_curvature_match_numeric_eigh_route(qx, qy, mm, bb, vv, tt):
    dnorm = np.sqrt((vv * qx) ** 2 + (vv * qy + tt * qx) ** 2 + (mm - bb * (qx**2 + qy**2)) ** 2)
    assume(dnorm > 1e-3)  # at a band touching the geometry is undefined
    g_num, om_num = _numeric_geometry(qx, qy, mm, bb, vv, tt)
    np.testing.assert_allclose(np.array(METRIC(qx, qy, mm, bb, vv, tt), float), g_num, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(CURV(qx, qy, mm, bb, vv, tt), om_num, rtol=1e-9, atol=1e-12)


def test_interband_connection_modulus_is_gauge_invariant():
    """|<+|i d|->|^2 is the same in the standard gauge and after a k-dependent phase change."""
    d = (kx, ky, m)
    u_minus, u_plus = standard_eigenvectors(d)
    phase = kx**2 * ky + 3 * sp.sin(ky)  # an arbitrary smooth gauge function
    point = {kx: sp.Rational(3, 10), ky: sp.Rational(-7, 10), m: sp.Rational(1, 2)}
    for deriv in (lambda f: sp.diff(f, kx), lambda f: sp.diff(f, ky)):
        r = berry_connection(u_plus, u_minus, deriv).subs(point)
        r_gauge = berry_connection(sp.exp(sp.I * phase) * u_plus, u_minus, deriv).subs(point)
        lhs = sp.N(r * sp.conjugate(r), 30)
        rhs = sp.N(r_gauge * sp.conjugate(r_gauge), 30)
        assert abs(lhs) > 1e-3 and abs(lhs - rhs) < 1e-25


def test_hamiltonian_eigenvectors_are_eigenvectors():
    d = (kx, ky, m)
    h = two_band_hamiltonian(0, d)
    u_minus, u_plus = standard_eigenvectors(d)
    pt = {kx: 0.3, ky: -0.2, m: 0.7}
    e = float(sp.sqrt(sum(c**2 for c in d)).subs(pt))
    np.testing.assert_allclose(np.array((h * u_plus).subs(pt), complex), e * np.array(u_plus.subs(pt), complex))
    np.testing.assert_allclose(np.array((h * u_minus).subs(pt), complex), -e * np.array(u_minus.subs(pt), complex))


def test_angular_average_agrees_with_numeric_quadrature():
    th = sp.Symbol("theta", real=True)
    a = sp.Symbol("a", positive=True)
    expr = (a * sp.cos(th) ** 4 + sp.sin(2 * th) * sp.cos(th) ** 2 + sp.exp(2 * sp.I * th) * sp.sin(th) ** 2) / (1 + a)
    avg = angular_average(expr, th)
    f = sp.lambdify((th, a), expr, "numpy")
    grid = np.linspace(0, 2 * np.pi, 4001)[:-1]
    assert abs(complex(avg.subs(a, 0.7)) - np.mean(f(grid, 0.7))) < 1e-13


def test_leading_order_reports_coefficient_and_power():
    x = sp.Symbol("x", positive=True)
    assert leading_order(sp.sin(x) ** 3 + x**5, x) == (1, 3)
