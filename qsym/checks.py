"""Ways of comparing two independently obtained results; each returns a CheckResult.

None of these compare an expression with itself: the caller passes two results obtained by
different routes (derived vs printed, series vs exact, symbolic vs numeric).

Non-finite values are failures, never passes. NaN compares false with everything, so a
naive ``error > tol`` lets a NaN through, and Python's ``max(0.0, nan)`` is ``0.0``; every
helper here tests finiteness first and says so in the detail, and :func:`largest` is the
NaN-propagating maximum to use in checks that accumulate their own errors.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import mpmath
import numpy as np
import sympy as sp

__all__ = [
    "CheckResult", "symbolic_equal", "series_equal", "numeric_close", "sample_point", "largest", "all_of",
    "erratum", "non_finite_atoms",
]


@dataclass(frozen=True)
class CheckResult:
    """Outcome of a check.

    Parameters
    ----------
    passed : bool
        Whether the two results agree (for an erratum check: whether the discrepancy is
        confirmed and the independent route supports the derived form).
    method : str
        ``"symbolic"``, ``"series"``, ``"numeric"``, ``"random-point"`` ...
    worst_error : float, optional
        For numeric checks: the worst relative (or stated) error found. A NaN or infinite
        error makes the result a failure, whatever ``passed`` said.
    detail : str
        Human-readable explanation; on failure it shows both expressions or values.
    """

    passed: bool
    method: str
    worst_error: float | None = None
    detail: str = ""

    def __post_init__(self):
        if self.worst_error is not None:
            err = float(self.worst_error)
            if not math.isfinite(err):
                object.__setattr__(self, "passed", False)
                object.__setattr__(self, "detail", f"non-finite worst error ({err}): a NaN or infinity "
                                                   f"is a failure; {self.detail}")
            object.__setattr__(self, "worst_error", err)

    def _repr_html_(self) -> str:
        from .notebook import check_html

        return check_html(self)

#: Digits used for random-point evaluation of symbolic identities.
RANDOM_POINT_DIGITS = 50
#: Relative agreement required of a random-point identity at RANDOM_POINT_DIGITS digits.
RANDOM_POINT_TOLERANCE = 1e-40

_NON_FINITE = (sp.nan, sp.zoo, sp.oo, -sp.oo)


def _short(expr, limit: int = 400) -> str:
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def non_finite_atoms(expr) -> set:
    """The NaN, complex-infinity and infinity atoms of ``expr`` outside integration limits
    and ``Piecewise`` conditions (where ``oo`` is legitimate)."""
    expr = sp.sympify(expr) if not isinstance(expr, sp.MatrixBase) else expr
    found = set()

    def walk(e):
        if isinstance(e, sp.MatrixBase):
            for x in e:
                walk(x)
            return
        if e in _NON_FINITE or e is sp.nan:
            found.add(e)
            return
        if isinstance(e, (sp.Integral, sp.Sum, sp.Limit)):
            walk(e.function)
            return
        if isinstance(e, sp.Piecewise):
            for value, _cond in e.args:
                walk(value)
            return
        for a in getattr(e, "args", ()):
            if isinstance(a, sp.Basic):
                walk(a)

    walk(expr)
    return found


def largest(values: Iterable[float]) -> float:
    """The largest of ``values``, NaN if any value is NaN (unlike ``max``), 0.0 if empty."""
    out = 0.0
    for v in values:
        v = float(v)
        if math.isnan(v):
            return math.nan
        out = max(out, v)
    return out


def _is_finite_number(value) -> bool:
    try:
        z = complex(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(z.real) and math.isfinite(z.imag)


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


def _as_elements(x) -> tuple:
    if isinstance(x, (list, tuple, sp.MatrixBase)):
        x = sp.Matrix(x)
        return x, list(x)
    x = sp.sympify(x)
    return x, [x]


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

    Two unevaluated integrals over the same limits are compared by their integrands (an
    integral SymPy can do is done first). Works element-wise for matrices. ``ranges`` restricts sampling to a physical domain
    (e.g. where a square root is real). ``exact=False`` skips the exact attempt, for
    differences whose cancellation is needlessly expensive (large multivariate gcds).

    A NaN, ``zoo`` or infinity on either side, symbolically or at a sample point, is a
    failure: ``nan - nan`` is not zero, and a NaN error is not small.
    """
    a, a_el = _as_elements(a)
    b, b_el = _as_elements(b)
    if len(a_el) != len(b_el):
        return CheckResult(False, "symbolic", None, f"shapes differ: {len(a_el)} vs {len(b_el)} elements")
    a_el, b_el = zip(*(_same_integrals(x, y) for x, y in zip(a_el, b_el))) if a_el else (a_el, b_el)
    a_el, b_el = list(a_el), list(b_el)
    bad = non_finite_atoms(a) | non_finite_atoms(b)
    if bad:
        return CheckResult(False, "symbolic", None,
                           f"non-finite value ({', '.join(sorted(map(str, bad)))}) in an expression compared:"
                           f"\n  lhs = {_short(a)}\n  rhs = {_short(b)}")
    simp = simplifier or (lambda e: sp.cancel(sp.together(sp.expand(e))))
    if exact and all(simp(x - y) == 0 for x, y in zip(a_el, b_el)):
        return CheckResult(True, "symbolic", 0.0, "difference simplifies to 0")
    # random-point test at high precision
    rng = random.Random(seed)
    free = set().union(*(e.free_symbols for e in a_el + b_el))
    worst = 0.0
    for _ in range(points):
        pt = sample_point(free, rng, ranges)
        for ea, eb in zip(a_el, b_el):
            va = sp.N(ea.subs(pt), RANDOM_POINT_DIGITS)
            vb = sp.N(eb.subs(pt), RANDOM_POINT_DIGITS)
            if not (_is_finite_number(va) and _is_finite_number(vb)):
                return CheckResult(False, "random-point", None,
                                   f"non-finite or non-numeric value at {pt}: lhs = {_short(va)}, rhs = {_short(vb)}"
                                   f"\n  lhs = {_short(ea)}\n  rhs = {_short(eb)}")
            scale = abs(va) + abs(vb)
            err = abs(va - vb)
            rel = float(err / scale) if scale != 0 else float(err)
            worst = max(worst, rel)
            if not rel <= RANDOM_POINT_TOLERANCE:
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


