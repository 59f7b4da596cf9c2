"""Ic and Is: their definitions, exact small-x series and large-x expansion (framework:
:mod:`qsym.fermi_integrals`), checked against mpmath; the small-T forms of Eq. (15)."""

from __future__ import annotations

import mpmath
import sympy as sp

from qsym.checks import all_of, numeric_close, series_equal
from qsym.derivation import Derivation
from qsym.fermi_integrals import phase_integral_asymptotic, phase_integral_series, sech2_moment

from .functions import Ic, Is
from .references import mp_real_axis
from .symbols import PHASE_ASYMPTOTIC_ORDER, PHASE_SERIES_ORDER, T, e, x


def phase_integral_expansions(der: Derivation) -> dict:
    """Exact small-x series and large-x expansion of Ic + i Is (framework: qsym.fermi_integrals)."""
    weight = 1 / sp.cosh(e) ** 2
    for fn, trig in ((Ic, sp.cos), (Is, sp.sin)):
        der.define(f"{fn.__name__}_definition", sp.Integral(trig(x * e**2) * weight, (e, 0, sp.oo)), lhs=fn(x),
                   eq="14", doc="The paper's Ic, Is (below Eq. 14).")
    series = der.derive("phase_integral_series", phase_integral_series(sech2_moment, x, PHASE_SERIES_ORDER),
                        lhs=sp.Symbol(r"I_c + i I_s"),
                        doc=r"$\sum_n (i x)^n M_n / n!$, $M_n = \int_0^{\infty} e^{2n} \operatorname{sech}^{2} e \, de "
                            r"= (2n)!\, 2^{1-2n} (1 - 2^{1-2n}) \zeta(2n)$ (summed geometric series of "
                            r"$\operatorname{sech}^{2}$). Asymptotic ($M_n \sim (2n)!$): used below $x = 0.01$.")
    asym = der.derive("phase_integral_asymptotic",
                      phase_integral_asymptotic(weight, e, x, PHASE_ASYMPTOTIC_ORDER),
                      lhs=sp.Symbol(r"I_c + i I_s"),
                      doc=r"Contour rotated to $e = \exp(i \pi/4) t$, then Watson's lemma on the Taylor "
                          r"series of $\operatorname{sech}^{2}$ (radius $\pi/2$): error $\sim \exp(-\pi^{2} "
                          r"x / 4)$; used from $x = 20$.")

    def series_vs_mpmath():
        pts = [sp.Rational(1, 1000), sp.Rational(1, 200), sp.Rational(1, 100)]
        vals = [complex(sp.N(series.subs(x, p), 25)) for p in pts]
        refs = [complex(mpmath.mpc(mp_real_axis(p, "c"), mp_real_axis(p, "s"))) for p in pts]
        return numeric_close(vals, refs, rtol=1e-14, what="Ic + i Is series vs mpmath on the real axis")

    def asymptotic_vs_mpmath():
        pts = [20, 24, 30]
        vals = [complex(sp.N(asym.subs(x, p), 25)) for p in pts]
        refs = [complex(sp.N(Ic(p), 25) + sp.I * sp.N(Is(p), 25)) for p in pts]
        return numeric_close(vals, refs, rtol=1e-14, what="Ic + i Is asymptotic series vs mpmath (rotated contour)")

    def definition_on_real_axis(fn, part):
        def run():
            pts = [sp.Rational(1, 1000), sp.Rational(3, 10), sp.Rational(2)]
            vals = [float(sp.N(fn(p), 25)) for p in pts]  # qsym.functions: rotated-contour quadrature
            refs = [float(mp_real_axis(p, part)) for p in pts]
            return numeric_close(vals, refs, rtol=1e-14, atol=1e-16,
                                 what=f"{fn.__name__}(x) (SymPy function, rotated contour) vs its defining integral "
                                      "on the real axis (mpmath, split at the zeros of the oscillation)")
        return run

    for fn, part in ((Ic, "c"), (Is, "s")):
        der.check(f"{fn.__name__}_evaluates_its_definition_on_the_real_axis", definition_on_real_axis(fn, part),
                  compares=(f"{fn.__name__}(x)", f"{fn.__name__}_definition"), eq="14", kernel=fn.__name__)
    der.check("ic_is_small_x_series_matches_mpmath", series_vs_mpmath,
              compares=("phase_integral_series", "mpmath quadrature of cos, sin(x e^2)/cosh^2 e"))
    der.check("ic_is_large_x_expansion_matches_mpmath", asymptotic_vs_mpmath,
              compares=("phase_integral_asymptotic", "mpmath quadrature of the exact integral"))
    return {"series": series, "asymptotic": asym}


def small_temperature_expansions(der: Derivation, series: sp.Expr) -> None:
    """The small-T forms of Eq. (15): Ic(script T), Is(script T) with script T = 8 T^2."""
    ic_ser = sp.re(sp.expand(series)).subs(x, 8 * T**2)
    is_ser = sp.im(sp.expand(series)).subs(x, 8 * T**2)
    der.state("eq15_expansions", sp.Matrix([1 - sp.Rational(14, 15) * (sp.pi * T) ** 4,
                                            sp.Rational(2, 3) * (sp.pi * T) ** 2]),
              lhs=sp.Symbol(r"(I_c, I_s)(\mathcal{T})"), eq="15")
    der.check("ic_is_small_temperature_expansions_are_eq15",
              lambda: all_of([series_equal(ic_ser, T, 1 - sp.Rational(14, 15) * (sp.pi * T) ** 4, 6),
                            series_equal(is_ser, T, sp.Rational(2, 3) * (sp.pi * T) ** 2, 4)]),
              compares=("phase_integral_series at x = script T", "eq15_expansions"), eq="15")
