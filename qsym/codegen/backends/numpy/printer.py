"""The NumPy printer of generated code.

Printing is by dispatch: SymPy's own classes get ``_print_<Class>`` methods here; qsym's
functions (:class:`qsym.functions.RuntimeFunction` and a derivation's own subclasses) say how
they print through their ``_numpycode`` method, so this printer keeps no table of names.
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

__all__ = ["KernelPrinter"]


class KernelPrinter(NumPyPrinter):
    """NumPy printer for generated kernels; ``imports`` collects extra modules the printed
    code needs (e.g. ``scipy.special``)."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": True, "inline": True})
        self.imports: set[str] = set()

    def _print_polygamma(self, e):
        order, arg = e.args
        self.imports.add("scipy.special")
        if order == 0:
            return "scipy.special.psi(%s)" % self._print(arg)
        return "scipy.special.polygamma(%s, %s)" % (self._print(order), self._print(arg))

    def _fold(self, function: str, e) -> str:
        """``function(function(a, b), c)``: pairwise, so that scalar (parameter-only)
        arguments broadcast against arrays."""
        out = self._print(e.args[0])
        for a in e.args[1:]:
            out = "%s(%s, %s)" % (function, out, self._print(a))
        return out

    def _print_Max(self, e):
        return self._fold("numpy.maximum", e)

    def _print_Min(self, e):
        return self._fold("numpy.minimum", e)

    def _print_And(self, e):
        return self._fold("numpy.logical_and", e)

    def _print_Or(self, e):
        return self._fold("numpy.logical_or", e)

    def _print_Piecewise(self, e):
        # numpy.where chain, first condition outermost; the last condition must be True
        *pieces, (last_expr, last_cond) = e.args
        if last_cond != sp.true:
            raise ValueError("Piecewise in a kernel must end with a (value, True) branch")
        out = self._print(last_expr)
        for expr, cond in reversed(pieces):
            out = "numpy.where(%s, %s, %s)" % (self._print(cond), self._print(expr), out)
        return out