def _same_integrals(a, b):
    """Two integrals over the same limits compare as their integrands (the integration
    variable of ``b`` renamed to ``a``'s); an integral SymPy can do is done first."""
    a = a.doit() if isinstance(a, sp.Integral) and not a.doit().has(sp.Integral) else a
    b = b.doit() if isinstance(b, sp.Integral) and not b.doit().has(sp.Integral) else b
    if isinstance(a, sp.Integral) and isinstance(b, sp.Integral) and len(a.limits) == len(b.limits):
        rename = {lb[0]: la[0] for la, lb in zip(a.limits, b.limits)}
        if all(tuple(la[1:]) == tuple(sp.sympify(x).xreplace(rename) for x in lb[1:])
               for la, lb in zip(a.limits, b.limits)):
            return a.function, b.function.xreplace(rename)
    return a, b


def series_equal(expr, x: sp.Symbol, expected, order: int, **kwargs) -> CheckResult:
    """Check ``expr = expected + O(x**order)`` as x -> 0, where ``expected`` was obtained
    independently (e.g. printed in the paper). The series is computed by SymPy; a
    non-finite expression or series is a failure."""
    bad = non_finite_atoms(expr) | non_finite_atoms(expected)
    if bad:
        return CheckResult(False, "series", None,
                           f"non-finite value ({', '.join(sorted(map(str, bad)))}) in an expression compared")
    ser = sp.series(expr, x, 0, order).removeO()
    res = symbolic_equal(ser, expected, **kwargs)
    detail = f"series of the derived expression to O({x}**{order}) vs stated form; " + res.detail
    if not res.passed:
        detail += f"\n  series   = {_short(ser)}\n  expected = {_short(expected)}"
    return CheckResult(res.passed, "series", res.worst_error, detail)


def _to_complex_array(values) -> np.ndarray:
    flat = [complex(mpmath.mpc(x)) if isinstance(x, mpmath.mpc) else x for x in np.ravel(np.asarray(values, dtype=object))]
    return np.asarray([complex(x) for x in flat], dtype=complex)


def numeric_close(
    values,
    reference,
    *,
    rtol: float,
    atol: float = 0.0,
    what: str = "",
) -> CheckResult:
    """Compare numeric ``values`` with an independent ``reference``: |v - r| <= atol + rtol|r|.

    The reported worst error is ``max |v - r| / max(|r|, atol/rtol)``. A NaN or infinity in
    either array is a failure, reported with its index.
    """
    v = _to_complex_array(values)
    r = _to_complex_array(reference)
    if v.shape != r.shape:
        return CheckResult(False, "numeric", None, f"{what}: {v.size} values vs {r.size} reference values")
    finite = np.isfinite(v) & np.isfinite(r)
    if not finite.all():
        i = int(np.flatnonzero(~finite)[0])
        return CheckResult(False, "numeric", None,
                           f"{what}: non-finite value at index {i}: {v[i]} vs reference {r[i]} "
                           f"({int((~finite).sum())} of {r.size} values not finite)")
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


def all_of(results: Iterable[CheckResult], detail: str | None = None) -> CheckResult:
    """Several comparisons as one check: passes only if every one passes; the worst error
    is the largest (NaN if any is NaN); the method is the first one's."""
    results = list(results)
    if not results:
        return CheckResult(False, "none", None, "no comparisons were made")
    ok = all(r.passed for r in results)
    errors = [r.worst_error for r in results if r.worst_error is not None]
    methods = sorted({r.method for r in results}, key=[r.method for r in results].index)
    text = "; ".join(r.detail for r in results) if detail is None else detail
    if not ok and detail is not None:
        text += "; failed: " + "; ".join(r.detail for r in results if not r.passed)
    return CheckResult(ok, "+".join(methods), largest(errors) if errors else None, text)


def erratum(printed_vs_derived: CheckResult, evidence: CheckResult, *, note: str = "") -> CheckResult:
    """The verdict of an erratum check: it passes only while the printed formula is still
    shown to differ from the derived one (``printed_vs_derived`` fails) *and* the
    independent route supports the derived form (``evidence`` passes)."""
    shown_wrong = not printed_vs_derived.passed
    ok = shown_wrong and evidence.passed
    parts = [
        ("printed form differs from the derived one: " if shown_wrong
         else "printed form now AGREES with the derived one (the erratum no longer holds): ")
        + printed_vs_derived.detail.splitlines()[0],
        ("independent route supports the derived form: " if evidence.passed
         else "independent route does NOT support the derived form: ") + evidence.detail,
    ]
    if note:
        parts.insert(0, note)
    return CheckResult(ok, "erratum", evidence.worst_error, "; ".join(parts))
