"""The effective medium theory (qsym.lattice.scba, .layered, .brillouin) on small models with
known answers, and its guards."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from qsym.lattice import scba
from qsym.lattice.brillouin import radial_breakpoints, smooth_step, zone_quadrature
from qsym.lattice.layered import LayeredFilm

PAULI = (np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]]), np.diag([1.0 + 0j, -1.0]))


def qwz_film(m: float = 1.0, layers: int = 1) -> LayeredFilm:
    """Qi-Wu-Zhang layers (Chern number -sign(m) per layer for 0 < |m| < 2), uncoupled in z."""
    sx, sy, sz = PAULI
    onsite = np.array([m * sz] * layers)
    return LayeredFilm(onsite, (sz - 1j * sx) / 2, (sz - 1j * sy) / 2, np.zeros((2, 2), complex))


def mp_energy_integral(a: complex, b: complex, mu: float) -> complex:
    """int_{-inf}^{mu} de / ((e - a)^2 (e - b)) by mpmath at 30 digits, split at the poles' scales."""
    mp.mp.dps = 30
    a, b = mp.mpc(a), mp.mpc(b)
    pts = {float(p.real) + s * abs(float(p.imag)) * f for p in (a, b) for s in (-1, 0, 1) for f in (1, 4, 16)}
    pts = sorted(x for x in pts if x < mu)
    return complex(mp.quad(lambda e: 1 / ((e - a) ** 2 * (e - b)), [-mp.inf, -100, *pts, mu]))


def test_bastin_energy_integral_equals_mpmath_quadrature_for_retarded_and_advanced_poles():
    rng = np.random.default_rng(3)
    cases = []
    for _ in range(60):
        a = complex(rng.uniform(-2, 2), -10 ** rng.uniform(-4, -1))
        b = complex(rng.uniform(-2, 2), rng.choice([-1, 1]) * 10 ** rng.uniform(-4, -1))
        cases += [(a, b), (a, a), (a, a + 1e-6), (a, np.conj(a)), (a, -a), (a, -np.conj(a))]
    a, b = np.array(cases).T
    F = scba.bastin_energy_integral(a, b, 0.0)
    ref = np.array([mp_energy_integral(x, y, 0.0) for x, y in cases])
    assert np.all(np.isfinite(F))
    assert np.max(np.abs(F - ref) / np.abs(ref)) < 1e-11


def test_kubo_bastin_of_a_chern_insulator_is_its_chern_number_at_small_broadening():
    f = qwz_film(1.0)
    sigma = -1e-6j * np.eye(2)[None]
    quad = scba.film_quadrature(f, 0.0, sigma, outer=48, r_outer=2.5)
    assert scba.kubo_bastin(f, sigma, 0.0, quad) == pytest.approx(1.0, abs=1e-5)       # qsym sign: -C, C = -1
    assert scba.kubo_bastin(f, sigma, 0.0, quad, sign="paper") == pytest.approx(-1.0, abs=1e-5)
    trivial = qwz_film(3.0)
    assert scba.kubo_bastin(trivial, sigma, 0.0, quad) == pytest.approx(0.0, abs=1e-5)


def test_kubo_bastin_with_the_fermi_level_above_every_band_vanishes():
    f = qwz_film(1.0)
    sigma = -1e-3j * np.eye(2)[None]
    quad = zone_quadrature(radial_breakpoints(2.0))
    assert abs(scba.kubo_bastin(f, sigma, 10.0, quad)) < 1e-4      # Lorentzian tails only: O(eta/E)


def test_half_zone_quadrature_equals_the_full_zone_for_an_even_integrand():
    f = qwz_film(1.0, layers=2)
    sigma = -2e-2j * np.broadcast_to(np.eye(2), (2, 2, 2))
    full = scba.kubo_bastin(f, sigma, 0.3, zone_quadrature(radial_breakpoints(2.0)))
    half = scba.kubo_bastin(f, sigma, 0.3, zone_quadrature(radial_breakpoints(2.0), c2=True))
    assert half == pytest.approx(full, abs=1e-12)


def test_zone_quadrature_weights_cover_the_zone_and_integrate_a_trigonometric_polynomial():
    q = zone_quadrature(radial_breakpoints(2.0))
    assert q.w.sum() == pytest.approx(1.0, abs=1e-6)
    f = np.cos(q.k[:, 0]) * np.cos(q.k[:, 1]) ** 2 + 1
    assert np.sum(q.w * f) == pytest.approx(1.0, abs=1e-6)        # the mean of cos kx cos^2 ky over the zone is 0
    assert smooth_step(np.array([-1.0, 0.0, 0.5, 1.0, 2.0])).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_scba_at_weak_disorder_is_the_born_self_energy_up_to_order_w4():
    f = qwz_film(1.0, layers=2)
    rel = []
    for W in (0.2, 0.1):
        r = scba.self_consistent_born(f, 0.0, W, tol=1e-13)
        born = scba.born_self_energy(f, 0.0, W, scba.film_quadrature(f, 0.0, r.sigma))
        rel.append(np.max(np.abs(r.sigma - born)) / np.max(np.abs(born)))
    assert r.converged and 3.5 < rel[0] / rel[1] < 4.5


def test_layered_film_velocities_are_derivatives_of_the_bloch_hamiltonian():
    f = qwz_film(0.7, layers=3)
    k, h = np.array([[0.3, -1.1]]), 1e-6
    vx, vy = f.velocities(k)
    dx = (f.hamiltonian(k + [h, 0]) - f.hamiltonian(k - [h, 0])) / (2 * h)
    dy = (f.hamiltonian(k + [0, h]) - f.hamiltonian(k - [0, h])) / (2 * h)
    assert np.max(np.abs(vx - dx)) < 1e-8 and np.max(np.abs(vy - dy)) < 1e-8
    H = f.hamiltonian(k)[0]
    assert np.allclose(H, H.conj().T)


@pytest.mark.parametrize("call, message", [
    (lambda f: scba.self_consistent_born(f, 0.0, -1.0), "W"),
    (lambda f: scba.self_consistent_born(f, 0.0, 1.0, mixing="broyden2"), "mixing"),
    (lambda f: scba.self_consistent_born(f, float("nan"), 1.0), "energy"),
    (lambda f: scba.kubo_bastin(f, np.zeros((1, 2, 2), complex), 0.0, zone_quadrature([0, 1, 2.0])), "negative"),
    (lambda f: zone_quadrature([0, 1], r_outer=4.0), "r_outer"),
    (lambda f: LayeredFilm(np.zeros((1, 2, 3)), *(np.zeros((2, 2)),) * 3), "onsite"),
])
def test_bad_input_is_refused_with_a_message_naming_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call(qwz_film())


def test_clean_film_needs_no_iteration():
    r = scba.self_consistent_born(qwz_film(), 0.0, 0.0)
    assert r.converged and r.iterations == 0 and not np.any(r.sigma)


def test_half_zone_scba_with_the_two_fold_rotation_equals_the_full_zone():
    f = qwz_film(1.0, layers=2)
    U = PAULI[2]                                        # sigma_z: H(-k) = sigma_z H(k) sigma_z for QWZ
    full = scba.self_consistent_born(f, 0.5, 1.0)
    half = scba.self_consistent_born(f, 0.5, 1.0, c2_unitary=U)
    assert full.converged and np.max(np.abs(full.sigma - half.sigma)) < 1e-12
    with pytest.raises(ValueError, match="c2_unitary"):
        scba.self_consistent_born(f, 0.5, 1.0, c2_unitary=PAULI[0])
