"""Section 3: the decoherence times of Eqs. (3)-(4), the rates Gamma_k, Gamma^a_k, the density
of states and hbar/tau^0_k (text after Eq. 4), and the rates as explicit functions of k."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from qsym.checks import symbolic_equal
from qsym.derivation import Derivation

from .symbols import (
    RANGES, A, B, E, E_explicit, E_minus, Gamma, Gamma_a, U, explicit, hbar_over_tau0, k, n_i,
)

NU = sp.Symbol(r"\nu_k")


def tau_parallel_printed(delta):
    """Eq. (3): tau^{etabar eta}_{ks,||}/hbar with delta = eps_etabar - eps_eta."""
    return (delta - sp.I * Gamma) / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)


def tau_perp_printed(delta, spin, eta):
    """Eq. (4): tau^{etabar eta}_{ks,perp}/hbar."""
    return spin * eta * Gamma_a / ((delta - sp.I * Gamma) ** 2 + Gamma_a**2)


@dataclass(frozen=True)
class Rates:
    """The decoherence times (in Gamma_k, Gamma^a_k, E_k) and the rates as functions of k."""

    tau_parallel: sp.Basic      # Eq. (3) at eps_+ - eps_- = 2 E_k
    tau_perp: sp.Basic          # Eq. (4), spin up
    gamma_k: sp.Basic           # Gamma_k(k)
    gamma_a_k: sp.Basic         # Gamma^a_k(k)
    nu_k: sp.Basic              # density of states per band and spin
    rate0: sp.Basic             # hbar/tau^0_k(k)

    def explicit(self, expr):
        """``expr`` with Gamma_k, Gamma^a_k and E_k written out as functions of k."""
        return explicit(expr.subs({Gamma: self.gamma_k, Gamma_a: self.gamma_a_k}))


def decoherence_rates(d: Derivation) -> Rates:
    """Eqs. (3)-(4) and the rates as the paper prints them; the DOS checked against the
    dispersion."""
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
    dos_printed = d.state("dos", E / (2 * sp.pi * sp.Abs(A**2 - 2 * B * E_minus)), lhs=NU,
                          doc="Density of states per band and spin (text after Eq. 4).")
    inv_tau0 = d.state("inverse_tau0", 2 * sp.pi * n_i * NU * U**2, lhs=hbar_over_tau0,
                       doc="hbar/tau^0_k = 2 pi n_i nu_k U^2 (text after Eq. 4).")
    dos_derived = d.derive("dos_from_dispersion", k / (2 * sp.pi * sp.Abs(sp.diff(E_explicit, k))), lhs=NU,
                           doc="nu_k = k / (2 pi |dE_k/dk|) for one band and spin.")
    d.check("dos_matches_dispersion", lambda: symbolic_equal(dos_derived, explicit(dos_printed), ranges=RANGES),
            compares=("dos_from_dispersion", "dos"))
    # the rates as explicit functions of k (one source: the steps above)
    nu_k = explicit(dos_printed)
    rate0 = inv_tau0.subs(NU, nu_k)
    gamma_k = explicit(gamma_printed.subs(hbar_over_tau0, rate0))
    gamma_a_k = explicit(gamma_a_printed.subs(hbar_over_tau0, rate0))
    return Rates(tau_par_pm, tau_perp_pm, gamma_k, gamma_a_k, nu_k, rate0)
