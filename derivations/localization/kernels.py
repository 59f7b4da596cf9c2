"""Kernel specs of the localization derivation: WL/WAL corrections, HLN, alpha_L, and the
Hall conductances of Dirac cones and of the semimagnetic film."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, largest
from qsym.codegen.specs import Arg, Kernel, Option
from qsym.derivation import Derivation, Reference

from .symbols import (
    HLN_SERIES_BELOW, PAPER_HQH, TINY, B_phi, L, V0, alpha, bw, eF, l, m, r, u, v, x_ratio,
)


def interference_kernels(der: Derivation, wl_out: dict, hln_out: dict) -> None:
    """wl_correction (d = 1, 2, 3, both classes), hln and alpha_L."""
    ref_hqh = lambda eq=None: Reference(PAPER_HQH, eq)  # noqa: E731
    r_arg = Arg(r, "tau_phi_over_tau", "", "Phase-coherence time over elastic scattering time tau_phi/tau",
                lower=1.0, magnitude=(0.0, 1e15))
    l_arg = Arg(l, "mean_free_path", "nm", "Elastic mean free path l (1D and 3D only)", lower=0.0,
                lower_open=True, magnitude=(1e-3, 1e9), keyword_only=True, optional=True)
    symp = wl_out["symplectic"]
    wl = wl_out["wl"]
    dims, classes = (1, 2, 3), ("orthogonal", "symplectic")
    both = der.derive("wl_correction_by_dimension_and_class",
                      sp.Matrix([[wl[d], sp.expand(symp * wl[d])] for d in dims]),
                      lhs=sp.Symbol(r"\delta\sigma_{dD}^{\rm orth,\,symp}"),
                      doc="Rows $d = 1$, 2, 3; columns orthogonal (WL) and symplectic (WAL, the symplectic "
                          "factor $-1/2$ times the orthogonal correction).")
    table = {(d, c): both[i, j] for i, d in enumerate(dims) for j, c in enumerate(classes)}
    der.kernel(Kernel(
        "wl_correction", (r_arg, l_arg), table,
        "e^2/h (2D); e^2/h x nm (1D, conductance x length); e^2/(h nm) (3D)",
        "Weak-localization (orthogonal) or antilocalization (symplectic) correction to the conductivity, "
        "spin-degenerate.", Reference("derived"),
        options=(Option("dim", (1, 2, 3), "Dimension of the diffusion", keyword_only=True),
                 Option("symmetry", ("orthogonal", "symplectic"), "Symmetry class: orthogonal (WL) or "
                        "symplectic (WAL, strong spin-orbit)", keyword_only=True)),
        step="wl_correction_by_dimension_and_class"))

    # HLN: alpha/pi * F(|B|/B_phi), series below the threshold, psi - ln above
    Bsym = sp.Symbol("B_field", real=True)
    uu = sp.Abs(Bsym) / B_phi
    series = hln_out["series"]
    w = sp.Symbol("w", nonnegative=True)  # u^2: the series is even; Horner form in u^2
    small = sp.horner(sp.expand(series).subs(u, sp.sqrt(w)), w).subs(w, sp.Min(uu, HLN_SERIES_BELOW) ** 2)
    big = hln_out["F_u"].subs(u, sp.Max(uu, HLN_SERIES_BELOW))
    hln_expr = alpha / sp.pi * sp.Piecewise((small, uu < HLN_SERIES_BELOW), (big, True))
    der.kernel(Kernel(
        "hln", (Arg(Bsym, "B", "T", "Perpendicular magnetic field (the result is even in B)", magnitude=(0.0, 1e4)),
                Arg(B_phi, "B_phi", "T", "Dephasing field hbar/(4 e L_phi^2)", lower=0.0, lower_open=True,
                    keyword_only=True, magnitude=(1e-12, 1e4)),
                Arg(alpha, "alpha", "", "Prefactor: +1 weak localization, -1/2 per symplectic channel "
                    "(e.g. one Dirac surface)", keyword_only=True, magnitude=(0.0, 1e3))),
        hln_expr, "e^2/h",
        "Hikami-Larkin-Nagaoka magnetoconductance sigma(B) - sigma(0) of a 2D film.",
        Reference("derived"), step="hln_stated", step_map={x_ratio: B_phi / sp.Abs(Bsym)}, step_rtol=1e-14,
        step_ranges=({Bsym: (sp.Rational(-1, 60), sp.Rational(1, 60)), B_phi: (sp.Rational(1, 10), 2),
                      alpha: (-1, 1)},  # |B|/B_phi < 1/6: the series
                     {Bsym: (-3, 3), B_phi: (sp.Rational(1, 10), sp.Rational(1, 2)), alpha: (-1, 1)}),
        latex=r"\frac{\alpha}{\pi}\left[\psi\!\left(\tfrac12 + \tfrac{B_\phi}{|B|}\right) - \ln\tfrac{B_\phi}{|B|}\right]"
              r"\quad(\text{series in } |B|/B_\phi \text{ below } 1/6)"))

    a_ch, l_ch = sp.Symbol("alpha_s", real=True), sp.Symbol("l_s", positive=True)
    a_t, a_b = sp.symbols("alpha^t alpha^b", real=True)
    alpha_L_channel = {a_b: 0, a_t: a_ch, sp.Symbol("l^t", positive=True): l_ch}  # one channel of the step
    der.kernel(Kernel(
        "alpha_L", (Arg(L, "L", "nm", "System size", lower=0.0, lower_open=True, magnitude=(1e-3, 1e12)),
                    Arg(a_ch, "alphas", "", "Channel weights alpha^s", keyword_only=True, channel=True,
                        magnitude=(0.0, 1e3)),
                    Arg(l_ch, "ls", "nm", "Channel lengths l^s (inf: no Cooperon gap)", lower=0.0,
                        lower_open=True, keyword_only=True, channel=True, allow_infinite=True,
                        magnitude=(1e-3, 1e12))),
        a_ch / ((L / l_ch) ** 2 + 1), "dimensionless",
        "Scaling function alpha_L = (pi h/e^2) d sigma_qi/d ln L of 004 Eq. (12), summed over Cooperon channels.",
        ref_hqh("12"), step="alpha_L", step_map=alpha_L_channel))



def hall_kernels(der: Derivation, dirac: tuple, wilson, semi: dict) -> None:
    """The Hall conductances of massive, Wilson and semimagnetic cones, and Eq. (1)."""
    ref_hqh = lambda eq=None: Reference(PAPER_HQH, eq)  # noqa: E731
    in_gap, in_band, E_F = dirac
    eF_map = {E_F: sp.Max(sp.Abs(eF), TINY)}
    eF_arg = Arg(eF, "eF", "eV", "Fermi energy measured from the Dirac point", magnitude=(0.0, 1e3))
    dirac_kernel = (-m / (2 * sp.Max(sp.Abs(eF), sp.Abs(m), TINY)))
    der.check("dirac_kernel_form_equals_derived_piecewise",
              lambda: kernel_form_check(dirac_kernel, in_gap, in_band, E_F),
              compares=("-m / (2 max(|eF|, |m|))", "dirac_sigma_xy"), kernel="dirac_sigma_xy")
    der.kernel(Kernel(
        "dirac_sigma_xy", (eF_arg, Arg(m, "m", "eV", "Dirac mass", keyword_only=True, magnitude=(0.0, 1e3))),
        dirac_kernel, "e^2/h",
        "Intrinsic Hall conductance of a massive Dirac cone v k.sigma + m sigma_z at T = 0 "
        "(-sgn(m)/2 in the gap, -m/(2|eF|) in the bands; 0 at the gapless Dirac point).",
        ref_hqh(), latex=r"-\frac{m}{2\max(|\epsilon_F|, |m|)}", step="dirac_sigma_xy",
        checked_by="dirac_kernel_form_equals_derived_piecewise"))

    wilson = wilson.subs(eF_map)
    der.kernel(Kernel(
        "wilson_sigma_xy", (eF_arg, Arg(m, "m", "eV", "Dirac mass", keyword_only=True, magnitude=(0.0, 1e3)),
                            Arg(v, "v", "eV nm", r"Dirac velocity $\hbar v$", lower=0.0, lower_open=True,
                                keyword_only=True, magnitude=(1e-4, 1e3)),
                            Arg(bw, "b", "eV nm^2", "Wilson term (m - b k^2) sigma_z", nonzero=True,
                                keyword_only=True, magnitude=(0.0, 1e6))),
        wilson, "e^2/h",
        "Intrinsic Hall conductance of the Wilson-regularized cone v k.sigma + (m - b k^2) sigma_z at T = 0.",
        ref_hqh(), step="wilson_sigma_xy", step_map=eF_map))
    total = semi["total"].subs(eF_map)
    der.kernel(Kernel(
        "semimagnetic_sigma_xy", (eF_arg, Arg(V0, "V0", "eV", "Magnetic (Zeeman) gap of the top surface",
                                             keyword_only=True, magnitude=(0.0, 1e3)),
                                  Arg(v, "v", "eV nm", r"Dirac velocity $\hbar v$", lower=0.0, lower_open=True,
                                      keyword_only=True, magnitude=(1e-4, 1e3)),
                                  Arg(bw, "b", "eV nm^2", "Wilson term of the top cone (-b on the bottom)",
                                      nonzero=True, keyword_only=True, magnitude=(0.0, 1e6))),
        total, "e^2/h",
        "Hall conductance of a semimagnetic TI film: gapped top cone (mass V0, Wilson b) plus gapless "
        "bottom cone (Wilson -b), T = 0.", ref_hqh(), step="semimagnetic_sigma_xy", step_map=eF_map))
    sxy0, le = sp.Symbol("sigma_xy0", real=True), sp.Symbol("l_e", positive=True)
    finite_size_map = {sp.Symbol("sigma_xy^0"): sxy0, sp.Symbol("l_e"): le}
    der.kernel(Kernel(
        "finite_size_sigma_xy", (Arg(L, "L", "nm", "System size", lower=0.0, lower_open=True,
                                     magnitude=(1e-3, 1e12)),
                                 Arg(sxy0, "sigma_xy0", "e^2/h", "Thermodynamic-limit value", keyword_only=True,
                                     magnitude=(0.0, 1e3)),
                                 Arg(le, "l_e", "nm", "Characteristic length", lower=0.0, lower_open=True,
                                     keyword_only=True, magnitude=(1e-3, 1e12))),
        der["finite_size_hall"].expr.subs(finite_size_map), "e^2/h",
        "Finite-size Hall conductivity sigma_xy0 (1 - (l_e/L)^4).", ref_hqh("1"), step="finite_size_hall",
        step_map=finite_size_map))


def kernel_form_check(kernel_expr, in_gap, in_band, E_F) -> CheckResult:
    """The kernel's single closed form against the derived gap and band branches at random
    points of each regime (eF of both signs)."""
    rng = np.random.default_rng(5)
    errors = []
    for _ in range(40):
        mm = rng.uniform(-2, 2)
        for ef in (rng.uniform(-1, 1) * abs(mm), (1 + rng.uniform(0, 3)) * abs(mm) * rng.choice([-1, 1])):
            want = (in_gap if abs(ef) <= abs(mm) else in_band).subs({m: mm, E_F: abs(ef)})
            got = kernel_expr.subs({m: mm, eF: ef})
            errors.append(abs(float(want - got)))
    worst = largest(errors)
    at_origin = kernel_expr.subs({m: 0, eF: 0})
    ok = worst < 1e-15 and at_origin == 0
    return CheckResult(ok, "numeric", worst, f"80 points in gap and band: worst {worst:.1e}; (eF, m) = (0, 0): {at_origin}")
