r"""The Berry flux of a continuum model's band group through its k-box, with what the box leaves
out stated: for a continuum model the Chern number is not defined (no compact zone), and the
flux through a finite box is not an integer.

The flux is the sum of the link-variable plaquette fluxes (Fukui, Hatsugai and Suzuki, as
:mod:`qsym.model.topology`) of an n x n grid of the box ``[-K, K]^2``, in units of 2 pi, the
grid doubled until every plaquette's flux is below pi/4. By Stokes' theorem it equals, modulo
1, the Berry phase of the box's boundary / 2 pi (returned as ``boundary``, in (-1/2, 1/2]): the
part of the total that the boundary loop alone can tell. The rest lies outside the box: for a
massive Dirac cone ``v k . sigma + m sigma_z`` the flux through all of k-space is
``sign(m)/2`` (lower band), of which a disk of radius K holds
``sign(m)/2 (1 - |m|/sqrt(m^2 + v^2 K^2))``; a ``k^2`` mass adds its own half at infinity,
which no box sees (the lattice regularization, :func:`qsym.model.discretize.discretize`, turns
both into an integer Chern number).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import Model

__all__ = ["BoxFlux", "box_flux"]


@dataclass(frozen=True)
class BoxFlux:
    """Berry flux of a band group through the k-box [2 pi]: ``flux``; ``boundary``, the Berry
    phase around the box's edge / 2 pi in (-1/2, 1/2] (equal to ``flux`` modulo 1); the box
    half-width ``box`` [1/length] and the ``grid`` used."""

    flux: float
    boundary: float
    box: float
    grid: int


def box_flux(model: Model, bands=None, *, params: dict | None = None, box: float | None = None, grid: int = 64,
             max_grid: int = 2048) -> BoxFlux:
    """The Berry flux of a group (default the lower half) of a 2D continuum model through
    ``[-box, box]^2`` (default ``model.k_max``); see the module notes."""
    from .topology import FLUX_LIMIT, _states, band_indices, bloch_hamiltonian

    if len(model.momenta) != 2:
        raise ValueError(f"{model.name}: the Berry flux through a box is for 2D models")
    K = float(model.k_max if box is None else box)
    if not (np.isfinite(K) and K > 0):
        raise ValueError(f"box: the half-width of the k-box, > 0 [1/{model.length_unit}]; got {box!r}")
    idx = band_indices(model, bands)
    h = bloch_hamiltonian(model, params)
    B = 2 * K * np.eye(2)
    n = grid
    while True:
        s = np.linspace(-0.5, 0.5, n + 1)
        kappa = np.stack(np.meshgrid(s, s, indexing="ij"), -1)
        psi, _ = _states(h, B, kappa, idx, model)
        U1 = _open_links(psi, 0)           # (n, n + 1)
        U2 = _open_links(psi, 1)           # (n + 1, n)
        F = np.angle(U1[:, :-1] * U2[1:, :] * np.conj(U1[:, 1:]) * np.conj(U2[:-1, :]))
        largest = float(np.max(np.abs(F)))
        if largest < FLUX_LIMIT:
            loop = np.prod(U1[:, 0]) * np.prod(U2[-1, :]) * np.conj(np.prod(U1[:, -1])) * np.conj(np.prod(U2[0, :]))
            # arg <u|u'> = -A . dk: the flux and the phase carry the sign of topology.chern_number
            return BoxFlux(-float(np.sum(F)) / (2 * np.pi), -float(np.angle(loop)) / (2 * np.pi), K, n)
        if 2 * n > max_grid:
            raise ValueError(f"{model.name}: a plaquette's Berry flux is still {largest:.2g} rad on a {n} x {n} grid; "
                             "raise max_grid or shrink the box")
        n *= 2


def _open_links(psi, axis: int) -> np.ndarray:
    """``det <u(k)|u(k + step along axis)>`` / |.| on an open grid (no wrap)."""
    a = np.moveaxis(psi, axis, 0)
    M = np.einsum("k...ia,k...ib->k...ab", a[:-1].conj(), a[1:])
    d = np.linalg.det(M)
    return np.moveaxis(d / np.abs(d), 0, axis)
