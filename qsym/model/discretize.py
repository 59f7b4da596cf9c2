r"""Any continuum model on a lattice, and any lattice model as hoppings.

:func:`discretize` returns the lattice regularization of a continuum model on the (hyper)cubic
lattice of constant ``a``, monomial by monomial in each momentum (the rule of paper 004's
film, Sec. II, for every model):

.. math::

    k^{2n} \to \Big(\frac{2 (1 - \cos k a)}{a^2}\Big)^n, \qquad
    k^{2n+1} \to \frac{\sin k a}{a}\Big(\frac{2 (1 - \cos k a)}{a^2}\Big)^n,

so that each replacement is ``k^p (1 + O(k^2 a^2))``: the lattice model agrees with the
continuum one to second order in k when the continuum model is at most quadratic (checked by
:func:`continuum_limit_error`). A Dirac model's half-integer Chern numbers become integers:
each of the 2^d - 1 doublers at the zone's other time-reversal-invariant momenta contributes
its own half, set by the sign of the regularized mass there (``m - b k^2`` becomes
``m - 4 b/a^2`` at (pi/a, 0)); without a ``k^2`` mass the doublers cancel the Dirac point's
half and the model is trivial.

:func:`hoppings` reads the hoppings of a lattice model off its Bloch Hamiltonian by Fourier
analysis on a grid of the reduced cell (doubled until the Fourier series reproduces H at random
points), ``H(k) = sum_R T_R exp(i k . R)``, ``R = sum_i n_i a_i``; the real-space builders of
:mod:`qsym.lattice.supercell` take them.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import sympy as sp

from .spec import Model
from .zone import reciprocal_vectors

__all__ = ["discretize", "regularize", "continuum_limit_error", "hoppings", "HOPPING_RTOL"]

#: Relative accuracy at which the Fourier series of :func:`hoppings` must reproduce H(k).
HOPPING_RTOL = 1e-10


def _lattice_power(k: sp.Symbol, p: int, a) -> sp.Expr:
    """The lattice form of k**p (see the module notes)."""
    two = 2 * (1 - sp.cos(k * a)) / a**2
    return two ** (p // 2) * (sp.sin(k * a) / a if p % 2 else 1)


def regularize(H: sp.Matrix, momenta, spacings) -> sp.Matrix:
    """The lattice form of a matrix polynomial in ``momenta``: each monomial's powers replaced
    as in the module notes, with the lattice constant ``spacings[i]`` (a number or a symbol)
    along momentum i (anisotropic lattices, as paper 004's a x a x c film)."""
    H = sp.Matrix(H)
    ks = list(momenta)
    out = sp.zeros(*H.shape)
    for i in range(H.shape[0]):
        for j in range(H.shape[1]):
            entry = sp.expand(H[i, j])
            if entry == 0:
                continue
            try:
                poly = sp.Poly(entry, *ks)
            except sp.PolynomialError:
                poly = None
            if poly is None or any(c.free_symbols & set(ks) for c in poly.coeffs()):
                raise ValueError(f"H[{i}, {j}] = {entry} is not a polynomial in the momenta")
            out[i, j] = sp.expand(sum(c * sp.Mul(*[_lattice_power(k, p, d) for k, p, d in zip(ks, powers, spacings)])
                                      for powers, c in poly.terms()))
    return out


def discretize(model: Model, a: float, *, name: str | None = None) -> Model:
    """The lattice regularization of a continuum model on the cubic lattice of constant ``a``.

    Parameters
    ----------
    model : Model
        A continuum model whose Hamiltonian is a polynomial in the momenta.
    a : float
        Lattice constant [the model's length unit], > 0.
    name : str, optional
        The new model's name (default ``<name>_lattice``).

    Returns
    -------
    Model
        The same parameters, ``lattice = a`` times the unit vectors, high-symmetry points
        G, X, M (and R in 3D).
    """
    if model.lattice:
        raise ValueError(f"{model.name} is a lattice model already (lattice={model.lattice!r})")
    if not (isinstance(a, (int, float)) and not isinstance(a, bool) and np.isfinite(a) and a > 0):
        raise ValueError(f"a: the lattice constant must be a number > 0 [{model.length_unit}]; got {a!r}")
    ks = list(model.momenta)
    A = sp.nsimplify(a)
    try:
        out = regularize(sp.Matrix(model.hamiltonian), ks, [A] * len(ks))
    except ValueError as exc:
        raise ValueError(f"{model.name}: {exc}; discretize takes continuum models polynomial in k") from None
    d = len(ks)
    lattice = tuple(tuple(A if r == c else 0 for c in range(d)) for r in range(d))
    points = {"G": (0,) * d, "X": (sp.Rational(1, 2),) + (0,) * (d - 1),
              "M": (sp.Rational(1, 2),) * 2 + (0,) * (d - 2)}
    if d == 3:
        points["R"] = (sp.Rational(1, 2),) * 3
    return dataclasses.replace(
        model, name=name or f"{model.name}_lattice", hamiltonian=out,
        title=f"{model.title or model.name} on the square lattice (a = {a:g} {model.length_unit})",
        lattice=lattice, points=points, path=(), closed_forms={}, touchings=(),
        source=f"{model.source}; discretized by qsym.model.discretize (a = {a:g} {model.length_unit})")


def continuum_limit_error(continuum: Model, lattice: Model, order: int = 2):
    """The Taylor expansion of the lattice Hamiltonian to ``order`` in the momenta minus the
    continuum Hamiltonian truncated at the same order (a zero matrix when the lattice model
    returns the continuum one), by series expansion in a scaling of all momenta."""
    eps = sp.Symbol("epsilon", positive=True)
    scale = {k: eps * k for k in continuum.momenta}
    lat = sp.Matrix(lattice.hamiltonian).subs(scale, simultaneous=True)
    con = sp.Matrix(continuum.hamiltonian).subs(scale, simultaneous=True)
    diff = (lat - con).applyfunc(lambda e: sp.series(e, eps, 0, order + 1).removeO())
    return diff.applyfunc(lambda e: sp.simplify(e.subs(eps, 1)))


def hoppings(model: Model, params: dict | None = None, *, grid: int = 8, max_grid: int = 64) -> dict:
    """The hoppings ``{(n_1, ..., n_d): T (N, N)}`` of a lattice model, ``H(k) = sum T_R
    exp(i k . R)`` with ``R = sum_i n_i a_i`` [energy], at the typical parameter values updated
    by ``params``: the discrete Fourier transform on a ``grid``^d grid of the reduced cell,
    doubled until the series reproduces H at 20 random points to ``HOPPING_RTOL``. Entries
    below that (relative to the largest) are dropped."""
    from .topology import bloch_hamiltonian

    h = bloch_hamiltonian(model, params)
    B = reciprocal_vectors(model)
    A = np.array([[float(c) for c in a] for a in model.lattice], float)
    d = len(model.momenta)
    rng = np.random.default_rng(7)
    probe = rng.uniform(-0.5, 0.5, (20, d)) @ B
    want = h(probe)
    scale = float(np.max(np.abs(want))) or 1.0
    n = grid
    while True:
        q = np.arange(n) / n
        kappa = np.stack(np.meshgrid(*[q] * d, indexing="ij"), -1)
        Hk = h(kappa @ B)                                   # (n,)*d + (N, N)
        T = np.fft.fftn(Hk, axes=tuple(range(d))) / n**d    # T_R = mean_kappa H e^{-2 pi i kappa . R}
        keep = np.argwhere(np.max(np.abs(T), axis=(-2, -1)) > HOPPING_RTOL * scale * 1e-2)
        table = {}
        for idx in keep:
            R = tuple(int(i) if i < n // 2 else int(i) - n for i in idx)
            table[R] = T[tuple(idx)]
        got = sum(T_R[None] * np.exp(1j * (probe @ (np.array(R, float) @ A)))[:, None, None]
                  for R, T_R in table.items())
        err = float(np.max(np.abs(got - want))) / scale
        if err <= HOPPING_RTOL and all(abs(c) < n // 2 for R in table for c in R):
            return table
        if 2 * n > max_grid:
            raise ValueError(f"{model.name}: its Fourier series on a {n}^{d} grid reproduces H(k) only to {err:.1e}: "
                             "H is not a tight-binding model of short range (hoppings beyond "
                             f"{max_grid // 2 - 1} cells)")
        n *= 2

