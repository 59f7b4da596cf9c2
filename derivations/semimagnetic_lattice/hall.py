"""Hall conductance of the film by the non-commutative Kubo formula (paper 004, Eq. 4),
checked against its k-space form and against the Chern number of magnetized films."""

from __future__ import annotations

import numpy as np

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation
from qsym.lattice.kubo import hall_conductance, hall_conductance_bloch

from .builders import generated_module, paper_parameters, zeeman_profile
from .film import lambdified_hopping_z, numeric_matrix
from .model import fourier_coefficient
from .parameters import LATTICE
from .references import bloch_film
from .symbols import TAU_0_SIGMA_Z, V_z, kx, ky, kz

SIGMA_Z = np.asarray(TAU_0_SIGMA_Z, dtype=complex)


def _bloch_route(H, blocks):
    """The layer Hamiltonian h(kx, ky, V) and T_z, lambdified from the steps."""
    return numeric_matrix(fourier_coefficient(H, kz, 0), (kx, ky, V_z)), lambdified_hopping_z(blocks)


def _bloch_with_layers(layer, hop_z, potentials):
    """Bloch film with a Zeeman potential per layer (parallel or antiparallel surfaces)."""
    Lz = len(potentials)

    def bloch(qx, qy):
        M = bloch_film(layer, hop_z, qx, qy, Lz, 0, 0.0)
        for z, v in enumerate(potentials):
            M[4 * z:4 * z + 4, 4 * z:4 * z + 4] += v * SIGMA_Z
        return M
    return bloch


def chern_number_fhs(bloch, n: int, fermi_energy: float) -> float:
    """Fukui-Hatsugai-Suzuki lattice Chern number of the states below ``fermi_energy``
    (link variables U = det <u_k|u_k+mu>, phases of the plaquettes over 2 pi). With these links
    the value is -C of A = i<u|grad u>, i.e. qsym's sigma_xy in e^2/h for a filled gap."""
    ks = 2 * np.pi * np.arange(n) / n
    U = {}
    for i, qx in enumerate(ks):
        for j, qy in enumerate(ks):
            e, v = np.linalg.eigh(bloch(qx, qy))
            U[i, j] = v[:, e < fermi_energy]

    def link(p, q):
        return np.linalg.det(U[p].conj().T @ U[q])

    flux = 0.0
    for i in range(n):
        for j in range(n):
            a, b, c, d = (i, j), ((i + 1) % n, j), ((i + 1) % n, (j + 1) % n), (i, (j + 1) % n)
            flux += np.angle(link(a, b) * link(b, c) * link(c, d) * link(d, a))
    return flux / (2 * np.pi)


def hall_checks(d: Derivation, H, blocks: dict) -> None:
    """Eq. (4) in real space against k space; magnetized films against their Chern numbers."""
    layer, hop_z = _bloch_route(H, blocks)

    def real_vs_k() -> CheckResult:
        rows, worst = [], 0.0
        for L in (4, 6):
            Lz, nz, V0 = 6, 2, LATTICE["V_0"]
            Hr = generated_module(d).lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, nz, V0), **paper_parameters())
            ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
            real = hall_conductance(Hr, np.stack([ix.ravel(), iy.ravel()], 1), L, 0.01, orbitals=4)
            bloch = hall_conductance_bloch(lambda qx, qy: bloch_film(layer, hop_z, qx, qy, Lz, nz, V0), L, 0.01)
            worst = largest([worst, abs(real - bloch)])
            rows.append(f"L = {L}: {real:+.12f} (real space) vs {bloch:+.12f} (k space)")
        return CheckResult(worst < 1e-12, "numeric", worst, "; ".join(rows) + " (semimagnetic film, Lz = 6, E_F = 0.01 eV)")

    d.check("noncommutative_kubo_on_the_clean_torus_equals_its_k_space_form", real_vs_k,
            compares=("Eq. (4), dense projector of the real-space torus", "the same formula on the k-grid (FFT)"),
            eq="4")

    def chern() -> CheckResult:
        V0 = LATTICE["V_0"]
        films = {"parallel": [V0] * 6, "antiparallel": [V0] * 3 + [-V0] * 3}
        rows, ok, worst = [], True, 0.0
        for name, potentials in films.items():
            bloch = _bloch_with_layers(layer, hop_z, potentials)
            C = chern_number_fhs(bloch, 12, 0.0)
            sigmas = [hall_conductance_bloch(bloch, L, 0.0) for L in (8, 16, 32)]
            dev = [abs(s - round(C)) for s in sigmas]
            converging = dev[0] >= dev[1] - 1e-12 and dev[1] >= dev[2] - 1e-12   # (to rounding when C = 0)
            ok &= abs(C - round(C)) < 1e-10 and dev[-1] < 2e-3 and converging
            worst = largest([worst, dev[-1]])
            rows.append(f"{name}: Chern (FHS, 12 x 12) {C:+.10f}; Eq. (4) at L = 8, 16, 32: "
                        + ", ".join(f"{s:+.5f}" for s in sigmas))
        ok &= abs(round(chern_number_fhs(_bloch_with_layers(layer, hop_z, films["parallel"]), 12, 0.0))) == 1
        return CheckResult(bool(ok), "numeric", worst, "; ".join(rows) + " (Lz = 6, E_F = 0)")

    d.check("noncommutative_kubo_converges_to_the_chern_number_of_magnetized_films", chern,
            compares=("Eq. (4) on L x L tori (k-space form), L = 8, 16, 32",
                      "Fukui-Hatsugai-Suzuki Chern number of the generated H(k): -1 parallel, 0 antiparallel"),
            eq="4", doc="Sign: qsym's convention (electrons of charge -e); Eq. (4) as printed is its negative.")

    d.check("chebyshev_projector_recursion_is_exact_for_its_polynomial", lambda: _chebyshev_vs_eigenbasis(d),
            compares=("Eq. (4) with the Chebyshev projector (64 moments, exact trace; commutators by the "
                      "Leibniz recursion)",
                      "the same polynomial of H applied in the eigenbasis, divided differences times [x, H]"),
            eq="4", doc="The recursion introduces no error of its own: only the polynomial approximates the step.")
    d.check("derivation_form_of_eq4_on_the_clean_torus_is_the_k_space_kubo_sum", lambda: _derivation_vs_tknn(d),
            compares=("Eq. (4) in the eigenbasis with [x, H] from lattice_position_commutators (real space)",
                      "the TKNN sum with dH/dk of the film's Bloch blocks on the L x L grid (k space)"),
            eq="4", doc="What the Chebyshev route converges to, as $M$ grows, on a finite torus.")


