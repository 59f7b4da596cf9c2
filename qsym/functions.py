"""Symbolic functions that have a numeric counterpart in :mod:`qsym.runtime`.

Each class here knows its derivative, its explicit form (``rewrite(sympy.exp)``, used for
series and for mpmath evaluation), its LaTeX form and the runtime function the code
generator prints it as.
"""

from __future__ import annotations

import sympy as sp
from mpmath.libmp import prec_to_dps

__all__ = ["fermi", "fermi_window", "MPMATH_FUNCTIONS"]


class fermi(sp.Function):
    r"""Fermi-Dirac occupation :math:`f(x) = 1/(e^{x/k_BT} + 1)`; arguments ``(x, kT)``.

    ``x`` is the energy measured from the chemical potential. At ``kT = 0`` it is the step
    function (1/2 at x = 0), which is what :func:`qsym.runtime.fermi` returns.
    """

    nargs = 2
    is_real = True

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

    def _latex(self, printer):
        x, kT = self.args
        return r"f\!\left(%s\right)" % printer._print(x)


class fermi_window(sp.Function):
    r"""Thermal window :math:`-\partial_x f = 1/(4 k_BT \cosh^2(x/2k_BT))`; arguments ``(x, kT)``."""

    nargs = 2
    is_real = True

    def _eval_rewrite_as_exp(self, x, kT, **kwargs):
        return sp.exp(x / kT) / (kT * (sp.exp(x / kT) + 1) ** 2)

    def _eval_evalf(self, prec):
        x, kT = self.args
        if not (x.is_number and kT.is_number):
            return None
        if kT == 0:
            return sp.Float(0, prec_to_dps(prec))
        return sp.N(1 / (4 * kT * sp.cosh(x / (2 * kT)) ** 2), prec_to_dps(prec))

    def _latex(self, printer):
        x, kT = self.args
        return r"\left(-f'\!\left(%s\right)\right)" % printer._print(x)


def _mp_fermi(x, kT):
    import mpmath

    if kT == 0:
        return mpmath.mpf(0) if x > 0 else (mpmath.mpf(1) if x < 0 else mpmath.mpf(0.5))
    return 1 / (mpmath.exp(x / kT) + 1)


def _mp_fermi_window(x, kT):
    import mpmath

    if kT == 0:
        return mpmath.mpf(0)
    return 1 / (4 * kT * mpmath.cosh(x / (2 * kT)) ** 2)


#: Implementations for ``sympy.lambdify(..., modules=[MPMATH_FUNCTIONS, "mpmath"])``.
MPMATH_FUNCTIONS = {"fermi": _mp_fermi, "fermi_window": _mp_fermi_window}
