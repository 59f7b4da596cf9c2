"""003: the weak-localization correction from the Cooperon return probability in d = 1, 2, 3
(time domain and, independently, momentum space), its standard forms, the symplectic factor
-1/2, the 3D ratio to the Drude conductivity and the 2D beta functions."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult, symbolic_equal
from qsym.derivation import Derivation

from .symbols import (
    D, e, gamma, hbar, kF, L, l, L_phi, r, s_spin, sigma0, t, tau, tau_phi, vF, WL_UNITS,
)


def cooperon_time_integral(d: int):
    r"""int_0^oo P_d(t) (e^{-t/tau_phi} - e^{-t/tau}) dt, with P_d = (4 pi D t)^{-d/2}.

    Computed as int_{1/tau}^{1/tau_phi} d gamma d/d gamma int P e^{-gamma t} dt, whose inner
    integral converges at t = 0 in every d <= 3."""
    inner = sp.integrate(-t * (4 * sp.pi * D * t) ** sp.Rational(-d, 2) * sp.exp(-gamma * t),
                         (t, 0, sp.oo), conds="none")
    return sp.integrate(inner, (gamma, 1 / tau, 1 / tau_phi), conds="none")


def cooperon_momentum_integral(d: int):
    r"""int d^dq/(2 pi)^d [1/(D q^2 + 1/tau_phi) - 1/(D q^2 + 1/tau)]: the same quantity from
    the Cooperon propagator in momentum space (radial integral in d dimensions), again as
    the integral over the decay rate gamma of d/d gamma 1/(D q^2 + gamma)."""
    q = sp.Symbol("q", positive=True)
    shell = {1: 2 / (2 * sp.pi), 2: 2 * sp.pi * q / (2 * sp.pi) ** 2, 3: 4 * sp.pi * q ** 2 / (2 * sp.pi) ** 3}[d]
    inner = sp.integrate(-shell / (D * q ** 2 + gamma) ** 2, (q, 0, sp.oo), conds="none")
    return sp.integrate(inner, (gamma, 1 / tau, 1 / tau_phi), conds="none")


def sharp_time_integral(d: int):
    """int_tau^tau_phi P_d(t) dt: the sharp cutoffs of 003's text."""
    return sp.integrate((4 * sp.pi * D * t) ** sp.Rational(-d, 2), (t, tau, tau_phi))


def in_r_and_l(expr, d: int):
    """Express a result in tau_phi/tau = r and the mean free path (D tau = l^2 / d)."""
    return sp.simplify(expr.subs(tau_phi, r * tau).subs(D, l ** 2 / (d * tau)))


def cooperon_correction(der: Derivation) -> dict:
    """delta sigma in d = 1, 2, 3 from the Cooperon return probability (orthogonal class)."""
    out = {}
    # 3. Conductivity correction from the Cooperon return probability
    der.define("wl_from_return_probability",
               -2 * s_spin * D * sp.Integral(sp.Symbol("P(t)") * (sp.exp(-t / tau_phi) - sp.exp(-t / tau)), (t, 0, sp.oo)),
               lhs=sp.Symbol(r"\delta\sigma"),
               doc=r"$\delta \sigma = -(s e^{2} D/(\pi \hbar)) \int_0^{\infty} dt\, P(t) [e^{-t/\tau_{\phi}} "
                   r"- e^{-t/\tau}]$, i.e. $-2 s D \int \ldots$ in $e^{2}/h$; $s = 2$ spin states. The Cooperon "
                   r"lives between $\tau$ and $\tau_{\phi}$ (003: 'from $\tau$ up to $\tau_{\phi}$'), cut off "
                   "by exponential decay at both ends (Chakravarty & Schmid, Phys. Rep. 140, 193 (1986)).")
    wl = {}
    for d in (1, 2, 3):
        raw = -2 * s_spin * D * cooperon_time_integral(d)
        wl[d] = der.derive(f"wl_correction_{d}d", in_r_and_l(raw, d),
                           lhs=sp.Symbol(rf"\delta\sigma_{{{d}D}}"),
                           doc=f"Orthogonal class, spin-degenerate, in {WL_UNITS[d]}; "
                               r"$r = \tau_\phi/\tau$, $l$ the mean free path, $L_\phi^2 = D \tau_\phi = r l^2/d$.")
        out[f"raw_{d}"] = raw

    out["wl"] = wl
    return out


