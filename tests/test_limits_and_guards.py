"""Limits a physicist relies on, and the guards at the edges of the documented domains.

- kT -> 0+: below a thermal width the quadrature can resolve (``runtime.KT_RESOLUTION``
  of the Fermi-edge energy) the observables are their kT = 0 values, and they are continuous
  where the kT > 0 quadrature takes over.
- The exact master-equation route of the helical edge: a cost bound checked before any work,
  couplings homogeneous of degree 2 in the rates at any scale.
- Inputs that are not what the docstring allows get a ValueError naming the parameter (the
  whole documented domain, its magnitudes and empty arrays are in ``test_domains.py``).
"""

import numpy as np
import pytest

import generated.bhz_decoherence as bhz
import generated.helical_edge_spin_texture as hel
import generated.localization as loc
import generated.quantum_metric_nonlinear as qmn
from derivations.bhz_decoherence.parameters import paper_parameters
from qsym import runtime

BHZ = paper_parameters()
QMN = dict(v=1.0, m=0.1, b=1.0, t=0.5)           # the toy model of Fig. 2 (band bottom at 0.1 eV)
TINY_KT = [1e-300, 1e-30, 1e-20, 1e-19, 1e-18, 1e-14, 1e-12]


def _bhz_observables():
    """(label, observable of kT, the energies that set its thermal scale: Fermi edge and band bottom)."""
    for eF in (0.0, 0.02, 0.05):                  # mid gap and in the band (|M| = 5 meV)
        edges = (eF, BHZ["M"])
        yield f"sigma_parallel(eF={eF})", lambda kT, eF=eF: bhz.sigma_parallel(eF, kT, 1e-3, **BHZ), edges
        yield f"sigma_perp(eF={eF})", lambda kT, eF=eF: bhz.sigma_perp(eF, kT, 1e-3, **BHZ), edges
    for eF in (0.01, 0.02):
        yield f"sigma_drude(eF={eF})", lambda kT, eF=eF: bhz.sigma_drude(eF, kT, 1e-3, **BHZ), (eF, BHZ["M"])


def _qmn_observables():
    for eF in (0.15, 0.3):
        edges = (eF, QMN["m"])
        yield f"sigma_qm(eF={eF})", lambda kT, eF=eF: qmn.sigma_qm("xyy", eF, kT, **QMN), edges
        yield f"sigma_drude_nl(eF={eF})", lambda kT, eF=eF: qmn.sigma_drude_nl("xxx", eF, kT, 1.0, **QMN), edges


OBSERVABLES = list(_bhz_observables()) + list(_qmn_observables())


@pytest.mark.parametrize("label, observable, edges", OBSERVABLES, ids=[o[0] for o in OBSERVABLES])
def test_observable_at_an_unresolvably_small_temperature_is_its_zero_temperature_value(label, observable, edges):
    """Before: sigma_drude(eF = 0.02) = 1.9126 at kT = 0 gave 0, 28.17 and 3.18 at kT = 1e-20,
    1e-19, 1e-18, and was still 4e-4 off at 1e-14."""
    zero = float(observable(0.0))
    assert np.isfinite(zero) and zero != 0.0
    for kT in TINY_KT:
        assert abs(float(observable(kT)) - zero) <= 1e-10 * abs(zero), (label, kT)


@pytest.mark.parametrize("label, observable, edges", OBSERVABLES, ids=[o[0] for o in OBSERVABLES])
def test_observable_is_continuous_where_the_thermal_quadrature_takes_over(label, observable, edges):
    """Just above the hand-over kT = KT_RESOLUTION x (largest edge energy) the thermal
    quadrature agrees with the kT = 0 route to ~(kT/W)^2 + rounding (measured <= 1.2e-10)."""
    zero = float(observable(0.0))
    handover = runtime.KT_RESOLUTION * max(abs(e) for e in edges)
    for factor in (1.0001, 1.5, 3.0):
        assert not runtime.thermally_unresolved(factor * handover, *edges)
        assert abs(float(observable(factor * handover)) - zero) <= 1e-9 * abs(zero), (label, factor)


