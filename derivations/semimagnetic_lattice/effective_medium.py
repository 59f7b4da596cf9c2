"""Effective medium theory of the disordered film (paper 004, Methods "Effective medium theory",
the layered SCBA self-energy and Eq. 10), checked against independent routes:

* the Kubo-Bastin formula with a vanishing constant broadening against the clean Kubo
  (TKNN) sum over the same k-points (eigh plus perturbation sums);
* the SCBA self-energy at weak disorder against second-order Born perturbation theory
  (eigh spectral sums, no iteration), with a remainder that falls as W^4;
* Anderson mixing against linear mixing near the onset W_c, where linear mixing stalls.
"""

from __future__ import annotations

import numpy as np

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation
from qsym.lattice import scba
from qsym.lattice.layered import LayeredFilm

from .builders import paper_blocks, zeeman_profile
from .parameters import LATTICE

__all__ = ["film", "semimagnetic_film", "clean_kubo_sum", "renormalized", "effective_medium_checks"]

#: Projections of the layer self-energy (orbital x spin basis): energy shift, Dirac mass, Zeeman.
COMPONENTS = {"shift": np.eye(4), "mass": np.kron(np.diag([1.0, -1.0]), np.eye(2)),
              "zeeman": np.kron(np.eye(2), np.diag([1.0, -1.0]))}

#: A lighter zone quadrature for the checks: each compares two routes on the same k-points.
LIGHT = {"angles": 12, "outer": 32}

#: The two-fold rotation about z, tau_0 sigma_z (up to a phase, exp(-i pi sigma_z/2)): H(-k) = U H(k) U^+
#: for the film with its magnetization along z; the SCBA k-sums run over half the zone.
C2_UNITARY = np.kron(np.eye(2), np.diag([1.0, -1.0]))


def film(blocks, potentials) -> LayeredFilm:
    """The film of ``blocks`` (``qsym.runtime.tight_binding.LatticeBlocks``) with Zeeman potential
    ``potentials[i]`` [eV] on layer i (i = 0 is the top)."""
    return LayeredFilm(blocks.layer_onsites(potentials), *blocks.hoppings)


def semimagnetic_film(Lz: int = LATTICE["L_z"], magnetic: int = LATTICE["L_z_mag"],
                      V0: float = LATTICE["V_0"]) -> LayeredFilm:
    """The paper's film: Lz layers, Zeeman V0 [eV] on the top ``magnetic`` layers."""
    if int(Lz) != Lz or Lz < 1 or not 0 <= magnetic <= Lz:
        raise ValueError(f"need Lz >= 1 and 0 <= magnetic <= Lz; got Lz = {Lz!r}, magnetic = {magnetic!r}")
    return film(paper_blocks(), zeeman_profile(Lz, magnetic, V0))


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
    p = scba.renormalized_parameters(result.sigma, COMPONENTS)
    return {"mass": LATTICE["m_0"] + float(np.mean(p["mass"].real)),
            "zeeman": LATTICE["V_0"] + float(np.mean(p["zeeman"].real[:magnetic])),
            "fermi_energy": result.energy - float(np.mean(p["shift"].real)),
            "eta_top": -float(p["shift"].imag[0])}


def _clean_limit() -> CheckResult:
    rows, worst = [], 0.0
    for name, potentials, E_F in (("gapped film (parallel)", [0.1] + [0.0] * 2 + [0.1], 0.0),
                                  ("semimagnetic film", [0.1] + [0.0] * 3, 0.01)):
        f = film(paper_blocks(), potentials)
        sigma = -1j * 1e-6 * np.broadcast_to(np.eye(4), (f.layers, 4, 4))
        quad = scba.film_quadrature(f, E_F, sigma, c2=True, **LIGHT)
        bastin = scba.kubo_bastin(f, sigma, E_F, quad)
        kubo = clean_kubo_sum(f, E_F, quad)
        worst = largest([worst, abs(bastin - kubo)])
        rows.append(f"{name} (Lz = 4, E_F = {E_F} eV): Eq. (10) {bastin:+.9f}, clean Kubo sum {kubo:+.9f}")
    return CheckResult(worst < 2e-6, "numeric", worst, "; ".join(rows) + f" ({len(quad)} k-points, "
                       "eta = 1e-6 eV; the difference is O(eta/gap) and O(eta/(v dk)) at the Fermi line)")


