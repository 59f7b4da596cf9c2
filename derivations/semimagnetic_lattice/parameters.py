"""The paper's parameter set (004, Fig. 2 caption and the model section), once, with units.

The lattice numbers are the paper's; the continuum k.p coefficients follow from them by
t = B/a^2 and lambda = A/a (the discretization derived in this package):
A_par = 0.41 eV nm, B_par = 0.566 eV nm^2, A_z = 0.22 eV nm, B_z = 0.10 eV nm^2, M = 0.28 eV.
"""

from __future__ import annotations

__all__ = ["LATTICE", "continuum_parameters"]

#: Lattice model of Eq. (3) [eV, nm] and the geometry of the film.
LATTICE = {
    "lambda_parallel": 0.41,   # eV
    "lambda_z": 0.44,          # eV
    "t_parallel": 0.566,       # eV
    "t_z": 0.40,               # eV
    "m_0": 0.28,               # eV
    "V_0": 0.1,                # eV, Zeeman potential of the magnetic layers
    "a": 1.0,                  # nm, in-plane lattice constants a = b
    "c": 0.5,                  # nm, vertical lattice constant
    "L_z": 10,                 # layers
    "L_z_mag": 3,              # magnetic (top) layers
    "E_F": 0.01,               # eV, where the figures fix it
    "samples": 50,             # disorder realizations of the paper's averages
}


def continuum_parameters(p: dict = LATTICE) -> dict:
    """The k.p coefficients equivalent to the lattice numbers: A = lambda x spacing,
    B = t x spacing^2, M = m_0 [eV nm, eV nm^2, eV]."""
    return {"A_parallel": p["lambda_parallel"] * p["a"], "A_z": p["lambda_z"] * p["c"],
            "B_parallel": p["t_parallel"] * p["a"] ** 2, "B_z": p["t_z"] * p["c"] ** 2, "M": p["m_0"]}
