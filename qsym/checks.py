"""Ways of comparing two independently obtained results; each returns a CheckResult.

None of these compare an expression with itself: the caller passes two results obtained by
different routes (derived vs printed, series vs exact, symbolic vs numeric).
"""

from __future__ import annotations

import random
from typing import Callable, Mapping

import mpmath
import numpy as np
import sympy as sp

from .derivation import CheckResult

__all__ = ["symbolic_equal", "series_equal", "numeric_close", "sample_point"]

#: Digits used for random-point evaluation of symbolic identities.
RANDOM_POINT_DIGITS = 50


def _short(expr, limit: int = 400) -> str:
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def sample_point(symbols, rng: random.Random, ranges: Mapping | None = None) -> dict:
    """Random exact rational values for ``symbols``, respecting their assumptions.

    ``ranges`` maps a symbol to ``(lo, hi)`` to sample a physical domain instead.
    """
    ranges = dict(ranges or {})
    point = {}
    for s in sorted(symbols, key=lambda s: s.name):
        if s in ranges:
            lo, hi = ranges[s]
            val = sp.Rational(lo) + (sp.Rational(hi) - sp.Rational(lo)) * sp.Rational(
                rng.randint(1, 10**6 - 1), 10**6
            )
        else:
            val = sp.Rational(rng.randint(1, 10**6), 10**6) * 2 + sp.Rational(1, 7)
            if not (s.is_positive or s.is_nonnegative) and rng.random() < 0.5:
                val = -val
        point[s] = val
    return point


def symbolic_equal(
    a,
    b,
    *,
    ranges: Mapping | None = None,
    points: int = 6,
    seed: int = 20260421,
    simplifier: Callable | None = None,
    exact: bool = True,
) -> CheckResult:
    """Check ``a == b`` identically.

    First tries an exact zero test of ``a - b`` (``simplifier`` if given, else
    ``cancel(together(expand(a - b)))``); if that does not reduce to zero, evaluates the
    difference at ``points`` random rational points with 50-digit arithmetic (a
    Schwartz-Zippel style identity test) and requires ``|a - b| <= 1e-40 (|a| + |b|)``.

    Works element-wise for matrices. ``ranges`` restricts sampling to a physical domain
    (e.g. where a square root is real). ``exact=False`` skips the exact attempt, for
    differences whose cancellation is needlessly expensive (large multivariate gcds).
    """
    a = sp.Matrix(a) if isinstance(a, (list, tuple, sp.MatrixBase)) else sp.sympify(a)
    b = sp.Matrix(b) if isinstance(b, (list, tuple, sp.MatrixBase)) else sp.sympify(b)
    diff = a - b
    elems = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
    simp = simplifier or (lambda e: sp.cancel(sp.together(sp.expand(e))))
    if exact and all(simp(e) == 0 for e in elems):
        return CheckResult(True, "symbolic", 0.0, "difference simplifies to 0")
    # random-point test at high precision
    rng = random.Random(seed)
    a_el = list(a) if isinstance(a, sp.MatrixBase) else [a]
    b_el = list(b) if isinstance(b, sp.MatrixBase) else [b]
    free = set().union(*(e.free_symbols for e in a_el + b_el))
    worst = 0.0
    for _ in range(points):
        pt = sample_point(free, rng, ranges)
        for ea, eb in zip(a_el, b_el):
            va = sp.N(ea.subs(pt), RANDOM_POINT_DIGITS)
            vb = sp.N(eb.subs(pt), RANDOM_POINT_DIGITS)
            scale = abs(va) + abs(vb)
            err = abs(va - vb)
            try:
                rel = float(err / scale) if scale != 0 else float(err)
            except TypeError:
                return CheckResult(False, "random-point", None, f"could not evaluate at {pt}: {_short(err)}")
            worst = max(worst, rel)
            if rel > 1e-40:
                return CheckResult(
                    False,
                    "random-point",
                    rel,
                    f"differ at {pt}:\n  lhs = {_short(ea)}\n  rhs = {_short(eb)}\n"
                    f"  values {sp.N(va, 15)} vs {sp.N(vb, 15)}",
                )
    return CheckResult(
        True,
        "random-point",
        worst,
        f"equal at {points} random points ({RANDOM_POINT_DIGITS} digits)",
    )


def series_equal(expr, x: sp.Symbol, expected, order: int, **kwargs) -> CheckResult:
    """Check ``expr = expected + O(x**order)`` as x -> 0, where ``expected`` was obtained
    independently (e.g. printed in the paper). The series is computed by SymPy."""
    ser = sp.series(expr, x, 0, order).removeO()
    res = symbolic_equal(ser, expected, **kwargs)
    detail = f"series of the derived expression to O({x}**{order}) vs stated form; " + res.detail
    if not res.passed:
        detail += f"\n  series   = {_short(ser)}\n  expected = {_short(expected)}"
    return CheckResult(res.passed, "series", res.worst_error, detail)


def numeric_close(
    values,
    reference,
    *,
    rtol: float,
    atol: float = 0.0,
    what: str = "",
) -> CheckResult:
    """Compare numeric ``values`` with an independent ``reference``: |v - r| <= atol + rtol|r|.

    The reported worst error is ``max |v - r| / max(|r|, atol/rtol)``.
    """
    v = np.asarray([complex(mpmath.mpc(x)) if isinstance(x, mpmath.mpc) else x for x in np.ravel(values)])
    r = np.asarray([complex(mpmath.mpc(x)) if isinstance(x, mpmath.mpc) else x for x in np.ravel(reference)])
    v = v.astype(complex)
    r = r.astype(complex)
    err = np.abs(v - r)
    denom = np.maximum(np.abs(r), atol / rtol if rtol else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(denom > 0, err / denom, err)
    worst = float(np.max(rel)) if rel.size else 0.0
    ok = bool(np.all(err <= atol + rtol * np.abs(r)))
    detail = f"{what}: worst relative error {worst:.2e} (rtol {rtol:g}, atol {atol:g}) over {r.size} values"
    if not ok:
        i = int(np.argmax(rel))
        detail += f"; worst at index {i}: {v[i]} vs reference {r[i]}"
    return CheckResult(ok, "numeric", worst, detail)
