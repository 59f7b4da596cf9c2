"""Calculus helpers: polar coordinates in 2D k-space, angular averages, leading orders."""

from __future__ import annotations

import sympy as sp

__all__ = ["polar_gradient", "to_polar", "angular_average", "leading_order", "total_derivative_residual",
           "taylor_coefficients"]


def polar_gradient(k: sp.Symbol, theta: sp.Symbol):
    """Cartesian derivatives written in polar coordinates (k, theta).

    Returns
    -------
    d_kx, d_ky : callable
        ``d_kx(f) = cos(theta) df/dk - sin(theta)/k df/dtheta`` and the same for ky; they
        act element-wise on expressions and matrices.
    """

    def d_kx(f):
        return sp.cos(theta) * sp.diff(f, k) - sp.sin(theta) / k * sp.diff(f, theta)

    def d_ky(f):
        return sp.sin(theta) * sp.diff(f, k) + sp.cos(theta) / k * sp.diff(f, theta)

    return d_kx, d_ky


def to_polar(expr, kx: sp.Symbol, ky: sp.Symbol, k: sp.Symbol, theta: sp.Symbol):
    """Substitute kx = k cos(theta), ky = k sin(theta)."""
    return expr.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)}, simultaneous=True)


def _to_laurent(expr, theta: sp.Symbol, z: sp.Symbol):
    """Write trigonometric/exponential functions of (n theta + c) as Laurent terms in z."""

    def linear(arg):
        arg = sp.expand(arg)
        n = arg.coeff(theta)
        rest = sp.expand(arg - n * theta)
        if rest.has(theta) or not n.is_number:
            return None
        return n, rest

    def repl_cos(e):
        lin = linear(e.args[0])
        if lin is None:
            return e
        n, c = lin
        n = sp.Integer(n)
        return (z**n * sp.exp(sp.I * c) + z ** (-n) * sp.exp(-sp.I * c)) / 2

    def repl_sin(e):
        lin = linear(e.args[0])
        if lin is None:
            return e
        n, c = lin
        n = sp.Integer(n)
        return (z**n * sp.exp(sp.I * c) - z ** (-n) * sp.exp(-sp.I * c)) / (2 * sp.I)

    def repl_exp(e):
        lin = linear(e.args[0] / sp.I)
        if lin is None:
            return e
        n, c = lin
        return z ** sp.Integer(n) * sp.exp(sp.I * c)

    has_t = lambda e: e.has(theta)  # noqa: E731
    expr = expr.replace(lambda e: isinstance(e, sp.cos) and has_t(e), repl_cos)
    expr = expr.replace(lambda e: isinstance(e, sp.sin) and has_t(e), repl_sin)
    expr = expr.replace(lambda e: isinstance(e, sp.exp) and has_t(e), repl_exp)
    return expr


def _monomial_average(trig, theta: sp.Symbol):
    """Average of a small theta-dependent factor: constant term of its Laurent form."""
    z = sp.Dummy("z")
    laurent = sp.expand(_to_laurent(trig, theta, z))
    if laurent.has(theta):
        return None
    constant = 0
    for term in sp.Add.make_args(laurent):
        coeff, power = term.as_independent(z, as_Add=False)
        if power == 1:
            constant += coeff
        elif not ((power.is_Pow and power.base == z and power.exp.is_Integer) or power == z):
            return None
    return constant


def angular_average(expr, theta: sp.Symbol):
    """Average over the polar angle: (1/2pi) int_0^{2pi} expr dtheta.

    The expression is expanded once; each term is split into a theta-independent
    coefficient and a trigonometric monomial, and the monomial's average is the constant
    term of its Laurent polynomial in z = exp(i theta) (exact, no integration). Terms that
    are not trigonometric polynomials in theta fall back to ``sympy.integrate``.
    """
    expanded = sp.expand(sp.sympify(expr))
    cache: dict = {}
    total = 0
    for term in sp.Add.make_args(expanded):
        coeff, trig = term.as_independent(theta, as_Add=False)
        if trig not in cache:
            avg = _monomial_average(trig, theta) if trig != 1 else sp.Integer(1)
            if avg is None:
                avg = sp.integrate(trig, (theta, 0, 2 * sp.pi)) / (2 * sp.pi)
            cache[trig] = avg
        total += coeff * cache[trig]
    return total


def leading_order(expr, x: sp.Symbol, x0=0, max_order: int = 8):
    """Leading term of ``expr`` as x -> x0: returns ``(coefficient, power)``.

    The power is found by expanding to increasing order, so the claim "expr = c x^p +
    O(x^{p+1})" is checked by the series itself, not assumed.
    """
    for n in range(1, max_order + 1):
        ser = sp.series(expr, x, x0, n).removeO()
        ser = sp.expand(ser)
        if ser != 0:
            terms = sp.Poly(ser, x - x0 if x0 else x).terms()
            p = min(t[0][0] for t in terms)
            coeff = sp.expand(ser).coeff(x, p) if x0 == 0 else ser
            return sp.simplify(coeff), p
    raise ValueError(f"no nonzero term of {expr} up to order {max_order} in {x}")


def total_derivative_residual(expr, functions, variables) -> list:
    r"""Euler-operator test: is ``expr`` a total derivative (divergence) in ``variables``?

    A differential expression in the dependent ``functions`` integrates to a boundary term
    for every choice of the functions iff all its Euler-Lagrange expressions
    :math:`\sum_\alpha (-D)^\alpha\,\partial L/\partial u_\alpha` vanish identically (the
    null-Lagrangian theorem). So two k-space integrands give the same integral over a region
    on whose boundary the functions vanish (e.g. a filled Fermi sea) iff the residual of
    their difference is empty.

    Parameters
    ----------
    expr : sympy expression
        The integrand, built from applied undefined functions of ``variables``.
    functions : sequence of applied functions
        E.g. ``[epsilon(kx, ky), G_xx(kx, ky)]``; composite dependence such as
        ``f0(epsilon(kx, ky))`` is followed by the chain rule.
    variables : sequence of symbols

    Returns
    -------
    list
        The non-vanishing Euler-Lagrange expressions (empty if ``expr`` is a total
        derivative).
    """
    from sympy.calculus.euler import euler_equations

    if sp.expand(expr) == 0:
        return []
    out = []
    for eq in euler_equations(expr, list(functions), list(variables)):
        if eq in (sp.true, True):
            continue
        residual = sp.expand((eq.lhs - eq.rhs).doit())
        if residual != 0:
            out.append(residual)
    return out


def taylor_coefficients(expr, x: sp.Symbol, order: int) -> list:
    """The Taylor coefficients ``c_0, ..., c_{order-1}`` of ``expr`` about ``x = 0``.

    ``c_n = (1/n!) d^n expr/dx^n`` at ``x = 0``, by differentiation: for expressions analytic
    in ``x`` (rational functions of ``x`` with a nonzero denominator at 0, say) this is the
    series expansion without ``sympy.series``' generic machinery, which on large
    multivariate coefficients costs orders of magnitude more. Raises ``ArithmeticError`` if a
    coefficient is not finite (``expr`` not analytic at 0).
    """
    out = []
    term = expr
    for n in range(order):
        value = term.subs(x, 0)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise ArithmeticError(f"taylor_coefficients: {expr} is not analytic at {x} = 0 (order {n})")
        out.append(value / sp.factorial(n))
        if n + 1 < order:
            term = sp.diff(term, x)
    return out
