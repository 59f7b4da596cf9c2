r"""Band geometry of an N-band Bloch Hamiltonian by numerical diagonalization (kind
:class:`qsym.codegen.observables.BandGeometry`): the generated code supplies H(k) and dH/dk
entries (common subexpressions eliminated); this module diagonalizes them in batches and forms,
per group of bands (``groups``: tuples of band indices in order of energy),

* the group's energy (mean over its bands) and velocity (mean of <a|dH/dk_i|a>);
* the quantum metric g_ij = Re sum_{a in n, b not in n} <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^2;
* the Berry curvature Omega = -2 Im of the same sum (components yz, zx, xy in 3D; xy in 2D);
* the Berry connection polarizability G_ij = 2 Re sum <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^3.

All are sums over the group's states, so they do not depend on the basis chosen inside a
degenerate group. Where a group comes closer than ``floor`` to another band the geometry is
singular and a ``ValueError`` says so.
"""

from __future__ import annotations

import numpy as np

from .tight_binding import matrices

__all__ = ["QUANTITIES", "evaluate", "touching_message"]

QUANTITIES = ("energy", "velocity", "quantum_metric", "berry_curvature", "bcp")
#: Points per batched diagonalization.
CHUNK = 20_000


def touching_message(floor: float, unit: str) -> str:
    """The error for points where a band group touches another band."""
    return f"a band group comes closer than {floor:g} {unit} to another band here, where its geometry is singular"


def _pairs(dim: int):
    comps = [(i, j) for i in range(dim) for j in range(i, dim)]
    curv = [(0, 1)] if dim == 2 else [(1, 2), (2, 0), (0, 1)]
    return comps, curv


def _chunk(entries_fn, ks, params, n, dim, group, quantity, floor, unit):
    entries = entries_fn(*ks, *params)
    size = n * n
    shape = np.broadcast_shapes(*(np.shape(k) for k in ks))
    H = matrices(list(entries[:size]), 1, n)[..., 0, :, :]
    V = matrices(list(entries[size:]), dim, n)
    H = np.broadcast_to(H, shape + (n, n))
    V = np.broadcast_to(V, shape + (dim, n, n))
    e, u = np.linalg.eigh(H)
    idx = np.asarray(group)
    other = np.setdiff1d(np.arange(n), idx)
    if quantity == "energy":
        return e[..., idx].mean(axis=-1)
    ud = np.conj(np.swapaxes(u, -1, -2))
    Vb = ud[..., None, :, :] @ V @ u[..., None, :, :]                 # (..., dim, n, n) band basis
    if quantity == "velocity":
        return np.real(np.diagonal(Vb, axis1=-2, axis2=-1)[..., idx]).mean(axis=-1)
    de = e[..., idx, None] - e[..., None, other]                      # (..., |n|, |other|)
    if np.any(np.abs(de) < floor):
        raise ValueError(touching_message(floor, unit))
    a = Vb[..., :, idx, :][..., other]                                 # <a|d_i H|b>
    b = np.swapaxes(Vb[..., :, other, :][..., idx], -1, -2)            # <b|d_j H|a>, indexed [a, b]
    comps, curv = _pairs(dim)
    if quantity == "quantum_metric":
        return np.stack([np.real(np.sum(a[..., i, :, :] * b[..., j, :, :] / de**2, axis=(-1, -2)))
                         for i, j in comps], axis=-1)
    if quantity == "bcp":
        return np.stack([2 * np.real(np.sum(a[..., i, :, :] * b[..., j, :, :] / de**3, axis=(-1, -2)))
                         for i, j in comps], axis=-1)
    out = np.stack([-2 * np.imag(np.sum(a[..., i, :, :] * b[..., j, :, :] / de**2, axis=(-1, -2)))
                    for i, j in curv], axis=-1)
    return out[..., 0] if dim == 2 else out


def evaluate(entries_fn, ks: tuple, params: tuple, n: int, dim: int, group: tuple, quantity: str,
             floor: float, unit: str) -> np.ndarray:
    """``quantity`` of band group ``group`` at the broadcast wave numbers ``ks``, in chunks of
    :data:`CHUNK` points; ``entries_fn(*ks, *params)`` returns the n*n entries of H followed by
    the dim*n*n entries of dH/dk_1, ..., dH/dk_dim (row-major)."""
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity must be one of {QUANTITIES}; got {quantity!r}")
    arrays = [np.asarray(k, dtype=float) for k in ks]
    shape = np.broadcast_shapes(*(a.shape for a in arrays), *(np.shape(p) for p in params))
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    pars = [np.broadcast_to(np.asarray(p, float), shape).reshape(-1) for p in params]
    total = int(np.prod(shape))
    parts = []
    for start in range(0, total, CHUNK):
        sl = slice(start, start + CHUNK)
        parts.append(_chunk(entries_fn, [f[sl] for f in flat], [p[sl] for p in pars], n, dim, group, quantity,
                            floor, unit))
    if not parts:                                                      # empty input: the shape of one value
        trailing = {"energy": (), "velocity": (dim,), "berry_curvature": () if dim == 2 else (3,)}
        return np.empty(shape + trailing.get(quantity, (dim * (dim + 1) // 2,)))
    out = np.concatenate(parts, axis=0)
    return out.reshape(shape + out.shape[1:])
