"""The Rashba gas in an in-plane Zeeman field, k^2 hbar^2/2m + alpha (k_x sigma_y - k_y sigma_x)
+ B sigma_x: a model file. Its bands touch at k = (0, B/alpha), which the generated functions
refuse; its Berry curvature vanishes (d has no z component) while its quantum metric does not."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
c, alpha, B = sp.symbols("c alpha B", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="rashba_zeeman",
    title="Rashba gas with an in-plane Zeeman field",
    hamiltonian=c * (kx**2 + ky**2) * s0 + alpha * (kx * sy - ky * sx) + B * sx,
    momenta=(kx, ky),
    parameters=(
        Parameter(c, "eV nm^2", r"$\hbar^{2}/2m$", value=0.04, lower=0.0, upper=100.0),
        Parameter(alpha, "eV nm", "Rashba coefficient", value=0.1, lower=-10.0, upper=10.0, smallest=1e-3),
        Parameter(B, "eV", "in-plane Zeeman energy", value=0.01, lower=-10.0, upper=10.0),
    ),
    k_max=3.0,
    kT=0.001,
    closed_forms={"berry_curvature_lower": sp.Integer(0)},
    touchings=((0, B / alpha),),
    source="Rashba model with in-plane field",
)
