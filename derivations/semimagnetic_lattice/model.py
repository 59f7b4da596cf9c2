"""Sections of the derivation: continuum model, its discretization, the real-space blocks
(against Eq. 3), the continuum limit and the symmetries."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult, symbolic_equal
from qsym.derivation import Derivation
from qsym.model.discretize import regularize

from .symbols import (A_par, A_z, B_par, B_z, K, PAULI, SPACING, TAU_0_SIGMA_Z, TAU_X_SIGMA, TAU_Z_SIGMA_0, I2,
                      a, c, eps, kron, kx, ky, kz, lam_par, lam_z, m0, t_par, t_z, V_z)

#: The identification of lattice and continuum parameters (t = B/a^2, lambda = A/a).
LATTICE_OF_CONTINUUM = {t_par: B_par / a**2, t_z: B_z / c**2, lam_par: A_par / a, lam_z: A_z / c}
_z = sp.Symbol("z")  # exp(i k d): the Fourier variable of one direction


def continuum_model(d: Derivation) -> sp.Matrix:
    """The k.p Hamiltonian whose discretization is Eq. (3)."""
    mass = m0 - B_par * (kx**2 + ky**2) - B_z * kz**2
    H = (mass * TAU_Z_SIGMA_0 + A_par * (kx * TAU_X_SIGMA[0] + ky * TAU_X_SIGMA[1]) + A_z * kz * TAU_X_SIGMA[2]
         + V_z * TAU_0_SIGMA_Z)
    return d.define("continuum_hamiltonian", H, lhs=sp.Symbol(r"H_c(\mathbf k)"), order="as-written",
                    doc=r"The four-band $k\cdot p$ model of a Bi2Se3-type strong topological insulator with a "
                        r"Zeeman term: $(m_0 - B k^{2}) \tau_z + A \tau_x (k \cdot \sigma) + V_z \sigma_z$, "
                        "anisotropic between the plane and $z$; $m_0 B > 0$ is the inverted (topological) "
                        "regime.")


def lattice_model(d: Derivation, Hc: sp.Matrix) -> sp.Matrix:
    """The continuum model discretized on the a x a x c cubic lattice by qsym's general rule
    (:func:`qsym.model.discretize.regularize`, as for any user model)."""
    H = regularize(Hc, K, [SPACING[k] for k in K])
    return d.derive("lattice_hamiltonian", H, lhs=sp.Symbol(r"H(\mathbf k)"),
                    doc=r"Each $k \to \sin(k d)/d$ and $k^{2} \to 2(1 - \cos k d)/d^{2}$ ($d = a$ in-plane, "
                        "$c$ along $z$): the lattice model whose long-wavelength limit is the continuum one.")


def fourier_coefficient(H: sp.Matrix, k: sp.Symbol, power: int) -> sp.Matrix:
    """The coefficient of exp(i power k d) in a trigonometric polynomial of degree 1 in k d."""
    theta = k * SPACING[k]
    laurent = H.subs({sp.cos(theta): (_z + 1 / _z) / 2, sp.sin(theta): (_z - 1 / _z) / (2 * sp.I)})
    return laurent.applyfunc(lambda e: sp.Poly(sp.expand(e * _z), _z).coeff_monomial(_z ** (power + 1)))


def real_space_blocks(d: Derivation, H: sp.Matrix) -> dict:
    """On-site block and hoppings T_alpha, read off H(k) = h_0 + sum_alpha (T_alpha e^{i k_alpha d_alpha} + h.c.)."""
    onsite = H
    for k in K:
        onsite = fourier_coefficient(onsite, k, 0)
    onsite = d.derive("onsite_block", onsite.applyfunc(sp.factor), lhs=sp.Symbol(r"M_0 + V_z"), eq="3",
                      doc="The k-independent Fourier component of $H(k)$: the on-site matrix.")
    hops = {}
    for alpha, k in zip("xyz", K):
        T = fourier_coefficient(H.subs({q: 0 for q in K if q != k}), k, 1)
        hops[alpha] = d.derive(f"hopping_{alpha}", T.applyfunc(sp.factor), lhs=sp.Symbol(rf"\mathcal{{T}}_{alpha}"),
                               eq="3", doc=f"The coefficient of $\\exp(i k_{alpha} d_{alpha})$: the hopping from "
                                           f"$r + e_{alpha}$ to $r$.")
    printed_onsite = d.state("eq3_onsite", (m0 - 4 * t_par - 2 * t_z) * TAU_Z_SIGMA_0 + V_z * TAU_0_SIGMA_Z,
                             lhs=sp.Symbol(r"M_0 + V_z"), eq="3",
                             doc=r"$M_0 = (m_0 - 4 t_\parallel - 2 t_z) \tau_z \sigma_0$, $V_z = V_z \tau_0 "
                                 r"\sigma_z$.")
    printed = {alpha: d.state(f"eq3_hopping_{alpha}", t_a * TAU_Z_SIGMA_0 - sp.I * l_a / 2 * TAU_X_SIGMA[i],
                              lhs=sp.Symbol(rf"\mathcal{{T}}_{alpha}"), eq="3",
                              doc=f"$T_{alpha} = t_{alpha} \\tau_z \\sigma_0 - (i \\lambda_{alpha}/2) \\tau_x \\sigma_{alpha}$.")
               for i, (alpha, t_a, l_a) in enumerate(zip("xyz", (t_par, t_par, t_z), (lam_par, lam_par, lam_z)))}

    def blocks_are_eq3() -> CheckResult:
        results = [symbolic_equal(onsite, printed_onsite.subs(LATTICE_OF_CONTINUUM))]
        results += [symbolic_equal(hops[x], printed[x].subs(LATTICE_OF_CONTINUUM)) for x in "xyz"]
        ok = all(r.passed for r in results)
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           "on-site and T_x, T_y, T_z equal Eq. (3) with t = B/d^2, lambda = A/d" if ok
                           else "; ".join(r.detail for r in results if not r.passed))

    d.check("lattice_blocks_are_eq3", blocks_are_eq3, compares=("onsite_block, hopping_x/y/z", "eq3_*"), eq="3",
            doc="The discretized continuum model is the paper's lattice model, block by block.")
    return {"onsite": onsite, **hops}


def continuum_limit(d: Derivation, H: sp.Matrix, Hc: sp.Matrix) -> None:
    """The O(k^2) expansion of the lattice model is the continuum model."""
    scaled = H.subs({k: eps * k for k in K}, simultaneous=True)
    small_k = scaled.applyfunc(lambda e: sp.series(e, eps, 0, 3).removeO().subs(eps, 1))
    d.derive("lattice_hamiltonian_small_k", small_k.applyfunc(sp.expand), lhs=sp.Symbol(r"H(\mathbf k)|_{O(k^2)}"),
             order="as-written", doc=r"$H(k)$ expanded to second order in $k$ ($k \to \epsilon k$, "
                                     r"series in $\epsilon$).")
    d.check("lattice_model_expands_to_the_continuum_model", lambda: symbolic_equal(small_k, Hc),
            compares=("lattice_hamiltonian_small_k", "continuum_hamiltonian"))


def symmetries(d: Derivation, H: sp.Matrix) -> None:
    """Hermiticity, and time reversal Theta = i sigma_y K broken only by the Zeeman term."""
    d.check("lattice_hamiltonian_is_hermitian", lambda: symbolic_equal(H, H.H),
            compares=("lattice_hamiltonian", "its conjugate transpose"))
    U = kron(I2, sp.I * PAULI[1])
    reversed_ = (U * H.conjugate() * U.H).applyfunc(sp.expand)
    minus_k = H.subs({k: -k for k in K}, simultaneous=True).applyfunc(sp.expand)
    defect = d.derive("time_reversal_defect", (reversed_ - minus_k).applyfunc(sp.simplify),
                      lhs=sp.Symbol(r"\Theta H(\mathbf k)\Theta^{-1} - H(-\mathbf k)"),
                      doc=r"$\Theta = (\tau_0 \otimes i \sigma_y) K$: the part of $H$ that time reversal does "
                          "not map to $H(-k)$.")
    d.check("time_reversal_is_broken_only_by_the_zeeman_term",
            lambda: symbolic_equal(defect, -2 * V_z * TAU_0_SIGMA_Z),
            compares=("time_reversal_defect", "-2 V_z tau_0 sigma_z"),
            doc=r"Without $V_z$ the lattice model is time-reversal invariant; $V_z \sigma_z$ is odd under "
                r"$\Theta$.")
