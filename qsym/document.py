"""A derivation as a document a physicist reads: prose, displayed mathematics, errata.

:func:`blocks` turns a derivation into a list of format-free blocks (heading, paragraph,
symbol table, equation, boxed erratum); :func:`to_latex` and :func:`to_markdown` print them
(``qsym show NAME [--standalone] [--format latex|markdown]``). Equations are displayed by
:mod:`qsym.display` (long sums broken, intermediate symbols, elision with a note).
"""

from __future__ import annotations

from dataclasses import dataclass

from .derivation import Check, Derivation
from .display import Row, display, explicit_form
from .latex import latex
from .prose import plain, unit_latex

__all__ = ["Heading", "Paragraph", "SymbolTable", "Equation", "Boxed", "blocks", "document", "to_latex", "to_markdown", "to_text",
           "render", "render_blocks", "FORMATS"]

#: The formats of :func:`render` (``qsym show --format``).
FORMATS = ("latex", "markdown", "text")
#: Rows of one symbol table before it continues in a second one (a plain ``tabular`` cannot
#: break across pages, and ``longtable`` needs a second pdflatex pass).
TABLE_ROWS = 22

KIND_WORDS = {"define": "Model input", "derive": "Derived", "state": "As printed in the paper", "check": "Check"}


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Prose; ``$...$`` spans are mathematics, everything else is text."""

    text: str
    lead: str = ""   # a bold lead-in (the step's kind and name)


@dataclass(frozen=True)
class SymbolTable:
    rows: tuple          # (LaTeX symbol, meaning, units)


@dataclass(frozen=True)
class Equation:
    rows: tuple          # of display.Row
    tag: str = ""


@dataclass(frozen=True)
class Boxed:
    """A boxed paragraph (an erratum) with its equations."""

    title: str
    text: str
    equations: tuple     # of Equation


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith((".", ":", "?", "!")) else text + "."


def _source_sentence(source: str) -> str:
    """"Paper: ..." with the papers' file names as code (``000_93cf....txt``)."""
    import re

    return _sentence("Paper: " + re.sub(r"(?<![`\w])([\w.-]+\.txt)\b", r"`\1`", source))


def _tag(step) -> str:
    ref = step.reference
    if isinstance(step, Check):
        return f"check: {ref.equation}" if ref.equation else "check"
    if step.kind == "derive":
        return f"derived, cf. {ref.equation}" if ref.equation else "derived"
    return ref.equation or ""


def _check_sentence(check: Check) -> str:
    a, b = check.compares
    eq = f"Eq. ({check.reference.equation}): " if check.reference.equation else ""
    lead = f"{eq}`{a}` is compared with `{b}`"
    return _sentence(lead + (". " + check.doc if check.doc else ""))


def _step_blocks(d: Derivation, step) -> list:
    if isinstance(step, Check):
        return [Paragraph(_check_sentence(step), lead=f"Check `{step.name}`.")]
    expr, explicit = step.expr, None
    if step.kind == "derive" and getattr(d, "explicit_forms", None):
        explicit = explicit_form(expr, d.explicit_forms)
        if explicit is not None and len(latex(explicit, d.symbol_names)) < 0.8 * len(latex(expr, d.symbol_names)):
            expr = explicit
        else:
            explicit = None
    shown = display(expr, latex(step.lhs, d.symbol_names) if step.lhs is not None else "",
                    symbol_names=d.symbol_names, order=getattr(step, "order", None))
    text = _sentence(step.doc) if step.doc else ""
    if explicit is not None:
        text += " Shown in the model's own functions of $k$ (the step's expression keeps $d_a$ and its derivatives)."
    if shown.note:
        text = (text + " " if text else "") + f"({_sentence(shown.note)[:-1]}.)"
    out = [Paragraph(text, lead=f"{KIND_WORDS[step.kind]}: `{step.name}`.")]
    out.append(Equation(tuple(shown.rows), _tag(step)))
    return out


def document(name: str) -> list:
    """The blocks of the registered derivation ``name``, from the build cache when its sources
    have not changed (printing a large derivation's LaTeX takes seconds)."""
    from . import cache, registry

    d = registry.load(name)                 # (a corrupt build-cache entry is rebuilt, with a warning)
    mod = registry.module(name)
    if hasattr(mod, "__qsym_file__"):      # a model file outside the repository: not cached
        return blocks(d)
    return cache.artifact(name, mod, "document", lambda: blocks(d))


