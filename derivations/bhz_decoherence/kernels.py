"""Kernel specs of the BHZ derivation, each tied to the step it evaluates, and the observables
sigma_parallel, sigma_perp, sigma_drude (integrals over k of the derived integrands)."""

from __future__ import annotations

import sympy as sp

from qsym.codegen.observables import FermiEdge, RadialObservable
from qsym.codegen.specs import Arg, Constraint, Kernel
from qsym.derivation import Derivation, Reference
from qsym.latex import latex

from .kinetics import Delta, eta
from .rates import Rates
from .symbols import NU, RANGES, A, B, E, E_explicit, Gamma, Gamma_a, M, U, eF, eps, k, kT, n_i, s
from .symbols import explicit as explicit_form


def args(*names, drude=False):
    """The kernel arguments by name, with units and ranges (``drude``: n_i > 0, U != 0)."""
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


def kernels(d: Derivation, rates: Rates, omega_s, int_par, int_perp, int_drude, zero_t, k_of_e) -> None:
    """Kernel specs (each tied to its step) and the three k-integrated observables."""
    gamma_k, gamma_a_k, nu_k = rates.gamma_k, rates.gamma_a_k, rates.nu_k
    ref = lambda eq: Reference(d.source, eq)  # noqa: E731
    geo = args("k", "M", "A", "B")
    rates_args = args("k", "n_i", "M", "A", "B", "U")
    full = args("k", "eF", "kT", "n_i", "M", "A", "B", "U")
    names = d.symbol_names
    explicit = {E: E_explicit}
    rate_map = {Gamma: gamma_k, Gamma_a: gamma_a_k, E: E_explicit}
    # the +- element of spin up: Delta = eps_+ - eps_- = 2 E_k, s = 1, eta = -1
    time_map = {Delta: 2 * E, s: 1, eta: -1, **rate_map}
    d.kernel(Kernel("band_energy", geo, E_explicit, "eV", "Band energy E_k (bands are +-E_k).", ref(None),
                    (MONOTONE,), step="band_energy"))
    d.kernel(Kernel("dos", geo, nu_k, "eV^-1 nm^-2", "Density of states nu_k per band and spin.", ref(None),
                    (MONOTONE,), latex(d["dos"].expr, names), step="dos_from_dispersion", step_ranges=RANGES))
    d.kernel(Kernel("berry_curvature", geo, explicit_form(omega_s.subs(s, 1)), "nm^2",
                    "Berry curvature of the valence band of spin up (spin down: opposite sign).",
                    Reference("derived"), (MONOTONE,), latex(d["berry_curvature_lower_band"].expr.subs(s, 1), names),
                    step="berry_curvature_lower_band", step_map={s: 1, **explicit}, step_ranges=RANGES))
    d.kernel(Kernel("gamma", rates_args, gamma_k, "eV", "Normal decoherence rate Gamma_k.", ref(None), (MONOTONE,),
                    latex(d["gamma_from_collision_integral"].expr, names), step="gamma_from_collision_integral",
                    step_map={NU: nu_k, **explicit}))
    d.kernel(Kernel("gamma_anomalous", rates_args, gamma_a_k, "eV", "Anomalous decoherence rate Gamma^a_k.",
                    ref(None), (MONOTONE,), latex(d["gamma_anomalous_from_collision_integral"].expr, names),
                    step="gamma_anomalous_from_collision_integral", step_map={NU: nu_k, **explicit}))
    tau_par, tau_perp = rates.tau_parallel(2 * E), rates.tau_perp(2 * E)
    d.kernel(Kernel("tau_parallel", rates_args, rates.explicit(tau_par), "eV^-1",
                    "Ordinary decoherence time tau^{+-}_{k,||}/hbar (complex).", ref("3"), (MONOTONE,),
                    latex(tau_par, names), step="tau_parallel_from_kinetic_equation", step_map=time_map))
    d.kernel(Kernel("tau_perp", rates_args, rates.explicit(tau_perp), "eV^-1",
                    "Anomalous decoherence time tau^{+-}_{k up,perp}/hbar (complex; spin down: opposite sign).",
                    ref("4"), (MONOTONE,), latex(tau_perp, names), step="tau_perp_from_kinetic_equation",
                    step_map=time_map))
    d.kernel(Kernel("fermi_momentum", args("eF", "M", "A", "B"), k_of_e.subs(eps, sp.Max(sp.Abs(eF), sp.Abs(M))),
                    "nm^-1", "Fermi wave number k_F(|eF|) (0 for eF in the gap).", Reference("derived"),
                    (MONOTONE,), step="k_of_energy", step_map={eps: sp.Max(sp.Abs(eF), sp.Abs(M))}))
    kp = Kernel("sigma_parallel_integrand", full, int_par, "e^2/h nm",
                "Integrand of sigma^||_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("6"), (MONOTONE,), latex(d["sigma_parallel_integrand"].expr, names),
                step="sigma_parallel_integrand", step_map=rate_map)
    kq = Kernel("sigma_perp_integrand", full, int_perp, "e^2/h nm",
                "Integrand of sigma^perp_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("7"), (MONOTONE,), latex(d["sigma_perp_integrand"].expr, names),
                step="sigma_perp_integrand", step_map=rate_map)
    kd = Kernel("sigma_drude_integrand", args("k", "eF", "kT", "n_i", "M", "A", "B", "U", drude=True),
                int_drude, "e^2/h nm",
                "Integrand of the Drude conductivity over k (both spins), the Boltzmann form of Eq. (10).",
                ref("10"), (MONOTONE,), step="sigma_drude_integrand")
    for kern in (kp, kq, kd):
        d.kernel(kern)
    scales = (sp.Abs(M) / A, sp.sqrt(sp.Abs(M / B)), A / sp.Abs(B))
    edge = FermiEdge(sp.Abs(eF), kT, sp.Abs(M), sp.Lambda(eps, k_of_e))
    d.observable(RadialObservable("sigma_parallel", "Ordinary decoherence conductivity sigma^||_L, Eq. (6).",
                            "e^2/h", ref("6"), kp, scales, edge))
    d.observable(RadialObservable("sigma_perp", "Anomalous decoherence conductivity sigma^perp_L, Eq. (7).",
                            "e^2/h", ref("7"), kq, scales, edge))
    d.observable(RadialObservable("sigma_drude", "Drude conductivity sigma_dia, Eq. (10), summed over both spins "
                            "(twice the printed Eq. (10), see erratum eq10_spin_factor).",
                            "e^2/h", ref("10"), kd, scales, edge, zero_temperature=zero_t))
