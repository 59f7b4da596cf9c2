"""Eq. (10): the impurity master equation as a 4 x 4 superoperator of Fermi-window energy
integrals; trace preservation and Lindblad form; the Bloch form dr/dt = M r + b."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym import spin
from qsym.checks import CheckResult, largest, symbolic_equal
from qsym.derivation import Derivation

from .references import mp_window_integrals
from .symbols import PAIRS, W, Jx, Jy, Jz, c2, s2, to_monomials


def master_equation(der: Derivation, model: dict) -> dict:
    """Eq. (10) from the coupling blocks: superoperator, its checks, the Bloch form."""
    blocks = model["blocks"]
    real = {sp.conjugate(c2): c2, sp.conjugate(s2): s2}
    total = sp.zeros(4)
    for a, b in PAIRS:
        jump, jump_dag = blocks[(b, a)], blocks[(a, b)]
        D = spin.dissipator(jump, jump_dag).applyfunc(lambda z: sp.expand(z.subs(real)))
        total += D.applyfunc(lambda z, a=a, b=b: to_monomials(z, a, b))
    # pi/(2 pi v_F)^2 = 1/(4 pi); Eq. (10) reads -(1/4pi) sum W [{G G, rho} - 2 G rho G]
    superop = der.derive("master_equation_superoperator", (total / (4 * sp.pi)).applyfunc(sp.expand),
                         lhs=sp.Symbol(r"\mathcal{L}"), eq="10",
                         doc=r"$d \operatorname{vec}(\rho)/dt = \mathcal{L} \operatorname{vec}(\rho)$, column-stacked vec; $W^m_{\alpha \beta} = \int "
                             r"d \varepsilon f_{\alpha} (1 - f_{\beta}) m(\varepsilon)$, $m$ a monomial in $\cos "
                             r"2\theta$, $\sin 2\theta$.")

    der.check("master_equation_preserves_trace",
              lambda: symbolic_equal(spin.trace_row(superop), sp.zeros(1, 4)),
              compares=("master_equation_superoperator", "zero trace row"), eq="10")

    K = spin.kossakowski_matrix(superop)

    def lindblad_form():
        # K must be Hermitian, and positive semidefinite for the true energy integrals
        herm = symbolic_equal(K, K.H.subs({sp.conjugate(w): w for w in W.values()}))
        ratios = []
        for tt, vv, js in [(0.07, 0.0, (0.25, 0.1, 0.35)), (0.05, 1.2, (0.4, -0.2, 0.1))]:
            vals = mp_window_integrals(tt, vv, dps=15)
            Kn = np.array(K.subs(vals).subs({Jx: js[0], Jy: js[1], Jz: js[2]}).evalf(20), dtype=complex)
            ev = np.linalg.eigvalsh((Kn + Kn.conj().T) / 2)
            ratios.append(ev.min() / ev.max())
        negativity = largest(-np.asarray(ratios))  # NaN propagates: a NaN eigenvalue fails
        ok = herm.passed and negativity < 1e-12
        return CheckResult(ok, "symbolic+numeric", float(np.maximum(negativity, 0.0)),
                           f"Kossakowski matrix Hermitian ({herm.detail}); smallest/largest eigenvalue "
                           f"{min(ratios):.2e} with the energy integrals by mpmath at 2 (T, V, J) points")

    der.check("master_equation_is_of_lindblad_form", lindblad_form,
              compares=("master_equation_superoperator", "GKSL: Kossakowski matrix >= 0"), eq="10")
    M, b = spin.bloch_form(superop)
    der.derive("bloch_matrix", M, lhs=sp.Symbol("M"), eq="10", doc=r"$dr/dt = M r + b$, $\rho = (1 + r\cdot "
                                                                   r"\sigma)/2$.")
    der.derive("bloch_drive", b, lhs=sp.Symbol("b"), eq="10", doc="The inhomogeneous part $b$ of $dr/dt = M "
                                                                  "r + b$.")
    return {"superop": superop, "M": M, "b": b}
