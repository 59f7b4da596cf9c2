"""Symbols and constants of the localization derivation (papers 003 and 004).

Conductivities in e^2/h (sheet conductance in 2D; e^2/h x nm in 1D; e^2/(h nm) in 3D);
lengths in nm, energies in eV, fields in tesla, v in eV nm, b in eV nm^2.
"""

from __future__ import annotations

import sympy as sp

NAME = "localization"
PAPER_WL = "003_988b8b2ee33f61d9.txt"
PAPER_HQH = "004_82d4a16ac7425b96.txt"

vF = sp.Symbol("v_F", positive=True)
l = sp.Symbol("l", positive=True)  # elastic mean free path
tau = sp.Symbol("tau", positive=True)
tau_phi = sp.Symbol("tau_phi", positive=True)
D = sp.Symbol("D", positive=True)
t = sp.Symbol("t", positive=True)
dim = sp.Symbol("d", positive=True, integer=True)
r = sp.Symbol("r", positive=True)  # tau_phi / tau
L_phi = sp.Symbol("L_phi", positive=True)
L = sp.Symbol("L", positive=True)
s_spin = sp.Integer(2)  # spin-degenerate electrons
gamma = sp.Symbol("gamma", positive=True)  # Cooperon decay rate
kF = sp.Symbol("k_F", positive=True)
sigma0 = sp.Symbol("sigma_0", positive=True)

# HLN
B = sp.Symbol("B", positive=True)
B_phi = sp.Symbol("B_phi", positive=True)
B_tr = sp.Symbol("B_tr", positive=True)
alpha = sp.Symbol("alpha", real=True)
e, hbar, h = sp.symbols("e hbar h", positive=True)
u = sp.Symbol("u", nonnegative=True)  # B / B_phi
x_ratio = sp.Symbol("x", positive=True)  # B_phi / B
Nlev = sp.Symbol("N", positive=True)

# Dirac cones
kx, ky = sp.symbols("k_x k_y", real=True)
k = sp.Symbol("k", nonnegative=True)
v = sp.Symbol("v", positive=True)
m, bw = sp.symbols("m b", real=True)
eF = sp.Symbol("epsilon_F", real=True)
V0 = sp.Symbol("V_0", real=True)

SYMBOL_NAMES = {vF: r"v_F", tau_phi: r"\tau_\phi", L_phi: r"L_\phi", B_phi: r"B_\phi",
                B_tr: r"B_{\rm tr}", eF: r"\epsilon_F", kF: r"k_F", sigma0: r"\sigma_0"}

#: Units of the d-dimensional conductivity correction.
WL_UNITS = {1: r"$e^2/h \times \mathrm{nm}$ (conductance times length)", 2: "$e^2/h$",
            3: r"$e^2/(h\,\mathrm{nm})$"}

#: Threshold in u = |B|/B_phi below which the HLN kernel uses its asymptotic series.
HLN_SERIES_BELOW = sp.Rational(1, 6)
#: Order of the truncated HLN series in u (even); the next term is ~1e-13 relative at the
#: threshold.
HLN_SERIES_ORDER = 28

#: Smallest positive normal double: a guard that keeps 0/0 out of the Dirac point.
TINY = sp.Float(2.2250738585072014e-308)


