"""Eqs. (5)-(7): the texture rotation B(k) and the chiral-basis coupling G(k1, k2)."""

from __future__ import annotations

import sympy as sp

from qsym import spin
from qsym.checks import CheckResult, symbolic_equal
from qsym.derivation import Derivation

from .symbols import PAIRS, J, Jx, Jy, Jz, L, R, c2, k, k0, s2, theta


def texture_and_coupling(der: Derivation) -> dict:
    """The spin rotation of the helical states and the impurity coupling in the chiral basis."""
    sy = spin.PAULI[1]
    der.define("texture_angle", (k / k0) ** 2, lhs=sp.Symbol(r"\theta(k)"), eq="5",
               doc=r"Spin rotation angle of the helical states; $\theta = \varepsilon^{2}$ in units $v_F = "
                   "k_0 = 1$.")
    B = der.define("spin_rotation", sp.cos(theta) * sp.eye(2) + sp.I * sy * sp.sin(theta),
                   lhs=sp.Symbol(r"\hat B(k)"), eq="5",
                   doc=r"$\Psi_{sp}(k) = B(k) \Psi_{ch}(k)$: chiral ($R, L$) to spin (up, down) basis.")
    exp_form = (sp.I * theta * sy).exp().applyfunc(lambda z: sp.simplify(z.rewrite(sp.cos)))
    der.check("spin_rotation_is_exp_of_i_theta_sigma_y",
              lambda: symbolic_equal(B, exp_form, simplifier=lambda z: sp.simplify(z.rewrite(sp.exp))),
              compares=("spin_rotation", "matrix exponential exp(i theta sigma_y) computed by SymPy"), eq="5")

    def reduce(mat):  # B^+ sigma B in double angles: cos 2theta -> c, sin 2theta -> s
        return mat.applyfunc(lambda z: sp.trigsimp(sp.expand_trig(sp.simplify(z))).subs(
            {sp.cos(2 * theta): c2, sp.sin(2 * theta): s2}))

    rotated = [reduce(B.H * p * B) for p in spin.PAULI]
    for name, mat in zip("xyz", rotated):
        der.derive(f"rotated_pauli_{name}", mat, lhs=sp.Symbol(rf"\hat B^\dagger\sigma_{name}\hat B"), eq="7",
                   doc=r"$c = \cos 2\theta$, $s = \sin 2\theta$: the texture rotates $\sigma$ about $y$ by "
                       r"$2\theta$.")
    Jv = (Jx, Jy, Jz)
    G = sum((Jv[j] * sp.kronecker_product(rotated[j], spin.SPIN[j]) for j in range(3)), sp.zeros(4))
    G = der.derive("coupling_chiral", G, lhs=sp.Symbol(r"\hat G(k, k)"), eq="7",
                   doc=r"$\sum_j J_j S^j B^+ \sigma_j B$ as a $4 \times 4$ matrix: chirality ($R, L$) $\otimes$ impurity "
                       r"spin. Block ($\alpha, \beta$) is the impurity operator $G^{\alpha \beta}$ of Eq. "
                       "(10).")
    blocks = {(a, b): G[2 * a:2 * a + 2, 2 * b:2 * b + 2] for a, b in PAIRS}

    def hermitian_and_unitary():
        herm = symbolic_equal(blocks[(L, R)], blocks[(R, L)].H.subs({sp.conjugate(c2): c2, sp.conjugate(s2): s2}))
        # the texture is a unitary change of basis: Tr G^2 is that of the bare exchange
        bare = sum((Jv[j] * sp.kronecker_product(spin.PAULI[j], spin.SPIN[j]) for j in range(3)), sp.zeros(4))
        inv = symbolic_equal(sp.expand((G * G).trace()).subs(s2**2, 1 - c2**2), sp.expand((bare * bare).trace()))
        ok = herm.passed and inv.passed
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"G^LR = (G^RL)^+: {herm.detail}; Tr G^2 = Tr H_int^2 (rotation is unitary): {inv.detail}")

    der.check("chiral_coupling_is_hermitian_and_a_rotation_of_the_exchange", hermitian_and_unitary,
              compares=("coupling_chiral", "spin-basis exchange of Eq. (4)"), eq="7")

    def induced_anisotropy():
        # isotropic J: the backscattering block is J (c S_x - i S_y ... ): x and z couplings become c J and s J
        iso = blocks[(R, L)].subs({Jx: J, Jy: J, Jz: J})
        coeffs = [sp.simplify(2 * (iso * spin.SPIN[j]).trace()) for j in range(3)]
        expected = [J * c2, -sp.I * J, J * s2]
        return symbolic_equal(sp.Matrix(coeffs), sp.Matrix(expected))

    der.check("texture_induces_anisotropy_of_an_isotropic_mi", induced_anisotropy,
              compares=("coupling_chiral (isotropic J)", "G^RL = J (cos2theta S^x - i S^y + sin2theta S^z)"),
              eq="7", doc="The backscattering vertex of an isotropic MI acquires the anisotropic weights "
                          r"$\cos 2\theta$, $\sin 2\theta$ (text after Eq. 7).")
    return {"G": G, "blocks": blocks}
