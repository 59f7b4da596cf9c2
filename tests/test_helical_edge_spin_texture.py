"""Helical edge with spin texture (paper 001): Ic/Is against mpmath, the exact master-equation
route against the closed forms, and the dissipator against QuTiP's steady-state solver."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

import generated.helical_edge_spin_texture as hel
from derivations.helical_edge_spin_texture.references import mp_real_axis as _mp_real_axis, qutip_steady_state


def _reference(x):
    """Ic + i Is by mpmath: on the real axis (split at the zeros of cos/sin(x e^2)) up to
    x = 7 (cost grows as x); beyond, on the rotated contour (an exact integral, not the
    Chebyshev table or the asymptotic series the kernel uses)."""
    if x <= 7.0:
        return complex(_mp_real_axis(x, "c", 20, top=22), _mp_real_axis(x, "s", 20, top=22))
    from derivations.helical_edge_spin_texture.functions import mp_phase_integral as _mp_phase_integral

    return complex(_mp_phase_integral(x))


@pytest.mark.parametrize("x", [0.0, 1e-9, 1e-4, 0.005, 0.00999, 0.01, 0.0137, 0.3, 1.0, 2.7, 7.0, 12.5,
                               19.99, 20.0, 33.3, 50.0, 1e3, 1e7])
def test_ic_and_is_match_mpmath_to_1e_12(x):
    ref = _reference(x)
    for value, exact in ((float(hel.Ic(x)), ref.real), (float(hel.Is(x)), ref.imag)):
        if abs(exact) < 1e-3:
            assert abs(value - exact) <= 1e-15
        else:
            assert abs(value - exact) <= 1e-12 * abs(exact)


def test_ic_and_is_are_vectorized_and_reject_negative_x():
    x = np.linspace(0, 50, 1001).reshape(7, 143)
    assert hel.Ic(x).shape == x.shape and np.all(np.isfinite(hel.Is(x)))
    with pytest.raises(ValueError, match="x"):
        hel.Ic(-0.1)


def test_isotropic_mi_has_no_effect_without_texture():
    # T -> 0 at zero bias: Ic(0) = 1, Is(0) = 0, and Eq. (16) vanishes
    assert abs(hel.delta_G_linear(0.0, 0.3, 0.3, 0.3)) < 1e-16
    assert hel.delta_G_iso(0.0, 0.0, 0.3) == 0.0


def test_bare_xy_anisotropy_gives_the_temperature_independent_limit():
    # T = 0: only the no-texture term -(Jx^2 - Jy^2)^2 / 2(Jx^2 + Jy^2) survives (closed form)
    jx, jy, jz = 0.3, 0.1, 0.2
    assert np.isclose(hel.delta_G_linear(0.0, jx, jy, jz), -0.5 * (jx**2 - jy**2) ** 2 / (jx**2 + jy**2),
                      rtol=1e-14, atol=0)


def test_linear_conductance_matches_mpmath_evaluation_of_eq14():
    T, (jx, jy, jz) = 0.17, (0.25, 0.12, 0.35)
    ic1, is1 = mpmath.mpf(_mp_real_axis(8 * T**2, "c", 20)), mpmath.mpf(_mp_real_axis(8 * T**2, "s", 20))
    ic2 = mpmath.mpf(_mp_real_axis(16 * T**2, "c", 20))
    eq14 = (-0.5 * (jx**2 - jy**2) ** 2 / (jx**2 + jy**2) + (jx**2 - jz**2) / 4 * (1 - ic2)
            + 2 * jy**2 * (jx**2 / (jx**2 + jy**2) * (ic1**2 - 1) + jz**2 / (jz**2 + jy**2) * is1**2))
    assert abs(hel.delta_G_linear(T, jx, jy, jz) - float(eq14)) <= 1e-13 * abs(float(eq14))


@pytest.mark.parametrize("T", [0.0, 0.05, 0.2, 0.5])
@pytest.mark.parametrize("J", [(0.25, 0.25, 0.25), (0.25, 0.0, 0.35), (0.25, 0.0, 0.0), (0.0, 0.0, 0.3),
                               (0.3, -0.1, 0.2)])
def test_exact_master_equation_at_zero_bias_reproduces_eq14(T, J):
    # quadrature of the full cos/sin(2 theta) rates + numeric steady state vs the closed form
    exact, closed = hel.delta_G_exact(T, 0.0, *J), hel.delta_G_linear(T, *J)
    assert np.isfinite(exact)
    assert abs(exact - closed) <= 1e-10 * max(abs(closed), 1e-12)


def test_exact_route_approaches_the_fourth_order_crossover_as_the_texture_weakens():
    # at fixed u = eV/2T the relative deviation from Eqs. (16) x (18) is the next even order in
    # the texture, theta^2 ~ (T/v_F k0)^4: halving T must divide it by ~16 (T = 0.02 is at the
    # edge of delta_G_iso's domain: |V|/2 = 0.03)
    J, u = 0.25, 1.5
    dev = []
    for T in (0.02, 0.01):
        exact, fourth = hel.delta_G_exact(T, 2 * u * T, J, J, J), hel.delta_G_iso(T, 2 * u * T, J)
        dev.append(abs(exact - fourth) / abs(fourth))
    assert dev[-1] < 1e-5
    for a, b in zip(dev, dev[1:]):
        assert 14 < a / b < 18


def test_zero_temperature_exact_route_gives_the_eV_to_the_fourth_law():
    J = 0.25
    dev = []
    # (below V ~ 0.05 the O(J^2 V) terms that cancel to O(J^2 V^4) set a floor of ~1e-17 G0)
    for V in (0.16, 0.08):
        exact = hel.delta_G_exact(0.0, V, J, J, J)
        dev.append(abs(exact - (-J**2 * V**4 / 18)) / (J**2 * V**4 / 18))  # Eq. (17), exact coefficient
    assert dev[-1] < 1e-6 and 12 < dev[0] / dev[1] < 20


def test_delta_G_iso_is_even_in_bias_and_continuous_across_its_regimes():
    T, J = 0.02, 0.2
    V = np.array([0.0, 1e-9, 2 * 0.2 * T * (1 - 1e-12), 2 * 0.2 * T * (1 + 1e-12), 2 * T * (1 - 1e-12),
                  2 * T * (1 + 1e-12), 0.06])
    g = hel.delta_G_iso(T, V, J)
    assert np.allclose(g, hel.delta_G_iso(T, -V, J), rtol=1e-15, atol=0)   # even (V^4 of a negative V: 1 ulp)
    assert abs(g[1] - g[0]) <= 1e-12 * abs(g[0])  # V -> 0 is continuous (the series regime)
    assert abs(g[2] - g[3]) < 1e-10 * abs(g[2]) and abs(g[4] - g[5]) < 1e-10 * abs(g[4])
    assert np.isclose(hel.delta_G_iso(0.0, 0.05, J), -J**2 * 0.05**4 / 18, rtol=1e-13)


def _regime_free_reference(derivation, kernel_name):
    """The kernel's step (one closed form in coth(u), no regimes) as an mpmath function of
    (T, V, J): at 80 digits its cancellations for u -> 0 and u -> oo cost nothing."""
    import sympy as sp

    from qsym.functions import mpmath_modules

    d = derivation("helical_edge_spin_texture")
    kern = next(k for k in d.kernels if k.name == kernel_name)
    steps = kern.step if isinstance(kern.step, tuple) else (kern.step,)
    exprs = [d[s].expr.subs(kern.step_map) for s in steps]
    return [sp.lambdify([a.symbol for a in kern.args], e, modules=mpmath_modules(e)) for e in exprs]


def _in_domain(size, log_u, sign):
    """(T, V) with max(T, |V|/2) = size and |V|/2T = 10^log_u."""
    u = 10**log_u
    return (size, sign * 2 * u * size) if u <= 1 else (size / u, sign * 2 * size)


@given(log_u=st.floats(-6, 3), size=st.floats(1e-3, 0.03), J=st.floats(0.05, 1.0), sign=st.sampled_from((1, -1)))
@example(log_u=math.log10(0.19), size=0.01, J=0.3, sign=1)   # just inside the series regime u < 1/5
@example(log_u=math.log10(0.21), size=0.01, J=0.3, sign=1)   # just above it
@example(log_u=-5.0, size=0.03, J=0.3, sign=-1)
def test_isotropic_conductance_matches_the_regime_free_closed_form_in_every_regime(derivation, log_u, size, J, sign):
    """delta_G_iso (series below u = |V|/2T = 1/5, closed form to 1, 1/u form beyond) against
    the derived closed form at 80 digits: to 1e-12 in each regime, so a regime evaluated in
    the wrong range (e.g. a Piecewise printed with its branches in the wrong priority) fails."""
    [ref] = _regime_free_reference(derivation, "delta_G_iso")
    T, V = _in_domain(size, log_u, sign)
    with mpmath.workdps(80):
        want = float(ref(mpmath.mpf(T), mpmath.mpf(V), mpmath.mpf(J)))
    got = float(hel.delta_G_iso(T, V, J))
    assert abs(got - want) <= 1e-12 * abs(want)


@given(log_u=st.floats(-6, 3), size=st.floats(1e-3, 0.04), sign=st.sampled_from((1, -1)))
@example(log_u=math.log10(0.19), size=0.01, sign=1)
@example(log_u=-6.0, size=0.04, sign=1)
def test_polarization_matches_the_regime_free_closed_form_in_every_regime(derivation, log_u, size, sign):
    ref_x, ref_z = _regime_free_reference(derivation, "impurity_polarization")
    T, V = _in_domain(size, log_u, sign)
    with mpmath.workdps(80):
        want = [float(r(mpmath.mpf(T), mpmath.mpf(V), mpmath.mpf("0.3"))) for r in (ref_x, ref_z)]
    got = hel.impurity_polarization(T, V, 0.3)
    scale = max(abs(w) for w in want)
    assert np.allclose(got, want, rtol=1e-12, atol=1e-14 * scale)


def test_polarization_vanishes_as_the_bias_goes_to_zero():
    """No bias, no current-induced polarization: (S_x, S_z) -> (0, 0) linearly in V."""
    for T in (0.01, 0.04):
        s = np.array([hel.impurity_polarization(T, V, 0.3) for V in (1e-3 * T, 1e-6 * T)])
        assert np.all(np.abs(s[1]) <= 2e-3 * np.abs(s[0]) + 1e-300)
        assert np.all(np.abs(s[1]) < 1e-6)


def test_polarization_kernel_agrees_with_exact_route_at_weak_texture():
    for T, V in ((0.01, 0.005), (0.01, 0.06), (0.0, 0.03)):
        sx, sz = hel.impurity_polarization(T, V, 0.3)
        ex = hel.impurity_polarization_exact(T, V, 0.3, 0.3, 0.3)
        assert abs(sx - ex[0]) < 2e-3 * abs(ex[0])
        assert abs(sz - ex[2]) < 1e-5 and abs(ex[1]) < 1e-14
    # odd in the bias: reversing V reverses the impurity spin
    assert np.allclose(hel.impurity_polarization(0.02, -0.01, 0.3), -hel.impurity_polarization(0.02, 0.01, 0.3))


@settings(max_examples=12, deadline=None)
@given(log_u=st.floats(-4, 3), size=st.floats(2e-3, 1.0), J=st.floats(0.05, 1.0), sign=st.sampled_from((1, -1)))
@example(log_u=0.0, size=0.03, J=0.2, sign=1)          # the corners of delta_G_iso's domain
@example(log_u=3.0, size=0.03, J=0.2, sign=-1)
@example(log_u=-4.0, size=0.04, J=0.2, sign=1)         # and of the polarization's
@example(log_u=0.5, size=0.04, J=0.2, sign=1)
@example(log_u=0.0, size=1.0, J=0.2, sign=1)           # T = 1, V = 2: far outside
def test_texture_expansions_hold_to_1e_3_across_their_domains_and_refuse_beyond(log_u, size, J, sign):
    """The fourth-order delta_G_iso and first-order polarization against the exact master
    equation (no expansion): within 1e-3 (relative) wherever the kernel accepts (T, V), and
    outside a ValueError that names the exact route. The bound measured at the domain's edge,
    5.7e-4 and 8.0e-4, grows as max(T, |V|/2)^4 beyond it."""
    T, V = _in_domain(size, log_u, sign)
    ex = hel.delta_G_exact(T, V, J, J, J)
    try:
        iso = float(hel.delta_G_iso(T, V, J))
    except ValueError as error:
        assert size > 0.03 and "delta_G_exact" in str(error)
    else:
        assert size <= 0.03 and abs(iso - ex) <= 1e-3 * abs(ex)
    pe = hel.impurity_polarization_exact(T, V, J, J, J)
    try:
        sx, sz = hel.impurity_polarization(T, V, J)
    except ValueError as error:
        assert size > 0.04 and "impurity_polarization_exact" in str(error)
    else:
        assert size <= 0.04 and abs(sx - pe[0]) <= 1e-3 * abs(pe[0]) and abs(sz - pe[2]) <= 1e-3 * abs(pe[2])


def test_kernels_reject_negative_temperature_naming_T():
    for call in (lambda: hel.delta_G_linear(-0.1, 0.2, 0.2, 0.2), lambda: hel.delta_G_iso(-1, 0, 0.2),
                 lambda: hel.delta_G_exact(-0.1, 0, 0.2, 0.2, 0.2)):
        with pytest.raises(ValueError, match="T"):
            call()


# --------------------------------------------------------------------------------------
# An independent route: the dissipator as collapse operators, solved by QuTiP
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("T,V,J", [(0.1, 0.3, (0.25, 0.1, 0.35)), (0.05, 0.8, (0.3, 0.3, 0.3))])
def test_steady_state_agrees_with_qutip_steadystate(T, V, J):
    pytest.importorskip("qutip")
    ours = hel.impurity_polarization_exact(T, V, *J)
    theirs = qutip_steady_state(T, V, J)
    assert np.max(np.abs(ours - theirs)) < 1e-8 * np.max(np.abs(theirs))


def test_sommerfeld_expansion_is_exact_for_polynomials_and_matches_quadrature_for_smooth_weights():
    import mpmath
    import sympy as sp

    from qsym.fermi_integrals import sommerfeld_expansion

    e, mu, T = sp.symbols("varepsilon mu T", positive=True)
    assert sp.expand(sommerfeld_expansion(e**2, e, mu, T, order=2) - (mu**2 + sp.pi**2 * T**2 / 3)) == 0
    assert sp.expand(sommerfeld_expansion(e**4, e, mu, T, order=4)
                     - (mu**4 + 2 * sp.pi**2 * mu**2 * T**2 + 7 * sp.pi**4 * T**4 / 15)) == 0
    # a smooth non-polynomial weight: the series to T^6 against mpmath quadrature at small T
    H = sp.sqrt(1 + e)
    series = float(sommerfeld_expansion(H, e, 1, sp.Rational(1, 50), order=6))
    t = mpmath.mpf(1) / 50
    exact = mpmath.quad(lambda x: mpmath.sqrt(1 + x) / (4 * t * mpmath.cosh((x - 1) / (2 * t)) ** 2), [-1, 1, 3])
    assert abs(series - float(exact)) < 1e-10


def test_delta_reduction_sums_over_the_roots_of_the_dispersion():
    import sympy as sp

    from qsym.fermi_integrals import delta_reduction

    k = sp.Symbol("k", nonnegative=True)
    v, m, E, d = sp.symbols("v m E_F d", positive=True)
    # int dk k delta(sqrt(v^2 k^2 + m^2) - E_F) = k_F E_F / (v^2 k_F) = E_F / v^2 in the band (E_F = m + d)
    reduced = delta_reduction(k, sp.sqrt(v**2 * k**2 + m**2), k, E)
    assert sp.simplify(reduced.subs(E, m + d) - (m + d) / v**2) == 0