def _chebyshev_vs_eigenbasis(d: Derivation) -> CheckResult:
    from qsym.lattice import kpm
    from qsym.lattice.kubo import hall_conductance_chebyshev, hall_conductance_eigenbasis, step_coefficients

    mod, p = generated_module(d), paper_parameters()
    L, Lz, M, E_F = 4, 4, 64, 0.01
    H = mod.lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, 1, LATTICE["V_0"]), 1.0, 3, **p)
    C = mod.lattice_position_commutators(L, Lz, **p)
    bounds = kpm.spectral_bounds(H)
    c = step_coefficients(E_F, bounds, M)
    cheb = hall_conductance_chebyshev(H, C, L, E_F, n_moments=M, bounds=bounds)
    eig = hall_conductance_eigenbasis(
        H, C, L, E_F, occupation=lambda e: np.polynomial.chebyshev.chebval((e - bounds[0]) / bounds[1], c))
    err = abs(cheb - eig)
    return CheckResult(err < 1e-11, "numeric", err,
                       f"{L} x {L} x {Lz} film, W = 1 eV, E_F = {E_F} eV, M = {M}: recursion {cheb:+.14f}, "
                       f"eigenbasis {eig:+.14f}")


def _derivation_vs_tknn(d: Derivation) -> CheckResult:
    from qsym.lattice.brillouin import ZoneQuadrature
    from qsym.lattice.kubo import hall_conductance_eigenbasis

    from .effective_medium import clean_kubo_sum, film

    mod, p = generated_module(d), paper_parameters()
    rows, worst = [], 0.0
    for L, Lz, profile, E_F in ((4, 4, zeeman_profile(4, 1, LATTICE["V_0"]), 0.01),
                                (6, 4, [LATTICE["V_0"]] * 4, 0.0)):
        H = mod.lattice_film_hamiltonian(L, Lz, profile, **p)
        real = hall_conductance_eigenbasis(H, mod.lattice_position_commutators(L, Lz, **p), L, E_F)
        q = 2 * np.pi * np.arange(L) / L
        grid = np.array([[x, y] for x in q for y in q])
        kspace = clean_kubo_sum(film(mod.lattice_blocks(**p), profile), E_F,
                                ZoneQuadrature(grid, np.full(len(grid), 1.0 / L**2)))
        worst = largest([worst, abs(real - kspace) / max(1.0, abs(kspace))])
        rows.append(f"L = {L}, E_F = {E_F}: {real:+.12f} (real space) vs {kspace:+.12f} (k space)")
    return CheckResult(worst < 1e-10, "numeric", worst,
                       "; ".join(rows) + " (semimagnetic film, then a film magnetized throughout; Lz = 4)")
