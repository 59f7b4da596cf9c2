r"""Decoherence-induced conductivity of a BHZ topological insulator.

Zhang, Feng, Shao, Liu, Yao, "Metalization of topological insulators", arXiv:2604.26698
(2026), ``shared/papers/000_93cf93cdea05a717.txt``. Read top to bottom like the paper:

1. model: the BHZ Hamiltonian per spin, its bands and printed eigenstates;
2. geometry: interband Berry connection from the printed eigenstates, the velocity identity,
   Berry curvature and the spin Chern number;
3. rates: the decoherence times of Eqs. (3)-(4) and the rates and density of states of the
   text (stated; they come from an unpublished reference);
4. Eq. (5) summed over bands and spins and averaged over the angle of k, giving the
   integrands of Eqs. (6)-(7) -- the centre of the paper;
5. limits: T = 0 in the gap (Eqs. 8-9), dilute impurities, clean system, high temperature;
6. the Drude conductivity of Eq. (10) from the Boltzmann equation.

Units: energies, kT and eF in eV; A in eV nm; B and U in eV nm^2; k in nm^-1; n_i in
nm^-2; rates Gamma in eV; tau/hbar in eV^-1; conductivities in e^2/h. hbar never appears
on its own: every time is tau/hbar and every velocity hbar v = d(epsilon)/dk.

The paper writes the Fermi function as 1/(exp(beta epsilon) + 1); the Fermi energy eF is
implicit there and explicit here: f_{k eta} = f(eta E_k - eF).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from qsym.calculus import angular_average, leading_order, polar_gradient
from qsym.checks import all_of, erratum, largest, numeric_close, series_equal, symbolic_equal
from qsym.derivation import (
    Arg, CheckResult, Constraint, Derivation, Erratum, FermiEdge, Kernel, Observable, Reference,
)
from qsym.functions import MPMATH_FUNCTIONS, fermi, fermi_window
from qsym.geometry import (
    berry_connection, berry_curvature, gauge_transform, quantum_metric, two_band_hamiltonian,
    velocity_matrix_element,
)
from qsym.latex import latex

NAME = "bhz_decoherence"
PAPER = "000_93cf93cdea05a717.txt"

# ------------------------------------------------------------------------------------------
# Symbols
# ------------------------------------------------------------------------------------------
kx, ky = sp.symbols("k_x k_y", real=True)
k = sp.Symbol("k", positive=True)
theta = sp.Symbol("theta", real=True)
M, B = sp.symbols("M B", real=True, nonzero=True)
A = sp.Symbol("A", positive=True)
U = sp.Symbol("U", real=True)
n_i = sp.Symbol("n_i", nonnegative=True)
eF = sp.Symbol("epsilon_F", real=True)
kT = sp.Symbol("kT", nonnegative=True)
s = sp.Symbol("s", real=True)  # spin, +1 or -1
E = sp.Symbol("E_k", positive=True)  # band energy |d(k)| as an intermediate symbol
Gamma, Gamma_a = sp.symbols("Gamma_k Gamma^a_k", real=True)
Theta = sp.Symbol("Theta_k", real=True)  # mixing angle, cos = E^-/E, sin = A k/E
dTheta = sp.Symbol("Theta'_k", real=True)  # its k-derivative
hbar_over_tau0 = sp.Symbol("hbar/tau^0_k", positive=True)
eps = sp.Symbol("epsilon", positive=True)  # an energy on the band axis (inverse dispersion)

E_minus = M - B * k**2  # E^-_k
E_plus = M + B * k**2  # E^+_k
E_explicit = sp.sqrt(A**2 * k**2 + E_minus**2)

SYMBOL_NAMES = {
    E: r"\mathcal{E}_k", eF: r"\epsilon_F", kT: r"k_B T", Theta: r"\Theta_k",
    dTheta: r"\Theta_k'", hbar_over_tau0: r"\hbar/\tau^0_k", Gamma_a: r"\Gamma^a_k",
    Gamma: r"\Gamma_k", n_i: r"n_{\mathrm{i}}", eps: r"\epsilon",
}

SPINS = (1, -1)
BANDS = (1, -1)

_THETA_K = sp.Function("Theta", real=True)(k)  # Theta as a function while differentiating


def _reduce_spin(expr):
    """Use s**2 = 1."""
    return expr.replace(
        lambda e: e.is_Pow and e.base == s and e.exp.is_Integer,
        lambda e: s ** (int(e.exp) % 2),
    )


def _to_band_variables(expr, dtheta_value):
    """Replace the mixing angle by band quantities: sin = A k/E, cos = E^-/E, and Theta' by
    ``dtheta_value`` (the result of the ``mixing_angle_derivative`` step)."""
    expr = expr.subs({dTheta: dtheta_value}).subs(
        {sp.sin(Theta): A * k / E, sp.cos(Theta): E_minus / E})
    # any remaining (half-angle) dependence: Theta in [0, pi] because sin Theta = A k/E >= 0
    return expr.subs(Theta, sp.acos(E_minus / E))


def _explicit(expr):
    """Eliminate the intermediate symbol E_k."""
    return expr.subs(E, E_explicit)


# Physical sampling ranges for random-point identity tests (A^2 > 2MB holds throughout).
RANGES = {k: (sp.Rational(1, 20), 3), A: (sp.Rational(1, 2), 2), M: (sp.Rational(-1, 10), sp.Rational(1, 10)),
          B: (sp.Rational(1, 10), 1), Gamma: (sp.Rational(1, 100), 1), Gamma_a: (sp.Rational(-1, 2), sp.Rational(1, 2)),
          eF: (sp.Rational(-1, 5), sp.Rational(1, 5)), kT: (sp.Rational(1, 50), sp.Rational(1, 5))}


# ------------------------------------------------------------------------------------------
# The derivation
# ------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def build() -> Derivation:
    d = Derivation(
        name=NAME,
        title="Decoherence-induced conductivity of a BHZ topological insulator",
        source=f"{PAPER} (Zhang et al., arXiv:2604.26698)",
        module=__name__,
        symbol_names=SYMBOL_NAMES,
    )

    # --- 1. Model -----------------------------------------------------------------------
    d_vec = (s * A * kx, A * ky, M - B * (kx**2 + ky**2))
    H = d.define("hamiltonian", two_band_hamiltonian(0, d_vec), lhs=sp.Symbol("H_s"),
                 doc="BHZ Hamiltonian of spin sector s = +-1: d = (s A kx, A ky, M - B k^2).")
    d_polar = [sp.expand(c.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})) for c in d_vec]
    energy_derived = d.derive(
        "band_energy", sp.sqrt(sp.simplify(_reduce_spin(sum(c**2 for c in d_polar)))),
        lhs=E, doc="|d(k)|: the bands are eta E_k, eta = +-1.")
    d.state("band_energy_printed", sp.sqrt(A**2 * k**2 + E_minus**2), lhs=E,
            doc="E_k = sqrt(A^2 k^2 + (E^-_k)^2) with E^-_k = M - B k^2 (model paragraph before Eq. 1).")
    d.check("band_energy_matches_paper",
            lambda: symbolic_equal(energy_derived, d["band_energy_printed"].expr),
            compares=("band_energy", "band_energy_printed"))

    up = sp.Matrix([s * sp.cos(Theta / 2) * sp.exp(-s * sp.I * theta), sp.sin(Theta / 2)])
    dn = sp.Matrix([s * sp.sin(Theta / 2) * sp.exp(-s * sp.I * theta), -sp.cos(Theta / 2)])
    d.state("eigenstates", sp.Matrix.hstack(up, dn), lhs=sp.Symbol(r"\left(|k s+\rangle, |k s-\rangle\right)"),
            doc="Printed eigenstates |k s +-> (columns), with cos Theta = E^-/E, sin Theta = A k/E.")

    def check_eigenstates() -> CheckResult:
        # d in spherical form: d = E (s sin Theta cos theta, sin Theta sin theta, cos Theta)
        sph = {kx: E * sp.sin(Theta) * sp.cos(theta) / A, ky: E * sp.sin(Theta) * sp.sin(theta) / A}
        rng = {E: (sp.Rational(1, 10), 2), Theta: (0, 3), theta: (-3, 3)}
        res = []
        for spin in SPINS:
            h = two_band_hamiltonian(0, (spin * A * sph[kx], A * sph[ky], E * sp.cos(Theta)))
            vecs = {1: up.subs(s, spin), -1: dn.subs(s, spin)}
            for band, v in vecs.items():
                res.append(symbolic_equal(h * v, band * E * v, ranges=rng))
                res.append(symbolic_equal((v.H * v)[0, 0], 1, ranges=rng))
            res.append(symbolic_equal((vecs[1].H * vecs[-1])[0, 0], 0, ranges=rng))
        return all_of(res, "H|k s +-> = +-E|k s +->, <+-|+-> = 1, <+|-> = 0 for s = +-1")

    d.check("eigenstates_are_orthonormal_eigenvectors", check_eigenstates,
            compares=("eigenstates", "hamiltonian"),
            doc="d = E (s sin Theta cos theta, sin Theta sin theta, cos Theta) by the definition of Theta.")

    # --- 2. Geometry ----------------------------------------------------------------------
    cos_Theta = E_minus / E_explicit
    dtheta_derived = sp.factor(sp.simplify(-sp.diff(cos_Theta, k) / (A * k / E_explicit)))
    dtheta_derived = d.derive(
        "mixing_angle_derivative", dtheta_derived.subs(sp.expand(E_explicit**2), E**2),
        lhs=dTheta, doc="Theta' = -(d cos Theta/dk)/sin Theta.")

    def to_band(expr):
        return _to_band_variables(expr, dtheta_derived)

    d_kx, d_ky = polar_gradient(k, theta)

    def connection(bra, ket, deriv):
        bra_f = bra.subs(Theta, _THETA_K)
        ket_f = ket.subs(Theta, _THETA_K)
        r = berry_connection(bra_f, ket_f, deriv)
        r = r.subs(sp.Derivative(_THETA_K, k), dTheta).subs(_THETA_K, Theta)
        return sp.trigsimp(_reduce_spin(sp.expand(r)))

    R_pm = sp.Matrix([connection(up, dn, d_kx), connection(up, dn, d_ky)])
    R_mp = sp.Matrix([connection(dn, up, d_kx), connection(dn, up, d_ky)])
    d.derive("berry_connection_interband", R_pm, lhs=sp.Symbol(r"\mathcal{R}^{+-}_{ks}"),
             doc="<k s +| i grad_k |k s -> by differentiating the printed eigenstates (polar k).")

    def check_velocity_identity() -> CheckResult:
        # v^{+-} = i (eps_+ - eps_-) R^{+-} / hbar  vs  <+| dH/dk |-> / hbar computed directly
        results = []
        for spin in SPINS:
            h = H.subs(s, spin)
            for i, var in enumerate((kx, ky)):
                dh = sp.diff(h, var).subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})
                direct = velocity_matrix_element(up.subs(s, spin), dh, dn.subs(s, spin))
                via_r = sp.I * 2 * E * R_pm[i].subs(s, spin)
                results.append(symbolic_equal(_explicit(to_band(direct)),
                                              _explicit(to_band(via_r)),
                                              ranges={**RANGES, theta: (-3, 3)}))
        return all_of(results, "v^{+-}_i = i(eps_+ - eps_-) R^{+-}_i/hbar equals <+|dH/dk_i|->/hbar, "
                               "i = x, y, s = +-1")

    d.check("velocity_identity", check_velocity_identity,
            compares=("berry_connection_interband", "<+|dH/dk|-> from hamiltonian"), eq="5",
            doc="The identity stated after Eq. (5).")

    def check_metric() -> CheckResult:
        # Re R^{+-}_i R^{-+}_j from the eigenstates vs the gauge-invariant 1/4 d^_i . d^_j
        out = []
        for spin in SPINS:
            g = quantum_metric([c.subs(s, spin) for c in d_vec], (kx, ky))
            g = g.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})
            for i in range(2):
                for j in range(2):
                    prod = sp.re(sp.expand(R_pm[i] * R_mp[j]).subs(s, spin))
                    out.append(symbolic_equal(_explicit(to_band(prod)), g[i, j],
                                              ranges={**RANGES, theta: (0, 6)}, exact=False))
        return all_of(out, "Re R^{+-}_i R^{-+}_j = g_ij = (1/4) d_i(d^).d_j(d^) for i, j in {x, y}, s = +-1")

    d.check("interband_connection_gives_quantum_metric", check_metric,
            compares=("berry_connection_interband", "quantum metric from d-vector (qsym.geometry)"))

    phase_p = sp.Function("phi_plus", real=True)(k, theta)
    phase_m = sp.Function("phi_minus", real=True)(k, theta)

    def check_gauge() -> CheckResult:
        up_g, dn_g = gauge_transform(up, phase_p), gauge_transform(dn, phase_m)
        out = []
        for i, deriv in enumerate((d_kx, d_ky)):
            new = sp.expand(sp.powsimp(connection(up_g, dn_g, deriv) * connection(dn_g, up_g, deriv)))
            out.append(_reduce_spin(sp.expand(new - R_pm[i] * R_mp[i])) == 0)
        return CheckResult(all(out), "symbolic", 0.0,
                           "|R^{+-}_i|^2 unchanged under |n> -> exp(i phi_n(k, theta)) |n> with "
                           "arbitrary real phases phi_+, phi_-")

    d.check("interband_connection_gauge_invariant", check_gauge,
            compares=("berry_connection_interband", "the same in an arbitrary k-dependent gauge"))

    # Berry curvature and spin Chern number
    omega = {}
    for spin in SPINS:
        o = berry_curvature([c.subs(s, spin) for c in d_vec], kx, ky, band=-1)
        omega[spin] = sp.simplify(o.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)}))
    omega_s = sp.simplify((omega[1] - omega[-1]) / 2) * s
    d.derive("berry_curvature_lower_band", omega_s.subs(E_explicit, E),
             lhs=sp.Symbol(r"\Omega^{-}_{ks}"),
             doc="-1/2 d^.(d_x d^ x d_y d^) of the valence band, from the d-vector (gauge invariant).")

    # k A_theta of the valence band from the printed eigenstate; k Omega = d(k A_theta)/dk
    k_a_theta = sp.trigsimp(sp.expand(
        (dn.H * (sp.I * sp.diff(dn, theta)))[0, 0]))
    k_a_theta = sp.simplify(_reduce_spin(k_a_theta))
    d.derive("berry_connection_azimuthal", k_a_theta, lhs=sp.Symbol(r"k\mathcal{A}^{-}_{\theta}"),
             doc="k times the azimuthal intraband connection of |k s ->.")

    def check_curl() -> CheckResult:
        lhs_ = sp.diff(k_a_theta.subs(Theta, sp.acos(cos_Theta)), k)
        return symbolic_equal(_reduce_spin(lhs_), k * omega_s, ranges=RANGES)

    d.check("berry_curvature_is_curl_of_connection", check_curl,
            compares=("berry_curvature_lower_band", "d(k A_theta)/dk from eigenstates"))

    # k A_theta depends on k only through cos Theta; C_s = [k A_theta]_{k=0}^{k=inf} (Stokes)
    m_, b_ = sp.symbols("m b", positive=True)
    c_sym = sp.Symbol("c", real=True)
    ka_of_c = sp.simplify(sp.expand_trig(k_a_theta.subs(Theta, sp.acos(c_sym))))
    chern = {}
    for sM in (1, -1):
        for sB in (1, -1):
            ct = cos_Theta.subs({M: sM * m_, B: sB * b_})
            value = ka_of_c.subs(c_sym, sp.limit(ct, k, sp.oo)) - ka_of_c.subs(c_sym, sp.limit(ct, k, 0, "+"))
            chern[(sM, sB)] = sp.simplify(value)
    chern_expr = sp.Matrix([[chern[(1, 1)], chern[(1, -1)]], [chern[(-1, 1)], chern[(-1, -1)]]])
    d.derive("chern_number", chern_expr, lhs=sp.Symbol(r"C_s\,[\mathrm{sgn}M=\pm;\ \mathrm{sgn}B=\pm]"),
             doc="(1/2pi) int d^2k Omega = [k A_theta]_{k=0}^{inf} (Stokes), for each sign of M and B.")
    printed_chern = s * (sp.sign(M) + sp.sign(B)) / 2
    d.state("chern_number_printed", printed_chern, lhs=sp.Symbol("C_s"),
            doc="The model 'realises a 2D topological insulator for MB > 0' (text): spin Chern "
                "number s(sgn M + sgn B)/2, nonzero exactly when MB > 0.")

    def check_chern() -> CheckResult:
        bad = []
        for (sM, sB), v in chern.items():
            want = printed_chern.subs({M: sM, B: sB})
            if sp.simplify(v - want) != 0:
                bad.append(((sM, sB), v, want))
        # independent numeric route: mpmath quadrature of 2 pi int k Omega dk
        import mpmath
        f = sp.lambdify((k, M, A, B), (k * omega_s).subs(s, 1), "mpmath")
        errors = []
        with mpmath.workdps(30):
            for (mv, av, bv) in ((0.01, 0.3, 0.5), (-0.02, 0.2, 0.8), (0.03, 0.4, -0.3), (-0.01, 0.5, -1.0)):
                num = mpmath.quad(lambda q: f(q, mv, av, bv), [0, abs(mv) / av, 1, mpmath.inf])
                want = (np.sign(mv) + np.sign(bv)) / 2
                errors.append(float(abs(num - want)))
        worst = largest(errors)
        ok = not bad and worst < 1e-15
        return CheckResult(ok, "symbolic+numeric", worst,
                           "C_s = s(sgn M + sgn B)/2 in all four sign cases; mpmath quadrature of "
                           f"int k Omega dk agrees to {worst:.1e}" + (f"; mismatches {bad}" if bad else ""))

    d.check("spin_chern_number", check_chern, compares=("chern_number", "chern_number_printed"))

    # --- 3. Rates and decoherence times (stated) ---------------------------------------------
    def tau_parallel_printed(delta):
        """Eq. (3): tau^{etabar eta}_{ks,||}/hbar with delta = eps_etabar - eps_eta."""
        return (delta - sp.I * Gamma) / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)

    def tau_perp_printed(delta, spin, eta):
        """Eq. (4): tau^{etabar eta}_{ks,perp}/hbar."""
        return spin * eta * Gamma_a / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)

    tau_par_pm = d.state("tau_parallel", tau_parallel_printed(2 * E), eq="3",
                         lhs=sp.Symbol(r"\tau^{+-}_{k,\parallel}/\hbar"),
                         doc="Ordinary decoherence time, etabar eta = +-, eps_+ - eps_- = 2E_k.")
    tau_perp_pm = d.state("tau_perp", tau_perp_printed(2 * E, 1, -1), eq="4",
                          lhs=sp.Symbol(r"\tau^{+-}_{k,\perp}/\hbar"),
                          doc="Anomalous decoherence time of spin up (the paper's tau^{+-}_{k,perp}).")
    gamma_printed = d.state("gamma", hbar_over_tau0 / 4 * (1 + E_minus**2 / E**2), lhs=Gamma,
                            doc="Normal decoherence rate (text after Eq. 4).")
    gamma_a_printed = d.state("gamma_anomalous", hbar_over_tau0 / 2 * E_minus / E, lhs=Gamma_a,
                              doc="Anomalous decoherence rate (text after Eq. 4).")
    dos_printed = d.state("dos", E / (2 * sp.pi * sp.Abs(A**2 - 2 * B * E_minus)), lhs=sp.Symbol(r"\nu_k"),
                          doc="Density of states per band and spin (text after Eq. 4).")
    inv_tau0 = d.state("inverse_tau0", 2 * sp.pi * n_i * sp.Symbol(r"\nu_k") * U**2, lhs=hbar_over_tau0,
                       doc="hbar/tau^0_k = 2 pi n_i nu_k U^2 (text after Eq. 4).")
    dos_derived = d.derive("dos_from_dispersion",
                           k / (2 * sp.pi * sp.Abs(sp.diff(E_explicit, k))), lhs=sp.Symbol(r"\nu_k"),
                           doc="nu_k = k / (2 pi |dE_k/dk|) for one band and spin.")
    d.check("dos_matches_dispersion",
            lambda: symbolic_equal(dos_derived, _explicit(dos_printed), ranges=RANGES),
            compares=("dos_from_dispersion", "dos"))

    # the rates as explicit functions of k (one source: the stated steps above)
    nu_k = _explicit(dos_printed)
    rate0 = inv_tau0.subs(sp.Symbol(r"\nu_k"), nu_k)
    gamma_k = _explicit(gamma_printed.subs(hbar_over_tau0, rate0))
    gamma_a_k = _explicit(gamma_a_printed.subs(hbar_over_tau0, rate0))

    def explicit_rates(expr):
        return _explicit(expr.subs({Gamma: gamma_k, Gamma_a: gamma_a_k}))

    # --- 4. Eq. (5): sum over bands and spins, angular average -------------------------------
    def current_summand(eps_eta, eps_etabar, tau, f_eta, f_etabar, r_eta_etabar_x, r_etabar_eta_dot_e):
        """Eq. (5), one (k, eta) term of J^alpha_s / E_x in units of e^2/hbar (transcribed once)."""
        return -sp.I * (eps_eta - eps_etabar) * tau * (f_etabar - f_eta) * r_eta_etabar_x * r_etabar_eta_dot_e

    ep, em, tau_s, fe, feb, r1, r2 = placeholders = sp.symbols("eps_eta eps_etabar tau_alpha f_eta f_etabar R_x R_dot_E")
    d.symbol_names.update(zip(placeholders, (
        r"\epsilon_{k\eta}", r"\epsilon_{k\bar\eta}", r"\frac{\tau^{\bar\eta\eta}_{ks,\alpha}}{\hbar}", r"f_{k\eta}",
        r"f_{k\bar\eta}", r"\mathcal{R}^{\eta\bar\eta}_{x}", r"\frac{\mathcal{R}^{\bar\eta\eta}_{ks}\cdot\mathbf{E}_\alpha}{E_x}")))
    d.state("current_density", current_summand(ep, em, tau_s, fe, feb, r1, r2), eq="5",
            lhs=sp.Symbol(r"\frac{J^\alpha_{s,x}}{(e^2/\hbar)E_x}\Big|_{k\eta}"),
            doc="Summand of Eq. (5) per k and eta, divided by e^2/hbar and E_x.")

    e_field = sp.Matrix([1, 0, 0])
    e_perp = e_field.cross(sp.Matrix([0, 0, 1]))  # E x z^ = -y^ for E along x
    conn = {1: (R_pm, R_mp), -1: (R_mp, R_pm)}  # eta -> (R^{eta etabar}, R^{etabar eta})
    fermi_of = {1: fermi(E - eF, kT), -1: fermi(-E - eF, kT)}
    # e^2/hbar = 2 pi e^2/h and sum_k = int d^2k/(2pi)^2 = int k dk/(2pi) * 2pi <.>_theta
    to_e2h_per_dk = 2 * sp.pi * (2 * sp.pi * k) / (2 * sp.pi) ** 2

    def summed(alpha, clean=False):
        total = 0
        for spin in SPINS:
            for eta in BANDS:
                delta = -2 * eta * E  # eps_etabar - eps_eta
                if clean:
                    tau = (1 / delta) if alpha == "par" else 0
                elif alpha == "par":
                    tau = tau_parallel_printed(delta)
                else:
                    tau = tau_perp_printed(delta, spin, eta)
                r_ab, r_ba = conn[eta]
                e_alpha = e_field if alpha == "par" else e_perp
                r_dot_e = r_ba[0] * e_alpha[0] + r_ba[1] * e_alpha[1]
                term = current_summand(eta * E, -eta * E, tau, fermi_of[eta], fermi_of[-eta], r_ab[0], r_dot_e)
                total += _reduce_spin(sp.expand(term)).subs(s, spin)
        return total

    occupation = sp.Symbol(r"F_k")  # sum_eta eta f_{k eta}, a bookkeeping symbol while factoring

    def to_integrand(total):
        avg = to_band(angular_average(total, theta))
        # Only sum_eta eta f_eta can survive (checked): write f_+ = F + f_- and factor the rest.
        avg = sp.expand(avg.subs(fermi_of[1], occupation + fermi_of[-1]))
        if avg.has(fermi):
            raise ArithmeticError("Eq. (5) summand depends on f_eta other than through sum eta f_eta")
        return sp.factor(sp.cancel(to_e2h_per_dk * avg)).subs(occupation, fermi_of[1] - fermi_of[-1])

    integrand_par = d.derive("sigma_parallel_integrand", to_integrand(summed("par")), eq="6",
                             lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"),
                             doc="Eq. (5) with tau_||, E_|| = E: sum over eta and s, angle average.")
    integrand_perp = d.derive("sigma_perp_integrand", to_integrand(summed("perp")), eq="7",
                              lhs=sp.Symbol(r"d\sigma^\perp_L/dk"),
                              doc="Eq. (5) with tau_perp, E_perp = E x z^: sum over eta and s, angle average.")
    sum_eta_f = fermi_of[1] - fermi_of[-1]  # sum_eta eta f_{k eta}
    printed6 = d.state("sigma_parallel_printed",
                       -sum_eta_f * k * sp.im(tau_par_pm) * A**2 / E * (1 + E_plus**2 / E**2), eq="6",
                       lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"))
    printed7 = d.state("sigma_perp_printed",
                       -2 * sum_eta_f * k * sp.re(tau_perp_pm) * A**2 * E_plus / E**2, eq="7",
                       lhs=sp.Symbol(r"d\sigma^\perp_L/dk"))
    d.check("eq6_from_eq5", lambda: symbolic_equal(_explicit(integrand_par), _explicit(printed6), ranges=RANGES),
            compares=("sigma_parallel_integrand", "sigma_parallel_printed"), eq="6")
    d.check("eq7_from_eq5", lambda: symbolic_equal(_explicit(integrand_perp), _explicit(printed7), ranges=RANGES),
            compares=("sigma_perp_integrand", "sigma_perp_printed"), eq="7")

    # --- 5. Limits ---------------------------------------------------------------------------
    in_gap = {fermi(E - eF, kT): 0, fermi(-E - eF, kT): 1}  # T = 0, |eF| < |M| <= E_k
    gap_par = d.derive("sigma_parallel_gap_T0", integrand_par.subs(in_gap), eq="8",
                       lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"),
                       doc="T = 0, eF in the gap: f_+ = 0, f_- = 1 (E_k >= |M| > |eF| when A^2 > 2MB).")
    gap_perp = d.derive("sigma_perp_gap_T0", integrand_perp.subs(in_gap), eq="9",
                        lhs=sp.Symbol(r"d\sigma^\perp_L/dk"))
    p8 = d.state("eq8", k * sp.im(tau_par_pm) * (A**2 / E + A**2 * (M + B * k**2) ** 2 / E**3), eq="8",
                 lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"))
    p9 = d.state("eq9", 2 * k * sp.re(tau_perp_pm) * A**2 * (M + B * k**2) / E**2, eq="9",
                 lhs=sp.Symbol(r"d\sigma^\perp_L/dk"))
    d.check("eq8_from_eq6", lambda: symbolic_equal(_explicit(gap_par), _explicit(p8), ranges=RANGES),
            compares=("sigma_parallel_gap_T0", "eq8"), eq="8")
    d.check("eq9_from_eq7", lambda: symbolic_equal(_explicit(gap_perp), _explicit(p9), ranges=RANGES),
            compares=("sigma_perp_gap_T0", "eq9"), eq="9")

    # dilute limit: Gamma, Gamma^a proportional to n_i
    lam = sp.Symbol("lambda", positive=True)  # bookkeeping: Gamma -> lambda Gamma
    dilute = {Gamma: lam * Gamma, Gamma_a: lam * Gamma_a}
    lead = {}
    for name_, expr_ in (("tau_parallel_dilute", sp.im(tau_par_pm.subs(dilute))),
                         ("tau_perp_dilute", sp.re(tau_perp_pm.subs(dilute)))):
        coeff, power = leading_order(expr_, lam)
        lead[name_] = d.derive(name_, coeff * lam**power, eq="9",
                               lhs=sp.Symbol(r"\mathrm{Im}\,\tau^{+-}_\parallel/\hbar" if "par" in name_
                                             else r"\mathrm{Re}\,\tau^{+-}_\perp/\hbar"),
                               doc="Leading order in the impurity density (Gamma, Gamma^a -> lambda Gamma, "
                                   "lambda Gamma^a; lambda = 1 at the end).")
    d.state("dilute_limit_printed", sp.Tuple(Gamma / (4 * E**2), -Gamma_a / (4 * E**2)),
            lhs=sp.Symbol(r"(\mathrm{Im}\,\tau_\parallel, \mathrm{Re}\,\tau_\perp)/\hbar"),
            doc="Text after Eq. (9): Im(tau_||/hbar) ~ Gamma/4E^2, Re(tau_perp/hbar) ~ -Gamma^a/4E^2.")
    d.check("dilute_limit_tau_parallel",
            lambda: series_equal(sp.im(tau_par_pm.subs(dilute)), lam, lam * Gamma / (4 * E**2), 3),
            compares=("tau_parallel_dilute", "dilute_limit_printed"), eq="9",
            doc="To O(n_i^3): the n_i^2 term vanishes, so sigma = a n_i + O(n_i^3).")
    d.check("dilute_limit_tau_perp",
            lambda: series_equal(sp.re(tau_perp_pm.subs(dilute)), lam, -lam * Gamma_a / (4 * E**2), 3),
            compares=("tau_perp_dilute", "dilute_limit_printed"), eq="9")

    def check_linear_in_ni() -> CheckResult:
        mod = _generated()
        p = paper_parameters()
        ns = np.array([1e-7, 1e-6, 1e-5])
        errors, notes = [], []
        ok = True
        for fn in (mod.sigma_parallel, mod.sigma_perp):
            for e_f in (0.0, 0.02):
                r = fn(e_f, 0.0, 2 * ns, **p) / fn(e_f, 0.0, ns, **p)
                dev = np.abs(r - 2)
                # sigma = a n_i + O(n_i^3) (Im tau_|| and Re tau_perp are odd in the rates,
                # see the dilute-limit series checks): |ratio - 2| shrinks as n_i^2
                ok &= bool(dev[0] < 1e-6 and 50 < dev[1] / dev[0] < 200 and 50 < dev[2] / dev[1] < 200)
                errors.append(dev[0])
                notes.append(f"{fn.__name__}(eF={e_f}): |ratio-2| = " + ", ".join(f"{x:.1e}" for x in dev))
        return CheckResult(ok, "numeric", largest(errors), "sigma(2 n_i)/sigma(n_i) at n_i = 1e-7, 1e-6, 1e-5 nm^-2, T = 0: "
                           + "; ".join(notes))

    d.check("sigma_linear_in_impurity_density", check_linear_in_ni,
            compares=("sigma_parallel, sigma_perp (generated)", "2 n_i scaling"), eq="9")

    # clean limit: perfect coherence, Eq. (2) with tau_||/hbar = 1/(eps_etabar - eps_eta), tau_perp = 0
    clean_sum = sp.simplify(summed("par", clean=True) + summed("perp", clean=True))
    d.derive("clean_longitudinal_response", clean_sum, lhs=sp.Symbol(r"\sum_{s\eta}J_x/E_x|_{\rm clean}"),
             doc="Eq. (5) with the clean steady state delta rho = -(f_etabar - f_eta)/(eps_etabar - eps_eta) R.eE.")

    def check_clean() -> CheckResult:
        limit_ok = all(
            sp.simplify(sp.limit(sp.limit(tau_parallel_printed(dl), Gamma_a, 0), Gamma, 0) - 1 / dl) == 0
            and sp.limit(sp.limit(tau_perp_printed(dl, 1, 1), Gamma_a, 0), Gamma, 0) == 0
            for dl in (2 * E, -2 * E))
        return CheckResult(limit_ok and clean_sum == 0, "symbolic", 0.0,
                           "Eqs. (3)-(4) -> 1/(eps_etabar - eps_eta), 0 as Gamma, Gamma^a -> 0; the "
                           f"longitudinal sum of Eq. (5) is then {clean_sum} for every k and theta")

    d.check("clean_limit_no_longitudinal_response", check_clean,
            compares=("clean_longitudinal_response", "0"), eq="5")

    beta = sp.Symbol("beta", positive=True)
    occupation_sum = (fermi_of[1] - fermi_of[-1]).rewrite(sp.exp).subs(kT, 1 / beta)
    d.state("high_temperature_printed", -E / (2 * kT), lhs=sp.Symbol(r"\sum_\eta \eta f_{k\eta}"),
            doc="Text after Eq. (7): sum_eta eta f_{k eta} ~ -E_k/(2 k_B T) at high T.")
    d.check("high_temperature_occupation",
            lambda: series_equal(occupation_sum, beta, -E * beta / 2, 2),
            compares=("sum_eta eta f (series in 1/kT)", "high_temperature_printed"), eq="7")

    def check_inverse_t() -> CheckResult:
        mod = _generated()
        p = paper_parameters()
        temps = np.array([1.0, 2.0, 4.0, 8.0])
        notes, ok, errors = [], True, []
        for fn in (mod.sigma_parallel, mod.sigma_perp):
            sig = fn(0.0, temps, 1e-3, **p)
            slope = np.diff(np.log(np.abs(sig))) / np.diff(np.log(temps))
            dev = np.abs(slope + 1)
            ok &= bool(dev[-1] < 0.02 and np.all(np.diff(dev) < 0))
            errors.append(dev[-1])
            notes.append(f"{fn.__name__}: d ln sigma/d ln T = " + ", ".join(f"{x:.4f}" for x in slope))
        return CheckResult(ok, "numeric", largest(errors), "kT = 1..8 eV, eF = 0, n_i = 1e-3 nm^-2: " + "; ".join(notes))

    d.check("sigma_inverse_in_temperature", check_inverse_t,
            compares=("sigma_parallel, sigma_perp (generated)", "1/T law"), eq="7")

    # --- 6. Drude conductivity, Eq. (10) -------------------------------------------------------
    velocity = d.derive("velocity", sp.factor(sp.simplify(sp.diff(E_explicit, k))) , lhs=sp.Symbol(r"\hbar v_{k+}"),
                        doc="hbar v_{k eta} = d(eta E_k)/dk for eta = +; the valence band has the opposite sign.")
    v_printed = d.state("velocity_printed", k * (A**2 - 2 * B * (M - B * k**2)) / E, eq="10",
                        lhs=sp.Symbol(r"\hbar v_{k+}"))
    d.check("velocity_matches_paper",
            lambda: symbolic_equal(velocity, _explicit(v_printed), ranges=RANGES),
            compares=("velocity", "velocity_printed"), eq="10")
    # elastic scattering k -> k' within band +, |k'| = |k|: <k'+|k+> from the printed eigenstates
    theta_p = sp.Symbol("theta'", real=True)
    overlaps = []
    for spin in SPINS:
        u_k = up.subs(s, spin)
        u_kp = u_k.subs(theta, theta_p)
        ov = (u_kp.H * u_k)[0, 0]
        overlaps.append(sp.expand(ov * sp.conjugate(ov)))
    phi = sp.Symbol("phi", real=True)
    weight = sp.expand(overlaps[0].subs(theta_p, theta - phi) * (1 - sp.cos(phi)))
    factor_avg = angular_average(sp.expand(sp.expand_complex(weight)), phi)
    factor_avg = sp.simplify(to_band(sp.expand(sp.expand_trig(
        sp.trigsimp(factor_avg).rewrite(sp.cos)))))
    transport = d.derive("transport_factor", factor_avg, eq="10",
                         lhs=sp.Symbol(r"\langle|\langle k'|k\rangle|^2(1-\cos)\rangle"),
                         doc="Angular average over theta - theta' of |<k'+|k+>|^2 (1 - cos(theta - theta')).")
    d.state("transport_factor_printed", 1 - 3 * A**2 * k**2 / (4 * E**2), eq="10",
            lhs=sp.Symbol(r"\langle|\langle k'|k\rangle|^2(1-\cos)\rangle"))
    d.check("transport_factor_matches_paper",
            lambda: symbolic_equal(_explicit(transport), _explicit(d["transport_factor_printed"].expr),
                                   ranges=RANGES),
            compares=("transport_factor", "transport_factor_printed"), eq="10")
    d.check("transport_factor_spin_independent",
            lambda: symbolic_equal(overlaps[0], overlaps[1]),
            compares=("|<k'+|k+>|^2 for s = +1", "for s = -1"))

    tau_tr = 1 / (2 * sp.pi * n_i * nu_k * U**2 * _explicit(transport))  # tau_k / hbar
    # Boltzmann: sigma = e^2 sum_{s,eta} int d^2k/(2pi)^2 v_x^2 tau (-df/de); in e^2/h,
    # with hbar v_x = hbar v cos(theta): sigma/(e^2/h) = 2pi * sum int d^2k/(2pi)^2 (hbar v_x)^2 (tau/hbar)(-f')
    drude_terms = 0
    for spin in SPINS:
        for eta in BANDS:
            vx = eta * velocity * sp.cos(theta)
            drude_terms += (2 * sp.pi * k / (2 * sp.pi) ** 2) * 2 * sp.pi * vx**2 * tau_tr * fermi_window(eta * E_explicit - eF, kT)
    window = sp.Symbol("W_k")  # sum over bands of the thermal windows, bookkeeping while factoring
    w_plus, w_minus = (fermi_window(eta * E_explicit - eF, kT) for eta in BANDS)
    drude_avg = sp.expand(angular_average(drude_terms, theta)).subs(w_plus, window - w_minus)
    drude_avg = sp.factor(sp.expand(drude_avg)).subs(window, w_plus + w_minus)
    drude_integrand = d.derive("sigma_drude_integrand", drude_avg,
                               eq="10", lhs=sp.Symbol(r"d\sigma_{\rm dia}/dk"),
                               doc="Boltzmann conductivity summed over both spins and bands, angle averaged.")
    printed10 = d.state(
        "eq10",
        sum(-(2 * sp.pi) / (4 * sp.pi) * k * (eta * _explicit(v_printed)) ** 2 * tau_tr
            * (-fermi_window(eta * E_explicit - eF, kT)) for eta in BANDS),
        eq="10", lhs=sp.Symbol(r"d\sigma_{\rm dia}/dk"),
        doc="Eq. (10) in units of e^2/h: -(e^2/4pi) sum_eta k v^2 tau f', e^2/4pi = (e^2/h)(hbar/2).")
    ratio = sp.simplify(drude_integrand / printed10)
    d.record_erratum(Erratum(
        "eq10_spin_factor", Reference(d.source, "10"), printed10, drude_integrand,
        f"Eq. (10) as printed is the Drude conductivity of one spin sector: the Boltzmann result "
        f"summed over both spins is {ratio} times it (Eqs. 6-7 include both spins). Kernels use "
        f"the spin-summed form.", evidence="eq10_spin_factor"))

    def check_eq10() -> CheckResult:
        exact_ratio = ratio
        mod = _generated()
        p = paper_parameters()
        e_f, t, ni = 0.05, 0.01, 1e-3
        numeric = drude_numeric_route(e_f, t, ni, **p)
        generated = float(mod.sigma_drude(e_f, t, ni, **p))
        # the printed Eq. (10), evaluated on its own by mpmath quadrature
        import mpmath
        f10 = sp.lambdify((k, eF, kT, n_i, M, A, B, U), printed10, modules=[MPMATH_FUNCTIONS, "mpmath"])
        with mpmath.workdps(20):
            kf = float(_explicit(k_of_e).subs({eps: e_f, M: p["M"], A: p["A"], B: p["B"]}))
            printed = float(mpmath.quad(lambda q_: f10(q_, e_f, t, ni, p["M"], p["A"], p["B"], p["U"]),
                                        [0, kf / 2, kf, 2 * kf, mpmath.inf]))
        printed_rel = abs(printed - numeric) / abs(numeric)
        printed_vs_derived = CheckResult(exact_ratio == 1, "symbolic", None,
                                         f"derived/printed simplifies to {exact_ratio}")
        route = f"independent 2D k-grid route (numpy eigh velocities, explicit spin sum) at eF={e_f} eV, kT={t} eV"
        evidence = all_of([
            numeric_close([generated], [numeric], rtol=1e-6, what=f"derived sigma_drude vs {route}"),
            CheckResult(printed_rel > 0.4, "numeric", None,
                        f"printed Eq. (10) by mpmath.quad {printed:.10g} vs the k-grid route {numeric:.10g} "
                        f"(rel. diff {printed_rel:.2f})"),
        ])
        return erratum(printed_vs_derived, evidence)

    d.check("eq10_spin_factor", check_eq10, compares=("sigma_drude_integrand", "eq10"), eq="10",
            erratum="eq10_spin_factor")

    # T = 0: -f' -> delta(eta E_k - eF); inverse dispersion on k >= 0
    q = sp.Symbol("q", positive=True)
    roots = sp.solve(sp.expand((A**2 * k**2 + E_minus**2 - eps**2).subs(k, sp.sqrt(q))), q)
    p_ = A**2 - 2 * B * M
    disc = p_**2 + 4 * B**2 * (eps**2 - M**2)
    q_plus = [r for r in roots if sp.simplify(r - (-p_ + sp.sqrt(disc)) / (2 * B**2)) == 0]
    assert q_plus, roots
    q_stable = 2 * (eps**2 - M**2) / (p_ + sp.sqrt(disc))  # = q_plus, rationalized
    k_of_e = d.derive("k_of_energy", sp.sqrt(q_stable), lhs=sp.Symbol("k(\\epsilon)"),
                      doc="Root q = k^2 >= 0 of E_k^2 = eps^2 (from sympy.solve), rationalized.")
    d.check("k_of_energy_inverts_band_energy",
            lambda: symbolic_equal((E_explicit**2).subs(k, k_of_e), eps**2,
                                   ranges={**RANGES, eps: (sp.Rational(1, 5), 1)}),
            compares=("k_of_energy", "band_energy"))
    d.check("k_of_energy_is_the_solve_root",
            lambda: symbolic_equal(q_stable, q_plus[0], ranges={**RANGES, eps: (sp.Rational(1, 5), 1)}),
            compares=("k_of_energy", "sympy.solve root"))

    kF = k_of_e.subs(eps, sp.Max(sp.Abs(eF), sp.Abs(M)))
    # From the derived integrand: at T = 0 the window of the band that crosses eF becomes
    # delta(E_k - |eF|) (the bands are symmetric), and int dk g(k) delta(E_k - |eF|) = g(k_F)/|dE/dk|.
    def delta_for_upper_band(w):  # window of eps = +E_k -> delta; of -E_k -> 0
        band_energy_ = w.args[0] + eF  # +sqrt(...) for the upper band, -sqrt(...) for the lower
        is_root = lambda x: x.is_Pow and x.exp == sp.Rational(1, 2)  # noqa: E731
        if is_root(band_energy_):
            return sp.Integer(1)
        if is_root(-band_energy_):
            return sp.Integer(0)
        raise ArithmeticError(f"cannot tell the band of {w}")

    g_of_k = drude_integrand.replace(lambda e: isinstance(e, fermi_window), delta_for_upper_band)
    if g_of_k.has(fermi_window) or g_of_k == 0:
        raise ArithmeticError("Fermi-surface reduction of the Drude integrand failed")
    fs_value = sp.simplify(g_of_k / sp.Abs(velocity))
    zero_t = d.derive("sigma_drude_zero_temperature",
                      sp.Piecewise((fs_value.subs(k, kF), sp.Abs(eF) > sp.Abs(M)), (0, True)),
                      eq="10", lhs=sp.Symbol(r"\sigma_{\rm dia}(T=0)"),
                      doc="Fermi-surface form: -f' = delta(eta E_k - eF), one band crosses eF.")

    def check_gap() -> CheckResult:
        poly = sp.Poly(sp.expand((A**2 * k**2 + E_minus**2 - eF**2).subs(k, sp.sqrt(q))), q)
        # in the domain A^2 > 2MB and |eF| < |M|: all coefficients positive -> no root q > 0
        pp, gg = sp.symbols("p g", positive=True)
        coeffs = [c.subs({A**2: pp + 2 * M * B}).subs(eF**2, M**2 - gg) for c in poly.all_coeffs()]
        coeffs = [sp.simplify(sp.expand(c.subs(A, sp.sqrt(pp + 2 * M * B)))) for c in coeffs]
        descartes = all(c.is_positive for c in coeffs)
        # independent route: the finite-temperature quadrature vanishes by thermal activation,
        # ln sigma ~ -(|M| - |eF|)/kT as kT -> 0 for eF = 0
        mod = _generated()
        prm = paper_parameters()
        temps = np.array([4e-4, 2e-4, 1e-4])
        vals = mod.sigma_drude(0.0, temps, 1e-3, **prm)
        # ln sigma = c + a ln kT - E_a/kT through three points (prefactor power a free)
        c_, a_, e_a = np.linalg.solve(np.stack([np.ones(3), np.log(temps), -1 / temps], axis=1), np.log(vals))
        slope = -float(e_a)
        activated = bool(vals[-1] < 1e-15 and abs(slope / -prm["M"] - 1) < 0.01)
        return CheckResult(descartes and activated, "symbolic+numeric", abs(slope / -prm["M"] - 1),
                           f"coefficients of E_k^2 - eF^2 in q = k^2: {coeffs} (all positive: no Fermi "
                           f"surface, Descartes); generated finite-T sigma_drude(eF=0) = {vals} at kT = "
                           f"{temps} eV, activation energy {-slope:.5f} eV vs |M| = {prm['M']} eV")

    d.check("drude_vanishes_in_gap_at_zero_temperature", check_gap,
            compares=("sigma_drude_zero_temperature", "no Fermi surface in the gap"), eq="10")

    # --- Kernels ----------------------------------------------------------------------------
    _kernels(d, gamma_k, gamma_a_k, nu_k, tau_par_pm, tau_perp_pm, omega_s,
             explicit_rates(integrand_par), explicit_rates(integrand_perp), drude_integrand,
             zero_t, k_of_e, explicit_rates, rate0)
    from derivations import bhz_figures

    bhz_figures.register(d)
    return d


# ------------------------------------------------------------------------------------------
# Kernel specs
# ------------------------------------------------------------------------------------------

def _args(*names, drude=False):
    table = {
        "k": Arg(k, "k", "nm^-1", "wave number |k|", lower=0.0),
        "eF": Arg(eF, "eF", "eV", "Fermi energy"),
        "kT": Arg(kT, "kT", "eV", "temperature k_B T", lower=0.0),
        "n_i": (Arg(n_i, "n_i", "nm^-2", "impurity density", lower=0.0, lower_open=True) if drude
                else Arg(n_i, "n_i", "nm^-2", "impurity density", lower=0.0)),
        "M": Arg(M, "M", "eV", "mass term", nonzero=True, keyword_only=True),
        "A": Arg(A, "A", "eV nm", "linear (Dirac) coefficient", lower=0.0, lower_open=True, keyword_only=True),
        "B": Arg(B, "B", "eV nm^2", "band curvature", nonzero=True, keyword_only=True),
        "U": (Arg(U, "U", "eV nm^2", "impurity strength", nonzero=True, keyword_only=True) if drude
              else Arg(U, "U", "eV nm^2", "impurity strength", keyword_only=True)),
    }
    return tuple(table[n] for n in names)


MONOTONE = Constraint(A**2 - 2 * M * B > 0,
                      "A**2 - 2*M*B > 0 (bands monotone in k, the paper's regime; otherwise the "
                      "density of states diverges at a ring)")


def _kernels(d, gamma_k, gamma_a_k, nu_k, tau_par, tau_perp, omega_s, int_par, int_perp, int_drude,
             zero_t, k_of_e, explicit_rates, rate0):
    ref = lambda eq: Reference(d.source, eq)  # noqa: E731
    geo = _args("k", "M", "A", "B")
    rates_args = _args("k", "n_i", "M", "A", "B", "U")
    full = _args("k", "eF", "kT", "n_i", "M", "A", "B", "U")
    names = d.symbol_names
    explicit = {E: E_explicit}
    rates = {Gamma: gamma_k, Gamma_a: gamma_a_k, E: E_explicit}
    d.kernel(Kernel("band_energy", geo, E_explicit, "eV", "Band energy E_k (bands are +-E_k).", ref(None),
                    (MONOTONE,), step="band_energy"))
    d.kernel(Kernel("dos", geo, nu_k, "eV^-1 nm^-2", "Density of states nu_k per band and spin.", ref(None),
                    (MONOTONE,), latex(d["dos"].expr, names), step="dos_from_dispersion", step_ranges=RANGES))
    d.kernel(Kernel("berry_curvature", geo, _explicit(omega_s.subs(s, 1)), "nm^2",
                    "Berry curvature of the valence band of spin up (spin down: opposite sign).",
                    Reference("derived"), (MONOTONE,), latex(d["berry_curvature_lower_band"].expr.subs(s, 1), names),
                    step="berry_curvature_lower_band", step_map={s: 1, **explicit}, step_ranges=RANGES))
    d.kernel(Kernel("gamma", rates_args, gamma_k, "eV", "Normal decoherence rate Gamma_k.", ref(None), (MONOTONE,),
                    latex(d["gamma"].expr, names), step="gamma", step_map={hbar_over_tau0: rate0, **explicit}))
    d.kernel(Kernel("gamma_anomalous", rates_args, gamma_a_k, "eV", "Anomalous decoherence rate Gamma^a_k.",
                    ref(None), (MONOTONE,), latex(d["gamma_anomalous"].expr, names), step="gamma_anomalous",
                    step_map={hbar_over_tau0: rate0, **explicit}))
    d.kernel(Kernel("tau_parallel", rates_args, explicit_rates(tau_par), "eV^-1",
                    "Ordinary decoherence time tau^{+-}_{k,||}/hbar (complex).", ref("3"), (MONOTONE,),
                    latex(tau_par, names), step="tau_parallel", step_map=rates))
    d.kernel(Kernel("tau_perp", rates_args, explicit_rates(tau_perp), "eV^-1",
                    "Anomalous decoherence time tau^{+-}_{k up,perp}/hbar (complex; spin down: opposite sign).",
                    ref("4"), (MONOTONE,), latex(tau_perp, names), step="tau_perp", step_map=rates))
    d.kernel(Kernel("fermi_momentum", _args("eF", "M", "A", "B"), k_of_e.subs(eps, sp.Max(sp.Abs(eF), sp.Abs(M))),
                    "nm^-1", "Fermi wave number k_F(|eF|) (0 for eF in the gap).", Reference("derived"),
                    (MONOTONE,), step="k_of_energy", step_map={eps: sp.Max(sp.Abs(eF), sp.Abs(M))}))
    kp = Kernel("sigma_parallel_integrand", full, int_par, "e^2/h nm",
                "Integrand of sigma^||_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("6"), (MONOTONE,), latex(d["sigma_parallel_integrand"].expr, names),
                step="sigma_parallel_integrand", step_map=rates)
    kq = Kernel("sigma_perp_integrand", full, int_perp, "e^2/h nm",
                "Integrand of sigma^perp_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("7"), (MONOTONE,), latex(d["sigma_perp_integrand"].expr, names),
                step="sigma_perp_integrand", step_map=rates)
    kd = Kernel("sigma_drude_integrand", _args("k", "eF", "kT", "n_i", "M", "A", "B", "U", drude=True),
                int_drude, "e^2/h nm",
                "Integrand of the Drude conductivity over k (both spins), the Boltzmann form of Eq. (10).",
                ref("10"), (MONOTONE,), step="sigma_drude_integrand")
    for kern in (kp, kq, kd):
        d.kernel(kern)
    scales = (sp.Abs(M) / A, sp.sqrt(sp.Abs(M / B)), A / sp.Abs(B))
    edge = FermiEdge(sp.Abs(eF), kT, sp.Abs(M), sp.Lambda(eps, k_of_e))
    d.observable(Observable("sigma_parallel", "Ordinary decoherence conductivity sigma^||_L, Eq. (6).",
                            "e^2/h", ref("6"), kp, scales, edge))
    d.observable(Observable("sigma_perp", "Anomalous decoherence conductivity sigma^perp_L, Eq. (7).",
                            "e^2/h", ref("7"), kq, scales, edge))
    d.observable(Observable("sigma_drude", "Drude conductivity sigma_dia, Eq. (10), summed over both spins "
                            "(twice the printed Eq. (10), see erratum eq10_spin_factor).",
                            "e^2/h", ref("10"), kd, scales, edge, zero_temperature=zero_t))


# ------------------------------------------------------------------------------------------
# Parameters and independent numeric routes
# ------------------------------------------------------------------------------------------

def paper_parameters(M: float = 0.005) -> dict:
    """Fig. 2 parameters: M = 5 meV, A pi/a = 1.1 eV, B (pi/a)^2 = 7.0 eV, U/a^2 = 23 eV,
    a = 0.65 nm; returned in eV, eV nm, eV nm^2."""
    a = 0.65
    return {"M": M, "A": 1.1 * a / np.pi, "B": 7.0 * a**2 / np.pi**2, "U": 23.0 * a**2}


def _generated():
    from qsym.codegen import load_module

    return load_module(build())


def drude_numeric_route(eF: float, kT: float, n_i: float, *, M: float, A: float, B: float, U: float,
                        kmax: float = 1.2, points: int = 1201) -> float:
    """Boltzmann conductivity on a 2D Cartesian k-grid, with band velocities from
    ``numpy.linalg.eigh`` and Hellmann-Feynman, both spins summed explicitly; in e^2/h.

    Independent of the angular average and of the printed velocity; the transport time is the
    printed tau_k (Eq. 10), common to both routes. Trapezoid rule on [-kmax, kmax]^2 (the
    thermal window makes the integrand vanish at the edges, so it converges spectrally).
    """
    ks = np.linspace(-kmax, kmax, points)
    h = ks[1] - ks[0]
    KX, KY = np.meshgrid(ks, ks, indexing="ij")
    total = 0.0
    for spin in (1, -1):
        H = np.zeros(KX.shape + (2, 2), complex)
        dz = M - B * (KX**2 + KY**2)
        H[..., 0, 0] = dz
        H[..., 1, 1] = -dz
        H[..., 0, 1] = spin * A * KX - 1j * A * KY
        H[..., 1, 0] = spin * A * KX + 1j * A * KY
        dHx = np.zeros_like(H)
        dHx[..., 0, 0] = -2 * B * KX
        dHx[..., 1, 1] = 2 * B * KX
        dHx[..., 0, 1] = spin * A
        dHx[..., 1, 0] = spin * A
        w, v = np.linalg.eigh(H)
        for n in range(2):
            vec = v[..., :, n]
            vx = np.real(np.einsum("...i,...ij,...j->...", vec.conj(), dHx, vec))
            En = w[..., n]
            Ek = np.abs(En)
            kk2 = KX**2 + KY**2
            nu = Ek / (2 * np.pi * np.abs(A**2 - 2 * B * (M - B * kk2)))
            tr = 1 - 3 * A**2 * kk2 / (4 * Ek**2)
            tau = 1 / (2 * np.pi * n_i * nu * U**2 * tr)
            x = (En - eF) / kT
            window = 1 / (4 * kT * np.cosh(x / 2) ** 2)
            total += np.sum(vx**2 * tau * window) * h * h
    return total / (2 * np.pi)
