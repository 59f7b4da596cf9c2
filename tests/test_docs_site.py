"""The documentation site builds with warnings as errors, and has what a physicist looks for:
the guide, a page per derivation and model, the API reference, the gallery, the literature and
the citation file. Building it runs every command the guide shows (the ``qsym-run``
directive fails the build if one fails); ``tests/test_readme.py`` runs its Python examples."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qsym import registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("sphinx", reason="the docs extra: pip install -e '.[docs]'")
    out = tmp_path_factory.mktemp("html")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS),
                          str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, (run.stderr + run.stdout)[-4000:]
    return out


def test_documentation_builds_with_warnings_as_errors_and_has_its_parts(site):
    for page in ("index.html", "guide/tour.html", "guide/own_model.html", "guide/lattice_models.html",
                 "guide/responses.html", "guide/sweeps.html", "guide/units_accuracy.html", "guide/performance.html",
                 "guide/adding_a_paper.html", "api/index.html", "api/qsym.model.responses.html",
                 "gallery/index.html", "literature.html", "cite.html", "derivations/index.html"):
        assert (site / page).is_file(), page
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax is served by the site itself"


def test_every_derivation_and_model_has_a_page_with_its_steps_as_mathematics(site):
    for name in registry.names():
        html = (site / "derivations" / f"{name}.html").read_text()
        assert "\\begin{align*}" in html and "Symbols" in html, name
        assert "<table" in html, name


def test_errata_are_boxed_on_their_pages(site):
    html = (site / "derivations" / "bhz_decoherence.html").read_text()
    assert re.search(r'class="[^"]*erratum[^"]*admonition|class="[^"]*admonition[^"]*erratum', html)
    assert "Erratum, Eq. (10)" in html


def test_the_gallery_shows_the_figures_of_the_papers_and_models(site):
    html = (site / "gallery" / "index.html").read_text()
    assert len(re.findall(r"<img ", html)) >= 20
    assert "bhz_decoherence_fig2" in html and "qi_wu_zhang_wilson_loop" in html


def test_counts_in_the_text_come_from_the_code(site):
    html = (site / "index.html").read_text()
    checks = sum(1 for n in registry.names() for s in registry.load(n).steps if s.kind == "check")
    assert f"{checks} checks" in html


def test_the_api_reference_documents_the_generated_kernels_with_units(site):
    html = (site / "api" / "generated.tilted_dirac.html").read_text()
    assert "berry_curvature_lower" in html and "nm^2" in html and "allowed:" in html


def test_shell_blocks_in_the_guide_are_only_set_up_commands():
    """Every command the guide shows with its output runs when the site is built (qsym-run);
    plain shell blocks are left for installing and testing, which the set-up itself runs."""
    allowed = ("python3 -m venv", "pip install", ".venv/bin/sphinx-build", "QSYM_WANNIERBERRI=1", "sphinx-build",
               ".venv/bin/python -m pytest")
    for page in DOCS.rglob("*.md"):
        for block in re.findall(r"^```(?:sh|bash|console)\n(.*?)^```", page.read_text(), flags=re.S | re.M):
            for line in block.strip().splitlines():
                assert line.startswith(allowed), f"{page.name}: not executed: {line}"
