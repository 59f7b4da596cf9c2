"""The comparison helpers reject near misses, and `qsym check` fails loudly when a check does."""

import sympy as sp

from qsym import cli, registry
from qsym.checks import numeric_close, series_equal, symbolic_equal
from qsym.derivation import CheckResult, Derivation


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


def test_qsym_check_exits_nonzero_when_a_check_fails(monkeypatch, capsys):
    d = Derivation("toy", "A toy derivation", "nowhere", __name__)
    d.check("two_plus_two", lambda: CheckResult(False, "numeric", 1.0, "2 + 2 = 5"), compares=("a", "b"))
    monkeypatch.setattr(registry, "names", lambda: ["toy"])
    monkeypatch.setattr(registry, "get", lambda name: d)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "2 + 2 = 5" in out and "0 passed, 1 failed" in out
