"""Linear response in delta mu: the thermal integrals (Ic, Is of script T), the window
slopes, and the stationary density matrix of Eqs. (13) and (15)."""

from __future__ import annotations

import sympy as sp

from qsym import spin
from qsym.checks import all_of, symbolic_equal
from qsym.derivation import Derivation

from .functions import Ic, Is
from .symbols import MONOMIALS, PAIRS, W, J, Jx, Jy, Jz, L, R, T, c2, dmu, e, eps, s2, script_T


def thermal_integrals(der: Derivation) -> dict:
    """(1/T) int f(1-f) cos(n theta), sin(n theta) d eps = Ic, Is(n script_T / 2) by eps = 2 T e."""
    window = 1 / (4 * sp.cosh(eps / (2 * T)) ** 2)  # f(1 - f) for mu = 0
    A_, X_ = sp.Wild("A", exclude=[e]), sp.Wild("X", exclude=[e])
    out = {}
    for n in (2, 4):
        for trig, fn in ((sp.cos, Ic), (sp.sin, Is)):
            integral = sp.Integral(window * trig(n * eps**2) / T, (eps, -sp.oo, sp.oo)).transform(eps, (2 * T * e, e))
            integrand = sp.simplify(integral.function)
            match = integrand.match(A_ * trig(X_ * e**2) / sp.cosh(e) ** 2)
            # even integrand over the real line: twice the half-line integral Ic/Is(X)
            out[(trig, n)] = 2 * match[A_] * fn(match[X_])
    der.derive("thermal_window_integrals",
               sp.Matrix([[out[(sp.cos, 2)], out[(sp.sin, 2)]], [out[(sp.cos, 4)], out[(sp.sin, 4)]]]),
               lhs=sp.Symbol(r"\frac{1}{T}\int f(1-f)\,(\cos,\sin)(2\theta, 4\theta)\,d\varepsilon"),
               doc=r"Substituting $\varepsilon = 2 T e$: the $I_c$, $I_s$ of the paper, at argument $8 T^{2} = "
                   r"\mathcal{T}$ ($2\theta$) and $2 \mathcal{T}$ ($4 \theta$).")
    arg = out[(sp.cos, 2)].args[0]
    der.state("script_T_definition", 2 * (2 * T / 1) ** 2, lhs=script_T, eq="14",
              doc=r"$\mathcal{T} = 2 (2T / v_F k_0)^{2}$, $v_F k_0 = 1$.")
    der.check("ic_argument_is_script_T", lambda: symbolic_equal(arg, 2 * (2 * T) ** 2),
              compares=("thermal_window_integrals", "script_T_definition"), eq="14")
    return out


def window_slopes(der: Derivation):
    """d/d dmu of the windows at dmu = 0: f(1-f)/2T for RL, -f(1-f)/2T for LR, odd for RR, LL."""
    f = lambda mu: 1 / (sp.exp((eps - mu) / T) + 1)  # noqa: E731
    mu = {R: dmu / 2, L: -dmu / 2}
    f0 = f(0)
    slopes = {}
    for a, b in PAIRS:
        d = sp.diff(f(mu[a]) * (1 - f(mu[b])), dmu).subs(dmu, 0)
        slopes[(a, b)] = sp.simplify(d / (f0 * (1 - f0)))
    der.derive("window_slopes", sp.Matrix(2, 2, lambda i, j: slopes[(i, j)]),
               lhs=sp.Symbol(r"\partial_{\delta\mu}[f_\alpha(1-f_\beta)]/f(1-f)"),
               doc=r"Rows/columns ($R, L$). Off-diagonal: $\pm 1/2T$; diagonal: odd in $\varepsilon$, so they "
                   "drop out of every integral with an even (texture) factor.")
    return slopes


def stationary_state_linear(der: Derivation, me: dict, thermal: dict, slopes: dict) -> dict:
    # W^m_{ab} = T (1 + s_ab dmu) <m>, with <m> = (1/T) int f(1-f) m; the diagonal slopes are odd
    Ic1, Is1 = Ic(script_T), Is(script_T)
    # the derived thermal integrals, written with script T = 8 T^2 (checked above)
    th = {key: val.subs({16 * T**2: 2 * script_T}).subs({8 * T**2: script_T}) for key, val in thermal.items()}
    cos4, sin4 = th[(sp.cos, 4)], th[(sp.sin, 4)]
    mean = {sp.Integer(1): 1, c2: th[(sp.cos, 2)], s2: th[(sp.sin, 2)], c2**2: (1 + cos4) / 2,
            s2**2: (1 - cos4) / 2, c2 * s2: sin4 / 2}
    subs = {}
    for a, b in PAIRS:
        odd = sp.simplify(slopes[(a, b)].subs(eps, -eps) + slopes[(a, b)]) == 0
        s_ab = 0 if odd else slopes[(a, b)]
        for m in MONOMIALS:
            subs[W[(a, b, m)]] = T * (1 + s_ab * dmu) * mean[m]
    M = me["M"].subs(subs)
    b = me["b"].subs(subs)
    M0 = M.subs(dmu, 0).applyfunc(sp.factor)
    b0 = b.subs(dmu, 0).applyfunc(sp.simplify)
    b1 = sp.diff(b, dmu).subs(dmu, 0)
    r1 = (-M0.LUsolve(b1)).applyfunc(sp.factor)
    rho = der.derive("stationary_density_matrix_linear", spin.density_matrix(dmu * r1), eq="13",
                     lhs=sp.Symbol(r"\hat\rho^{st}_{MI}"),
                     doc=r"$\rho = 1/2$ at $\delta\mu = 0$ ($b$ vanishes); first order: $r = -M_0^{-1} b'$. $M_0$ is "
                         "diagonal and independent of the texture.")
    Sx, Sy, Sz = spin.SPIN
    stated = der.state(
        "eq13", sp.eye(2) / 2 + dmu / T * Jy * (Jx * Ic1 / (Jx**2 + Jy**2) * Sz - Jz * Is1 / (Jz**2 + Jy**2) * Sx),
        lhs=sp.Symbol(r"\hat\rho^{st}_{MI}"), eq="13")
    der.check("stationary_state_is_eq13",
              lambda: all_of([symbolic_equal(b0, sp.zeros(3, 1)), symbolic_equal(rho, stated)]),
              compares=("stationary_density_matrix_linear", "eq13"), eq="13")

    iso = {Jx: J, Jy: J, Jz: J}
    rho_iso = der.derive("stationary_density_matrix_isotropic", rho.subs(iso).applyfunc(sp.simplify), eq="15",
                         lhs=sp.Symbol(r"\hat\rho^{st}_{MI}"), doc="The linear stationary state for an isotropic MI.")
    stated15 = der.state("eq15", sp.eye(2) / 2 + dmu / (2 * T) * (Ic1 * Sz - Is1 * Sx), eq="15",
                         lhs=sp.Symbol(r"\hat\rho^{st}_{MI}"), doc="The linear stationary state for an isotropic MI.")
    der.check("isotropic_stationary_state_is_eq15", lambda: symbolic_equal(rho_iso, stated15),
              compares=("stationary_density_matrix_isotropic", "eq15"), eq="15")
    return {"r1": r1, "subs": subs, "rho_iso": rho_iso, "M0": M0}
