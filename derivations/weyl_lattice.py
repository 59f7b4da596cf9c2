"""A pair of Weyl nodes on the cubic lattice (lattice constant 1 nm), the minimal
time-reversal-breaking Weyl semimetal (e.g. Armitage, Mele and Vishwanath, RMP 90, 015001
(2018), Sec. II): H = d . sigma with
d = (sin k_x, sin k_y, cos k_z - cos k_0 + m (2 - cos k_x - cos k_y)) [eV], plus a tilt
t sin k_z. For m > 1/2 (and 0 < k_0 < pi) the bands touch only at k = (0, 0, +-k_0).

build() reads:

1. the model (bands, geometry, kernels and the automatic checks of :mod:`qsym.model`);
2. ``weyl_nodes``: the zeros of d on the k_z axis, solved for, against the touchings the model
   states (and the touching check finds no others in the zone);
3. ``chirality``: sign det(d d_a / d k_b) at the node k_0, derived;
4. the Chern number of the planes k_z = 0 and k_z = pi (link variables) jumps by that
   chirality across the node, and the Wilson loops of each plane wind by its Chern number.
"""

from functools import lru_cache

import sympy as sp

from qsym.checks import CheckResult, symbolic_equal
from qsym.model import Model, Parameter, derivation, pauli

kx, ky, kz = sp.symbols("k_x k_y k_z", real=True)
m, k0, t = sp.symbols("m k_0 t", real=True)
s0, sx, sy, sz = pauli()
d_vector = sp.Matrix([sp.sin(kx), sp.sin(ky), sp.cos(kz) - sp.cos(k0) + m * (2 - sp.cos(kx) - sp.cos(ky))])

MODEL = Model(
    name="weyl_lattice",
    title="Weyl semimetal on the cubic lattice",
    hamiltonian=t * sp.sin(kz) * s0 + d_vector[0] * sx + d_vector[1] * sy + d_vector[2] * sz,
    momenta=(kx, ky, kz),
    parameters=(
        Parameter(m, "eV", "mass that gaps the other zeros of $d$", value=1.0, lower=0.5, upper=10.0),
        Parameter(k0, "nm^-1", "node position on the $k_z$ axis", value=1.2, lower=0.05, upper=3.0),
        Parameter(t, "eV", "tilt along $k_z$", value=0.1, lower=-0.5, upper=0.5),
    ),
    kT=0.02,
    lattice=((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    touchings=((0, 0, k0), (0, 0, -k0)),
    points={"G": (0, 0, 0), "X": (0.5, 0, 0), "M": (0.5, 0.5, 0), "Z": (0, 0, 0.5)},
    path=("G", "X", "M", "G", "Z"),
    source="Armitage, Mele and Vishwanath, RMP 90, 015001 (2018)",
)
NAME = MODEL.name


@lru_cache(maxsize=None)
def build():
    d = derivation(MODEL, module=__name__)
    weyl_nodes(d)
    chi = chirality(d)
    chern_planes(d, chi)
    return d


def weyl_nodes(d):
    """The zeros of d on the k_z axis (d_x = d_y = 0 there): cos k_z = cos k_0."""
    nodes = [sp.pi - sp.Mod(sp.pi - z, 2 * sp.pi) for z in sp.solve(d_vector[2].subs({kx: 0, ky: 0}), kz)]
    ascending = lambda z: float(z.subs(k0, MODEL.parameters[1].value))  # noqa: E731
    derived = d.derive("weyl_nodes", sp.Matrix(sorted(nodes, key=ascending)), lhs=sp.Symbol("k_z^W"),
                       doc=r"Solved from $d(0, 0, k_z) = 0$, brought into the zone $(-\pi, \pi]$.")
    stated = d.state("weyl_nodes_stated", sp.Matrix(sorted([MODEL.touchings[1][2], MODEL.touchings[0][2]],
                                                           key=ascending)), lhs=sp.Symbol("k_z^W"),
                     doc="The touchings the model states, `Model(touchings=...)`.")
    d.check("weyl_nodes_are_the_stated_touchings",
            lambda: symbolic_equal(derived, stated, ranges={k0: (0.05, 3.0)}, exact=False),
            compares=("weyl_nodes", "weyl_nodes_stated"), doc=r"On the parameter's range $0.05 \le k_0 \le "
                                                              "3$.")


def chirality(d):
    """sign det(d d_a / d k_b) at the node (0, 0, k_0)."""
    J = d_vector.jacobian([kx, ky, kz]).subs({kx: 0, ky: 0, kz: k0})
    return d.derive("chirality", sp.sign(sp.simplify(J.det())), lhs=sp.Symbol(r"\chi_+"),
                    doc="The Jacobian of $d$ at the node $k_0$; the lower band's Berry flux out of a sphere "
                        r"around it is $2 \pi \chi$.")


def chern_planes(d, chi):
    """C(k_z = pi) - C(k_z = 0) = chi (the node k_0 lies between the planes), and each plane's
    Wilson loops wind by its C."""
    from qsym.model.topology import chern_number, wilson_loop

    def run():
        values = {p.symbol: p.value for p in MODEL.parameters}
        expected = int(chi.subs(values))
        below, above = chern_number(MODEL, at=0.0).value, chern_number(MODEL, at=0.5).value
        winds = [wilson_loop(MODEL, along=1, across=0, at=a).winding for a in (0.0, 0.5)]
        ok = above - below == expected and winds == [below, above]
        return CheckResult(ok, "numeric", float(abs(above - below - expected) + abs(winds[0] - below)
                                                + abs(winds[1] - above)),
                           f"C(k_z = 0) = {below}, C(k_z = pi) = {above}, chirality {expected}; Wilson windings "
                           f"{winds[0]}, {winds[1]}")

    d.check("chern_number_jumps_by_the_chirality_across_the_node", run,
            compares=("Chern numbers of the planes k_z = 0, pi (link variables) and their Wilson-loop windings",
                      "chirality"))
