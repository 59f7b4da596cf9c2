"""003 (HLN): the magnetoconductance from Landau-quantized Cooperons (charge 2e), with its
B^2 and logarithmic limits and the small-field series the kernel uses."""

from __future__ import annotations

import sympy as sp

from qsym.checks import series_equal, symbolic_equal
from qsym.derivation import Derivation

from .symbols import (
    alpha, B, B_phi, D, e, h, hbar, HLN_SERIES_BELOW, HLN_SERIES_ORDER, L_phi, Nlev, r, s_spin, tau_phi, u,
    x_ratio,
)


def hln(der: Derivation, wl: dict, symp) -> dict:
    """sigma(B) - sigma(0) by summing Landau-quantized Cooperons; alpha = 1 and -1/2."""
    # Cooperon in a perpendicular field: charge 2e Landau levels
    der.define("cooperon_landau_levels", 4 * e * D * B / hbar * (sp.Symbol("n") + sp.S.Half),
               lhs=sp.Symbol(r"D q^2 \to"),
               doc=r"The Cooperon carries charge $2e$: $D q^{2} \to (4 e D B/\hbar)(n + 1/2)$, with $2eB/h$ "
                   "states per unit area in each level.")
    b_phi = der.derive("B_phi", sp.solve(sp.Eq(4 * e * D * B_phi / hbar, 1 / tau_phi), B_phi)[0].subs(tau_phi, L_phi ** 2 / D),
                       lhs=B_phi, doc=r"The field whose Cooperon level spacing equals $1/\tau_{\phi}$; "
                                      r"$L_{\phi}^{2} = D \tau_{\phi}$.")
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
                          doc=r"$-2 s D (2eB/h) \sum_n [1/((4eDB/\hbar)(n+1/2) + 1/\tau_{\phi}) - "
                              r"(\tau_{\phi} \to \tau)]$; $x = B_{\phi}/B$, $y = B_{tr}/B$ with $B_{tr} "
                              r"= \hbar/(4 e D \tau)$.")
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
        doc=r"$\sigma(B) - \sigma(0)$ for $B \ll B_{tr}$ ($\psi(1/2 + B_{tr}/B) \to \ln(B_{tr}/B)$), orthogonal "
            r"spin-degenerate; $x = B_{\phi}/B$.")
    hln_stated = der.state("hln_stated", alpha / sp.pi * (sp.digamma(sp.S.Half + x_ratio) - sp.log(x_ratio)),
                           lhs=sp.Symbol(r"\Delta\sigma(B)"),
                           doc=r"HLN (1980) in $e^{2}/h$: $\alpha (e^{2}/(\pi h)) [\psi(1/2 + B_{\phi}/B) - "
                               r"\ln(B_{\phi}/B)]$; $\alpha = 1$ (WL), $-1/2$ (WAL).")
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
                        doc=f"$\\psi(1/2 + 1/u) + \\ln u$ to $O(u^{{{HLN_SERIES_ORDER}}})$, $u = |B|/B_\\phi$: used by the "
                            f"kernel below $u = {HLN_SERIES_BELOW}$, where the direct difference cancels.")
    return {"series": series, "F_u": F_u}
