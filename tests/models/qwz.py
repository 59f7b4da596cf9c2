"""The Qi-Wu-Zhang model on the square lattice (lattice constant 1 nm):
H = sin k_x sigma_x + sin k_y sigma_y + (m + cos k_x + cos k_y) sigma_z [eV].
Its lower band has Chern number +1 for -2 < m < 0, -1 for 0 < m < 2 and 0 for |m| > 2."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
m = sp.symbols("m", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="qwz",
    title="Qi-Wu-Zhang model",
    hamiltonian=sp.sin(kx) * sx + sp.sin(ky) * sy + (m + sp.cos(kx) + sp.cos(ky)) * sz,
    momenta=(kx, ky),
    parameters=(Parameter(m, "eV", "mass", value=-1.0, lower=-10.0, upper=10.0),),
    k_max=float(sp.pi),
    lattice=((1, 0), (0, 1)),
    points={"G": (0, 0), "X": (0.5, 0), "M": (0.5, 0.5)},
)
