"""004: Berry curvature and intrinsic Hall conductance of massive and Wilson-regularized Dirac
cones, and the semimagnetic film (gapped top cone plus gapless bottom cone).

Sign convention: electrons of charge -e; sigma_xy = -(e^2/h) sum_n int d^2k/(2 pi) f_n Omega_n
with Omega_n the Berry curvature of A = i<u|grad u>, so a massive cone gives -sgn(m)/2.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from qsym.checks import CheckResult, all_of, largest, numeric_close, symbolic_equal
from qsym.derivation import Derivation
from qsym.geometry import berry_curvature

from .references import numeric_wilson_sigma_xy
from .symbols import V0, bw, k, kx, ky, m, v


def flux_function(mass, bb):
    """G(k) = d_z/|d| for d = (v kx, v ky, mass - bb k^2): the lower band's Berry flux inside a
    circle of radius k is pi (G(0) - G(k)), so its Chern integral is (G(0) - G(oo))/2."""
    return (mass - bb * k ** 2) / sp.sqrt(v ** 2 * k ** 2 + (mass - bb * k ** 2) ** 2)


def wilson_cone_geometry(der: Derivation) -> None:
    """Berry curvature and flux of v k.sigma + (m - b k^2) sigma_z; its Chern number."""
    d_vec = (v * kx, v * ky, m - bw * (kx ** 2 + ky ** 2))
    der.define("wilson_dirac_hamiltonian", sp.Matrix([[d_vec[2], v * (kx - sp.I * ky)], [v * (kx + sp.I * ky), -d_vec[2]]]),
               lhs=sp.Symbol("H"),
               doc=r"$H = v (k_x \sigma_x + k_y \sigma_y) + (m - b k^{2}) \sigma_z$; $b = 0$ is the bare "
                   "massive cone.")
    omega_lower = der.derive("berry_curvature_lower", sp.simplify(berry_curvature(d_vec, kx, ky, -1).subs(
        {kx: k, ky: 0})), lhs=sp.Symbol(r"\Omega_-(k)"),
        doc=r"Lower band, from $\mathbf d\cdot(\partial_x \mathbf d \times \partial_y \mathbf d)/(2|\mathbf d|^{3})$ (isotropic, so evaluated on the $k_x$ "
            "axis).")
    E_k = sp.sqrt(v ** 2 * k ** 2 + (m - bw * k ** 2) ** 2)
    der.check("berry_curvature_of_dirac_cone",
              lambda: symbolic_equal(omega_lower, v ** 2 * (m + bw * k ** 2) / (2 * E_k ** 3)),
              compares=("berry_curvature_lower", "v^2 (m + b k^2)/(2 E^3); b = 0: m v^2/(2 E^3)"))

    # Flux: the radial integral of k Omega_- is -G'(k)/2 (solid angle of d-hat)
    G = flux_function(m, bw)

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
               lhs=sp.Symbol(r"C_-"), doc=r"$(G(0) - G(\infty))/2$ for each sign of $m$ and $b$.")

    def chern_check():
        bad = {key: val for key, val in chern_cases.items() if val != sp.Rational(key[0] + key[1], 2)}
        g0 = sp.limit(flux_function(0, sp.Symbol("beta", positive=True)), k, 0)
        ginf = sp.limit(flux_function(0, sp.Symbol("beta", positive=True)), k, sp.oo)
        gapless = (g0 - ginf) / 2
        ok = not bad and gapless == sp.Rational(1, 2)
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"C(sgn m, sgn b) = {chern_cases}; gapless cone (m = 0, b > 0): C = {gapless}")

    der.check("wilson_chern_number_is_half_sum_of_signs", chern_check,
              compares=("chern_wilson", "(sgn m + sgn b)/2; m = 0: sgn(b)/2 (parity anomaly)"))



def massive_cone_hall(der: Derivation) -> tuple:
    """The bare massive cone (b = 0) at T = 0: -sgn(m)/2 in the gap, -m/(2|eF|) in the bands."""
    # Bare massive cone (b = 0): Hall conductance at T = 0
    E_F = sp.Symbol("E_F", positive=True)  # |eF|
    G0 = flux_function(m, 0)
    kF0 = sp.sqrt(E_F ** 2 - m ** 2) / v
    # filled lower band: C_- = (G(0) - G(oo))/2 = sgn(m)/2; a band at |eF| > |m| removes the flux
    # inside k_F (lower band, eF < 0) or adds the upper band's opposite flux (eF > 0): both
    # give -(G(0) - G(k_F))/2.
    G0_origin = sp.simplify(sp.limit(G0, k, 0, "+")).rewrite(sp.sign)  # m/|m|
    chern_lower = (G0_origin - sp.limit(G0, k, sp.oo)) / 2
    in_gap = -chern_lower
    in_band = sp.simplify(-(chern_lower - (G0_origin - G0.subs(k, kF0)) / 2))
    der.derive("dirac_sigma_xy", sp.Piecewise((in_gap, E_F <= sp.Abs(m)), (in_band, True)),
               lhs=sp.Symbol(r"\sigma_{xy}"),
               doc=r"$-(e^{2}/h)$ times the occupied Berry flux$/2\pi$, $T = 0$; $E_F = |\epsilon_F|$. Even "
                   r"in $\epsilon_F$ (particle-hole symmetry).")
    gap_stated = der.state("dirac_sigma_xy_gap_stated", -sp.sign(m) / 2, lhs=sp.Symbol(r"\sigma_{xy}"),
                           doc=r"$-\operatorname{sgn}(m)\, e^{2}/(2h)$, $\epsilon_F$ in the gap.")
    band_stated = der.state("dirac_sigma_xy_band_stated", -m / (2 * E_F), lhs=sp.Symbol(r"\sigma_{xy}"),
                            doc=r"$-(e^{2}/(2h)) m/|\epsilon_F|$, $\epsilon_F$ in a band.")

    def dirac_closed_forms():
        r1 = symbolic_equal(in_gap, gap_stated)
        r2 = symbolic_equal(in_band, band_stated, ranges={E_F: (2, 3), m: (-1.5, 1.5)}, exact=False)
        ok = r1.passed and r2.passed
        return CheckResult(ok, "random-point", r2.worst_error, f"gap: {r1.detail}; band: {r2.detail}")

    der.check("dirac_hall_conductance_matches_closed_forms", dirac_closed_forms,
              compares=("dirac_sigma_xy", "dirac_sigma_xy_gap_stated / _band_stated"))
    return in_gap, in_band, E_F



def wilson_cone_hall(der: Derivation, E_F) -> sp.Expr:
    """The Wilson-regularized cone at T = 0 in closed form, inverted ('hat') bands included."""
    # Wilson cone at T = 0: sigma = -(sgn m + sgn b)/2 + (1/2) [G(k_1) - G(k_2)] over the band
    # annulus k_1 <= k <= k_2 where E_k <= |eF| (the same for eF > 0 and eF < 0).
    s_ = sp.Symbol("s", nonnegative=True)  # k^2
    P = v ** 2 - 2 * m * bw
    disc = P ** 2 + 4 * bw ** 2 * (E_F ** 2 - m ** 2)
    roots = sp.solve(sp.Eq(bw ** 2 * s_ ** 2 + P * s_ + m ** 2, E_F ** 2), s_)
    Gs = (m - bw * s_) / E_F  # G on the Fermi line, where E_k = |eF|
    s2_stable = sp.Piecewise((2 * (E_F ** 2 - m ** 2) / (sp.sqrt(disc) + P), P >= 0),
                             ((sp.sqrt(disc) - P) / (2 * bw ** 2), True))

    def outer_radius_is_the_solve_root():
        # the larger root of b^2 s^2 + P s + m^2 = eF^2, by sympy.solve, against the stable form
        larger = [max(roots, key=lambda rt: float(rt.subs({bw: 1, m: 0, E_F: 1, v: 1})))]
        cases = {"P >= 0": {m: (-1, 1), bw: (sp.Rational(1, 10), 1), v: (2, 3), E_F: (1, 2)},
                 "P < 0": {m: (1, 2), bw: (1, 2), v: (sp.Rational(1, 10), sp.Rational(1, 2)), E_F: (2, 3)}}
        return all_of([symbolic_equal(s2_stable, larger[0], ranges=rng, exact=False) for rng in cases.values()],
                      f"k_F^2 in the cancellation-free form = the larger root of sympy.solve ({len(roots)} roots), "
                      "for v^2 - 2 m b of either sign")

    der.check("wilson_fermi_radius_is_the_solve_root", outer_radius_is_the_solve_root,
              compares=("k_F^2 (cancellation-free form)", "sympy.solve of E_k = |eF|"))
    term_outer = sp.sign(m) - Gs.subs(s_, s2_stable)  # k_1 = 0 (|eF| > |m|)
    term_hat = sp.sqrt(disc) / (bw * E_F)  # both roots positive: b (s_2 - s_1)/|eF|
    term = sp.Piecewise((term_outer, E_F > sp.Abs(m)),
                        (term_hat, sp.And(P < 0, disc >= 0)),
                        (0, True))
    wilson = der.derive("wilson_sigma_xy", -(sp.sign(m) + sp.sign(bw)) / 2 + term / 2,
                        lhs=sp.Symbol(r"\sigma_{xy}"),
                        doc=r"$T = 0$, $E_F = |\epsilon_F|$. Fermi radii from $b^{2} s^{2} + (v^{2} - 2 m b) "
                            r"s + m^{2} = \epsilon_F^{2}$ ($s = k^{2}$), the larger root in the "
                            "cancellation-free form; the 'hat' branch is the annulus of an inverted ($2 m b "
                            "> v^{2}$) band.")
    return wilson


def semimagnetic_film(der: Derivation, wilson) -> dict:
    """A gapped top cone (mass V0) and a gapless bottom cone: the semimagnetic film."""
    top = wilson.subs({m: V0}, simultaneous=True)
    bottom = wilson.subs({m: 0, bw: -bw}, simultaneous=True)
    der.define("semimagnetic_cones", sp.Tuple(sp.Tuple(V0, bw), sp.Tuple(0, -bw)), lhs=sp.Symbol(r"(m_s, b_s)"),
               doc=r"Top cone: mass $+V_0$ (the Zeeman term $V_0 \tau_0 \sigma_z$ of 004 Eq. (3) projected on "
                   r"the top-surface states, where $\tau_0 \to 1$) and Wilson term $b$; bottom cone: gapless, "
                   r"Wilson term $-b$. Both surface cones of Eq. (3), $\lambda(k_x \sigma_y - k_y \sigma_x)$ "
                   r"and its opposite, are orientation-preserving spin rotations of $v k\cdot \sigma$, so "
                   r"both are written as $v k\cdot \sigma$. $b_{bottom} = -b_{top}$ because the $V_0 = 0$ "
                   r"film is time-reversal invariant ($\sigma_{xy} = 0$; checked).")
    total = der.derive("semimagnetic_sigma_xy", top + bottom, lhs=sp.Symbol(r"\sigma_{xy}"),
                       doc="Sum of the two Wilson-cone Hall conductances at $T = 0$, $e^{2}/h$.")
    out = {"top": top, "bottom": bottom, "total": total}
    return out


def semimagnetic_checks(der: Derivation, dirac: tuple, wilson, semi: dict) -> None:
    """Wilson cone against quadrature; no Hall effect at V0 = 0; the half plateau; the bare-cone limit."""
    E_F = dirac[2]
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
