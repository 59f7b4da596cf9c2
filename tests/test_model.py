"""Bring your own model: a model file becomes a derivation whose generated kernels agree with
numpy eigh and perturbation sums (degenerate groups included), from the command line too."""

import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from qsym.model import Model, NotClifford, Parameter, clifford_form, pauli
from qsym.model.checks import group_layout
from qsym.model.checks import numeric_hamiltonian as _numeric, sum_over_states as _sum_over_states

DEMOS = ("tilted_dirac", "rashba_zeeman", "bhz_both_spins", "spin1", "weyl_pair")


def _model(name):
    import importlib

    return importlib.import_module(f"derivations.{name}").MODEL


@pytest.mark.parametrize("name", DEMOS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_generated_geometry_equals_eigh_and_perturbation_sums_degenerate_groups_included(name, data):
    import importlib

    model, gen = _model(name), importlib.import_module(f"generated.{name}")
    k = [data.draw(st.floats(-model.k_max, model.k_max)) for _ in model.momenta]
    params = {p: p.value * data.draw(st.floats(0.5, 1.5)) for p in model.used_parameters}
    h, dh = _numeric(model)
    groups = group_layout(model, clifford=name != "spin1")
    ref = _sum_over_states(model, h, dh, k, params, groups)
    if min(r["gap"] for r in ref.values()) < 1e-2:
        return
    kw = {str(q).replace("_", ""): x for q, x in zip(model.momenta, k)}
    kw.update({str(p.symbol): v for p, v in params.items()})
    for g in groups:
        for q in ("energy", "velocity", "quantum_metric", "berry_curvature", "bcp"):
            got, want = np.atleast_1d(getattr(gen, f"{q}_{g}")(**kw)), np.atleast_1d(ref[g][q])
            assert np.allclose(got, want, rtol=1e-10, atol=1e-10 * max(1.0, float(np.max(np.abs(want))))), (q, g)


def test_degenerate_groups_of_bhz_are_pairs_with_opposite_spin_curvatures_cancelling():
    import generated.bhz_both_spins as bhz

    kw = dict(kx=0.1, ky=-0.05, A=0.36, B=-0.69, C=0.0, D=-0.51, M=-0.01)
    assert bhz.berry_curvature_lower(**kw) == 0.0
    g = bhz.quantum_metric_lower(**kw)
    assert g[0] > 0 and g[2] > 0 and g[0] * g[2] >= g[1] ** 2     # positive semidefinite


def test_models_that_are_not_clifford_or_not_hermitian_or_use_unknown_symbols_are_refused_clearly():
    s0, sx, sy, sz = pauli()
    kx, ky, a = sp.symbols("k_x k_y a", real=True)
    with pytest.raises(ValueError, match="neither momenta nor parameters"):
        Model("m", kx * sx + a * sz, (kx, ky), ())
    with pytest.raises(ValueError, match="Hermitian"):
        clifford_form(sp.I * kx * sx)
    spin1 = sp.Matrix([[1, 0, 0], [0, 0, 0], [0, 0, -1]])
    with pytest.raises(NotClifford, match="3 x 3"):
        clifford_form(kx * spin1)
    with pytest.raises(NotClifford, match="do not anticommute"):
        clifford_form(kx * sp.Matrix(sp.kronecker_product(sx, s0)) + ky * sp.Matrix(sp.kronecker_product(s0, sx)))
    with pytest.raises(ValueError, match="outside"):
        Parameter(a, "eV", "a", value=5.0, lower=0.0, upper=1.0)
    with pytest.raises(ValueError, match="degeneracy must divide"):
        Model("m", kx * sx, (kx, ky), (), degeneracy=3)


def test_the_spin1_model_is_diagonalized_numerically_and_refuses_its_touching_point():
    import generated.spin1 as s1

    e = [float(getattr(s1, f"energy_band{j}")(0.3, 0.1, v=1.0, D=0.2)) for j in (1, 2, 3)]
    model = _model("spin1")
    (kx, ky), (v, D) = model.momenta, (p.symbol for p in model.parameters)
    H = np.array(sp.Matrix(model.hamiltonian).subs({kx: 0.3, ky: 0.1, v: 1.0, D: 0.2}), dtype=complex)
    assert np.allclose(e, np.linalg.eigvalsh(H), atol=1e-14)
    with pytest.raises(ValueError, match="closer than"):
        s1.quantum_metric_band2(0.0, 0.0, v=1.0, D=0.2)     # bands 2 and 3 touch at k = 0


def _qsym(*args, cwd):
    return subprocess.run([sys.executable, "-m", "qsym", *args], cwd=cwd, capture_output=True, text=True)


def test_a_new_model_file_outside_the_repository_checks_shows_generates_and_draws(tmp_path):
    r = _qsym("new", "mymodel", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "mymodel.py"
    text = path.read_text()
    line = "    hamiltonian=v * (kx * sx + ky * sy) + m * sz,"
    assert line in text
    path.write_text(text.replace(line, "    hamiltonian=t * kx * s0 + v * (kx * sx + ky * sy) + m * sz,"))
    check = _qsym("check", "mymodel.py", "--jobs", "1", cwd=tmp_path)
    assert check.returncode == 0 and "0 failed" in check.stdout, check.stdout + check.stderr
    show = _qsym("show", "mymodel.py", cwd=tmp_path)
    assert show.returncode == 0 and "k_{x} t" in show.stdout
    gen = _qsym("generate", "mymodel.py", "--out", "gen", cwd=tmp_path)
    assert gen.returncode == 0 and (tmp_path / "gen" / "mymodel.py").exists(), gen.stderr
    fig = _qsym("figure", "mymodel.py", "--out", "figs", cwd=tmp_path)
    assert fig.returncode == 0 and (tmp_path / "figs" / "mymodel_geometry.png").exists(), fig.stderr
    again = _qsym("new", "mymodel", cwd=tmp_path)
    assert again.returncode != 0 and "exists" in again.stderr


def test_a_model_file_without_model_gets_a_clear_error(tmp_path):
    (tmp_path / "empty.py").write_text("x = 1\n")
    r = _qsym("check", "empty.py", cwd=tmp_path)
    assert r.returncode != 0 and "must define MODEL" in r.stderr


def test_fermi_energies_beside_a_flat_spectator_band_sweep_the_dirac_cone_and_avoid_the_flat_band():
    import generated.dirac_spectator as mod

    from qsym.model.responses import fermi_energies

    model = _model("dirac_spectator")
    mus = fermi_energies(mod, model, model.kT)
    flat = 2.0                                             # Delta: the band is flat across the box
    assert mus.size > 50
    assert np.all(np.abs(mus - flat) > 30 * model.kT)
    assert mus.min() < -0.1 and mus.max() > 0.1            # both Dirac bands, across the gap 2m
