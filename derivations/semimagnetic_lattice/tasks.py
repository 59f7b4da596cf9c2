"""Single-sample computations of the disordered film, as sweep tasks (``qsym.lattice.sweep``).

Each returns a dict of floats for one (parameters, seed); workers build the derivation once
per process (``registry.get`` caches it).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from qsym import registry
from qsym.lattice.kubo import hall_conductance

from .film import numeric_blocks, step_blocks
from .parameters import LATTICE
from .references import real_space_film
from .symbols import NAME

#: Largest film for the dense projector: 4 x L^2 x Lz states (memory ~ 16 n^2 bytes).
MAX_STATES = 12_000


@lru_cache(maxsize=None)
def _film_blocks():
    """The numeric blocks, once per worker process (not once per task)."""
    return numeric_blocks(step_blocks(registry.get(NAME)))


def hall_sample(L: int, Lz: int, W: float, E_F: float, seed: int) -> dict:
    """sigma_xy [e^2/h, qsym's sign] of one disorder realization of the semimagnetic film by Eq. (4),
    with the paper's parameters (Zeeman V_0 on the top ``L_z_mag`` layers); W in eV."""
    n = 4 * L * L * Lz
    if L < 2 or Lz < 1:
        raise ValueError(f"L must be >= 2 and Lz >= 1; got L = {L}, Lz = {Lz}")
    if n > MAX_STATES:
        raise ValueError(f"a {L} x {L} x {Lz} film has {n} states; the dense projector allows at most "
                         f"{MAX_STATES} (~{16 * MAX_STATES**2 / 1e9:.1f} GB)")
    if not W >= 0:
        raise ValueError(f"W (disorder strength, eV) must be >= 0; got {W!r}")
    onsite, hops = _film_blocks()
    H = real_space_film(onsite, hops, L, Lz, min(LATTICE["L_z_mag"], Lz), LATTICE["V_0"], W, seed)
    ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
    return {"sigma_xy": hall_conductance(H, np.stack([ix.ravel(), iy.ravel()], 1), L, E_F, orbitals=4)}
