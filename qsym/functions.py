"""SymPy functions that have a numeric counterpart, and say so themselves.

A :class:`RuntimeFunction` knows its derivative, its explicit form (``rewrite(sympy.exp)``,
used for series and evaluation), its LaTeX form (``_latex``), how the code generator prints
it (``_numpycode``: by default ``runtime.<runtime_name>(...)``) and how mpmath evaluates it
(``mpmath_function``). No table of names is kept anywhere: a derivation defines its own
functions by subclassing (the helical-edge derivation's ``Ic``, ``Is``), and
:func:`mpmath_namespace` collects the implementations from the expression at hand.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps

__all__ = ["RuntimeFunction", "fermi", "fermi_window", "mpmath_namespace", "mpmath_modules"]


class RuntimeFunction(sp.Function):
    """Base of SymPy functions evaluated numerically by generated code and by mpmath.

    Subclasses set ``runtime_name`` (the function of :mod:`qsym.runtime` generated code
    calls) or override ``_numpycode``, and implement ``mpmath_function`` (a static method
    evaluating the function at mpmath numbers).
    """

    runtime_name: str | None = None

    @staticmethod
    def mpmath_function(*args):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def _numpycode(self, printer):
        if self.runtime_name is None:
            raise NotImplementedError(f"{type(self).__name__} says neither runtime_name nor _numpycode")
        return "runtime.%s(%s)" % (self.runtime_name, ", ".join(printer._print(a) for a in self.args))


def mpmath_namespace(expr) -> dict:
    """``{name: mpmath implementation}`` for every :class:`RuntimeFunction` in ``expr`` (an
    expression, matrix, tuple or dict of them), for ``sympy.lambdify``."""
    found = {}

    def walk(e):
        if isinstance(e, dict):
            for v in e.values():
                walk(v)
        elif isinstance(e, (tuple, list)):
            for v in e:
                walk(v)
        else:
            for f in sp.sympify(e).atoms(sp.Function):
                if isinstance(f, RuntimeFunction):
                    found[type(f).__name__] = type(f).mpmath_function

    walk(expr)
    return found


def mpmath_modules(expr) -> list:
    """``modules=`` for ``sympy.lambdify`` evaluating ``expr`` with mpmath."""
    return [mpmath_namespace(expr), "mpmath"]


class fermi(RuntimeFunction):
    r"""Fermi-Dirac occupation :math:`f(x) = 1/(e^{x/k_BT} + 1)`; arguments ``(x, kT)``.

    ``x`` is the energy measured from the chemical potential. At ``kT = 0`` it is the step
    function (1/2 at x = 0), which is what :func:`qsym.runtime.fermi` returns.
    """

    nargs = 2
    is_real = True
    runtime_name = "fermi"

    def fdiff(self, argindex=1):
        x, kT = self.args
        if argindex == 1:
            return -fermi_window(x, kT)
        if argindex == 2:
            return x / kT * fermi_window(x, kT)
        raise sp.ArgumentIndexError(self, argindex)

    def _eval_rewrite_as_exp(self, x, kT, **kwargs):
        return 1 / (sp.exp(x / kT) + 1)

    def _eval_evalf(self, prec):
        x, kT = self.args
        if not (x.is_number and kT.is_number):
            return None
        if kT == 0:
            return sp.Float(0 if x > 0 else (1 if x < 0 else 0.5), prec_to_dps(prec))
        return sp.N(self.rewrite(sp.exp), prec_to_dps(prec))

    def _latex(self, printer, exp=None):
        x, kT = self.args
        tex = r"f\!\left(%s\right)" % printer._print(x)
        return tex if exp is None else r"%s^{%s}" % (tex, exp)

    @staticmethod
    def mpmath_function(x, kT):
        if kT == 0:
            return mpmath.mpf(0) if x > 0 else (mpmath.mpf(1) if x < 0 else mpmath.mpf(0.5))
        return 1 / (mpmath.exp(x / kT) + 1)


class fermi_window(RuntimeFunction):
    r"""Thermal window :math:`-\partial_x f = 1/(4 k_BT \cosh^2(x/2k_BT))`; arguments ``(x, kT)``."""

    nargs = 2
    is_real = True
    runtime_name = "fermi_window"

    def _eval_rewrite_as_exp(self, x, kT, **kwargs):
        return sp.exp(x / kT) / (kT * (sp.exp(x / kT) + 1) ** 2)

    def _eval_evalf(self, prec):
        x, kT = self.args
        if not (x.is_number and kT.is_number):
            return None
        if kT == 0:
            return sp.Float(0, prec_to_dps(prec))
        return sp.N(1 / (4 * kT * sp.cosh(x / (2 * kT)) ** 2), prec_to_dps(prec))

    def _latex(self, printer, exp=None):
        x, kT = self.args
        tex = r"\left(-f'\!\left(%s\right)\right)" % printer._print(x)
        return tex if exp is None else r"%s^{%s}" % (tex, exp)

    @staticmethod
    def mpmath_function(x, kT):
        if kT == 0:
            return mpmath.mpf(0)
        return 1 / (4 * kT * mpmath.cosh(x / (2 * kT)) ** 2)
