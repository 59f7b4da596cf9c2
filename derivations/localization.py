r"""Quantum interference in disordered conductors, and the half-quantized Hall metal.

Two sources, read top to bottom:

* ``shared/papers/003_988b8b2ee33f61d9.txt``, a text on weak localization in disordered
  metals. Its formulas were lost in extraction, so the results its text describes are
  derived here and compared with the standard printed forms (Lee & Ramakrishnan, Rev. Mod.
  Phys. 57, 287 (1985); Bergmann, Phys. Rep. 107, 1 (1984); Hikami, Larkin & Nagaoka, Prog.
  Theor. Phys. 63, 707 (1980); Evers & Mirlin, Rev. Mod. Phys. 80, 1355 (2008)).
* ``shared/papers/004_82d4a16ac7425b96.txt``, Bi, Fu & Shen, "Half-quantized Hall metal and
  marginal metal in disordered magnetic topological insulators": the scaling function
  alpha_L of its Eq. (12), the Hall conductance of single Dirac cones, and Eq. (1).

Part 1 (003): diffusion constant from the velocity autocorrelation; return probability of
a diffusing particle; the conductivity correction from the Cooperon return probability in
d = 1, 2, 3 (time domain and, independently, momentum space); the symplectic factor -1/2
from the spin of the time-reversed loop; the 3D ratio and the 2D beta function; the HLN
magnetoconductance from Landau-quantized Cooperons; Onsager parities of the Drude tensor.

Part 2 (004): alpha_L = (pi h/e^2) d sigma_qi / d ln L from Eq. (12); Berry curvature and
intrinsic Hall conductance of massive and Wilson-regularized Dirac cones; the semimagnetic
film (gapped top cone plus gapless bottom cone).

Conventions and units
---------------------
* Conductivities in e^2/h. In 2D sigma is a sheet conductance (e^2/h); in 1D the
  "conductivity" is conductance x length (e^2/h nm); in 3D e^2/(h nm). Lengths in nm,
  energies in eV, fields in tesla, v in eV nm, b in eV nm^2.
* WL sign: delta sigma < 0 is weak localization. The spin-degenerate orthogonal class has
  delta sigma = -(1/pi) ln(tau_phi/tau) in 2D (s = 2 spin states). Symplectic: x (-1/2).
* HLN: Delta sigma(B) = sigma(B) - sigma(0) = alpha (e^2/(pi h)) [psi(1/2 + B_phi/B) -
  ln(B_phi/B)], alpha = +1 for WL (orthogonal, spin-degenerate), -1/2 for WAL (symplectic).
* beta(g) = d ln g / d ln L with g the conductance per spin direction in e^2/h (the
  convention of Evers & Mirlin).
* Hall: electrons of charge -e; semiclassically j = -e sum f r-dot with
  r-dot = grad E/hbar - k-dot x Omega, hbar k-dot = -e E, which gives
  sigma_xy = -(e^2/h) sum_n int d^2k/(2 pi) f_n Omega_n, with Omega_n the Berry curvature
  of A = i<u|grad u> (``qsym.geometry.berry_curvature``). The Chern integral of a band is
  C_n = (1/2 pi) int d^2k Omega_n, so sigma_xy = -sum C (e^2/h) for filled bands.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from qsym.checks import largest, numeric_close, series_equal, symbolic_equal
from qsym.derivation import Arg, CheckResult, Derivation, Kernel, Option, Reference
from qsym.geometry import berry_curvature

NAME = "localization"
PAPER_WL = "003_988b8b2ee33f61d9.txt"
PAPER_HQH = "004_82d4a16ac7425b96.txt"

# ------------------------------------------------------------------------------------------
# Symbols
# ------------------------------------------------------------------------------------------
vF = sp.Symbol("v_F", positive=True)
l = sp.Symbol("l", positive=True)  # elastic mean free path
tau = sp.Symbol("tau", positive=True)
tau_phi = sp.Symbol("tau_phi", positive=True)
D = sp.Symbol("D", positive=True)
t = sp.Symbol("t", positive=True)
dim = sp.Symbol("d", positive=True, integer=True)
r = sp.Symbol("r", positive=True)  # tau_phi / tau
L_phi = sp.Symbol("L_phi", positive=True)
L = sp.Symbol("L", positive=True)
s_spin = sp.Integer(2)  # spin-degenerate electrons
gamma = sp.Symbol("gamma", positive=True)  # Cooperon decay rate
kF = sp.Symbol("k_F", positive=True)
sigma0 = sp.Symbol("sigma_0", positive=True)

# HLN
B = sp.Symbol("B", positive=True)
B_phi = sp.Symbol("B_phi", positive=True)
B_tr = sp.Symbol("B_tr", positive=True)
alpha = sp.Symbol("alpha", real=True)
e, hbar, h = sp.symbols("e hbar h", positive=True)
u = sp.Symbol("u", nonnegative=True)  # B / B_phi
x_ratio = sp.Symbol("x", positive=True)  # B_phi / B
Nlev = sp.Symbol("N", positive=True)

# Dirac cones
kx, ky = sp.symbols("k_x k_y", real=True)
k = sp.Symbol("k", nonnegative=True)
v = sp.Symbol("v", positive=True)
m, bw = sp.symbols("m b", real=True)
eF = sp.Symbol("epsilon_F", real=True)
V0 = sp.Symbol("V_0", real=True)

SYMBOL_NAMES = {vF: r"v_F", tau_phi: r"\tau_\phi", L_phi: r"L_\phi", B_phi: r"B_\phi",
                B_tr: r"B_{\rm tr}", eF: r"\epsilon_F", kF: r"k_F", sigma0: r"\sigma_0"}

#: Units of the d-dimensional conductivity correction.
WL_UNITS = {1: "e^2/h x nm (conductance x length)", 2: "e^2/h", 3: "e^2/(h nm)"}

#: Threshold in u = |B|/B_phi below which the HLN kernel uses its asymptotic series.
HLN_SERIES_BELOW = sp.Rational(1, 6)
#: Order of the truncated HLN series in u (even); the next term is ~1e-13 relative at the
#: threshold.
HLN_SERIES_ORDER = 28

#: Smallest positive normal double: a guard that keeps 0/0 out of the Dirac point.
TINY = sp.Float(2.2250738585072014e-308)


# ------------------------------------------------------------------------------------------
# Part 1: weak (anti)localization (003)
# ------------------------------------------------------------------------------------------

def _cooperon_time_integral(d: int):
    r"""int_0^oo P_d(t) (e^{-t/tau_phi} - e^{-t/tau}) dt, with P_d = (4 pi D t)^{-d/2}.

    Computed as int_{1/tau}^{1/tau_phi} d gamma d/d gamma int P e^{-gamma t} dt, whose inner
    integral converges at t = 0 in every d <= 3."""
    inner = sp.integrate(-t * (4 * sp.pi * D * t) ** sp.Rational(-d, 2) * sp.exp(-gamma * t),
                         (t, 0, sp.oo), conds="none")
    return sp.integrate(inner, (gamma, 1 / tau, 1 / tau_phi), conds="none")


def _cooperon_momentum_integral(d: int):
    r"""int d^dq/(2 pi)^d [1/(D q^2 + 1/tau_phi) - 1/(D q^2 + 1/tau)]: the same quantity from
    the Cooperon propagator in momentum space (radial integral in d dimensions), again as
    the integral over the decay rate gamma of d/d gamma 1/(D q^2 + gamma)."""
    q = sp.Symbol("q", positive=True)
    shell = {1: 2 / (2 * sp.pi), 2: 2 * sp.pi * q / (2 * sp.pi) ** 2, 3: 4 * sp.pi * q ** 2 / (2 * sp.pi) ** 3}[d]
    inner = sp.integrate(-shell / (D * q ** 2 + gamma) ** 2, (q, 0, sp.oo), conds="none")
    return sp.integrate(inner, (gamma, 1 / tau, 1 / tau_phi), conds="none")


def _sharp_time_integral(d: int):
    """int_tau^tau_phi P_d(t) dt: the sharp cutoffs of 003's text."""
    return sp.integrate((4 * sp.pi * D * t) ** sp.Rational(-d, 2), (t, tau, tau_phi))


