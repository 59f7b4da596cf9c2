r"""Bloch Hamiltonians of layered films: periodic in x and y (lattice constant 1), open in z.

A film of :math:`L_z` layers with ``o`` orbitals per site is given by its on-site blocks
:math:`h_i` (one per layer, so that a layer-dependent Zeeman term or potential enters there)
and nearest-neighbour hoppings :math:`T_x, T_y` (in-plane) and :math:`T_z` (between layers),
with :math:`H = \sum_r \psi_r^\dagger T_\alpha \psi_{r+e_\alpha} + \mathrm{h.c.}`. At in-plane
momentum :math:`k` (units of the inverse lattice constant)

.. math::

    H(k)_{ii} = h_i + \sum_{\alpha = x, y} (T_\alpha e^{i k_\alpha} + T_\alpha^\dagger e^{-i k_\alpha}),
    \qquad H(k)_{i,i+1} = T_z,

and the velocities are :math:`v_\alpha = \partial H/\partial k_\alpha` (energy x lattice
constant). Everything is vectorized over a batch of k-points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LayeredFilm"]


@dataclass(frozen=True)
class LayeredFilm:
    """A film by its blocks: ``onsite`` (Lz, o, o), ``hop_x``, ``hop_y``, ``hop_z`` (o, o) [energy]."""

    onsite: np.ndarray
    hop_x: np.ndarray
    hop_y: np.ndarray
    hop_z: np.ndarray

    def __post_init__(self):
        h = np.asarray(self.onsite)
        if h.ndim != 3 or h.shape[1] != h.shape[2]:
            raise ValueError(f"onsite must have shape (layers, orbitals, orbitals); got {h.shape}")
        if not np.allclose(h, np.conj(np.swapaxes(h, 1, 2))):
            raise ValueError("onsite blocks must be Hermitian")
        for name in ("hop_x", "hop_y", "hop_z"):
            if np.shape(getattr(self, name)) != h.shape[1:]:
                raise ValueError(f"{name} must have shape {h.shape[1:]}; got {np.shape(getattr(self, name))}")

    @property
    def layers(self) -> int:
        return int(np.shape(self.onsite)[0])

    @property
    def orbitals(self) -> int:
        return int(np.shape(self.onsite)[1])

    @property
    def size(self) -> int:
        """Dimension of H(k): layers x orbitals."""
        return self.layers * self.orbitals

    def layer_hamiltonian(self, k: np.ndarray) -> np.ndarray:
        """(n, Lz, o, o): the diagonal blocks H(k)_ii at the n points ``k`` (n, 2)."""
        k = np.atleast_2d(k)
        inplane = 0
        for T, q in ((self.hop_x, k[:, 0]), (self.hop_y, k[:, 1])):
            ph = np.exp(1j * q)[:, None, None]
            inplane = inplane + T * ph + np.conj(T).T * np.conj(ph)
        return np.asarray(self.onsite)[None] + inplane[:, None]

    def hamiltonian(self, k: np.ndarray) -> np.ndarray:
        """(n, N, N): H(k), N = layers x orbitals, layer-major."""
        blocks = self.layer_hamiltonian(k)
        n, Lz, o = blocks.shape[0], self.layers, self.orbitals
        H = np.zeros((n, Lz * o, Lz * o), complex)
        for i in range(Lz):
            H[:, i * o:(i + 1) * o, i * o:(i + 1) * o] = blocks[:, i]
            if i + 1 < Lz:
                H[:, i * o:(i + 1) * o, (i + 1) * o:(i + 2) * o] = self.hop_z
                H[:, (i + 1) * o:(i + 2) * o, i * o:(i + 1) * o] = np.conj(self.hop_z).T
        return H

    def velocities(self, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(v_x, v_y), each (n, N, N): dH/dk_x and dH/dk_y (block diagonal in the layers)."""
        k = np.atleast_2d(k)
        eye = np.eye(self.layers)
        out = []
        for T, q in ((self.hop_x, k[:, 0]), (self.hop_y, k[:, 1])):
            ph = np.exp(1j * q)[:, None, None]
            block = 1j * T * ph - 1j * np.conj(T).T * np.conj(ph)
            out.append(np.einsum("ij,nab->niajb", eye, block).reshape(len(q), self.size, self.size))
        return out[0], out[1]
