"""Section 3: the decoherence times of Eqs. (3)-(4), the rates Gamma_k, Gamma^a_k, the density
of states and hbar/tau^0_k (text after Eq. 4), as printed and as derived from the kinetic
equation (:mod:`.kinetics`); the rates as explicit functions of k for the kernels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, all_of, numeric_close, symbolic_equal
from qsym.derivation import Derivation

from .references import interband_coherence_on_ring
from .symbols import (
    NU, RANGES, SPINS, A, B, E, E_explicit, E_minus, Gamma, Gamma_a, U, explicit, hbar_over_tau0, k, n_i,
)


def tau_parallel_printed(delta):
    """Eq. (3): tau^{etabar eta}_{ks,||}/hbar with delta = eps_etabar - eps_eta."""
    return (delta - sp.I * Gamma) / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)


def tau_perp_printed(delta, spin, eta):
    """Eq. (4): tau^{etabar eta}_{ks,perp}/hbar."""
    return spin * eta * Gamma_a / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)


@dataclass(frozen=True)
class Rates:
    """The derived decoherence times (in Delta, Gamma_k, Gamma^a_k, s, eta) and the derived rates
    as functions of k; ``printed`` holds Eqs. (3)-(4) as the paper prints them (for the
    comparisons with its Eqs. 6-9)."""

    tau_parallel_derived: sp.Basic
    tau_perp_derived: sp.Basic
    gamma_k: sp.Basic           # Gamma_k(k)
    gamma_a_k: sp.Basic         # Gamma^a_k(k)
    nu_k: sp.Basic              # density of states per band and spin
    printed: tuple              # (tau_parallel, tau_perp) of Eqs. (3)-(4) at eps_+ - eps_- = 2 E_k, spin up

    def tau_parallel(self, delta, spin=1, eta=-1):
        """tau^{etabar eta}_{ks,||}/hbar at eps_etabar - eps_eta = delta (derived)."""
        from .kinetics import Delta, eta as eta_, s

        return self.tau_parallel_derived.subs({Delta: delta, s: spin, eta_: eta})

    def tau_perp(self, delta, spin=1, eta=-1):
        """tau^{etabar eta}_{ks,perp}/hbar at eps_etabar - eps_eta = delta (derived)."""
        from .kinetics import Delta, eta as eta_, s

        return self.tau_perp_derived.subs({Delta: delta, s: spin, eta_: eta})

    def explicit(self, expr):
        """``expr`` with Gamma_k, Gamma^a_k and E_k written out as functions of k."""
        return explicit(expr.subs({Gamma: self.gamma_k, Gamma_a: self.gamma_a_k}))


def printed_rates(d: Derivation) -> dict:
    """Eqs. (3)-(4), Gamma_k, Gamma^a_k, nu_k and hbar/tau^0_k as the paper prints them."""
    out = {
        "tau_parallel": d.state("tau_parallel", tau_parallel_printed(2 * E), eq="3",
                                lhs=sp.Symbol(r"\tau^{+-}_{k,\parallel}/\hbar"),
                                doc=r"Ordinary decoherence time, $\bar\eta \eta = \pm$, $\varepsilon_+ - "
                                    r"\varepsilon_- = 2E_k$."),
        "tau_perp": d.state("tau_perp", tau_perp_printed(2 * E, 1, -1), eq="4",
                            lhs=sp.Symbol(r"\tau^{+-}_{k,\perp}/\hbar"),
                            doc=r"Anomalous decoherence time of spin up (the paper's $\tau^{\pm}_{k,\perp}$)."),
        "gamma": d.state("gamma", hbar_over_tau0 / 4 * (1 + E_minus**2 / E**2), lhs=Gamma,
                         doc="Normal decoherence rate (text after Eq. 4)."),
        "gamma_a": d.state("gamma_anomalous", hbar_over_tau0 / 2 * E_minus / E, lhs=Gamma_a,
                           doc="Anomalous decoherence rate (text after Eq. 4)."),
        "dos": d.state("dos", E / (2 * sp.pi * sp.Abs(A**2 - 2 * B * E_minus)), lhs=NU,
                       doc="Density of states per band and spin (text after Eq. 4)."),
        "inv_tau0": d.state("inverse_tau0", 2 * sp.pi * n_i * NU * U**2, lhs=hbar_over_tau0,
                            doc=r"$\hbar/\tau^{0}_k = 2 \pi n_i \nu_k U^{2}$ (text after Eq. 4)."),
    }
    dos_derived = d.derive("dos_from_dispersion", k / (2 * sp.pi * sp.Abs(sp.diff(E_explicit, k))), lhs=NU,
                           doc=r"$\nu_k = k / (2 \pi |dE_k/dk|)$ for one band and spin: the on-shell measure "
                               r"$\sum_{k'} \delta(E_{k'} - E_k)$ of a monotone band ($A^{2} > 2MB$).")
    d.check("dos_matches_dispersion", lambda: symbolic_equal(dos_derived, explicit(out["dos"]), ranges=RANGES),
            compares=("dos_from_dispersion", "dos"))
    return out


def golden_rule_rate(d: Derivation):
    """hbar/tau^0_k: Fermi's golden rule for the bare scalar potential (unit form factor)."""
    kp = sp.Symbol("k'", positive=True)
    measure = sp.integrate(kp * sp.DiracDelta(kp - k), (kp, 0, sp.oo)) / (2 * sp.pi * sp.Abs(sp.diff(E_explicit, k)))
    if sp.simplify(measure - d["dos_from_dispersion"].expr) != 0:
        raise ArithmeticError(f"on-shell measure {measure} is not the density of states")
    return d.derive("inverse_tau0_from_golden_rule", 2 * sp.pi * n_i * U**2 * NU, lhs=hbar_over_tau0,
                    doc=r"2 $\pi \sum_{k'} \langle |V_{kk'}|^{2}\rangle \delta(E_{k'} - E_k)$ with $\langle "
                        r"|V_{kk'}|^{2}\rangle = n_i U^{2}$ and $\sum_{k'} \delta(E_{k'} - E_k) = \int k'$ "
                        r"dk' $\delta(k' - k)/(2 \pi |E_{k'}|) = \nu_k$.")


