"""1. Band-basis perturbation theory in e E . i grad_k for a general (three-band) model: the
field-corrected state, Eq. (4); Berry connection, Eq. (5); band energy, Eq. (7); and the
"bare energy" of Sec. 5.1 that Ref. [38] (LKA) left out.

Route for Eq. (7): Rayleigh-Schroedinger perturbation theory in the band basis, the
perturbation being the matrix of e E . i grad_k, i.e. e E . A (the derivative of the
expansion coefficients is of higher order in the field gradient and is dropped, as in the
paper's Eq. (6)). The gauge-dependent first-order energy e E . A_n is discarded (paper).
"""

from __future__ import annotations

import sympy as sp

from qsym.calculus import taylor_coefficients
from qsym.checks import symbolic_equal
from qsym.derivation import Derivation
from qsym.perturbation import rayleigh_schrodinger

from .symbols import DIRS, Efield, e, kvec, lam

NBANDS = 3
band_eps = sp.symbols("epsilon_0:3", real=True)


def _connection(j: int) -> sp.Matrix:
    """Hermitian Berry-connection matrix A^j_ab = <a| i d_j |b> in the band basis, written
    with real and imaginary parts so that Re(...) can be taken exactly."""
    d = DIRS[j]

    def entry(a, c):
        if a == c:
            return sp.Symbol(f"A^{d}_{a}{a}", real=True)
        lo, hi = min(a, c), max(a, c)
        re_, im_ = sp.symbols(f"a^{d}_{lo}{hi} b^{d}_{lo}{hi}", real=True)
        return re_ + sp.I * im_ if a < c else re_ - sp.I * im_

    return sp.Matrix(NBANDS, NBANDS, entry)


CONNECTION = [_connection(j) for j in range(3)]


def bcp_band_basis(n: int = 0) -> sp.Matrix:
    """Printed BCP, script G^{jk}_n = 2 Re sum_{m != n} A^j_nm A^k_mn / (eps_n - eps_m)."""
    return sp.Matrix(3, 3, lambda j, k: sum(
        2 * sp.re(sp.expand(CONNECTION[j][n, mm] * CONNECTION[k][mm, n])) / (band_eps[n] - band_eps[mm])
        for mm in range(NBANDS) if mm != n))


def quadratic_form(G: sp.Matrix):
    return sum(Efield[j] * G[j, k] * Efield[k] for j in range(3) for k in range(3))