def blocks(d: Derivation) -> list:
    """The document of a derivation: opening (paper, model, units, conventions, symbols),
    then every step with its sentence and display, then the errata, boxed."""
    out: list = [Heading(d.title, 0), Paragraph(_source_sentence(d.source))]
    if d.intro:
        out.append(Paragraph(_sentence(d.intro), lead="Model, units and conventions."))
    if d.glossary:
        rows = tuple((sym, meaning, unit_latex(unit)) for sym, meaning, unit in d.glossary)
        out += [Heading("Symbols", 2), SymbolTable(rows)]
    out.append(Paragraph("Each step is model input, a result derived by qsym, or a formula as printed "
                         "in the paper; tags give the paper's equation numbers, and checks compare two "
                         "independently obtained results (run them with `qsym check`). Band quantities "
                         "are written without their arguments ($G$ for $G(k_x, k_y)$).",
                         lead="Reading guide."))
    out.append(Heading("Derivation", 1))
    for step in d.steps:
        out += _step_blocks(d, step)
    if d.errata:
        out.append(Heading("Errata", 1))
    for e in d.errata:
        printed = display(e.printed, r"\text{printed}", symbol_names=d.symbol_names)
        derived = display(e.derived, r"\text{derived}", symbol_names=d.symbol_names)
        eq = e.reference.equation
        out.append(Boxed(f"Erratum, Eq. ({eq})" if eq else "Erratum",
                         _sentence(e.note) + f" Evidence: check `{e.evidence}`; the kernels use the derived form.",
                         (Equation(tuple(printed.rows)), Equation(tuple(derived.rows)))))
    return out


# -- LaTeX ---------------------------------------------------------------------------------
_TEXT_ESCAPES = (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#"), ("_", r"\_"),
                 ("{", r"\{"), ("}", r"\}"), ("^", r"\^{}"), ("~", r"\~{}"), ("<", r"\textless{}"),
                 (">", r"\textgreater{}"), ("|", r"\textbar{}"))


def escape_text(text: str) -> str:
    """Plain text for LaTeX text mode (no raw ``<``, ``>``, ``_``, ...)."""
    out = []
    for ch in text:
        out.append(next((b for a, b in _TEXT_ESCAPES if a == ch), ch))
    return "".join(out)


#: Characters of a code span: the typewriter font has the ASCII glyphs, so they are taken by
#: their character code (``\textless`` would fall back to another font).
_CODE_ESCAPES = {**{c: "{\\char`\\%s}" % c for c in "<>|{}^~\\"}, "_": "\\_\\allowbreak{}", "&": "\\&",
                 "%": "\\%", "#": "\\#", "$": "\\$"}


def _latex_code(code: str) -> str:
    """A code span as typewriter words with ordinary (stretchable) spaces between them and
    break points after underscores, so that a long one never overflows the line."""
    return " ".join(r"\texttt{%s}" % "".join(_CODE_ESCAPES.get(c, c) for c in w) for w in code.split(" ") if w)


def _latex_inline(text: str) -> str:
    """Text with `code` spans as \\texttt and $math$ spans kept."""
    parts = text.split("$")
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append("$" + part + "$")
            continue
        code = part.split("`")
        out.append("".join(_latex_code(c) if m % 2 else escape_text(c) for m, c in enumerate(code)))
    return "".join(out)


def _latex_equation(eq: Equation, numbered: bool = True) -> str:
    lines = []
    for n, row in enumerate(eq.rows):
        tag = r"\tag{%s}" % escape_text(eq.tag) if (n == 0 and eq.tag and numbered) else r"\notag"
        rel = f" &{row.relation} " if row.relation else " & "
        lines.append(f"{row.lhs}{rel}{row.rhs} {tag}")
    return "\\begin{align}\n" + " \\\\\n".join(lines) + "\n\\end{align}"


def to_latex(items: list, standalone: bool = False) -> str:
    """LaTeX of the blocks; ``standalone``: a complete document for pdflatex."""
    out = []
    for b in items:
        if isinstance(b, Heading):
            cmd = {0: "section*", 1: "subsection*", 2: "subsubsection*"}[b.level]
            out.append("\\%s{%s}" % (cmd, escape_text(b.text)))
        elif isinstance(b, Paragraph):
            lead = r"\textbf{%s} " % _latex_inline(b.lead) if b.lead else ""
            out.append(r"\noindent " + lead + _latex_inline(b.text))
        elif isinstance(b, SymbolTable):
            rows = [r"$%s$ & %s & %s \\" % (s, _latex_inline(m), _latex_inline(u)) for s, m, u in b.rows]
            for n in range(0, len(rows), TABLE_ROWS):
                out.append("\\noindent\\begin{tabular}{lp{0.62\\textwidth}l}\n\\toprule\nsymbol & meaning & units "
                           "\\\\\n\\midrule\n" + "\n".join(rows[n:n + TABLE_ROWS]) + "\n\\bottomrule\n\\end{tabular}")
        elif isinstance(b, Equation):
            out.append(_latex_equation(b))
        elif isinstance(b, Boxed):
            eqs = "\n".join(_latex_equation(e, numbered=False) for e in b.equations)
            out.append("\\begin{center}\\fbox{\\begin{minipage}{0.95\\textwidth}\n\\textbf{%s.} %s\n%s\n"
                       "\\end{minipage}}\\end{center}" % (escape_text(b.title), _latex_inline(b.text), eqs))
    body = "\n\n".join(out)
    if not standalone:
        return body
    return "\n".join([
        r"\documentclass[10pt]{article}",
        r"\usepackage[a4paper,landscape,margin=1.5cm]{geometry}",
        r"\usepackage{amsmath,amssymb,booktabs}",
        r"\allowdisplaybreaks",
        r"\setlength{\parskip}{0.5ex}",
        r"\setlength{\emergencystretch}{3em}",
        r"\begin{document}",
        body,
        r"\end{document}",
        "",
    ])


