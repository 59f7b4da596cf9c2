"""The Kane-Mele model on the honeycomb lattice, Kane and Mele, PRL 95, 226801 (2005), Eq. (1)
and Table I: with x = k_x a/2, y = sqrt(3) k_y a/2 (a = 1 nm, the lattice constant; nearest
neighbours a/sqrt(3) apart), sigma the sublattice and s the spin,
H = sum_a d_a Gamma_a + sum_ab d_ab Gamma_ab, Gamma = (sigma_x, sigma_z, sigma_y s_x, sigma_y s_y,
sigma_y s_z), Gamma_ab = [Gamma_a, Gamma_b] / 2i. Quantum spin Hall (Z2 = 1) for
lambda_v < 3 sqrt(3) lambda_SO at lambda_R = 0, and for lambda_R < 2 sqrt(3) lambda_SO at
lambda_v = 0."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
t, lso, lv, lr = sp.symbols("t lambda_SO lambda_v lambda_R", real=True)
s0, sx, sy, sz = pauli()
kron = lambda a, b: sp.Matrix(sp.kronecker_product(a, b))  # noqa: E731
G = [kron(sx, s0), kron(sz, s0), kron(sy, sx), kron(sy, sy), kron(sy, sz)]


def G2(a, b):
    return (G[a] * G[b] - G[b] * G[a]) / (2 * sp.I)


x, y = kx / 2, sp.sqrt(3) * ky / 2
H = (t * (1 + 2 * sp.cos(x) * sp.cos(y)) * G[0] + lv * G[1] + lr * (1 - sp.cos(x) * sp.cos(y)) * G[2]
     - sp.sqrt(3) * lr * sp.sin(x) * sp.sin(y) * G[3] - 2 * t * sp.cos(x) * sp.sin(y) * G2(0, 1)
     + lso * (2 * sp.sin(2 * x) - 4 * sp.sin(x) * sp.cos(y)) * G2(0, 4) - lr * sp.cos(x) * sp.sin(y) * G2(1, 2)
     + sp.sqrt(3) * lr * sp.sin(x) * sp.cos(y) * G2(1, 3))

MODEL = Model(
    name="kane_mele",
    title="Kane-Mele model",
    hamiltonian=H.applyfunc(sp.expand),
    momenta=(kx, ky),
    parameters=(
        Parameter(t, "eV", "nearest-neighbour hopping", value=1.0, lower=0.0, upper=10.0),
        Parameter(lso, "eV", "spin-orbit coupling", value=0.06, lower=-1.0, upper=1.0),
        Parameter(lv, "eV", "sublattice potential", value=0.1, lower=-5.0, upper=5.0),
        Parameter(lr, "eV", "Rashba coupling", value=0.05, lower=-5.0, upper=5.0),
    ),
    k_max=float(sp.pi),
    lattice=((1, 0), (sp.Rational(1, 2), sp.sqrt(3) / 2)),
    degeneracy=2,
)