def _in_r_and_l(expr, d: int):
    """Express a result in tau_phi/tau = r and the mean free path (D tau = l^2 / d)."""
    return sp.simplify(expr.subs(tau_phi, r * tau).subs(D, l ** 2 / (d * tau)))


def _wl_part(der: Derivation) -> dict:
    out = {}
    # 1. Diffusion constant from the velocity autocorrelation (Green-Kubo)
    vv = der.define("velocity_autocorrelation", vF ** 2 * sp.exp(-t / tau),
                    lhs=sp.Symbol(r"\langle v(0)\cdot v(t)\rangle"),
                    doc="Isotropic elastic scattering: the velocity direction is randomized at rate 1/tau.")
    d_derived = der.derive("diffusion_constant", sp.integrate(vv, (t, 0, sp.oo)).subs(tau, l / vF) / dim,
                           lhs=D, doc="D = (1/d) int_0^oo <v(0).v(t)> dt, with l = v_F tau.")
    d_stated = der.state("diffusion_constant_stated", vF * l / dim, lhs=D,
                         doc="003: 'D = v_F l / d in d spatial dimensions'.")
    der.check("diffusion_constant_is_vF_l_over_d", lambda: symbolic_equal(d_derived, d_stated),
              compares=("diffusion_constant", "diffusion_constant_stated"))

    # 2. Return probability: diffusion propagator at r = 0 from its Fourier representation
    q1 = sp.Symbol("q", real=True)
    one_dim = sp.integrate(sp.exp(-D * q1 ** 2 * t), (q1, -sp.oo, sp.oo)) / (2 * sp.pi)
    p_derived = der.derive("return_probability", one_dim ** dim, lhs=sp.Symbol("P(t)"),
                           doc="P(t) = int d^dq/(2 pi)^d exp(-D q^2 t): the d-fold product of "
                               "1D Gaussian integrals.")
    p_stated = der.state("return_probability_stated", (4 * sp.pi * D * t) ** (-dim / 2), lhs=sp.Symbol("P(t)"),
                         doc="003: the return probability density (4 pi D t)^(-d/2); 1/(4 pi D t) in 2D.")
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

    # 3. Conductivity correction from the Cooperon return probability
    der.define("wl_from_return_probability",
               -2 * s_spin * D * sp.Integral(sp.Symbol("P(t)") * (sp.exp(-t / tau_phi) - sp.exp(-t / tau)), (t, 0, sp.oo)),
               lhs=sp.Symbol(r"\delta\sigma"),
               doc="delta sigma = -(s e^2 D/(pi hbar)) int_0^oo dt P(t) [e^{-t/tau_phi} - e^{-t/tau}], "
                   "i.e. -2 s D int ... in e^2/h; s = 2 spin states. The Cooperon lives between tau and "
                   "tau_phi (003: 'from tau up to tau_phi'), cut off by exponential decay at both ends "
                   "(Chakravarty & Schmid, Phys. Rep. 140, 193 (1986)).")
    wl = {}
    for d in (1, 2, 3):
        raw = -2 * s_spin * D * _cooperon_time_integral(d)
        wl[d] = der.derive(f"wl_correction_{d}d", _in_r_and_l(raw, d),
                           lhs=sp.Symbol(rf"\delta\sigma_{{{d}D}}"),
                           doc=f"Orthogonal class, spin-degenerate, in {WL_UNITS[d]}; "
                               "r = tau_phi/tau, l the mean free path, L_phi^2 = D tau_phi = r l^2/d.")
        out[f"raw_{d}"] = raw

    def momentum_route():
        worst, lines = 0.0, []
        for d in (1, 2, 3):
            res = symbolic_equal(out[f"raw_{d}"], -2 * s_spin * D * _cooperon_momentum_integral(d),
                                 simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True)))
            lines.append(f"d={d}: {res.detail}")
            if not res.passed:
                return CheckResult(False, res.method, res.worst_error, "; ".join(lines))
        return CheckResult(True, "symbolic", worst, "; ".join(lines))

    der.check("return_probability_route_equals_momentum_space_cooperon", momentum_route,
              compares=("wl_correction_1d/2d/3d", "int d^dq/(2pi)^d Cooperon 1/(Dq^2 + 1/tau_phi)"))

    stated_2d = der.state("wl_correction_2d_stated", -sp.log(tau_phi / tau) / sp.pi, lhs=sp.Symbol(r"\delta\sigma_{2D}"),
                          doc="Standard: delta sigma = -(e^2/(pi h)) ln(tau_phi/tau) = -(e^2/(2 pi^2 hbar)) "
                              "ln(tau_phi/tau) (Bergmann 1984; Lee & Ramakrishnan 1985), in e^2/h.")
    der.check("wl_2d_is_minus_ln_tauphi_over_tau_over_pi",
              lambda: symbolic_equal(wl[2], stated_2d.subs(tau_phi, r * tau),
                                     simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True))),
              compares=("wl_correction_2d", "wl_correction_2d_stated"))
    # 1D and 3D: the standard forms fix the L_phi-dependent term (the l terms depend on the
    # short-time cutoff): 1D  -(e^2/(pi hbar)) L_phi = -2 L_phi e^2/h;
    # 3D  +(e^2/(2 pi^2 hbar)) / L_phi = +(1/pi)/L_phi e^2/h.
    stated_13 = {1: der.state("wl_correction_1d_stated_Lphi_term", -2 * L_phi, lhs=sp.Symbol(r"\delta\sigma_{1D}"),
                              doc="Standard 1D (wire) term: -(e^2/(pi hbar)) L_phi (Altshuler & Aronov 1985)."),
                 3: der.state("wl_correction_3d_stated_Lphi_term", 1 / (sp.pi * L_phi), lhs=sp.Symbol(r"\delta\sigma_{3D}"),
                              doc="Standard 3D term: +(e^2/(2 pi^2 hbar)) / L_phi (Altshuler & Aronov 1985); "
                                  "the 1/l term depends on the short-time cutoff.")}

    def l_phi_terms():
        lines = []
        for d in (1, 3):
            expr = wl[d].subs(r, d * L_phi ** 2 / l ** 2)
            # the L_phi-dependent part: expr minus its L_phi -> oo (3D) or l-only (1D) part
            lphi_part = sp.expand(expr) - sp.expand(expr).subs(L_phi, 0 if d == 1 else sp.oo)
            res = symbolic_equal(sp.simplify(lphi_part), stated_13[d])
            lines.append(f"d={d}: derived L_phi term {sp.simplify(lphi_part)}; {res.detail}")
            if not res.passed:
                return CheckResult(False, res.method, None, "; ".join(lines))
        return CheckResult(True, "symbolic", 0.0, "; ".join(lines))

    der.check("wl_1d_and_3d_lphi_terms_match_standard_forms", l_phi_terms,
              compares=("wl_correction_1d/3d", "wl_correction_1d/3d_stated_Lphi_term"))

    def sharp_cutoff():
        lines = []
        sharp2 = -2 * s_spin * D * _sharp_time_integral(2)
        ok = sp.simplify(sp.expand_log(sharp2 - out["raw_2"], force=True)) == 0
        lines.append(f"2D: sharp = {sp.simplify(sharp2)}, equal to the Cooperon form: {ok}")
        for d in (1, 3):
            sharp = -2 * s_spin * D * _sharp_time_integral(d)
            # same power of tau_phi at large tau_phi (L_phi^(2-d)), different O(1) coefficient
            lead_sharp = sp.limit(sharp / tau_phi ** sp.Rational(2 - d, 2) if d == 1 else
                                  (sharp - sharp.subs(tau_phi, sp.oo)) * sp.sqrt(tau_phi), tau_phi, sp.oo)
            lead_coop = sp.limit(out[f"raw_{d}"] / tau_phi ** sp.Rational(2 - d, 2) if d == 1 else
                                 (out[f"raw_{d}"] - out[f"raw_{d}"].subs(tau_phi, sp.oo)) * sp.sqrt(tau_phi), tau_phi, sp.oo)
            ratio = sp.simplify(lead_sharp / lead_coop)
            lines.append(f"{d}D: L_phi coefficient sharp/Cooperon = {ratio} = {float(ratio):.4f}")
            ok = ok and ratio.is_positive and ratio != 1
        return CheckResult(bool(ok), "symbolic", None, "; ".join(lines))

    der.check("text_sharp_cutoffs_are_exact_only_in_2d", sharp_cutoff,
              compares=("int_tau^tau_phi P(t) dt (003 text)", "Cooperon with exponential cutoffs"),
              doc="The text integrates P(t) from tau to tau_phi. In 2D that gives the universal log "
                  "exactly; in 1D and 3D it gives the right power of L_phi with coefficients off by "
                  "2/sqrt(pi) (1D) and 1/sqrt(pi) (3D). The kernels use the Cooperon form.")

    # 4. Symplectic factor from the spin of the time-reversed loop
    theta = sp.Symbol("theta", positive=True)
    haar = 2 / sp.pi * sp.sin(theta) ** 2  # SU(2) class-function measure on [0, pi]
    tr_u2 = 2 * sp.cos(2 * theta)  # Tr U^2 for U = exp(i theta n.sigma)
    symp = der.derive("symplectic_factor", sp.integrate(haar * tr_u2, (theta, 0, sp.pi)) / 2,
                      lhs=sp.Symbol(r"\langle{\rm Tr}\,U^2\rangle/{\rm Tr}\,1"),
                      doc="The backscattered loop and its time reverse interfere with the spin weight "
                          "sum_{ss'} U_{s's} U_{ss'} = Tr U^2 (time reversal sends U to U^dagger in SU(2)); "
                          "strong spin-orbit scattering randomizes U over SU(2) (Haar measure), while "
                          "without it U = 1 and the weight is Tr 1 = 2.")
    der.check("symplectic_factor_is_minus_one_half",
              lambda: symbolic_equal(symp, sp.Rational(-1, 2)),
              compares=("symplectic_factor", "HLN strong spin-orbit limit alpha = -1/2"))
    out["wl"] = wl
    out["symplectic"] = symp

    # 5. 3D: ratio to the Drude conductivity, Ioffe-Regel
    n3 = kF ** 3 / (3 * sp.pi ** 2)
    drude = der.derive("drude_conductivity_3d",
                       sp.simplify(n3 * e ** 2 * tau / (hbar * kF / vF) / (e ** 2 / (2 * sp.pi * hbar))).subs(tau, l / vF),
                       lhs=sp.Symbol(r"\sigma_D"),
                       doc="n e^2 tau / m with n = k_F^3/(3 pi^2), m = hbar k_F / v_F, l = v_F tau; in e^2/(h nm).")
    ratio = der.derive("wl_to_drude_ratio_3d", sp.simplify(sp.limit(wl[3], r, sp.oo) / drude),
                       lhs=sp.Symbol(r"\delta\sigma/\sigma_D"),
                       doc="L_phi -> oo: the short-time (1/l) part dominates.")
    der.define("ioffe_regel_parameter", kF * l, lhs=sp.Symbol(r"k_F l"))

    def ratio_scaling():
        c = sp.simplify(ratio * (kF * l) ** 2)
        ok = not c.has(kF) and not c.has(l) and c.is_negative
        return CheckResult(bool(ok), "symbolic", None,
                           f"(k_F l)^2 delta sigma/sigma_D = {c} = {float(c):.4f}: constant and negative")

    der.check("wl_to_drude_ratio_3d_scales_as_inverse_kFl_squared", ratio_scaling,
              compares=("wl_to_drude_ratio_3d", "003: delta sigma/sigma_D ~ 1/(k_F l)^2"))

    # 6. 2D beta function, L_phi -> L (the system size cuts the Cooperon off)
    beta = {}
    for cls, factor in (("orthogonal", 1), ("symplectic", symp)):
        sig = sigma0 + factor * wl[2].subs(r, 2 * L ** 2 / l ** 2)
        g = sig / s_spin
        beta[cls] = der.derive(f"beta_function_{cls}", sp.simplify(sp.diff(g, L) * L / g),
                               lhs=sp.Symbol(rf"\beta_{{\rm {cls[:4]}}}(g)"),
                               doc="beta = d ln g / d ln L, g = sigma/2 per spin in e^2/h, L_phi -> L.")
    gsym = sp.Symbol("g", positive=True)
    stated_beta = {"orthogonal": der.state("beta_function_orthogonal_stated", -1 / (sp.pi * gsym),
                                           doc="Evers & Mirlin (2008), 2D orthogonal, leading order."),
                   "symplectic": der.state("beta_function_symplectic_stated", 1 / (2 * sp.pi * gsym),
                                           doc="Evers & Mirlin (2008), 2D symplectic, leading order.")}

    def beta_check():
        lines = []
        for cls in ("orthogonal", "symplectic"):
            sig = sigma0 + (1 if cls == "orthogonal" else symp) * wl[2].subs(r, 2 * L ** 2 / l ** 2)
            g_of_L = sig / s_spin
            res = symbolic_equal(beta[cls] * g_of_L, stated_beta[cls] * gsym)
            lines.append(f"{cls}: beta*g = {sp.simplify(beta[cls] * g_of_L)}; {res.detail}")
            if not res.passed:
                return CheckResult(False, "symbolic", None, "; ".join(lines))
        return CheckResult(True, "symbolic", 0.0, "; ".join(lines))

    der.check("beta_function_2d_is_minus_1_over_pi_g_and_plus_1_over_2pi_g", beta_check,
              compares=("beta_function_orthogonal/symplectic", "beta_function_*_stated"))
    return out


