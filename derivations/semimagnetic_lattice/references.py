"""Independent numeric routes: the clean film in real space (sparse, built with index arrays
from the derived blocks) against its Bloch Hamiltonians on the matching k-grid."""

from __future__ import annotations

import numpy as np


def real_space_film(onsite, hops: dict, L: int, Lz: int, zeeman_layers: int, V0: float, W: float = 0.0,
                    seed: int = 0):
    """Sparse Hamiltonian of an L x L x Lz film, periodic in x and y, open in z.

    ``W`` > 0 adds Anderson disorder: an on-site energy u_r tau_0 sigma_0, u_r uniform in
    [-W/2, W/2] (variance W^2/12), drawn from ``numpy.random.default_rng(seed)``.

    ``onsite(V)`` is the 4 x 4 on-site block at Zeeman potential V; ``hops`` maps "x", "y", "z"
    to the 4 x 4 hoppings T_alpha (H = sum_r psi_r^+ T_alpha psi_{r + e_alpha} + h.c.). The
    top ``zeeman_layers`` layers (iz < zeeman_layers) carry V0. Sites are ordered (ix, iy, iz).
    """
    from scipy import sparse

    ix, iy, iz = (g.ravel() for g in np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij"))
    site = (ix * L + iy) * Lz + iz
    n = L * L * Lz
    rows, cols, vals = [], [], []

    def put(src, dst, block):                      # block at (src, dst) for every pair, 4 x 4 each
        o = np.arange(4)
        rows.append((4 * src[:, None, None] + o[None, :, None]).repeat(4, 2).ravel())
        cols.append((4 * dst[:, None, None] + o[None, None, :]).repeat(4, 1).ravel())
        vals.append(np.broadcast_to(block, (src.size, 4, 4)).ravel())

    for V in (0.0, V0):
        sel = (iz < zeeman_layers) == (V != 0.0) if V0 != 0.0 else np.ones_like(iz, bool)
        put(site[sel], site[sel], onsite(V))
        if V0 == 0.0:
            break
    neighbours = {"x": ((ix + 1) % L * L + iy) * Lz + iz, "y": (ix * L + (iy + 1) % L) * Lz + iz}
    for alpha, nb in neighbours.items():
        put(site, nb, hops[alpha])
        put(nb, site, hops[alpha].conj().T)
    up = iz < Lz - 1
    put(site[up], site[up] + 1, hops["z"])
    put(site[up] + 1, site[up], hops["z"].conj().T)
    H = sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(4 * n, 4 * n)).tocsr()
    if W > 0:
        u = np.random.default_rng(seed).uniform(-W / 2, W / 2, n)
        H = H + sparse.diags(np.repeat(u, 4))
    return H


def bloch_film(h_plane, hop_z, kx: float, ky: float, Lz: int, zeeman_layers: int, V0: float) -> np.ndarray:
    """The film's Bloch Hamiltonian at (kx, ky): ``h_plane(kx, ky, V)`` on the layers, T_z between them."""
    H = np.zeros((4 * Lz, 4 * Lz), complex)
    for z in range(Lz):
        H[4 * z:4 * z + 4, 4 * z:4 * z + 4] = h_plane(kx, ky, V0 if z < zeeman_layers else 0.0)
        if z + 1 < Lz:
            H[4 * z:4 * z + 4, 4 * z + 4:4 * z + 8] = hop_z
            H[4 * z + 4:4 * z + 8, 4 * z:4 * z + 4] = hop_z.conj().T
    return H


def bar_slice(onsite, hops: dict, Ly: int, Lz: int, zeeman_layers: int, V0: float) -> tuple[np.ndarray, np.ndarray]:
    """(H_{n,n}, H_{n,n+1}) of a bar along x with an Ly x Lz cross-section, periodic in y and open
    in z (paper 004, Eq. 9): the slice Hamiltonian (dense, 4 Ly Lz square, sites ordered
    (iy, iz)) and the hopping T_x on every site of the slice. Top ``zeeman_layers`` carry V0."""
    iy, iz = (g.ravel() for g in np.meshgrid(np.arange(Ly), np.arange(Lz), indexing="ij"))
    m = 4 * Ly * Lz
    H = np.zeros((m, m), complex)
    site = iy * Lz + iz
    o = np.arange(4)

    def put(src, dst, block):
        H[(4 * src[:, None, None] + o[None, :, None]), (4 * dst[:, None, None] + o[None, None, :])] += block

    for s, z in zip(site, iz):
        H[4 * s:4 * s + 4, 4 * s:4 * s + 4] = onsite(V0 if z < zeeman_layers else 0.0)
    if Ly > 1:
        ny = ((iy + 1) % Ly) * Lz + iz
        put(site, ny, hops["y"])
        put(ny, site, hops["y"].conj().T)
    up = iz < Lz - 1
    put(site[up], site[up] + 1, hops["z"])
    put(site[up] + 1, site[up], hops["z"].conj().T)
    return H, np.kron(np.eye(Ly * Lz), hops["x"])
