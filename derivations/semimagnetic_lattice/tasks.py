"""Single-sample computations of the disordered film, as sweep tasks (``qsym.lattice.sweep``).

Each returns a dict of floats for one (parameters, seed). Workers use the committed generated
builders (``generated/semimagnetic_lattice.py``: no SymPy, nothing to build). Each task has a ``validate(**params)`` attribute
that ``run_sweep`` calls for every grid point before it starts any worker, so bad input
(negative W, L < 2, a lattice too large for memory) fails at once with a clear message.
"""

from __future__ import annotations

import numpy as np

from qsym.lattice.kubo import hall_conductance

from .builders import generated_module, paper_parameters, zeeman_profile
from .parameters import LATTICE

#: Largest film for the dense projector: 4 x L^2 x Lz states (memory ~ 16 n^2 bytes).
MAX_STATES = 12_000
#: Memory a KPM sample may use for its vector blocks [bytes] (three blocks of n x (4 sites + vectors)).
MAX_KPM_BYTES = 8e9
#: Largest transfer-matrix slice, 4 Ly Lz (dense m x m products per slice).
MAX_SLICE = 4000


#: Methods of Eq. (4) in ``hall_sample``.
HALL_METHODS = ("exact", "chebyshev")


def _film(L: int, Lz: int, W: float, seed: int):
    """The disordered semimagnetic film (sparse), from the generated builder."""
    profile = zeeman_profile(Lz, min(LATTICE["L_z_mag"], Lz), LATTICE["V_0"])
    return generated_module().lattice_film_hamiltonian(L, Lz, profile, W, seed, **paper_parameters())


def _validate_hall(L: int, Lz: int, W: float, E_F: float, method: str = "exact", moments: int = 512,
                   vectors: int = 8, **_) -> None:
    if method not in HALL_METHODS:
        raise ValueError(f"method must be one of {HALL_METHODS}; got {method!r}")
    _check_size("L", L, 2 if method == "exact" else 3)
    _check_size("Lz", Lz, 1)
    _check_W(W)
    _check_energy(E_F)
    n = 4 * L * L * Lz
    if method == "exact" and n > MAX_STATES:
        raise ValueError(f"a {L} x {L} x {Lz} film has {n} states; the dense projector allows at most "
                         f"{MAX_STATES} (~{16 * MAX_STATES**2 / 1e9:.1f} GB): use method='chebyshev'")
    if method == "chebyshev":
        _check_size("moments", moments, 2)
        _check_size("vectors", vectors, 1)
        need = 16 * 16 * n * vectors                  # about 16 vector blocks of n x vectors, complex
        if need > MAX_KPM_BYTES:
            raise ValueError(f"a {L} x {L} x {Lz} film with {vectors} vectors needs ~{need / 1e9:.1f} GB "
                             f"(at most {MAX_KPM_BYTES / 1e9:.0f} GB): fewer vectors per sample, more samples")


def hall_sample(L: int, Lz: int, W: float, E_F: float, seed: int, method: str = "exact", moments: int = 512,
                vectors: int = 8) -> dict:
    """sigma_xy [e^2/h, qsym's sign] of one disorder realization of the semimagnetic film by Eq. (4),
    with the paper's parameters (Zeeman V_0 on the top ``L_z_mag`` layers); W and E_F in eV.

    ``method="exact"``: the dense projector, minimal-image commutators (at most ``MAX_STATES``
    states). ``method="chebyshev"``: the Chebyshev projector of ``moments`` moments (Jackson
    kernel, resolution ~ pi x 4.4 eV / moments) and a stochastic trace over ``vectors``
    random-phase vectors, for samples whose level spacing is below that resolution.
    """
    _validate_hall(L, Lz, W, E_F, method, moments, vectors)
    H = _film(L, Lz, W, seed)
    if method == "chebyshev":
        from qsym.lattice.kpm import random_phase_vectors
        from qsym.lattice.kubo import hall_conductance_chebyshev

        C = generated_module().lattice_position_commutators(L, Lz, **paper_parameters())
        v = random_phase_vectors(H.shape[0], vectors, seed + 10**6)
        return {"sigma_xy": hall_conductance_chebyshev(H, C, L, E_F, n_moments=moments, vectors=v)}
    ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
    return {"sigma_xy": hall_conductance(H, np.stack([ix.ravel(), iy.ravel()], 1), L, E_F, orbitals=4)}