def _hln_part(der: Derivation, wl: dict, symp) -> dict:
    # Cooperon in a perpendicular field: charge 2e Landau levels
    der.define("cooperon_landau_levels", 4 * e * D * B / hbar * (sp.Symbol("n") + sp.S.Half),
               lhs=sp.Symbol(r"D q^2 \to"),
               doc="The Cooperon carries charge 2e: D q^2 -> (4 e D B/hbar)(n + 1/2), with 2eB/h states "
                   "per unit area in each level.")
    b_phi = der.derive("B_phi", sp.solve(sp.Eq(4 * e * D * B_phi / hbar, 1 / tau_phi), B_phi)[0].subs(tau_phi, L_phi ** 2 / D),
                       lhs=B_phi, doc="The field whose Cooperon level spacing equals 1/tau_phi; L_phi^2 = D tau_phi.")
    der.check("B_phi_is_hbar_over_4eLphi2", lambda: symbolic_equal(b_phi, hbar / (4 * e * L_phi ** 2)),
              compares=("B_phi", "HLN: B_phi = hbar/(4 e L_phi^2)"))

    # sum over Landau levels: S_N(z) = sum_{n<N} 1/(n+z) = psi(z+N) - psi(z) (telescoping)
    z = sp.Symbol("z", positive=True)
    partial = sp.digamma(z + Nlev) - sp.digamma(z)
    step = sp.simplify(sp.expand_func(partial.subs(Nlev, Nlev + 1) - partial))
    if step != 1 / (Nlev + z):  # the telescoping identity the sum rests on
        raise RuntimeError(f"digamma recurrence failed: {step}")
    y_ratio = sp.Symbol("y", positive=True)
    # prefactor: -2 s D (2eB/h) (hbar/(4 e D B)) = -s/(2 pi); both Cooperon masses in units of 4eDB/hbar
    pref = sp.simplify(-2 * s_spin * D * (2 * e * B / h) * hbar / (4 * e * D * B)).subs(h, 2 * sp.pi * hbar)
    finite_n = pref * (partial.subs(z, sp.S.Half + x_ratio) - partial.subs(z, sp.S.Half + y_ratio))
    in_field = der.derive("wl_correction_in_field", sp.limit(finite_n, Nlev, sp.oo),
                          lhs=sp.Symbol(r"\delta\sigma(B)"),
                          doc="-2 s D (2eB/h) sum_n [1/((4eDB/hbar)(n+1/2) + 1/tau_phi) - (tau_phi -> tau)]; "
                              "x = B_phi/B, y = B_tr/B with B_tr = hbar/(4 e D tau).")
    zero_field = wl[2].subs(r, y_ratio / x_ratio)  # tau_phi/tau = B_tr/B_phi
    delta = in_field - zero_field
    # B << B_tr: psi(1/2 + y) - ln y -> 0 as y -> oo
    tail = sp.limit(sp.digamma(sp.S.Half + y_ratio) - sp.log(y_ratio), y_ratio, sp.oo)
    if tail != 0:
        raise RuntimeError(f"unexpected large-y limit {tail}")
    hln_derived = der.derive(
        "hln_magnetoconductance",
        sp.expand_log(delta.subs(sp.digamma(sp.S.Half + y_ratio), sp.log(y_ratio)), force=True),
        lhs=sp.Symbol(r"\Delta\sigma(B)"),
        doc="sigma(B) - sigma(0) for B << B_tr (psi(1/2 + B_tr/B) -> ln(B_tr/B)), orthogonal "
            "spin-degenerate; x = B_phi/B.")
    hln_stated = der.state("hln_stated", alpha / sp.pi * (sp.digamma(sp.S.Half + x_ratio) - sp.log(x_ratio)),
                           lhs=sp.Symbol(r"\Delta\sigma(B)"),
                           doc="HLN (1980) in e^2/h: alpha (e^2/(pi h)) [psi(1/2 + B_phi/B) - ln(B_phi/B)]; "
                               "alpha = 1 (WL), -1/2 (WAL).")
    der.check("hln_derived_from_landau_cooperons_is_hln_with_alpha_1",
              lambda: symbolic_equal(hln_derived, hln_stated.subs(alpha, 1),
                                     simplifier=lambda z_: sp.simplify(sp.expand_log(z_, force=True))),
              compares=("hln_magnetoconductance", "hln_stated (alpha = 1)"))
    der.check("hln_alpha_of_symplectic_class_is_minus_one_half",
              lambda: symbolic_equal(symp * hln_derived, hln_stated.subs(alpha, sp.Rational(-1, 2)),
                                     simplifier=lambda z_: sp.simplify(sp.expand_log(z_, force=True))),
              compares=("symplectic_factor x hln_magnetoconductance", "hln_stated (alpha = -1/2)"))

    # series of the derived form: small B (u = B/B_phi -> 0) and large B
    F_u = sp.expand_log(sp.expand(sp.pi * hln_derived.subs(x_ratio, 1 / u)), force=True)
    hln_u = alpha / sp.pi * F_u
    der.check("hln_small_field_is_B_squared_over_24_Bphi_squared",
              lambda: series_equal(hln_u, u, alpha / sp.pi * u ** 2 / 24, 4),
              compares=("hln_magnetoconductance", "Delta sigma = (alpha/pi) (B/B_phi)^2/24 (HLN low-field law)"))

    def large_field():
        w = sp.Symbol("w", positive=True)  # B_phi/B -> 0
        ser = sp.series(sp.pi * hln_derived.subs(x_ratio, w), w, 0, 1).removeO()
        expected = -sp.EulerGamma - 2 * sp.log(2) - sp.log(w)
        return symbolic_equal(alpha / sp.pi * ser, alpha / sp.pi * expected,
                              simplifier=lambda z_: sp.simplify(sp.expand_func(z_)))

    der.check("hln_large_field_is_logarithmic", large_field,
              compares=("hln_magnetoconductance", "Delta sigma = (alpha/pi)[ln(B/B_phi) + psi(1/2)], psi(1/2) = -gamma - 2 ln 2"))

    series = der.derive("hln_small_field_series",
                        sp.series(F_u, u, 0, HLN_SERIES_ORDER).removeO(),
                        lhs=sp.Symbol(r"F(u)"),
                        doc=f"psi(1/2 + 1/u) + ln u to O(u^{HLN_SERIES_ORDER}), u = |B|/B_phi: used by the "
                            f"kernel below u = {HLN_SERIES_BELOW}, where the direct difference cancels.")
    return {"series": series, "F_u": F_u}


