"""The command line as a user runs it, in-process through ``qsym.cli.main``.

Each command reuses the session's builds (a derivation is built once per process); the
build cache is exercised with a small derivation of its own in a temporary package, so
that editing it is cheap and cannot touch the repository.
"""

import json
import sys
import textwrap
import warnings

import pytest

from qsym import cache, cli, registry

TOY = '''
"""A toy derivation for the build-cache tests."""
import sympy as sp

from qsym.checks import symbolic_equal
from qsym.derivation import Derivation

NAME = "toy_cache"
x = sp.Symbol("x", positive=True)


def build():
    d = Derivation(NAME, "A toy derivation", "nowhere", __name__)
    d.derive("square", sp.expand((x + 1) ** 2), lhs=sp.Symbol("y"))
    d.state("square_printed", x**2 + 2 * x + 1, lhs=sp.Symbol("y"))
    d.check("square_matches", lambda: symbolic_equal(d["square"].expr, d["square_printed"].expr),
            compares=("square", "square_printed"))
    return d
'''


@pytest.fixture
def toy(tmp_path, monkeypatch, isolated_cache):
    """A derivation module ``toy_cache_pkg.toy`` registered alone, with an empty cache."""
    pkg = tmp_path / "toy_cache_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "toy.py").write_text(textwrap.dedent(TOY))
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    module = importlib.import_module("toy_cache_pkg.toy")
    monkeypatch.setattr(registry, "modules", lambda: {"toy_cache": module})
    monkeypatch.setattr(registry, "_BUILT", {})

    def edit(old, new):
        (pkg / "toy.py").write_text((pkg / "toy.py").read_text().replace(old, new))
        importlib.reload(module)
        registry._BUILT.clear()  # what a new `qsym` process starts with

    yield module, edit
    sys.modules.pop("toy_cache_pkg.toy", None)
    sys.modules.pop("toy_cache_pkg", None)


def test_list_shows_steps_checks_kernels_and_errata(capsys, derivation):
    for name in registry.names():
        derivation(name)
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "bhz_decoherence" in out
    assert "sigma_parallel_integrand" in out and "eq6_from_eq5" in out
    assert "eq10_spin_factor" in out


def test_show_tags_steps_with_equation_numbers_and_says_what_each_is(capsys, bhz):
    assert cli.main(["show", "bhz_decoherence"]) == 0
    out = capsys.readouterr().out
    assert r"\begin{align}" in out
    assert r"\tag{3}" in out and r"\tag{derived, cf. 6}" in out
    assert r"\textbf{As printed in the paper: \texttt{tau\_\allowbreak{}parallel}.}" in out
    assert r"\textbf{Check \texttt{eq6\_\allowbreak{}from\_\allowbreak{}eq5}.} Eq. (6):" in out


