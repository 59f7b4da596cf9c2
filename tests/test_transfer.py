"""qsym.lattice.transfer: exact answers of the clean chain, and clear errors for bad input."""

import numpy as np
import pytest

from qsym.lattice import lyapunov_exponents

CHAIN = (np.zeros((1, 1)), np.ones((1, 1)))


@pytest.mark.parametrize("E", [2.5, -3.0, 4.0])
def test_clean_chain_outside_the_band_decays_with_the_evanescent_wave_number(E):
    r = lyapunov_exponents(*CHAIN, E, 5000, bars=2)
    assert abs(r.exponents[0] - np.arccosh(abs(E) / 2)) < 1e-3


def test_clean_chain_inside_the_band_has_no_decay():
    r = lyapunov_exponents(*CHAIN, 1.0, 5000, bars=2)
    assert abs(r.exponents[0]) < 2e-3
    assert r.localization_length > 500


def test_two_decoupled_chains_give_both_exponents():
    """A bar of two uncoupled chains at different on-site energies: each contributes its own."""
    H0 = np.diag([0.0, 0.5])
    r = lyapunov_exponents(H0, np.eye(2), 3.0, 5000, bars=2)
    assert np.allclose(r.exponents, [np.arccosh(3.0 / 2), np.arccosh(2.5 / 2)], atol=1e-3)


@pytest.mark.parametrize("kwargs, message", [
    (dict(H0=np.zeros((2, 2)), hop=np.zeros((2, 2))), "hop .* must be invertible"),
    (dict(H0=np.array([[0, 1], [0, 0]]), hop=np.eye(2)), "H0 .* must be Hermitian"),
    (dict(n_slices=7), "must be a multiple of segments x qr_every"),
    (dict(W=-1.0), "W .* must be finite and >= 0"),
    (dict(n_exponents=3), r"n_exponents must be in \[1, 2\]"),
    (dict(bars=0), "bars must be an integer >= 1"),
])
def test_bad_input_is_refused_before_any_work(kwargs, message):
    args = dict(H0=CHAIN[0], hop=CHAIN[1], energy=1.0, n_slices=50)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        lyapunov_exponents(**args)
