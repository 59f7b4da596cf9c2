"""Kernel and observable specs of the helical-edge derivation: Ic, Is (one phase integral),
the linear conductance of Eq. (14), the finite-bias results of Eqs. (16)-(19) stitched from
their exact series, closed form and large-u form, and the exact master-equation route."""

from __future__ import annotations

import sympy as sp

from qsym.codegen.observables import BlochResponse, PhaseIntegral
from qsym.codegen.specs import Arg, Kernel
from qsym.derivation import Derivation, Reference
from qsym.latex import latex

from .functions import PHASE_INTEGRAL, Ic, Is
from .symbols import (
    MONOMIALS, MU, PAIRS, PAPER, PHASE_ASYMPTOTIC_ABOVE, PHASE_ASYMPTOTIC_ORDER, PHASE_RULE_EDGES, PHASE_RULE_ORDER,
    PHASE_SERIES_BELOW, PHASE_SERIES_ORDER, TINY, W, J, Jx, Jy, Jz, T, V, e, eps, monomial_energy_function, script_T,
    u, x,
)

#: Where the expansions in the texture hold to EXPANSION_RTOL against the exact master-equation
#: route (``delta_G_exact``, ``impurity_polarization_exact``): max(T, |V|/2) <= this, in
#: hbar v_F k0 (the texture angle at the energies that matter, theta ~ eps^2, stays small).
#: Measured over u = |V|/2T from 0 to infinity (J drops out of the relative error): at the
#: bound 5.7e-4 for delta_G_iso and 8.0e-4 for the polarization, growing as max(T, |V|/2)^4
#: (1.8e-3 and 8e-4 at 0.04; 6e-2 and 3e-2 at 0.1). tests/test_helical_edge_spin_texture.py
#: compares both kernels with the exact route across these domains.
EXPANSION_RTOL = 1e-3
EXPANSION_DOMAIN = {"delta_G_iso": sp.Rational(3, 100), "impurity_polarization": sp.Rational(4, 100)}
EXACT_ROUTE = {"delta_G_iso": "delta_G_exact(T, V, J, J, J)", "impurity_polarization":
               "impurity_polarization_exact(T, V, J, J, J)"}


def expansion_args(name: str) -> tuple[Arg, Arg]:
    """T and V of the texture expansion ``name``, bounded by its domain of validity: there it is
    accurate to EXPANSION_RTOL; beyond it the generated function refuses and names the exact
    route."""
    bound = float(EXPANSION_DOMAIN[name])
    beyond = (f"{name}, an expansion in the texture, is off the exact master equation by more than "
              f"{EXPANSION_RTOL:g}: use {EXACT_ROUTE[name]}")
    return (Arg(Tn, "T", "hbar v_F k0", "Temperature k_B T / (hbar v_F k0)", lower=0.0, magnitude=(0.0, bound),
                beyond=beyond),
            Arg(Vn, "V", "hbar v_F k0", "Bias eV / (hbar v_F k0)", magnitude=(1e-30, 2 * bound), beyond=beyond))


#: Below this u = |eV|/2T the finite-bias kernels use their exact power series in u.
U_SERIES_BELOW = sp.Rational(1, 5)
U_SERIES_ORDER = 26
kappa = sp.Symbol("kappa", positive=True)  # coth(u)
zeta_ = sp.Symbol("z", positive=True)      # u coth(u)


def rational_in_coth(expr: sp.Expr) -> sp.Expr:
    """Write a function of u, tanh u, coth u, sinh u as a rational function of (u, kappa = coth u)."""
    expr = expr.subs(sp.sinh(u), 1 / sp.sqrt(kappa**2 - 1)).subs(sp.coth(u), kappa).subs(sp.tanh(u), 1 / kappa)
    return sp.factor(sp.cancel(sp.together(expr)))


