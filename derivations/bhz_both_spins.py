"""The four-band BHZ model with both spins, C - D k^2 + A k_x s_z sigma_x - A k_y sigma_y
+ (M - B k^2) sigma_z (s: spin, sigma: orbital): a model file with doubly degenerate band
groups (time reversal and inversion). Each group's Berry curvature vanishes (the spins carry
opposite curvature); the metric and BCP are those of a degenerate pair."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
A, B, C, D, M = sp.symbols("A B C D M", real=True)
s0, sx, sy, sz = pauli()


def kron(spin, orbital):
    return sp.Matrix(sp.kronecker_product(spin, orbital))


k2 = kx**2 + ky**2
MODEL = Model(
    name="bhz_both_spins",
    title="BHZ model with both spins (doubly degenerate bands)",
    hamiltonian=(C - D * k2) * kron(s0, s0) + A * kx * kron(sz, sx) - A * ky * kron(s0, sy)
    + (M - B * k2) * kron(s0, sz),
    momenta=(kx, ky),
    parameters=(
        Parameter(A, "eV nm", "linear coefficient", value=0.36, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(B, "eV nm^2", "quadratic mass coefficient", value=-0.69, lower=-100.0, upper=100.0),
        Parameter(C, "eV", "energy offset", value=0.0, lower=-10.0, upper=10.0),
        Parameter(D, "eV nm^2", "particle-hole asymmetry", value=-0.51, lower=-100.0, upper=100.0),
        Parameter(M, "eV", "Dirac mass", value=-0.01, lower=-10.0, upper=10.0, smallest=1e-3),
    ),
    k_max=0.5,
    kT=0.005,
    closed_forms={"berry_curvature_lower": sp.Integer(0), "berry_curvature_upper": sp.Integer(0)},
    source="Bernevig, Hughes & Zhang, Science 314, 1757 (2006); HgTe parameters (~7 nm well)",
)
