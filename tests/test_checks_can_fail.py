"""The comparison helpers reject near misses, and none of them passes on NaN, inf or zoo.

(That `qsym check` exits non-zero and names a failing check is tested in test_cli.py.)
"""

import math

import numpy as np
import pytest
import sympy as sp

from qsym.checks import all_of, erratum, largest, numeric_close, series_equal, symbolic_equal
from qsym.derivation import CheckResult


def test_printed_eq6_with_a_wrong_prefactor_is_rejected(bhz):
    derived = bhz["sigma_parallel_integrand"].expr
    printed = bhz["sigma_parallel_printed"].expr
    E = next(s for s in derived.free_symbols if s.name == "E_k")
    assert symbolic_equal(derived, printed).passed
    assert not symbolic_equal(derived, printed * sp.Rational(10001, 10000)).passed
    assert not symbolic_equal(derived, printed.subs(E, E * sp.Rational(10001, 10000))).passed


def test_random_point_identity_test_rejects_a_near_identity():
    x = sp.Symbol("x", positive=True)
    res = symbolic_equal(sp.sqrt(x**2 + 1), x + 1 / (2 * x), exact=False)  # equal only as x -> oo
    assert not res.passed and res.method == "random-point"


def test_series_check_rejects_a_wrong_coefficient_and_a_missing_order():
    lam, g, e = sp.symbols("lambda Gamma E", positive=True)
    tau = (2 * e - sp.I * lam * g) / ((2 * e - sp.I * lam * g) ** 2)
    assert series_equal(sp.im(tau), lam, lam * g / (4 * e**2), 3).passed
    assert not series_equal(sp.im(tau), lam, lam * g / (2 * e**2), 3).passed
    assert not series_equal(sp.im(tau) + lam**2, lam, lam * g / (4 * e**2), 3).passed


def test_numeric_comparison_reports_the_worst_error():
    res = numeric_close([1.0, 2.0 + 3e-9], [1.0, 2.0], rtol=1e-9)
    assert not res.passed and 1e-9 < res.worst_error < 2e-9


# ------------------------------------------------------------------------------------------
# NaN, inf and zoo are failures in every helper
# ------------------------------------------------------------------------------------------

NON_FINITE = [sp.nan, sp.zoo, sp.oo, -sp.oo]


@pytest.mark.parametrize("bad", NON_FINITE, ids=str)
@pytest.mark.parametrize("side", ["lhs", "rhs", "both"])
def test_symbolic_equal_fails_on_non_finite_values(bad, side):
    x = sp.Symbol("x")
    a, b = (bad, 5) if side == "lhs" else (5, bad) if side == "rhs" else (bad, bad)
    res = symbolic_equal(a, b)
    assert not res.passed and "non-finite" in res.detail
    res = symbolic_equal(x + bad, x + 5 if side == "lhs" else x + bad)
    assert not res.passed


def test_symbolic_equal_fails_when_an_expression_is_nan_only_at_the_sample_points():
    x = sp.Symbol("x", positive=True)
    # 0/0 at every point: log(x)/log(x) - 1 is fine, but (x - x)/(x - x) is NaN once evaluated
    a = sp.Mul(sp.Add(x, -x, evaluate=False), sp.Pow(sp.Add(x, -x, evaluate=False), -1, evaluate=False),
               evaluate=False)
    res = symbolic_equal(a, 1, exact=False)
    assert not res.passed


def test_symbolic_equal_in_matrices_fails_on_one_nan_entry():
    assert not symbolic_equal(sp.Matrix([1, sp.nan]), sp.Matrix([1, 2])).passed


@pytest.mark.parametrize("bad", NON_FINITE, ids=str)
def test_series_equal_fails_on_non_finite_values(bad):
    x = sp.Symbol("x")
    assert not series_equal(x + bad, x, x, 2).passed
    assert not series_equal(x, x, bad, 2).passed


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, complex(math.nan, 0.0)], ids=str)
@pytest.mark.parametrize("side", ["values", "reference", "both"])
def test_numeric_close_fails_on_non_finite_values(bad, side):
    v, r = [1.0, 2.0], [1.0, 2.0]
    if side in ("values", "both"):
        v = [1.0, bad]
    if side in ("reference", "both"):
        r = [1.0, bad]
    res = numeric_close(v, r, rtol=1e-9, what="test")
    assert not res.passed and "non-finite" in res.detail


def test_a_check_reporting_a_nan_error_fails_whatever_it_concluded():
    res = CheckResult(True, "numeric", math.nan, "looked fine")
    assert not res.passed and "non-finite" in res.detail
    assert not CheckResult(True, "numeric", math.inf).passed


def test_largest_propagates_nan_unlike_max():
    assert max(0.0, math.nan) == 0.0  # why checks must not accumulate errors with max()
    assert math.isnan(largest([1e-3, math.nan, 2.0]))
    assert largest([1e-3, 2.0]) == 2.0 and largest([]) == 0.0


def test_all_of_fails_if_one_part_fails_or_is_nan():
    ok = CheckResult(True, "numeric", 1e-12, "a")
    assert all_of([ok, ok]).passed
    assert not all_of([ok, CheckResult(False, "numeric", 1e-3, "b")]).passed
    assert not all_of([ok, CheckResult(True, "numeric", np.nan, "c")]).passed
    assert not all_of([]).passed


def test_erratum_passes_only_while_the_printed_form_is_shown_wrong():
    evidence = CheckResult(True, "numeric", 1e-9, "independent route agrees with the derived form")
    printed_differs = CheckResult(False, "symbolic", None, "derived/printed = 2")
    printed_agrees = CheckResult(True, "symbolic", 0.0, "difference simplifies to 0")
    assert erratum(printed_differs, evidence).passed
    assert erratum(printed_differs, evidence).method == "erratum"
    fixed = erratum(printed_agrees, evidence)
    assert not fixed.passed and "no longer holds" in fixed.detail
    unsupported = erratum(printed_differs, CheckResult(False, "numeric", 0.5, "route disagrees"))
    assert not unsupported.passed


def test_integrals_over_the_same_limits_compare_by_their_integrands():
    import sympy as sp

    from qsym.checks import symbolic_equal

    x, y, a = sp.symbols("x y a", positive=True)
    f = sp.Function("f")
    same = symbolic_equal(sp.Integral(f(x) * (1 + a), (x, 0, a)), sp.Integral(f(y) + a * f(y), (y, 0, a)))
    assert same.passed
    assert not symbolic_equal(sp.Integral(f(x), (x, 0, a)), sp.Integral(2 * f(y), (y, 0, a))).passed
    assert symbolic_equal(sp.Integral(x**2, (x, 0, a)), a**3 / 3).passed      # done by SymPy first