def _onsager_part(der: Derivation) -> None:
    vx, vy, Ex, Ey, Bz, me, n_e = sp.symbols("v_x v_y E_x E_y B_z m_e n", real=True)
    vel = sp.Matrix([vx, vy, 0])
    force = -e * (sp.Matrix([Ex, Ey, 0]) + vel.cross(sp.Matrix([0, 0, Bz]))) - me * vel / tau
    sol = sp.solve([force[0], force[1]], [vx, vy], dict=True)[0]
    j = -n_e * e * sp.Matrix([sol[vx], sol[vy]])
    sigma = der.derive("drude_magnetoconductivity", sp.simplify(j.jacobian([Ex, Ey])),
                       lhs=sp.Symbol(r"\sigma_{ij}(B)"),
                       doc="Steady state of m dv/dt = -e(E + v x B) - m v/tau; j = -n e v.")

    def parities():
        flip = sigma.subs(Bz, -Bz)
        even = sp.simplify(sigma[0, 0] - flip[0, 0]) == 0 and sp.simplify(sigma[1, 1] - flip[1, 1]) == 0
        odd = sp.simplify(sigma[0, 1] + flip[0, 1]) == 0 and sp.simplify(sigma[0, 1]) != 0
        onsager = sp.simplify(sigma - flip.T) == sp.zeros(2, 2)
        ok = even and odd and onsager
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"sigma_xx even: {even}; sigma_xy odd and nonzero: {odd}; sigma_ij(B) = sigma_ji(-B): {onsager}")

    der.check("drude_sigma_xx_even_and_sigma_xy_odd_in_B", parities,
              compares=("drude_magnetoconductivity", "Onsager: sigma_ij(B) = sigma_ji(-B)"))


