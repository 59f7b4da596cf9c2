"""Symbols of the semimagnetic lattice model (paper 004, Eq. 3).

Energies in eV, lengths in nm, wave numbers in nm^-1. The four-band basis is orbital
(tau) x spin (sigma): ``kron(tau_i, sigma_j)``, orbital index first.
"""

from __future__ import annotations

import sympy as sp

NAME = "semimagnetic_lattice"
PAPER = "004_82d4a16ac7425b96.txt"

kx, ky, kz = sp.symbols("k_x k_y k_z", real=True)
K = (kx, ky, kz)
a, c = sp.symbols("a c", positive=True)                    # in-plane and vertical lattice constants
A_par, A_z = sp.symbols("A_parallel A_z", positive=True)   # linear k.p coefficients [eV nm]
B_par, B_z = sp.symbols("B_parallel B_z", positive=True)   # quadratic k.p coefficients [eV nm^2]
m0 = sp.Symbol("m_0", real=True)                            # bulk gap parameter [eV]
V_z = sp.Symbol("V_z", real=True)                           # Zeeman (exchange) potential [eV]
t_par, t_z = sp.symbols("t_parallel t_z", positive=True)   # lattice hoppings [eV]
lam_par, lam_z = sp.symbols("lambda_parallel lambda_z", positive=True)  # spin-orbit hoppings [eV]
eps = sp.Symbol("epsilon", positive=True)                   # bookkeeping scale of k in expansions

SPACING = {kx: a, ky: a, kz: c}
I2 = sp.eye(2)
PAULI = (sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]), sp.Matrix([[1, 0], [0, -1]]))


def kron(tau: sp.Matrix, sigma: sp.Matrix) -> sp.Matrix:
    """tau (orbital) x sigma (spin)."""
    return sp.kronecker_product(tau, sigma)


TAU_Z_SIGMA_0 = kron(PAULI[2], I2)
TAU_X_SIGMA = tuple(kron(PAULI[0], s) for s in PAULI)      # tau_x sigma_alpha, alpha = x, y, z
TAU_0_SIGMA_Z = kron(I2, PAULI[2])

SYMBOL_NAMES = {
    A_par: r"A_\parallel", B_par: r"B_\parallel", t_par: r"t_\parallel", lam_par: r"\lambda_\parallel",
    m0: r"m_0", V_z: r"V_z", eps: r"\varepsilon",
}
