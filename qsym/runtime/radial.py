"""Runtime of radial observables: integrals over k in [0, inf) of a kernel, with panels at
the integrand's momentum scales and around its (thermally smeared) Fermi edge."""

from __future__ import annotations

import numpy as np

from .arrays import BLOCK, flatten
from .compiled import Twin, run
from .fermi import THERMAL_CUTOFF
from .quadrature import check_breakpoints, gauss_legendre, geometric_fill, radial_rule

__all__ = ["FERMI_EDGE_OFFSETS", "fermi_edge_energies", "integrate_radial", "breakpoints_over_k", "integrate_over_k"]

#: Offsets, in units of kT, at which a Fermi edge gets panel boundaries. The Fermi function
#: has poles at x = i pi kT (2n+1); panels whose width grows geometrically away from the edge
#: keep every pole outside the Gauss-Legendre convergence ellipse of a fixed-order rule, and
#: the outermost offsets, +-THERMAL_CUTOFF, leave an occupation tail below rounding.
FERMI_EDGE_OFFSETS = (-THERMAL_CUTOFF, -16.0, -6.0, -2.0, 0.0, 2.0, 6.0, 16.0, THERMAL_CUTOFF)


def fermi_edge_energies(edge, kT, bottom, offsets=FERMI_EDGE_OFFSETS) -> np.ndarray:
    """Energies that bracket a (possibly smeared) Fermi edge, clipped to the band bottom.

    Parameters
    ----------
    edge : array_like
        Energy of the edge on the band's own energy axis (e.g. |eF| for bands +-E_k).
    kT : array_like
        k_B T, ``>= 0``; at ``kT = 0`` every returned energy is the edge itself.
    bottom : array_like
        Lowest band energy; energies below it are moved up to it (thermal activation above
        a gap is then resolved on the scale kT from the band bottom).

    Returns
    -------
    numpy.ndarray, shape (..., len(offsets))
    """
    edge = np.asarray(edge, dtype=float)
    bottom = np.asarray(bottom, dtype=float)
    centre = np.maximum(edge, bottom)
    e = centre[..., None] + np.asarray(kT, dtype=float)[..., None] * np.asarray(offsets)
    return np.maximum(e, bottom[..., None])


def integrate_radial(integrand, breakpoints, args, order: int = 20, block: int = BLOCK):
    """Integrate ``integrand(k, *args)`` over k in [0, inf) for every point of a grid.

    Parameters
    ----------
    integrand : callable
        Vectorized ``f(k, *args)``; called with ``k`` of shape (m, n_nodes) and each
        argument of shape (m, 1).
    breakpoints : array_like, shape (..., n)
        Panel boundaries per grid point (see :func:`qsym.runtime.quadrature.radial_rule`).
    args : tuple of array_like
        Arguments broadcastable to the grid shape ``breakpoints.shape[:-1]``.
    order : int
        Gauss-Legendre points per panel.
    block : int
        Integrand evaluations per vectorized call (bounds memory for large grids).

    Returns
    -------
    numpy.ndarray
        Integral per grid point, shape ``breakpoints.shape[:-1]``.

    Notes
    -----
    A compiled integrand (:class:`~qsym.runtime.compiled.Twin` with a fused ``radial`` loop)
    evaluates the same rule in one loop per grid point: no array of integrand values is formed.
    """
    b = np.asarray(breakpoints, dtype=float)
    grid = b.shape[:-1]
    nb = b.shape[-1]
    flat_b = b.reshape(-1, nb)
    if isinstance(integrand, Twin) and integrand.radial is not None:
        return _fused(integrand, flat_b, args, grid, order).reshape(grid)
    _, flat_args = flatten(*args, shape=grid, scalars=True)
    rows = max(1, block // ((nb + 1) * order))
    if flat_b.shape[0] == 0:  # an empty grid: an empty result of the grid's shape
        return np.zeros(grid)
    pieces = []
    for start in range(0, flat_b.shape[0], rows):
        sl = slice(start, start + rows)
        nodes, weights = radial_rule(flat_b[sl], order)
        values = integrand(nodes, *(a if np.ndim(a) == 0 else a[sl, None] for a in flat_args))
        pieces.append(np.sum(weights * values, axis=-1))
    return np.concatenate(pieces).reshape(grid)


def _fused(integrand: Twin, breakpoints: np.ndarray, args, grid: tuple, order: int) -> np.ndarray:
    """:func:`integrate_radial` by the compiled fused loop of ``integrand``: the panels, nodes
    and weights of :func:`qsym.runtime.quadrature.radial_rule`, summed as they are made."""
    b = np.ascontiguousarray(np.sort(check_breakpoints(breakpoints), axis=-1))
    _, flat = flatten(*args, shape=grid, scalars=True)
    flat = [float(a) if np.ndim(a) == 0 else np.ascontiguousarray(a) for a in flat]
    x, w = gauss_legendre(order)
    out = np.empty(b.shape[0])
    run(integrand.radial, out, [b] + flat, shared=(np.ascontiguousarray(x), np.ascontiguousarray(w)),
        cost=(b.shape[1] + 1) * order)
    return out


def breakpoints_over_k(breakpoint_data, k_of_energy, args, kT, fill_points: int = 12) -> np.ndarray:
    """The panel boundaries :func:`integrate_over_k` integrates over, per grid point (shape: the
    broadcast shape of ``args``, plus one axis of boundaries): geometric fill over the
    integrand's momentum scales and the wave numbers of the Fermi-edge energies."""
    grid = np.broadcast_shapes(*(np.shape(a) for a in args))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # a scale such as (.../n_i)^(1/4) is infinite without disorder: ignored by geometric_fill
        scales, edge, bottom = breakpoint_data(*args)
    scales = np.stack([np.broadcast_to(s, grid) for s in scales], axis=-1)
    edges = fermi_edge_energies(np.broadcast_to(edge, grid), np.broadcast_to(kT, grid),
                                np.broadcast_to(bottom, grid))
    k_edges = k_of_energy(edges, *(np.expand_dims(a, -1) for a in args))
    return np.concatenate(
        [geometric_fill(scales, fill_points), np.broadcast_to(k_edges, grid + k_edges.shape[-1:])], axis=-1)


def integrate_over_k(integrand, breakpoint_data, k_of_energy, args, kT, *, fill_points: int = 12,
                     order: int = 20) -> np.ndarray:
    """An observable: the integral over k in [0, inf) of ``integrand(k, *args)`` per grid point.

    Parameters
    ----------
    integrand : callable
        Vectorized ``f(k, *args)`` including the measure (e.g. k dk).
    breakpoint_data : callable
        ``(*args) -> (scales, edge, bottom)``: the integrand's momentum scales, the Fermi edge
        on the band-energy axis and the band bottom.
    k_of_energy : callable
        ``(energy, *args) -> k``: inverse band dispersion on k >= 0.
    args : tuple of array_like
        Broadcastable arguments; their broadcast shape is the grid.
    kT : array_like
        Temperature, broadcastable to the grid (the width of the Fermi edge).
    fill_points, order : int
        Geometric breakpoints over the scales, and Gauss-Legendre points per panel.
    """
    breakpoints = breakpoints_over_k(breakpoint_data, k_of_energy, args, kT, fill_points)
    return integrate_radial(integrand, breakpoints, args, order=order)
