"""Quantum-metric nonlinear transport (paper 002): generated kernels and conductivities
against independent routes.

- per-k kernels vs mpmath (30 digits) evaluation of the same SymPy expression, 1e-12;
- quantum metric, BCP and dipole vs numpy eigh with perturbation sums (the route of
  Wannier-interpolation codes), 1e-10;
- conductivities vs numpy eigh on a converged uniform k-grid, 1e-6.
Domain: v > 0, m != 0, b > 0; observables also need a single band minimum.
"""

import mpmath
import numpy as np
import pytest
from hypothesis import given, strategies as st

from helpers import mp_function
from derivations.quantum_metric_nonlinear.parameters import FIG2
from derivations.quantum_metric_nonlinear.references import eigh_geometry, numeric_sigma_drude_grid, numeric_sigma_qm_grid
from derivations.quantum_metric_nonlinear.symbols import IJK

signed = lambda lo, hi: st.one_of(st.floats(lo, hi), st.floats(-hi, -lo))  # noqa: E731
model = st.fixed_dictionaries({"v": st.floats(0.3, 2.0), "m": signed(0.05, 0.5), "b": st.floats(0.2, 2.0),
                               "t": st.floats(-1.0, 1.0)})
momentum = st.floats(-1.0, 1.0)


def _kernel(qmn, name):
    return next(k for k in qmn.kernels if k.name == name)


def _mp(qmn, kernel, key, values):
    exprs = kernel.expr[key] if kernel.options else kernel.expr
    if isinstance(exprs, tuple):
        return [_mp_single(qmn, kernel, f"{key}{n}", e, values) for n, e in enumerate(exprs)]
    return _mp_single(qmn, kernel, f"{key}", exprs, values)


def _mp_single(qmn, kernel, tag, expr, values):
    f = mp_function(qmn, kernel, expr, tag)
    return float(f(*(mpmath.mpf(values[a.name]) for a in kernel.args)))


@pytest.mark.parametrize("name", ["band_energy", "quantum_metric", "bcp"])
@given(p=model, kx=momentum, ky=momentum)
def test_geometry_kernels_match_mpmath_evaluation_of_their_expressions(qmn, qmn_generated, name, p, kx, ky):
    kernel = _kernel(qmn, name)
    got = np.atleast_1d(getattr(qmn_generated, name)(kx, ky, **p))
    ref = np.atleast_1d(_mp(qmn, kernel, None, dict(p, kx=kx, ky=ky)))
    assert np.all(np.isfinite(got))
    assert np.all(np.abs(got - ref) <= 1e-12 * np.abs(ref) + 1e-13 * np.max(np.abs(ref))), (got, ref)


@pytest.mark.parametrize("ijk", ["xxx", "xyy", "yxy", "yyy"])
@given(p=model, kx=momentum, ky=momentum)
def test_qm_dipole_matches_mpmath_evaluation_of_its_expression(qmn, qmn_generated, ijk, p, kx, ky):
    kernel = _kernel(qmn, "qm_dipole")
    got = float(qmn_generated.qm_dipole(kx, ky, ijk, **p))
    ref = _mp(qmn, kernel, (ijk,), dict(p, kx=kx, ky=ky))
    assert abs(got - ref) <= 1e-12 * abs(ref) + 1e-12, (got, ref)


@given(p=model, kx=momentum, ky=momentum)
def test_symbolic_metric_and_bcp_agree_with_numeric_eigh(qmn_generated, p, kx, ky):
    ref = eigh_geometry(np.array([kx]), np.array([ky]), p["v"], p["m"], p["b"], p["t"])
    for name, key in (("quantum_metric", "metric"), ("bcp", "bcp")):
        got = getattr(qmn_generated, name)(kx, ky, **p)
        scale = np.max(np.abs(ref[key][0]))
        assert np.allclose(got, ref[key][0], rtol=1e-10, atol=1e-10 * scale), (name, got, ref[key][0])


@given(p=model, kx=momentum, ky=momentum)
def test_qm_dipole_agrees_with_numeric_eigh(qmn_generated, p, kx, ky):
    ref = eigh_geometry(np.array([kx]), np.array([ky]), p["v"], p["m"], p["b"], p["t"])
    vel, G = ref["velocity"][0], ref["bcp"][0]
    T = np.array([[G[0], G[1]], [G[1], G[2]]])
    for ijk in IJK:
        i, j, k = ("xy".index(c) for c in ijk)
        expected = vel[i] * T[j, k] - 0.5 * (vel[j] * T[i, k] + vel[k] * T[i, j])
        got = float(qmn_generated.qm_dipole(kx, ky, ijk, **p))
        # eigh velocities carry absolute noise ~ eps * (band velocity scale v + |t|)
        scale = (p["v"] + abs(p["t"]) + np.max(np.abs(vel))) * np.max(np.abs(G))
        assert abs(got - expected) <= 1e-10 * (abs(expected) + scale), ijk


