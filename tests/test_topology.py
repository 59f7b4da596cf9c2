"""Topological invariants of lattice models (qsym.model.topology) against independent routes: the
link-variable Chern number against the Berry curvature by perturbation sums integrated over the
zone, the Wilson loops' winding against the Chern number, the Wilson-loop Z2 index against the
spin Chern number where S_z is conserved and against the phase boundary derived from the gap
closing, and the known phases of Qi-Wu-Zhang, Haldane, Kane-Mele and SSH."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from qsym.model import topology
from qsym.model import Model

MODELS = Path(__file__).parent / "models"


def _model(name: str) -> Model:
    """A test model of tests/models, or a demonstration of derivations/."""
    if not (MODELS / f"{name}.py").exists():
        return importlib.import_module(f"derivations.{name}").MODEL
    spec = importlib.util.spec_from_file_location(f"_topology_{name}", MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MODEL


def _curvature_chern(model: Model, params: dict, bands: np.ndarray, n: int = 160) -> float:
    """(1/2 pi) int_BZ Omega d^2k with Omega_n = -2 Im sum_{m not in the group}
    <n|d_x H|m><m|d_y H|n> / (E_n - E_m)^2 (qsym's convention A = <u|i grad u>), summed over the
    group, by the trapezoid rule on the reduced zone (exponentially convergent: periodic)."""
    H = sp.Matrix(model.hamiltonian)
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    values = [params.get(str(p.symbol), p.value) for p in model.used_parameters]
    funcs = [sp.lambdify(syms, M, "numpy") for M in (H, H.diff(model.momenta[0]), H.diff(model.momenta[1]))]
    B = topology.reciprocal_vectors(model)
    s = np.arange(n) / n
    total = 0.0
    for k1 in s:
        for k2 in s:
            k = k1 * B[0] + k2 * B[1]
            h, hx, hy = (np.asarray(f(*k, *values), complex) for f in funcs)
            E, U = np.linalg.eigh(h)
            X, Y = U.conj().T @ hx @ U, U.conj().T @ hy @ U
            others = [j for j in range(E.size) if j not in set(bands)]
            total += sum(-2 * np.imag(X[a, b] * Y[b, a]) / (E[a] - E[b]) ** 2 for a in bands for b in others)
    return total * abs(np.linalg.det(B)) / n**2 / (2 * np.pi)


@pytest.mark.parametrize("m, chern", [(-1.0, 1), (1.0, -1), (3.0, 0)])
def test_qi_wu_zhang_has_chern_number_plus_one_minus_one_and_zero_at_m_minus_one_one_and_three(m, chern):
    assert topology.chern_number(_model("qwz"), params={"m": m}).value == chern


@pytest.mark.parametrize("name, params", [("qwz", {"m": -1.0}), ("qwz", {"m": 1.7}), ("qwz", {"m": -2.5}),
                                          ("haldane", {"M": 0.2}), ("haldane", {"M": 0.0, "phi": -0.7}),
                                          ("haldane", {"M": 0.6})])
def test_the_link_variable_chern_number_is_the_integrated_berry_curvature(name, params):
    model = _model(name)
    c = topology.chern_number(model, params=params)
    assert abs(c.flux - c.value) < 1e-9
    assert abs(_curvature_chern(model, params, topology.band_indices(model, "lower")) - c.value) < 1e-6


@pytest.mark.parametrize("name, params", [("qwz", {"m": -1.0}), ("qwz", {"m": 0.4}), ("haldane", {"M": 0.2}),
                                          ("haldane", {"M": -0.6})])
def test_the_wilson_loops_wind_by_the_chern_number(name, params):
    model = _model(name)
    c = topology.chern_number(model, params=params).value
    assert topology.wilson_loop(model, params=params, along=1).winding == c
    assert topology.wilson_loop(model, params=params, along=0).winding == -c


def _doubled(model: Model, partner=lambda H: H) -> Model:
    """``H (+) partner(H)``, bands ordered so that the two lower bands form the lower group."""
    H = sp.Matrix(model.hamiltonian)
    big = sp.diag(H, partner(H))
    return Model(name=model.name + "_doubled", hamiltonian=big, momenta=model.momenta, parameters=model.parameters,
                 k_max=model.k_max, lattice=model.lattice, degeneracy=2)


def test_a_degenerate_band_group_has_the_summed_chern_number():
    """Two copies of Qi-Wu-Zhang: the lower group is twofold degenerate everywhere (its
    eigenvectors mix arbitrarily), and the determinant links give 2C."""
    model = _doubled(_model("qwz"))
    for m, c in ((-1.0, 1), (1.0, -1)):
        assert topology.chern_number(model, "band1", params={"m": m}).value == 2 * c


def _time_reversed_pair() -> Model:
    """Qi-Wu-Zhang and its time-reversed partner H*(-k): a lattice BHZ model, time-reversal
    invariant, with Z2 = C mod 2 of one block."""
    qwz = _model("qwz")
    kx, ky = qwz.momenta
    model = _doubled(qwz, lambda H: H.subs({kx: -kx, ky: -ky}, simultaneous=True).conjugate())
    return Model(name="bhz_lattice", hamiltonian=model.hamiltonian, momenta=model.momenta,
                 parameters=model.parameters, k_max=model.k_max, lattice=model.lattice)


@pytest.mark.parametrize("m, z2", [(-1.0, 1), (1.0, 1), (1.9, 1), (2.5, 0), (-3.0, 0)])
def test_the_z2_index_of_a_time_reversal_pair_is_the_parity_of_one_blocks_chern_number(m, z2):
    block = topology.chern_number(_model("qwz"), params={"m": m}).value
    model = _time_reversed_pair()
    assert topology.chern_number(model, params={"m": m}).value == 0
    assert topology.z2_index(model, params={"m": m}) == abs(block) % 2 == z2


def test_kane_mele_z2_changes_where_the_gap_closes_at_K_the_boundary_solved_symbolically():
    """At lambda_R = 0 the gap at K = (4 pi/3, 0) closes where det H(K) = 0: solved for lambda_v,
    |lambda_v| = 3 sqrt(3) lambda_SO (Kane and Mele's boundary). Z2 = 1 below it, 0 above; with
    S_z conserved, Z2 is the spin-up block's Chern number mod 2."""
    km = _model("kane_mele")
    syms = {str(p.symbol): p.symbol for p in km.parameters}
    kx, ky = km.momenta
    at_K = sp.Matrix(km.hamiltonian).subs({kx: 4 * sp.pi / 3, ky: 0, syms["lambda_R"]: 0})
    roots = sp.solve(sp.factor(at_K.det()), syms["lambda_v"])
    boundary = sp.sqrt(3) * 3 * syms["lambda_SO"]
    assert {sp.simplify(r - boundary) == 0 or sp.simplify(r + boundary) == 0 for r in roots} == {True}
    lso = 0.06
    up = Model(name="kane_mele_up", hamiltonian=sp.Matrix(km.hamiltonian).extract([0, 2], [0, 2]),
               momenta=km.momenta, parameters=km.parameters, k_max=km.k_max, lattice=km.lattice)
    for fraction, z2 in ((0.0, 1), (0.5, 1), (0.9, 1), (1.1, 0), (2.0, 0)):
        p = {"lambda_SO": lso, "lambda_R": 0.0, "lambda_v": fraction * float(boundary.subs(syms["lambda_SO"], lso))}
        assert topology.z2_index(km, params=p) == z2
        p.pop("lambda_R")                  # (the spin-up block has no Rashba coupling)
        assert abs(topology.chern_number(up, params=p).value) % 2 == z2


def test_kane_mele_with_rashba_coupling_is_a_quantum_spin_hall_insulator_at_its_typical_values():
    km = _model("kane_mele")
    assert topology.z2_index(km) == 1
    assert topology.z2_index(km, along=1) == 1
    assert topology.z2_index(km, params={"lambda_v": 0.5}) == 0


@pytest.mark.parametrize("v, zak", [(0.5, np.pi), (-0.5, np.pi), (1.5, 0.0), (-1.5, 0.0)])
def test_the_zak_phase_of_the_ssh_chain_is_pi_in_its_topological_phase(v, zak):
    phase = topology.zak_phase(_model("ssh"), params={"v": v})
    assert abs(np.exp(1j * phase) - np.exp(1j * zak)) < 1e-9


def test_bands_that_touch_have_no_invariant_and_the_error_says_where():
    with pytest.raises(ValueError, match=r"touch another band near k = \(3.14"):
        topology.chern_number(_model("qwz"), params={"m": 2.0})


def test_a_hamiltonian_that_is_not_periodic_on_its_lattice_is_refused_naming_the_reciprocal_vector():
    qwz = _model("qwz")
    with pytest.raises(ValueError, match=r"H\(k \+ G\) != H\(k\) for the reciprocal vector G = b1 = \(3.14159, 0\)"):
        Model(name="qwz_wrong", hamiltonian=qwz.hamiltonian, momenta=qwz.momenta, parameters=qwz.parameters,
              lattice=((2, 0), (0, 1)))
    with pytest.raises(ValueError, match="linearly dependent"):
        Model(name="qwz_flat", hamiltonian=qwz.hamiltonian, momenta=qwz.momenta, parameters=qwz.parameters,
              lattice=((1, 0), (2, 0)))
    with pytest.raises(ValueError, match="2 lattice vectors of 2"):
        Model(name="qwz_3d", hamiltonian=qwz.hamiltonian, momenta=qwz.momenta, parameters=qwz.parameters,
              lattice=((1, 0, 0), (0, 1, 0), (0, 0, 1)))


def test_a_continuum_model_has_no_brillouin_zone_and_says_so():
    from derivations.tilted_dirac import MODEL

    with pytest.raises(ValueError, match="give the lattice vectors"):
        topology.chern_number(MODEL)
