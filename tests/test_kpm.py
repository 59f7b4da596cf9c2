"""qsym.lattice.kpm: Chebyshev moments, Jackson kernel and densities of states against exact
results for matrices whose spectra are known."""

import numpy as np
import pytest
from scipy import sparse

from qsym.lattice import kpm


def _chain(n: int, t: float = 1.0):
    """Periodic tight-binding ring: eigenvalues 2t cos(2 pi j/n)."""
    off = np.ones(n)
    return sparse.diags([t * off[:-1], t * off[:-1]], [1, -1], format="lil") + sparse.csr_matrix(
        ([t, t], ([0, n - 1], [n - 1, 0])), shape=(n, n))


def test_moments_of_a_ring_are_chebyshev_polynomials_at_its_exact_eigenvalues():
    n, M = 200, 64
    H = sparse.csr_matrix(_chain(n))
    bounds = kpm.spectral_bounds(H)
    mu = kpm.chebyshev_moments(H, np.eye(n), M, bounds)
    x = (2 * np.cos(2 * np.pi * np.arange(n) / n) - bounds[0]) / bounds[1]
    assert np.allclose(mu, np.cos(np.outer(np.arange(M), np.arccos(x))).sum(axis=1), atol=1e-11 * n)


def test_per_vector_moments_sum_to_the_block_moments():
    H = sparse.csr_matrix(_chain(50))
    bounds = kpm.spectral_bounds(H)
    v = kpm.random_phase_vectors(50, 3, seed=1)
    per = kpm.chebyshev_moments(H, v, 20, bounds, per_vector=True)
    assert per.shape == (3, 20)
    assert np.allclose(per.sum(axis=0), kpm.chebyshev_moments(H, v, 20, bounds), atol=1e-12)


def test_jackson_kernel_starts_at_one_and_decays_monotonically():
    g = kpm.jackson_kernel(100)
    assert np.isclose(g[0], 1.0, atol=1e-14) and np.all(np.diff(g) < 0) and 0 < g[-1] < 1e-3


def test_density_of_states_is_normalized_and_vanishes_outside_the_bounds():
    n, M = 400, 256
    H = sparse.csr_matrix(_chain(n))
    bounds = kpm.spectral_bounds(H)
    mu = kpm.chebyshev_moments(H, np.eye(n), M, bounds) / n
    b, a = bounds
    E = np.linspace(b - a, b + a, 20001)[1:-1]
    rho = kpm.density_of_states(mu, E, bounds)
    assert abs(np.trapezoid(rho, E) - 1) < 2e-3
    assert np.all(kpm.density_of_states(mu, [b - 1.01 * a, b + 1.01 * a], bounds) == 0)


def test_local_moments_of_equivalent_sites_are_equal():
    H = sparse.csr_matrix(_chain(40))
    bounds = kpm.spectral_bounds(H)
    local = kpm.local_moments(H, np.array([0, 7, 31]), 1, 32, bounds)
    assert np.allclose(local, local[0], atol=1e-12)


@pytest.mark.parametrize("call, message", [
    (lambda H: kpm.chebyshev_moments(H, np.eye(10), 1, (0.0, 3.0)), "n_moments must be an integer >= 2"),
    (lambda H: kpm.spectral_bounds(H, margin=0.0), "margin must be in"),
    (lambda H: kpm.local_moments(H, np.array([12]), 1, 8, (0.0, 3.0)), "sites must lie in"),
    (lambda H: kpm.jackson_kernel(1), "n_moments must be an integer >= 2"),
])
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call(sparse.csr_matrix(_chain(10)))
