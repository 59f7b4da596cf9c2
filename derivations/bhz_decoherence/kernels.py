"""Kernel specs of the BHZ derivation, each tied to the step it evaluates, and the observables
sigma_parallel, sigma_perp, sigma_drude (integrals over k of the derived integrands)."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult, numeric_close
from qsym.codegen.observables import FermiEdge, RadialObservable
from qsym.codegen.specs import Arg, Constraint, Kernel
from qsym.derivation import Derivation, Reference
from qsym.latex import latex

from .kinetics import Delta, eta
from .mode_rates import G_minus, G_plus, stable_mode_rates
from .rates import Rates
from .symbols import NU, RANGES, A, B, E, E_explicit, Gamma_a, M, U, eF, eps, k, kT, n_i, s
from .symbols import explicit as explicit_form


#: Magnitudes over which the kernels are guaranteed finite and accurate (eV, nm): far beyond
#: the paper's regime (|M| ~ 0.01 eV, A ~ 0.2 eV nm, B ~ 0.3 eV nm^2, n_i ~ 1e-3 nm^-2).
MAGNITUDE = {"k": (0.0, 1e3), "eF": (0.0, 10.0), "kT": (0.0, 10.0), "n_i": (1e-30, 10.0), "M": (1e-6, 10.0),
             "A": (1e-4, 100.0), "B": (1e-4, 100.0), "U": (1e-6, 1e3)}


def args(*names, drude=False):
    """The kernel arguments by name, with units and ranges (``drude``: n_i > 0, U != 0)."""
    mag = MAGNITUDE
    table = {
        "k": Arg(k, "k", "nm^-1", "wave number |k|", lower=0.0, magnitude=mag["k"]),
        "eF": Arg(eF, "eF", "eV", "Fermi energy", magnitude=mag["eF"]),
        "kT": Arg(kT, "kT", "eV", "temperature k_B T", lower=0.0, magnitude=mag["kT"]),
        "n_i": (Arg(n_i, "n_i", "nm^-2", "impurity density", lower=0.0, lower_open=True, magnitude=mag["n_i"])
                if drude else Arg(n_i, "n_i", "nm^-2", "impurity density", lower=0.0, magnitude=mag["n_i"])),
        "M": Arg(M, "M", "eV", "mass term", nonzero=True, keyword_only=True, magnitude=mag["M"]),
        "A": Arg(A, "A", "eV nm", "linear (Dirac) coefficient", lower=0.0, lower_open=True, keyword_only=True,
                 magnitude=mag["A"]),
        "B": Arg(B, "B", "eV nm^2", "band curvature", nonzero=True, keyword_only=True, magnitude=mag["B"]),
        "U": (Arg(U, "U", "eV nm^2", "impurity strength", nonzero=True, keyword_only=True,
                  magnitude=mag["U"]) if drude
              else Arg(U, "U", "eV nm^2", "impurity strength", keyword_only=True, magnitude=mag["U"])),
    }
    return tuple(table[n] for n in names)


MONOTONE = Constraint(A**2 - 2 * M * B > 0,
                      "A**2 - 2*M*B > 0 (bands monotone in k, the paper's regime; otherwise the "
                      "density of states diverges at a ring)")


def _tau_kernels_on_ring(d: Derivation) -> CheckResult:
    """The generated decoherence times of spin up (its +- element) against the ring solution of
    the collision integral (numpy eigenvectors), dilute (n_i = 1e-3 nm^-2) and dirty (1 nm^-2)."""
    from qsym.codegen import load_module

    from .parameters import paper_parameters
    from .references import interband_coherence_on_ring

    mod, p = load_module(d), paper_parameters()
    vals, refs = [], []
    for kk in (0.02, 0.1, 0.3):
        for density in (1e-3, 1.0):
            ring = interband_coherence_on_ring(kk, n_i=density, spin=1, element=(0, 1), **p)
            vals += [complex(mod.tau_parallel(kk, density, **p)), complex(mod.tau_perp(kk, density, **p))]
            refs += [ring["t_par"], ring["t_perp"]]
    return numeric_close(vals, refs, rtol=1e-10, what="k = 0.02, 0.1, 0.3 nm^-1, n_i = 1e-3 and 1 nm^-2, spin up: "
                                                       "generated tau kernels vs the ring solution")


def _observables_from_printed_equations(d: Derivation) -> CheckResult:
    """sigma_parallel and sigma_perp (generated, adaptive k-integration) against mpmath
    quadrature of the printed Eqs. (6)-(7), with the printed Gamma_k, Gamma^a_k, nu_k and
    hbar/tau^0_k: at the gap centre at T = 0, in the band at kT = 2 meV, and dirty and warm."""
    import mpmath

    from qsym.codegen import load_module
    from qsym.functions import fermi

    from .parameters import paper_parameters
    from .symbols import Gamma, hbar_over_tau0

    mod, p = load_module(d), paper_parameters()
    rate = {Gamma: d["gamma"].expr, Gamma_a: d["gamma_anomalous"].expr}
    chain = {hbar_over_tau0: d["inverse_tau0"].expr}

    def occupation(x, t):
        return 1 / (mpmath.exp(x / t) + 1) if t > 0 else (1 if x < 0 else (mpmath.mpf(1) / 2 if x == 0 else 0))

    vals, refs = [], []
    with mpmath.workdps(20):
        for name in ("sigma_parallel", "sigma_perp"):
            printed = d[f"{name}_printed"].expr.subs(rate).subs(chain).subs(NU, d["dos"].expr)
            printed = explicit_form(printed).subs(p_sym(p))
            f = sp.lambdify((k, eF, kT, n_i), printed, modules=[{"fermi": occupation}, "mpmath"])
            for ef, t, density in ((0.0, 0.0, 1e-3), (0.02, 0.002, 1e-3), (0.0, 0.01, 0.1)):
                M_, A_, B_ = abs(p["M"]), p["A"], abs(p["B"])
                breaks = [0, M_ / A_, mpmath.sqrt(M_ / B_), A_ / B_, 1, mpmath.inf]
                refs.append(float(mpmath.quad(lambda q: f(q, ef, t, density), breaks)))
                vals.append(float(getattr(mod, name)(ef, t, density, **p)))
    return numeric_close(vals, refs, rtol=1e-8, what="eF, kT, n_i = (0, 0, 1e-3), (0.02, 0.002, 1e-3), "
                                                     "(0, 0.01, 0.1): generated observables vs mpmath "
                                                     "quadrature of the printed Eqs. (6)-(7)")


def p_sym(p: dict) -> dict:
    """The paper's parameters keyed by their symbols (M, A, B, U)."""
    return {M: p["M"], A: p["A"], B: p["B"], U: p["U"]}


