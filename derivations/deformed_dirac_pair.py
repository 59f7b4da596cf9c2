"""Paper 002's toy model, Eq. (20), written as a user model: two doubly degenerate bands
H = v (k_x tau_x sigma_x + k_y tau_x sigma_y) + (m - b k^2 + t k_x) tau_z.

qsym derives its geometry and response integrands as for any model; the general k-integrals
of :mod:`qsym.model.responses` reproduce ``sigma_qm`` of the paper's own derivation
(``quantum_metric_nonlinear``), which integrates along Fermi lines (a test and a benchmark)."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, b, t = sp.symbols("v m b t", real=True)
s0, sx, sy, sz = pauli()


def _kron(a, c):
    return sp.Matrix(sp.kronecker_product(a, c))


MODEL = Model(
    name="deformed_dirac_pair",
    title="Paper 002's toy model (Eq. 20) as a user model",
    hamiltonian=v * (kx * _kron(sx, sx) + ky * _kron(sx, sy)) + (m - b * (kx**2 + ky**2) + t * kx) * _kron(sz, s0),
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", "Dirac velocity", value=1.0, lower=0.0, upper=100.0, smallest=1e-4),
        Parameter(m, "eV", "mass", value=0.1, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(b, "eV nm^2", "band curvature", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(t, "eV nm", "tilt / deformation", value=0.9, lower=-100.0, upper=100.0),
    ),
    k_max=1.6,
    kT=0.02,
    source="paper 002, Eq. (20)",
)
