"""qsym.lattice.kubo: the non-commutative Kubo formula on a two-band Chern insulator, whose
Hall conductance is known, in real space and in k space; conventions and bad input."""

import numpy as np
import pytest

from qsym.lattice.kubo import hall_conductance, hall_conductance_bloch, minimal_image

PAULI = (np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0]))


def _qwz(u):
    """Qi-Wu-Zhang model sin kx sx + sin ky sy + (u + cos kx + cos ky) sz: |C| = 1 for 0 < |u| < 2."""
    return lambda kx, ky: np.sin(kx) * PAULI[0] + np.sin(ky) * PAULI[1] + (u + np.cos(kx) + np.cos(ky)) * PAULI[2]


def _real_space(u, L):
    """The same model on an L x L torus: hoppings (sz - i s_alpha)/2 to the right/up neighbour."""
    H = np.zeros((2 * L * L, 2 * L * L), complex)
    idx = lambda x, y: 2 * ((x % L) * L + (y % L))  # noqa: E731
    for x in range(L):
        for y in range(L):
            i = idx(x, y)
            H[i:i + 2, i:i + 2] += u * PAULI[2]
            for (dx, dy), s in (((1, 0), PAULI[0]), ((0, 1), PAULI[1])):
                j = idx(x + dx, y + dy)
                T = (PAULI[2] - 1j * s) / 2
                H[i:i + 2, j:j + 2] += T
                H[j:j + 2, i:i + 2] += T.conj().T
    cells = np.array([(x, y) for x in range(L) for y in range(L)])
    return H, cells


def test_real_space_and_k_space_forms_agree_to_rounding():
    H, cells = _real_space(1.0, 6)
    assert abs(hall_conductance(H, cells, 6, 0.0, orbitals=2) - hall_conductance_bloch(_qwz(1.0), 6, 0.0)) < 1e-12


@pytest.mark.parametrize("u, chern", [(1.0, 1), (-1.0, -1), (3.0, 0)])
def test_chern_insulator_hall_conductance_is_quantized_on_large_tori(u, chern):
    sigma = hall_conductance_bloch(_qwz(u), 48, 0.0, sign="paper")
    assert abs(abs(sigma) - abs(chern)) < 1e-6
    assert hall_conductance_bloch(_qwz(u), 48, 0.0) == pytest.approx(-sigma, abs=1e-15)  # qsym = -paper


def test_minimal_image_folds_into_the_half_open_interval():
    assert list(minimal_image(np.arange(-4, 5), 4)) == [0, 1, -2, -1, 0, 1, -2, -1, 0]


@pytest.mark.parametrize("kwargs, message", [(dict(sign="tknn"), "sign must be"), (dict(L=1), "L must be")])
def test_bad_input_is_a_clear_error(kwargs, message):
    H, cells = _real_space(1.0, 2)
    args = dict(H=H, cells=cells, L=2, fermi_energy=0.0, orbitals=2)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        hall_conductance(**args)


def _commutators(H, cells, L):
    x, y = (np.repeat(cells[:, i], 2) for i in (0, 1))
    return tuple(minimal_image(c[:, None] - c[None, :], L) * H for c in (x, y))


def test_chebyshev_projector_in_a_gap_converges_to_the_exact_projector_and_the_chern_number():
    from scipy import sparse

    from qsym.lattice.kubo import hall_conductance_chebyshev, hall_conductance_eigenbasis

    L = 10
    H, cells = _real_space(1.0, L)
    C = tuple(sparse.csr_matrix(c) for c in _commutators(H, cells, L))
    exact = hall_conductance_eigenbasis(H, C, L, 0.0)
    errors = [abs(hall_conductance_chebyshev(sparse.csr_matrix(H), C, L, 0.0, n_moments=M) - exact)
              for M in (32, 64, 128, 256)]
    assert errors[3] < errors[2] < errors[1] < errors[0] and errors[3] < 1e-4   # Jackson tails: ~ M^-3
    assert abs(exact - hall_conductance_bloch(_qwz(1.0), L, 0.0)) < 1e-2      # minimal-image form, same torus
    assert abs(abs(exact) - 1) < 1e-2                                          # |C| = 1 (finite L: 4e-3)


