"""Prose reads as a physicist writes it: mathematics in ``$...$`` spans that render in LaTeX,
HTML and notebooks and read as Unicode in a terminal, never as ASCII (``E_k = sqrt(...)``)."""

import pytest

from qsym import registry
from qsym.document import Boxed, Paragraph, SymbolTable, blocks, document, to_text
from qsym.prose import ascii_math, plain, unit_latex

NAMES = registry.names()


def _prose(items) -> list[str]:
    out = []
    for b in items:
        if isinstance(b, Paragraph):
            out += [b.text, b.lead]
        elif isinstance(b, SymbolTable):
            out += [m for _, m, _ in b.rows] + [u for _, _, u in b.rows]
        elif isinstance(b, Boxed):
            out += [b.title, b.text]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_no_document_writes_mathematics_in_ascii(name):
    found = {t[:80]: ascii_math(t) for t in _prose(document(name)) if ascii_math(t)}
    assert not found, found


@pytest.mark.parametrize("text", [
    "E_k = sqrt(A^2 k^2 + (E^-_k)^2)",
    "<k s +| i grad_k |k s ->",
    "Theta' = -(d cos Theta/dk)/sin Theta",
    "the bands are eta E_k",
    "units eV nm^2",
    "lambda -> 0",
])
def test_ascii_mathematics_is_found(text):
    assert ascii_math(text)


@pytest.mark.parametrize("text", [
    r"the bands are $\eta \mathcal{E}_k$, $\eta = \pm 1$",
    "a Fermi-surface form (by parts), in the model's `k_max` box",
    "Eq. (3) of paper 004, the 1-fold degenerate group",
])
def test_mathematics_in_spans_and_plain_words_pass(text):
    assert ascii_math(text) == []


def test_terminal_text_renders_mathematics_in_unicode():
    assert plain(r"the bands are $\eta E_k$, $\eta = \pm 1$") == "the bands are η E_k, η = ±1"
    assert plain(r"$\sqrt{A^{2} k^{2}} \to \hbar v$") == "√(A^2 k^2) → ħ v"
    assert plain(r"$\frac{1}{2} \langle S_x\rangle$ in `qsym show`") == "1/2 ⟨S_x⟩ in `qsym show`"


def test_units_print_as_mathematics():
    assert unit_latex("eV nm^2") == r"$\mathrm{eV}\,\mathrm{nm}^{2}$"
    assert unit_latex("nm$^2$/eV") == r"$\mathrm{nm}^2/\mathrm{eV}$"
    assert unit_latex("hbar^2/2m*") == r"$\hbar^{2}/2m^*$"
    assert unit_latex("-") == "--"
    assert plain(unit_latex("eV^-1 nm^-2")) == "eV^-1 nm^-2"


def test_a_terminal_document_has_no_latex_in_its_prose(derivation):
    text = to_text(blocks(derivation("bhz_decoherence")))
    prose = [line for line in text.splitlines() if line and not line.startswith("    ")]
    assert prose and not [line for line in prose if "\\" in line or "$" in line][:3]


def test_accents_and_operator_names_survive_in_a_terminal():
    """eta-bar is not eta: a terminal shows the accent as a combining character."""
    assert plain(r"$\bar\eta = -\eta$") == "η\u0304 = -η"
    assert plain(r"$\cos\Theta_k$ and $\hat{\mathbf d}$") == "cos Θ_k and d\u0302"
