r"""Hall conductance of a lattice on a torus by the non-commutative Kubo formula (Prodan;
paper 004, Eq. 4), with the exact projector (dense diagonalization; small samples).

.. math::

    \sigma^{(4)}_{xy} = \frac{e^2}{h}\,\frac{2\pi i}{A}\,\mathrm{Tr}\big\{P\,[-i[x,P],\,-i[y,P]]\big\},

P the projector on the states below the Fermi energy, A the area of the torus. On a torus the
position commutators are taken with minimal-image bond vectors: :math:`[x,P]_{ij} =
(x_i - x_j)_{\min} P_{ij}`. The result converges to the thermodynamic value exponentially in
the linear size for a gapped system.

**Sign convention.** Eq. (4) as printed gives the paper's sign (+1/2 e^2/h for the semimagnetic
film with V_0 > 0). qsym's convention (electrons of charge -e, sigma_xy = -(e^2/h) sum_n C_n
with C_n the Chern number of A = i<u|grad u>; see the localization derivation) is its
negative: :func:`hall_conductance` returns qsym's, ``sign="paper"`` the printed one.
"""

from __future__ import annotations

import numpy as np

__all__ = ["minimal_image", "hall_conductance", "hall_conductance_bloch"]


def minimal_image(d: np.ndarray, L: int) -> np.ndarray:
    """Integer displacements folded into [-L/2, L/2) on a ring of L sites."""
    return (np.asarray(d) + L // 2) % L - L // 2


def _sign(sign: str) -> float:
    if sign not in ("qsym", "paper"):
        raise ValueError(f"sign must be 'qsym' or 'paper'; got {sign!r}")
    return -1.0 if sign == "qsym" else 1.0


def hall_conductance(H, cells: np.ndarray, L: int, fermi_energy: float, *, orbitals: int,
                     sign: str = "qsym") -> float:
    """sigma_xy [e^2/h] of a sample on an L x L torus with the exact projector.

    Parameters
    ----------
    H : (n, n) Hermitian matrix (dense or sparse), n = sites x orbitals
    cells : int array (sites, 2)
        The in-plane cell (ix, iy) of each site, in site order (lattice units).
    L : int
        Linear size of the torus (cells per direction), >= 2.
    fermi_energy : float
        States below it are occupied [unit of H].
    orbitals : int
        Basis states per site (they share the site's position).
    sign : {"qsym", "paper"}
        qsym's Hall sign convention (default) or Eq. (4) as printed.
    """
    factor = _sign(sign)
    if int(L) != L or L < 2:
        raise ValueError(f"L must be an integer >= 2; got {L!r}")
    Hd = H.toarray() if hasattr(H, "toarray") else np.asarray(H)
    n = Hd.shape[0]
    cells = np.asarray(cells)
    if cells.shape != (n // orbitals, 2) or n % orbitals:
        raise ValueError(f"cells must have shape ({n // orbitals}, 2) for {n} states of {orbitals} orbitals")
    e, v = np.linalg.eigh(Hd)
    occ = v[:, e < fermi_energy]
    P = occ @ occ.conj().T
    x, y = (np.repeat(cells[:, i], orbitals) for i in (0, 1))
    X = -1j * minimal_image(x[:, None] - x[None, :], L) * P
    Y = -1j * minimal_image(y[:, None] - y[None, :], L) * P
    return factor * float(np.real(2j * np.pi * np.trace(P @ (X @ Y - Y @ X)) / L**2))


def hall_conductance_bloch(bloch, L: int, fermi_energy: float, *, sign: str = "qsym") -> float:
    """The same formula for a clean torus, evaluated in k-space on the L x L grid.

    ``bloch(kx, ky)`` is the Bloch Hamiltonian (kx, ky in units of the inverse lattice
    constant). P_k is diagonalized per k; the position commutator becomes, through a discrete
    Fourier transform, the minimal-image derivative: X_k = F[-i x(R) P(R)], P(R) the inverse
    transform of P_k. Equal to :func:`hall_conductance` on the real-space torus to rounding.
    """
    factor = _sign(sign)
    k = 2 * np.pi * np.arange(L) / L
    Pk = []
    for qx in k:
        for qy in k:
            e, v = np.linalg.eigh(bloch(qx, qy))
            occ = v[:, e < fermi_energy]
            Pk.append(occ @ occ.conj().T)
    Pk = np.array(Pk).reshape(L, L, *Pk[0].shape)
    # P(R) = (1/N) sum_k e^{i k R} P_k: an inverse FFT over the grid axes
    PR = np.fft.ifft2(Pk, axes=(0, 1))
    R = minimal_image(np.arange(L), L)
    Xk = np.fft.fft2(-1j * R[:, None, None, None] * PR, axes=(0, 1))
    Yk = np.fft.fft2(-1j * R[None, :, None, None] * PR, axes=(0, 1))
    trace = np.einsum("abij,abjk,abki->", Pk, Xk, Yk) - np.einsum("abij,abjk,abki->", Pk, Yk, Xk)
    return factor * float(np.real(2j * np.pi * trace / L**2))
