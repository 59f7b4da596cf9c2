"""Effective medium theory of the disordered film (paper 004, Methods "Effective medium theory",
the layered SCBA self-energy and Eq. 10), checked against independent routes:

* the Kubo-Bastin formula with a vanishing constant broadening against the clean Kubo
  (TKNN) sum over the same k-points (eigh plus perturbation sums);
* the SCBA self-energy at weak disorder against second-order Born perturbation theory
  (eigh spectral sums, no iteration), with a remainder that falls as W^4;
* Anderson mixing against linear mixing near the onset W_c, where linear mixing stalls.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from qsym import registry
from qsym.checks import CheckResult
from qsym.derivation import Derivation
from qsym.lattice import scba
from qsym.lattice.layered import LayeredFilm

from .film import numeric_blocks, step_blocks
from .parameters import LATTICE
from .symbols import NAME

__all__ = ["film", "semimagnetic_film", "clean_kubo_sum", "renormalized", "effective_medium_checks"]

#: Projections of the layer self-energy (orbital x spin basis): energy shift, Dirac mass, Zeeman.
COMPONENTS = {"shift": np.eye(4), "mass": np.kron(np.diag([1.0, -1.0]), np.eye(2)),
              "zeeman": np.kron(np.eye(2), np.diag([1.0, -1.0]))}


def film(onsite, hops: dict, potentials) -> LayeredFilm:
    """The film with Zeeman potential ``potentials[i]`` [eV] on layer i (i = 0 is the top)."""
    return LayeredFilm(np.array([onsite(v) for v in potentials]), hops["x"], hops["y"], hops["z"])


@lru_cache(maxsize=None)
def _blocks():
    return numeric_blocks(step_blocks(registry.get(NAME)))


def semimagnetic_film(Lz: int = LATTICE["L_z"], magnetic: int = LATTICE["L_z_mag"],
                      V0: float = LATTICE["V_0"]) -> LayeredFilm:
    """The paper's film: Lz layers, Zeeman V0 [eV] on the top ``magnetic`` layers."""
    if int(Lz) != Lz or Lz < 1 or not 0 <= magnetic <= Lz:
        raise ValueError(f"need Lz >= 1 and 0 <= magnetic <= Lz; got Lz = {Lz!r}, magnetic = {magnetic!r}")
    onsite, hops = _blocks()
    return film(onsite, hops, [V0] * magnetic + [0.0] * (Lz - magnetic))


def clean_kubo_sum(f: LayeredFilm, fermi_energy: float, quad) -> float:
    """sigma_xy [e^2/h, qsym's sign] of the clean film: -(1/2 pi) int d^2k sum_n f_n Omega_n, with
    Omega_n = -2 Im sum_{m != n} <n|v_x|m><m|v_y|n>/(E_n - E_m)^2 from numpy eigh, on ``quad``."""
    total = 0.0
    for s in range(0, len(quad), 1024):
        k = quad.k[s:s + 1024]
        e, v = np.linalg.eigh(f.hamiltonian(k))
        vd = np.conj(np.swapaxes(v, 1, 2))
        vx, vy = f.velocities(k)
        X, Y = vd @ vx @ v, vd @ vy @ v
        gap = e[:, :, None] - e[:, None, :]
        np.einsum("nii->ni", gap)[:] = np.inf
        omega = -2 * np.imag(np.sum(X * np.swapaxes(Y, 1, 2) / gap**2, axis=2))
        total += float(np.sum(quad.w[s:s + 1024] * np.sum(omega * (e < fermi_energy), axis=1)))
    return -2 * np.pi * total


def renormalized(result: scba.SelfEnergy, magnetic: int = LATTICE["L_z_mag"]) -> dict:
    """The paper's renormalized parameters from an SCBA self-energy [eV]: the Dirac mass
    m0 + Re Sigma_mass (layer average), the Zeeman gap V0 + Re Sigma_zeeman (magnetic layers),
    the Fermi energy E_F - Re Sigma_shift (layer average), and eta_top = -Im Sigma_shift on the
    top layer (the broadening of the top surface states)."""
    p = scba.renormalized_parameters(result.sigma, result.energy, COMPONENTS)
    return {"mass": LATTICE["m_0"] + float(np.mean(p["mass"].real)),
            "zeeman": LATTICE["V_0"] + float(np.mean(p["zeeman"].real[:magnetic])),
            "fermi_energy": result.energy - float(np.mean(p["shift"].real)),
            "eta_top": -float(p["shift"].imag[0])}


