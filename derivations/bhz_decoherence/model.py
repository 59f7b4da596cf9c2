"""Section 1: the BHZ Hamiltonian per spin, its bands and the printed eigenstates."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from qsym.checks import all_of, symbolic_equal
from qsym.derivation import Derivation
from qsym.geometry import two_band_hamiltonian

from .symbols import SPINS, A, B, E, E_minus, M, Theta, k, kx, ky, reduce_spin, s, theta


@dataclass(frozen=True)
class Model:
    """The model as later sections use it: H_s, its d-vector and the printed eigenstates."""

    H: sp.Matrix
    d_vec: tuple
    up: sp.Matrix
    dn: sp.Matrix


def bhz_model(d: Derivation) -> Model:
    """H_s = d . sigma with d = (s A kx, A ky, M - B k^2); bands +-E_k; eigenstates |k s +->."""
    d_vec = (s * A * kx, A * ky, M - B * (kx**2 + ky**2))
    H = d.define("hamiltonian", two_band_hamiltonian(0, d_vec), lhs=sp.Symbol("H_s"), order="as-written",
                 doc=r"BHZ Hamiltonian of spin sector $s = \pm 1$: $d = (s A k_x, A k_y, M - B k^{2})$.")
    d_polar = [sp.expand(c.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})) for c in d_vec]
    energy_derived = d.derive(
        "band_energy", sp.sqrt(sp.simplify(reduce_spin(sum(c**2 for c in d_polar)))),
        lhs=E, order="as-written", doc=r"$|d(k)|$: the bands are $\eta E_k$, $\eta = \pm 1$.")
    d.state("band_energy_printed", sp.sqrt(A**2 * k**2 + E_minus**2), lhs=E, order="as-written",
            doc=r"$E_k = \sqrt{A^{2} k^{2} + (E^-_k)^{2}}$ with $E^-_k = M - B k^{2}$ (model paragraph before "
                "Eq. 1).")
    d.check("band_energy_matches_paper",
            lambda: symbolic_equal(energy_derived, d["band_energy_printed"].expr),
            compares=("band_energy", "band_energy_printed"))

    up = sp.Matrix([s * sp.cos(Theta / 2) * sp.exp(-s * sp.I * theta), sp.sin(Theta / 2)])
    dn = sp.Matrix([s * sp.sin(Theta / 2) * sp.exp(-s * sp.I * theta), -sp.cos(Theta / 2)])
    d.state("eigenstates", sp.Matrix.hstack(up, dn), lhs=sp.Symbol(r"\left(|k s+\rangle, |k s-\rangle\right)"),
            doc=r"Printed eigenstates $|k s \pm\rangle$ (columns), with $\cos \Theta = E^-/E$, $\sin \Theta = "
                "A k/E$.")
    d.check("eigenstates_are_orthonormal_eigenvectors", lambda: _check_eigenstates(up, dn),
            compares=("eigenstates", "hamiltonian"),
            doc=r"$d = E (s \sin \Theta \cos \theta, \sin \Theta \sin \theta, \cos \Theta)$ by the definition "
                r"of $\Theta$.")
    return Model(H, d_vec, up, dn)


def _check_eigenstates(up, dn):
    # d in spherical form: d = E (s sin Theta cos theta, sin Theta sin theta, cos Theta)
    sph = {kx: E * sp.sin(Theta) * sp.cos(theta) / A, ky: E * sp.sin(Theta) * sp.sin(theta) / A}
    rng = {E: (sp.Rational(1, 10), 2), Theta: (0, 3), theta: (-3, 3)}
    res = []
    for spin in SPINS:
        h = two_band_hamiltonian(0, (spin * A * sph[kx], A * sph[ky], E * sp.cos(Theta)))
        vecs = {1: up.subs(s, spin), -1: dn.subs(s, spin)}
        for band, v in vecs.items():
            res.append(symbolic_equal(h * v, band * E * v, ranges=rng))
            res.append(symbolic_equal((v.H * v)[0, 0], 1, ranges=rng))
        res.append(symbolic_equal((vecs[1].H * vecs[-1])[0, 0], 0, ranges=rng))
    return all_of(res, "H|k s +-> = +-E|k s +->, <+-|+-> = 1, <+|-> = 0 for s = +-1")
