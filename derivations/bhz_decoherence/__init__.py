r"""Decoherence-induced conductivity of a BHZ topological insulator.

Zhang, Feng, Shao, Liu, Yao, "Metalization of topological insulators", arXiv:2604.26698
(2026), ``shared/papers/000_93cf93cdea05a717.txt``. ``build()`` reads top to bottom like the paper:

1. model: the BHZ Hamiltonian per spin, its bands and printed eigenstates;
2. geometry: interband Berry connection from the printed eigenstates, the velocity identity,
   Berry curvature and the spin Chern number;
3. rates: the decoherence times of Eqs. (3)-(4), the rates Gamma_k, Gamma^a_k and hbar/tau^0_k,
   stated as printed (the paper takes them from an unpublished reference) and derived from the
   quantum Liouville equation with the Born collision integral of scalar impurities
   (:mod:`.kinetics`); the derived forms feed everything below;
4. Eq. (5) summed over bands and spins and averaged over the angle of k, giving the
   integrands of Eqs. (6)-(7) -- the centre of the paper;
5. limits: T = 0 in the gap (Eqs. 8-9), dilute impurities, clean system, high temperature;
6. the Drude conductivity of Eq. (10) from the Boltzmann equation;
7. for the kernels: Eqs. (3)-(7) in the decay rates Gamma_k +- Gamma^a_k of the two modes,
   which evaluate without cancellation (:mod:`.mode_rates`).

Units: energies, kT and eF in eV; A in eV nm; B and U in eV nm^2; k in nm^-1; n_i in
nm^-2; rates Gamma in eV; tau/hbar in eV^-1; conductivities in e^2/h. hbar never appears
on its own: every time is tau/hbar and every velocity hbar v = d(epsilon)/dk.

The paper writes the Fermi function as 1/(exp(beta epsilon) + 1); the Fermi energy eF is
implicit there and explicit here: f_{k eta} = f(eta E_k - eF).
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .conductivity import conductivity_integrands
from .drude import boltzmann_conductivity, drude_at_zero_temperature, eq10_erratum, inverse_dispersion
from .geometry import berry_curvature_and_chern, interband_connection
from .kernels import kernels
from .limits import clean_limit, dilute_limit, gap_at_zero_temperature, high_temperature
from .mode_rates import mode_rate_forms
from .model import bhz_model
from .rates import decoherence_rates
from .notation import GLOSSARY, INTRO
from .symbols import NAME, PAPER, SYMBOL_NAMES

__all__ = ["NAME", "PAPER", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """The derivation, section by section as in the paper."""
    d = Derivation(NAME, "Decoherence-induced conductivity of a BHZ topological insulator",
                   f"{PAPER} (Zhang et al., arXiv:2604.26698)", __name__, dict(SYMBOL_NAMES))
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    model = bhz_model(d)                                          # 1. H_s, bands, eigenstates
    geo = interband_connection(d, model)                          # 2. R^{+-}, velocity identity, metric
    omega_s = berry_curvature_and_chern(d, model)                 #    Berry curvature, spin Chern number
    rates = decoherence_rates(d, model, geo)                      # 3. Eqs. (3)-(4) from a kinetic equation
    par, perp = conductivity_integrands(d, geo, rates)            # 4. Eq. (5) -> Eqs. (6), (7)
    gap_at_zero_temperature(d, rates, par, perp)                  # 5. Eqs. (8), (9)
    dilute_limit(d, rates)                                        #    sigma linear in n_i
    clean_limit(d, geo, rates)                                    #    no response without disorder
    high_temperature(d)                                           #    sigma ~ 1/T
    drude, velocity, printed10 = boltzmann_conductivity(d, model, geo, rates)  # 6. Eq. (10)
    eq10_erratum(d, drude, printed10)                             #    its spin factor
    k_of_e = inverse_dispersion(d)
    zero_t = drude_at_zero_temperature(d, drude, velocity, k_of_e)
    modes = mode_rate_forms(d, d["gamma_from_collision_integral"].expr,  # 7. kernels: the mode rates
                            d["gamma_anomalous_from_collision_integral"].expr)  #    Gamma +- Gamma^a
    kernels(d, rates, omega_s, modes, drude, zero_t, k_of_e)
    return d