@pytest.mark.parametrize("x_F", [-0.6, 0.0, 0.37])
def test_step_coefficients_are_the_chebyshev_projections_of_the_occupation(x_F):
    """c_n = (2 - delta_n0)/pi int_{-1}^{x_F} T_n(x)/sqrt(1 - x^2) dx, by quadrature in
    x = cos(phi) (no closed form used): the Hall conductance is blind to c_0 (Tr [X, Y] = 0), so
    the coefficients are pinned here and the projector's action below."""
    from scipy.integrate import quad

    from qsym.lattice.kubo import step_coefficients

    c = step_coefficients(x_F, (0.0, 1.0), 6, kernel=False)
    phi_F = np.arccos(x_F)
    want = [(2 - (n == 0)) / np.pi * quad(lambda p, n=n: np.cos(n * p), phi_F, np.pi, epsabs=1e-14)[0]
            for n in range(6)]
    assert np.allclose(c, want, rtol=0, atol=1e-13)


def test_chebyshev_projector_acting_on_vectors_converges_to_the_exact_projector_in_a_gap():
    """P_M v for the Jackson-damped series at E_F = 0, in the gap of the Chern insulator,
    against P v from the eigenvectors: the distance falls with M (the Jackson tails, ~ M^-3)
    to below 1e-3 of |v|; a shifted coefficient would leave a fixed remainder."""
    from qsym.lattice.kpm import random_phase_vectors, spectral_bounds
    from qsym.lattice.kubo import _series_with_commutators, step_coefficients

    H, _ = _real_space(1.0, 6)
    e, u = np.linalg.eigh(H)
    v = random_phase_vectors(H.shape[0], 3, seed=4)
    exact = u[:, e < 0] @ (u[:, e < 0].conj().T @ v)
    bounds = spectral_bounds(H)
    dist = [np.linalg.norm(_series_with_commutators(H, (), v, step_coefficients(0.0, bounds, M), bounds)[0] - exact)
            / np.linalg.norm(v) for M in (32, 64, 128, 256)]
    assert dist[3] < dist[2] < dist[1] < dist[0] and dist[3] < 1e-3


def test_chebyshev_stochastic_trace_error_falls_with_the_number_of_vectors():
    from scipy import sparse

    from qsym.lattice.kpm import random_phase_vectors
    from qsym.lattice.kubo import hall_conductance_chebyshev

    L = 8
    H, cells = _real_space(1.0, L)
    Hs, C = sparse.csr_matrix(H), tuple(sparse.csr_matrix(c) for c in _commutators(H, cells, L))
    exact = hall_conductance_chebyshev(Hs, C, L, 0.0, n_moments=48)
    err = {R: np.mean([abs(hall_conductance_chebyshev(Hs, C, L, 0.0, n_moments=48,
                                                      vectors=random_phase_vectors(2 * L * L, R, seed)) - exact)
                       for seed in range(6)]) for R in (2, 32)}
    assert err[32] < err[2] / 2                       # 1/sqrt(R): a factor 4 expected
    assert np.isfinite(err[32]) and err[32] < 0.2


@pytest.mark.parametrize("kwargs, message", [(dict(L=2), "L must be"), (dict(n_moments=1), "n_moments"),
                                             (dict(sign="x"), "sign must be")])
def test_chebyshev_route_rejects_bad_input(kwargs, message):
    from qsym.lattice.kubo import hall_conductance_chebyshev

    H, cells = _real_space(1.0, 3)
    args = dict(H=H, commutators=_commutators(H, cells, 3), L=3, fermi_energy=0.0, n_moments=8)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        hall_conductance_chebyshev(**args)
