"""A massive Dirac model with a k^2 mass, v (k_x sigma_x + k_y sigma_y) + (m - b k^2) sigma_z
[eV, nm]: in the continuum its lower band carries Berry flux (sign m + sign b)/2 (a
half-integer from the Dirac point, and the k^2 term's own half at infinity); discretized on the
square lattice (a = 1 nm) it is a Chern insulator with C = 1 for 0 < m/b < 4/a^2."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, b = sp.symbols("v m b", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="regularized_dirac",
    title="Dirac model with a k^2 mass",
    hamiltonian=v * (kx * sx + ky * sy) + (m - b * (kx**2 + ky**2)) * sz,
    momenta=(kx, ky),
    parameters=(Parameter(v, "eV nm", "velocity", value=1.0, lower=0.0, upper=10.0, smallest=1e-3),
                Parameter(m, "eV", "Dirac mass", value=0.5, lower=-10.0, upper=10.0),
                Parameter(b, "eV nm^2", "k^2 mass", value=1.0, lower=-10.0, upper=10.0)),
    k_max=2.0,
)
