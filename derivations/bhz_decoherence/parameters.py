"""The paper's parameters (Fig. 2), once: in eV, eV nm, eV nm^2."""

from __future__ import annotations

import numpy as np

__all__ = ["paper_parameters", "N_I", "K_B"]

#: Boltzmann's constant in eV/K (figures show temperatures in kelvin).
K_B = 8.617333262e-5
#: Impurity densities of the figures, in nm^-2 (0.5-2 x 10^11 cm^-2); the paper does not print
#: them, these give conductivities of order e^2/h as its text describes.
N_I = (0.5e-3, 1e-3, 2e-3)


def paper_parameters(M: float = 0.005) -> dict:
    """Fig. 2 parameters: M = 5 meV, A pi/a = 1.1 eV, B (pi/a)^2 = 7.0 eV, U/a^2 = 23 eV,
    a = 0.65 nm; returned in eV, eV nm, eV nm^2."""
    a = 0.65
    return {"M": M, "A": 1.1 * a / np.pi, "B": 7.0 * a**2 / np.pi**2, "U": 23.0 * a**2}
