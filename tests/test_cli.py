"""The command line as a user runs it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def qsym(*args):
    return subprocess.run([sys.executable, "-m", "qsym", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_list_shows_steps_checks_and_kernels():
    res = qsym("list")
    assert res.returncode == 0
    assert "bhz_decoherence" in res.stdout
    assert "sigma_parallel_integrand" in res.stdout and "eq6_from_eq5" in res.stdout
    assert "eq10_spin_factor" in res.stdout


def test_show_tags_steps_with_equation_numbers():
    res = qsym("show", "bhz_decoherence")
    assert res.returncode == 0
    assert r"\begin{align}" in res.stdout
    assert r"\tag{3}" in res.stdout and r"\tag{derived, cf. 6}" in res.stdout and r"\tag{check: 6}" in res.stdout
    assert "[state]" in res.stdout and "[derive]" in res.stdout


def test_standalone_latex_compiles(tmp_path):
    res = qsym("show", "bhz_decoherence", "--standalone")
    assert res.stdout.startswith(r"\documentclass")
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not installed")
    tex = tmp_path / "bhz.tex"
    tex.write_text(res.stdout)
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "bhz.pdf").exists()


def test_unknown_derivation_is_a_clear_error():
    res = qsym("show", "no_such_paper")
    assert res.returncode != 0 and "no derivation named 'no_such_paper'" in res.stderr


def test_figure_writes_pngs(tmp_path):
    pytest.importorskip("matplotlib")
    res = qsym("figure", "bhz_decoherence", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    for n in (2, 3, 4):
        png = tmp_path / f"bhz_decoherence_fig{n}.png"
        assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"
