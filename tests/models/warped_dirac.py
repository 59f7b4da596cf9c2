"""A surface Dirac cone with hexagonal warping and a Zeeman mass (Fu, PRL 103, 266801 (2009)):
v (k_x sigma_y - k_y sigma_x) + (m + lambda_w k_x (k_x^2 - 3 k_y^2)) sigma_z + u k_x, for the
tests of the k-integrals (snowflake Fermi lines; the tilt u makes the Berry curvature dipole
nonzero)."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, lw, u = sp.symbols("v m lambda_w u", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="warped_dirac",
    title="Warped surface Dirac cone",
    hamiltonian=u * kx * s0 + v * (kx * sy - ky * sx) + (m + lw * kx * (kx**2 - 3 * ky**2)) * sz,
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", "Dirac velocity", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(m, "eV", "Zeeman mass", value=0.1, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(lw, "eV nm^3", "hexagonal warping", value=1.0, lower=-100.0, upper=100.0),
        Parameter(u, "eV nm", "tilt", value=0.3, lower=-100.0, upper=100.0),
    ),
    k_max=0.6,
    kT=0.005,
)
