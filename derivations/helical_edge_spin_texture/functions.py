"""The paper's Ic and Is (below Eq. 14) as SymPy functions.

Each knows its value at 0, its LaTeX form, how mpmath evaluates it (the rotated contour
e = exp(i pi/4) t: no oscillation, Gaussian decay) and how generated code evaluates it: the
real or imaginary part of the phase integral ``_sech2_phase_integral`` that the derivation's
:class:`~qsym.codegen.observables.PhaseIntegral` spec defines.
"""

from __future__ import annotations

import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps

from qsym.functions import RuntimeFunction

__all__ = ["Ic", "Is", "PHASE_INTEGRAL", "mp_phase_integral"]

#: Name of the phase-integral spec whose real and imaginary parts are Ic and Is.
PHASE_INTEGRAL = "sech2_phase_integral"


def mp_phase_integral(x):
    r""":math:`\int_0^\infty e^{ixe^2}\mathrm{sech}^2 e\,de` with mpmath at the working precision,
    on the rotated contour :math:`e = e^{i\pi/4} t` (no oscillation, Gaussian decay)."""
    x = mpmath.mpf(x)
    if x < 0:
        raise ValueError(f"Ic/Is: x must be >= 0; got {x}")
    w = mpmath.expjpi(mpmath.mpf(1) / 4)
    cuts = [0] + [mpmath.mpf(2) ** k for k in range(-4, 7)]
    return mpmath.quad(lambda t: w * mpmath.exp(-x * t * t) / mpmath.cosh(w * t) ** 2, cuts)


class _PhaseIntegralPart(RuntimeFunction):
    nargs = 1
    is_real = True
    _part = "real"
    _symbol = "I"

    def _eval_evalf(self, prec):
        (x,) = self.args
        if not x.is_number:
            return None
        with mpmath.workprec(prec + 20):
            value = mp_phase_integral(sp.Float(x, prec_to_dps(prec) + 10)._to_mpmath(prec + 20))
            part = value.real if self._part == "real" else value.imag
        return sp.Float(part, prec_to_dps(prec))

    def _eval_is_finite(self):
        return True

    def _numpycode(self, printer):
        return "numpy.%s(_%s(%s))" % (self._part, PHASE_INTEGRAL, printer._print(self.args[0]))

    def _latex(self, printer, exp=None):
        base = r"%s\!\left(%s\right)" % (self._symbol, printer._print(self.args[0]))
        return base if exp is None else r"%s^{%s}" % (base, exp)


class Ic(_PhaseIntegralPart):
    r""":math:`I_c(x) = \int_0^\infty \cos(x e^2)/\cosh^2 e\,de` (x >= 0); ``Ic(0) = 1``."""

    _part = "real"
    _symbol = "I_c"

    @classmethod
    def eval(cls, x):
        if x == 0:
            return sp.Integer(1)

    @staticmethod
    def mpmath_function(x):
        return mp_phase_integral(x).real


class Is(_PhaseIntegralPart):
    r""":math:`I_s(x) = \int_0^\infty \sin(x e^2)/\cosh^2 e\,de` (x >= 0); ``Is(0) = 0``."""

    _part = "imag"
    _symbol = "I_s"

    @classmethod
    def eval(cls, x):
        if x == 0:
            return sp.Integer(0)

    @staticmethod
    def mpmath_function(x):
        return mp_phase_integral(x).imag
