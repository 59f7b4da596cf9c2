"""Generated BHZ kernels and observables against independent high-precision routes.

Per-k kernels are compared with mpmath (30 digits) evaluation of the same SymPy expression;
observables with mpmath.quad of the same integrand, split at the integrand's own features
(k_F found by mpmath.findroot, not by the code under test). Domain: A^2 > 2MB, M != 0,
B != 0, k >= 0, kT >= 0, n_i >= 0 (n_i > 0 and U != 0 for the Drude conductivity).
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, example, given, settings, strategies as st

from helpers import mp_function
from derivations.bhz_decoherence.parameters import paper_parameters

signed = lambda lo, hi: st.one_of(st.floats(lo, hi), st.floats(-hi, -lo))  # noqa: E731
model = st.fixed_dictionaries({
    "M": signed(1e-3, 5e-2), "A": st.floats(0.05, 1.0), "B": signed(0.05, 2.0), "U": st.floats(0.5, 20.0),
})
kT_values = st.one_of(st.just(0.0), st.floats(1e-4, 0.1))
PER_K = ["band_energy", "dos", "berry_curvature", "gamma", "gamma_anomalous", "tau_parallel", "tau_perp",
         "sigma_parallel_integrand", "sigma_perp_integrand", "sigma_drude_integrand"]


def _call_kwargs(kernel, values):
    pos = [values[a.name] for a in kernel.args if not a.keyword_only]
    kw = {a.name: values[a.name] for a in kernel.args if a.keyword_only}
    return pos, kw


@pytest.mark.parametrize("name", PER_K)
@given(p=model, k=st.floats(0.0, 5.0), eF=st.floats(-0.1, 0.1), kT=kT_values, n_i=st.one_of(st.just(0.0), st.floats(1e-30, 1e-2)))
@example(p={"M": 0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, k=0.0, eF=0.0, kT=0.0, n_i=0.0)
@example(p={"M": -0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, k=0.1, eF=0.01, kT=0.0, n_i=1e-3)
def test_kernel_matches_mpmath_evaluation_of_its_expression(bhz, bhz_generated, name, p, k, eF, kT, n_i):
    assume(p["A"] ** 2 - 2 * p["M"] * p["B"] > 0)
    kernel = next(kk for kk in bhz.kernels if kk.name == name)
    if name == "sigma_drude_integrand":  # defined for n_i > 0 and kT > 0 (its kT = 0 form is a separate route)
        n_i, kT = 1e-8 + n_i, kT or 1e-4
    values = dict(p, k=k, eF=eF, kT=kT, n_i=n_i)
    pos, kw = _call_kwargs(kernel, values)
    got = complex(getattr(bhz_generated, name)(*pos, **kw))
    ref = complex(mp_function(bhz, kernel)(*(mpmath.mpf(values[a.name]) for a in kernel.args)))
    assert np.isfinite(got)
    assert abs(got - ref) <= 1e-12 * abs(ref) + 1e-14, (got, ref)


def _mp_reference(bhz, name, eF, kT, n_i, p):
    """mpmath.quad of the integrand over [0, inf), split at scales and at the Fermi edge;
    returns the integral and the integral of its absolute value (the scale against which a
    cancelling integral's accuracy is measured)."""
    kernel = next(kk for kk in bhz.kernels if kk.name == name)
    f = mp_function(bhz, kernel)
    M, A, B, U = (mpmath.mpf(p[x]) for x in "MABU")
    energy = lambda k: mpmath.sqrt(A**2 * k**2 + (M - B * k**2) ** 2)  # noqa: E731
    pts = {mpmath.mpf(0), abs(M) / A, mpmath.sqrt(abs(M / B)), A / abs(B)}
    edge = max(abs(eF), abs(p["M"]))
    offsets = (-30, -10, -3, -1, 0, 1, 3, 10, 30) if kT > 0 else (0,)
    for o in offsets:
        e = edge + o * kT
        if e > abs(p["M"]):
            pts.add(mpmath.findroot(lambda k: energy(k) - e, (mpmath.mpf(0), 10 * (1 + e / abs(B))),
                                    solver="anderson", verify=False))
    args = (mpmath.mpf(eF), mpmath.mpf(kT), mpmath.mpf(n_i), M, A, B, U)
    pts = sorted(pts)
    # mpmath.quad's stopping rule is absolute (~10^-dps): normalize the integrand by its size,
    # or an exponentially small (thermally activated) integral stops before it converges
    probes = [a + (b - a) * t for a, b in zip(pts, pts[1:]) for t in (0.1, 0.5, 0.9)] + [2 * pts[-1]]
    scale = max(abs(f(k, *args)) for k in probes) or mpmath.mpf(1)
    value = scale * mpmath.quad(lambda k: f(k, *args) / scale, pts + [mpmath.inf])
    with mpmath.workdps(15):
        size = scale * mpmath.quad(lambda k: abs(f(k, *args) / scale), pts + [mpmath.inf])
    return value, size


#: the README's stated accuracy of the observables against mpmath.quad, relative to the
#: integral of |integrand| (sigma_perp changes sign: its relative error can be large where it
#: vanishes); measured ~1e-15 typically, 6e-13 worst. A quadrature of lower order (6 or 8
#: points per panel: ~5e-10) fails it.
RTOL = 1e-12
OBSERVABLES = [("sigma_parallel", "sigma_parallel_integrand"), ("sigma_perp", "sigma_perp_integrand"),
               ("sigma_drude", "sigma_drude_integrand")]


@pytest.mark.parametrize("name, integrand", OBSERVABLES)
@given(p=model, eF=st.floats(-0.08, 0.08), kT=kT_values, n_i=st.floats(-5, 0).map(lambda e: 10.0**e))
@example(p={"M": 0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, eF=0.0, kT=0.0, n_i=1e-3)
@example(p={"M": -0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, eF=0.0, kT=0.0, n_i=1e-3)
@example(p={"M": 0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, eF=0.03, kT=0.0, n_i=1e-3)
@example(p={"M": 0.005, "A": 0.2276, "B": 0.3004, "U": 9.72}, eF=0.03, kT=1e-4, n_i=1e-3)
@example(p={"M": 0.03125, "A": 1.0, "B": 1.0, "U": 1.0}, eF=0.0, kT=1e-4, n_i=0.0078125)  # found: ~e^-312
def test_observable_matches_mpmath_quadrature(bhz, bhz_generated, name, integrand, p, eF, kT, n_i):
    assume(p["A"] ** 2 - 2 * p["M"] * p["B"] > 0)
    got = float(getattr(bhz_generated, name)(eF, kT, n_i, **p))
    if name == "sigma_drude" and kT == 0:
        # T = 0: the Fermi-surface form; reference from the integrand at a temperature so
        # low that the thermal smearing is below the tolerance (Sommerfeld: O((kT/W)^2),
        # W = |eF| - |M| the distance to the band edge)
        if abs(eF) <= abs(p["M"]):
            assert got == 0.0
            return
        kT_ref = 1e-9 * abs(abs(eF) - abs(p["M"]))
        ref, size = _mp_reference(bhz, integrand, eF, kT_ref, n_i, p)
        assert abs(got - float(ref)) <= RTOL * float(size), (name, got, float(ref), p, eF, n_i)
        return
    ref, size = _mp_reference(bhz, integrand, eF, kT, n_i, p)
    assert abs(got - float(ref)) <= RTOL * float(size) + 1e-300, (name, got, float(ref), p, eF, kT, n_i)


def test_observables_broadcast_over_grids(bhz_generated):
    p = paper_parameters()
    eF = np.linspace(-0.02, 0.02, 5)[:, None]
    kT = np.array([0.0, 0.001, 0.01])[None, :]
    for fn in (bhz_generated.sigma_parallel, bhz_generated.sigma_perp, bhz_generated.sigma_drude):
        grid = fn(eF, kT, 1e-3, **p)
        assert grid.shape == (5, 3)
        assert np.all(np.isfinite(grid))
        np.testing.assert_array_equal(grid[2, 1], fn(0.0, 0.001, 1e-3, **p))


def test_kernels_are_finite_at_k_zero_zero_temperature_and_no_disorder(bhz_generated):
    p = paper_parameters()
    for name in ("sigma_parallel_integrand", "sigma_perp_integrand"):
        vals = getattr(bhz_generated, name)(np.array([0.0, 1e-12, 0.5]), 0.0, 0.0, 0.0, **p)
        assert np.all(np.isfinite(vals))
    for name in ("tau_parallel", "tau_perp", "gamma", "gamma_anomalous"):
        assert np.all(np.isfinite(getattr(bhz_generated, name)(0.0, 0.0, **p)))


def test_no_disorder_means_no_decoherence_conductivity(bhz_generated):
    p = paper_parameters()
    assert bhz_generated.sigma_parallel(0.0, 0.0, 0.0, **p) == 0.0
    assert bhz_generated.sigma_perp(0.01, 0.005, 0.0, **p) == 0.0


def test_decoherence_conductivity_is_continuous_as_temperature_goes_to_zero(bhz_generated):
    p = paper_parameters()
    for fn in (bhz_generated.sigma_parallel, bhz_generated.sigma_perp, bhz_generated.sigma_drude):
        for eF in (0.0, 0.03):
            cold, exact = fn(eF, 1e-7, 1e-3, **p), fn(eF, 0.0, 1e-3, **p)
            assert math.isclose(cold, exact, rel_tol=1e-6, abs_tol=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    ({"kT": -1e-3}, r"kT \[eV\] must be >= 0"),
    ({"n_i": -1.0}, r"n_i \[nm\^-2\] must be >= 0"),
    ({"eF": float("nan")}, r"eF \[eV\] must be finite"),
    ({"B": 0.0}, r"B \[eV nm\^2\] must be != 0"),
    ({"M": 0.0}, r"M \[eV\] must be != 0"),
    ({"A": -0.2}, r"A \[eV nm\] must be > 0"),
    ({"M": 0.2, "B": 0.5}, r"A\*\*2 - 2\*M\*B > 0"),
])
def test_bad_input_raises_value_error_naming_the_parameter(bhz_generated, kwargs, message):
    args = dict(paper_parameters(), eF=0.0, kT=0.0, n_i=1e-3)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        bhz_generated.sigma_parallel(args.pop("eF"), args.pop("kT"), args.pop("n_i"), **args)


def test_drude_needs_disorder(bhz_generated):
    with pytest.raises(ValueError, match=r"n_i \[nm\^-2\] must be > 0"):
        bhz_generated.sigma_drude(0.0, 0.01, 0.0, **paper_parameters())


def test_wrong_keyword_is_a_type_error(bhz_generated):
    p = paper_parameters()
    p["m"] = p.pop("M")
    with pytest.raises(TypeError, match="'m'"):
        bhz_generated.sigma_parallel(0.0, 0.0, 1e-3, **p)


def test_eq10_erratum_is_recorded_with_its_evidence(bhz):
    [erratum] = bhz.errata
    assert erratum.reference.equation == "10"
    assert erratum.evidence in {c.name for c in bhz.checks}


def test_drude_numeric_route_converges():
    from derivations.bhz_decoherence.references import drude_numeric_route

    p = paper_parameters()
    coarse = drude_numeric_route(0.05, 0.01, 1e-3, points=801, **p)
    fine = drude_numeric_route(0.05, 0.01, 1e-3, points=1201, **p)
    assert abs(coarse - fine) < 1e-8 * abs(fine)


@settings(max_examples=30)
@given(p=model, k=st.floats(0.01, 2.0), n_i=st.one_of(st.just(0.0), st.floats(1e-30, 1e-2)))
@example(p=paper_parameters(), k=0.1, n_i=1e-3)
def test_decoherence_times_are_the_collision_integral_solved_on_a_ring(bhz_generated, p, k, n_i):
    """The generated tau_||, tau_perp (derived from the kinetic equation) against the Born
    collision integral solved numerically on the ring |k'| = |k| (numpy eigenvectors, no
    symbolic algebra), for both spins: tau_perp of spin down is minus that of spin up."""
    from derivations.bhz_decoherence.references import interband_coherence_on_ring

    assume(p["A"] ** 2 - 2 * p["M"] * p["B"] > 0)
    tau_par = bhz_generated.tau_parallel(k, n_i, **p)
    tau_perp = bhz_generated.tau_perp(k, n_i, **p)
    for spin in (1, -1):
        ring = interband_coherence_on_ring(k, n_i=n_i, spin=spin, **p)
        assert ring["residual"] < 1e-10
        assert abs(ring["t_par"] - tau_par) <= 1e-9 * abs(tau_par)
        assert abs(ring["t_perp"] - spin * tau_perp) <= 1e-9 * abs(tau_par)


def test_ring_route_is_exact_in_the_number_of_angles():
    from derivations.bhz_decoherence.references import interband_coherence_on_ring

    p = paper_parameters()
    coarse = interband_coherence_on_ring(0.2, n_i=5e-3, spin=1, N=8, **p)
    fine = interband_coherence_on_ring(0.2, n_i=5e-3, spin=1, N=64, **p)
    assert abs(coarse["t_par"] - fine["t_par"]) < 1e-12 * abs(fine["t_par"])
    assert abs(coarse["t_perp"] - fine["t_perp"]) < 1e-12 * abs(fine["t_par"])