def absolute_anchors(d: Derivation) -> None:
    """Checks against routes that share nothing with the kernels' construction: the kernel-vs-step
    checks share the substitutions that build the kernels, and the scaling checks (linear in
    n_i, the gap) are blind to an overall prefactor."""
    d.check("tau_kernels_match_numeric_ring_solution", lambda: _tau_kernels_on_ring(d),
            compares=("generated tau_parallel, tau_perp", "collision integral solved on a ring of k' with numpy "
                                                           "eigenvectors"), eq="3",
            doc="An absolute anchor for the kernels: the kernel-vs-step checks share the substitution "
                r"($\Delta = 2E_k, s = 1, \eta = -1$, the mode rates) that builds the kernels.")
    d.check("observables_match_quadrature_of_printed_eqs_6_7", lambda: _observables_from_printed_equations(d),
            compares=("generated sigma_parallel, sigma_perp", "mpmath quadrature of the printed Eqs. (6)-(7) "
                                                              "with the printed rates"), eq="6",
            doc="An absolute anchor for the observables: the scaling checks (linear in $n_i$, the gap) are "
                "blind to an overall prefactor.")


def kernels(d: Derivation, rates: Rates, omega_s, modes: dict, int_drude, zero_t, k_of_e) -> None:
    """Kernel specs (each tied to its step) and the three k-integrated observables."""
    gamma_k, gamma_a_k, nu_k = rates.gamma_k, rates.gamma_a_k, rates.nu_k
    ref = lambda eq: Reference(d.source, eq)  # noqa: E731
    geo = args("k", "M", "A", "B")
    rates_args = args("k", "n_i", "M", "A", "B", "U")
    full = args("k", "eF", "kT", "n_i", "M", "A", "B", "U")
    names = d.symbol_names
    explicit = {E: E_explicit}
    # times and integrands in the mode rates Gamma_+-: the steps' forms (step_map) and the forms
    # without cancellation the kernels evaluate (checked against each other at random points)
    plain = [r.subs(NU, nu_k) for r in modes["rates"]]
    stable = stable_mode_rates(d["inverse_tau0_from_golden_rule"].expr.subs(NU, nu_k))
    rate_map = {G_plus: plain[0], G_minus: plain[1], Gamma_a: gamma_a_k, E: E_explicit}
    kernel_map = {G_plus: stable[0], G_minus: stable[1], Gamma_a: gamma_a_k}
    # the +- element of spin up: Delta = eps_+ - eps_- = 2 E_k, s = 1, eta = -1
    element = {Delta: 2 * E, s: 1, eta: -1}
    time_map = {**element, **rate_map}

    def stable_form(step):
        return explicit_form(d[step].expr.subs(element).subs(kernel_map))
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
    for name, summary, eq in (
            ("tau_parallel", "Ordinary decoherence time tau^{+-}_{k,||}/hbar (complex).", "3"),
            ("tau_perp", "Anomalous decoherence time tau^{+-}_{k up,perp}/hbar (complex; spin down: opposite "
                         "sign).", "4")):
        step = f"{name}_in_mode_rates"
        d.kernel(Kernel(name, rates_args, stable_form(step), "eV^-1", summary, ref(eq), (MONOTONE,),
                        latex(d[step].expr.subs(element), names), step=step, step_map=time_map,
                        step_ranges=RANGES))
    d.kernel(Kernel("fermi_momentum", args("eF", "M", "A", "B"), k_of_e.subs(eps, sp.Max(sp.Abs(eF), sp.Abs(M))),
                    "nm^-1", "Fermi wave number k_F(|eF|) (0 for eF in the gap).", Reference("derived"),
                    (MONOTONE,), step="k_of_energy", step_map={eps: sp.Max(sp.Abs(eF), sp.Abs(M))}))
    absolute_anchors(d)
    par, perp = "sigma_parallel_integrand_in_mode_rates", "sigma_perp_integrand_in_mode_rates"
    kp = Kernel("sigma_parallel_integrand", full, stable_form(par), "e^2/h nm",
                "Integrand of sigma^||_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("6"), (MONOTONE,), latex(d[par].expr, names), step=par, step_map=rate_map, step_ranges=RANGES)
    kq = Kernel("sigma_perp_integrand", full, stable_form(perp), "e^2/h nm",
                "Integrand of sigma^perp_L over k, derived from Eq. (5); the measure k dk is included.",
                ref("7"), (MONOTONE,), latex(d[perp].expr, names), step=perp, step_map=rate_map,
                step_ranges=RANGES)
    kd = Kernel("sigma_drude_integrand", args("k", "eF", "kT", "n_i", "M", "A", "B", "U", drude=True),
                int_drude, "e^2/h nm",
                "Integrand of the Drude conductivity over k (both spins), the Boltzmann form of Eq. (10).",
                ref("10"), (MONOTONE,), step="sigma_drude_integrand")
    for kern in (kp, kq, kd):
        d.kernel(kern)
    # band scales, and where the mode rates Gamma_-+ cross 2 E_k in a dirty system (outside the
    # band scales when n_i U^2 >> A^2 - 2MB; absent, i.e. zero or infinite, without disorder):
    # Gamma_- = 2E at large k (Gamma_- -> n_i U^2/2|B|), Gamma_+ = 2E at large k
    # (Gamma_+ ~ n_i U^2 A^4 / (32 |B|^5 k^4)), Gamma_- = 2|M| at small k (1 - cos ~ A^2 k^2/2M^2)
    dirty = n_i * U**2
    scales = (sp.Abs(M) / A, sp.sqrt(sp.Abs(M / B)), A / sp.Abs(B), sp.sqrt(dirty) / sp.Abs(B),
              (dirty * A**4) ** sp.Rational(1, 6) / sp.Abs(B),
              sp.Abs(M) / A * ((A**2 - 2 * M * B) / dirty) ** sp.Rational(1, 4))
    edge = FermiEdge(sp.Abs(eF), kT, sp.Abs(M), sp.Lambda(eps, k_of_e))
    d.observable(RadialObservable("sigma_parallel", "Ordinary decoherence conductivity sigma^||_L, Eq. (6).",
                            "e^2/h", ref("6"), kp, scales, edge))
    d.observable(RadialObservable("sigma_perp", "Anomalous decoherence conductivity sigma^perp_L, Eq. (7).",
                            "e^2/h", ref("7"), kq, scales, edge))
    d.observable(RadialObservable("sigma_drude", "Drude conductivity sigma_dia, Eq. (10), summed over both spins "
                            "(twice the printed Eq. (10), see erratum eq10_spin_factor).",
                            "e^2/h", ref("10"), kd, scales, edge, zero_temperature=zero_t))
