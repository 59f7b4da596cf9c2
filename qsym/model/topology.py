r"""Topology of a lattice model's band groups: Chern numbers, Wilson loops, their winding, the
Z2 index of time-reversal-invariant models and Zak phases.

Everything here works on the Bloch Hamiltonian of a :class:`~qsym.model.Model` that states its
lattice (``Model(..., lattice=((a1x, a1y), (a2x, a2y)))``): momenta stay Cartesian, and the
Brillouin zone is sampled in reduced coordinates ``kappa`` (``k = sum_i kappa_i b_i``, with
``a_i . b_j = 2 pi delta_ij``), on which H is periodic. A band group is a set of bands by
energy order (``"lower"``, the lower half, by default) separated from the others by a gap on
every point sampled; where it is not, the invariant is undefined and the call says where the
bands touch.

Conventions are those of :mod:`qsym.model`: ``A = <u| i grad_k |u>``, ``Omega = d_x A_y - d_y A_x``
and ``C = (1/2 pi) int_BZ Omega d^2k``, so that the in-gap anomalous Hall conductivity of
``qsym.model.response(..., "ahe")`` is ``C / (2 pi)`` in units of e^2/hbar.

* **Chern number**: the link-variable method of Fukui, Hatsugai and Suzuki, J. Phys. Soc. Jpn.
  74, 1674 (2005): the Berry flux of each plaquette of an n x n grid is the phase of the product
  of its four links ``U = det <u(k)|u(k')>`` (determinants of the overlap matrices, so a
  degenerate group is one object), and their sum is 2 pi times an integer on any grid. It is the
  Chern number once every plaquette's flux is below pi in magnitude; the grid is doubled until
  it is below ``FLUX_LIMIT`` (pi/4).
* **Wilson loops** along one reciprocal direction, as functions of the other reduced
  coordinate: the ordered product of the (unitarized) overlap matrices around the loop. Their
  eigenphases ``theta`` give the hybrid Wannier centres ``x = -theta / 2 pi`` (in units of the
  lattice vector), and the winding of their sum is the Chern number (loops along ``b_2``
  wind by ``+C`` as ``kappa_1`` goes round; along ``b_1`` by ``-C``).
* **Z2**: the Wannier centres of a time-reversal-invariant group over half the zone, counted by
  the largest-gap rule of Soluyanov and Vanderbilt, PRB 83, 235401 (2011) (as Z2Pack does): the
  parity of the number of centres the middle of the largest gap jumps over. Lines are added
  between two neighbours until the gap's middle on each stays away from the other's centres.
* **Zak phase**: the Berry phase of a group along one reciprocal direction,
  ``-arg det W`` in (-pi, pi].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from .spec import Model, argument_name, parameter_values
from .zone import reciprocal_vectors

__all__ = ["ChernNumber", "WilsonLoop", "bloch_hamiltonian", "reciprocal_vectors", "band_indices", "chern_number",
           "wilson_loop", "z2_index", "zak_phase", "FLUX_LIMIT"]

#: Largest Berry flux through one plaquette [rad] at which a link-variable Chern number is
#: accepted (the method needs < pi; the margin keeps a flux concentrated between nodes resolved).
FLUX_LIMIT = np.pi / 4
#: Smallest gap between a group and the other bands, relative to the band width, on the points
#: sampled: below it the group is taken to touch the others and no invariant is defined.
GAP_LIMIT = 1e-9


def _require_lattice(model: Model) -> None:
    if not getattr(model, "lattice", None):
        raise ValueError(f"{model.name}: topological invariants need the Brillouin zone: give the lattice vectors "
                         "(Model(..., lattice=((a1x, a1y), (a2x, a2y))), in the model's length unit)")


def bloch_hamiltonian(model: Model, params: dict | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """``H(k)`` as a vectorized function: Cartesian ``k`` of shape (..., d) [1/length] to
    complex (..., N, N) [energy], at the model's typical parameter values updated by ``params``
    (keys: argument names, as in :func:`qsym.model.responses`)."""
    values = parameter_values(model, params)
    for key, x in values.items():
        if not (isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool) and np.isfinite(x)):
            raise ValueError(f"parameter {key}: a finite real number; got {x!r}")
    H = sp.Matrix(model.hamiltonian)
    N = H.shape[0]
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    p = [values[argument_name(q.symbol)] for q in model.used_parameters]
    entries = [(i, j, sp.lambdify(syms, H[i, j], "numpy")) for i in range(N) for j in range(N) if H[i, j] != 0]

    def h(k: np.ndarray) -> np.ndarray:
        k = np.asarray(k, float)
        out = np.zeros(k.shape[:-1] + (N, N), complex)
        for i, j, f in entries:
            out[..., i, j] = f(*np.moveaxis(k, -1, 0), *p)
        return out

    return h


def band_indices(model: Model, bands) -> np.ndarray:
    """The band indices (energy order, from 0) of ``bands``: ``"lower"``/``"upper"`` (the
    halves), ``"band<j>"`` (the j-th set of ``model.degeneracy`` bands), or a sequence of
    consecutive indices."""
    N = sp.Matrix(model.hamiltonian).shape[0]
    if bands is None or bands == "lower":
        return np.arange(N // 2)
    if bands == "upper":
        return np.arange(N // 2, N)
    if isinstance(bands, str) and bands.startswith("band") and bands[4:].isdigit():
        j, deg = int(bands[4:]), model.degeneracy
        if 1 <= j <= N // deg:
            return np.arange((j - 1) * deg, j * deg)
    elif not isinstance(bands, str):
        idx = np.asarray(bands, int).ravel()
        if idx.size and np.all(np.diff(idx) == 1) and idx[0] >= 0 and idx[-1] < N and idx.size < N:
            return idx
    raise ValueError(f"bands: 'lower', 'upper', 'band1' .. 'band{N // model.degeneracy}' or consecutive indices in "
                     f"0 .. {N - 1} (not all of them); got {bands!r}")


def _states(h, B, kappa, idx, model: Model):
    """Eigenvectors of the group ``idx`` at reduced points ``kappa`` (..., d): (..., N, n); a
    ValueError where the group touches another band."""
    E, U = np.linalg.eigh(h(kappa @ B))
    width = max(float(E.max() - E.min()), 1e-300)
    gaps = []
    if idx[0] > 0:
        gaps.append(E[..., idx[0]] - E[..., idx[0] - 1])
    if idx[-1] < E.shape[-1] - 1:
        gaps.append(E[..., idx[-1] + 1] - E[..., idx[-1]])
    gap = np.min(gaps, axis=0)
    if np.min(gap) <= GAP_LIMIT * width:
        where = np.unravel_index(np.argmin(gap), gap.shape)
        k = kappa[where] @ B
        raise ValueError(f"{model.name}: bands {idx[0]}..{idx[-1]} touch another band near k = "
                         f"({', '.join(f'{x:.4g}' for x in k)}) (gap {float(np.min(gap)):.2g}): the group has no "
                         "topological invariant there; change the parameters or the bands")
    return U[..., idx], float(np.min(gap))


def _links(psi, axis: int) -> np.ndarray:
    """``det <u(k)|u(k + step along axis)>`` normalized to modulus 1 (periodic grid)."""
    M = np.einsum("...ia,...ib->...ab", psi.conj(), np.roll(psi, -1, axis=axis))
    d = np.linalg.det(M)
    return d / np.abs(d)


@dataclass(frozen=True)
class ChernNumber:
    """A Chern number by the link-variable method.

    Attributes
    ----------
    value : int
        The Chern number.
    flux : float
        The summed plaquette fluxes over 2 pi before rounding (an integer to rounding error).
    grid : int
        Points per reciprocal direction of the grid that resolved it.
    largest_flux : float
        The largest |Berry flux| through one plaquette [rad] (below FLUX_LIMIT).
    gap : float
        The smallest gap between the group and the other bands on the grid [energy].
    """

    value: int
    flux: float
    grid: int
    largest_flux: float
    gap: float

    def __int__(self) -> int:
        return self.value


def _plane_grid(model: Model, n: int, plane: tuple, at: float) -> np.ndarray:
    d = len(model.momenta)
    kappa = np.zeros((n, n, d))
    s = np.arange(n) / n
    kappa[..., plane[0]], kappa[..., plane[1]] = np.meshgrid(s, s, indexing="ij")
    for a in range(d):
        if a not in plane:
            kappa[..., a] = at
    return kappa


def _plane(model: Model, plane) -> tuple:
    d = len(model.momenta)
    plane = tuple(plane) if plane is not None else (0, 1)
    if len(plane) != 2 or len(set(plane)) != 2 or not all(isinstance(a, (int, np.integer)) and 0 <= a < d
                                                          for a in plane):
        raise ValueError(f"plane: two different reciprocal directions in 0 .. {d - 1}; got {plane!r}")
    return plane


def chern_number(model: Model, bands=None, *, params: dict | None = None, plane=(0, 1), at: float = 0.0,
                 grid: int = 24, max_grid: int = 768) -> ChernNumber:
    """The Chern number of a band group (Fukui-Hatsugai-Suzuki; see the module notes).

    Parameters
    ----------
    model : Model
        A model with ``lattice``.
    bands : str or sequence of int, optional
        The group (:func:`band_indices`); default the lower half of the bands.
    params : dict, optional
        Parameter values (default: the typical ones) [the parameters' units].
    plane : (int, int)
        The reciprocal directions spanning the plane (3D models; in 2D the zone).
    at : float
        The reduced coordinate of the plane along the third direction (3D).
    grid, max_grid : int
        First and largest number of points per direction; the grid doubles until every
        plaquette's flux is below FLUX_LIMIT.
    """
    B = reciprocal_vectors(model)
    plane = _plane(model, plane)
    idx = band_indices(model, bands)
    h = bloch_hamiltonian(model, params)
    if not (isinstance(grid, (int, np.integer)) and 4 <= grid <= max_grid):
        raise ValueError(f"grid: an integer in [4, max_grid = {max_grid}]; got {grid!r}")
    sign = np.sign(np.linalg.det(B[list(plane)][:, list(plane)])) if len(model.momenta) == 2 else 1.0
    n = grid
    while True:
        psi, gap = _states(h, B, _plane_grid(model, n, plane, at), idx, model)
        U1, U2 = _links(psi, 0), _links(psi, 1)
        F = np.angle(U1 * np.roll(U2, -1, axis=0) * np.conj(np.roll(U1, -1, axis=1)) * np.conj(U2))
        largest = float(np.max(np.abs(F)))
        if largest < FLUX_LIMIT:
            flux = -sign * float(np.sum(F)) / (2 * np.pi)     # arg <u|u'> = -A . dk (see the module notes)
            return ChernNumber(int(round(flux)), flux, n, largest, gap)
        if 2 * n > max_grid:
            raise ValueError(f"{model.name}: the Berry flux through one plaquette is still {largest:.2g} rad on a "
                             f"{n} x {n} grid (a near touching, smallest gap {gap:.2g}); raise max_grid")
        n *= 2


@dataclass(frozen=True)
class WilsonLoop:
    """Wilson loops of a band group along reciprocal direction ``along``, against the reduced
    coordinate ``kappa`` of direction ``across``.

    Attributes
    ----------
    kappa : numpy.ndarray
        Reduced coordinates across (m,), from 0 to 1 inclusive.
    phases : numpy.ndarray
        Eigenphases theta of each loop (m, n_bands), sorted, in (-pi, pi].
    centres : numpy.ndarray
        Hybrid Wannier centres ``-theta / 2 pi`` mod 1 (m, n_bands), sorted [lattice vector].
    berry_phase : numpy.ndarray
        ``-arg det W`` continued along kappa (m,) [rad]: the total Berry phase of the group.
    """

    along: int
    across: int
    kappa: np.ndarray
    phases: np.ndarray
    centres: np.ndarray
    berry_phase: np.ndarray

    @property
    def winding(self) -> int:
        """The winding of the total Berry phase as kappa goes round: ``+C`` for loops along
        ``b_2`` (``along=1``), ``-C`` along ``b_1``."""
        return int(round((self.berry_phase[-1] - self.berry_phase[0]) / (2 * np.pi)))


def _loops(h, B, model, idx, along: int, kappa_across: np.ndarray, across: int, points: int, at: float):
    """W(kappa) for each kappa across: (m, n, n)."""
    d = len(model.momenta)
    kappa = np.zeros((kappa_across.size, points, d))
    for a in range(d):
        kappa[..., a] = at
    kappa[..., across] = kappa_across[:, None]
    kappa[..., along] = (np.arange(points) / points)[None, :]
    psi, _ = _states(h, B, kappa, idx, model)
    M = np.einsum("...ia,...ib->...ab", psi.conj(), np.roll(psi, -1, axis=1))
    u, _, vh = np.linalg.svd(M)
    M = u @ vh                                            # unitarized links
    W = np.broadcast_to(np.eye(idx.size, dtype=complex), (kappa_across.size, idx.size, idx.size)).copy()
    for j in range(points):
        W = W @ M[:, j]
    return W


def _across(model: Model, along: int, across) -> int:
    d = len(model.momenta)
    if not (isinstance(along, (int, np.integer)) and 0 <= along < d):
        raise ValueError(f"along: a reciprocal direction in 0 .. {d - 1}; got {along!r}")
    if across is None:
        across = 1 - along if along < 2 else 0
    if not (isinstance(across, (int, np.integer)) and 0 <= across < d and across != along):
        raise ValueError(f"across: a reciprocal direction in 0 .. {d - 1} other than along = {along}; got {across!r}")
    return int(across)


def wilson_loop(model: Model, bands=None, *, params: dict | None = None, along: int = 1, across: int | None = None,
                at: float = 0.0, lines: int = 101, points: int = 64) -> WilsonLoop:
    """Wilson loops of a band group along ``b_along`` at ``lines`` values of the reduced
    coordinate across (0 to 1 inclusive), each from ``points`` links; lines are added where the
    total Berry phase jumps by more than pi/4 between neighbours, so its winding is resolved.
    ``at`` fixes the remaining reduced coordinate (3D)."""
    B = reciprocal_vectors(model)
    across = _across(model, along, across)
    idx = band_indices(model, bands)
    h = bloch_hamiltonian(model, params)
    for name, x, lo in (("lines", lines, 3), ("points", points, 4)):
        if not (isinstance(x, (int, np.integer)) and lo <= x <= 100_000):
            raise ValueError(f"{name}: an integer in [{lo}, 100000]; got {x!r}")
    kappa = np.linspace(0.0, 1.0, lines)
    W = _loops(h, B, model, idx, along, kappa, across, points, at)
    for _ in range(12):                     # refine where the total phase jumps
        total = -np.angle(np.linalg.det(W))
        jump = np.abs(np.angle(np.exp(1j * np.diff(total))))
        bad = np.nonzero(jump > np.pi / 4)[0]
        if bad.size == 0:
            break
        mid = (kappa[bad] + kappa[bad + 1]) / 2
        Wm = _loops(h, B, model, idx, along, mid, across, points, at)
        order = np.argsort(np.concatenate([kappa, mid]), kind="stable")
        kappa, W = np.concatenate([kappa, mid])[order], np.concatenate([W, Wm])[order]
    else:
        raise ValueError(f"{model.name}: the Berry phase of the Wilson loops still jumps by more than pi/4 between "
                         "neighbouring lines after 12 refinements (a near touching); change the parameters")
    theta = np.sort(np.angle(np.linalg.eigvals(W)), axis=1)
    total = np.unwrap(-np.angle(np.linalg.det(W)))
    centres = np.sort(np.mod(-theta / (2 * np.pi), 1.0), axis=1)
    return WilsonLoop(int(along), across, kappa, theta, centres, total)


def zak_phase(model: Model, bands=None, *, params: dict | None = None, along: int = 0, at: Sequence | None = None,
              points: int = 256) -> float:
    """The Zak (Berry) phase of a band group along ``b_along`` at fixed other reduced
    coordinates ``at`` (default 0) [rad, in (-pi, pi]]: ``-arg det W``. For a model that depends
    on one momentum only, the Zak phase of the 1D chain."""
    B = reciprocal_vectors(model)
    d = len(model.momenta)
    idx = band_indices(model, bands)
    h = bloch_hamiltonian(model, params)
    at = np.zeros(d) if at is None else np.asarray(at, float)
    if at.shape != (d,) or not np.all(np.isfinite(at)):
        raise ValueError(f"at: {d} finite reduced coordinates; got {at!r}")
    across = _across(model, along, None)
    rest = float(at[3 - along - across]) if d == 3 else 0.0
    W = _loops(h, B, model, idx, along, np.array([at[across]]), across, points, rest)
    phase = -float(np.angle(np.linalg.det(W[0])))
    return float(np.pi - np.mod(np.pi - phase, 2 * np.pi))        # in (-pi, pi]


def _gap_middle(x: np.ndarray) -> tuple[float, float]:
    """(middle, size) of the largest gap between the points ``x`` (sorted, on the circle [0, 1))."""
    gaps = np.diff(np.concatenate([x, [x[0] + 1.0]]))
    j = int(np.argmax(gaps))
    return float(np.mod(x[j] + gaps[j] / 2, 1.0)), float(gaps[j])


def _distance(a: float, x: np.ndarray) -> np.ndarray:
    return np.abs(np.mod(x - a + 0.5, 1.0) - 0.5)


def _jumped(z0: float, z1: float, x: np.ndarray) -> int:
    """Centres ``x`` on the shorter arc between the gap middles z0 and z1."""
    step = np.mod(z1 - z0 + 0.5, 1.0) - 0.5
    rel = np.mod(x - z0 + 0.5, 1.0) - 0.5
    return int(np.sum((rel > min(0.0, step)) & (rel < max(0.0, step))))


def z2_index(model: Model, bands=None, *, params: dict | None = None, along: int = 0, across: int | None = None,
             at: float = 0.0, lines: int = 41, points: int = 64, move_tol: float = 0.3) -> int:
    """The Z2 index of a time-reversal-invariant band group on the plane of ``along`` and
    ``across`` (the largest-gap rule over half the zone; see the module notes). A line is added
    between two neighbours while the middle of the largest gap on one lies within ``move_tol``
    times the smaller largest gap of a centre on the other."""
    B = reciprocal_vectors(model)
    across = _across(model, along, across)
    idx = band_indices(model, bands)
    h = bloch_hamiltonian(model, params)

    def centres(k):
        W = _loops(h, B, model, idx, along, np.asarray(k, float), across, points, at)
        return np.sort(np.mod(-np.angle(np.linalg.eigvals(W)) / (2 * np.pi), 1.0), axis=1)

    kappa = list(np.linspace(0.0, 0.5, lines))
    x = list(centres(kappa))
    i, added = 0, 0
    while i < len(kappa) - 1:
        (z0, g0), (z1, g1) = _gap_middle(x[i]), _gap_middle(x[i + 1])
        near = min(float(np.min(_distance(z0, x[i + 1]))), float(np.min(_distance(z1, x[i]))))
        if near < move_tol * min(g0, g1) and kappa[i + 1] - kappa[i] > 1e-7:
            mid = (kappa[i] + kappa[i + 1]) / 2
            kappa.insert(i + 1, mid)
            x.insert(i + 1, centres([mid])[0])
            added += 1
            if added > 4000:
                raise ValueError(f"{model.name}: the Wannier centres do not resolve (a gap closing?); no Z2 index")
            continue
        i += 1
    count = sum(_jumped(_gap_middle(x[i])[0], _gap_middle(x[i + 1])[0], x[i + 1]) for i in range(len(kappa) - 1))
    return count % 2
