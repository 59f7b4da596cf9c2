r"""Quantum-metric-induced second-order conductivity: which formula is right.

Qiang, Liu, Gao, Lu, Xie, "A clarification on quantum-metric-induced nonlinear transport",
Adv. Sci. (2025), doi:10.1002/advs.202514818, ``shared/papers/002_00d1e44d71fb2430.txt``.
Read top to bottom like the paper:

1. band-basis perturbation theory in e E . i grad_k for a general (three-band) model:
   the field-corrected state, Eq. (4); Berry connection, Eq. (5); band energy, Eq. (7);
   and the "bare energy" of Sec. 5.1 that Ref. [38] (LKA) left out;
2. semiclassics with generic functions of k: the velocity to O(E^2), Eq. (8); the
   relaxation-time Boltzmann solution to O(E^2), Eq. (9); the current, split by powers of
   tau into Eqs. (11)-(13); the Fermi-surface form Eq. (14); Table 1 and sigma_iii;
3. the PT-symmetric toy model, Eq. (20): bands, symmetries, geometry of the degenerate
   pairs, and the kernels and conductivities of ``generated/quantum_metric_nonlinear.py``.

Route for Eq. (7): Rayleigh-Schroedinger perturbation theory in the band basis, the
perturbation being the matrix of e E . i grad_k, i.e. e E . A (the derivative of the
expansion coefficients is of higher order in the field gradient and is dropped, as in the
paper's Eq. (6)). The gauge-dependent first-order energy e E . A_n is discarded (paper).

Units (toy model): v in eV nm, m in eV, b in eV nm^2, t in eV nm, k in nm^-1; energies,
eF and kT in eV. The BCP G (Eq. 5 without the factor e) is in nm^2/eV, the quantum metric
in nm^2, the dipole hbar Lambda (velocities written as hbar v = d epsilon / dk) in nm^3,
conductivities in e^3/hbar x nm/eV, tau in hbar/eV. Bold G of the paper is e times the
script G used here.
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .kernels import fermi_surface_integrands, geometry_kernels, observables
from .perturbation import field_corrected_state
from .semiclassics import current_by_powers_of_tau, sigma_iii_and_dissipation, table1_lka, velocity_and_distribution
from .notation import GLOSSARY, INTRO
from .symbols import NAME, PAPER, SYMBOL_NAMES
from .toy_model import pair_geometry, toy_bands_and_symmetries

__all__ = ["NAME", "PAPER", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """The derivation, section by section as in the paper."""
    d = Derivation(NAME, "Quantum-metric-induced nonlinear transport (WPD vs LKA vs QK) and a PT toy model",
                   PAPER, __name__, SYMBOL_NAMES)
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    field_corrected_state(d)                         # Eqs. (4), (5), (7); Sec. 5.1
    vel, f = velocity_and_distribution(d)            # Eqs. (8), (9)
    split = current_by_powers_of_tau(d, vel, f)      # Eqs. (11)-(14)
    table1_lka(d)                                    # Table 1, LKA and QK rows
    sigma_iii_and_dissipation(d, split)              # sigma_iii = 0, E . J = 0 (WPD only)
    toy_bands_and_symmetries(d)                      # Eq. (20), Sec. 6
    geo = pair_geometry(d)                           # metric and BCP of the band pairs
    geometry_kernels(d, geo)
    qm, drude, bcd = fermi_surface_integrands(d, geo)
    observables(d, qm, drude, bcd)                   # sigma_qm, sigma_drude_nl, sigma_bcd
    return d
