"""Eq. (12) to the linear conductance: the backscattering current, Eq. (14) for general
couplings, its isotropic form Eq. (16) and T^4 law, and the anisotropic limits."""

from __future__ import annotations

import sympy as sp

from qsym import spin
from qsym.checks import CheckResult, series_equal, symbolic_equal
from qsym.derivation import Derivation

from .functions import Ic, Is
from .references import mp_real_axis
from .symbols import J, Jx, Jy, Jz, L, R, T, c2, dmu, s2, script_T, to_monomials, x


def backscattering_current(der: Derivation, blocks) -> tuple:
    r = sp.Matrix(sp.symbols("r_x r_y r_z", real=True))
    rho = spin.density_matrix(r)
    real = {sp.conjugate(c2): c2, sp.conjugate(s2): s2}

    def weighted(a, b):  # int f_a (1 - f_b) Tr{G^{ab} G^{ba} rho}
        return to_monomials(sp.expand((blocks[(a, b)] * blocks[(b, a)] * rho).trace().subs(real)), a, b)

    # J_dc = (4 pi e / (2 pi v_F)^2) X = (e/pi) X; dG/G0 = (2 pi/e^2) e dJ/d dmu = 2 dX/d dmu
    X = der.derive("backscattering_current", sp.expand(weighted(L, R) - weighted(R, L)), eq="12",
                   lhs=sp.Symbol(r"\pi J_{dc}/e"),
                   doc=r"Eq. (12) with $\rho = (1 + r\cdot \sigma)/2$; $\delta G / G_0 = 2\, dX/d(\delta \mu)$ "
                       r"($e^{2}/h = e^{2}/2\pi$).")
    return X, r


def linear_conductance(der: Derivation, X, r, lin: dict) -> dict:
    r1 = lin["r1"]
    Ic1, Is1, Ic2 = Ic(script_T), Is(script_T), Ic(2 * script_T)
    Xl = X.subs(lin["subs"]).subs({r[i]: dmu * r1[i] for i in range(3)})
    dG = der.derive("linear_conductance", sp.expand(2 * sp.diff(Xl, dmu).subs(dmu, 0)), eq="14",
                    lhs=sp.Symbol(r"\delta G_L/G_0"),
                    doc=r"Eq. (12) to first order in the bias: $2\, dX/d(\delta \mu)$ at the linear stationary "
                        "state.")
    eq14 = der.state("eq14", -sp.Rational(1, 2) * (Jx**2 - Jy**2) ** 2 / (Jx**2 + Jy**2)
                     + (Jx**2 - Jz**2) / 4 * (1 - Ic2)
                     + 2 * Jy**2 * (Jx**2 / (Jx**2 + Jy**2) * (Ic1**2 - 1) + Jz**2 / (Jz**2 + Jy**2) * Is1**2),
                     lhs=sp.Symbol(r"\delta G_L/G_0"), eq="14")
    der.check("linear_conductance_is_eq14", lambda: symbolic_equal(dG, eq14),
              compares=("linear_conductance", "eq14"), eq="14", doc="All three terms.")

    iso = {Jx: J, Jy: J, Jz: J}
    dG_iso = der.derive("linear_conductance_isotropic", sp.factor(dG.subs(iso)), eq="16",
                        lhs=sp.Symbol(r"\delta G^{(iso)}_L/G_0"), doc="The isotropic MI, $J_x = J_y = J_z = J$.")
    eq16 = der.state("eq16", -J**2 * (1 - (Ic1**2 + Is1**2)), lhs=sp.Symbol(r"\delta G^{(iso)}_L/G_0"), eq="16")
    der.check("isotropic_linear_conductance_is_eq16", lambda: symbolic_equal(dG_iso, eq16),
              compares=("linear_conductance_isotropic", "eq16"), eq="16")
    return {"dG": dG, "dG_iso": dG_iso}


def t4_law(der: Derivation, dG_iso, series) -> sp.Expr:
    ic_ser = sp.re(sp.expand(series)).subs(x, 8 * T**2)
    is_ser = sp.im(sp.expand(series)).subs(x, 8 * T**2)
    small_T = dG_iso.subs({Ic(script_T): ic_ser, Is(script_T): is_ser})
    stated = der.state("eq16_t4_law", -sp.Rational(4, 45) * J**2 * (2 * sp.pi * T) ** 4,
                       lhs=sp.Symbol(r"\delta G^{(iso)}_L/G_0"), eq="16")
    der.check("isotropic_correction_is_minus_4_45_J2_2piT_to_the_4",
              lambda: series_equal(small_T, T, stated, 6),
              compares=("linear_conductance_isotropic with the Ic/Is series", "eq16_t4_law"), eq="16")
    return stated


def anisotropic_limits(der: Derivation, dG) -> None:
    easy_plane = sp.simplify(dG.subs({Jy: 0, Jz: Jx}))

    def t_independent():
        free = easy_plane.atoms(Ic, Is)
        ok = not free and sp.simplify(easy_plane + Jx**2 / 2) == 0
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"Jy = 0, Jz = Jx: delta G_L = {easy_plane} (no Ic/Is: T-independent, finite)")

    der.check("easy_plane_mi_correction_is_temperature_independent", t_independent,
              compares=("linear_conductance at Jy = 0, Jz = Jx", "paper: 'the ST does not change G_L'"))

    def ordering(jz: float, sign: int):
        def run():
            base = dG.subs({Jy: 0, Jx: sp.Rational(1, 4), Jz: sp.nsimplify(jz)})
            g0 = sp.N(base.subs({Ic(2 * script_T): 1}), 20)  # T = 0: Ic(0) = 1
            diffs = []
            for tt in (0.1, 0.3):
                ic2 = mp_real_axis(2 * 8 * tt**2, "c", 15)
                gt = sp.N(base.subs({Ic(2 * script_T): sp.Float(ic2, 20)}), 20)
                diffs.append(float(gt - g0))
            ok = all(sign * d_ > 0 for d_ in diffs)
            return CheckResult(ok, "numeric", None,
                               f"G_L(T) - G_L(0) at T = 0.1, 0.3, Jx = 0.25, Jz = {jz}: "
                               + ", ".join(f"{d_:.3e}" for d_ in diffs) + " (Ic by mpmath)")
        return run

    der.check("easy_axis_x_mi_conductance_grows_with_temperature", ordering(0.1, +1),
              compares=("linear_conductance at Jy = 0, 0 < Jz < Jx", "paper: G_L(T = 0) < G_L(T)"))
    der.check("easy_axis_z_mi_conductance_falls_with_temperature", ordering(0.35, -1),
              compares=("linear_conductance at Jy = 0, Jz > Jx", "paper: G_L(T = 0) > G_L(T)"))
