"""Disorder numerics of any lattice model (or any continuum model, discretized), as tasks of
``qsym sweep`` (:mod:`qsym.lattice.sweep`, on dask)::

    qsym sweep qsym.model.tasks:hall_sample --param model=qi_wu_zhang --param L=8 \\
        --param W=0,2 --param E_F=0 --param t=0 --seeds 4 --store hall.jsonl
    qsym sweep qsym.model.tasks:dos_sample --param model=bhz_both_spins --param a=1.0 ...
    qsym sweep qsym.model.tasks:localization_sample --param model=qi_wu_zhang --param Ly=8 ...

``model`` is a registry name or a model file; ``a > 0`` discretizes a continuum model on the
square lattice of that constant (:func:`qsym.model.discretize.discretize`), ``a = 0`` takes a
lattice model as it is. Any other keyword sets a model parameter by its argument name (the
typical values otherwise). The samples are L^d supercells, periodic in every direction, with
Anderson disorder W [energy] from the seed (:mod:`qsym.lattice.supercell`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["hall_sample", "dos_sample", "localization_sample", "model_hoppings"]

#: Largest sample for the dense projector of the real-space Hall conductance [states].
MAX_STATES = 6000


@lru_cache(maxsize=16)
def _model(model: str, a: float):
    from .by_name import load
    from .discretize import discretize

    _, m = load(model)
    if a:
        return discretize(m, float(a))
    if not m.lattice:
        raise ValueError(f"{m.name} is a continuum model: give a > 0 (the lattice constant of its discretization, "
                         f"{m.length_unit})")
    return m


@lru_cache(maxsize=64)
def _table(model: str, a: float, params: tuple):
    from .discretize import hoppings

    return hoppings(_model(model, a), dict(params))


def model_hoppings(model: str, a: float = 0.0, **params) -> tuple:
    """(Model, hoppings) of a lattice model, or of a continuum one discretized with constant a."""
    if not (np.isfinite(a) and a >= 0):
        raise ValueError(f"a: the lattice constant of the discretization, >= 0 (0: a lattice model); got {a!r}")
    m = _model(model, float(a))
    known = {str(p.symbol).replace("\\", "") for p in m.parameters}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(f"{m.name} has no parameter {', '.join(unknown)} (its parameters: {', '.join(sorted(known))})")
    return m, _table(model, float(a), tuple(sorted(params.items())))


def _sample(model, a, L, W, seed, params):
    from ..lattice.supercell import supercell_hamiltonian

    m, table = model_hoppings(model, a, **params)
    return m, table, supercell_hamiltonian(table, L, W=W, seed=seed)


def hall_sample(model: str, L: int, W: float, E_F: float, seed: int, a: float = 0.0, **params) -> dict:
    """sigma_xy [e^2/h, qsym's sign: -C for a Chern insulator] of one disorder realization on an
    L x L torus by the real-space Kubo formula with the exact projector (paper 004, Eq. 4)."""
    _validate_hall(model, L, W, E_F, seed, a, **params)
    from ..lattice.kubo import hall_conductance
    from ..lattice.supercell import cell_indices

    m, table, H = _sample(model, a, L, W, seed, params)
    N = next(iter(table.values())).shape[0]
    return {"sigma_xy": float(hall_conductance(H, cell_indices(L, 2), L, E_F, orbitals=N))}


def _validate_hall(model, L, W, E_F, seed=0, a=0.0, **params) -> None:
    m, table = model_hoppings(model, a, **params)
    if len(m.momenta) != 2:
        raise ValueError(f"{m.name}: the real-space Hall conductance is for 2D models")
    n = L * L * next(iter(table.values())).shape[0]
    if n > MAX_STATES:
        raise ValueError(f"L = {L}: {n} states; the dense projector allows at most {MAX_STATES}")
    if not np.isfinite(E_F):
        raise ValueError(f"E_F: a finite energy; got {E_F!r}")


hall_sample.validate = _validate_hall


def dos_sample(model: str, L: int, W: float, E: float, seed: int, a: float = 0.0, moments: int = 256,
               sites: int = 16, **params) -> dict:
    """Arithmetic and typical KPM densities of states at energy E [states per energy per cell]
    of one disorder realization (local densities of ``sites`` random cells, Jackson kernel of
    ``moments`` moments: resolution ~ pi (half the spectral width) / moments)."""
    _validate_dos(model, L, W, E, seed, a, moments, sites, **params)
    from ..lattice.kpm import local_moments, spectral_bounds, typical_and_arithmetic_dos

    m, table, H = _sample(model, a, L, W, seed, params)
    N = next(iter(table.values())).shape[0]
    bounds = spectral_bounds(H)
    chosen = np.random.default_rng(seed + 10**6).choice(H.shape[0] // N, size=min(sites, H.shape[0] // N),
                                                       replace=False)
    typical, arithmetic = typical_and_arithmetic_dos(local_moments(H, chosen, N, moments, bounds), [E], bounds)
    return {"dos_arithmetic": float(arithmetic[0]), "dos_typical": float(typical[0])}


def _validate_dos(model, L, W, E, seed=0, a=0.0, moments=256, sites=16, **params) -> None:
    model_hoppings(model, a, **params)
    for name, x, low in (("L", L, 2), ("moments", moments, 2), ("sites", sites, 1)):
        if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or x < low:
            raise ValueError(f"{name}: an integer >= {low}; got {x!r}")
    if not np.isfinite(E):
        raise ValueError(f"E: a finite energy; got {E!r}")


dos_sample.validate = _validate_dos


def localization_sample(model: str, Ly: int, W: float, E: float, seed: int, a: float = 0.0, slices: int = 2000,
                        **params) -> dict:
    """The normalized localization length Lambda = lambda / Ly of a bar Ly cells wide (periodic
    across) and ``slices`` slices long at energy E, by the transfer matrix (paper 004, Eqs. 8-9;
    :func:`qsym.lattice.transfer.lyapunov_exponents`), with its statistical error."""
    _validate_localization(model, Ly, W, E, seed, a, slices, **params)
    from ..lattice.supercell import bar_slices
    from ..lattice.transfer import lyapunov_exponents

    m, table = model_hoppings(model, a, **params)
    H0, hop = bar_slices(table, Ly)
    N = next(iter(table.values())).shape[0]
    r = lyapunov_exponents(H0, hop, E, slices, W=W, orbitals=N, seed=seed)
    lam = r.localization_length
    return {"Lambda": float(lam / Ly), "Lambda_error": float(r.localization_length_error / Ly)}


def _validate_localization(model, Ly, W, E, seed=0, a=0.0, slices=2000, **params) -> None:
    from ..lattice.supercell import bar_slices

    m, table = model_hoppings(model, a, **params)
    if len(m.momenta) != 2:
        raise ValueError(f"{m.name}: the transfer-matrix task is for 2D models")
    _, hop = bar_slices(table, Ly)
    if np.linalg.cond(hop) > 1e12:
        raise ValueError(f"{m.name}: the hopping between slices (along a1) is not invertible at these parameters; "
                         "the transfer matrix needs it invertible")
    if isinstance(slices, bool) or not isinstance(slices, (int, np.integer)) or slices < 50 or slices % 50:
        raise ValueError(f"slices: a multiple of 50 (10 segments of QR steps of 5); got {slices!r}")
    if not (np.isfinite(W) and W >= 0 and np.isfinite(E)):
        raise ValueError(f"W >= 0 and E: finite energies; got W = {W!r}, E = {E!r}")


localization_sample.validate = _validate_localization