def series_in_u(q: sp.Expr, order: int) -> sp.Expr:
    """Power series in u to O(u^order) of q(u, kappa = coth u), analytic at u = 0.

    u coth u = sum_n B_2n (2u)^2n/(2n)! turns q into a ratio of polynomials in u; the series is
    then the power-series quotient (faster than ``sympy.series`` on coth by ~5x)."""
    num, den = sp.fraction(sp.cancel(sp.together(q.subs(kappa, zeta_ / u))))
    ucoth = sum(sp.bernoulli(2 * n) * (2 * u) ** (2 * n) / sp.factorial(2 * n) for n in range(order // 2 + 3))
    N = sp.Poly(sp.expand(num.subs(zeta_, ucoth)), u)
    D = sp.Poly(sp.expand(den.subs(zeta_, ucoth)), u)
    lo = min(m[0] for m in D.monoms())
    if any(N.coeff_monomial(u**j) != 0 for j in range(lo)):
        raise ValueError("_series_in_u: the expression is singular at u = 0")
    nc = [N.coeff_monomial(u**j) for j in range(lo, lo + order)]
    dc = [D.coeff_monomial(u**j) for j in range(lo, lo + order)]
    out = []
    for j in range(order):
        out.append(sp.expand((nc[j] - sum(out[i] * dc[j - i] for i in range(j))) / dc[0]))
    return sum(out[j] * u**j for j in range(order))


def regimes(q: sp.Expr, degree: int, Tn: sp.Symbol, Vn: sp.Symbol) -> sp.Expr:
    """A result T^degree q(u), u = |V|/2T, q rational in (u, coth u), as a kernel expression
    finite and accurate for all T >= 0, V (including T = 0 and V = 0).

    u < 1/5: T^degree x the exact series of q (no cancellation); 1/5 <= u <= 1: q itself;
    u > 1: (|V|/2)^degree g(w), w = 1/u = 2T/|V|, g(w) = w^degree q(1/w), finite at w = 0.
    """
    w = sp.Symbol("w", positive=True)
    small = sp.horner(series_in_u(q, U_SERIES_ORDER), u)
    g_w = sp.factor(sp.cancel(sp.together(sp.expand(w**degree * q.subs(u, 1 / w)))))
    aV = sp.Abs(Vn)
    u_val = aV / (2 * sp.Max(Tn, TINY))
    w_val = 2 * Tn / sp.Max(aV, TINY)
    mid_u = sp.Max(sp.Min(u_val, 1), U_SERIES_BELOW)
    return sp.Piecewise(
        (Tn**degree * small.subs(u, sp.Min(u_val, U_SERIES_BELOW)), u_val < U_SERIES_BELOW),
        (Tn**degree * q.subs(kappa, 1 / sp.tanh(mid_u)).subs(u, mid_u), 2 * Tn >= aV),
        ((aV / 2) ** degree * g_w.subs(kappa, 1 / sp.tanh(1 / sp.Max(w_val, sp.Float(1e-300)))).subs(w, w_val), True))


def _ref(eq=None) -> Reference:
    return Reference(PAPER, eq)


Tn = sp.Symbol("T", nonnegative=True)
Vn = sp.Symbol("V", real=True)
#: T, V up to 1e6 (in hbar v_F k0; nonzero |V| >= 1e-30, where V^6 still has a double);
#: couplings J/v_F up to 1e30 (the conductances are quartic in J)
T_arg = Arg(Tn, "T", "hbar v_F k0", "Temperature k_B T / (hbar v_F k0)", lower=0.0, magnitude=(0.0, 1e6))
V_arg = Arg(Vn, "V", "hbar v_F k0", "Bias eV / (hbar v_F k0)", magnitude=(1e-30, 1e6))
J_args = tuple(Arg(s_, n, "v_F", f"Exchange coupling {n} / v_F", keyword_only=False, magnitude=(0.0, 1e30))
               for s_, n in ((Jx, "Jx"), (Jy, "Jy"), (Jz, "Jz")))
Jn = sp.Symbol("J", real=True)
J_arg = Arg(Jn, "J", "v_F", "Isotropic exchange coupling J / v_F", magnitude=(0.0, 1e30))
#: without coupling the impurity spin is undetermined (the exact route returns r = 0)
J_nonzero = Arg(Jn, "J", "v_F", "Isotropic exchange coupling J / v_F", nonzero=True, magnitude=(1e-30, 1e30))
#: the finite-bias steps are derived for T, V, J > 0; u = V/2T spans the three regimes
step_vars = {T: Tn, V: Vn, J: Jn}
#: (the regimes depend on u only; sampled inside the kernels' domain of validity, T, |V|/2 <= 0.03)
regime_ranges = tuple({Tn: tt, Vn: vv, Jn: (sp.Rational(1, 10), 1)} for tt, vv in (
    ((sp.Rational(1, 100), sp.Rational(3, 100)), (sp.Rational(1, 100000), sp.Rational(1, 1000))),  # u < 1/5
    ((sp.Rational(1, 100), sp.Rational(3, 100)), (sp.Rational(13, 1000), sp.Rational(2, 100))),   # 1/5 < u < 1
    ((sp.Rational(1, 10000), sp.Rational(1, 1000)), (sp.Rational(1, 100), sp.Rational(6, 100)))))  # u > 1



def phase_integral_kernels(der: Derivation, phase: dict) -> None:
    """Ic, Is: one complex phase integral (series, rotated-contour table, asymptotic series)."""
    # Ic, Is: one complex phase integral, three regimes
    series = sp.expand(phase["series"])
    coeffs = tuple(sp.nsimplify(series.coeff(x, n)) if n else series.subs(x, 0) for n in range(PHASE_SERIES_ORDER))
    y = sp.Symbol("y", positive=True)
    asym_poly = sp.Poly(sp.expand(sp.powsimp(sp.expand(phase["asymptotic"] * sp.sqrt(x))).subs(x, 1 / y)), y)
    acoeffs = tuple(asym_poly.coeff_monomial(y**m) for m in range(PHASE_ASYMPTOTIC_ORDER))
    der.observable(PhaseIntegral(
        PHASE_INTEGRAL, e, 1 / sp.cosh(e) ** 2, coeffs, PHASE_SERIES_BELOW, acoeffs,
        PHASE_ASYMPTOTIC_ABOVE, PHASE_RULE_EDGES, PHASE_RULE_ORDER, _ref("14")))
    x_arg = Arg(x, "x", "", "Argument x of Ic, Is", lower=0.0)
    for fn, trig in ((Ic, "cos"), (Is, "sin")):
        der.kernel(Kernel(
            fn.__name__, (x_arg,), fn(x), "dimensionless",
            f"{fn.__name__}(x) = int_0^oo {trig}(x e^2)/cosh^2(e) de (the paper's Ic, Is below Eq. 14).",
            _ref("14"), latex=rf"\int_0^\infty \frac{{\{trig}(x e^2)}}{{\cosh^2 e}}\,de",
            step=f"{fn.__name__}_definition", checked_by=f"{fn.__name__}_evaluates_its_definition_on_the_real_axis"))



def conductance_kernels(der: Derivation, lin_out: dict, fbias: dict, pol: dict) -> None:
    """delta G_L (Eq. 14), delta G_iso (Eqs. 16 x 18) and the polarization (Eq. 19)."""
    # delta G_L: the derived Eq. (14), each coupling denominator guarded (0/0 -> 0 as its limit)
    guard = {Jx**2 + Jy**2: sp.Max(Jx**2 + Jy**2, TINY), Jy**2 + Jz**2: sp.Max(Jy**2 + Jz**2, TINY)}
    dGL = lin_out["dG"]
    for old, new in {**guard, script_T: 8 * Tn**2}.items():
        dGL = dGL.subs(old, new)
    der.kernel(Kernel(
        "delta_G_linear", (T_arg,) + J_args, dGL, "e^2/h",
        "Linear-response correction delta G_L / G0 of a spin-1/2 MI (Eq. 14), exact in the texture.",
        _ref("14"), latex=latex(lin_out["dG"]), step="linear_conductance",
        step_map={**guard, script_T: 8 * Tn**2}))

    # delta G_iso: Eqs. (16) x (18) as derived: T^4 f(u) in two regimes
    ratio = rational_in_coth(fbias["ratio_u"])
    pref = -sp.Rational(4, 45) * Jn**2 * (2 * sp.pi) ** 4
    der.kernel(Kernel(
        "delta_G_iso", expansion_args("delta_G_iso") + (J_arg,), pref * regimes(ratio, 4, Tn, Vn), "e^2/h",
        "Differential-conductance correction of an isotropic MI to fourth order in the texture "
        "(Eqs. 16 x 18; Eq. 17 at T = 0). Its domain is where it holds to 1e-3 of the exact master "
        "equation, max(T, |V|/2) <= 0.03 (measured; 5.7e-4 at the bound); beyond it, delta_G_exact.",
        _ref("18"), step="differential_conductance_isotropic",
        step_map=step_vars, step_rtol=1e-13, step_ranges=regime_ranges))

    # polarization: <S_x> to first order (Eq. 19 x the derived S_x^(0)), <S_z> = tanh(u)/2 at zeroth
    sx_u = rational_in_coth(pol["Sx"].subs(V, 2 * u * T) / T**2)
    sz_u = 1 / (2 * kappa)
    der.kernel(Kernel(
        "impurity_polarization", expansion_args("impurity_polarization") + (J_nonzero,),
        (sp.sign(Vn) * regimes(sx_u, 2, Tn, Vn), sp.sign(Vn) * regimes(sz_u, 0, Tn, Vn)),
        "units of hbar",
        "Stationary spin (S_x, S_z) = Tr[S rho] of an isotropic MI: S_x to first order in the texture "
        "(Eqs. 15, 19; see erratum eq19_Sx0_factor_two), S_z = tanh(eV/2T)/2 at zeroth order. "
        "Independent of J (any J != 0). Its domain is where it holds to 1e-3 of the exact master equation, "
        "max(T, |V|/2) <= 0.04 (measured; 8.0e-4 at the bound); beyond it, impurity_polarization_exact.",
        _ref("19"), components=("S_x", "S_z"),
        step=("polarization_x", "polarization_z"), step_map=step_vars, step_rtol=1e-13,
        step_ranges=regime_ranges))


def exact_route(der: Derivation, me: dict, X, r) -> None:
    """The master equation with the full energy dependence of its rates (no expansion)."""
    # exact route: the master equation with the full energy dependence of the rates
    integrals = tuple(tuple(W[(a, b, m)] for m in MONOMIALS) for a, b in PAIRS)
    windows = tuple((MU[a] / V, MU[b] / V) for a, b in PAIRS)
    c0 = X.subs({ri: 0 for ri in r})
    cvec = tuple(sp.diff(X, ri) for ri in r)
    der.observable(BlochResponse(
        "delta_G_exact", "impurity_polarization_exact",
        "Differential-conductance correction dG/G0 = 2 dX/dV of the MI, from the exact stationary state "
        "of Eq. (10) and the current of Eq. (12) (no expansion in the texture).",
        "Stationary impurity spin <S> of Eq. (10) without expansion in the texture.",
        "e^2/h", _ref("12"), T_arg, V_arg, J_args, eps, windows,
        tuple(monomial_energy_function(m) for m in MONOMIALS), integrals, me["M"], me["b"], (c0, cvec),
        prefactor=sp.Integer(2), phase_rate=4.0))
