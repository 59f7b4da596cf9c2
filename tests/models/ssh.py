"""The Su-Schrieffer-Heeger chain along x (lattice constant 1 nm; H independent of k_y, a stack
of chains): H = (v + w cos k_x) sigma_x + w sin k_x sigma_y. The Zak phase of its lower band is
pi for |w| > |v| and 0 for |w| < |v|."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, w = sp.symbols("v w", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="ssh",
    title="SSH chains",
    hamiltonian=(v + w * sp.cos(kx)) * sx + w * sp.sin(kx) * sy,
    momenta=(kx, ky),
    parameters=(Parameter(v, "eV", "intracell hopping", value=0.5, lower=-5.0, upper=5.0),
                Parameter(w, "eV", "intercell hopping", value=1.0, lower=-5.0, upper=5.0)),
    k_max=float(sp.pi),
    lattice=((1, 0), (0, 1)),
)