# ------------------------------------------------------------------------------------------
# Part 2: alpha_L and Dirac cones (004)
# ------------------------------------------------------------------------------------------

def _alpha_L_part(der: Derivation, wl: dict, symp) -> dict:
    a_t, a_b = sp.symbols("alpha^t alpha^b", real=True)
    l_t, l_b, le_t, le_b = sp.symbols("l^t l^b l_e^t l_e^b", positive=True)

    def channel(a, ls, le):
        return a * sp.log((le ** -2 + ls ** -2) / (L ** -2 + ls ** -2))

    sigma_qi = der.state("sigma_qi", (channel(a_t, l_t, le_t) + channel(a_b, l_b, le_b)) / (2 * sp.pi),
                         lhs=sp.Symbol(r"\sigma_{qi}"), eq="12",
                         doc="004 Eq. (12), in e^2/h: two Cooperon channels (top, bottom surface).")
    alpha_L = der.derive("alpha_L", sp.simplify(sp.pi * L * sp.diff(sigma_qi, L)),
                         lhs=sp.Symbol(r"\alpha_L"), doc="alpha_L = (pi h/e^2) d sigma_qi / d ln L.")
    stated = der.state("alpha_L_stated", sum(a / ((L / ls) ** 2 + 1) for a, ls in ((a_t, l_t), (a_b, l_b))),
                       lhs=sp.Symbol(r"\alpha_L"),
                       doc="004 text (Sec. Quantum interference): alpha_L = sum_s alpha^s / ((L/l^s)^2 + 1).")
    der.check("alpha_L_is_the_sum_over_cooperon_channels", lambda: symbolic_equal(alpha_L, stated),
              compares=("alpha_L", "alpha_L_stated"))

    def single_cone():
        only_b = sigma_qi.subs(a_t, 0).subs(a_b, 1)
        lim = sp.limit(only_b, l_b, sp.oo)
        lim_alpha = sp.limit(alpha_L.subs(a_t, 0).subs(a_b, 1), l_b, sp.oo)
        res = symbolic_equal(lim, sp.log(L / le_b) / sp.pi,
                             simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True)))
        ok = res.passed and lim_alpha == 1
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"l^b -> oo: sigma_qi = {sp.simplify(lim)}, alpha_L = {lim_alpha}")

    der.check("single_gapless_cone_has_alpha_L_one", single_cone,
              compares=("sigma_qi (alpha^b = 1, l^b -> oo)", "004: delta sigma = (e^2/(pi h)) ln(L/l_e), alpha = 1"))

    def wal_003_vs_004():
        # 003's symplectic 2D correction with L_phi -> L: its slope in ln L, times pi
        sig = symp * wl[2].subs(r, 2 * L ** 2 / l ** 2)
        slope = sp.simplify(sp.pi * L * sp.diff(sig, L))
        return CheckResult(slope == 1, "symbolic", 0.0 if slope == 1 else None,
                           f"pi d(delta sigma_symplectic)/d ln L = {slope} (004: alpha_L = 1 for one gapless cone)")

    der.check("symplectic_wal_of_003_gives_alpha_L_of_004", wal_003_vs_004,
              compares=("symplectic_factor x wl_correction_2d (003)", "alpha_L = 1 (004)"))

    der.state("finite_size_hall", sp.Symbol("sigma_xy^0") * (1 - (sp.Symbol("l_e") / L) ** 4),
              lhs=sp.Symbol(r"\sigma_{xy}(L)"), eq="1",
              doc="004 Eq. (1): finite-size form of the Hall conductivity on the plateau, in e^2/h.")
    return {"alpha_L": alpha_L}


def _flux_function(mass, bb):
    """G(k) = d_z/|d| for d = (v kx, v ky, mass - bb k^2): the lower band's Berry flux inside a
    circle of radius k is pi (G(0) - G(k)), so its Chern integral is (G(0) - G(oo))/2."""
    return (mass - bb * k ** 2) / sp.sqrt(v ** 2 * k ** 2 + (mass - bb * k ** 2) ** 2)