def _validate_hall_map(L: int, Lz: int, W: float, energies: tuple = (0.0, 0.2, 6), **_) -> None:
    _validate_hall(L, Lz, W, 0.0)
    if len(energies) != 3 or int(energies[2]) != energies[2] or energies[2] < 1:
        raise ValueError(f"energies must be (start, stop, count) with an integer count >= 1; got {energies!r}")
    for E in energies[:2]:
        _check_energy(E)


def hall_map_sample(L: int, Lz: int, W: float, seed: int, energies: tuple = (0.0, 0.2, 6)) -> dict:
    """sigma_xy [e^2/h, qsym's sign] of one disorder realization by Eq. (4) (exact projector) at the
    Fermi energies ``numpy.linspace(*energies)`` [eV], all from one diagonalization (Fig. 2(a))."""
    _validate_hall_map(L, Lz, W, energies)
    E = np.linspace(float(energies[0]), float(energies[1]), int(energies[2]))
    H = _film(L, Lz, W, seed)
    ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
    sigma = hall_conductance(H, np.stack([ix.ravel(), iy.ravel()], 1), L, E, orbitals=4)
    return {"sigma_xy": [float(s) for s in sigma], "energies": E.tolist()}


def _check_size(name: str, value, low: int) -> None:
    if int(value) != value or value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")


def _check_W(W) -> None:
    if not (isinstance(W, (int, float)) and np.isfinite(W) and W >= 0):
        raise ValueError(f"W (disorder strength, eV) must be finite and >= 0; got {W!r}")


def _check_energy(E_F) -> None:
    if not (isinstance(E_F, (int, float)) and np.isfinite(E_F) and abs(E_F) <= 10):
        raise ValueError(f"E_F (Fermi energy, eV) must be finite with |E_F| <= 10 eV; got {E_F!r}")


def _validate_scba(W: float, E_F: float, **_) -> None:
    _check_W(W)
    _check_energy(E_F)


def _validate_dos(L: int, Lz: int, W: float, moments: int = 512, sites: int = 32, vectors: int = 4, **_) -> None:
    _check_size("L", L, 2)
    _check_size("Lz", Lz, 1)
    _check_W(W)
    _check_size("moments", moments, 2)
    _check_size("sites", sites, 1)
    _check_size("vectors", vectors, 1)
    n = 4 * L * L * Lz
    need = 3 * 16 * n * (4 * sites + vectors)
    if need > MAX_KPM_BYTES:
        raise ValueError(f"a {L} x {L} x {Lz} film with {sites} sites and {vectors} vectors needs "
                         f"~{need / 1e9:.1f} GB of vector blocks (at most {MAX_KPM_BYTES / 1e9:.0f} GB): "
                         "fewer sites per sample, more samples")


def _validate_localization(Ly: int, Lz: int, W: float, E_F: float, slices: int = 600, **_) -> None:
    _check_size("Ly", Ly, 2)
    _check_size("Lz", Lz, 1)
    _check_W(W)
    _check_energy(E_F)
    _check_size("slices", slices, 50)
    if slices % 50:
        raise ValueError(f"slices must be a multiple of 50 (10 segments x QR every 5); got {slices!r}")
    if 4 * Ly * Lz > MAX_SLICE:
        raise ValueError(f"a {Ly} x {Lz} cross-section has {4 * Ly * Lz} states per slice (at most {MAX_SLICE})")