def test_exact_route_refuses_work_beyond_its_cost_bound_before_starting():
    """Before: V = 1e4 or T = 1e3 exhausted memory, T = 100 ran for minutes."""
    for T, V in ((100.0, 0.1), (0.1, 1e4), (1e3, 1.0)):
        for route in (hel.delta_G_exact, hel.impurity_polarization_exact):
            with pytest.raises(ValueError, match=r"cost bound of the exact route is exceeded: 0\.5\|V\| \+ 36 T"):
                route(T, V, 0.3, 0.3, 0.3)


def test_exact_route_refuses_couplings_beyond_their_documented_magnitude():
    """Before: |J| >= 1e155 hung; smaller overflows gave -inf, NaN or LinAlgError."""
    for J in (1e155, 1e31, -1e40):
        with pytest.raises(ValueError, match=r"^Jx .*\|Jx\| <= 1e\+30"):
            hel.delta_G_exact(0.1, 0.2, J, 0.3, 0.3)


@pytest.mark.parametrize("scale", [1e-30, 1e-8, 1e8, 1e29])
def test_exact_route_is_homogeneous_of_degree_two_in_the_couplings_at_any_scale(scale):
    """The rates are quadratic in J: dG scales as J^2, the stationary spin not at all."""
    T, V, J = 0.05, 0.12, np.array([0.3, 0.2, 0.4])
    g1, s1 = hel.delta_G_exact(T, V, *J), hel.impurity_polarization_exact(T, V, *J)
    gs, ss = hel.delta_G_exact(T, V, *(scale * J)), hel.impurity_polarization_exact(T, V, *(scale * J))
    assert abs(gs / scale**2 - g1) <= 1e-12 * abs(g1)
    assert np.allclose(ss, s1, rtol=1e-12, atol=1e-15)


def test_polarization_requires_a_coupling_as_documented():
    """Before: impurity_polarization(J = 0) returned the texture result, though without a
    coupling the exact route gives no polarization at all."""
    with pytest.raises(ValueError, match=r"^J .*!= 0"):
        hel.impurity_polarization(0.01, 0.02, 0.0)
    assert np.allclose(hel.impurity_polarization_exact(0.1, 0.2, 0.0, 0.0, 0.0), 0.0)


@pytest.mark.parametrize("dim", [True, False, np.True_])
def test_a_boolean_is_not_a_dimension(dim):
    """Before: wl_correction(dim=True) returned the 1D result (True == 1 in Python)."""
    with pytest.raises(ValueError, match="dim must be one of 1, 2, 3"):
        loc.wl_correction(100.0, dim=dim, symmetry="orthogonal", mean_free_path=10.0)


def test_a_boolean_is_not_a_number():
    with pytest.raises(ValueError, match="kT .*boolean"):
        bhz.sigma_parallel(0.0, True, 1e-3, **BHZ)


def _hln_data():
    B = np.linspace(0.01, 1.0, 40)
    return B, loc.hln(B, B_phi=0.05, alpha=-0.5)


@pytest.mark.parametrize("which", ["B", "delta_sigma"])
def test_hln_fit_refuses_complex_data_instead_of_dropping_the_imaginary_part(which):
    from derivations.localization import fit

    B, y = _hln_data()
    data = {"B": B, "delta_sigma": y}
    data[which] = data[which] + 1e-3j
    with pytest.raises(ValueError, match=f"{which} must be real"):
        fit.hln(data["B"], data["delta_sigma"])
    # the same data, real, fit back to the values they were made with
    res = fit.hln(B, y)
    assert abs(res.B_phi / 0.05 - 1) < 1e-6 and abs(res.alpha / -0.5 - 1) < 1e-6