def standard_forms(der: Derivation, out: dict) -> None:
    """The corrections against the momentum-space Cooperon and the standard printed forms;
    the text's sharp cutoffs are exact only in 2D."""
    wl = out["wl"]
    def momentum_route():
        worst, lines = 0.0, []
        for d in (1, 2, 3):
            res = symbolic_equal(out[f"raw_{d}"], -2 * s_spin * D * cooperon_momentum_integral(d),
                                 simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True)))
            lines.append(f"d={d}: {res.detail}")
            if not res.passed:
                return CheckResult(False, res.method, res.worst_error, "; ".join(lines))
        return CheckResult(True, "symbolic", worst, "; ".join(lines))

    der.check("return_probability_route_equals_momentum_space_cooperon", momentum_route,
              compares=("wl_correction_1d/2d/3d", "int d^dq/(2pi)^d Cooperon 1/(Dq^2 + 1/tau_phi)"))

    stated_2d = der.state("wl_correction_2d_stated", -sp.log(tau_phi / tau) / sp.pi, lhs=sp.Symbol(r"\delta\sigma_{2D}"),
                          doc=r"Standard: $\delta \sigma = -(e^{2}/(\pi h)) \ln(\tau_{\phi}/\tau) = "
                              r"-(e^{2}/(2 \pi^{2} \hbar)) \ln(\tau_{\phi}/\tau)$ (Bergmann 1984; Lee & "
                              "Ramakrishnan 1985), in $e^{2}/h$.")
    der.check("wl_2d_is_minus_ln_tauphi_over_tau_over_pi",
              lambda: symbolic_equal(wl[2], stated_2d.subs(tau_phi, r * tau),
                                     simplifier=lambda z: sp.simplify(sp.expand_log(z, force=True))),
              compares=("wl_correction_2d", "wl_correction_2d_stated"))
    # 1D and 3D: the standard forms fix the L_phi-dependent term (the l terms depend on the
    # short-time cutoff): 1D  -(e^2/(pi hbar)) L_phi = -2 L_phi e^2/h;
    # 3D  +(e^2/(2 pi^2 hbar)) / L_phi = +(1/pi)/L_phi e^2/h.
    stated_13 = {1: der.state("wl_correction_1d_stated_Lphi_term", -2 * L_phi, lhs=sp.Symbol(r"\delta\sigma_{1D}"),
                              doc=r"Standard 1D (wire) term: $-(e^{2}/(\pi \hbar)) L_{\phi}$ (Altshuler & "
                                  "Aronov 1985)."),
                 3: der.state("wl_correction_3d_stated_Lphi_term", 1 / (sp.pi * L_phi), lhs=sp.Symbol(r"\delta\sigma_{3D}"),
                              doc=r"Standard 3D term: $+(e^{2}/(2 \pi^{2} \hbar)) / L_{\phi}$ (Altshuler & "
                                  "Aronov 1985); the $1/l$ term depends on the short-time cutoff.")}

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
        sharp2 = -2 * s_spin * D * sharp_time_integral(2)
        ok = sp.simplify(sp.expand_log(sharp2 - out["raw_2"], force=True)) == 0
        lines.append(f"2D: sharp = {sp.simplify(sharp2)}, equal to the Cooperon form: {ok}")
        for d in (1, 3):
            sharp = -2 * s_spin * D * sharp_time_integral(d)
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
              doc=r"The text integrates $P(t)$ from $\tau$ to $\tau_{\phi}$. In 2D that gives the universal "
                  r"$\log$ exactly; in 1D and 3D it gives the right power of $L_{\phi}$ with coefficients off "
                  r"by $2/\sqrt{\pi}$ (1D) and $1/\sqrt{\pi}$ (3D). The kernels use the Cooperon form.")



