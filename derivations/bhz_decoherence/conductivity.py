"""Section 4: Eq. (5) summed over bands and spins and averaged over the angle of k, giving the
integrands of Eqs. (6)-(7), the centre of the paper."""

from __future__ import annotations

import sympy as sp

from qsym.calculus import angular_average
from qsym.checks import symbolic_equal
from qsym.derivation import Derivation
from qsym.functions import fermi

from .geometry import Geometry
from .rates import Rates
from .symbols import BANDS, RANGES, SPINS, A, E, E_plus, eF, explicit, k, kT, reduce_spin, s, theta

#: f_{k eta} = f(eta E_k - eF)
FERMI_OF = {1: fermi(E - eF, kT), -1: fermi(-E - eF, kT)}
#: e^2/hbar = 2 pi e^2/h and sum_k = int d^2k/(2pi)^2 = int k dk/(2pi) * 2pi <.>_theta
TO_E2H_PER_DK = 2 * sp.pi * (2 * sp.pi * k) / (2 * sp.pi) ** 2
OCCUPATION = sp.Symbol(r"F_k")  # sum_eta eta f_{k eta}, a bookkeeping symbol while factoring


def current_summand(eps_eta, eps_etabar, tau, f_eta, f_etabar, r_eta_etabar_x, r_etabar_eta_dot_e):
    """Eq. (5), one (k, eta) term of J^alpha_s / E_x in units of e^2/hbar (transcribed once)."""
    return -sp.I * (eps_eta - eps_etabar) * tau * (f_etabar - f_eta) * r_eta_etabar_x * r_etabar_eta_dot_e


def summed(geo: Geometry, rates: Rates | None, alpha: str, clean: bool = False):
    """The summand of Eq. (5) summed over eta and s, for E_|| (``alpha="par"``) or E x z^
    (``"perp"``), with the derived decoherence times; ``clean`` uses the clean steady state."""
    e_field = sp.Matrix([1, 0, 0])
    e_perp = e_field.cross(sp.Matrix([0, 0, 1]))  # E x z^ = -y^ for E along x
    conn = {1: (geo.R_pm, geo.R_mp), -1: (geo.R_mp, geo.R_pm)}  # eta -> (R^{eta etabar}, R^{etabar eta})
    total = 0
    for spin in SPINS:
        for eta in BANDS:
            delta = -2 * eta * E  # eps_etabar - eps_eta
            if clean:
                tau = (1 / delta) if alpha == "par" else 0
            elif alpha == "par":
                tau = rates.tau_parallel(delta, spin, eta)
            else:
                tau = rates.tau_perp(delta, spin, eta)
            r_ab, r_ba = conn[eta]
            e_alpha = e_field if alpha == "par" else e_perp
            r_dot_e = r_ba[0] * e_alpha[0] + r_ba[1] * e_alpha[1]
            term = current_summand(eta * E, -eta * E, tau, FERMI_OF[eta], FERMI_OF[-eta], r_ab[0], r_dot_e)
            total += reduce_spin(sp.expand(term)).subs(s, spin)
    return total


def _to_integrand(geo: Geometry, total):
    avg = geo.to_band(angular_average(total, theta))
    # Only sum_eta eta f_eta can survive (checked): write f_+ = F + f_- and factor the rest.
    avg = sp.expand(avg.subs(FERMI_OF[1], OCCUPATION + FERMI_OF[-1]))
    if avg.has(fermi):
        raise ArithmeticError("Eq. (5) summand depends on f_eta other than through sum eta f_eta")
    return sp.factor(sp.cancel(TO_E2H_PER_DK * avg)).subs(OCCUPATION, FERMI_OF[1] - FERMI_OF[-1])


def conductivity_integrands(d: Derivation, geo: Geometry, rates: Rates) -> tuple:
    """d sigma^||_L/dk and d sigma^perp_L/dk from Eq. (5); checked against Eqs. (6), (7)."""
    ep, em, tau_s, fe, feb, r1, r2 = placeholders = sp.symbols("eps_eta eps_etabar tau_alpha f_eta f_etabar R_x R_dot_E")
    d.symbol_names.update(zip(placeholders, (
        r"\epsilon_{k\eta}", r"\epsilon_{k\bar\eta}", r"\frac{\tau^{\bar\eta\eta}_{ks,\alpha}}{\hbar}", r"f_{k\eta}",
        r"f_{k\bar\eta}", r"\mathcal{R}^{\eta\bar\eta}_{x}", r"\frac{\mathcal{R}^{\bar\eta\eta}_{ks}\cdot\mathbf{E}_\alpha}{E_x}")))
    d.state("current_density", current_summand(ep, em, tau_s, fe, feb, r1, r2), eq="5",
            lhs=sp.Symbol(r"\frac{J^\alpha_{s,x}}{(e^2/\hbar)E_x}\Big|_{k\eta}"),
            doc=r"Summand of Eq. (5) per $k$ and $\eta$, divided by $e^{2}/\hbar$ and $E_x$.")
    integrand_par = d.derive("sigma_parallel_integrand", _to_integrand(geo, summed(geo, rates, "par")), eq="6",
                             lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"),
                             doc=r"Eq. (5) with $\tau_\parallel$, $E_\parallel = E$: sum over $\eta$ and $s$, angle "
                                 "average.")
    integrand_perp = d.derive("sigma_perp_integrand", _to_integrand(geo, summed(geo, rates, "perp")), eq="7",
                              lhs=sp.Symbol(r"d\sigma^\perp_L/dk"),
                              doc=r"Eq. (5) with $\tau_\perp$, $E_\perp = E \times \hat z$: sum over $\eta$ and "
                                  "$s$, angle average.")
    sum_eta_f = FERMI_OF[1] - FERMI_OF[-1]  # sum_eta eta f_{k eta}
    printed6 = d.state("sigma_parallel_printed",
                       -sum_eta_f * k * sp.im(rates.printed[0]) * A**2 / E * (1 + E_plus**2 / E**2), eq="6",
                       lhs=sp.Symbol(r"d\sigma^\parallel_L/dk"))
    printed7 = d.state("sigma_perp_printed",
                       -2 * sum_eta_f * k * sp.re(rates.printed[1]) * A**2 * E_plus / E**2, eq="7",
                       lhs=sp.Symbol(r"d\sigma^\perp_L/dk"))
    d.check("eq6_from_eq5", lambda: symbolic_equal(explicit(integrand_par), explicit(printed6), ranges=RANGES),
            compares=("sigma_parallel_integrand", "sigma_parallel_printed"), eq="6")
    d.check("eq7_from_eq5", lambda: symbolic_equal(explicit(integrand_perp), explicit(printed7), ranges=RANGES),
            compares=("sigma_perp_integrand", "sigma_perp_printed"), eq="7")
    return integrand_par, integrand_perp
