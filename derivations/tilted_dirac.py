"""The massive tilted Dirac cone t k_x + v (k_x sigma_x + k_y sigma_y) + m sigma_z: a model file
(issue "bring your own model"), with the known closed forms of its Berry curvature and quantum
metric (the tilt moves the energies, not the eigenvectors)."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, t = sp.symbols("v m t", real=True)
s0, sx, sy, sz = pauli()
E2 = v**2 * (kx**2 + ky**2) + m**2

MODEL = Model(
    name="tilted_dirac",
    title="Massive tilted Dirac cone",
    hamiltonian=t * kx * s0 + v * (kx * sx + ky * sy) + m * sz,
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", r"Dirac velocity $\hbar v$", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(m, "eV", "mass", value=0.1, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(t, "eV nm", "tilt", value=0.5, lower=-100.0, upper=100.0),
    ),
    k_max=0.5,
    kT=0.003,
    closed_forms={
        "berry_curvature_lower": m * v**2 / (2 * E2 ** sp.Rational(3, 2)),
        "quantum_metric_lower": sp.Matrix([v**2 * (v**2 * ky**2 + m**2), -v**4 * kx * ky,
                                           v**2 * (v**2 * kx**2 + m**2)]) / (4 * E2**2),
    },
    source="the massive Dirac cone (textbook closed forms: e.g. Xiao, Chang & Niu, RMP 82, 1959 (2010))",
)