def test_standalone_latex_is_a_complete_document(capsys, bhz):
    """(It compiles: tests/test_documents.py runs pdflatex on every derivation.)"""
    assert cli.main(["show", "bhz_decoherence", "--standalone"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(r"\documentclass") and text.rstrip().endswith(r"\end{document}")


def test_show_as_markdown_gives_mathjax_blocks(capsys, bhz):
    assert cli.main(["show", "bhz_decoherence", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Decoherence-induced conductivity") and "$$\n\\begin{aligned}" in text


def test_unknown_derivation_is_a_clear_error(capsys):
    assert cli.main(["show", "no_such_paper"]) == 2
    assert capsys.readouterr().err.strip() == "qsym: error: no derivation named 'no_such_paper'; try `qsym list`"


def test_figure_writes_pngs(tmp_path, capsys, bhz):
    pytest.importorskip("matplotlib")
    assert cli.main(["figure", "bhz_decoherence", "--out", str(tmp_path)]) == 0
    for n in (2, 3, 4):
        png = tmp_path / f"bhz_decoherence_fig{n}.png"
        assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"


# ------------------------------------------------------------------------------------------
# qsym check: parallel workers, JSON, exit status
# ------------------------------------------------------------------------------------------

def test_check_in_two_worker_processes_reports_in_registry_order_and_writes_json(tmp_path, capsys, toy):
    out_json = tmp_path / "checks.json"
    assert cli.main(["check", "--jobs", "2", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "square_matches" in out and "1 passed, 0 failed" in out and "2 jobs" in out
    data = json.loads(out_json.read_text())
    assert data["passed"] == 1 and data["failed"] == 0
    [row] = data["checks"]
    assert row["derivation"] == "toy_cache" and row["check"] == "square_matches" and row["result"] == "pass"
    assert set(row) >= {"kind", "reference", "worst_error", "seconds", "detail"}


def test_check_json_to_stdout_replaces_the_table(capsys, toy):
    assert cli.main(["check", "--jobs", "1", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["check"] for r in data["checks"]] == ["square_matches"]


def test_qsym_check_exits_nonzero_and_names_the_failing_check(capsys, toy):
    module, edit = toy
    edit("x**2 + 2 * x + 1", "x**2 + 3 * x + 1")  # break the printed formula
    assert cli.main(["check", "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    assert "square_matches" in out and "FAIL" in out and "0 passed, 1 failed" in out


def test_check_rejects_zero_jobs(toy, capsys):
    assert cli.main(["check", "--jobs", "0"]) == 2
    assert "--jobs must be >= 1" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------
# the build cache
# ------------------------------------------------------------------------------------------

def test_show_is_served_from_the_cache_the_second_time(capsys, toy, monkeypatch):
    module, _ = toy
    assert cli.main(["show", "toy_cache"]) == 0
    first = capsys.readouterr().out
    assert len(cache.entries()) == 1
    registry._BUILT.clear()
    monkeypatch.setattr(module, "build", lambda: pytest.fail("rebuilt although the cache is fresh"))
    assert cli.main(["show", "toy_cache"]) == 0
    assert capsys.readouterr().out == first


def test_editing_a_derivation_invalidates_its_cache_entry(capsys, toy):
    _, edit = toy
    assert cli.main(["show", "toy_cache"]) == 0
    assert "square" in capsys.readouterr().out
    edit('d.derive("square"', 'd.derive("square_of_x_plus_one"')
    assert cli.main(["show", "toy_cache"]) == 0
    out = capsys.readouterr().out
    assert "square_of_x_plus_one" in out.replace("\\_", "_").replace("\\allowbreak{}", "")  # not the stale entry


def test_a_corrupt_cache_entry_is_rebuilt_with_a_warning(capsys, toy):
    assert cli.main(["show", "toy_cache"]) == 0
    good = capsys.readouterr().out
    [entry] = cache.entries()
    entry.write_bytes(b"not a pickle")
    registry._BUILT.clear()
    with pytest.warns(RuntimeWarning, match="unreadable build-cache entry"):
        assert cli.main(["show", "toy_cache"]) == 0
    assert capsys.readouterr().out == good
    assert len(cache.entries()) == 1


def test_no_cache_neither_reads_nor_writes_the_cache(capsys, toy):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cli.main(["show", "toy_cache", "--no-cache"]) == 0
    assert cache.entries() == []


def test_cache_clear_empties_the_cache(capsys, toy, isolated_cache):
    assert cli.main(["show", "toy_cache"]) == 0
    assert cache.entries()
    assert cli.main(["cache", "clear"]) == 0
    assert "removed 1 build-cache entry" in capsys.readouterr().out
    assert cache.entries() == []


def test_a_cached_derivation_cannot_run_its_checks(toy):
    assert cli.main(["list"]) == 0
    registry._BUILT.clear()
    cached = registry.load("toy_cache")
    [(check, result, _)] = cached.run_checks()
    assert not result.passed and "build cache" in result.detail


def test_cache_key_covers_the_derivation_the_framework_and_sympy():
    files = cache.source_files("derivations.bhz_decoherence")
    package = {p.name for p in files if p.parent.name == "bhz_decoherence"}
    assert {"__init__.py", "model.py", "rates.py", "kernels.py", "figures.py"} <= package
    assert cache.key("derivations.bhz_decoherence") != cache.key("derivations.localization")
