"""The lattice model of paper 004: generated bulk bands against numpy eigenvalues of the
Bloch matrix assembled from the generated blocks, and the generated builders."""

import numpy as np
from hypothesis import given, strategies as st

import generated.semimagnetic_lattice as lat
from derivations.semimagnetic_lattice.builders import zeeman_profile
from derivations.semimagnetic_lattice.parameters import LATTICE, continuum_parameters

P = continuum_parameters()
KW = dict(m0=P["M"], A_par=P["A_parallel"], A_z=P["A_z"], B_par=P["B_parallel"], B_z=P["B_z"],
          a=LATTICE["a"], c=LATTICE["c"])
momentum = st.floats(-7.0, 7.0)


@given(kx=momentum, ky=momentum, kz=momentum)
def test_bulk_bands_are_a_doubly_degenerate_pair_at_plus_minus_the_generated_energy(kx, ky, kz):
    b = lat.lattice_blocks(**KW)
    H = b.onsite.copy()
    for T, k, d in zip(b.hoppings, (kx, ky, kz), (KW["a"], KW["a"], KW["c"])):
        H += T * np.exp(1j * k * d) + T.conj().T * np.exp(-1j * k * d)
    E = float(lat.bulk_band_energy(kx, ky, kz, **KW))
    assert np.allclose(np.linalg.eigvalsh(H), [-E, -E, E, E], rtol=1e-12, atol=1e-14)


def test_bulk_gap_is_m0_at_the_zone_centre_and_the_bands_are_inverted_at_the_zone_boundary():
    assert lat.bulk_band_energy(0.0, 0.0, 0.0, **KW) == P["M"]
    # at (pi/a, 0, 0): mass m0 - 4 t_par < 0, the band inversion of a strong TI
    assert np.isclose(lat.bulk_band_energy(np.pi / KW["a"], 0.0, 0.0, **KW), abs(P["M"] - 4 * P["B_parallel"]))


def test_real_space_film_is_hermitian_and_sparse():
    H = lat.lattice_film_hamiltonian(6, 10, zeeman_profile(10, 3, LATTICE["V_0"]), **KW)
    assert H.shape == (4 * 6 * 6 * 10,) * 2
    assert abs(H - H.getH()).max() == 0.0
    assert H.nnz <= 4 * 4 * 6 * 6 * 10 * 7   # on-site plus six neighbours per site, 4 x 4 blocks


def test_bar_slices_chained_around_a_ring_are_the_real_space_film():
    """The transfer-matrix slices (H_nn, H_n,n+1) closed periodically in x give the same spectrum
    as the real-space film builder: the two builders agree on every bond."""
    L, Lz, nz, V0 = 3, 3, 1, LATTICE["V_0"]
    H0, hop = lat.lattice_bar_slices(L, Lz, zeeman_profile(Lz, nz, V0), **KW)
    m = H0.shape[0]
    ring = np.zeros((L * m, L * m), complex)
    for n in range(L):
        ring[n * m:(n + 1) * m, n * m:(n + 1) * m] = H0
        nxt = (n + 1) % L
        ring[n * m:(n + 1) * m, nxt * m:(nxt + 1) * m] += hop
        ring[nxt * m:(nxt + 1) * m, n * m:(n + 1) * m] += hop.conj().T
    film = lat.lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, nz, V0), **KW).toarray()
    assert np.allclose(np.linalg.eigvalsh(ring), np.linalg.eigvalsh(film), atol=1e-12)


def test_sweep_tasks_refuse_bad_input_before_any_work():
    import pytest

    from derivations.semimagnetic_lattice import tasks

    for call, name in ((lambda: tasks.scba_point(-1.0, 0.01), "W"),
                       (lambda: tasks.dos_sample(1, 10, 1.0, 0), "L"),
                       (lambda: tasks.localization_sample(6, 10, float("nan"), 0.01, 0), "W"),
                       (lambda: tasks.localization_sample(1, 10, 1.0, 0.01, 0), "Ly"),
                       (lambda: tasks.hall_sample(40, 10, 1.0, 0.01, 0), "states"),
                       (lambda: tasks.hall_sample(8, 10, 1.0, 0.01, 0, method="dense"), "method"),
                       (lambda: tasks.hall_sample(2, 10, 1.0, 0.01, 0, method="chebyshev"), "L"),
                       (lambda: tasks.hall_sample(400, 10, 1.0, 0.01, 0, method="chebyshev", vectors=4000),
                        "GB")):
        with pytest.raises(ValueError, match=name):
            call()


def _check(derivation, name):
    return next(c for c in derivation("semimagnetic_lattice").checks if c.name == name)


