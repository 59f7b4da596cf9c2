"""A pair of Weyl nodes in 3D, t k_z + v (k_x sigma_x + k_y sigma_y) + b (k_z^2 - k_0^2) sigma_z:
a model file with three momenta (Berry curvature components yz, zx, xy). The nodes at
k = (0, 0, +-k_0) are band touchings, which the generated functions refuse; away from them the
curvature is the monopole field of charge -+1/2 per node."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky, kz = sp.symbols("k_x k_y k_z", real=True)
v, b, k0, t = sp.symbols("v b k_0 t", real=True)
s0, sx, sy, sz = pauli()

MODEL = Model(
    name="weyl_pair",
    title="A pair of Weyl nodes (3D)",
    hamiltonian=t * kz * s0 + v * (kx * sx + ky * sy) + b * (kz**2 - k0**2) * sz,
    momenta=(kx, ky, kz),
    parameters=(
        Parameter(v, "eV nm", "velocity in the plane", value=0.5, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(b, "eV nm^2", "curvature along $k_z$", value=1.0, lower=0.0, upper=100.0, smallest=1e-3),
        Parameter(k0, "nm^-1", "node position", value=0.3, lower=0.0, upper=10.0),
        Parameter(t, "eV nm", "tilt along $k_z$", value=0.1, lower=-100.0, upper=100.0),
    ),
    k_max=0.6,
    kT=0.005,
    touchings=((0, 0, k0), (0, 0, -k0)),
    source="minimal two-node Weyl model",
)
