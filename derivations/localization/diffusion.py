"""003: the diffusion constant from the velocity autocorrelation (Green-Kubo) and the return
probability of a diffusing particle."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult, symbolic_equal
from qsym.derivation import Derivation

from .symbols import (
    D, dim, l, t, tau, vF,
)


def diffusion(der: Derivation) -> None:
    """D = v_F l/d and P(t) = (4 pi D t)^(-d/2), each derived and checked."""
    # 1. Diffusion constant from the velocity autocorrelation (Green-Kubo)
    vv = der.define("velocity_autocorrelation", vF ** 2 * sp.exp(-t / tau),
                    lhs=sp.Symbol(r"\langle v(0)\cdot v(t)\rangle"),
                    doc="Isotropic elastic scattering: the velocity direction is randomized at rate "
                        r"$1/\tau$.")
    d_derived = der.derive("diffusion_constant", sp.integrate(vv, (t, 0, sp.oo)).subs(tau, l / vF) / dim,
                           lhs=D, doc=r"$D = (1/d) \int_0^{\infty} \langle v(0)\cdot v(t)\rangle\, dt$, with $l = v_F "
                                      r"\tau$.")
    d_stated = der.state("diffusion_constant_stated", vF * l / dim, lhs=D,
                         doc="003: '$D = v_F l / d$ in $d$ spatial dimensions'.")
    der.check("diffusion_constant_is_vF_l_over_d", lambda: symbolic_equal(d_derived, d_stated),
              compares=("diffusion_constant", "diffusion_constant_stated"))

    # 2. Return probability: diffusion propagator at r = 0 from its Fourier representation
    q1 = sp.Symbol("q", real=True)
    one_dim = sp.integrate(sp.exp(-D * q1 ** 2 * t), (q1, -sp.oo, sp.oo)) / (2 * sp.pi)
    p_derived = der.derive("return_probability", one_dim ** dim, lhs=sp.Symbol("P(t)"),
                           doc=r"$P(t) = \int d^d q/(2 \pi)^d \exp(-D q^{2} t)$: the d-fold product of 1D "
                               "Gaussian integrals.")
    p_stated = der.state("return_probability_stated", (4 * sp.pi * D * t) ** (-dim / 2), lhs=sp.Symbol("P(t)"),
                         doc=r"003: the return probability density $(4 \pi D t)^{-d/2}$; $1/(4 \pi D t)$ in "
                             "2D.")
    der.check("return_probability_is_4piDt_to_minus_d_over_2",
              lambda: symbolic_equal(sp.powsimp(p_derived, force=True), p_stated,
                                     simplifier=lambda z: sp.simplify(sp.powsimp(sp.expand_power_base(z, force=True), force=True))),
              compares=("return_probability", "return_probability_stated"))

    def heat_kernel_solves_diffusion():
        rr = sp.Symbol("rho", positive=True)
        K = (4 * sp.pi * D * t) ** (-dim / 2) * sp.exp(-rr ** 2 / (4 * D * t))
        lap = sp.diff(K, rr, 2) + (dim - 1) / rr * sp.diff(K, rr)
        res = sp.simplify((sp.diff(K, t) - D * lap) / K)
        norm = sp.integrate(sp.exp(-rr ** 2 / (4 * D * t)), (rr, -sp.oo, sp.oo)) ** 3 * (4 * sp.pi * D * t) ** sp.Rational(-3, 2)
        ok = res == 0 and sp.simplify(norm) == 1
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"(dK/dt - D lap K)/K = {res}; 3D normalization {sp.simplify(norm)}")

    der.check("return_probability_is_the_diffusion_kernel_at_the_origin", heat_kernel_solves_diffusion,
              compares=("return_probability_stated", "diffusion equation in d dimensions"))

