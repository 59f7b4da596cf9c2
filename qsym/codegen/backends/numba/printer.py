"""The scalar printer of the numba backend: the NumPy printer with branches, comparisons and
logic on scalars (a conditional expression evaluates only the branch it takes)."""

from __future__ import annotations

import re

import sympy as sp

from ..numpy.printer import KernelPrinter

__all__ = ["ScalarPrinter", "compilable", "SCALAR_FUNCTIONS"]

#: What a compiled body may call: NumPy's scalar functions numba compiles to the C library's
#: (the same as NumPy's own ufunc loops up to rounding), and the scalar twins in
#: :mod:`qsym.runtime.jit`. A body calling anything else (SciPy, complex parts, the runtime of an
#: observable kind) stays NumPy.
SCALAR_FUNCTIONS = frozenset({
    "numpy.sqrt", "numpy.exp", "numpy.log", "numpy.sin", "numpy.cos", "numpy.tan", "numpy.arcsin",
    "numpy.arccos", "numpy.arctan", "numpy.arctan2", "numpy.sinh", "numpy.cosh", "numpy.tanh", "numpy.sign",
    "numpy.maximum", "numpy.minimum", "numpy.log1p", "numpy.expm1", "numpy.hypot", "numpy.floor", "numpy.ceil",
    "numpy.pi", "numpy.e", "numpy.inf", "abs", "runtime.fermi", "runtime.fermi_window",
})
_NAME = re.compile(r"(?<![\w.])([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)\s*\(|(?<![\w.])((?:numpy|runtime|scipy)\.[\w.]+)")

_KEYWORDS = frozenset({"if", "else", "and", "or", "not"})


class ScalarPrinter(KernelPrinter):
    """Prints a kernel body for scalar arguments inside a compiled loop."""

    def _print_Piecewise(self, e):
        *pieces, (last_expr, last_cond) = e.args
        if last_cond != sp.true:
            raise ValueError("Piecewise in a kernel must end with a (value, True) branch")
        out = self._print(last_expr)
        for expr, cond in reversed(pieces):
            out = f"({self._print(expr)} if {self._print(cond)} else {out})"
        return out

    def _print_Relational(self, e):
        return f"({self._print(e.lhs)} {e.rel_op} {self._print(e.rhs)})"

    def _print_And(self, e):
        return "(" + " and ".join(self._print(a) for a in e.args) + ")"

    def _print_Or(self, e):
        return "(" + " or ".join(self._print(a) for a in e.args) + ")"

    def _print_Not(self, e):
        return f"(not {self._print(e.args[0])})"


def compilable(lines: list[str], known: set[str]) -> str | None:
    """Why the printed ``lines`` of a body cannot be compiled (a name it calls that is neither
    in :data:`SCALAR_FUNCTIONS` nor a compiled private function in ``known``), or None."""
    for line in lines:
        if "1j" in line:
            return "complex arithmetic"
        for call, attribute in _NAME.findall(line):
            name = call or attribute
            if name not in SCALAR_FUNCTIONS and name not in known and name not in _KEYWORDS:
                return f"calls {name}"
    return None
