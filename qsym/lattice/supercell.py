"""Real-space Hamiltonians of any lattice model: a supercell of L^d cells built from the
model's hoppings (:func:`qsym.model.discretize.hoppings`), periodic or open in each direction,
with Anderson disorder, as a scipy sparse matrix; the cells of its states for the real-space
Hall conductance (:func:`qsym.lattice.kubo.hall_conductance`) and KPM (:mod:`qsym.lattice.kpm`).

Basis order: cell index ``(n_1, ..., n_d)`` in C order, then the model's N orbitals.
``<m|H|n> = T_{n - m}`` (the periodic gauge of the Bloch Hamiltonian; orbital positions
inside the cell are not used). Anderson disorder adds ``V_n`` to every orbital of cell n, with
``V_n`` uniform in ``[-W/2, W/2]`` from ``numpy.random.default_rng(seed)`` (a scalar potential,
so the model's internal symmetries survive on average).
"""

from __future__ import annotations

import numpy as np

__all__ = ["supercell_hamiltonian", "cell_indices", "bar_slices"]


def cell_indices(L: int, dim: int) -> np.ndarray:
    """The cells ``(n_1, ..., n_d)`` of an L^d supercell in basis order, (L^d, d) integers."""
    return np.stack(np.meshgrid(*[np.arange(L)] * dim, indexing="ij"), -1).reshape(-1, dim)


def supercell_hamiltonian(table: dict, L: int, *, periodic=True, W: float = 0.0, seed: int = 0):
    """The sparse Hamiltonian of an L^d supercell.

    Parameters
    ----------
    table : dict
        Hoppings ``{(n_1, ..., n_d): T (N, N)}`` [energy], as :func:`qsym.model.discretize.hoppings`.
    L : int
        Cells per direction, >= 2 (and > twice the longest hopping when periodic, so that no
        hopping wraps onto its own image).
    periodic : bool or sequence of bool
        Periodic (a torus) or open, per direction.
    W : float
        Anderson disorder strength [energy], >= 0.
    seed : int
        Seed of the disorder.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (L^d N, L^d N)
    """
    import scipy.sparse as sps

    if not table:
        raise ValueError("table: no hoppings")
    dim = len(next(iter(table)))
    N = next(iter(table.values())).shape[0]
    if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or L < 2:
        raise ValueError(f"L: the number of cells per direction, an integer >= 2; got {L!r}")
    per = [bool(periodic)] * dim if np.ndim(periodic) == 0 else [bool(p) for p in periodic]
    if len(per) != dim:
        raise ValueError(f"periodic: one flag per direction ({dim}); got {periodic!r}")
    reach = max(abs(c) for R in table for c in R)
    if any(per) and L <= 2 * reach:
        raise ValueError(f"L = {L} is too small for hoppings over {reach} cells on a torus: L > {2 * reach}")
    if not (np.isfinite(W) and W >= 0):
        raise ValueError(f"W: the disorder strength [energy], a finite number >= 0; got {W!r}")
    cells = cell_indices(L, dim)
    index = np.ravel_multi_index(tuple(cells.T), (L,) * dim)
    rows, cols, vals = [], [], []
    orb = np.arange(N)
    for R, T in table.items():
        target = cells + np.array(R)
        ok = np.ones(len(cells), bool)
        for ax in range(dim):
            if per[ax]:
                target[:, ax] %= L
            else:
                ok &= (target[:, ax] >= 0) & (target[:, ax] < L)
        m = index[ok]
        n = np.ravel_multi_index(tuple(target[ok].T), (L,) * dim)
        nz = np.argwhere(np.abs(T) > 0)
        for i, j in nz:                                    # <m, i| H |n, j> = T_R[i, j], n = m + R
            rows.append(m * N + orb[i])
            cols.append(n * N + orb[j])
            vals.append(np.full(m.size, T[i, j]))
    H = sps.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(len(cells) * N,) * 2)
    if W > 0:
        V = np.random.default_rng(seed).uniform(-W / 2, W / 2, len(cells))
        H = H + sps.diags(np.repeat(V, N))
    return H.tocsr()


def bar_slices(table: dict, Ly: int) -> tuple[np.ndarray, np.ndarray]:
    """A 2D lattice model as a bar for the transfer matrix (:mod:`qsym.lattice.transfer`):
    slices along a_1, each Ly cells along a_2 (periodic), from the hoppings ``table``.

    Returns (H0, hop): the slice Hamiltonian (Ly N x Ly N) and the hopping H_{n,n+1} from slice
    n + 1 to slice n (``<m|H|n> = T_{n - m}``, so the hoppings with n_1 = +1) [energy]. Hoppings
    must reach the next slice only (|n_1| <= 1), and Ly must exceed twice their reach along a_2."""
    if not table or len(next(iter(table))) != 2:
        raise ValueError("bar_slices: the hoppings of a 2D lattice model")
    N = next(iter(table.values())).shape[0]
    reach_x = max(abs(R[0]) for R in table)
    reach_y = max(abs(R[1]) for R in table)
    if reach_x > 1:
        raise ValueError(f"the transfer matrix couples neighbouring slices only: this model hops {reach_x} cells along a1")
    if isinstance(Ly, bool) or not isinstance(Ly, (int, np.integer)) or Ly <= 2 * reach_y:
        raise ValueError(f"Ly: the bar's width in cells, an integer > {2 * reach_y} (twice the hoppings' reach)")
    H0 = np.zeros((Ly * N, Ly * N), complex)
    hop = np.zeros_like(H0)
    for (rx, ry), T in table.items():
        target = H0 if rx == 0 else hop if rx == 1 else None
        if target is None:
            continue
        for y in range(Ly):
            yy = (y + ry) % Ly
            target[y * N:(y + 1) * N, yy * N:(yy + 1) * N] += T
    return H0, hop
