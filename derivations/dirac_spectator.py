"""A massive, tilted Dirac cone beside a flat spectator band, as a 3 x 3 Hamiltonian:
t k_x + v (k_x sigma_x + k_y sigma_y) + m sigma_z in the first two bands, Delta in the third.
Not of Clifford form, so qsym diagonalizes it numerically; its Dirac bands have the Berry
curvature and metric of the Clifford-form ``tilted_dirac`` (stated below as closed forms and
compared at random points), so a numerically diagonalized model with nonzero curvature is
checked against known forms, plaquettes and sum rules."""

import sympy as sp

from qsym.model import Model, Parameter

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, t, Delta = sp.symbols("v m t Delta", real=True)
E2 = v**2 * (kx**2 + ky**2) + m**2

MODEL = Model(
    name="dirac_spectator",
    title="Tilted Dirac cone beside a flat spectator band (3 bands, diagonalized numerically)",
    hamiltonian=sp.Matrix([[t * kx + m, v * (kx - sp.I * ky), 0],
                           [v * (kx + sp.I * ky), t * kx - m, 0],
                           [0, 0, Delta]]),
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", r"Dirac velocity $\hbar v$", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(m, "eV", "mass", value=0.1, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(t, "eV nm", "tilt", value=0.5, lower=-100.0, upper=100.0),
        Parameter(Delta, "eV", "energy of the flat spectator band", value=2.0, lower=1.0, upper=100.0),
    ),
    k_max=0.5,
    kT=0.003,
    closed_forms={
        "berry_curvature_band1": m * v**2 / (2 * E2 ** sp.Rational(3, 2)),
        "berry_curvature_band2": -m * v**2 / (2 * E2 ** sp.Rational(3, 2)),
        "berry_curvature_band3": sp.Integer(0),
        "quantum_metric_band1": sp.Matrix([v**2 * (v**2 * ky**2 + m**2), -v**4 * kx * ky,
                                           v**2 * (v**2 * kx**2 + m**2)]) / (4 * E2**2),
        "energy_band1": t * kx - sp.sqrt(E2),
    },
    source="the massive Dirac cone (Xiao, Chang & Niu, RMP 82, 1959 (2010)) beside a flat band",
)
