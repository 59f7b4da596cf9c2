"""LaTeX rendering of derivations (``qsym show``).

Printing is by dispatch: :class:`QsymLatexPrinter` subclasses SymPy's ``LatexPrinter``;
qsym's own functions carry ``_latex`` methods (see :mod:`qsym.functions`), and a
derivation's ``symbol_names`` go through the printer's standard ``symbol_names`` setting.
"""

from __future__ import annotations

from sympy.printing.latex import LatexPrinter

from .derivation import Check, Derivation

__all__ = ["QsymLatexPrinter", "latex", "render"]


class QsymLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with qsym's defaults (``i`` for the imaginary unit, Im/Re
    upright)."""

    _default_settings = {
        **LatexPrinter._default_settings,
        "imaginary_unit": "ri",
    }

    def _print_im(self, expr, exp=None):
        tex = r"\operatorname{Im}\left\{%s\right\}" % self._print(expr.args[0])
        return tex if exp is None else r"%s^{%s}" % (tex, exp)

    def _print_re(self, expr, exp=None):
        tex = r"\operatorname{Re}\left\{%s\right\}" % self._print(expr.args[0])
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


def latex(expr, symbol_names: dict | None = None) -> str:
    """LaTeX for an expression or matrix, with a derivation's symbol names."""
    settings = {"symbol_names": symbol_names} if symbol_names else {}
    return QsymLatexPrinter(settings).doprint(expr)


def _escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("&", r"\&"), ("%", r"\%"),
                 ("#", r"\#"), ("$", r"\$"), ("{", r"\{"), ("}", r"\}"), ("^", r"\^{}")):
        text = text.replace(a, b) if a != "\\" else text
    return text


def _tag(step) -> str:
    ref = step.reference
    if isinstance(step, Check):
        return f"check: {ref.equation}" if ref.equation else "check"
    if step.kind == "derive":
        return f"derived, cf. {ref.equation}" if ref.equation else "derived"
    return ref.equation if ref.equation else "text"


def _line(step, names: dict) -> str:
    label = r"\text{\small[%s] \texttt{%s}}\quad " % (step.kind, _escape(step.name))
    if isinstance(step, Check):
        a, b = (_escape(x) for x in step.compares)
        body = r"&\text{compares \texttt{%s} with \texttt{%s}}" % (a, b)
    else:
        rhs = latex(step.expr, names)
        if step.lhs is not None:
            body = latex(step.lhs, names) + " &= " + rhs
        else:
            body = "&" + rhs
    return f"{label}{body} \\tag{{{_escape(_tag(step))}}}"


def render(derivation: Derivation, standalone: bool = False) -> str:
    """The derivation as LaTeX: one ``align`` line per step, tagged with its equation.

    With ``standalone=True`` the result is a complete document for pdflatex.
    """
    names = derivation.symbol_names
    out = [f"% {derivation.title}", f"% source: {derivation.source}", r"\begin{align}"]
    lines = []
    for step in derivation.steps:
        if step.doc:
            lines.append(f"% {step.name}: {' '.join(step.doc.split())}")
        lines.append(_line(step, names) + r" \\")
    if lines and lines[-1].endswith(r" \\"):
        lines[-1] = lines[-1][:-3]
    out += lines
    out.append(r"\end{align}")
    for e in derivation.errata:
        out += [
            f"% erratum {e.name}: {' '.join(e.note.split())}",
            r"\paragraph{Erratum, Eq.~(%s)} %s (evidence: \texttt{%s})"
            % (e.reference.equation, _escape(e.note), _escape(e.evidence)),
            r"\begin{align}",
            r"\text{printed:}\quad &" + latex(e.printed, names) + r" \notag\\",
            r"\text{derived:}\quad &" + latex(e.derived, names) + r" \notag",
            r"\end{align}",
        ]
    body = "\n".join(out)
    if not standalone:
        return body
    return "\n".join([
        r"\documentclass[10pt]{article}",
        r"\usepackage[a4paper,landscape,margin=1.5cm]{geometry}",
        r"\usepackage{amsmath,amssymb}",
        r"\allowdisplaybreaks",
        r"\begin{document}",
        r"\section*{%s}" % _escape(derivation.title),
        r"\noindent Source: %s. Steps are marked [define], [derive], [state] or [check]; "
        r"tags give the paper's equation numbers." % _escape(derivation.source),
        body,
        r"\end{document}",
        "",
    ])
