"""Independent numeric routes: the film's Bloch Hamiltonian assembled from a lambdified layer
Hamiltonian h(kx, ky, V) and T_z (not from the generated builders, which it is compared with)."""

from __future__ import annotations

import numpy as np


def bloch_film(h_plane, hop_z, kx: float, ky: float, Lz: int, zeeman_layers: int, V0: float) -> np.ndarray:
    """The film's Bloch Hamiltonian at (kx, ky): ``h_plane(kx, ky, V)`` on the layers, T_z between them."""
    H = np.zeros((4 * Lz, 4 * Lz), complex)
    for z in range(Lz):
        H[4 * z:4 * z + 4, 4 * z:4 * z + 4] = h_plane(kx, ky, V0 if z < zeeman_layers else 0.0)
        if z + 1 < Lz:
            H[4 * z:4 * z + 4, 4 * z + 4:4 * z + 8] = hop_z
            H[4 * z + 4:4 * z + 8, 4 * z:4 * z + 4] = hop_z.conj().T
    return H