def _dirac_part(der: Derivation) -> dict:
    out = {}
    d_vec = (v * kx, v * ky, m - bw * (kx ** 2 + ky ** 2))
    der.define("wilson_dirac_hamiltonian", sp.Matrix([[d_vec[2], v * (kx - sp.I * ky)], [v * (kx + sp.I * ky), -d_vec[2]]]),
               lhs=sp.Symbol("H"),
               doc="H = v (k_x sigma_x + k_y sigma_y) + (m - b k^2) sigma_z; b = 0 is the bare massive cone.")
    omega_lower = der.derive("berry_curvature_lower", sp.simplify(berry_curvature(d_vec, kx, ky, -1).subs(
        {kx: k, ky: 0})), lhs=sp.Symbol(r"\Omega_-(k)"),
        doc="Lower band, from d.(d_x d x d_y d)/(2|d|^3) (isotropic, so evaluated on the k_x axis).")
    E_k = sp.sqrt(v ** 2 * k ** 2 + (m - bw * k ** 2) ** 2)
    der.check("berry_curvature_of_dirac_cone",
              lambda: symbolic_equal(omega_lower, v ** 2 * (m + bw * k ** 2) / (2 * E_k ** 3)),
              compares=("berry_curvature_lower", "v^2 (m + b k^2)/(2 E^3); b = 0: m v^2/(2 E^3)"))

    # Flux: the radial integral of k Omega_- is -G'(k)/2 (solid angle of d-hat)
    G = _flux_function(m, bw)

    def flux_is_solid_angle():
        return symbolic_equal(k * omega_lower, -sp.diff(G, k) / 2, ranges={k: (0, 3)})

    der.check("berry_flux_is_half_the_change_of_d_hat_z", flux_is_solid_angle,
              compares=("k Omega_-(k)", "-(1/2) d/dk [(m - b k^2)/E_k]"))
    chern_cases = {}
    mu_, beta_ = sp.Symbol("mu", positive=True), sp.Symbol("beta", positive=True)
    for sm in (1, -1):
        for sb in (1, -1):
            g_signed = G.subs({m: sm * mu_, bw: sb * beta_})
            chern_cases[(sm, sb)] = sp.simplify(sp.limit(g_signed, k, 0) - sp.limit(g_signed, k, sp.oo)) / 2
    der.derive("chern_wilson", sp.Piecewise(*[(val, sp.And(sp.Eq(sp.sign(m), sm), sp.Eq(sp.sign(bw), sb)))
                                             for (sm, sb), val in chern_cases.items()]),
               lhs=sp.Symbol(r"C_-"), doc="(G(0) - G(oo))/2 for each sign of m and b.")

    def chern_check():
        bad = {key: val for key, val in chern_cases.items() if val != sp.Rational(key[0] + key[1], 2)}
        g0 = sp.limit(_flux_function(0, sp.Symbol("beta", positive=True)), k, 0)
        ginf = sp.limit(_flux_function(0, sp.Symbol("beta", positive=True)), k, sp.oo)
        gapless = (g0 - ginf) / 2
        ok = not bad and gapless == sp.Rational(1, 2)
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"C(sgn m, sgn b) = {chern_cases}; gapless cone (m = 0, b > 0): C = {gapless}")

    der.check("wilson_chern_number_is_half_sum_of_signs", chern_check,
              compares=("chern_wilson", "(sgn m + sgn b)/2; m = 0: sgn(b)/2 (parity anomaly)"))

    # Bare massive cone (b = 0): Hall conductance at T = 0
    mu = sp.Symbol("mu", positive=True)
    E_F = sp.Symbol("E_F", positive=True)  # |eF|
    G0 = _flux_function(m, 0)
    kF0 = sp.sqrt(E_F ** 2 - m ** 2) / v
    # filled lower band: C_- = (G(0) - G(oo))/2 = sgn(m)/2; a band at |eF| > |m| removes the flux
    # inside k_F (lower band, eF < 0) or adds the upper band's opposite flux (eF > 0): both
    # give -(G(0) - G(k_F))/2.
    G0_origin = sp.simplify(sp.limit(G0, k, 0, "+")).rewrite(sp.sign)  # m/|m|
    chern_lower = (G0_origin - sp.limit(G0, k, sp.oo)) / 2
    in_gap = -chern_lower
    in_band = sp.simplify(-(chern_lower - (G0_origin - G0.subs(k, kF0)) / 2))
    dirac = der.derive("dirac_sigma_xy", sp.Piecewise((in_gap, E_F <= sp.Abs(m)), (in_band, True)),
                       lhs=sp.Symbol(r"\sigma_{xy}"),
                       doc="-(e^2/h) sum of occupied Berry flux / 2 pi, T = 0; E_F = |eF|. "
                           "Even in eF (particle-hole symmetry).")
    gap_stated = der.state("dirac_sigma_xy_gap_stated", -sp.sign(m) / 2, lhs=sp.Symbol(r"\sigma_{xy}"),
                           doc="-sgn(m) e^2/(2h), eF in the gap.")
    band_stated = der.state("dirac_sigma_xy_band_stated", -m / (2 * E_F), lhs=sp.Symbol(r"\sigma_{xy}"),
                            doc="-(e^2/(2h)) m/|eF|, eF in a band.")

    def dirac_closed_forms():
        r1 = symbolic_equal(in_gap, gap_stated)
        r2 = symbolic_equal(in_band, band_stated, ranges={E_F: (2, 3), m: (-1.5, 1.5)}, exact=False)
        ok = r1.passed and r2.passed
        return CheckResult(ok, "random-point", r2.worst_error, f"gap: {r1.detail}; band: {r2.detail}")

    der.check("dirac_hall_conductance_matches_closed_forms", dirac_closed_forms,
              compares=("dirac_sigma_xy", "dirac_sigma_xy_gap_stated / _band_stated"))
    out["dirac"] = (in_gap, in_band, E_F)

    # Wilson cone at T = 0: sigma = -(sgn m + sgn b)/2 + (1/2) [G(k_1) - G(k_2)] over the band
    # annulus k_1 <= k <= k_2 where E_k <= |eF| (the same for eF > 0 and eF < 0).
    s_ = sp.Symbol("s", nonnegative=True)  # k^2
    P = v ** 2 - 2 * m * bw
    disc = P ** 2 + 4 * bw ** 2 * (E_F ** 2 - m ** 2)
    roots = sp.solve(sp.Eq(bw ** 2 * s_ ** 2 + P * s_ + m ** 2, E_F ** 2), s_)
    out["wilson_roots"] = roots
    Gs = (m - bw * s_) / E_F  # G on the Fermi line, where E_k = |eF|
    s2_stable = sp.Piecewise((2 * (E_F ** 2 - m ** 2) / (sp.sqrt(disc) + P), P >= 0),
                             ((sp.sqrt(disc) - P) / (2 * bw ** 2), True))
    term_outer = sp.sign(m) - Gs.subs(s_, s2_stable)  # k_1 = 0 (|eF| > |m|)
    term_hat = sp.sqrt(disc) / (bw * E_F)  # both roots positive: b (s_2 - s_1)/|eF|
    term = sp.Piecewise((term_outer, E_F > sp.Abs(m)),
                        (term_hat, sp.And(P < 0, disc >= 0)),
                        (0, True))
    wilson = der.derive("wilson_sigma_xy", -(sp.sign(m) + sp.sign(bw)) / 2 + term / 2,
                        lhs=sp.Symbol(r"\sigma_{xy}"),
                        doc="T = 0, E_F = |eF|. Fermi radii from b^2 s^2 + (v^2 - 2 m b) s + m^2 = eF^2 "
                            "(s = k^2), the larger root in the cancellation-free form; the 'hat' branch "
                            "is the annulus of an inverted (2 m b > v^2) band.")
    out["wilson"] = wilson
    return out


def _semimagnetic_part(der: Derivation, wilson) -> dict:
    top = wilson.subs({m: V0}, simultaneous=True)
    bottom = wilson.subs({m: 0, bw: -bw}, simultaneous=True)
    der.define("semimagnetic_cones", sp.Tuple(sp.Tuple(V0, bw), sp.Tuple(0, -bw)), lhs=sp.Symbol(r"(m_s, b_s)"),
               doc="Top cone: mass +V0 (the Zeeman term V0 tau_0 sigma_z of 004 Eq. (3) projected on the "
                   "top-surface states, where tau_0 -> 1) and Wilson term b; bottom cone: gapless, Wilson "
                   "term -b. Both surface cones of Eq. (3), lambda(k_x sigma_y - k_y sigma_x) and its "
                   "opposite, are orientation-preserving spin rotations of v k.sigma, so both are written "
                   "as v k.sigma. b_bottom = -b_top because the V0 = 0 film is time-reversal invariant "
                   "(sigma_xy = 0; checked).")
    total = der.derive("semimagnetic_sigma_xy", top + bottom, lhs=sp.Symbol(r"\sigma_{xy}"),
                       doc="Sum of the two Wilson-cone Hall conductances at T = 0, e^2/h.")
    out = {"top": top, "bottom": bottom, "total": total}
    return out


# ------------------------------------------------------------------------------------------
# Numeric helpers (independent routes for checks and tests)
# ------------------------------------------------------------------------------------------

