"""Lattice models as user models: responses over the Brillouin zone against a brute-force
route, Fermi energies from the zone, the lattice regularization of continuum models, and the
disorder numerics (supercells, real-space Hall conductance, KPM) of any lattice model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from qsym.model import response
from qsym.model.by_name import load
from qsym.model.discretize import continuum_limit_error, discretize, hoppings
from qsym.model.topology import bloch_hamiltonian, chern_number
from qsym.model.zone import reciprocal_vectors

ROOT = Path(__file__).resolve().parents[1]
QWZ = str(ROOT / "tests" / "models" / "qwz.py")
DIRAC = str(ROOT / "tests" / "models" / "regularized_dirac.py")


def brute_ahe(model, eF: float, kT: float, n: int) -> float:
    """sum_n int_BZ f(E_n) Omega_n d^2k/(2pi)^2 by the periodic trapezoid rule on an n x n grid
    of the reduced cell, Omega_n by the sum over states with H (in the position gauge, where the
    model places its orbitals) and dH/dk differentiated by SymPy, diagonalized by numpy eigh
    (none of qsym's kernels)."""
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    vals = [p.value for p in model.used_parameters]
    H = model.geometry_hamiltonian
    B = reciprocal_vectors(model)
    q = np.arange(n) / n
    k = np.stack(np.meshgrid(q, q, indexing="ij"), -1).reshape(-1, 2) @ B

    def batch(M):
        out = np.zeros((k.shape[0],) + M.shape, complex)
        for (i, j), e in np.ndenumerate(np.array(M.tolist(), dtype=object)):
            out[:, i, j] = sp.lambdify(syms, e, "numpy")(k[:, 0], k[:, 1], *vals)
        return out

    E, U = np.linalg.eigh(batch(H))
    V = [np.einsum("kai,kab,kbj->kij", U.conj(), batch(H.diff(x)), U) for x in model.momenta]
    dE = E[:, :, None] - E[:, None, :]
    inv = np.divide(1.0, dE**2, out=np.zeros_like(dE), where=np.abs(dE) > 0)
    omega = -2 * np.imag(np.einsum("kij,kji,kij->ki", V[0], V[1], inv))
    f = 0.5 * (1 - np.tanh((E - eF) / (2 * kT)))
    return float(np.sum(f * omega)) * abs(np.linalg.det(B)) / n**2 / (2 * np.pi) ** 2


@pytest.mark.parametrize("name, eF", [("qi_wu_zhang", 1.3), ("haldane", -0.9), ("haldane", 0.4)])
def test_the_anomalous_hall_integral_over_the_zone_is_within_its_bound_of_a_brute_force_sum(name, eF):
    mod, model = load(name)
    r = response(name, "ahe", [eF], [model.kT], rtol=1e-9)
    fine, finer = brute_ahe(model, eF, model.kT, 240), brute_ahe(model, eF, model.kT, 360)
    assert abs(fine - finer) < 1e-12                 # the trapezoid rule of a periodic integrand has converged
    assert abs(float(r.value.ravel()[0]) - finer) <= float(r.error.ravel()[0]) + 1e-12
    assert r.converged


@pytest.mark.parametrize("edge", ["top of the lower band", "bottom of the upper band"])
@pytest.mark.parametrize("rtol", [1e-4, 1e-10])
def test_the_zone_integral_keeps_its_bound_at_the_band_edges_at_loose_and_tight_tolerances(edge, rtol):
    from qsym.model.zone import region

    _, model = load("qi_wu_zhang")
    mesh, _ = region(model, 400)
    E = np.linalg.eigvalsh(bloch_hamiltonian(model)(np.stack([m.ravel() for m in mesh], -1)))
    eF = E[:, 0].max() - 0.005 if edge.startswith("top") else E[:, 1].min() + 0.002
    r = response("qi_wu_zhang", "ahe", [eF], [0.01], rtol=rtol)
    exact = brute_ahe(model, eF, 0.01, 800)            # converged to 1e-16 (800, 1200, 1600 agree)
    assert abs(float(r.value.ravel()[0]) - exact) <= float(r.error.ravel()[0]) + 1e-15
    assert r.converged


def test_the_in_gap_hall_conductivity_of_qwz_is_its_chern_number_over_two_pi_at_every_temperature():
    _, model = load(QWZ)
    for m, C in ((-1.0, 1), (1.0, -1), (3.0, 0)):
        r = response(QWZ, "ahe", [0.0], [0.0, 0.01, 0.02], params={"m": m}, rtol=1e-9)
        assert np.allclose(2 * np.pi * r.value.ravel(), C, atol=1e-8), (m, r.value)
        assert np.all(r.error < 1e-8)


def test_fermi_energies_of_a_lattice_model_reach_across_the_zone_boundary():
    from qsym.model import fermi_energies

    mod, model = load(QWZ)
    mus = fermi_energies(mod, model, 0.01)
    assert mus.min() < -2.5 and mus.max() > 2.5       # bands of QWZ at m = -1 span [-3, 3]
    assert np.any(np.abs(mus) < 0.5)                  # and the gap


def test_a_lattice_model_takes_no_k_box():
    with pytest.raises(ValueError, match="Brillouin zone"):
        response(QWZ, "ahe", 0.0, 0.01, box=2.0)


def test_the_discretized_dirac_model_returns_the_continuum_to_second_order():
    _, model = load(DIRAC)
    lat = discretize(model, 1.0)
    assert continuum_limit_error(model, lat) == sp.zeros(2, 2)
    assert continuum_limit_error(model, discretize(model, 0.5), order=4) != sp.zeros(2, 2)   # O(k^4 a^2) remains


def test_discretization_makes_the_half_integer_dirac_flux_an_integer_chern_number():
    _, model = load(DIRAC)
    lat = discretize(model, 1.0)
    # the k^2 mass: C = 1 for 0 < m/b < 4 (the Dirac point's 1/2 and the k^2 term's 1/2),
    # -1 for 4 < m/b < 8 (the doublers at (pi, 0), (0, pi) changed sign), 0 for m/b < 0
    assert [chern_number(lat, params={"m": m}).value for m in (0.5, 3.0, 5.0, -0.5)] == [1, 1, -1, 0]
    _, tilted = load("tilted_dirac")
    # without a k^2 mass the doublers cancel the Dirac point: the lattice model is trivial
    assert chern_number(discretize(tilted, 1.0)).value == 0


def test_a_model_that_is_not_polynomial_in_k_is_not_discretized():
    _, model = load(QWZ)
    with pytest.raises(ValueError, match="lattice model already"):
        discretize(model, 1.0)


def test_the_hoppings_of_a_lattice_model_rebuild_its_bloch_hamiltonian():
    _, model = load("haldane")
    table = hoppings(model)
    k = np.random.default_rng(1).uniform(-3, 3, (10, 2))
    A = np.array([[float(c) for c in a] for a in model.lattice])
    rebuilt = sum(T[None] * np.exp(1j * (k @ (np.array(R) @ A)))[:, None, None] for R, T in table.items())
    assert np.max(np.abs(rebuilt - bloch_hamiltonian(model)(k))) < 1e-12
    assert len(table) == 7          # on-site and the three next-nearest pairs of the periodic gauge


def test_the_clean_real_space_hall_conductance_of_a_chern_insulator_is_minus_its_chern_number():
    from qsym.model.tasks import hall_sample

    for m, C in ((-1.0, 1), (1.0, -1), (3.0, 0)):
        s = hall_sample(QWZ, L=12, W=0.0, E_F=0.0, seed=0, m=m)["sigma_xy"]
        assert abs(s + C) < 0.01, (m, s)       # qsym's sign: sigma_xy = -C e^2/h


def test_a_chern_insulator_keeps_its_plateau_at_weak_disorder():
    from qsym.model.tasks import hall_sample

    values = [hall_sample(QWZ, L=12, W=1.0, E_F=0.0, seed=s)["sigma_xy"] for s in range(3)]
    assert np.all(np.abs(np.array(values) + 1) < 0.03), values


def test_the_kpm_density_of_states_is_that_of_eigvalsh_within_its_broadening():
    from qsym.lattice.kpm import density_of_states, local_moments, spectral_bounds, typical_and_arithmetic_dos
    from qsym.lattice.supercell import supercell_hamiltonian

    table = hoppings(discretize(load(DIRAC)[1], 1.0))
    H = supercell_hamiltonian(table, 10, W=1.0, seed=3)
    bounds = spectral_bounds(H)                     # (centre, half-width)
    centre, half = bounds
    M = 128
    E = np.linspace(centre - 0.97 * half, centre + 0.97 * half, 801)
    _, arithmetic = typical_and_arithmetic_dos(local_moments(H, np.arange(100), 2, M, bounds), E, bounds)
    levels = np.linalg.eigvalsh(H.toarray())
    # the same Jackson-damped series from the exact levels' moments (1/n) sum_l T_m(x_l), per cell
    x = (levels - centre) / half
    exact_moments = np.polynomial.chebyshev.chebvander(x, M - 1).sum(0) / 100
    assert np.max(np.abs(arithmetic - density_of_states(exact_moments, E, bounds))) < 1e-9
    # and the level count within the kernel's resolution: N_KPM(E) against eigvalsh, off by at
    # most the levels within 3 sigma of E
    sigma = np.pi * half / M
    counted = np.concatenate([[0], np.cumsum((arithmetic[1:] + arithmetic[:-1]) / 2 * np.diff(E))]) * 100 \
        + np.sum(levels < E[0])
    below = lambda e: np.searchsorted(np.sort(levels), e)  # noqa: E731
    assert np.all(np.abs(counted - below(E)) <= below(E + 3 * sigma) - below(E - 3 * sigma) + 2)


def test_a_discretized_continuum_model_runs_through_hall_and_kpm_with_qsym_sweep(tmp_path):
    hall, dos = tmp_path / "hall.jsonl", tmp_path / "dos.jsonl"
    common = [sys.executable, "-m", "qsym", "sweep", "--seeds", "2", "--workers", "1", "-q",
              "--param", f"model={DIRAC}", "--param", "a=1.0", "--param", "W=0.5"]
    subprocess.run(common + ["qsym.model.tasks:hall_sample", "--param", "L=8", "--param", "E_F=0",
                             "--store", str(hall)], check=True, capture_output=True, cwd=ROOT)
    subprocess.run(common + ["qsym.model.tasks:dos_sample", "--param", "L=10", "--param", "E=1.0",
                             "--store", str(dos)], check=True, capture_output=True, cwd=ROOT)
    h = [json.loads(line)["result"]["sigma_xy"] for line in hall.read_text().splitlines()]
    d = [json.loads(line)["result"] for line in dos.read_text().splitlines()]
    assert len(h) == 2 and all(-1.0 < x < -0.8 for x in h)       # C = 1 at L = 8 (finite-size ~0.1)
    assert len(d) == 2 and all(r["dos_arithmetic"] > 0 and 0 < r["dos_typical"] <= r["dos_arithmetic"] for r in d)


def test_qsym_check_and_figure_work_on_a_lattice_model_file(tmp_path):
    out = subprocess.run([sys.executable, "-m", "qsym", "figure", QWZ, "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    written = {p.name for p in tmp_path.iterdir()}
    assert {"qwz_bands.png", "qwz_wilson_loop.png", "qwz_responses.png", "qwz_geometry.png"} <= written


@pytest.mark.parametrize("name, fermi", [("haldane", [-1.2, -0.6, 0.4]), ("kane_mele", [-1.0, 0.8])])
def test_threefold_models_have_no_berry_curvature_dipole_once_their_orbitals_sit_where_they_are(name, fermi):
    """C3 forbids an in-plane vector: D_a = int f d_a Omega_z vanishes. Only the geometry of the
    position operator (Model.orbitals) respects it; the periodic gauge's does not."""
    import dataclasses

    from qsym.codegen import load_module
    from qsym.model import derivation
    from qsym.model.responses import evaluate

    mod, model = load(name)
    r = evaluate(mod, model, "bcd", fermi, 0.05, rtol=1e-8)
    assert np.all(np.abs(r.value) <= r.error + 1e-12 * r.magnitude) and np.max(r.magnitude) > 1e-3
    if name == "kane_mele":            # (quick to derive again; Haldane's periodic gauge does the same)
        periodic = dataclasses.replace(model, orbitals=())
        p = evaluate(load_module(derivation(periodic)), periodic, "bcd", fermi, 0.05, rtol=1e-6)
        assert np.max(np.abs(p.value)) > 1e-3 * np.max(p.magnitude)


def test_orbital_positions_are_checked():
    import dataclasses

    _, model = load("haldane")
    with pytest.raises(ValueError, match="orbitals must give 2 positions"):
        dataclasses.replace(model, orbitals=((0, 0),))
    _, dirac = load(DIRAC)
    with pytest.raises(ValueError, match="give lattice="):
        dataclasses.replace(dirac, orbitals=((0, 0), (0, 0)))


def test_the_clean_bar_lyapunov_exponents_are_the_logs_of_the_transfer_matrix_eigenvalues():
    """A clean bar repeats one transfer matrix M: its Lyapunov exponents are ln|eig M| (the
    largest half), against the QR-product route of qsym.lattice.transfer."""
    from qsym.lattice.supercell import bar_slices
    from qsym.lattice.transfer import lyapunov_exponents
    from qsym.model.tasks import model_hoppings

    _, table = model_hoppings(DIRAC, 1.0)
    H0, hop = bar_slices(table, 6)
    E, n = 0.1, H0.shape[0]
    hinv = np.linalg.inv(hop)
    M = np.block([[hinv @ (E * np.eye(n) - H0), -hinv @ hop.conj().T], [np.eye(n), np.zeros((n, n))]])
    exact = np.sort(np.log(np.abs(np.linalg.eigvals(M))))[::-1][:n]
    got = lyapunov_exponents(H0, hop, E, 2000).exponents
    assert np.max(np.abs(got - exact)) < 3e-3          # the transient of 2000 slices


def test_disorder_shortens_the_localization_length_of_a_discretized_model():
    from qsym.model.tasks import localization_sample

    lengths = [localization_sample(DIRAC, 6, W, 1.5, 0, a=1.0, slices=1000)["Lambda"] for W in (2.0, 4.0)]
    assert lengths[0] > 2 * lengths[1] > 0


def test_a_singular_hopping_between_slices_gets_a_clear_error():
    from qsym.model.tasks import localization_sample

    with pytest.raises(ValueError, match="not invertible"):
        localization_sample(QWZ, 6, 1.0, 0.0, 0)      # T_x = (sigma_z - i sigma_x)/2 is singular


def test_the_berry_flux_of_a_dirac_cone_through_its_box_is_the_integral_of_its_curvature():
    """A continuum model has no Chern number: the flux through [-K, K]^2 of the lower band of
    v k . sigma + m sigma_z (+ tilt) is int m v^2 / (2 E^3) d^2k / 2pi (scipy dblquad), short
    of sign(m)/2 by what lies outside; the boundary loop's Berry phase gives it modulo 1."""
    from scipy.integrate import dblquad

    from qsym.model.box_flux import box_flux

    _, model = load("tilted_dirac")
    v, m = (next(p.value for p in model.parameters if str(p.symbol) == s) for s in ("v", "m"))
    for K in (0.5, 5.0):
        r = box_flux(model, box=K)
        exact = dblquad(lambda y, x: m * v**2 / (2 * (m * m + v * v * (x * x + y * y)) ** 1.5), -K, K, -K, K,
                        epsabs=1e-13, epsrel=1e-12)[0] / (2 * np.pi)
        assert abs(r.flux - exact) < 1e-9 and abs(r.boundary - exact) < 1e-9
        assert 0 < r.flux < 0.5
