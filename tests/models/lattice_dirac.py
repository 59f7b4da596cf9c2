"""A tilted Qi-Wu-Zhang-type lattice model (lattice constant 1 nm) around Gamma:
A (sin k_x sigma_x + sin k_y sigma_y) + (M - 2 B (2 - cos k_x - cos k_y)) sigma_z + t sin k_x,
on a box inside the Brillouin zone, for the tests of the k-integrals (non-polynomial bands)."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
A, M, B, t = sp.symbols("A M B t", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="lattice_dirac",
    title="Tilted lattice Dirac model",
    hamiltonian=t * sp.sin(kx) * s0 + A * (sp.sin(kx) * sx + sp.sin(ky) * sy)
    + (M - 2 * B * (2 - sp.cos(kx) - sp.cos(ky))) * sz,
    momenta=(kx, ky),
    parameters=(
        Parameter(A, "eV", "hopping (velocity)", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(M, "eV", "mass", value=0.2, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(B, "eV", "band curvature hopping", value=-0.5, lower=-100.0, upper=100.0),
        Parameter(t, "eV", "tilt", value=0.2, lower=-100.0, upper=100.0),
    ),
    k_max=1.5,
    kT=0.005,
)