def effective_medium_checks(d: Derivation) -> None:
    """Clean limit of Eq. (10), Born limit of the SCBA, and the mixing."""

    def clean_limit() -> CheckResult:
        rows, worst = [], 0.0
        for name, potentials, E_F in (("gapped film (parallel)", [0.1] * 2 + [0.0] * 2 + [0.1] * 2, 0.0),
                                      ("semimagnetic film", [0.1] * 2 + [0.0] * 4, 0.01)):
            onsite, hops = _blocks()
            f = film(onsite, hops, potentials)
            sigma = -1j * 1e-6 * np.broadcast_to(np.eye(4), (f.layers, 4, 4))
            quad = scba.film_quadrature(f, E_F, sigma, c2=True)
            bastin = scba.kubo_bastin(f, sigma, E_F, quad)
            kubo = clean_kubo_sum(f, E_F, quad)
            worst = max(worst, abs(bastin - kubo))
            rows.append(f"{name} (Lz = 6, E_F = {E_F} eV): Eq. (10) {bastin:+.9f}, clean Kubo sum {kubo:+.9f}")
        return CheckResult(worst < 2e-6, "numeric", worst, "; ".join(rows) + f" ({len(quad)} k-points, "
                           "eta = 1e-6 eV; the difference is O(eta/gap) and O(eta/(v dk)) at the Fermi line)")

    d.check("kubo_bastin_with_vanishing_broadening_is_the_clean_kubo_sum", clean_limit,
            compares=("Eq. (10), closed-form energy integral, Sigma = -i eta (eta = 1e-6 eV)",
                      "clean Kubo (TKNN) sum: occupied Berry curvature from eigh, same k-points"),
            eq="10", doc="Both in qsym's sign; Eq. (10) as printed gives the paper's sign, its negative.")

    def born_limit() -> CheckResult:
        onsite, hops = _blocks()
        f = film(onsite, hops, [0.1] * 2 + [0.0] * 2 + [0.1] * 2)        # gapped at E = 0: Born is real
        rows, rel = [], []
        for W in (0.4, 0.2, 0.1):
            r = scba.self_consistent_born(f, 0.0, W, tol=1e-13)
            born = scba.born_self_energy(f, 0.0, W, scba.film_quadrature(f, 0.0, r.sigma))
            rel.append(float(np.max(np.abs(r.sigma - born)) / np.max(np.abs(born))))
            rows.append(f"W = {W} eV: |Sigma_SCBA - Sigma_Born|/|Sigma_Born| = {rel[-1]:.2e} "
                        f"({r.iterations} iterations)")
        ratios = [rel[0] / rel[1], rel[1] / rel[2]]
        ok = all(3.5 < q < 4.5 for q in ratios) and rel[-1] < 1e-3
        return CheckResult(ok, "numeric", rel[-1], "; ".join(rows) + f"; ratios {ratios[0]:.2f}, {ratios[1]:.2f} "
                           "(W^2 scaling of the relative remainder: 4)")

    d.check("scba_self_energy_at_weak_disorder_is_second_order_born", born_limit,
            compares=("SCBA self-energy (recursive Green's function, Anderson mixing)",
                      "(W^2/12) G_0(E)_ii from the eigenvectors of the clean H(k) (no iteration)"),
            doc="Gapped film (both surfaces magnetized), E = 0, where G_0 is Hermitian and smooth.")

    def mixing() -> CheckResult:
        f = semimagnetic_film()
        W, budget = 2.6, 40
        anderson = scba.self_consistent_born(f, LATTICE["E_F"], W, max_iter=budget)
        linear = scba.self_consistent_born(f, LATTICE["E_F"], W, mixing="linear", max_iter=budget)
        ok = anderson.converged and not linear.converged and linear.residuals[-1] > 1e4 * anderson.residuals[-1]
        return CheckResult(ok, "numeric", anderson.residuals[-1],
                           f"W = {W} eV, E_F = {LATTICE['E_F']} eV, paper's film: Anderson converged in "
                           f"{anderson.iterations} iterations (residual {anderson.residuals[-1]:.1e}); linear mixing "
                           f"(beta = 0.5) after {budget}: residual {linear.residuals[-1]:.1e}")

    d.check("anderson_mixing_converges_where_linear_mixing_stalls", mixing,
            compares=("Anderson (Pulay) mixing of 6 iterates", "linear mixing, same budget of 40 iterations"),
            doc="Near the onset W_c the SCBA map's Jacobian has an eigenvalue close to 1.")
