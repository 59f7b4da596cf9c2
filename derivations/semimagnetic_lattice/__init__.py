r"""The lattice model of paper 004 (Bi, Fu & Shen, "Half-quantized Hall metal and marginal
metal in disordered magnetic topological insulators"), derived from its continuum model.

``shared/papers/004_82d4a16ac7425b96.txt``, Eq. (3) and the model section. The continuum
k.p model is written once; the lattice follows from it by the finite-difference rule
k -> sin(kd)/d, k^2 -> 2(1 - cos kd)/d^2, and Eq. (3) is the comparison, not the input:

1. the continuum k.p Hamiltonian (with the Zeeman term);
2. its discretization, the lattice H(k);
3. the on-site block and hoppings read off H(k), against Eq. (3) with t = B/d^2, lambda = A/d;
4. the long-wavelength limit of the lattice model, which returns the continuum model;
5. hermiticity, and time reversal broken only by the Zeeman term;
6. an independent numeric route: the clean film in real space against its Bloch bands;
7. the bulk bands +-E_k (H(k)^2 = E_k^2 without the Zeeman term), generated as a kernel; the
   velocities dH/dk, and the numeric builders generated from the blocks (sparse film, position
   commutators, transfer slices, H(k), dH/dk), checked against Fourier sums and dense products;
8. the kernel polynomial method (``qsym.lattice.kpm``) on the film against exact diagonalization;
9. the transfer-matrix method (``qsym.lattice.transfer``) against the Anderson chain's known
   exponents, and its independence of the orthonormalization interval on the film's blocks;
10. the non-commutative Kubo formula (``qsym.lattice.kubo``, Eq. 4) against its k-space form and
    the Chern numbers of films magnetized in parallel (|C| = 1) and antiparallel (0);
11. the surface Dirac cones derived from the chain at k_par = 0 (decay roots, doublet, velocity
    A_par, top half gap V_0 w_3), against the clean slab's bands and ``semimagnetic_sigma_xy``;
12. the effective medium theory (``qsym.lattice.scba``: layered SCBA self-energy, Kubo-Bastin
    formula Eq. 10) against the clean Kubo sum and second-order Born perturbation theory.

The numerical methods (KPM, non-commutative Kubo, transfer matrix, SCBA) and the sweeps
(``tasks``, ``figures``) build on the derived blocks.
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .bands import bulk_bands, kernels
from .builders import builders
from .densities import kpm_checks
from .effective_medium import effective_medium_checks
from .film import clean_film_spectrum, disorder_convention
from .hall import hall_checks
from .localization_length import transfer_matrix_checks
from .model import continuum_limit, continuum_model, lattice_model, real_space_blocks, symmetries
from .notation import GLOSSARY, INTRO
from .surface import surface_theory
from .symbols import NAME, PAPER, SYMBOL_NAMES

__all__ = ["NAME", "PAPER", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """The derivation, section by section."""
    d = Derivation(NAME, "Lattice model of a semimagnetic topological-insulator film, from its k.p model",
                   f"{PAPER} (Bi, Fu & Shen), Eq. (3)", __name__, dict(SYMBOL_NAMES))
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    Hc = continuum_model(d)                       # 1. k.p model
    H = lattice_model(d, Hc)                      # 2. k -> sin(kd)/d, k^2 -> 2(1 - cos kd)/d^2
    blocks = real_space_blocks(d, H)              # 3. on-site and hoppings vs Eq. (3)
    continuum_limit(d, H, Hc)                     # 4. O(k^2) expansion returns H_c
    symmetries(d, H)                              # 5. hermiticity, time reversal
    clean_film_spectrum(d, H, blocks)             # 6. real space vs Bloch bands of the film
    energy = bulk_bands(d, H)                     # 7. bulk bands +-E_k (Clifford form)
    kernels(d, energy)                            #    generated: the bulk band energy
    builders(d, H, blocks)                        #    generated: sparse film, commutators, slices, H(k), dH/dk
    kpm_checks(d)                                 # 8. KPM densities of states (Eqs. 6-7)
    transfer_matrix_checks(d)                     # 9. localization lengths (Eqs. 8-9)
    hall_checks(d, H, blocks)                     # 10. non-commutative Kubo formula (Eq. 4)
    surface_theory(d, H, blocks)                  # 11. surface Dirac cones derived, vs the slab
    disorder_convention(d)                        # 12. Anderson disorder as the paper defines it
    effective_medium_checks(d)                    # 13. SCBA self-energy and Kubo-Bastin (Eq. 10)
    return d
