r"""Fermi-function energy integrals with exact values, derived rather than tabulated.

With :math:`f(\varepsilon) = 1/(e^{\varepsilon/T} + 1)` (``T`` is :math:`k_B T`):

- :func:`sech2_moment` :math:`\int_0^\infty e^{2n}\,\mathrm{sech}^2 e\,de`, from the
  geometric series of :math:`\mathrm{sech}^2` summed by SymPy (a Dirichlet eta value);
- :func:`thermal_moment` :math:`\int f(1-f)\,\varepsilon^n\,d\varepsilon`;
- :func:`sommerfeld_antiderivative` and :func:`bias_moment`
  :math:`\int f(\varepsilon-\mu_1)[1-f(\varepsilon-\mu_2)]\,\varepsilon^n\,d\varepsilon`
  in closed form: polynomials in :math:`\mu_{1,2}` and ``T`` times
  :math:`(1+\coth((\mu_1-\mu_2)/2T))/2`. The Sommerfeld series is finite, hence exact,
  for polynomials;
- :func:`sommerfeld_expansion` :math:`\int H(\varepsilon)\,(-\partial_\varepsilon f)(\varepsilon-\mu)\,d\varepsilon`
  for any smooth ``H``, to a given order in ``T``, with the moments of :math:`-f'` derived
  from :func:`sech2_moment`; :func:`delta_reduction` turns
  :math:`\int dk\, g(k)\,\delta(E(k) - E_F)` into the sum over the roots of :math:`E = E_F`;
- :func:`phase_integral_series` and :func:`phase_integral_asymptotic` for
  :math:`F(x) = \int_0^\infty e^{i x e^2} g(e)\,de` with ``g`` even and analytic: the
  small-``x`` series (exact coefficients, the moments of ``g``) and the large-``x``
  expansion (Watson's lemma after rotating the contour to :math:`e = e^{i\pi/4} t`).
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

__all__ = [
    "sech2_moment", "thermal_moment", "sommerfeld_expansion", "delta_reduction", "sommerfeld_antiderivative", "bias_moment",
    "window_product_identity", "phase_integral_series", "phase_integral_asymptotic",
]


@lru_cache(maxsize=None)
def sech2_moment(n: int) -> sp.Expr:
    r""":math:`\int_0^\infty e^{2n}/\cosh^2 e\,de`, exact.

    Derived from :math:`\mathrm{sech}^2 e = 4\sum_{k\ge1}(-1)^{k+1} k\,e^{-2ke}` (``e > 0``)
    and :math:`\int_0^\infty e^{2n} e^{-2ke} de = (2n)!/(2k)^{2n+1}`, which leaves
    :math:`4 (2n)!\,2^{-2n-1}\sum_k (-1)^{k+1} k^{-2n}`. The alternating sum is the sum over
    all ``k`` minus twice the sum over even ``k``; SymPy sums both (zeta values at even
    integers, exact). For ``n = 0`` the integral is :math:`\tanh(\infty) = 1`.
    """
    if n == 0:
        e = sp.Symbol("e", positive=True)
        return sp.integrate(1 / sp.cosh(e) ** 2, (e, 0, sp.oo)).rewrite(sp.exp).simplify()
    k = sp.Symbol("k", integer=True, positive=True)
    alternating = (sp.summation(1 / k ** (2 * n), (k, 1, sp.oo))
                   - 2 * sp.summation(1 / (2 * k) ** (2 * n), (k, 1, sp.oo)))
    return sp.expand(4 * sp.factorial(2 * n) / sp.Integer(2) ** (2 * n + 1) * alternating)


def thermal_moment(n: int, T: sp.Expr) -> sp.Expr:
    r""":math:`\int_{-\infty}^{\infty} f(1-f)\,\varepsilon^n\,d\varepsilon`, exact.

    With :math:`f(1-f) = 1/(4\cosh^2(\varepsilon/2T))` and :math:`\varepsilon = 2Te` this is
    :math:`T (2T)^n \int_{-\infty}^\infty e^n\,\mathrm{sech}^2 e\,de/2`: zero for odd ``n``,
    :math:`T (2T)^n` ``sech2_moment(n/2)`` for even ``n``.
    """
    if n % 2:
        return sp.Integer(0)
    return T * (2 * T) ** n * sech2_moment(n // 2)


def sommerfeld_antiderivative(n: int, mu: sp.Expr, T: sp.Expr) -> sp.Expr:
    r""":math:`F_n(\mu)` with :math:`\int \varepsilon^n [f(\varepsilon-\mu_1) -
    f(\varepsilon-\mu_2)] d\varepsilon = F_n(\mu_1) - F_n(\mu_2)`.

    Integrating by parts, :math:`F_n(\mu) = \int H(\varepsilon)(-f'(\varepsilon-\mu))d\varepsilon`
    with :math:`H = \varepsilon^{n+1}/(n+1)`; Taylor-expanding the polynomial ``H`` about
    :math:`\mu` gives a finite sum over the thermal moments (exact).
    """
    x = sp.Symbol("x")
    H = x ** (n + 1) / (n + 1)
    out = sum(sp.diff(H, x, j).subs(x, mu) / sp.factorial(j) * thermal_moment(j, T) / T
              for j in range(0, n + 2))
    return sp.expand(out)


def window_product_identity(mu1: sp.Expr, mu2: sp.Expr, T: sp.Expr, eps: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    r"""Both sides of :math:`f_1(1-f_2) = (f_1 - f_2)\,(1 + \coth(\frac{\mu_1-\mu_2}{2T}))/2`
    (explicit exponentials), for a check by the caller."""
    f = lambda m: 1 / (sp.exp((eps - m) / T) + 1)  # noqa: E731
    return f(mu1) * (1 - f(mu2)), (f(mu1) - f(mu2)) * (1 + sp.coth((mu1 - mu2) / (2 * T))) / 2


def bias_moment(n: int, mu1: sp.Expr, mu2: sp.Expr, T: sp.Expr) -> sp.Expr:
    r""":math:`\int f(\varepsilon-\mu_1)[1-f(\varepsilon-\mu_2)]\,\varepsilon^n\,d\varepsilon`.

    For :math:`\mu_1 \ne \mu_2` it is :math:`(F_n(\mu_1) - F_n(\mu_2))(1 + \coth
    \frac{\mu_1-\mu_2}{2T})/2` (:func:`window_product_identity`,
    :func:`sommerfeld_antiderivative`); for :math:`\mu_1 = \mu_2 = \mu` it is
    :math:`T F_n'(\mu)`. ``mu1 - mu2`` must simplify to a number or be nonzero.
    """
    if sp.simplify(mu1 - mu2) == 0:
        m = sp.Symbol("m")
        return sp.expand(T * sp.diff(sommerfeld_antiderivative(n, m, T), m).subs(m, mu1))
    diff = sp.expand(sommerfeld_antiderivative(n, mu1, T) - sommerfeld_antiderivative(n, mu2, T))
    return diff * (1 + sp.coth((mu1 - mu2) / (2 * T))) / 2


def phase_integral_series(moment, x: sp.Expr, order: int) -> sp.Expr:
    r"""Small-``x`` series of :math:`\int_0^\infty e^{ixe^2} g(e)\,de`:
    :math:`\sum_{n<\mathrm{order}} (ix)^n M_n / n!` with ``moment(n)`` the exact
    :math:`M_n = \int_0^\infty e^{2n} g\,de`.

    The series is asymptotic when ``g`` decays only exponentially (then
    :math:`M_n \sim (2n)!`); truncate near its smallest term.
    """
    return sum((sp.I * x) ** n / sp.factorial(n) * moment(n) for n in range(order))


def phase_integral_asymptotic(g: sp.Expr, e: sp.Symbol, x: sp.Expr, order: int) -> sp.Expr:
    r"""Large-``x`` expansion of :math:`\int_0^\infty e^{ixe^2} g(e)\,de`, ``g`` even.

    Rotating the contour to :math:`e = e^{i\pi/4}t` (allowed when ``g`` has no poles in
    :math:`0 \le \arg e \le \pi/4` and decays there) gives
    :math:`e^{i\pi/4}\int_0^\infty e^{-xt^2} g(e^{i\pi/4}t)\,dt`; Watson's lemma on the
    Taylor series :math:`g = \sum_m g_{2m} e^{2m}` gives
    :math:`\sum_m g_{2m}\,\Gamma(m+\tfrac12)\,e^{i\pi(2m+1)/4}/(2 x^{m+1/2})`.
    """
    taylor = sp.series(g, e, 0, 2 * order).removeO()
    return sum(taylor.coeff(e, 2 * m) * sp.gamma(m + sp.Rational(1, 2))
               * sp.exp(sp.I * sp.pi * (2 * m + 1) / 4) / (2 * x ** (m + sp.Rational(1, 2)))
               for m in range(order))


def sommerfeld_expansion(H: sp.Expr, eps: sp.Symbol, mu: sp.Expr, T: sp.Expr, order: int = 4) -> sp.Expr:
    r""":math:`\int H(\varepsilon)\,(-\partial_\varepsilon f)(\varepsilon - \mu)\,d\varepsilon`
    to :math:`O(T^{order+2})`: :math:`\sum_n m_{2n} H^{(2n)}(\mu)/(2n)!` with the moments of
    :math:`-f'`, :math:`m_{2n} = (2T)^{2n}\,` :func:`sech2_moment` ``(n)`` (substitute
    :math:`\varepsilon - \mu = 2Te`); ``order`` is the highest power of ``T`` kept (even).
    For a polynomial ``H`` of degree at most ``order + 1`` it is exact."""
    if order < 0 or order % 2:
        raise ValueError(f"order must be an even power of T >= 0; got {order}")
    out = sp.Integer(0)
    for n in range(order // 2 + 1):
        derivative = sp.diff(H, eps, 2 * n).subs(eps, mu)
        out += (2 * T) ** (2 * n) * sech2_moment(n) * derivative / sp.factorial(2 * n)
    return out


def delta_reduction(g: sp.Expr, E: sp.Expr, k: sp.Symbol, E_F: sp.Expr) -> sp.Expr:
    r""":math:`\int dk\, g(k)\,\delta(E(k) - E_F) = \sum_r g(k_r)/|E'(k_r)|` over the roots
    :math:`k_r` of :math:`E(k) = E_F` in the domain of ``k`` (its assumptions: a
    nonnegative ``k`` keeps the nonnegative roots), found by ``sympy.solve``. A root where
    :math:`E'` vanishes (a band edge) is an error: the integral is singular there."""
    roots = sp.solve(sp.Eq(E, E_F), k)
    if k.is_nonnegative:      # of a pair +-r keep +r; drop roots known to be negative
        roots = [r for r in roots if not r.is_negative and not (r.could_extract_minus_sign() and -r in roots)]
    if not roots:
        raise ValueError(f"E({k}) = E_F has no root in the domain of {k}")
    slope = sp.diff(E, k)
    out = sp.Integer(0)
    for r in roots:
        s = sp.simplify(slope.subs(k, r))
        if s == 0:
            raise ValueError(f"E'({k}) vanishes at the root {k} = {r}: the delta integral is singular there")
        out += g.subs(k, r) / sp.Abs(s)
    return out
