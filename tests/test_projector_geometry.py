"""N-band geometry in projector form, degenerate bands included, against numpy eigh.

Numeric route (independent of the projector algebra): eigenvalues and eigenvectors from
``numpy.linalg.eigh``, A^i_ab = i <a|d_i H|b>/(e_b - e_a) for e_a != e_b, and the sums that
define the quantum metric, Berry curvature and BCP of a band group.
"""

import numpy as np
import sympy as sp
from hypothesis import assume, given, strategies as st

from qsym.geometry import (berry_curvature, clifford_bcp, clifford_hamiltonian, clifford_matrices,
                           clifford_projectors, clifford_quantum_metric, projector_bcp,
                           projector_berry_curvature, projector_quantum_metric)


def test_clifford_projectors_are_complementary_projectors():
    d = sp.symbols("d1:6", real=True)
    p_minus, p_plus = clifford_projectors(d, clifford_matrices(4))
    point = dict(zip(d, (0.3, -1.2, 0.5, 0.7, -0.1)))
    pm, pp = (np.array(x.subs(point), complex) for x in (p_minus, p_plus))
    np.testing.assert_allclose(pp @ pp, pp, atol=1e-14)
    np.testing.assert_allclose(pm + pp, np.eye(4), atol=1e-14)
    assert abs(np.trace(pp) - 2) < 1e-14  # each band doubly degenerate

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, b, t, c = sp.symbols("v m b t c", real=True)
PARAMS = (kx, ky, v, m, b, t, c)
D4 = (v * kx, v * ky, m - b * (kx**2 + ky**2), t * kx, c * ky)  # five Clifford components
D2 = (v * kx, v * ky + t * kx, m - b * (kx**2 + ky**2))
G4, G2 = clifford_matrices(4), clifford_matrices(2)
H4 = sp.lambdify(PARAMS, clifford_hamiltonian(0, D4, G4), "numpy")  # for the numeric route
DH4 = [sp.lambdify(PARAMS, clifford_hamiltonian(0, D4, G4).diff(x), "numpy") for x in (kx, ky)]
# Projector route in intermediate symbols: P = (1 +- n.Gamma)/2, d_i P = +-(1/2) d_i n.Gamma, with
# the unit vector n = d/|d| and its derivatives supplied numerically (chain rule in numpy).
N5 = sp.symbols("n1:6", real=True)
DN = [sp.symbols(f"dn{i}_1:6", real=True) for i in "xy"]
PP4 = (sp.eye(4) + clifford_hamiltonian(0, N5, G4)) / 2  # |n| = 1 for the values supplied
PM4 = sp.eye(4) - PP4
DPP4 = [clifford_hamiltonian(0, dn, G4) / 2 for dn in DN]
DPM4 = [-dp for dp in DPP4]
ENERGY = sp.Symbol("E", positive=True)
PROJ4 = sp.lambdify((*N5, *DN[0], *DN[1], ENERGY),
                    [projector_quantum_metric(PP4, DPP4),
                     projector_bcp(PP4, DPP4, ENERGY, [(PM4, DPM4, -ENERGY)]),
                     projector_berry_curvature(PP4, *DPP4)], "numpy")
D4_NUM = sp.lambdify(PARAMS, [list(D4), [[x.diff(k) for x in D4] for k in (kx, ky)]], "numpy")
CLOSED4 = sp.lambdify(PARAMS, [clifford_quantum_metric(D4, (kx, ky), 4), clifford_bcp(D4, (kx, ky), 4, +1)],
                      "numpy")
# two bands: the projector curvature against the d-vector formula (sign convention)
N3 = sp.symbols("n1:4", real=True)
DN3 = [sp.symbols(f"dn{i}_1:4", real=True) for i in "xy"]
PM2 = (sp.eye(2) - clifford_hamiltonian(0, N3, G2)) / 2
PROJ2 = sp.lambdify((*N3, *DN3[0], *DN3[1]),
                    projector_berry_curvature(PM2, *[-clifford_hamiltonian(0, dn, G2) / 2 for dn in DN3]),
                    "numpy")
