r"""Band geometry of two-band Bloch Hamiltonians :math:`H = d_0 + \mathbf d\cdot\boldsymbol\sigma`.

Two kinds of results are provided, and they are independent of each other:

* **from eigenvectors** (any gauge, e.g. as printed in a paper): Berry connections
  :math:`\mathcal R^{nm}_i = \langle n|i\partial_i|m\rangle` and velocity matrix elements
  :math:`\langle n|\partial_i H|m\rangle`, by differentiation;
* **gauge-invariant closed forms** from the unit vector :math:`\hat d`: quantum metric
  :math:`g_{ij} = \tfrac14 \partial_i\hat d\cdot\partial_j\hat d` (equal to
  :math:`\mathrm{Re}\,\mathcal R^{+-}_i\mathcal R^{-+}_j`) and Berry curvature
  :math:`\Omega^{\pm}_{xy} = \mp\tfrac12\hat d\cdot(\partial_x\hat d\times\partial_y\hat d)`.

Sign convention: :math:`\Omega^n = \partial_{k_x}\mathcal A^n_y - \partial_{k_y}\mathcal A^n_x`
with :math:`\mathcal A^n = \langle n|i\nabla_k|n\rangle`; with it the Chern number of the
lower band of :math:`\mathbf d = (k_x, k_y, m - b k^2)` is :math:`(\mathrm{sgn}\,m +
\mathrm{sgn}\,b)/2`.
"""

from __future__ import annotations

from typing import Callable, Sequence

import sympy as sp

__all__ = [
    "PAULI",
    "two_band_hamiltonian",
    "band_energies",
    "standard_eigenvectors",
    "berry_connection",
    "velocity_matrix_element",
    "gauge_transform",
    "quantum_metric",
    "berry_curvature",
]

#: Pauli matrices sigma_x, sigma_y, sigma_z.
PAULI = (
    sp.Matrix([[0, 1], [1, 0]]),
    sp.Matrix([[0, -sp.I], [sp.I, 0]]),
    sp.Matrix([[1, 0], [0, -1]]),
)


def two_band_hamiltonian(d0, d: Sequence) -> sp.Matrix:
    """The 2x2 matrix ``d0 * 1 + d . sigma``."""
    return d0 * sp.eye(2) + sum((di * s for di, s in zip(d, PAULI)), sp.zeros(2))


def band_energies(d0, d: Sequence) -> tuple:
    """Band energies ``(d0 - |d|, d0 + |d|)`` (lower, upper)."""
    norm = sp.sqrt(sum(di**2 for di in d))
    return d0 - norm, d0 + norm


def standard_eigenvectors(d: Sequence) -> tuple[sp.Matrix, sp.Matrix]:
    """Normalized eigenvectors ``(u_minus, u_plus)`` in the "north-pole" gauge.

    ``u_+ = (d_z + |d|, d_x + i d_y)^T / sqrt(2|d|(|d| + d_z))`` and
    ``u_- = (d_x - i d_y, -(d_z + |d|))^T / sqrt(2|d|(|d| + d_z))``: smooth except where
    ``d`` points to the south pole (``d_x = d_y = 0``, ``d_z < 0``). ``d`` must be real.
    """
    dx, dy, dz = d
    norm = sp.sqrt(dx**2 + dy**2 + dz**2)
    n = sp.sqrt(2 * norm * (norm + dz))
    u_plus = sp.Matrix([dz + norm, dx + sp.I * dy]) / n
    u_minus = sp.Matrix([dx - sp.I * dy, -(dz + norm)]) / n
    return u_minus, u_plus


def berry_connection(u_n: sp.Matrix, u_m: sp.Matrix, derivative: Callable) -> sp.Basic:
    r"""Berry connection :math:`\langle n|i\partial|m\rangle = i\,u_n^\dagger\,\partial u_m`.

    ``derivative`` applies the partial derivative (e.g. one of
    :func:`qsym.calculus.polar_gradient`). Intraband (n = m) and interband alike.
    """
    return sp.expand((u_n.H * (sp.I * derivative(u_m)))[0, 0])


def velocity_matrix_element(u_n: sp.Matrix, dH: sp.Matrix, u_m: sp.Matrix) -> sp.Basic:
    r""":math:`\langle n|\partial_i H|m\rangle` (divide by hbar for a velocity)."""
    return sp.expand((u_n.H * dH * u_m)[0, 0])


def gauge_transform(u: sp.Matrix, phase) -> sp.Matrix:
    """The same state in another gauge: ``exp(i phase(k)) u``."""
    return sp.exp(sp.I * phase) * u


def _unit_vector_derivatives(d, variables):
    d = sp.Matrix(d)
    norm2 = d.dot(d)
    derivs = [d.diff(v) for v in variables]
    return d, norm2, derivs


def quantum_metric(d: Sequence, variables: Sequence[sp.Symbol]) -> sp.Matrix:
    r"""Quantum metric :math:`g_{ij} = \tfrac14\partial_i\hat d\cdot\partial_j\hat d` (either band).

    Written without square roots: :math:`\tfrac14[\partial_i d\cdot\partial_j d/|d|^2 -
    (d\cdot\partial_i d)(d\cdot\partial_j d)/|d|^4]`.
    """
    d, norm2, derivs = _unit_vector_derivatives(d, variables)
    n = len(variables)
    g = sp.zeros(n, n)
    for i in range(n):
        for j in range(n):
            g[i, j] = (
                derivs[i].dot(derivs[j]) / norm2
                - d.dot(derivs[i]) * d.dot(derivs[j]) / norm2**2
            ) / 4
    return g


def berry_curvature(d: Sequence, kx: sp.Symbol, ky: sp.Symbol, band: int) -> sp.Basic:
    r"""Berry curvature :math:`\Omega^{\pm}_{xy} = \mp\tfrac12\,\mathbf d\cdot(\partial_x\mathbf d
    \times\partial_y\mathbf d)/|\mathbf d|^3` of the upper (``band=+1``) or lower (``-1``) band."""
    if band not in (1, -1):
        raise ValueError("band must be +1 (upper) or -1 (lower)")
    d, norm2, (ddx, ddy) = _unit_vector_derivatives(d, (kx, ky))
    return -band * sp.Rational(1, 2) * d.dot(ddx.cross(ddy)) / norm2 ** sp.Rational(3, 2)
