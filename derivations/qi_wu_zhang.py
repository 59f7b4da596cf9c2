"""The Qi-Wu-Zhang model on the square lattice (lattice constant 1 nm), Qi, Wu and Zhang, PRB
74, 085308 (2006), with a tilt t sin k_x that breaks its inversion and fourfold symmetries, so
that its nonlinear responses do not vanish:
H = t sin k_x + sin k_x sigma_x + sin k_y sigma_y + (m + cos k_x + cos k_y) sigma_z [eV].
The lower band has Chern number +1 for -2 < m < 0, -1 for 0 < m < 2 and 0 for |m| > 2; the
tilt leaves a global gap for |t| < 1 at m = -1. qsym checks the Chern number (link variables)
against 2 pi times the in-gap anomalous Hall conductivity over the zone, and the winding of its
Wilson loops."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
m, t = sp.symbols("m t", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="qi_wu_zhang",
    title="Qi-Wu-Zhang model (tilted)",
    hamiltonian=t * sp.sin(kx) * s0 + sp.sin(kx) * sx + sp.sin(ky) * sy + (m + sp.cos(kx) + sp.cos(ky)) * sz,
    momenta=(kx, ky),
    parameters=(Parameter(m, "eV", "mass", value=-1.0, lower=-10.0, upper=10.0),
                Parameter(t, "eV", "tilt", value=0.2, lower=-10.0, upper=10.0)),
    kT=0.05,
    lattice=((1, 0), (0, 1)),
    points={"G": (0, 0), "X": (0.5, 0), "M": (0.5, 0.5)},
    source="Qi, Wu and Zhang, PRB 74, 085308 (2006)",
)