def test_kernels_are_finite_at_k_zero_and_vectorized(qmn_generated):
    k = np.zeros((3, 4))
    for name in ("band_energy", "quantum_metric", "bcp"):
        out = getattr(qmn_generated, name)(k, k, **FIG2)
        assert np.all(np.isfinite(out))
    assert qmn_generated.bcp(k, k, **FIG2).shape == (3, 4, 3)
    assert qmn_generated.qm_dipole(k, k, "xyy", **FIG2).shape == (3, 4)


def test_sigma_qm_agrees_with_numeric_eigh_on_converged_grid(qmn_generated):
    mus = np.array([0.1, 0.25, 0.35])
    rows = (("xyy", "WPD"), ("yxy", "WPD"), ("xxx", "LKA"))
    refs = numeric_sigma_qm_grid([r[0] for r in rows], mus, 0.01, *FIG2.values(), theory=[r[1] for r in rows],
                                 half_width=1.6)
    for (ijk, theory), ref in zip(rows, refs):
        got = qmn_generated.sigma_qm(ijk, mus, 0.01, theory=theory, **FIG2)
        assert np.allclose(got, ref, rtol=1e-6, atol=0), (ijk, theory, got, ref)


def test_zero_temperature_is_the_limit_of_finite_temperature(qmn_generated):
    cold = qmn_generated.sigma_qm("xyy", 0.25, 0.0, **FIG2)
    warm = qmn_generated.sigma_qm("xyy", 0.25, np.array([4e-4, 2e-4]), **FIG2)
    # Sommerfeld: the deviation falls as kT^2
    err = np.abs(warm - cold)
    assert err[1] < 0.3 * err[0] and err[1] < 1e-5 * abs(cold)


def test_sigma_iii_vanishes_for_wave_packet_formula_only(qmn_generated):
    for ijk in ("xxx", "yyy"):
        assert qmn_generated.sigma_qm(ijk, 0.25, 0.01, **FIG2) == 0
    assert abs(qmn_generated.sigma_qm("xxx", 0.25, 0.01, theory="LKA", **FIG2)) > 1e-2
    assert abs(qmn_generated.sigma_qm("xxx", 0.25, 0.01, theory="QK", **FIG2)) > 1e-2


def test_nonlinear_hall_response_needs_the_symmetry_breaking_term(qmn_generated):
    p = dict(FIG2, t=0.0)
    assert abs(qmn_generated.sigma_qm("xyy", 0.25, 0.01, **p)) < 1e-12
    assert abs(qmn_generated.sigma_qm("xyy", 0.25, 0.01, **FIG2)) > 0.1


def test_nonlinear_drude_agrees_with_eigh_hessian_route(qmn_generated):
    mus = [0.12, 0.3]
    for ijk in ("xxx", "xyy"):
        ref = numeric_sigma_drude_grid(ijk, mus, 0.01, *FIG2.values())
        got = qmn_generated.sigma_drude_nl(ijk, mus, 0.01, 2.0, **FIG2)
        assert np.allclose(got, 4.0 * ref, rtol=1e-6), (ijk, got, ref)


def test_berry_curvature_dipole_vanishes_for_pt_symmetric_pairs(qmn_generated):
    assert np.all(qmn_generated.sigma_bcd("xyy", [0.1, 0.3], 0.01, 1.0, **FIG2) == 0)
    q = np.linspace(-1, 1, 41)
    omega = eigh_geometry(*np.meshgrid(q, q), *FIG2.values())["curvature"]
    assert np.max(np.abs(omega)) < 1e-10


@pytest.mark.parametrize("call, message", [
    (lambda g: g.sigma_qm("xyy", 0.2, 0.0, theory="Boltzmann", **FIG2), "theory must be one of"),
    (lambda g: g.sigma_qm("xz", 0.2, 0.0, **FIG2), "ijk must be one of"),
    (lambda g: g.sigma_qm("xyy", 0.2, -0.01, **FIG2), "kT"),
    (lambda g: g.bcp(0.1, 0.1, v=-1, m=0.1, b=1, t=0), "v"),
    (lambda g: g.bcp(0.1, 0.1, v=1, m=0.0, b=1, t=0), "m"),
    (lambda g: g.sigma_qm("xyy", 0.2, 0.0, v=0.3, m=0.3, b=1.0, t=0.9), "single minimum"),
])
def test_bad_input_gets_a_clear_error(qmn_generated, call, message):
    with pytest.raises(ValueError, match=message):
        call(qmn_generated)
