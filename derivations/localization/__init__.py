r"""Quantum interference in disordered conductors, and the half-quantized Hall metal.

Two sources, read top to bottom:

* ``shared/papers/003_988b8b2ee33f61d9.txt``, a text on weak localization in disordered
  metals. Its formulas were lost in extraction, so the results its text describes are
  derived here and compared with the standard printed forms (Lee & Ramakrishnan, Rev. Mod.
  Phys. 57, 287 (1985); Bergmann, Phys. Rep. 107, 1 (1984); Hikami, Larkin & Nagaoka, Prog.
  Theor. Phys. 63, 707 (1980); Evers & Mirlin, Rev. Mod. Phys. 80, 1355 (2008)).
* ``shared/papers/004_82d4a16ac7425b96.txt``, Bi, Fu & Shen, "Half-quantized Hall metal and
  marginal metal in disordered magnetic topological insulators": the scaling function
  alpha_L of its Eq. (12), the Hall conductance of single Dirac cones, and Eq. (1).

Part 1 (003): diffusion constant from the velocity autocorrelation; return probability of
a diffusing particle; the conductivity correction from the Cooperon return probability in
d = 1, 2, 3 (time domain and, independently, momentum space); the symplectic factor -1/2
from the spin of the time-reversed loop; the 3D ratio and the 2D beta function; the HLN
magnetoconductance from Landau-quantized Cooperons; Onsager parities of the Drude tensor.

Part 2 (004): alpha_L = (pi h/e^2) d sigma_qi / d ln L from Eq. (12); Berry curvature and
intrinsic Hall conductance of massive and Wilson-regularized Dirac cones; the semimagnetic
film (gapped top cone plus gapless bottom cone).

Conventions and units
---------------------
* Conductivities in e^2/h. In 2D sigma is a sheet conductance (e^2/h); in 1D the
  "conductivity" is conductance x length (e^2/h nm); in 3D e^2/(h nm). Lengths in nm,
  energies in eV, fields in tesla, v in eV nm, b in eV nm^2.
* WL sign: delta sigma < 0 is weak localization. The spin-degenerate orthogonal class has
  delta sigma = -(1/pi) ln(tau_phi/tau) in 2D (s = 2 spin states). Symplectic: x (-1/2).
* HLN: Delta sigma(B) = sigma(B) - sigma(0) = alpha (e^2/(pi h)) [psi(1/2 + B_phi/B) -
  ln(B_phi/B)], alpha = +1 for WL (orthogonal, spin-degenerate), -1/2 for WAL (symplectic).
* beta(g) = d ln g / d ln L with g the conductance per spin direction in e^2/h (the
  convention of Evers & Mirlin).
* Hall: electrons of charge -e; semiclassically j = -e sum f r-dot with
  r-dot = grad E/hbar - k-dot x Omega, hbar k-dot = -e E, which gives
  sigma_xy = -(e^2/h) sum_n int d^2k/(2 pi) f_n Omega_n, with Omega_n the Berry curvature
  of A = i<u|grad u> (``qsym.geometry.berry_curvature``). The Chern integral of a band is
  C_n = (1/2 pi) int d^2k Omega_n, so sigma_xy = -sum C (e^2/h) for filled bands.
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .diffusion import diffusion
from .dirac import massive_cone_hall, semimagnetic_checks, semimagnetic_film, wilson_cone_geometry, wilson_cone_hall
from .hln import hln
from .kernels import hall_kernels, interference_kernels
from .onsager import onsager
from .scaling import alpha_L
from .notation import GLOSSARY, INTRO
from .symbols import NAME, PAPER_HQH, PAPER_WL, SYMBOL_NAMES
from .weak_localization import (
    beta_functions, cooperon_correction, drude_ratio_3d, standard_forms, symplectic_factor,
)

__all__ = ["NAME", "PAPER_WL", "PAPER_HQH", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """Part 1 cites 003, part 2 cites 004 (through ``d.citing``)."""
    d = Derivation(NAME, "Weak (anti)localization, HLN, alpha_L and Dirac-cone Hall conductance",
                   f"{PAPER_WL} (WL/WAL) and {PAPER_HQH} (half-quantized Hall metal)", __name__, SYMBOL_NAMES)
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    # Part 1 (003): weak (anti)localization
    diffusion(d)                                      # D = v_F l/d, P(t)
    wl = cooperon_correction(d)                       # delta sigma in d = 1, 2, 3
    standard_forms(d, wl)                             # momentum route, standard forms, sharp cutoffs
    symp = symplectic_factor(d)                       # -1/2 from SU(2)
    drude_ratio_3d(d, wl["wl"])                       # 1/(k_F l)^2
    beta_functions(d, wl["wl"], symp)                 # -1/(pi g), +1/(2 pi g)
    hln_out = hln(d, wl["wl"], symp)                  # HLN from Landau-level Cooperons
    onsager(d)                                        # Onsager parities
    # Part 2 (004): half-quantized Hall metal
    hqh = d.citing(PAPER_HQH)
    alpha_L(hqh, wl["wl"], symp)                      # Eq. (12), Eq. (1)
    wilson_cone_geometry(hqh)                         # Berry curvature, Chern number
    dirac = massive_cone_hall(hqh)                    # -sgn(m)/2, -m/(2|eF|)
    wilson = wilson_cone_hall(hqh, dirac[2])          # Wilson-regularized cone
    semi = semimagnetic_film(hqh, wilson)             # top gapped + bottom gapless
    semimagnetic_checks(hqh, dirac, wilson, semi)
    interference_kernels(d, {"wl": wl["wl"], "symplectic": symp}, hln_out)
    hall_kernels(d, dirac, wilson, semi)
    return d
