r"""A magnetic impurity on a helical edge with spin texturing: master equation to conductance.

Source: ``shared/papers/001_8031cec6640cbdbc.txt`` (spin-1/2 magnetic impurity, MI, weakly
coupled to the helical edge; the spin axis of the edge electrons rotates with energy).
The paper gives its results "after a straightforward algebra"; this package does that
algebra, top to bottom (``build()`` is the table of contents):

1. Eqs. (5)-(7): the texture rotation B(k) and the chiral-basis coupling G(k1, k2)
   (:mod:`.model`).
2. Eq. (10): the impurity master equation as a 4 x 4 superoperator whose entries are
   Fermi-window energy integrals; trace preservation and Lindblad form
   (:mod:`.master_equation`).
3. Linear response in delta mu: the stationary density matrix, Eqs. (13) and (15)
   (:mod:`.linear_response`), with Ic and Is and their expansions (:mod:`.phase_integrals`).
4. Eq. (12) -> the linear conductance correction, Eq. (14), its isotropic form Eq. (16)
   (the T^4 law) and the limits the paper discusses (:mod:`.conductance`).
5. Finite bias, isotropic MI, to fourth order in the texture: Eqs. (17)-(19)
   (:mod:`.finite_bias`).
6. Kernels and the exact master-equation route (:mod:`.kernels`).

Units and conventions
---------------------
hbar = k_B = 1; energies (T, eV, mu) in units of hbar v_F k0; couplings J-tilde = J/v_F
(dimensionless, written J here); conductances in G0 = e^2/h. With v_F = k0 = 1 the
texture angle of an electron at energy eps is theta = eps^2 (both chiralities: theta is
even in k). The paper's calligraphic T is 2(2T/v_F k0)^2 = 8 T^2 (``script_T``).
rho = (1 + r.sigma)/2 = 1/2 + r.S: the Bloch vector r is the vector of S-coefficients in
rho and <S> = r/2.
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .conductance import anisotropic_limits, backscattering_current, linear_conductance, t4_law
from .finite_bias import (
    bias_moments, differential_conductance, polarization, stationary_state_finite_bias, sx0_erratum,
)
from .kernels import conductance_kernels, exact_route, phase_integral_kernels
from .linear_response import stationary_state_linear, thermal_integrals, window_slopes
from .master_equation import master_equation
from .model import texture_and_coupling
from .phase_integrals import phase_integral_expansions, small_temperature_expansions
from .notation import GLOSSARY, INTRO
from .symbols import NAME, PAPER, SYMBOL_NAMES

__all__ = ["NAME", "PAPER", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """The derivation, section by section as in the paper."""
    d = Derivation(NAME, "Spin-texture master equation for a magnetic impurity on a helical edge",
                   PAPER, __name__, SYMBOL_NAMES)
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    model = texture_and_coupling(d)                                  # Eqs. (5)-(7)
    me = master_equation(d, model)                                   # Eq. (10)
    lin = stationary_state_linear(d, me, thermal_integrals(d), window_slopes(d))  # Eqs. (13), (15)
    phase = phase_integral_expansions(d)                             # Ic, Is
    small_temperature_expansions(d, phase["series"])                 # Eq. (15), small T
    X, r = backscattering_current(d, model["blocks"])                # Eq. (12)
    lin_out = linear_conductance(d, X, r, lin)                       # Eqs. (14), (16)
    t4 = t4_law(d, lin_out["dG_iso"], phase["series"])               # Eq. (16), T^4
    anisotropic_limits(d, lin_out["dG"])                             # text after Eq. (16)
    fb = stationary_state_finite_bias(d, me, X, r, bias_moments(d))  # finite bias
    fbias = differential_conductance(d, fb, t4)                      # Eqs. (17), (18)
    pol = polarization(d, fb)                                        # Eq. (19)
    sx0_erratum(d, pol)                                              # erratum in Eq. (19)
    phase_integral_kernels(d, phase)
    conductance_kernels(d, lin_out, fbias, pol)
    exact_route(d, me, X, r)
    return d
