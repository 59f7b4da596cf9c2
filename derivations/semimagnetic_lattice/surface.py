"""The clean slab's surface Dirac cones against the continuum surface theory (paper 004, the
model section and Eq. 2): the gapless bottom cone's velocity, the top cone's Zeeman gap, and the
Hall conductance against the continuum ``semimagnetic_sigma_xy`` of the localization derivation."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation

from .parameters import LATTICE, continuum_parameters
from .symbols import A_par, V_z

#: Fermi energies of the Hall comparison [eV]: inside the top gap, on the bottom cone.
FERMI_ENERGIES = (0.01,)


def slab_surface_cones(f) -> dict:
    """From the clean slab's bands at small in-plane k: the bottom (gapless) cone's velocity along
    x and y [eV nm] (from E at k = 0.01 nm^-1), its hybridization gap, and the top cone's half gap
    m_t [eV] at k = 0. Surfaces are told apart by the weight of the states on the top layers."""
    k = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.01]])
    e, v = np.linalg.eigh(f.hamiltonian(k))
    weight = (np.abs(v) ** 2).reshape(3, f.layers, f.orbitals, -1).sum(axis=2)
    top = weight[:, :LATTICE["L_z_mag"]].sum(axis=1) > 0.5
    near = [np.argsort(np.abs(e[i]))[:4] for i in range(3)]
    bottom_e = [np.sort(np.abs(e[i][near[i]][~top[i][near[i]]]))[0] for i in range(3)]
    top_e = np.sort(np.abs(e[0][near[0]][top[0][near[0]]]))[0]
    return {"v_x": bottom_e[1] / 0.01, "v_y": bottom_e[2] / 0.01, "hybridization": bottom_e[0], "m_top": top_e}


def surface_theory(d: Derivation) -> None:
    """State the continuum surface theory's numbers and compare the slab with them."""
    d.state("surface_dirac_velocity", A_par, lhs=sp.Symbol(r"\hbar v_{\rm surface}"),
            doc="The surface Dirac cone of the continuum model (no particle-hole term D): hbar v = A_par "
                "(Shan, Lu & Shen, New J. Phys. 12, 043048 (2010)); 0.41 eV nm here.")
    d.state("top_surface_mass", V_z, lhs=sp.Symbol(r"m_{\rm top}"),
            doc="The Zeeman term on the magnetic layers gaps the top cone by 2 V_0 when the top surface "
                "state lies within them.")
    d.check("slab_surface_cones_and_hall_conductance_match_the_continuum_surface_theory", _slab_vs_continuum,
            compares=("the clean slab (Lz = 10, 3 magnetic layers): bands at small k, Kubo sum of sigma_xy",
                      "surface_dirac_velocity, top_surface_mass; semimagnetic_sigma_xy (localization, b -> 0)"),
            doc="|sigma_xy| = 1/2 to about 2e-4 in the top gap; the velocity and gap to the slab's finite thickness.")


def _slab_vs_continuum() -> CheckResult:
    from generated.localization import semimagnetic_sigma_xy
    from qsym.lattice import scba

    from .effective_medium import LIGHT, clean_kubo_sum, semimagnetic_film

    f = semimagnetic_film()
    cones = slab_surface_cones(f)
    A, V0 = continuum_parameters()["A_parallel"], LATTICE["V_0"]
    dv = largest([abs(cones["v_x"] / A - 1), abs(cones["v_y"] / A - 1)])
    dm = abs(cones["m_top"] / V0 - 1)
    rows = [f"bottom cone v = {cones['v_x']:.5f}, {cones['v_y']:.5f} eV nm (x, y) vs A_par = {A}; "
            f"hybridization gap {2 * cones['hybridization']:.1e} eV; top half gap {cones['m_top']:.5f} vs V_0 = {V0}"]
    worst = 0.0
    for E_F in FERMI_ENERGIES:
        sigma = -1e-7j * np.broadcast_to(np.eye(4), (f.layers, 4, 4))
        slab = clean_kubo_sum(f, E_F, scba.film_quadrature(f, E_F, sigma, c2=True, **LIGHT))
        cont = float(semimagnetic_sigma_xy(E_F, V0=cones["m_top"], v=cones["v_x"], b=1e-3))
        worst = largest([worst, abs(slab - cont)])
        rows.append(f"E_F = {E_F}: slab {slab:+.6f}, continuum {cont:+.6f}")
    ok = dv < 1e-3 and dm < 0.02 and worst < 5e-4
    return CheckResult(ok, "numeric", largest([dv, worst]), "; ".join(rows) + " (e^2/h, qsym's sign)")