CLOSED2 = sp.lambdify(PARAMS, berry_curvature(D2, kx, ky, band=-1), "numpy")
D2_NUM = sp.lambdify(PARAMS, [list(D2), [[x.diff(k) for x in D2] for k in (kx, ky)]], "numpy")


def unit_vector_and_derivatives(d, dd):
    d = np.array(d, float)
    dd = np.array(dd, float)
    norm = np.linalg.norm(d)
    n = d / norm
    dn = dd / norm - np.outer(dd @ d, d) / norm**3
    return n, dn, norm


values = st.floats(-1.5, 1.5)


def numeric_group_geometry(h, dh, upper=True):
    """Metric, curvature and BCP of the upper (or lower) half of the spectrum via eigh."""
    e, u = np.linalg.eigh(h)
    n = h.shape[0] // 2
    group = range(n, 2 * n) if upper else range(n)
    rest = range(n) if upper else range(n, 2 * n)
    mel = [u.conj().T @ d @ u for d in dh]
    g = np.zeros((2, 2))
    bcp = np.zeros((2, 2))
    omega = 0.0
    for a in group:
        for bb in rest:
            amp = [1j * mel[i][a, bb] / (e[bb] - e[a]) for i in range(2)]
            prod = np.array([[amp[i] * np.conj(amp[j]) for j in range(2)] for i in range(2)])
            g += prod.real
            bcp += 2 * prod.real / (e[a] - e[bb])
            omega += -2 * (amp[0] * np.conj(amp[1])).imag
    return g, omega, bcp


@given(values, values, st.floats(0.3, 2), values, values, values, values)
def test_degenerate_pair_geometry_matches_numeric_eigh(qx, qy, vv, mm, bb, tt, cc):
    args = (qx, qy, vv, mm, bb, tt, cc)
    h = np.array(H4(*args), complex)
    assume(np.linalg.norm(h) > 1e-2)
    e = np.linalg.eigvalsh(h)
    assume(e[2] - e[1] > 1e-2)
    g_num, omega_num, bcp_num = numeric_group_geometry(h, [np.array(f(*args), complex) for f in DH4])
    n, dn, norm = unit_vector_and_derivatives(*D4_NUM(*args))
    g_proj, bcp_proj, omega_proj = PROJ4(*n, *dn[0], *dn[1], norm)
    g_closed, bcp_closed = CLOSED4(*args)
    scale = max(1.0, np.abs(g_num).max())
    np.testing.assert_allclose(np.array(g_proj, float), g_num, rtol=1e-10, atol=1e-12 * scale)
    np.testing.assert_allclose(np.array(g_closed, float), g_num, rtol=1e-10, atol=1e-12 * scale)
    np.testing.assert_allclose(np.array(bcp_proj, float), bcp_num, rtol=1e-10, atol=1e-12 * scale)
    np.testing.assert_allclose(np.array(bcp_closed, float), bcp_num, rtol=1e-10, atol=1e-12 * scale)
    # each doubly degenerate pair of a 4x4 Clifford Hamiltonian carries no Berry curvature
    assert abs(omega_num) < 1e-9 * scale and abs(complex(omega_proj)) < 1e-9 * scale


@given(values, values, st.floats(0.3, 2), values, values, values)
def test_projector_berry_curvature_matches_two_band_formula(qx, qy, vv, mm, bb, tt):
    args = (qx, qy, vv, mm, bb, tt, 0.0)
    d, dd = D2_NUM(*args)
    assume(np.linalg.norm(d) > 3e-2)
    n, dn, _ = unit_vector_and_derivatives(d, dd)
    proj = complex(PROJ2(*n, *dn[0], *dn[1]))
    np.testing.assert_allclose(proj.real, CLOSED2(*args), rtol=1e-10, atol=1e-12)
    assert abs(proj.imag) < 1e-12
