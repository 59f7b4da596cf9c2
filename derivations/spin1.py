"""A three-band spin-1 model, v (k_x S_x + k_y S_y) + D S_z^2: a model file that is not of Clifford
form, so its bands are found by numerical diagonalization in the generated kernels (three
non-degenerate groups). Its middle band touches the upper one at k = 0 (D > 0), which the
generated functions refuse."""

import sympy as sp

from qsym.model import Model, Parameter

kx, ky = sp.symbols("k_x k_y", real=True)
v, D = sp.symbols("v D", real=True)
r = 1 / sp.sqrt(2)
Sx = sp.Matrix([[0, r, 0], [r, 0, r], [0, r, 0]])
Sy = sp.Matrix([[0, -sp.I * r, 0], [sp.I * r, 0, -sp.I * r], [0, sp.I * r, 0]])
Sz = sp.diag(1, 0, -1)

MODEL = Model(
    name="spin1",
    title="Spin-1 (three-band) model with single-ion anisotropy",
    hamiltonian=v * (kx * Sx + ky * Sy) + D * Sz**2,
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", "velocity", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(D, "eV", "single-ion anisotropy", value=0.2, lower=-10.0, upper=10.0, smallest=1e-3),
    ),
    k_max=0.5,
    touchings=((0, 0),),
    source="spin-1 (pseudospin-1) Dirac-like model with anisotropy",
)
