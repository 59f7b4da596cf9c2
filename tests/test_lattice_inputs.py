"""The lattice methods refuse what they cannot compute (non-finite, empty or non-Hermitian
matrices, NaN or absurd energies, zero orbitals, spectral bounds that miss the spectrum) with a
ValueError that says what is wrong, instead of NaN, an IndexError or a ZeroDivisionError."""

import numpy as np
import pytest
import scipy.sparse as sps

from qsym.lattice import kpm, kubo, transfer

H = sps.diags([np.linspace(-1, 1, 100)], [0]).tocsr()
V = kpm.random_phase_vectors(100, 2, 0)
CASES = [
    ("bounds narrower than the spectrum", lambda: kpm.chebyshev_moments(H, V, 64, (0.0, 0.5)), "reaches beyond"),
    ("zero-width bounds", lambda: kpm.chebyshev_moments(H, V, 64, (0.0, 0.0)), "half-width > 0"),
    ("NaN bounds", lambda: kpm.chebyshev_moments(H, V, 64, (np.nan, 1.0)), "finite centre"),
    ("a NaN energy for the density of states", lambda: kpm.density_of_states(np.ones(8), [np.nan], (0, 1.1)),
     "energies must be finite"),
    ("an empty matrix", lambda: kpm.spectral_bounds(sps.csr_matrix((0, 0))), "empty"),
    ("a NaN matrix", lambda: kpm.spectral_bounds(np.array([[np.nan, 0], [0, 1.0]])), "not finite"),
    ("a non-Hermitian matrix (KPM)", lambda: kpm.spectral_bounds(np.array([[0, 1.0], [0, 0]])), "Hermitian"),
    ("a NaN energy (transfer matrices)", lambda: transfer.lyapunov_exponents(np.zeros((2, 2)), np.eye(2), np.nan, 100),
     "energy must be finite"),
    ("an infinite energy", lambda: transfer.lyapunov_exponents(np.zeros((2, 2)), np.eye(2), np.inf, 100), "finite"),
    ("an energy of 1e300", lambda: transfer.lyapunov_exponents(np.zeros((2, 2)), np.eye(2), 1e300, 100),
     "far outside the spectrum"),
    ("zero orbitals", lambda: kubo.hall_conductance(np.eye(4), np.zeros((4, 2)), 2, 0.0, orbitals=0),
     "orbitals must be an integer >= 1"),
    ("a non-Hermitian matrix (Kubo)", lambda: kubo.hall_conductance(np.triu(np.ones((4, 4))), np.zeros((4, 2)), 2,
                                                                    0.0, orbitals=1), "Hermitian"),
    ("a non-Hermitian slice", lambda: transfer.lyapunov_exponents(np.array([[0, 1.0], [0, 0]]), np.eye(2), 0.1, 100),
     "Hermitian"),
]


@pytest.mark.parametrize("call, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_lattice_method_refuses_what_it_cannot_compute(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bounds_from_spectral_bounds_contain_the_spectrum_and_the_moments_stay_bounded():
    bounds = kpm.spectral_bounds(H)
    mu = kpm.chebyshev_moments(H, V, 256, bounds, per_vector=True)
    assert np.all(np.abs(mu) <= np.abs(mu[:, :1]) * (1 + 1e-9))      # |<v|T_m|v>| <= <v|v>
