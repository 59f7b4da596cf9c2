"""Symbols, index sets and numerical constants of the helical-edge derivation.

hbar = k_B = 1; energies (T, eV, mu) in units of hbar v_F k0; couplings J-tilde = J/v_F
(dimensionless, written J here); conductances in G0 = e^2/h. With v_F = k0 = 1 the texture
angle of an electron at energy eps is theta = eps^2. The paper's calligraphic T is
2(2T/v_F k0)^2 = 8 T^2 (``script_T``).
"""

from __future__ import annotations

import itertools

import sympy as sp

NAME = "helical_edge_spin_texture"
PAPER = "001_8031cec6640cbdbc.txt"

k, k0 = sp.symbols("k k_0", positive=True)
theta = sp.Symbol("theta", real=True)
eps = sp.Symbol("epsilon", real=True)
T = sp.Symbol("T", positive=True)
V = sp.Symbol("V", positive=True)
dmu = sp.Symbol("delta_mu", real=True)
u = sp.Symbol("u", positive=True)
x = sp.Symbol("x", nonnegative=True)
e = sp.Symbol("e", real=True)
lam = sp.Symbol("lambda", positive=True)  # bookkeeping: theta = lambda eps^2, order in the texture
Jx, Jy, Jz = sp.symbols("J_x J_y J_z", real=True)
J = sp.Symbol("J", positive=True)
c2, s2 = sp.symbols("c s", real=True)  # cos(2 theta), sin(2 theta) at the electron's energy
script_T = sp.Symbol("script_T", positive=True)

R, L = 0, 1
CHIRALITY = "RL"
PAIRS = tuple(itertools.product((R, L), (R, L)))
#: Monomials of (cos 2theta, sin 2theta) that the rates contain (products of two couplings).
MONOMIALS = (sp.Integer(1), c2, s2, c2**2, c2 * s2, s2**2)
MONOMIAL_NAMES = ("1", "c", "s", "cc", "cs", "ss")
#: W[(alpha, beta, m)] = int d eps f_alpha (1 - f_beta) m(eps): the energy integrals of Eq. (10).
W = {(a, b, m): sp.Symbol(f"W_{CHIRALITY[a]}{CHIRALITY[b]}^{{{n}}}", real=True)
     for a, b in PAIRS for m, n in zip(MONOMIALS, MONOMIAL_NAMES)}
#: mu_R = +eV/2, mu_L = -eV/2 (Eq. 11).
MU = {R: V / 2, L: -V / 2}

SYMBOL_NAMES = {script_T: r"\mathcal{T}", dmu: r"\delta\mu", lam: r"\lambda"}

#: Ic/Is numerics: exact series below, asymptotic series above (x in units of the argument).
PHASE_SERIES_BELOW = 0.01
PHASE_SERIES_ORDER = 14
PHASE_ASYMPTOTIC_ABOVE = 20.0
PHASE_ASYMPTOTIC_ORDER = 22
PHASE_RULE_EDGES = (0.0, 0.0625, 0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 28.0)
PHASE_RULE_ORDER = 16

#: Smallest positive normal double: keeps 0/0 out of denominators that vanish with couplings.
TINY = sp.Float(2.2250738585072014e-308)



def to_monomials(expr, a: int, b: int):
    """Replace every monomial c^i s^j of a polynomial in (cos 2theta, sin 2theta) by its
    energy integral W[(a, b, c^i s^j)]."""
    poly = sp.Poly(sp.expand(expr), c2, s2)
    return sum(coef * W[(a, b, c2**i * s2**j)] for (i, j), coef in poly.terms())


def monomial_energy_function(m):
    """The energy dependence of a monomial: c = cos(2 eps^2), s = sin(2 eps^2)."""
    return sp.sympify(m).subs({c2: sp.cos(2 * eps**2), s2: sp.sin(2 * eps**2)})
