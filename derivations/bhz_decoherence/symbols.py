"""Symbols, intermediate quantities and helpers of the BHZ derivation.

Units: energies, kT and eF in eV; A in eV nm; B and U in eV nm^2; k in nm^-1; n_i in nm^-2;
rates Gamma in eV; tau/hbar in eV^-1; conductivities in e^2/h. hbar never appears on its
own: every time is tau/hbar and every velocity hbar v = d(epsilon)/dk.
"""

from __future__ import annotations

import sympy as sp

NAME = "bhz_decoherence"
PAPER = "000_93cf93cdea05a717.txt"

kx, ky = sp.symbols("k_x k_y", real=True)
k = sp.Symbol("k", positive=True)
theta = sp.Symbol("theta", real=True)
M, B = sp.symbols("M B", real=True, nonzero=True)
A = sp.Symbol("A", positive=True)
U = sp.Symbol("U", real=True)
n_i = sp.Symbol("n_i", nonnegative=True)
eF = sp.Symbol("epsilon_F", real=True)
kT = sp.Symbol("kT", nonnegative=True)
s = sp.Symbol("s", real=True)  # spin, +1 or -1
E = sp.Symbol("E_k", positive=True)  # band energy |d(k)| as an intermediate symbol
Gamma, Gamma_a = sp.symbols("Gamma_k Gamma^a_k", real=True)
Theta = sp.Symbol("Theta_k", real=True)  # mixing angle, cos = E^-/E, sin = A k/E
dTheta = sp.Symbol("Theta'_k", real=True)  # its k-derivative
hbar_over_tau0 = sp.Symbol("hbar/tau^0_k", positive=True)
NU = sp.Symbol(r"\nu_k", positive=True)  # density of states per band and spin
eps = sp.Symbol("epsilon", positive=True)  # an energy on the band axis (inverse dispersion)

E_minus = M - B * k**2  # E^-_k
E_plus = M + B * k**2  # E^+_k
E_explicit = sp.sqrt(A**2 * k**2 + E_minus**2)

SYMBOL_NAMES = {
    E: r"\mathcal{E}_k", eF: r"\epsilon_F", kT: r"k_B T", Theta: r"\Theta_k",
    dTheta: r"\Theta_k'", hbar_over_tau0: r"\hbar/\tau^0_k", Gamma_a: r"\Gamma^a_k",
    Gamma: r"\Gamma_k", n_i: r"n_{\mathrm{i}}", eps: r"\epsilon",
}

SPINS = (1, -1)
BANDS = (1, -1)

THETA_K = sp.Function("Theta", real=True)(k)  # Theta as a function while differentiating


def reduce_spin(expr):
    """Use s**2 = 1."""
    return expr.replace(
        lambda e: e.is_Pow and e.base == s and e.exp.is_Integer,
        lambda e: s ** (int(e.exp) % 2),
    )


def to_band_variables(expr, dtheta_value):
    """Replace the mixing angle by band quantities: sin = A k/E, cos = E^-/E, and Theta' by
    ``dtheta_value`` (the result of the ``mixing_angle_derivative`` step)."""
    expr = expr.subs({dTheta: dtheta_value}).subs(
        {sp.sin(Theta): A * k / E, sp.cos(Theta): E_minus / E})
    # any remaining (half-angle) dependence: Theta in [0, pi] because sin Theta = A k/E >= 0
    return expr.subs(Theta, sp.acos(E_minus / E))


def explicit(expr):
    """Eliminate the intermediate symbol E_k."""
    return expr.subs(E, E_explicit)


# Physical sampling ranges for random-point identity tests (A^2 > 2MB holds throughout).
RANGES = {k: (sp.Rational(1, 20), 3), A: (sp.Rational(1, 2), 2), M: (sp.Rational(-1, 10), sp.Rational(1, 10)),
          B: (sp.Rational(1, 10), 1), Gamma: (sp.Rational(1, 100), 1), Gamma_a: (sp.Rational(-1, 2), sp.Rational(1, 2)),
          eF: (sp.Rational(-1, 5), sp.Rational(1, 5)), kT: (sp.Rational(1, 50), sp.Rational(1, 5))}


