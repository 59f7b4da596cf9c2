"""Weak (anti)localization, HLN, alpha_L and Dirac-cone Hall kernels against independent routes.

References: mpmath at 30-40 digits (digamma, quadrature of the return probability, numeric
derivative of 004 Eq. (12)); numpy eigh with the Kubo sum for Berry curvatures; synthetic
data with known parameters for the HLN fit.
"""

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.integrate import quad

import generated.localization as loc
from derivations.localization import fit


def mp_hln(B, B_phi, alpha):
    with mpmath.workdps(40):
        if B == 0:
            return 0.0
        x = mpmath.mpf(B_phi) / abs(mpmath.mpf(B))
        return float(alpha * (mpmath.digamma(mpmath.mpf(1) / 2 + x) - mpmath.log(x)) / mpmath.pi)


# ------------------------------------------------------------------------------------------
# HLN
# ------------------------------------------------------------------------------------------

@given(log_u=st.floats(-8, 8), B_phi=st.floats(1e-4, 10), alpha=st.floats(-2, 2).filter(lambda a: abs(a) > 1e-3))
@example(log_u=float(np.log10(1 / 6)), B_phi=1.0, alpha=1.0)
@example(log_u=float(np.log10(1 / 6 * (1 - 1e-12))), B_phi=1.0, alpha=-0.5)
@example(log_u=float(np.log10(0.1744)), B_phi=1.0, alpha=1.0)
def test_hln_matches_mpmath_digamma_to_1e_12_from_tiny_to_huge_fields(log_u, B_phi, alpha):
    B = 10 ** log_u * B_phi
    # HLN depends on B/B_phi only: keep B within its documented |B| <= 1e4 T
    B, B_phi = min(B, 1e4), B_phi * min(1.0, 1e4 / B)
    got = float(loc.hln(B, B_phi=B_phi, alpha=alpha))
    assert got == pytest.approx(mp_hln(B, B_phi, alpha), rel=1e-12, abs=1e-300)


def test_hln_is_even_in_field_and_vanishes_at_zero_field():
    B = np.linspace(0, 1, 101)
    assert np.array_equal(loc.hln(B, B_phi=0.05, alpha=-0.5), loc.hln(-B, B_phi=0.05, alpha=-0.5))
    assert loc.hln(0.0, B_phi=0.05, alpha=1.0) == 0.0
    assert np.all(np.isfinite(loc.hln(np.array([0.0, 1e-300, 1e4]), B_phi=1e-12, alpha=1.0)))


def test_hln_wl_is_positive_magnetoconductance_and_wal_negative():
    B = np.linspace(0.01, 2, 50)
    assert np.all(loc.hln(B, B_phi=0.05, alpha=1.0) > 0)
    assert np.all(loc.hln(B, B_phi=0.05, alpha=-0.5) < 0)


# ------------------------------------------------------------------------------------------
# WL correction from the return probability
# ------------------------------------------------------------------------------------------

def mp_wl(d, r, l):
    """-2 s D int_0^oo (4 pi D t)^(-d/2) (e^{-t/tau_phi} - e^{-t/tau}) dt with tau = 1,
    D = l^2/d, s = 2, by mpmath quadrature."""
    with mpmath.workdps(30):
        D = mpmath.mpf(l) ** 2 / d
        f = lambda t: (4 * mpmath.pi * D * t) ** (-mpmath.mpf(d) / 2) * (mpmath.exp(-t / r) - mpmath.exp(-t))  # noqa: E731
        return float(-4 * D * mpmath.quad(f, [0, 1, r, mpmath.inf]))


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("r", [1.0, 2.5, 100.0, 1e5])
def test_wl_correction_equals_quadrature_of_the_return_probability(d, r):
    l = 7.0  # nm
    kw = {} if d == 2 else {"mean_free_path": l}
    got = loc.wl_correction(r, dim=d, symmetry="orthogonal", **kw)
    assert got == pytest.approx(mp_wl(d, r, l), rel=1e-10, abs=1e-14)
    # strong spin-orbit scattering: -1/2 of the orthogonal correction (HLN)
    wal = loc.wl_correction(r, dim=d, symmetry="symplectic", **kw)
    assert wal == pytest.approx(-0.5 * mp_wl(d, r, l), rel=1e-10, abs=1e-14)


def test_wl_2d_grows_logarithmically_by_one_over_pi_per_e_fold():
    r = np.array([10.0, 10.0 * np.e])
    dsig = np.diff(loc.wl_correction(r, dim=2, symmetry="orthogonal"))[0]
    assert dsig == pytest.approx(-1 / np.pi, rel=1e-14)


