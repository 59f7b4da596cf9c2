"""Densities of states of the film by the kernel polynomial method (paper 004, Eqs. 6-7,
Fig. 5), checked against exact diagonalization."""

from __future__ import annotations

import numpy as np

from qsym.checks import CheckResult
from qsym.derivation import Derivation
from qsym.lattice import kpm

from .builders import paper_blocks, zeeman_profile
from .parameters import LATTICE

#: Moments of the checks (resolution ~ pi a / M of the ~5 eV wide spectrum: ~0.1 eV).
MOMENTS = 128


def _film(d: Derivation, L: int, Lz: int, W: float = 0.0, seed: int = 0):
    from qsym.runtime.tight_binding import film_hamiltonian

    return film_hamiltonian(paper_blocks(d), L, Lz, zeeman_profile(Lz, 2, LATTICE["V_0"]), W, seed)


def kpm_checks(d: Derivation) -> None:
    """Exact-trace moments, the stochastic trace's convergence, and rho_t against rho_a."""

    def exact_trace() -> CheckResult:
        H = _film(d, 3, 4, W=1.0, seed=1)
        bounds = kpm.spectral_bounds(H)
        mu = kpm.chebyshev_moments(H, np.eye(H.shape[0]), MOMENTS, bounds)
        x = (np.linalg.eigvalsh(H.toarray()) - bounds[0]) / bounds[1]
        exact = np.cos(np.arange(MOMENTS)[:, None] * np.arccos(x)[None, :]).sum(axis=1)
        err = float(np.max(np.abs(mu - exact)) / H.shape[0])
        return CheckResult(err < 1e-12, "numeric", err,
                           f"{MOMENTS} moments, {H.shape[0]} states, W = 1 eV: max |mu_KPM - sum_n T_m(x_n)|/N = {err:.1e}")

    d.check("kpm_moments_with_an_exact_trace_are_those_of_the_exact_eigenvalues", exact_trace,
            compares=("Chebyshev recursion (doubling) on the sparse film", "T_m at numpy eigvalsh eigenvalues"),
            eq="6", doc="The recursion and the rescaling are exact: only rounding separates the two.")

    def stochastic_trace() -> CheckResult:
        H = _film(d, 6, 6, W=1.0, seed=2)
        n = H.shape[0]
        bounds = kpm.spectral_bounds(H)
        E = np.linspace(-1.5, 1.5, 61)
        x = (np.linalg.eigvalsh(H.toarray()) - bounds[0]) / bounds[1]
        exact_mu = np.cos(np.arange(MOMENTS)[:, None] * np.arccos(x)[None, :]).mean(axis=1)
        exact = kpm.density_of_states(exact_mu, E, bounds)
        errors = []
        for R in (4, 16, 64):
            trials = [kpm.density_of_states(kpm.chebyshev_moments(H, kpm.random_phase_vectors(n, R, seed),
                                                                  MOMENTS, bounds) / (R * n), E, bounds)
                      for seed in range(4)]
            errors.append(float(np.sqrt(np.mean((np.array(trials) - exact) ** 2)) / np.mean(exact)))
        slope = float(np.polyfit(np.log([4, 16, 64]), np.log(errors), 1)[0])
        ok = -0.75 < slope < -0.3 and errors[-1] < 0.05
        return CheckResult(ok, "numeric", errors[-1],
                           f"relative rms error of the stochastic DOS against the exact-trace DOS ({n} states): "
                           f"{', '.join(f'{e:.2e}' for e in errors)} for R = 4, 16, 64 vectors; slope "
                           f"{slope:.2f} in log R (1/sqrt(R N): -0.5)")

    d.check("stochastic_trace_dos_converges_as_one_over_the_root_of_the_vector_count", stochastic_trace,
            compares=("random-phase stochastic trace, R = 4, 16, 64", "exact eigenvalues, same Jackson kernel"),
            eq="6")

    def typical_vs_arithmetic() -> CheckResult:
        E = np.array([0.3, 0.6])                       # in the bulk bands above the gap
        ratios = {}
        for W in (0.0, 40.0):
            H = _film(d, 6, 4, W=W, seed=3)
            bounds = kpm.spectral_bounds(H)
            layer = np.arange(0, 6 * 6 * 4, 4) + 1     # one layer (iz = 1) of every column: all equivalent when clean
            rho_t, rho_a = kpm.typical_and_arithmetic_dos(kpm.local_moments(H, layer, 4, MOMENTS, bounds), E, bounds)
            ratios[W] = rho_t / rho_a
        clean = float(np.max(np.abs(ratios[0.0] - 1)))
        ok = clean < 1e-10 and float(np.max(ratios[40.0])) < 0.5
        return CheckResult(ok, "numeric", clean,
                           f"rho_t/rho_a = 1 to {clean:.1e} for the clean film (translation invariance in the "
                           f"plane); {', '.join(f'{r:.2f}' for r in ratios[40.0])} at W = 40 eV (localized states)")

    d.check("typical_dos_is_arithmetic_when_clean_and_falls_when_localized", typical_vs_arithmetic,
            compares=("geometric mean of the LDOS", "arithmetic mean of the LDOS"),
            doc=r"Fig. 5: $\rho_t = \rho_a$ for extended states; $\rho_t \ll \rho_a$ when states localize.")