def derived_rates(d: Derivation, model, geo, printed: dict) -> Rates:
    """Gamma_k, Gamma^a_k and Eqs. (3)-(4) from the kinetic equation, checked against the paper."""
    from . import kinetics

    ke = kinetics.kinetic_equation(d)
    systems = kinetics.steady_state_systems(d, ke, kinetics.form_factors(d, model), geo)
    gamma, gamma_a = kinetics.rates_from_collisions(d, systems, geo)
    tpar, tperp = kinetics.decoherence_times(d, gamma, gamma_a)
    rate0 = golden_rule_rate(d)
    stated = {hbar_over_tau0: printed["inv_tau0"]}
    d.check("inverse_tau0_is_the_golden_rule_rate", lambda: symbolic_equal(rate0, printed["inv_tau0"]),
            compares=("inverse_tau0_from_golden_rule", "inverse_tau0"))
    d.check("gamma_collision_integral_is_printed_rate",
            lambda: symbolic_equal(gamma, printed["gamma"].subs(stated), ranges=RANGES),
            compares=("gamma_from_collision_integral", "gamma (with hbar/tau^0 = 2 pi n_i nu U^2)"))
    d.check("gamma_anomalous_collision_integral_is_printed_rate",
            lambda: symbolic_equal(gamma_a, printed["gamma_a"].subs(stated), ranges=RANGES),
            compares=("gamma_anomalous_from_collision_integral", "gamma_anomalous"),
            doc="With the spin dependence: the systems of both spins and both interband elements carry $s "
                r"\eta \Gamma^a_k$ with the same $\Gamma^a_k$.")
    d.check("eqs_3_4_from_kinetic_equation",
            lambda: _check_times(systems, printed, gamma, gamma_a),
            compares=("interband_steady_state (both spins, both elements) solved", "Eqs. (3), (4)"), eq="3")
    d.check("decoherence_times_match_numeric_ring_solution", _check_ring,
            compares=("Eqs. (3)-(4) with the printed rates",
                      "collision integral solved on a ring of k' with numpy eigenvectors"), eq="3")
    nu_k = explicit(printed["dos"])
    rate_k = {NU: nu_k}
    return Rates(tpar, tperp, explicit(gamma.subs(rate_k)), explicit(gamma_a.subs(rate_k)), nu_k,
                 (printed["tau_parallel"], printed["tau_perp"]))


