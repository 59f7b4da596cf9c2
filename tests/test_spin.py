"""qsym.spin: superoperators and steady states against closed-form two-level physics."""

import numpy as np
import sympy as sp

from qsym import spin


def test_amplitude_damping_relaxes_to_the_ground_state_symbolically_and_numerically():
    g_down, g_up = sp.symbols("gamma_down gamma_up", positive=True)
    lower = sp.Matrix([[0, 0], [1, 0]])  # |down><up| with sigma_z = diag(1, -1)
    L = g_down * spin.dissipator(lower) + g_up * spin.dissipator(lower.T)
    assert spin.trace_row(L) == sp.zeros(1, 4)
    r = spin.steady_state(L)
    # detailed balance: <sigma_z> = (g_up - g_down)/(g_up + g_down)
    assert sp.simplify(r[2] - (g_up - g_down) / (g_up + g_down)) == 0 and r[0] == 0 and r[1] == 0
    rho = spin.steady_state_numeric(np.array(L.subs({g_down: 3.0, g_up: 1.0}), dtype=complex))
    assert np.allclose(rho, np.diag([0.25, 0.75]), atol=1e-15)


def test_kossakowski_matrix_is_positive_for_lindblad_form_and_not_for_the_wrong_sign():
    L_op = sp.Matrix([[1, 2], [0, -1]]) / 3
    K = np.array(spin.kossakowski_matrix(spin.dissipator(L_op)), dtype=complex)
    assert np.linalg.eigvalsh(K).min() > -1e-15 and np.linalg.eigvalsh(K).max() > 0
    K_bad = np.array(spin.kossakowski_matrix(-spin.dissipator(L_op)), dtype=complex)
    assert np.linalg.eigvalsh(K_bad).min() < -1e-3


def test_commutator_superoperator_acts_as_a_commutator():
    A, rho = sp.Matrix([[1, 2], [3, 4]]), sp.Matrix(2, 2, sp.symbols("a b c d"))
    assert spin.unvec(spin.commutator(A) * spin.vec(rho)) == (A * rho - rho * A).applyfunc(sp.expand)
    assert spin.unvec(spin.anticommutator(A) * spin.vec(rho)) == (A * rho + rho * A).applyfunc(sp.expand)
