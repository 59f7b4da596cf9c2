"""The LaTeX printer of qsym (documents are assembled in :mod:`qsym.document`).

Printing is by dispatch: :class:`QsymLatexPrinter` subclasses SymPy's ``LatexPrinter``;
qsym's own functions carry ``_latex`` methods (see :mod:`qsym.functions`), and a
derivation's ``symbol_names`` go through the printer's standard ``symbol_names`` setting.
"""

from __future__ import annotations

from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter


__all__ = ["QsymLatexPrinter", "latex"]


class QsymLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with qsym's defaults (``i`` for the imaginary unit, Im/Re
    upright)."""

    _default_settings = {
        **LatexPrinter._default_settings,
        "imaginary_unit": "ri",
        "omit_function_arguments": False,
    }

    def _print_Function(self, expr, exp=None):
        """With ``omit_function_arguments``, an undefined function of plain symbols (a band
        quantity G(k_x, k_y, k_z)) prints as its name, as papers write G for G(k)."""
        if (self._settings["omit_function_arguments"] and isinstance(expr, AppliedUndef)
                and all(a.is_Symbol for a in expr.args)):
            name = self._hprint_Function(expr.func.__name__)
            return name if exp is None else r"{%s}^{%s}" % (name, exp)
        return super()._print_Function(expr, exp)

    def _print_Symbol(self, expr, style="plain"):
        """A symbol whose name is already LaTeX (a backslash, slash or bar in it,
        e.g. ``d\\sigma^\\parallel_L/dk``) prints verbatim: SymPy's name mangling would
        read ``_L/dk`` as one subscript."""
        name = expr.name
        if expr not in self._settings["symbol_names"] and any(c in name for c in "\\/|"):
            return name
        return super()._print_Symbol(expr, style)

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