def symplectic_factor(der: Derivation):
    """The factor -1/2 of strong spin-orbit scattering, as an SU(2) average."""
    # 4. Symplectic factor from the spin of the time-reversed loop
    theta = sp.Symbol("theta", positive=True)
    haar = 2 / sp.pi * sp.sin(theta) ** 2  # SU(2) class-function measure on [0, pi]
    tr_u2 = 2 * sp.cos(2 * theta)  # Tr U^2 for U = exp(i theta n.sigma)
    symp = der.derive("symplectic_factor", sp.integrate(haar * tr_u2, (theta, 0, sp.pi)) / 2,
                      lhs=sp.Symbol(r"\langle{\rm Tr}\,U^2\rangle/{\rm Tr}\,1"),
                      doc="The backscattered loop and its time reverse interfere with the spin weight "
                          r"$\sum_{ss'} U_{s's} U_{ss'} = \operatorname{Tr} U^{2}$ (time reversal sends $U$ "
                          r"to $U^{\dagger}$ in $SU(2)$); strong spin-orbit scattering randomizes $U$ over "
                          "$SU(2)$ (Haar measure), while without it $U = 1$ and the weight is "
                          r"$\operatorname{Tr} 1 = 2$.")
    der.check("symplectic_factor_is_minus_one_half",
              lambda: symbolic_equal(symp, sp.Rational(-1, 2)),
              compares=("symplectic_factor", "HLN strong spin-orbit limit alpha = -1/2"))
    return symp



def drude_ratio_3d(der: Derivation, wl: dict) -> None:
    """The 3D correction relative to the Drude conductivity scales as 1/(k_F l)^2."""
    # 5. 3D: ratio to the Drude conductivity, Ioffe-Regel
    n3 = kF ** 3 / (3 * sp.pi ** 2)
    drude = der.derive("drude_conductivity_3d",
                       sp.simplify(n3 * e ** 2 * tau / (hbar * kF / vF) / (e ** 2 / (2 * sp.pi * hbar))).subs(tau, l / vF),
                       lhs=sp.Symbol(r"\sigma_D"),
                       doc=r"$n e^{2} \tau / m$ with $n = k_F^{3}/(3 \pi^{2})$, $m = \hbar k_F / v_F$, $l = "
                           r"v_F \tau$; in $e^{2}/(h\,\mathrm{nm})$.")
    ratio = der.derive("wl_to_drude_ratio_3d", sp.simplify(sp.limit(wl[3], r, sp.oo) / drude),
                       lhs=sp.Symbol(r"\delta\sigma/\sigma_D"),
                       doc=r"$L_{\phi} \to \infty$: the short-time ($1/l$) part dominates.")
    der.define("ioffe_regel_parameter", kF * l, lhs=sp.Symbol(r"k_F l"),
               doc="The Ioffe-Regel parameter: the weak-localization expansion is in $1/(k_F l)$.")

    def ratio_scaling():
        c = sp.simplify(ratio * (kF * l) ** 2)
        ok = not c.has(kF) and not c.has(l) and c.is_negative
        return CheckResult(bool(ok), "symbolic", None,
                           f"(k_F l)^2 delta sigma/sigma_D = {c} = {float(c):.4f}: constant and negative")

    der.check("wl_to_drude_ratio_3d_scales_as_inverse_kFl_squared", ratio_scaling,
              compares=("wl_to_drude_ratio_3d", "003: delta sigma/sigma_D ~ 1/(k_F l)^2"))



def beta_functions(der: Derivation, wl: dict, symp) -> None:
    """2D beta functions of the orthogonal and symplectic classes, L_phi -> L."""
    # 6. 2D beta function, L_phi -> L (the system size cuts the Cooperon off)
    beta = {}
    for cls, factor in (("orthogonal", 1), ("symplectic", symp)):
        sig = sigma0 + factor * wl[2].subs(r, 2 * L ** 2 / l ** 2)
        g = sig / s_spin
        beta[cls] = der.derive(f"beta_function_{cls}", sp.simplify(sp.diff(g, L) * L / g),
                               lhs=sp.Symbol(rf"\beta_{{\rm {cls[:4]}}}(g)"),
                               doc=r"$\beta = d \ln g / d \ln L$, $g = \sigma/2$ per spin in $e^{2}/h$, "
                                   r"$L_{\phi} \to L$.")
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
