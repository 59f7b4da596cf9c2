"""General Fermi-sea and Fermi-surface k-integrals (qsym.kspace) against exact results for
anisotropic bands, several pockets and linear interpolants, and their refusals."""

import numpy as np
import pytest

from qsym.kspace import fermi_sea_integral, fermi_surface_integral
from qsym.kspace.simplex import simplex_rule

MX, MY = 0.5, 2.0            # anisotropic parabolic band E = kx^2/2mx + ky^2/2my (eV, nm)
DOS = np.sqrt(MX * MY) / (2 * np.pi)   # states per eV per nm^2 (one band), constant


def parabolic(kx, ky):
    E = kx**2 / (2 * MX) + ky**2 / (2 * MY)
    return [(E, np.stack([np.ones_like(E), kx**2], -1))]


def kx2_on_the_fermi_line(mu):
    """int d^2k/(2pi)^2 kx^2 delta(E - mu) for the anisotropic band, exact."""
    return np.sqrt(MX * MY) * 2 * MX * mu * np.pi / (4 * np.pi**2)


@pytest.mark.parametrize("kT, rtol", [(0.02, 1e-9), (0.0, 1e-6)])
def test_density_of_states_and_kx2_of_an_anisotropic_band_are_exact(kT, rtol):
    mu = np.array([0.5, 0.8])
    r = fermi_surface_integral(parabolic, mu, kT, box=3.0, rtol=rtol)
    assert r.converged
    if kT > 0:   # the thermal averages over E >= 0: int (-f') dE = 1 - f(-mu), int E (-f') dE = kT ln(1 + e^(mu/kT))
        exact = np.stack([DOS * (1 - 1 / (1 + np.exp(mu / kT))),
                          kx2_on_the_fermi_line(kT * np.log1p(np.exp(mu / kT)))], -1)
    else:
        exact = np.stack([np.full(2, DOS), kx2_on_the_fermi_line(mu)], -1)
    assert np.all(np.abs(r.value - exact) <= r.error)                 # the estimate bounds the error
    assert np.all(r.error <= 3 * rtol * np.abs(r.value))


def test_fermi_sea_density_at_finite_temperature_is_the_exact_logarithm():
    mu, kT = np.array([0.3, 0.5]), 0.02
    r = fermi_sea_integral(parabolic, mu, kT, box=3.0, rtol=1e-9)
    assert np.allclose(r.value[:, 0], DOS * kT * np.log1p(np.exp(mu / kT)), rtol=1e-9, atol=0)


def test_fermi_sea_density_at_zero_temperature_converges_as_h_squared_to_mu_times_dos():
    r = fermi_sea_integral(parabolic, 0.5, 0.0, box=3.0, rtol=3e-4)
    assert r.converged and abs(r.value[0] / (0.5 * DOS) - 1) < 1e-3
    assert abs(r.value[0] - 0.5 * DOS) <= r.error[0]


def test_two_pockets_and_their_crossing_add_up():
    """Two circular pockets centred at kx = +-0.5 (E = k^2 each, DOS 1/4pi) that cross each
    other: the Fermi-surface integral of 1 is twice one band's, at any eF."""
    def two(kx, ky):
        return [((kx - 0.5) ** 2 + ky**2, np.ones_like(kx)), ((kx + 0.5) ** 2 + ky**2, np.ones_like(kx))]

    for kT, rtol in ((0.01, 1e-8), (0.0, 1e-6)):
        r = fermi_surface_integral(two, [0.2, 0.6], kT, box=2.5, rtol=rtol)
        assert np.allclose(r.value[:, 0], 2 / (4 * np.pi), rtol=10 * rtol, atol=0)


def test_the_simplex_method_is_exact_for_linear_energy_and_integrand():
    n = 16
    q = np.linspace(0, 1, n + 1)
    KX, KY = np.meshgrid(q, q, indexing="ij")
    E, X = KX + 0.3 * KY, np.stack([np.ones_like(KX), KX + 2 * KY], -1)
    line, _ = simplex_rule(E, X, np.array([1 / n, 1 / n]), np.array([0.77]), "surface", np.zeros(1))
    # E = mu is the segment kx = mu - 0.3 ky, 0 <= ky <= 1; |grad E| dl = dky, X = mu + 1.7 ky
    assert np.allclose(line[0], [1.0, 0.77 + 0.85], rtol=1e-13)
    sea, _ = simplex_rule(E, X, np.array([1 / n, 1 / n]), np.array([0.77]), "sea", np.zeros(1))
    area = 0.77 - 0.15                                       # int_0^1 (mu - 0.3 ky) dky
    first = 0.5 * (0.77**2 - 0.77 * 0.3 + 0.03) + 2 * (0.77 / 2 - 0.1)   # int of kx + 2 ky below mu
    assert np.allclose(sea[0], [area, first], rtol=1e-12)


def test_a_nan_integrand_is_an_error_never_a_number():
    def bad(kx, ky):
        X = np.where((np.abs(kx) < 0.1) & (np.abs(ky) < 0.1), np.nan, 1.0)
        return [(kx**2 + ky**2, X)]

    with pytest.raises(ValueError, match="not finite"):
        fermi_surface_integral(bad, 0.5, 0.01, box=2.0)


@pytest.mark.parametrize("kwargs, match", [
    (dict(eF=0.5, kT=0.01, box=1.0), "reaches the edge"),
    (dict(eF=0.5, kT=-0.01, box=2.0), r"kT \[energy\] must be >= 0"),
    (dict(eF=np.nan, kT=0.01, box=2.0), r"eF \[energy\] must be finite"),
    (dict(eF=0.5, kT=0.01, box=-1.0), "box must be"),
])
def test_bad_input_is_refused_naming_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fermi_surface_integral(parabolic, **kwargs)


def test_an_unconverged_integral_says_so():
    with pytest.warns(UserWarning, match="not converged"):
        r = fermi_surface_integral(parabolic, 0.5, 0.001, box=3.0, rtol=1e-12, max_points=70_000)
    assert not r.converged


@pytest.mark.parametrize("kT, rtol", [(0.05, 1e-7), (0.0, 1e-4)])
def test_density_of_states_of_a_3d_band_is_the_exact_square_root(kT, rtol):
    """E = k^2 in 3D: the density of states is sqrt(E)/(4 pi^2); at kT = 0 the Fermi-surface
    integral is sqrt(mu)/(4 pi^2) (refined tetrahedra), at kT > 0 its thermal average
    int sqrt(E) (-f'(E - mu)) dE / (4 pi^2), by mpmath at 30 digits (the grid)."""
    import mpmath

    def sphere(kx, ky, kz):
        return [(kx**2 + ky**2 + kz**2, np.ones_like(kx))]

    mu = 1.0
    if kT > 0:
        with mpmath.workdps(30):
            w = lambda E: mpmath.sqrt(E) / (4 * kT * mpmath.cosh((E - mu) / (2 * kT)) ** 2)  # noqa: E731
            exact = float(mpmath.quad(w, [0, mu - 0.5, mu, mu + 0.5, mpmath.inf]) / (4 * mpmath.pi**2))
    else:
        exact = np.sqrt(mu) / (4 * np.pi**2)
    r = fermi_surface_integral(sphere, mu, kT, box=1.6, dim=3, rtol=rtol, cells=16)
    assert r.converged
    assert abs(r.value[0] / exact - 1) < 10 * rtol