def test_lattice_checks_fail_when_a_route_returns_nan(derivation, monkeypatch):
    """A NaN from either side of a comparison fails the check (Python's max would drop it)."""
    import derivations.semimagnetic_lattice.effective_medium as em
    import derivations.semimagnetic_lattice.hall as hall
    import derivations.semimagnetic_lattice.localization_length as ll
    from qsym.lattice import LyapunovResult

    nan_sum = lambda *a, **k: float("nan")                        # noqa: E731
    monkeypatch.setattr(em, "clean_kubo_sum", nan_sum)
    assert not _check(derivation, "kubo_bastin_with_vanishing_broadening_is_the_clean_kubo_sum").run().passed
    monkeypatch.setattr(em.scba, "kubo_bastin", nan_sum)
    assert not _check(derivation, "kubo_bastin_energy_integral_in_closed_form_equals_quadrature_of_eq10").run().passed
    monkeypatch.setattr(hall, "hall_conductance", nan_sum)
    assert not _check(derivation, "noncommutative_kubo_on_the_clean_torus_equals_its_k_space_form").run().passed
    monkeypatch.setattr(ll, "lyapunov_exponents",
                        lambda *a, **k: LyapunovResult(np.array([np.nan]), np.array([0.0]), 1))
    assert not _check(derivation, "anderson_chain_lyapunov_exponent_is_thouless_weak_disorder_law").run().passed


def test_slab_check_fails_when_the_slab_sum_is_nan(monkeypatch, derivation):
    import derivations.semimagnetic_lattice.effective_medium as em

    monkeypatch.setattr(em, "clean_kubo_sum", lambda *a, **k: float("nan"))
    name = "slab_surface_cones_and_hall_conductance_match_the_derived_surface_theory"
    assert not _check(derivation, name).run().passed


def test_top_surface_gap_is_the_zeeman_energy_times_the_weight_of_the_surface_state_on_the_magnetic_layers(
        derivation):
    """The derived weight w_N against a direct sum of |beta_1^n - beta_2^n|^2 over many layers."""
    from derivations.semimagnetic_lattice.surface import B1, B2, _paper_values, n_layers

    d = derivation("semimagnetic_lattice")
    b1, b2 = (complex(r.subs(_paper_values()).evalf()) for r in d["surface_decay_roots"].expr)
    assert abs(b1) < 1 and abs(b2) < 1 and b1 != b2
    n = np.arange(1, 400)
    profile = np.abs(b1**n - b2**n) ** 2
    for N in (1, 3, 6):
        w = complex(d["top_layer_weight"].expr.subs({B1: b1, B2: b2, n_layers: N}).evalf())
        assert abs(w - profile[:N].sum() / profile.sum()) < 1e-13


def test_generated_builders_refuse_bad_lattices_and_parameters_naming_them():
    import pytest

    profile = zeeman_profile(4, 1, 0.1)
    for call, name in ((lambda: lat.lattice_film_hamiltonian(1, 4, profile, **KW), "L must be"),
                       (lambda: lat.lattice_film_hamiltonian(4, 0, [], **KW), "Lz must be"),
                       (lambda: lat.lattice_film_hamiltonian(4, 4, profile, -1.0, **KW), "W"),
                       (lambda: lat.lattice_film_hamiltonian(4, 4, [0.1, 0.0], **KW), "layer_potential"),
                       (lambda: lat.lattice_film_hamiltonian(4, 4, [np.nan] * 4, **KW), "layer_potential"),
                       (lambda: lat.lattice_film_hamiltonian(10**4, 10, [0.0] * 10, **KW), "sites"),
                       (lambda: lat.lattice_position_commutators(2.5, 4, **KW), "L must be"),
                       (lambda: lat.lattice_bar_slices(0, 4, profile, **KW), "Ly must be"),
                       (lambda: lat.lattice_blocks(**dict(KW, A_par=-0.4)), "A_par"),
                       (lambda: lat.lattice_blocks(**dict(KW, m0=[0.1, 0.2])), "single numbers")):
        with pytest.raises(ValueError, match=name):
            call()


def test_generated_bloch_kernels_broadcast_over_k_and_return_empty_for_empty_input():
    k = np.linspace(-1, 1, 5)
    H = lat.lattice_bloch_hamiltonian(k[:, None], k[None, :], 0.3, 0.1, **KW)
    v = lat.lattice_bloch_velocity(k, 0.0, 0.2, **KW)
    assert H.shape == (5, 5, 4, 4) and v.shape == (5, 3, 4, 4)
    assert np.allclose(H, np.conj(np.swapaxes(H, -1, -2)), atol=0)
    assert lat.lattice_bloch_velocity(np.array([]), 0.0, 0.0, **KW).shape == (0, 3, 4, 4)