def test_wl_correction_asks_for_the_lengths_it_needs():
    with pytest.raises(ValueError, match="mean_free_path is required for dim=3"):
        loc.wl_correction(10.0, dim=3, symmetry="orthogonal")
    with pytest.raises(ValueError, match="not used for dim=2"):
        loc.wl_correction(10.0, dim=2, symmetry="orthogonal", mean_free_path=5.0)
    with pytest.raises(ValueError, match="dim must be one of 1, 2, 3"):
        loc.wl_correction(10.0, dim=4, symmetry="orthogonal")
    with pytest.raises(ValueError, match="symmetry must be one of"):
        loc.wl_correction(10.0, dim=2, symmetry="unitary")
    with pytest.raises(ValueError, match="tau_phi_over_tau"):
        loc.wl_correction(0.5, dim=2, symmetry="orthogonal")


# ------------------------------------------------------------------------------------------
# alpha_L (004 Eq. 12)
# ------------------------------------------------------------------------------------------

def test_alpha_L_is_the_numeric_log_derivative_of_eq12():
    alphas, ls, les = [-1.0, 1.0], [3.0, 40.0], [0.5, 0.8]

    def sigma_qi(lnL):
        L = mpmath.e ** lnL
        return sum(a * mpmath.log((le ** -2 + ll ** -2) / (L ** -2 + ll ** -2))
                   for a, ll, le in zip(alphas, ls, les)) / (2 * mpmath.pi)

    L = np.array([0.3, 2.0, 15.0, 400.0])
    with mpmath.workdps(30):
        ref = [float(mpmath.pi * mpmath.diff(sigma_qi, mpmath.log(x))) for x in L]
    assert np.allclose(loc.alpha_L(L, alphas=alphas, ls=ls), ref, rtol=1e-12, atol=1e-15)


def test_alpha_L_of_a_gapless_cone_is_one_at_every_size():
    assert np.all(loc.alpha_L(np.logspace(-2, 4, 7), alphas=[1.0], ls=[np.inf]) == 1.0)


def test_alpha_L_channels_must_match():
    with pytest.raises(ValueError, match="equal lengths"):
        loc.alpha_L(1.0, alphas=[1.0, -1.0], ls=[2.0])
    with pytest.raises(ValueError, match="ls"):
        loc.alpha_L(1.0, alphas=[1.0], ls=[-2.0])


# ------------------------------------------------------------------------------------------
# Dirac cones: Kubo Berry curvature from numpy eigh
# ------------------------------------------------------------------------------------------

