"""004: the scaling function alpha_L of Eq. (12), the single-gapless-cone limit, the link to
003's symplectic correction, and the finite-size form Eq. (1)."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult, symbolic_equal

from .symbols import (
    L, l, r,
)


def alpha_L(der, wl: dict, symp) -> dict:
    """alpha_L = (pi h/e^2) d sigma_qi / d ln L from Eq. (12), and Eq. (1)."""
    a_t, a_b = sp.symbols("alpha^t alpha^b", real=True)
    l_t, l_b, le_t, le_b = sp.symbols("l^t l^b l_e^t l_e^b", positive=True)

    def channel(a, ls, le):
        return a * sp.log((le ** -2 + ls ** -2) / (L ** -2 + ls ** -2))

    sigma_qi = der.state("sigma_qi", (channel(a_t, l_t, le_t) + channel(a_b, l_b, le_b)) / (2 * sp.pi),
                         lhs=sp.Symbol(r"\sigma_{qi}"), eq="12",
                         doc="004 Eq. (12), in $e^{2}/h$: two Cooperon channels (top, bottom surface).")
    alpha_L = der.derive("alpha_L", sp.simplify(sp.pi * L * sp.diff(sigma_qi, L)),
                         lhs=sp.Symbol(r"\alpha_L"), doc=r"$\alpha_L = (\pi h/e^{2}) d \sigma_{qi} / d \ln "
                                                         "L$.")
    stated = der.state("alpha_L_stated", sum(a / ((L / ls) ** 2 + 1) for a, ls in ((a_t, l_t), (a_b, l_b))),
                       lhs=sp.Symbol(r"\alpha_L"),
                       doc=r"004 text (Sec. Quantum interference): $\alpha_L = \sum_s \alpha^s / ((L/l^s)^{2} "
                           "+ 1)$.")
    der.check("alpha_L_is_the_sum_over_cooperon_channels", lambda: symbolic_equal(alpha_L, stated),
              compares=("alpha_L", "alpha_L_stated"))

    def single_cone():
        only_b = sigma_qi.subs(a_t, 0).subs(a_b, 1)
        lim = sp.limit(only_b, l_b, sp.oo)
        lim_alpha = sp.limit(alpha_L.subs(a_t, 0).subs(a_b, 1), l_b, sp.oo)
        res = symbolic_equal(lim, sp.log(L / le_b) / sp.pi,
                             simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True)))
        ok = res.passed and lim_alpha == 1
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"l^b -> oo: sigma_qi = {sp.simplify(lim)}, alpha_L = {lim_alpha}")

    der.check("single_gapless_cone_has_alpha_L_one", single_cone,
              compares=("sigma_qi (alpha^b = 1, l^b -> oo)", "004: delta sigma = (e^2/(pi h)) ln(L/l_e), alpha = 1"))

    def wal_003_vs_004():
        # 003's symplectic 2D correction with L_phi -> L: its slope in ln L, times pi
        sig = symp * wl[2].subs(r, 2 * L ** 2 / l ** 2)
        slope = sp.simplify(sp.pi * L * sp.diff(sig, L))
        return CheckResult(slope == 1, "symbolic", 0.0 if slope == 1 else None,
                           f"pi d(delta sigma_symplectic)/d ln L = {slope} (004: alpha_L = 1 for one gapless cone)")

    der.check("symplectic_wal_of_003_gives_alpha_L_of_004", wal_003_vs_004,
              compares=("symplectic_factor x wl_correction_2d (003)", "alpha_L = 1 (004)"))

    der.state("finite_size_hall", sp.Symbol("sigma_xy^0") * (1 - (sp.Symbol("l_e") / L) ** 4),
              lhs=sp.Symbol(r"\sigma_{xy}(L)"), eq="1",
              doc="004 Eq. (1): finite-size form of the Hall conductivity on the plateau, in $e^{2}/h$.")
    return {"alpha_L": alpha_L}
