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