# -- Markdown ------------------------------------------------------------------------------
def _markdown_equation(eq: Equation, myst: bool = False) -> str:
    if myst:        # MyST's amsmath blocks: the rows aligned and tagged as in the PDF
        lines = [f"{row.lhs} &{row.relation} {row.rhs}" + (r" \tag{%s}" % eq.tag if n == 0 and eq.tag else r" \notag")
                 for n, row in enumerate(eq.rows)]
        return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"
    lines = [f"{row.lhs} &{row.relation} {row.rhs}" if row.relation else f"{row.lhs} & {row.rhs}" for row in eq.rows]
    tag = f"\\qquad\\text{{({eq.tag})}}" if eq.tag else ""
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}" + tag + "\n$$"


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def to_markdown(items: list, myst: bool = False) -> str:
    """Markdown with MathJax-ready ``$$`` blocks (GitHub, documentation sites, Jupyter);
    ``myst``: MyST for Sphinx (amsmath ``align*`` blocks with tags, errata as admonitions)."""
    out = []
    for b in items:
        if isinstance(b, Heading):
            out.append("#" * (b.level + 1) + " " + b.text)
        elif isinstance(b, Paragraph):
            out.append((f"**{b.lead}** " if b.lead else "") + b.text)
        elif isinstance(b, SymbolTable):
            out.append("| symbol | meaning | units |\n|---|---|---|\n"
                       + "\n".join(f"| ${_cell(s)}$ | {_cell(m)} | {_cell(u)} |" for s, m, u in b.rows))
        elif isinstance(b, Equation):
            out.append(_markdown_equation(b, myst))
        elif isinstance(b, Boxed) and myst:
            body = "\n\n".join([b.text] + [_markdown_equation(e, myst) for e in b.equations])
            out.append(f"````{{admonition}} {b.title}\n:class: erratum\n\n{body}\n````")
        elif isinstance(b, Boxed):
            body = "\n>\n".join("> " + line for line in [f"**{b.title}.** {b.text}"] +
                                [_markdown_equation(e).replace("\n", "\n> ") for e in b.equations])
            out.append(body)
    return "\n\n".join(out) + "\n"


def rows_of(items: list) -> list[Row]:
    """Every displayed row of a document (for the line-length test)."""
    out = []
    for b in items:
        eqs = [b] if isinstance(b, Equation) else (list(b.equations) if isinstance(b, Boxed) else [])
        for e in eqs:
            out += list(e.rows)
    return out


# -- plain text -----------------------------------------------------------------------------
def to_text(items: list) -> str:
    """The prose of the blocks for a terminal (:func:`qsym.prose.plain`: mathematics in
    Unicode); equations as their LaTeX rows, indented."""
    out = []
    for b in items:
        if isinstance(b, Heading):
            out.append(b.text + "\n" + "=-~"[min(b.level, 2)] * len(b.text))
        elif isinstance(b, Paragraph):
            out.append(plain((b.lead + " " if b.lead else "") + b.text))
        elif isinstance(b, SymbolTable):
            out.append("\n".join(f"  {plain('$' + s + '$'):<22} {plain(m)} [{plain(u)}]" for s, m, u in b.rows))
        elif isinstance(b, Equation):
            out.append("\n".join(f"    {r.lhs} {r.relation} {r.rhs}".rstrip() for r in b.rows)
                       + (f"    ({b.tag})" if b.tag else ""))
        elif isinstance(b, Boxed):
            out.append(plain(f"[{b.title}] {b.text}"))
    return "\n\n".join(out) + "\n"


def render(derivation: Derivation, standalone: bool = False, fmt: str = "latex") -> str:
    """The derivation as a document: ``fmt`` "latex" (``standalone``: a complete document
    for pdflatex, one pass), "markdown" (MathJax ``$$`` blocks, ``$...$`` inline) or "text"
    (a terminal: inline mathematics in Unicode)."""
    return render_blocks(blocks(derivation), standalone, fmt)


def render_blocks(items: list, standalone: bool = False, fmt: str = "latex") -> str:
    """:func:`render` of blocks already made (:func:`blocks`, :func:`document`)."""
    if fmt == "markdown":
        return to_markdown(items)
    if fmt == "text":
        return to_text(items)
    if fmt != "latex":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    return to_latex(items, standalone=standalone)
