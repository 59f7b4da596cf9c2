r"""The decoherence times and conductivity integrands in the rates of the two eigenmodes of
the steady-state system, Gamma_k +- Gamma^a_k, for kernels without cancellation.

The 2 x 2 system of :mod:`.kinetics` has eigenvalues Delta - i(Gamma +- Gamma^a): its two
modes decay at Gamma_+ = Gamma + Gamma^a = (hbar/4tau0)(1 + cos Theta)^2 and
Gamma_- = Gamma - Gamma^a = (hbar/4tau0)(1 - cos Theta)^2. Written in Gamma_+-, Eqs. (3)-(4)
and the integrands of Eqs. (6)-(7) factor into (4E^2 + Gamma_+^2)(4E^2 + Gamma_-^2) and
4E^2 +- Gamma_+ Gamma_-: nothing cancels, while the forms in Gamma, Gamma^a subtract
numbers of size Gamma^2 when cos Theta -> +-1 (k -> 0 or k -> oo), which in the dirty limit
Gamma >> E_k loses every digit. The kernels evaluate these factored forms with
1 -+ cos Theta written without cancellation (A^2 k^2 / (E (E +- E^-)) on the side where the
difference is small); checks compare them with the derived steps at random points of both
signs of E^-_k.
"""

from __future__ import annotations

import sympy as sp

from qsym.derivation import Derivation

from .symbols import A, E, E_minus, Gamma, Gamma_a, k

G_plus, G_minus = sp.symbols("Gamma_+ Gamma_-", nonnegative=True)

def in_mode_rates(expr):
    """``expr`` with Gamma = (Gamma_+ + Gamma_-)/2, Gamma^a = (Gamma_+ - Gamma_-)/2, numerator
    and denominator factored; a remaining factor Gamma_+ - Gamma_- is written 2 Gamma^a."""
    num, den = sp.fraction(sp.together(expr.subs({Gamma: (G_plus + G_minus) / 2, Gamma_a: (G_plus - G_minus) / 2})))
    num = sp.factor(num).subs(G_plus - G_minus, 2 * Gamma_a)
    return num / sp.factor(den)

def mode_rate_forms(d: Derivation, gamma, gamma_a) -> dict:
    """Gamma_+- from the derived rates, and the derived times and integrands rewritten in them."""
    rates = sp.Matrix([sp.factor(sp.expand(gamma + gamma_a)), sp.factor(sp.expand(gamma - gamma_a))])
    d.derive("mode_rates", rates, lhs=sp.Symbol(r"(\Gamma^{+}_k, \Gamma^{-}_k) = \Gamma_k \pm \Gamma^a_k"),
             doc="The decay rates of the two eigenmodes of the steady-state system (its eigenvalues are "
                 r"$\Delta - i(\Gamma_k \pm \Gamma^a_k)$).")
    out = {"rates": rates}
    for name, source, tex in (
            ("tau_parallel", "tau_parallel_from_kinetic_equation", r"\tau^{\bar\eta\eta}_{ks,\parallel}/\hbar"),
            ("tau_perp", "tau_perp_from_kinetic_equation", r"\tau^{\bar\eta\eta}_{ks,\perp}/\hbar"),
            ("sigma_parallel_integrand", "sigma_parallel_integrand", r"d\sigma^{\parallel}_L/dk"),
            ("sigma_perp_integrand", "sigma_perp_integrand", r"d\sigma^{\perp}_L/dk")):
        out[name] = d.derive(f"{name}_in_mode_rates", in_mode_rates(d[source].expr), lhs=sp.Symbol(tex),
                             doc=f"Step `{source}` with " r"$\Gamma = (\Gamma_+ + \Gamma_-)/2$, "
                                 r"$\Gamma^a = (\Gamma_+ - \Gamma_-)/2$.")
    return out

def stable_mode_rates(rate0):
    """(Gamma_+, Gamma_-) = (rate0/4)(1 +- cos Theta)^2 with cos Theta = E^-/E and 1 -+ cos
    Theta evaluated without cancellation: E^2 - (E^-)^2 = A^2 k^2, so the small one of
    1 +- E^-/E is A^2 k^2 / (E (E -+ E^-))."""
    near_one = A**2 * k**2 / (E * (E + sp.Abs(E_minus)))  # 1 - |cos Theta|
    far = 1 + sp.Abs(E_minus) / E                           # 1 + |cos Theta|
    plus = sp.Piecewise((far, E_minus >= 0), (near_one, True))
    minus = sp.Piecewise((near_one, E_minus >= 0), (far, True))
    return rate0 / 4 * plus**2, rate0 / 4 * minus**2