def _finite_broadening() -> CheckResult:
    from scipy.integrate import quad

    from qsym.lattice.brillouin import ZoneQuadrature

    f = film(paper_blocks(), [0.1] + [0.0] * 3)
    eta, E_F = 0.05, 0.01
    S = -1j * eta * np.broadcast_to(np.eye(4), (f.layers, 4, 4))
    rows, worst = [], 0.0
    for k in ([0.3, 0.1], [1.2, -0.7]):
        k = np.array([k])
        H, (vx, vy) = f.hamiltonian(k)[0], (v[0] for v in f.velocities(k))
        one = np.eye(f.size)

        def trace(e):                          # Eq. (10) as printed, at one energy
            GR = np.linalg.inv(e * one - H + 1j * eta * one)
            GA = GR.conj().T
            return float(np.real(np.trace(vx @ (-GR @ GR) @ vy @ (GR - GA) - vy @ (-GA @ GA) @ vx @ (GR - GA))))
        ev = np.linalg.eigvalsh(H)
        pts = sorted({-40.0, E_F, *(x + s * eta * m for x in ev for s in (-1, 1) for m in (0, 1, 4) if x + s * eta * m < E_F)})
        pts = [p for p in pts if -40.0 <= p <= E_F]
        direct = -(quad(trace, -np.inf, -40.0)[0] + sum(quad(trace, a, b, limit=200, epsabs=1e-13)[0]
                                                        for a, b in zip(pts[:-1], pts[1:])))
        closed = scba.kubo_bastin(f, S, E_F, ZoneQuadrature(k, np.ones(1)))
        worst = largest([worst, abs(closed - direct) / abs(direct)])
        rows.append(f"k = {k[0].tolist()}: closed form {closed:+.10f}, quadrature {direct:+.10f}")
    return CheckResult(worst < 1e-7, "numeric", worst, "; ".join(rows) + f" (Lz = 4 film, eta = {eta} eV, "
                       f"E_F = {E_F} eV; integrand per k, units e^2/h x (2 pi)^2)")


def _born_limit() -> CheckResult:
    f = film(paper_blocks(), [0.1] * 2 + [0.0] * 2 + [0.1] * 2)        # gapped at E = 0: Born is real
    rows, rel = [], []
    for W in (0.2, 0.1):
        r = scba.self_consistent_born(f, 0.0, W, tol=1e-13, c2_unitary=C2_UNITARY, **LIGHT)
        born = scba.born_self_energy(f, 0.0, W, scba.film_quadrature(f, 0.0, r.sigma, **LIGHT))
        rel.append(float(np.max(np.abs(r.sigma - born)) / np.max(np.abs(born))))
        rows.append(f"W = {W} eV: |Sigma_SCBA - Sigma_Born|/|Sigma_Born| = {rel[-1]:.2e} "
                    f"({r.iterations} iterations)")
    ratio = rel[0] / rel[1]
    ok = 3.5 < ratio < 4.5 and rel[-1] < 1e-3
    return CheckResult(ok, "numeric", rel[-1], "; ".join(rows) + f"; ratio {ratio:.2f} "
                       "(W^2 scaling of the relative remainder: 4)")


def _mixing() -> CheckResult:
    f = semimagnetic_film()
    W, budget, light = 2.6, 30, LIGHT
    anderson = scba.self_consistent_born(f, LATTICE["E_F"], W, max_iter=budget, c2_unitary=C2_UNITARY, **light)
    linear = scba.self_consistent_born(f, LATTICE["E_F"], W, mixing="linear", max_iter=budget,
                                       c2_unitary=C2_UNITARY, **light)
    ok = anderson.converged and not linear.converged and linear.residuals[-1] > 1e4 * anderson.residuals[-1]
    return CheckResult(ok, "numeric", anderson.residuals[-1],
                       f"W = {W} eV, E_F = {LATTICE['E_F']} eV, paper's film: Anderson converged in "
                       f"{anderson.iterations} iterations (residual {anderson.residuals[-1]:.1e}); linear mixing "
                       f"(beta = 0.5) after {budget}: residual {linear.residuals[-1]:.1e}")


def effective_medium_checks(d: Derivation) -> None:
    """Clean limit of Eq. (10), its energy integral, the Born limit of the SCBA, and the mixing."""
    d.check("kubo_bastin_with_vanishing_broadening_is_the_clean_kubo_sum", _clean_limit,
            compares=("Eq. (10), closed-form energy integral, Sigma = -i eta (eta = 1e-6 eV)",
                      "clean Kubo (TKNN) sum: occupied Berry curvature from eigh, same k-points"),
            eq="10", doc="Both in qsym's sign; Eq. (10) as printed gives the paper's sign, its negative.")
    d.check("kubo_bastin_energy_integral_in_closed_form_equals_quadrature_of_eq10", _finite_broadening,
            compares=("Eq. (10): energy integral in closed form (biorthogonal eigenbasis of H + Sigma)",
                      "Eq. (10) as printed, traced with matrix inverses and integrated by scipy quad"),
            eq="10", doc="At a finite constant broadening, where every term of the closed form matters.")
    d.check("scba_self_energy_at_weak_disorder_is_second_order_born", _born_limit,
            compares=("SCBA self-energy (recursive Green's function, Anderson mixing)",
                      "(W^2/12) G_0(E)_ii from the eigenvectors of the clean H(k) (no iteration)"),
            doc="Gapped film (both surfaces magnetized), $E = 0$, where $G_0$ is Hermitian and smooth.")
    d.check("anderson_mixing_converges_where_linear_mixing_stalls", _mixing,
            compares=("Anderson (Pulay) mixing of 6 iterates", "linear mixing, same budget of 30 iterations"),
            doc="Near the onset $W_c$ the SCBA map's Jacobian has an eigenvalue close to 1.")
