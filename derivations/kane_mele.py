"""The Kane-Mele model with Rashba coupling on the honeycomb lattice, Kane and Mele, PRL 95,
226801 (2005), Eq. (1) and Table I: with x = k_x a/2, y = sqrt(3) k_y a/2 (a = 1 nm, the
lattice constant), sigma the sublattice and s the spin,
H = sum_a d_a Gamma_a + sum_ab d_ab Gamma_ab, Gamma = (sigma_x, sigma_z, sigma_y s_x, sigma_y s_y,
sigma_y s_z), Gamma_ab = [Gamma_a, Gamma_b] / 2i. Four bands, time-reversal invariant and, with
lambda_v and lambda_R, without inversion: the bands are split except at the four
time-reversal-invariant momenta, where Kramers partners meet; the groups are the two pairs
(``degeneracy=2``), each one object however split. The lower pair has Chern number 0 and a Z2 index, 1 (quantum spin Hall) below the sublattice
transition lambda_v = 3 sqrt(3) lambda_SO and 0 beyond it.

build() reads as the paper's argument:

1. the model (bands, geometry, kernels and the automatic checks of :mod:`qsym.model`);
2. ``hamiltonian_at_K``: H at the zone corner K = (4 pi/3, 0), at lambda_R = 0;
3. ``sublattice_transition``: the lambda_v at which its middle levels meet (the gap closes),
   solved for, against the paper's printed 3 sqrt(3) lambda_SO;
4. the Z2 index from the Wilson-loop spectrum on both sides of the derived transition, at the
   model's Rashba coupling.
"""

from functools import lru_cache

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, symbolic_equal
from qsym.model import Model, Parameter, derivation, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
t, lso, lv, lr = sp.symbols("t lambda_SO lambda_v lambda_R", real=True)
s0, sx, sy, sz = pauli()


def kron(a, b):
    return sp.Matrix(sp.kronecker_product(a, b))


G = [kron(sx, s0), kron(sz, s0), kron(sy, sx), kron(sy, sy), kron(sy, sz)]


def G2(a, b):
    return (G[a] * G[b] - G[b] * G[a]) / (2 * sp.I)


x, y = kx / 2, sp.sqrt(3) * ky / 2
H = (t * (1 + 2 * sp.cos(x) * sp.cos(y)) * G[0] + lv * G[1] + lr * (1 - sp.cos(x) * sp.cos(y)) * G[2]
     - sp.sqrt(3) * lr * sp.sin(x) * sp.sin(y) * G[3] - 2 * t * sp.cos(x) * sp.sin(y) * G2(0, 1)
     + lso * (2 * sp.sin(2 * x) - 4 * sp.sin(x) * sp.cos(y)) * G2(0, 4) - lr * sp.cos(x) * sp.sin(y) * G2(1, 2)
     + sp.sqrt(3) * lr * sp.sin(x) * sp.cos(y) * G2(1, 3))

MODEL = Model(
    name="kane_mele",
    title="Kane-Mele model with Rashba coupling",
    hamiltonian=H.applyfunc(sp.expand),
    momenta=(kx, ky),
    parameters=(
        Parameter(t, "eV", "nearest-neighbour hopping", value=1.0, lower=0.0, upper=10.0),
        Parameter(lso, "eV", "spin-orbit coupling", value=0.06, lower=-1.0, upper=1.0),
        Parameter(lv, "eV", "sublattice potential", value=0.1, lower=-5.0, upper=5.0),
        Parameter(lr, "eV", "Rashba coupling", value=0.05, lower=-5.0, upper=5.0),
    ),
    kT=0.05,
    lattice=((1, 0), (sp.Rational(1, 2), sp.sqrt(3) / 2)),
    degeneracy=2,     # the Kramers pairs as groups: split inside, but apart from each other
    # basis (A up, A down, B up, B down); the hoppings of Table I reach B at R + tau_B for
    # R = 0, a1 - a2, -a2: equidistant from A for tau_B = (0, a/sqrt(3))
    orbitals=((0, 0), (0, 0), (0, 1 / sp.sqrt(3)), (0, 1 / sp.sqrt(3))),
    points={"G": (0, 0), "M": (0.5, 0), "K": (sp.Rational(2, 3), sp.Rational(1, 3))},
    source="Kane and Mele, PRL 95, 226801 (2005)",
)
NAME = MODEL.name

#: The zone corner K of the paper (its Dirac point at lambda_SO = lambda_v = lambda_R = 0) [1/nm].
K_POINT = (4 * sp.pi / 3, 0)


@lru_cache(maxsize=None)
def build():
    d = derivation(MODEL, module=__name__)
    HK = hamiltonian_at_K(d)
    transition = sublattice_transition(d, HK)
    z2_on_both_sides(d, transition)
    return d


def hamiltonian_at_K(d):
    """H at K with lambda_R = 0: the hopping terms vanish there, leaving lambda_v Gamma_2 and
    the spin-orbit term d_15 Gamma_15, which commute."""
    HK = MODEL.hamiltonian.subs({kx: K_POINT[0], ky: K_POINT[1], lr: 0}).applyfunc(sp.simplify)
    return d.derive("hamiltonian_at_K", HK, lhs=sp.Symbol("H(K)"),
                    doc=r"By substitution of $K = (4 \pi/3a, 0)$ and $\lambda_R = 0$ into the Bloch "
                        "Hamiltonian.")


def sublattice_transition(d, HK):
    """The sublattice potential at which the gap at K closes: the levels of H(K) meet."""
    levels = sorted(set(HK.eigenvals()), key=sp.default_sort_key)
    roots = set()
    for i, a in enumerate(levels):
        for b in levels[i + 1:]:
            roots |= set(sp.solve(sp.Eq(a, b), lv))
    positive = [r for r in roots if (r / lso).is_positive]
    derived = d.derive("sublattice_transition", positive[0] if len(positive) == 1 else sp.nan,
                       lhs=sp.Symbol(r"\lambda_v^c"),
                       doc=r"Solved from the degeneracy of the levels of $H(K)$ (for $\lambda_{SO} > 0$).")
    stated = d.state("sublattice_transition_printed", 3 * sp.sqrt(3) * lso, lhs=sp.Symbol(r"\lambda_v^c"),
                     doc=r"Kane and Mele: the QSH phase is $\lambda_v < 3 \sqrt{3} \lambda_{SO}$ at "
                         r"$\lambda_R = 0$.")
    d.check("sublattice_transition_equals_the_printed_one", lambda: symbolic_equal(derived, stated),
            compares=("sublattice_transition", "sublattice_transition_printed"))
    return derived


def z2_on_both_sides(d, transition):
    """Z2 = 1 at 0.7 of the derived transition and 0 at 1.3 of it, at the model's lambda_R."""
    from qsym.model.topology import z2_index

    def run():
        c = float(transition.subs(lso, MODEL.parameters[1].value))
        inside = z2_index(MODEL, params={"lambda_v": 0.7 * c})
        outside = z2_index(MODEL, params={"lambda_v": 1.3 * c})
        return CheckResult(inside == 1 and outside == 0, "numeric", float(abs(inside - 1) + abs(outside)),
                           f"Z2 = {inside} at lambda_v = {0.7 * c:.4g} eV, {outside} at {1.3 * c:.4g} eV "
                           f"(lambda_R = {MODEL.parameters[3].value} eV; transition at lambda_R = 0: {c:.4g} eV)")

    d.check("z2_is_one_inside_and_zero_beyond_the_sublattice_transition", run,
            compares=("Z2 from the Wilson-loop spectrum (largest-gap rule)", "sublattice_transition"))
    return np.nan
