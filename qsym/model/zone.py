r"""The Brillouin zone of a lattice model (``Model(..., lattice=...)``): reciprocal vectors,
reduced coordinates, where checks sample k, the zone as the region of response integrals, and
band paths through the model's high-symmetry points.

Momenta stay Cartesian. A point of the zone is ``k = sum_i kappa_i b_i`` with reduced
coordinates ``kappa`` in ``[-1/2, 1/2)^d`` and ``a_i . b_j = 2 pi delta_ij``; the cell of
``kappa`` is a reciprocal unit cell (a rhombus for a hexagonal lattice), on which H(k) is
periodic, so a k-integral over it is

.. math::

    \int_{BZ} \frac{d^dk}{(2\pi)^d} F(\mathbf k)
    = \frac{|\det B|}{(2\pi)^d} \int_{[-1/2, 1/2]^d} d^d\kappa\, F(B^T \kappa),

which the trapezoid rule integrates to exponential accuracy for smooth F (no edge, no edge
rule). A continuum model's region is its k-box ``[-k_max, k_max]^d``.
"""

from __future__ import annotations

import numpy as np

from .spec import Model

__all__ = ["reciprocal_vectors", "is_lattice", "sample", "region", "periodic_bands", "path_points", "band_path",
           "REDUCED_CELL"]

#: The reduced cell of a lattice model's responses, per axis.
REDUCED_CELL = (-0.5, 0.5)


def is_lattice(model: Model) -> bool:
    """Whether the model states its lattice (its k-space is a Brillouin zone)."""
    return bool(getattr(model, "lattice", None))


def reciprocal_vectors(model: Model) -> np.ndarray:
    """The reciprocal basis ``b_j`` (rows) of the model's lattice, ``a_i . b_j = 2 pi delta_ij``
    [1/length]."""
    if not is_lattice(model):
        raise ValueError(f"{model.name}: this needs the Brillouin zone: give the lattice vectors "
                         "(Model(..., lattice=((a1x, a1y), (a2x, a2y))), in the model's length unit)")
    A = np.array([[float(c) for c in a] for a in model.lattice], float)
    return 2 * np.pi * np.linalg.inv(A).T


def sample(model: Model, count: int, rng) -> np.ndarray:
    """``count`` random Cartesian k-points (count, d) [1/length] of the model's region: uniform
    in the reduced cell of a lattice model, in the k-box of a continuum one."""
    d = len(model.momenta)
    if is_lattice(model):
        return rng.uniform(*REDUCED_CELL, (count, d)) @ reciprocal_vectors(model)
    return rng.uniform(-model.k_max, model.k_max, (count, d))


def region(model: Model, n: int) -> tuple[list, np.ndarray]:
    """A grid of ``n`` points per axis of the model's region: (Cartesian coordinate arrays, one
    per axis, each of shape (n,)*d) [1/length], and the reduced (or box) axis values (n,). The
    axis values avoid 0 and round fractions, so no node sits on a symmetry point by accident
    unless ``n`` is odd and the region is a lattice's cell (then 0 and +-1/2 are nodes)."""
    d = len(model.momenta)
    if is_lattice(model):
        q = np.linspace(*REDUCED_CELL, n)
        mesh = np.stack(np.meshgrid(*[q] * d, indexing="ij"), -1) @ reciprocal_vectors(model)
        return [mesh[..., a] for a in range(d)], q
    q = np.linspace(-model.k_max, model.k_max, n)
    return list(np.meshgrid(*[q] * d, indexing="ij")), q


def periodic_bands(bands, model: Model):
    """A band function of :mod:`qsym.kspace` in reduced coordinates: ``bands`` (Cartesian k)
    evaluated at ``k = B^T kappa``, its integrands (and ``bound``) times the Jacobian
    ``|det B|``, so that its integral over ``REDUCED_CELL^d`` is the integral over the zone."""
    B = reciprocal_vectors(model)
    jac = abs(float(np.linalg.det(B)))

    def cartesian(kappa):
        kappa = np.stack([np.asarray(a, float) for a in kappa], -1)
        k = kappa @ B
        return [k[..., a] for a in range(k.shape[-1])]

    def reduced(*kappa):
        return [(E, X * jac) for E, X in bands(*cartesian(kappa))]

    reduced.energies = lambda *kappa: bands.energies(*cartesian(kappa))
    if getattr(bands, "bound", None) is not None:
        reduced.bound = lambda *kappa: [x * jac for x in bands.bound(*cartesian(kappa))]
    reduced.touchings = getattr(bands, "touchings", False)
    return reduced


# ------------------------------------------------------------------------------------------
# High-symmetry points and band paths
# ------------------------------------------------------------------------------------------

def path_points(model: Model) -> list[tuple[str, np.ndarray]]:
    """The model's path through its high-symmetry points: (name, reduced coordinates) in order.
    ``Model.points`` names them; ``Model.path`` orders them (default: as given, closed)."""
    if not getattr(model, "points", None):
        raise ValueError(f"{model.name}: no high-symmetry points: give Model(..., points={{'G': (0, 0), "
                         "'X': (0.5, 0), ...}}) in reduced coordinates (and optionally path=('G', 'X', ...))")
    names = list(model.path) or list(model.points) + [next(iter(model.points))]
    return [(n, np.array([float(c) for c in model.points[n]], float)) for n in names]


def band_path(model: Model, h, count: int = 400) -> dict:
    """Bands along the model's path: ``h`` maps Cartesian k (..., d) to H (..., N, N).

    Returns a dict with ``x`` (npts,) the distance along the path [1/length], ``energies``
    (npts, N) [energy], ``ticks`` (the x of each high-symmetry point) and ``labels``."""
    B = reciprocal_vectors(model)
    stops = path_points(model)
    cart = [kappa @ B for _, kappa in stops]
    lengths = [float(np.linalg.norm(b - a)) for a, b in zip(cart, cart[1:])]
    total = sum(lengths) or 1.0
    xs, ks, ticks = [], [], [0.0]
    for (a, b), length in zip(zip(cart, cart[1:]), lengths):
        m = max(2, int(round(count * length / total)))
        t = np.linspace(0, 1, m, endpoint=False)
        ks.append(a + t[:, None] * (b - a))
        xs.append(ticks[-1] + t * length)
        ticks.append(ticks[-1] + length)
    ks.append(cart[-1][None, :])
    xs.append(np.array([ticks[-1]]))
    k = np.concatenate(ks)
    return {"x": np.concatenate(xs), "k": k, "energies": np.linalg.eigvalsh(h(k)), "ticks": ticks,
            "labels": [n for n, _ in stops]}
