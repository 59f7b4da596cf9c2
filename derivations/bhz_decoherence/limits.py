"""Section 5: the limits the paper discusses: T = 0 with eF in the gap (Eqs. 8-9), dilute
impurities, the clean system, and high temperature."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.calculus import leading_order
from qsym.checks import CheckResult, largest, series_equal, symbolic_equal
from qsym.codegen import load_module
from qsym.derivation import Derivation
from qsym.functions import fermi

from .conductivity import FERMI_OF, summed
from .geometry import Geometry
from .parameters import paper_parameters
from .rates import Rates
from .symbols import RANGES, A, B, E, Gamma, Gamma_a, M, eF, explicit, k, kT


def gap_at_zero_temperature(d: Derivation, rates: Rates, integrand_par, integrand_perp) -> None:
    """Eqs. (8)-(9): T = 0 with eF in the gap, f_+ = 0 and f_- = 1."""
    in_gap = {fermi(E - eF, kT): 0, fermi(-E - eF, kT): 1}  # T = 0, |eF| < |M| <= E_k
    gap_par = d.derive("sigma_parallel_gap_T0", integrand_par.subs(in_gap), eq="8",
                       lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"),
                       doc=r"$T = 0$, $\epsilon_F$ in the gap: $f_+ = 0$, $f_- = 1$ ($E_k \ge |M| > "
                           r"|\epsilon_F|$ when $A^{2} > 2MB$).")
    gap_perp = d.derive("sigma_perp_gap_T0", integrand_perp.subs(in_gap), eq="9",
                        lhs=sp.Symbol(r"d\sigma^\perp_L/dk"), doc="The same occupations in the anomalous integrand.")
    p8 = d.state("eq8", k * sp.im(rates.printed[0]) * (A**2 / E + A**2 * (M + B * k**2) ** 2 / E**3), eq="8",
                 lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"))
    p9 = d.state("eq9", 2 * k * sp.re(rates.printed[1]) * A**2 * (M + B * k**2) / E**2, eq="9",
                 lhs=sp.Symbol(r"d\sigma^\perp_L/dk"))
    d.check("eq8_from_eq6", lambda: symbolic_equal(explicit(gap_par), explicit(p8), ranges=RANGES),
            compares=("sigma_parallel_gap_T0", "eq8"), eq="8")
    d.check("eq9_from_eq7", lambda: symbolic_equal(explicit(gap_perp), explicit(p9), ranges=RANGES),
            compares=("sigma_perp_gap_T0", "eq9"), eq="9")


def dilute_limit(d: Derivation, rates: Rates) -> None:
    """Gamma, Gamma^a proportional to n_i: the leading orders of Im tau_|| and Re tau_perp, and
    sigma linear in n_i (text after Eq. 9)."""
    lam = sp.Symbol("lambda", positive=True)  # bookkeeping: Gamma -> lambda Gamma
    dilute = {Gamma: lam * Gamma, Gamma_a: lam * Gamma_a}
    tau_par, tau_perp = rates.tau_parallel(2 * E), rates.tau_perp(2 * E)  # +-, spin up (derived)
    for name_, expr_ in (("tau_parallel_dilute", sp.im(tau_par.subs(dilute))),
                         ("tau_perp_dilute", sp.re(tau_perp.subs(dilute)))):
        coeff, power = leading_order(expr_, lam)
        d.derive(name_, coeff, eq="9",
                 lhs=sp.Symbol(r"\mathrm{Im}\,\tau^{+-}_\parallel/\hbar" if "par" in name_
                               else r"\mathrm{Re}\,\tau^{+-}_\perp/\hbar"),
                 doc=r"Leading order in the impurity density: with $\Gamma, \Gamma^a \to \lambda \Gamma, "
                     r"\lambda \Gamma^a$ the series in $\lambda$ starts at " f"$\\lambda^{{{power}}}$; "
                     r"shown at $\lambda = 1$.")
    d.state("dilute_limit_printed", sp.Tuple(Gamma / (4 * E**2), -Gamma_a / (4 * E**2)),
            lhs=sp.Symbol(r"(\mathrm{Im}\,\tau_\parallel, \mathrm{Re}\,\tau_\perp)/\hbar"),
            doc=r"Text after Eq. (9): $\operatorname{Im}(\tau_\parallel/\hbar) \sim \Gamma/4E^{2}$, "
                r"$\operatorname{Re}(\tau_\perp/\hbar) \sim -\Gamma^a/4E^{2}$.")
    d.check("dilute_limit_tau_parallel",
            lambda: series_equal(sp.im(tau_par.subs(dilute)), lam, lam * Gamma / (4 * E**2), 3),
            compares=("tau_parallel_dilute", "dilute_limit_printed"), eq="9",
            doc=r"To $O(n_i^{3})$: the $n_i^{2}$ term vanishes, so $\sigma = a n_i + O(n_i^{3})$.")
    d.check("dilute_limit_tau_perp",
            lambda: series_equal(sp.re(tau_perp.subs(dilute)), lam, -lam * Gamma_a / (4 * E**2), 3),
            compares=("tau_perp_dilute", "dilute_limit_printed"), eq="9")
    d.check("sigma_linear_in_impurity_density", lambda: _check_linear_in_ni(d),
            compares=("sigma_parallel, sigma_perp (generated)", "2 n_i scaling"), eq="9")


def _check_linear_in_ni(d: Derivation) -> CheckResult:
    mod = load_module(d)
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
    return CheckResult(ok, "numeric", largest(errors), "sigma(2 n_i)/sigma(n_i) at n_i = 1e-7, 1e-6, 1e-5 nm^-2, "
                       "T = 0: " + "; ".join(notes))


def clean_limit(d: Derivation, geo: Geometry, rates: Rates) -> None:
    """Perfect coherence: Eq. (2) with tau_||/hbar = 1/(eps_etabar - eps_eta), tau_perp = 0 gives
    no longitudinal response."""
    clean_sum = sp.simplify(summed(geo, None, "par", clean=True) + summed(geo, None, "perp", clean=True))
    d.derive("clean_longitudinal_response", clean_sum, lhs=sp.Symbol(r"\sum_{s\eta}J_x/E_x|_{\rm clean}"),
             doc=r"Eq. (5) with the clean steady state $\delta \rho = -(f_{\bar\eta} - "
                 r"f_{\eta})/(\varepsilon_{\bar\eta} - \varepsilon_{\eta}) R\cdot eE$.")

    def check_clean() -> CheckResult:
        limit_ok = all(
            sp.simplify(sp.limit(sp.limit(rates.tau_parallel(dl, s_, e_), Gamma_a, 0), Gamma, 0) - 1 / dl) == 0
            and sp.limit(sp.limit(rates.tau_perp(dl, s_, e_), Gamma_a, 0), Gamma, 0) == 0
            for dl, e_ in ((2 * E, -1), (-2 * E, 1)) for s_ in (1, -1))
        return CheckResult(limit_ok and clean_sum == 0, "symbolic", 0.0,
                           "the derived times -> 1/(eps_etabar - eps_eta), 0 as Gamma, Gamma^a -> 0; the "
                           f"longitudinal sum of Eq. (5) is then {clean_sum} for every k and theta")

    d.check("clean_limit_no_longitudinal_response", check_clean,
            compares=("clean_longitudinal_response", "0"), eq="5")


def high_temperature(d: Derivation) -> None:
    """sum_eta eta f_{k eta} ~ -E_k/2kT, hence sigma ~ 1/T (text after Eq. 7)."""
    beta = sp.Symbol("beta", positive=True)
    occupation_sum = (FERMI_OF[1] - FERMI_OF[-1]).rewrite(sp.exp).subs(kT, 1 / beta)
    d.state("high_temperature_printed", -E / (2 * kT), lhs=sp.Symbol(r"\sum_\eta \eta f_{k\eta}"),
            doc=r"Text after Eq. (7): $\sum_{\eta} \eta f_{k \eta} \sim -E_k/(2 k_B T)$ at high $T$.")
    d.check("high_temperature_occupation",
            lambda: series_equal(occupation_sum, beta, -E * beta / 2, 2),
            compares=("sum_eta eta f (series in 1/kT)", "high_temperature_printed"), eq="7")
    d.check("sigma_inverse_in_temperature", lambda: _check_inverse_t(d),
            compares=("sigma_parallel, sigma_perp (generated)", "1/T law"), eq="7")


def _check_inverse_t(d: Derivation) -> CheckResult:
    mod = load_module(d)
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
