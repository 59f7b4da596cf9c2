r"""Numeric builders of nearest-neighbour tight-binding models on a cubic lattice, from the
blocks a generated module computes (kind :class:`qsym.codegen.observables.TightBinding`).

A model is its on-site block :math:`h_0`, the matrix :math:`P` that a layer potential
multiplies (a Zeeman term :math:`V_z \tau_0\sigma_z`, say), and its hoppings
:math:`T_x, T_y, T_z`, with :math:`H = \sum_r \psi_r^\dagger (h_0 + V_{z(r)} P)\psi_r +
\sum_{r,\alpha} (\psi_r^\dagger T_\alpha \psi_{r+e_\alpha} + \mathrm{h.c.})`. From them:

* :func:`film_hamiltonian`: the sparse (CSR) Hamiltonian of an L x L x Lz film, periodic in x
  and y, open in z, with a potential per layer and Anderson disorder from a seed;
* :func:`position_commutators`: [x, H] and [y, H] on the torus with minimal-image bond vectors
  (in units of the in-plane lattice constant), the same sparsity;
* :func:`bar_slices`: the slice Hamiltonian H_{n,n} and hopping H_{n,n+1} of a bar along x with
  an Ly x Lz cross-section (periodic y, open z), for the transfer matrix;
* :meth:`LatticeBlocks.layer_onsites`: the on-site block of every layer, for k-space work
  (:class:`qsym.lattice.layered.LayeredFilm` takes them with the hoppings).

All are assembled with index arrays (no Python loop over sites). Sites are ordered
(ix, iy, iz) with iz fastest; iz = 0 is the top layer, the first entry of a layer profile.
Energies in the unit of the blocks (eV for qsym's models).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LatticeBlocks", "matrix", "matrices", "blocks_from_entries", "film_hamiltonian", "position_commutators", "bar_slices",
           "MAX_SITES"]

#: Largest lattice the builders assemble (sites); beyond it the sparse matrix alone needs
#: gigabytes. A clear error instead of a memory failure.
MAX_SITES = 20_000_000


def matrix(entries: list, n: int) -> np.ndarray:
    """Stack ``n * n`` broadcastable entries (row-major) into a complex array (..., n, n)."""
    return matrices(entries, 1, n)[..., 0, :, :]


def matrices(entries: list, count: int, n: int) -> np.ndarray:
    """``count`` matrices of ``n * n`` entries each (row-major, one after the other), all
    entries broadcast together: a complex array (..., count, n, n)."""
    arrays = [np.asarray(e, dtype=complex) for e in entries]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    out = np.empty(shape + (count, n, n), complex)
    for i, a in enumerate(arrays):
        out[..., i // (n * n), (i // n) % n, i % n] = a
    return out


def blocks_from_entries(entries: list, n: int) -> "LatticeBlocks":
    """The blocks from the generated entries: on-site, potential, T_x, T_y, T_z (n x n each,
    row-major, in that order). The model parameters must be single values."""
    if any(np.ndim(e) for e in entries):
        raise ValueError("the model parameters of a lattice model must be single numbers, not arrays")
    m = matrices(entries, 5, n)
    return LatticeBlocks(m[0], m[1], (m[2], m[3], m[4]))


@dataclass(frozen=True)
class LatticeBlocks:
    """The blocks of a nearest-neighbour model (complex (o, o) arrays) [energy].

    ``onsite`` without potential; ``potential`` the matrix a layer potential multiplies;
    ``hoppings`` (T_x, T_y, T_z), T_alpha the hopping from r + e_alpha to r.
    """

    onsite: np.ndarray
    potential: np.ndarray
    hoppings: tuple

    @property
    def orbitals(self) -> int:
        return int(self.onsite.shape[0])

    def onsite_at(self, V: float) -> np.ndarray:
        """The on-site block at layer potential ``V``."""
        return self.onsite + V * self.potential

    def layer_onsites(self, layer_potential) -> np.ndarray:
        """(Lz, o, o): the on-site block h_0 + V_i P of every layer i (top first) [energy]."""
        V = np.asarray(layer_potential, dtype=float)
        if V.ndim != 1 or V.size < 1 or not np.all(np.isfinite(V)):
            raise ValueError("layer_potential must be a finite 1-D sequence (one value per layer) [eV]")
        return self.onsite[None] + V[:, None, None] * self.potential[None]


def _integer(name: str, value, low: int) -> int:
    if isinstance(value, bool) or int(value) != value or value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    return int(value)


def _profile(layer_potential, Lz: int) -> np.ndarray:
    p = np.asarray(layer_potential, dtype=float)
    if p.shape != (Lz,):
        raise ValueError(f"layer_potential must have one value per layer ({Lz}); got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError("layer_potential must be finite [eV]")
    return p


def _check_lattice(L: int, Lz: int, W: float = 0.0) -> tuple[int, int]:
    L, Lz = _integer("L", L, 2), _integer("Lz", Lz, 1)
    if not (np.isfinite(W) and W >= 0):
        raise ValueError(f"W (disorder strength) must be finite and >= 0 [eV]; got {W!r}")
    if L * L * Lz > MAX_SITES:
        raise ValueError(f"an {L} x {L} x {Lz} lattice has {L * L * Lz} sites; at most {MAX_SITES} are "
                         "assembled (the sparse matrix alone would need gigabytes)")
    return L, Lz


class _Triplets:
    """COO triplets of a block-sparse matrix, filled block by block with index arrays."""

    def __init__(self, orbitals: int):
        self.o = orbitals
        self.rows, self.cols, self.vals = [], [], []

    def put(self, src: np.ndarray, dst: np.ndarray, block) -> None:
        """``block`` ((o, o), or one per pair (pairs, o, o)) at every (src, dst) site pair."""
        o = np.arange(self.o)
        self.rows.append(np.broadcast_to(self.o * src[:, None, None] + o[None, :, None], (src.size, self.o, self.o)).ravel())
        self.cols.append(np.broadcast_to(self.o * dst[:, None, None] + o[None, None, :], (src.size, self.o, self.o)).ravel())
        self.vals.append(np.broadcast_to(block, (src.size, self.o, self.o)).ravel())

    def csr(self, n_sites: int):
        from scipy import sparse

        n = self.o * n_sites
        if not self.rows:
            return sparse.csr_matrix((n, n), dtype=complex)
        return sparse.coo_matrix((np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
                                 shape=(n, n)).tocsr()


def _sites(L: int, Lz: int):
    ix, iy, iz = (g.ravel() for g in np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij"))
    return ix, iy, iz, (ix * L + iy) * Lz + iz


def _minimal_image(d, L: int):
    return (np.asarray(d) + L // 2) % L - L // 2


def film_hamiltonian(blocks: LatticeBlocks, L: int, Lz: int, layer_potential, W: float = 0.0, seed: int = 0):
    """Sparse (CSR) Hamiltonian of the L x L x Lz film, periodic in x and y, open in z.

    Parameters
    ----------
    blocks : LatticeBlocks
    L, Lz : int
        Cells per in-plane direction (>= 2) and layers (>= 1).
    layer_potential : sequence of Lz floats
        Potential V of each layer (top first) [eV]; the on-site block is h_0 + V P.
    W : float
        Anderson disorder [eV]: on-site energy u_r (identity in the orbitals), u_r uniform in
        [-W/2, W/2] (variance W^2/12), drawn from ``numpy.random.default_rng(seed)``.
    seed : int
        Seed of the disorder.
    """
    L, Lz = _check_lattice(L, Lz, W)
    V = _profile(layer_potential, Lz)
    ix, iy, iz, site = _sites(L, Lz)
    t = _Triplets(blocks.orbitals)
    t.put(site, site, blocks.onsite[None] + V[iz][:, None, None] * blocks.potential[None])
    neighbours = (((ix + 1) % L * L + iy) * Lz + iz, (ix * L + (iy + 1) % L) * Lz + iz)
    for T, nb in zip(blocks.hoppings[:2], neighbours):
        t.put(site, nb, T)
        t.put(nb, site, T.conj().T)
    up = iz < Lz - 1
    T = blocks.hoppings[2]
    t.put(site[up], site[up] + 1, T)
    t.put(site[up] + 1, site[up], T.conj().T)
    H = t.csr(L * L * Lz)
    if W > 0:
        from scipy import sparse

        u = np.random.default_rng(seed).uniform(-W / 2, W / 2, L * L * Lz)
        H = (H + sparse.diags(np.repeat(u, blocks.orbitals))).tocsr()
    return H


def position_commutators(blocks: LatticeBlocks, L: int, Lz: int):
    """([x, H], [y, H]) of the film on the L x L torus, sparse (CSR), positions in units of the
    in-plane lattice constant: the bond r -> r + e_alpha contributes (x_r - x_{r+e})_min T_alpha,
    the displacement folded into [-L/2, L/2) (minimal image). Independent of on-site terms,
    hence of the disorder: ``[x, H + U] = [x, H]`` for any on-site U."""
    L, Lz = _check_lattice(L, Lz)
    ix, iy, iz, site = _sites(L, Lz)
    forward, backward = float(_minimal_image(-1, L)), float(_minimal_image(1, L))
    out = []
    for axis in range(2):
        t = _Triplets(blocks.orbitals)
        nb = (((ix + 1) % L * L + iy) * Lz + iz, (ix * L + (iy + 1) % L) * Lz + iz)[axis]
        T = blocks.hoppings[axis]
        t.put(site, nb, forward * T)
        t.put(nb, site, backward * T.conj().T)
        out.append(t.csr(L * L * Lz))
    return tuple(out)


def bar_slices(blocks: LatticeBlocks, Ly: int, Lz: int, layer_potential) -> tuple[np.ndarray, np.ndarray]:
    """(H_{n,n}, H_{n,n+1}) of a bar along x with an Ly x Lz cross-section, periodic in y and open
    in z (paper 004, Eq. 9): dense, o Ly Lz square, sites ordered (iy, iz); H_{n,n+1} is T_x on
    every site of the slice. ``Ly = 1`` has no y bonds."""
    Ly, Lz = _integer("Ly", Ly, 1), _integer("Lz", Lz, 1)
    V = _profile(layer_potential, Lz)
    iy, iz = (g.ravel() for g in np.meshgrid(np.arange(Ly), np.arange(Lz), indexing="ij"))
    site = iy * Lz + iz
    t = _Triplets(blocks.orbitals)
    t.put(site, site, blocks.onsite[None] + V[iz][:, None, None] * blocks.potential[None])
    if Ly > 1:
        ny = ((iy + 1) % Ly) * Lz + iz
        t.put(site, ny, blocks.hoppings[1])
        t.put(ny, site, blocks.hoppings[1].conj().T)
    up = iz < Lz - 1
    t.put(site[up], site[up] + 1, blocks.hoppings[2])
    t.put(site[up] + 1, site[up], blocks.hoppings[2].conj().T)
    H = t.csr(Ly * Lz).toarray()
    return H, np.kron(np.eye(Ly * Lz), blocks.hoppings[0])