SX = np.array([[0, 1], [1, 0]], complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([1.0, -1.0]).astype(complex)


def kubo_curvatures(k, m, v, b):
    """Berry curvature of both bands at (k, 0) from eigh and the Kubo sum
    -2 Im <n|dH/dkx|m><m|dH/dky|n> / (E_n - E_m)^2 (A = i<u|grad u>)."""
    H = v * k * SX + (m - b * k ** 2) * SZ
    dHx = v * SX - 2 * b * k * SZ
    dHy = v * SY
    E, U = np.linalg.eigh(H)
    X, Y = U.conj().T @ dHx @ U, U.conj().T @ dHy @ U
    om0 = -2 * np.imag(X[0, 1] * Y[1, 0]) / (E[0] - E[1]) ** 2
    return E, np.array([om0, -om0])


def kubo_sigma_xy(eF, m, v, b, kmax=None):
    """-(1/2 pi) int d^2k sum_n f_n Omega_n at T = 0, radial quadrature of eigh curvatures."""
    def integrand(k):
        E, om = kubo_curvatures(k, m, v, b)
        return k * np.sum(om * (E <= eF))

    edges = [0.0]
    for Eval in (abs(eF),):
        if b == 0:
            if Eval > abs(m):
                edges.append(np.sqrt(Eval ** 2 - m ** 2) / v)
        else:
            P = v ** 2 - 2 * m * b
            disc = P ** 2 + 4 * b ** 2 * (Eval ** 2 - m ** 2)
            for sgn in (-1, 1):
                if disc >= 0:
                    s = (-P + sgn * np.sqrt(disc)) / (2 * b ** 2)
                    if s > 0:
                        edges.append(np.sqrt(s))
    edges = sorted(edges)
    total = sum(quad(integrand, a, c, epsabs=1e-13, epsrel=1e-12, limit=200)[0] for a, c in zip(edges, edges[1:]))
    total += quad(integrand, edges[-1], np.inf, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
    return -total


@pytest.mark.parametrize("eF", [0.0, 0.05, -0.08, 0.25, -0.7])
@pytest.mark.parametrize("m", [0.1, -0.1])
def test_dirac_hall_conductance_equals_kubo_integral_of_eigh_curvature(eF, m):
    got = float(loc.dirac_sigma_xy(eF, m=m))
    assert got == pytest.approx(kubo_sigma_xy(eF, m, 0.41, 0.0), abs=2e-8)


@pytest.mark.parametrize("eF, m, b", [(0.05, 0.1, 0.5), (0.3, 0.1, 0.5), (-0.3, -0.2, 0.3),
                                      (0.22, 0.3, 2.0), (0.0, 0.0, 0.7), (0.4, 0.0, -0.7)])
def test_wilson_hall_conductance_equals_kubo_integral_of_eigh_curvature(eF, m, b):
    got = float(loc.wilson_sigma_xy(eF, m=m, v=0.41, b=b))
    assert got == pytest.approx(kubo_sigma_xy(eF, m, 0.41, b), abs=2e-8)


def test_gapless_wilson_cone_carries_half_quantum_at_the_dirac_point():
    for b in (0.3, -0.3):
        assert loc.wilson_sigma_xy(0.0, m=0.0, v=0.41, b=b) == -np.sign(b) / 2


@given(eF=st.floats(-5, 5), V0=st.floats(-1, 1), b=st.floats(0.01, 3) | st.floats(-3, -0.01))
def test_semimagnetic_hall_conductance_is_finite_and_bounded(eF, V0, b):
    val = float(loc.semimagnetic_sigma_xy(eF, V0=V0, v=0.41, b=b))
    assert np.isfinite(val) and abs(val) <= 1.0 + 1e-12


def test_semimagnetic_plateau_is_half_quantized_with_the_sign_of_V0():
    for V0 in (0.1, -0.1):
        assert loc.semimagnetic_sigma_xy(0.0, V0=V0, v=0.41, b=0.3) == pytest.approx(-np.sign(V0) / 2, abs=1e-15)
    # bare-cone limit: flat plateau inside the top gap
    eF = np.linspace(-0.09, 0.09, 19)
    assert np.allclose(loc.semimagnetic_sigma_xy(eF, V0=0.1, v=0.41, b=1e-9), -0.5, atol=1e-9)


def test_finite_size_form_of_eq1_reaches_sigma0_as_inverse_fourth_power():
    L = np.array([10.0, 20.0, 40.0])
    dev = 0.5 - loc.finite_size_sigma_xy(L, sigma_xy0=0.5, l_e=3.0)
    assert np.allclose(dev[:-1] / dev[1:], 16.0, rtol=1e-12)


def test_bad_dirac_parameters_are_named():
    with pytest.raises(ValueError, match="b"):
        loc.wilson_sigma_xy(0.1, m=0.1, v=0.41, b=0.0)
    with pytest.raises(ValueError, match="v"):
        loc.semimagnetic_sigma_xy(0.1, V0=0.1, v=-0.41, b=0.1)


# ------------------------------------------------------------------------------------------
# HLN fit
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("alpha_true, B_phi_true", [(-0.5, 0.05), (1.0, 0.2), (-1.0, 0.01)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hln_fit_recovers_known_parameters_within_three_sigma(alpha_true, B_phi_true, seed):
    rng = np.random.default_rng(seed)
    B = np.linspace(-2.0, 2.0, 161)
    noise = 2e-3
    y = loc.hln(B, B_phi=B_phi_true, alpha=alpha_true) + rng.normal(0, noise, B.size)
    res = fit.hln(B, y, sigma=noise)
    assert abs(res.B_phi - B_phi_true) < 3 * res.B_phi_err
    assert abs(res.alpha - alpha_true) < 3 * res.alpha_err
    assert res.L_phi == pytest.approx(np.sqrt(1.054571817e-34 / (4 * 1.602176634e-19 * res.B_phi)) * 1e9)
    assert 0.5 < res.chi2_reduced < 1.6


def test_hln_fit_refuses_unusable_data():
    B = np.linspace(0.0, 1.0, 50)
    y = loc.hln(B, B_phi=0.05, alpha=1.0)
    with pytest.raises(ValueError, match="at least 4 points"):
        fit.hln(B[:3], y[:3])
    with pytest.raises(ValueError, match="NaN"):
        fit.hln(B, np.where(np.arange(50) == 7, np.nan, y))
    with pytest.raises(ValueError, match="monotone"):
        fit.hln(np.r_[B[:25], B[:25]], np.r_[y[:25], y[:25]])
    with pytest.raises(ValueError, match="equal length"):
        fit.hln(B, y[:-1])
    with pytest.raises(ValueError, match="do not determine"):
        fit.hln(B, np.zeros_like(B))


# ------------------------------------------------------------------------------------------
# Generated module and command line
# ------------------------------------------------------------------------------------------

def test_show_prints_the_localization_steps_and_figure_writes_three_pngs(tmp_path, capsys, derivation):
    from qsym import cli

    pytest.importorskip("matplotlib")
    derivation("localization")  # the session's build: the command line reuses it
    assert cli.main(["show", "localization"]) == 0
    out = capsys.readouterr().out.replace("\\_", "_").replace("\\allowbreak{}", "")
    for name in ("hln_magnetoconductance", "alpha_L", "symplectic_factor", "\\tag{12}"):
        assert name in out
    assert cli.main(["figure", "localization", "--out", str(tmp_path)]) == 0
    for name in ("hln_curves", "alpha_L_scaling", "semimagnetic_hall"):
        png = tmp_path / f"localization_{name}.png"
        assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"
