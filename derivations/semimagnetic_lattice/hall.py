"""Hall conductance of the film by the non-commutative Kubo formula (paper 004, Eq. 4),
checked against its k-space form and against the Chern number of magnetized films."""

from __future__ import annotations

import numpy as np

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation
from qsym.lattice.kubo import hall_conductance, hall_conductance_bloch

from .film import numeric_blocks, numeric_matrix
from .model import fourier_coefficient
from .parameters import LATTICE
from .references import bloch_film, real_space_film
from .symbols import TAU_0_SIGMA_Z, V_z, kx, ky, kz

SIGMA_Z = np.asarray(TAU_0_SIGMA_Z, dtype=complex)


def _film_routes(H, blocks):
    onsite, hops = numeric_blocks(blocks)
    return numeric_matrix(fourier_coefficient(H, kz, 0), (kx, ky, V_z)), onsite, hops


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
    layer, onsite, hops = _film_routes(H, blocks)

    def real_vs_k() -> CheckResult:
        rows, worst = [], 0.0
        for L in (4, 6):
            Lz, nz, V0 = 6, 2, LATTICE["V_0"]
            Hr = real_space_film(onsite, hops, L, Lz, nz, V0)
            ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
            real = hall_conductance(Hr, np.stack([ix.ravel(), iy.ravel()], 1), L, 0.01, orbitals=4)
            bloch = hall_conductance_bloch(lambda qx, qy: bloch_film(layer, hops["z"], qx, qy, Lz, nz, V0), L, 0.01)
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
            bloch = _bloch_with_layers(layer, hops["z"], potentials)
            C = chern_number_fhs(bloch, 12, 0.0)
            sigmas = [hall_conductance_bloch(bloch, L, 0.0) for L in (8, 16, 32)]
            dev = [abs(s - round(C)) for s in sigmas]
            converging = dev[0] >= dev[1] - 1e-12 and dev[1] >= dev[2] - 1e-12   # (to rounding when C = 0)
            ok &= abs(C - round(C)) < 1e-10 and dev[-1] < 2e-3 and converging
            worst = largest([worst, dev[-1]])
            rows.append(f"{name}: Chern (FHS, 12 x 12) {C:+.10f}; Eq. (4) at L = 8, 16, 32: "
                        + ", ".join(f"{s:+.5f}" for s in sigmas))
        ok &= abs(round(chern_number_fhs(_bloch_with_layers(layer, hops["z"], films["parallel"]), 12, 0.0))) == 1
        return CheckResult(bool(ok), "numeric", worst, "; ".join(rows) + " (Lz = 6, E_F = 0)")

    d.check("noncommutative_kubo_converges_to_the_chern_number_of_magnetized_films", chern,
            compares=("Eq. (4) on L x L tori (k-space form), L = 8, 16, 32",
                      "Fukui-Hatsugai-Suzuki Chern number of the generated H(k): -1 parallel, 0 antiparallel"),
            eq="4", doc="Sign: qsym's convention (electrons of charge -e); Eq. (4) as printed is its negative.")
