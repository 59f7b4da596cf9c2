"""The Haldane model, PRL 61, 2015 (1988), on the honeycomb lattice (lattice constant 1 nm), in
the periodic gauge (H(k + G) = H(k); sublattice positions left out of the Bloch phases):
h_AB = t1 (1 + e^{-i k.a1} + e^{-i k.a2}), next-nearest hoppings t2 e^{+-i phi} along the
lattice vectors c = a1, a2 - a1, -a2, sublattice potential +-M. A Chern insulator with
C = +-1 for |M| < 3 sqrt(3) |t2 sin phi|; the t2 cos(phi) term makes its bands particle-hole
asymmetric. The zone is the rhombus of b1, b2 (120 degrees apart); K = (2 b1 + b2)/3."""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
t1, t2, phi, M = sp.symbols("t_1 t_2 phi M", real=True)
s0, sx, sy, sz = pauli()
a1, a2 = sp.Matrix([1, 0]), sp.Matrix([sp.Rational(1, 2), sp.sqrt(3) / 2])
k = sp.Matrix([kx, ky])


def phase(a):
    """k . a"""
    return (k.T * a)[0]


c = [phase(a1), phase(a2 - a1), -phase(a2)]
hx = t1 * (1 + sp.cos(phase(a1)) + sp.cos(phase(a2)))
hy = t1 * (sp.sin(phase(a1)) + sp.sin(phase(a2)))
h0 = 2 * t2 * sp.cos(phi) * sum(sp.cos(x) for x in c)
hz = M - 2 * t2 * sp.sin(phi) * sum(sp.sin(x) for x in c)

MODEL = Model(
    name="haldane",
    title="Haldane model",
    hamiltonian=h0 * s0 + hx * sx + hy * sy + hz * sz,
    momenta=(kx, ky),
    parameters=(
        Parameter(t1, "eV", "nearest-neighbour hopping", value=1.0, lower=0.0, upper=10.0),
        Parameter(t2, "eV", "next-nearest-neighbour hopping", value=0.1, lower=-1.0, upper=1.0),
        Parameter(phi, "rad", "flux phase of $t_2$", value=1.2, lower=-4.0, upper=4.0),
        Parameter(M, "eV", "sublattice potential", value=0.2, lower=-5.0, upper=5.0),
    ),
    kT=0.1,
    lattice=((1, 0), (sp.Rational(1, 2), sp.sqrt(3) / 2)),
    points={"G": (0, 0), "M": (0.5, 0), "K": (sp.Rational(2, 3), sp.Rational(1, 3))},
    # sublattice B at (a1 + a2)/3: its neighbours of A at tau_B, tau_B - a1, tau_B - a2
    orbitals=((0, 0), (sp.Rational(1, 2), sp.sqrt(3) / 6)),
    source="Haldane, PRL 61, 2015 (1988)",
)