def scba_point(W: float, E_F: float, seed: int = 0, error: bool = True) -> dict:
    """The effective medium theory at one (W, E_F) [eV] of the paper's film (no sampling; ``seed``
    is unused): SCBA self-energy, renormalized mass, Zeeman gap and Fermi energy, the top-surface
    broadening eta_top [eV], and sigma_xy [e^2/h, qsym's sign] of Eq. (10); with ``error``, its
    k-integration error (the change on the refined quadrature; about twice the cost). Eq. (10) is
    evaluated with Sigma - i 1e-6 eV: the closed-form energy integral needs a broadening (at W = 0
    it is the clean limit, checked in ``kubo_bastin_with_vanishing_broadening_is_the_clean_kubo_sum``)."""
    from qsym.lattice import scba

    from .effective_medium import C2_UNITARY, renormalized, semimagnetic_film

    _validate_scba(W, E_F)
    f = semimagnetic_film()
    r = scba.self_consistent_born(f, E_F, W, c2_unitary=C2_UNITARY)
    if not r.converged:
        raise RuntimeError(f"SCBA did not converge at W = {W}, E_F = {E_F} (residual {r.residuals[-1]:.1e})")
    sigma = r.sigma - 1e-6j * np.eye(4)           # a floor of 1 ueV: Eq. (10) needs a broadening (W = 0)
    quad = scba.film_quadrature(f, E_F, sigma, c2=True)
    s = scba.kubo_bastin(f, sigma, E_F, quad)
    fine = scba.kubo_bastin(f, sigma, E_F, scba.film_quadrature(f, E_F, sigma, c2=True, refine=2)) if error else s
    return {"sigma_xy": s, "sigma_xy_k_error": abs(fine - s) if error else -1.0, "self_energy_k_error": r.k_error,
            "iterations": r.iterations, **renormalized(r)}


def dos_sample(L: int, Lz: int, W: float, seed: int, moments: int = 512, sites: int = 32,
               vectors: int = 4, energies: tuple = (-0.4, 0.4, 161)) -> dict:
    """KPM densities of states of one disorder realization of the L x L x Lz film, per site and eV,
    on the grid ``energies`` = (start, stop, count) [eV]: ``rho`` by the stochastic trace
    (``vectors`` random-phase vectors), and from the LDOS of ``sites`` random sites their mean
    ``ldos_mean`` (rho_a) and the mean of their logarithm ``log_ldos`` (rho_t = exp of its
    average over sites and samples)."""
    from qsym.lattice import kpm

    _validate_dos(L, Lz, W, moments, sites, vectors)
    H = _film(L, Lz, W, seed)
    E = np.linspace(*energies[:2], int(energies[2]))
    bounds = kpm.spectral_bounds(H)
    mu = kpm.chebyshev_moments(H, kpm.random_phase_vectors(H.shape[0], vectors, seed), moments, bounds)
    rho = kpm.density_of_states(mu, E, bounds)
    picked = np.random.default_rng(seed + 10**6).choice(L * L * Lz, size=min(sites, L * L * Lz), replace=False)
    local = kpm.local_moments(H, picked, 4, moments, bounds)
    ldos = np.array([kpm.density_of_states(m, E, bounds) for m in local])
    return {"rho": (rho * 4 / (vectors * H.shape[0])).tolist(), "log_ldos": np.log(np.maximum(ldos, 1e-300)).mean(axis=0).tolist(),
            "ldos_mean": ldos.mean(axis=0).tolist(), "energies": E.tolist()}


def localization_sample(Ly: int, Lz: int, W: float, E_F: float, seed: int, slices: int = 600) -> dict:
    """Lambda_x = lambda_x/Ly of one bar Ly x Lz (periodic y, open z) of ``slices`` slices at E_F,
    W [eV], with its standard error from the spread over 10 segments (Eqs. 8-9)."""
    from qsym.lattice import lyapunov_exponents

    _validate_localization(Ly, Lz, W, E_F, slices)
    profile = zeeman_profile(Lz, min(LATTICE["L_z_mag"], Lz), LATTICE["V_0"])
    H0, hop = generated_module().lattice_bar_slices(Ly, Lz, profile, **paper_parameters())
    r = lyapunov_exponents(H0, hop, E_F, slices, W=W, orbitals=4, segments=10, qr_every=5, seed=seed)
    lam, err = r.localization_length, r.localization_length_error
    return {"Lambda": lam / Ly, "Lambda_error": err / Ly, "gamma_min": float(r.exponents[-1])}


hall_sample.validate = _validate_hall
hall_map_sample.validate = _validate_hall_map
scba_point.validate = _validate_scba
dos_sample.validate = _validate_dos
localization_sample.validate = _validate_localization
