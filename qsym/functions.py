"""Symbolic functions that have a numeric counterpart in :mod:`qsym.runtime`.

Each class here knows its derivative, its explicit form (``rewrite(sympy.exp)``, used for
series and for mpmath evaluation), its LaTeX form and the runtime function the code
generator prints it as.
"""

from __future__ import annotations

import sympy as sp
from mpmath.libmp import prec_to_dps

__all__ = ["fermi", "fermi_window", "Ic", "Is", "MPMATH_FUNCTIONS"]


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


def _mp_phase_integral(x):
    r""":math:`\int_0^\infty e^{ixe^2}\mathrm{sech}^2 e\,de` with mpmath at the working precision,
    on the rotated contour :math:`e = e^{i\pi/4} t` (no oscillation, Gaussian decay)."""
    import mpmath

    x = mpmath.mpf(x)
    if x < 0:
        raise ValueError(f"Ic/Is: x must be >= 0; got {x}")
    w = mpmath.expjpi(mpmath.mpf(1) / 4)
    cuts = [0] + [mpmath.mpf(2) ** k for k in range(-4, 7)]
    return mpmath.quad(lambda t: w * mpmath.exp(-x * t * t) / mpmath.cosh(w * t) ** 2, cuts)


class _PhaseIntegralPart(sp.Function):
    nargs = 1
    is_real = True
    _part = "real"

    def _eval_evalf(self, prec):
        (x,) = self.args
        if not x.is_number:
            return None
        import mpmath

        with mpmath.workprec(prec + 20):
            value = _mp_phase_integral(sp.Float(x, prec_to_dps(prec) + 10)._to_mpmath(prec + 20))
            part = value.real if self._part == "real" else value.imag
        return sp.Float(part, prec_to_dps(prec))

    def _eval_is_finite(self):
        return True


class Ic(_PhaseIntegralPart):
    r""":math:`I_c(x) = \int_0^\infty \cos(x e^2)/\cosh^2 e\,de` (x >= 0); ``Ic(0) = 1``.

    Numerically evaluated with mpmath on the rotated contour; the generated kernels use the
    series, quadrature and asymptotic forms derived in :mod:`qsym.fermi_integrals`.
    """

    _part = "real"

    @classmethod
    def eval(cls, x):
        if x == 0:
            return sp.Integer(1)

    def _latex(self, printer, exp=None):
        base = r"I_c\!\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


class Is(_PhaseIntegralPart):
    r""":math:`I_s(x) = \int_0^\infty \sin(x e^2)/\cosh^2 e\,de` (x >= 0); ``Is(0) = 0``."""

    _part = "imag"

    @classmethod
    def eval(cls, x):
        if x == 0:
            return sp.Integer(0)

    def _latex(self, printer, exp=None):
        base = r"I_s\!\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)


def _mp_Ic(x):
    return _mp_phase_integral(x).real


def _mp_Is(x):
    return _mp_phase_integral(x).imag


#: Implementations for ``sympy.lambdify(..., modules=[MPMATH_FUNCTIONS, "mpmath"])``.
MPMATH_FUNCTIONS = {"fermi": _mp_fermi, "fermi_window": _mp_fermi_window, "Ic": _mp_Ic, "Is": _mp_Is}