def field_corrected_state(d: Derivation) -> dict:
    """Eqs. (4), (5), (7) and Sec. 5.1 by Rayleigh-Schroedinger perturbation theory in e E . A."""
    n = 0
    V = e * sum((Efield[j] * CONNECTION[j] for j in range(3)), sp.zeros(NBANDS))
    d.define("field_perturbation", V, lhs=sp.Symbol(r"\langle a|eE\cdot i\nabla_k|b\rangle"), eq="6",
             doc=r"The perturbation $e E \cdot i \nabla_k$ of Eq. (6) in the band basis: $e E \cdot A_{ab}$.")
    # solve with symbols V_ab for the matrix elements (small algebra), then insert e E . A_ab
    v_sym = sp.Matrix(NBANDS, NBANDS, lambda a, c: sp.Symbol(f"V_{a}{c}"))
    rs = rayleigh_schrodinger(band_eps, v_sym, n, order=2)
    insert = {v_sym[a, c]: V[a, c] for a in range(NBANDS) for c in range(NBANDS)}
    rs = type(rs)(tuple(sp.sympify(x).subs(insert) for x in rs.energies),
                  tuple(x.subs(insert) for x in rs.states))
    psi1 = d.derive("state_first_order", rs.states[1], lhs=sp.Symbol(r"|u^{(1)}_n\rangle"), eq="4",
                    doc=r"Solved from the $O(\lambda)$ part of $(H_0 + \lambda V) \psi = E \psi$.")
    printed_psi1 = d.state("state_first_order_printed", sp.Matrix(
        [0 if mm == n else e * sum(Efield[j] * CONNECTION[j][mm, n] for j in range(3)) /
         (band_eps[n] - band_eps[mm]) for mm in range(NBANDS)]), lhs=sp.Symbol(r"|u^{(1)}_n\rangle"), eq="4")
    d.check("eq4_state", lambda: symbolic_equal(psi1, printed_psi1),
            compares=("state_first_order", "state_first_order_printed"), eq="4")

    # Eq. (5): A~^j = <u~|i d_j u~>/<u~|u~> with u~ = u_n + lambda sum_m C_m(k) u_m
    C = [sp.Function(f"C_{mm}")(*kvec) if mm != n else None for mm in range(NBANDS)]
    coeff = [sp.Integer(1) if mm == n else lam * C[mm] for mm in range(NBANDS)]
    norm = sum(sp.conjugate(c) * c for c in coeff)
    shift = []
    for j in range(3):
        num = sum(sp.conjugate(coeff[a]) * sp.I * sp.diff(coeff[a], kvec[j]) for a in range(NBANDS))
        num += sum(sp.conjugate(coeff[a]) * CONNECTION[j][a, c] * coeff[c]
                   for a in range(NBANDS) for c in range(NBANDS))
        zeroth, first = taylor_coefficients(num / norm, lam, 2)
        first = sp.expand(first).subs({C[mm]: psi1[mm] for mm in range(NBANDS) if mm != n})
        assert sp.simplify(zeroth - CONNECTION[j][n, n]) == 0
        shift.append(sp.expand(first))
    shift = d.derive("berry_connection_field_shift", sp.Matrix(shift),
                     lhs=sp.Symbol(r"\tilde{\mathcal{A}}_n - \mathcal{A}_n"), eq="5",
                     doc=r"$O(E)$ part of $\langle \tilde u|i \nabla \tilde u\rangle/\langle \tilde u|\tilde u\rangle$; the $i "
                         r"\nabla_k C_m$ terms are $O(E^{2})$.")
    G = d.state("bcp_printed", bcp_band_basis(n), lhs=sp.Symbol(r"\mathcal{G}_n"), eq="5",
                doc="Band-normalized quantum metric; the BCP of Eq. (5) is $e$ times it.")
    d.check("eq5_berry_connection", lambda: symbolic_equal(shift, e * G * sp.Matrix(Efield)),
            compares=("berry_connection_field_shift", "e G . E with G printed (Eq. 5)"), eq="5")

    e2 = d.derive("energy_second_order", rs.energies[2], lhs=sp.Symbol(r"\epsilon^{(2)}_n"), eq="7",
                  doc=r"$O(\lambda^{2})$ of the Rayleigh-Schroedinger series (the $O(\lambda)$ term "
                      r"$e E \cdot A_n$ is gauge dependent and dropped).")
    printed_e2 = d.state("energy_second_order_printed", e / 2 * quadratic_form(e * G),
                         lhs=sp.Symbol(r"\epsilon^{(2)}_n"), eq="7")
    d.check("eq7_energy", lambda: symbolic_equal(e2, printed_e2),
            compares=("energy_second_order", "energy_second_order_printed"), eq="7")

    # Sec. 5.1: the bare energy <u~|H0|u~>/<u~|u~> that LKA (Ref. 38) omits
    u = sp.Matrix([1 if mm == n else 0 for mm in range(NBANDS)]) + lam * psi1
    bare = (u.H * sp.diag(*band_eps) * u)[0] / (u.H * u)[0]
    bare2 = taylor_coefficients(bare, lam, 3)[2]
    bare2 = d.derive("bare_energy_shift", bare2, lhs=sp.Symbol(r"\delta\epsilon^{\rm bare}_n"),
                     eq="Sec. 5.1", doc=r"$O(E^{2})$ part of $\langle \tilde u|H_0|\tilde u\rangle/\langle \tilde u|\tilde u\rangle$.")
    d.check("sec51_bare_energy", lambda: symbolic_equal(bare2, -printed_e2),
            compares=("bare_energy_shift", "-(e/2) E.G.E printed in Sec. 5.1"), eq="Sec. 5.1")
    return {"G": G}