def numeric_wilson_sigma_xy(eF_val: float, m_val: float, b_val: float, v_val: float, dps: int = 30):
    """sigma_xy of a Wilson cone at T = 0 by mpmath quadrature of the Berry curvature over the
    occupied states: -(sum_n int k dk f_n Omega_n), Omega_+ = -Omega_-."""
    with mpmath.workdps(dps):
        eF_, m_, b_, v_ = (mpmath.mpf(x) for x in (eF_val, m_val, b_val, v_val))

        def E(kk):
            return mpmath.sqrt(v_ ** 2 * kk ** 2 + (m_ - b_ * kk ** 2) ** 2)

        def omega_lower(kk):
            return v_ ** 2 * (m_ + b_ * kk ** 2) / (2 * E(kk) ** 3)

        # breakpoints: Fermi radii and the band extremum
        pts = [mpmath.mpf(0)]
        P = v_ ** 2 - 2 * m_ * b_
        for sgn in (-1, 1):
            disc = P ** 2 + 4 * b_ ** 2 * (eF_ ** 2 - m_ ** 2)
            if disc >= 0 and b_ != 0:
                s = (-P + sgn * mpmath.sqrt(disc)) / (2 * b_ ** 2)
                if s > 0:
                    pts.append(mpmath.sqrt(s))
        if b_ != 0 and P < 0:
            pts.append(mpmath.sqrt(-P / (2 * b_ ** 2)))
        pts = sorted(set(pts)) + [mpmath.inf]

        def occupied_flux(kk):
            f_lower = 1 if -E(kk) <= eF_ else 0
            f_upper = 1 if E(kk) <= eF_ else 0
            return kk * omega_lower(kk) * (f_lower - f_upper)

        total = mpmath.mpf(0)
        for a, c in zip(pts[:-1], pts[1:]):
            total += mpmath.quad(occupied_flux, [a, c])
        return -total


@lru_cache(maxsize=1)
def build() -> Derivation:
    der = Derivation(NAME, "Weak (anti)localization, HLN, alpha_L and Dirac-cone Hall conductance",
                     f"{PAPER_WL} (WL/WAL) and {PAPER_HQH} (half-quantized Hall metal)",
                     "derivations.localization", SYMBOL_NAMES)
    wl_out = _wl_part(der)
    hln_out = _hln_part(der, wl_out["wl"], wl_out["symplectic"])
    _onsager_part(der)
    der.source = PAPER_HQH  # Part 2 cites 004's equation numbers
    _alpha_L_part(der, wl_out["wl"], wl_out["symplectic"])
    dirac_out = _dirac_part(der)
    semi = _semimagnetic_part(der, dirac_out["wilson"])
    _semimagnetic_checks(der, dirac_out, semi)
    der.source = f"{PAPER_WL} (WL/WAL) and {PAPER_HQH} (half-quantized Hall metal)"
    _kernels(der, wl_out, hln_out, dirac_out, semi)
    from derivations import localization_figures as figs

    for name in figs.FIGURES:
        der.figure(name, getattr(figs, name))
    return der


def _semimagnetic_checks(der: Derivation, dirac_out, semi) -> None:
    E_F = dirac_out["dirac"][2]
    wilson = dirac_out["wilson"]
    params = [(0.3, 0.1, 0.5, 0.41), (1.2, 0.1, 0.5, 0.41), (0.05, -0.2, 0.3, 0.41),
              (0.25, 0.3, 2.0, 0.41), (0.22, 0.3, 2.0, 0.41), (0.4, 0.0, -0.7, 0.41), (3.0, -0.1, -0.2, 0.41)]

    def wilson_vs_quadrature():
        f = sp.lambdify([E_F, m, bw, v], wilson, modules="mpmath")
        vals, refs = [], []
        for ef, mm, bb, vv in params:
            for sgn in (1, -1):
                vals.append(f(mpmath.mpf(abs(ef)), mpmath.mpf(mm), mpmath.mpf(bb), mpmath.mpf(vv)))
                refs.append(numeric_wilson_sigma_xy(sgn * ef, mm, bb, vv))
        return numeric_close([float(x) for x in vals], [float(x) for x in refs], rtol=1e-12, atol=1e-14,
                             what="Wilson-cone sigma_xy vs mpmath quadrature of occupied Berry curvature "
                                  "(both signs of eF; normal, inverted 'hat' and gapless cones)")

    der.check("wilson_hall_conductance_equals_quadrature_of_berry_curvature", wilson_vs_quadrature,
              compares=("wilson_sigma_xy", "mpmath.quad over occupied states of Omega_+-"))

    total = semi["total"]

    def time_reversal():
        zero = total.subs(V0, 0)
        f = sp.lambdify([E_F, bw, v], zero, modules="mpmath")
        vals = [float(f(mpmath.mpf(ef), mpmath.mpf(bb), mpmath.mpf(0.41)))
                for ef in (0.0, 0.01, 0.1, 0.5, 3.0) for bb in (0.5, -0.2)]
        return numeric_close(vals, [0.0] * len(vals), rtol=1e-12, atol=1e-15,
                             what="semimagnetic film at V0 = 0 (time-reversal invariant): sigma_xy = 0")

    der.check("semimagnetic_film_without_magnetization_has_no_hall_effect", time_reversal,
              compares=("semimagnetic_sigma_xy (V0 = 0)", "time-reversal symmetry: 0"))

    def half_plateau():
        # eF in the top gap (|eF| < |V0|, non-inverted top band): total = -sgn(V0)/2 + bottom's
        # Fermi-surface term -(b/2) k_F/sqrt(v^2 + b^2 k_F^2); exactly -sgn(V0)/2 at eF -> 0
        kfb = sp.Symbol("kappa", positive=True)
        plateau = total.subs(E_F, kfb * sp.sqrt(v ** 2 + bw ** 2 * kfb ** 2))
        expected = -sp.sign(V0) / 2 - bw * kfb / (2 * sp.sqrt(v ** 2 + bw ** 2 * kfb ** 2))
        f = sp.lambdify([kfb, V0, bw, v], plateau - expected, modules="mpmath")
        errors = []
        for V0v, bv, vv in ((0.1, 0.1, 0.41), (-0.1, 0.5, 0.41), (0.05, -1.0, 0.3)):
            for frac in (1e-6, 0.1, 0.5, 0.9):
                efv = frac * abs(V0v)
                kap = float(mpmath.findroot(lambda x: x * mpmath.sqrt(vv ** 2 + bv ** 2 * x ** 2) - efv, efv / vv))
                errors.append(abs(float(f(mpmath.mpf(kap), mpmath.mpf(V0v), mpmath.mpf(bv), mpmath.mpf(vv)))))
        worst = largest(errors)
        at_zero = sp.limit(expected.subs(V0, sp.Symbol("V", positive=True)), kfb, 0)
        ok = worst < 1e-14 and at_zero == sp.Rational(-1, 2)
        return CheckResult(ok, "numeric", worst,
                           f"|eF| < |V0|: sigma_xy + sgn(V0)/2 = -(b/2) k_F/sqrt(v^2 + b^2 k_F^2) to {worst:.1e}; "
                           f"eF -> 0 (V0 > 0): {at_zero}. The plateau is exactly half at eF = 0 and for b -> 0; "
                           "its slope -b/(2 v^2) is the gapless cone's parity-odd Fermi-surface term.")

    der.check("semimagnetic_film_has_half_quantized_plateau_in_the_top_gap", half_plateau,
              compares=("semimagnetic_sigma_xy (|eF| < |V0|)", "-sgn(V0) e^2/(2h) (004: HQHE)"))

    def above_gap():
        # above the top gap, b -> 0: the bare-cone form -V0/(2|eF|) (50 digits, b = 1e-30)
        f = sp.lambdify([E_F, V0, bw, v], total, modules="mpmath")
        vals, refs = [], []
        with mpmath.workdps(50):
            for V0v, efv in ((0.1, 0.2), (0.1, 1.5), (-0.2, 0.3)):
                for bv in (mpmath.mpf("1e-30"), -mpmath.mpf("1e-30")):
                    vals.append(float(f(mpmath.mpf(efv), mpmath.mpf(V0v), bv, mpmath.mpf("0.41"))))
                    refs.append(-V0v / (2 * efv))
        return numeric_close(vals, refs, rtol=1e-14, atol=1e-16,
                             what="semimagnetic sigma_xy at |b| = 1e-30 vs -V0/(2|eF|), |eF| > |V0|")

    der.check("semimagnetic_above_the_gap_tends_to_bare_cone_form", above_gap,
              compares=("semimagnetic_sigma_xy (b -> 0, |eF| > |V0|)", "-V0/(2|eF|) (dirac_sigma_xy of the top cone)"))