def _check_times(systems, printed, gamma, gamma_a) -> CheckResult:
    """Each system solved for (t_par, t_perp) against Eqs. (3)-(4) with the printed rates."""
    from .kinetics import ELEMENTS, Delta, t_par, t_perp

    stated = {Gamma: printed["gamma"], Gamma_a: printed["gamma_a"]}
    inv = {hbar_over_tau0: printed["inv_tau0"]}
    results = []
    for (el, spin), Mx in systems.items():
        sol = sp.solve(list(Mx * sp.Matrix([t_par, t_perp]) - sp.Matrix([1, 0])), [t_par, t_perp], dict=True)[0]
        delta = (ELEMENTS[el][0] - ELEMENTS[el][1]) * E  # eps_etabar - eps_eta = (etabar - eta) E_k
        eta = ELEMENTS[el][1]
        for got, want in ((sol[t_par], tau_parallel_printed(delta)), (sol[t_perp], tau_perp_printed(delta, spin, eta))):
            got = got.subs(Delta, delta).subs(sp.cos(sp.Symbol("Theta_k", real=True)), E_minus / E)
            results.append(symbolic_equal(got, want.subs(stated).subs(inv), ranges=RANGES, exact=False))
    return all_of(results, "t_par, t_perp of the +- and -+ elements, s = +-1, equal Eqs. (3) and (4) with "
                           "s eta = -s (+-) and +s (-+)")


def _check_ring() -> CheckResult:
    from .parameters import paper_parameters

    p = paper_parameters()
    vals, refs, fits = [], [], []
    for kk in (0.02, 0.1, 0.3):
        M_, A_, B_, U_ = p["M"], p["A"], p["B"], p["U"]
        E_ = np.sqrt(A_**2 * kk**2 + (M_ - B_ * kk**2) ** 2)
        Em = M_ - B_ * kk**2
        inv = 2 * np.pi * 1e-3 * E_ / (2 * np.pi * abs(A_**2 - 2 * B_ * Em)) * U_**2
        G, Ga = inv / 4 * (1 + Em**2 / E_**2), inv / 2 * Em / E_
        for spin in SPINS:
            for el, eta in (((0, 1), -1), ((1, 0), 1)):
                r = interband_coherence_on_ring(kk, n_i=1e-3, spin=spin, element=el, **p)
                D = r["delta"]
                vals += [r["t_par"], r["t_perp"]]
                refs += [(D - 1j * G) / ((D - 1j * G) ** 2 + Ga**2), spin * eta * Ga / ((D - 1j * G) ** 2 + Ga**2)]
                fits.append(r["residual"])
    fit = CheckResult(max(fits) < 1e-12, "numeric", max(fits),
                      f"the numeric coherence is t_par R.E + t_perp R.(E x z) to {max(fits):.1e}")
    return all_of([fit, numeric_close(vals, refs, rtol=1e-10,
                                      what="k = 0.02, 0.1, 0.3 nm^-1, n_i = 1e-3 nm^-2, both spins and elements: "
                                           "Eqs. (3)-(4) vs the ring solution")])


def decoherence_rates(d: Derivation, model, geo) -> Rates:
    """The printed rates and times, and the derived ones the rest of the derivation uses."""
    printed = printed_rates(d)
    return derived_rates(d, model, geo, printed)
