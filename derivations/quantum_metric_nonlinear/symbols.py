"""Symbols and tables of the quantum-metric derivation (paper 002).

Units (toy model): v in eV nm, m in eV, b in eV nm^2, t in eV nm, k in nm^-1; energies, eF
and kT in eV; tau_r in hbar/eV.
"""

from __future__ import annotations

from itertools import product

import sympy as sp

NAME = "quantum_metric_nonlinear"
PAPER = "002_00d1e44d71fb2430.txt"

e = sp.Symbol("e", positive=True)
hbar = sp.Symbol("hbar", positive=True)
tau = sp.Symbol("tau", positive=True)
lam = sp.Symbol("lambda", real=True)  # order counting for the field
DIRS = ("x", "y", "z")
Efield = sp.symbols("E_x E_y E_z", real=True)
kvec = sp.symbols("k_x k_y k_z", real=True)
kx, ky = kvec[0], kvec[1]

# toy-model parameters
v = sp.Symbol("v", positive=True)
m, b, t = sp.symbols("m b t", real=True)
eF = sp.Symbol("epsilon_F", real=True)
kT = sp.Symbol("kT", nonnegative=True)
tau_r = sp.Symbol("tau_r", positive=True)  # tau in units of hbar/eV

SYMBOL_NAMES = {eF: r"\epsilon_F", kT: r"k_B T", tau_r: r"\tau", lam: r"\lambda"}

#: Table 1: sigma^qm = -(e^3/hbar) sum_n int [a d_i G^jk - b (d_j G^ik + d_k G^ij)] f0
TABLE1 = {"WPD": (sp.Integer(1), sp.Rational(1, 2)),
          "LKA": (sp.Integer(2), sp.Rational(1, 2)),
          "QK": (sp.Rational(1, 2), sp.Integer(1))}
IJK = tuple("".join(p) for p in product("xy", repeat=3))


#: In-plane (i, j, k) with j <= k: the components the semiclassical checks cover.
PLANE = [(i, j, k) for i, j, k in product(range(2), repeat=3) if j <= k]