def _kernels(der: Derivation, wl_out, hln_out, dirac_out, semi) -> None:
    ref_wl = Reference(PAPER_WL, None)
    ref_hqh = lambda eq=None: Reference(PAPER_HQH, eq)  # noqa: E731
    r_arg = Arg(r, "tau_phi_over_tau", "", "Phase-coherence time over elastic scattering time tau_phi/tau",
                lower=1.0)
    l_arg = Arg(l, "mean_free_path", "nm", "Elastic mean free path l (1D and 3D only)", lower=0.0,
                lower_open=True, keyword_only=True, optional=True)
    symp = wl_out["symplectic"]
    wl = wl_out["wl"]
    dims, classes = (1, 2, 3), ("orthogonal", "symplectic")
    both = der.derive("wl_correction_by_dimension_and_class",
                      sp.Matrix([[wl[d], sp.expand(symp * wl[d])] for d in dims]),
                      lhs=sp.Symbol(r"\delta\sigma_{dD}^{\rm orth,\,symp}"),
                      doc="Rows d = 1, 2, 3; columns orthogonal (WL) and symplectic (WAL, the symplectic "
                          "factor -1/2 times the orthogonal correction).")
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
        "hln", (Arg(Bsym, "B", "T", "Perpendicular magnetic field (the result is even in B)"),
                Arg(B_phi, "B_phi", "T", "Dephasing field hbar/(4 e L_phi^2)", lower=0.0, lower_open=True,
                    keyword_only=True),
                Arg(alpha, "alpha", "", "Prefactor: +1 weak localization, -1/2 per symplectic channel "
                    "(e.g. one Dirac surface)", keyword_only=True)),
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
        "alpha_L", (Arg(L, "L", "nm", "System size", lower=0.0, lower_open=True),
                    Arg(a_ch, "alphas", "", "Channel weights alpha^s", keyword_only=True, channel=True),
                    Arg(l_ch, "ls", "nm", "Channel lengths l^s (inf: no Cooperon gap)", lower=0.0,
                        lower_open=True, keyword_only=True, channel=True, allow_infinite=True)),
        a_ch / ((L / l_ch) ** 2 + 1), "dimensionless",
        "Scaling function alpha_L = (pi h/e^2) d sigma_qi/d ln L of 004 Eq. (12), summed over Cooperon channels.",
        ref_hqh("12"), step="alpha_L", step_map=alpha_L_channel))

    in_gap, in_band, E_F = dirac_out["dirac"]
    eF_map = {E_F: sp.Max(sp.Abs(eF), TINY)}
    eF_arg = Arg(eF, "eF", "eV", "Fermi energy measured from the Dirac point")
    dirac_kernel = (-m / (2 * sp.Max(sp.Abs(eF), sp.Abs(m), TINY)))
    der.check("dirac_kernel_form_equals_derived_piecewise",
              lambda: _kernel_form_check(dirac_kernel, in_gap, in_band, E_F),
              compares=("-m / (2 max(|eF|, |m|))", "dirac_sigma_xy"), kernel="dirac_sigma_xy")
    der.kernel(Kernel(
        "dirac_sigma_xy", (eF_arg, Arg(m, "m", "eV", "Dirac mass", keyword_only=True)),
        dirac_kernel, "e^2/h",
        "Intrinsic Hall conductance of a massive Dirac cone v k.sigma + m sigma_z at T = 0 "
        "(-sgn(m)/2 in the gap, -m/(2|eF|) in the bands; 0 at the gapless Dirac point).",
        ref_hqh(), latex=r"-\frac{m}{2\max(|\epsilon_F|, |m|)}", step="dirac_sigma_xy",
        checked_by="dirac_kernel_form_equals_derived_piecewise"))

    wilson = dirac_out["wilson"].subs(eF_map)
    der.kernel(Kernel(
        "wilson_sigma_xy", (eF_arg, Arg(m, "m", "eV", "Dirac mass", keyword_only=True),
                            Arg(v, "v", "eV nm", "Dirac velocity hbar v", lower=0.0, lower_open=True,
                                keyword_only=True),
                            Arg(bw, "b", "eV nm^2", "Wilson term (m - b k^2) sigma_z", nonzero=True,
                                keyword_only=True)),
        wilson, "e^2/h",
        "Intrinsic Hall conductance of the Wilson-regularized cone v k.sigma + (m - b k^2) sigma_z at T = 0.",
        ref_hqh(), step="wilson_sigma_xy", step_map=eF_map))
    total = semi["total"].subs(eF_map)
    der.kernel(Kernel(
        "semimagnetic_sigma_xy", (eF_arg, Arg(V0, "V0", "eV", "Magnetic (Zeeman) gap of the top surface",
                                             keyword_only=True),
                                  Arg(v, "v", "eV nm", "Dirac velocity hbar v", lower=0.0, lower_open=True,
                                      keyword_only=True),
                                  Arg(bw, "b", "eV nm^2", "Wilson term of the top cone (-b on the bottom)",
                                      nonzero=True, keyword_only=True)),
        total, "e^2/h",
        "Hall conductance of a semimagnetic TI film: gapped top cone (mass V0, Wilson b) plus gapless "
        "bottom cone (Wilson -b), T = 0.", ref_hqh(), step="semimagnetic_sigma_xy", step_map=eF_map))
    sxy0, le = sp.Symbol("sigma_xy0", real=True), sp.Symbol("l_e", positive=True)
    finite_size_map = {sp.Symbol("sigma_xy^0"): sxy0, sp.Symbol("l_e"): le}
    der.kernel(Kernel(
        "finite_size_sigma_xy", (Arg(L, "L", "nm", "System size", lower=0.0, lower_open=True),
                                 Arg(sxy0, "sigma_xy0", "e^2/h", "Thermodynamic-limit value", keyword_only=True),
                                 Arg(le, "l_e", "nm", "Characteristic length", lower=0.0, lower_open=True,
                                     keyword_only=True)),
        der["finite_size_hall"].expr.subs(finite_size_map), "e^2/h",
        "Finite-size Hall conductivity sigma_xy0 (1 - (l_e/L)^4).", ref_hqh("1"), step="finite_size_hall",
        step_map=finite_size_map))


def _kernel_form_check(kernel_expr, in_gap, in_band, E_F) -> CheckResult:
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
