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
    "clifford_matrices",
    "clifford_hamiltonian",
    "clifford_projectors",
    "interband_product",
    "projector_quantum_metric",
    "projector_berry_curvature",
    "projector_bcp",
    "clifford_quantum_metric",
    "clifford_bcp",
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


# ------------------------------------------------------------------------------------------
# N-band geometry in projector form (degenerate bands included)
# ------------------------------------------------------------------------------------------
#
# For a band (or a degenerate group of bands) n with projector P_n and energy e_n, every
# quantity below is a trace over the subspace, hence independent of the basis chosen inside
# a degenerate subspace and of any gauge. With A^i_{ab} = <a|i d_i|b>, a in n, b in m != n:
#
#   sum_{a in n, b in m} A^i_ab A^j_ba = -Tr[P_n (d_i P_m) P_m (d_j P_n)]
#   g^n_ij     = Re Tr[P_n d_i P_n d_j P_n]            (quantum metric, summed over n's states)
#   Omega^n_xy = i Tr[P_n [d_x P_n, d_y P_n]]          (Berry curvature, same convention as above)
#   G^n_ij     = 2 Re sum_{m: e_m != e_n} (sum A^i_nm A^j_mn) / (e_n - e_m)   (BCP)


def clifford_matrices(dim: int) -> tuple[sp.Matrix, ...]:
    """Mutually anticommuting Hermitian matrices squaring to 1.

    ``dim = 2``: the Pauli matrices; ``dim = 4``: five Dirac matrices
    (sigma_x tau_x, sigma_y tau_x, sigma_z tau_x, tau_y, tau_z), with sigma acting on the
    first and tau on the second factor of a Kronecker product tau (x) sigma.
    """
    if dim == 2:
        return PAULI
    if dim == 4:
        tx, ty, tz = PAULI
        kron = lambda a, b: sp.Matrix(sp.kronecker_product(a, b))  # noqa: E731
        return (kron(tx, PAULI[0]), kron(tx, PAULI[1]), kron(tx, PAULI[2]), kron(ty, sp.eye(2)),
                kron(tz, sp.eye(2)))
    raise ValueError(f"dim must be 2 or 4; got {dim}")


def clifford_hamiltonian(d0, d: Sequence, gammas: Sequence[sp.Matrix]) -> sp.Matrix:
    """``d0 * 1 + sum_a d_a Gamma_a``; bands ``d0 -+ |d|``, each ``dim/2``-fold degenerate."""
    n = gammas[0].shape[0]
    return d0 * sp.eye(n) + sum((da * g for da, g in zip(d, gammas)), sp.zeros(n))


def clifford_projectors(d: Sequence, gammas: Sequence[sp.Matrix]) -> tuple[sp.Matrix, sp.Matrix]:
    """Projectors ``(P_-, P_+) = (1 -+ d^ . Gamma)/2`` onto the lower and upper band groups."""
    norm = sp.sqrt(sum(da**2 for da in d))
    n = gammas[0].shape[0]
    dgamma = sum((da * g for da, g in zip(d, gammas)), sp.zeros(n)) / norm
    return (sp.eye(n) - dgamma) / 2, (sp.eye(n) + dgamma) / 2


def interband_product(p_n: sp.Matrix, dp_n_j: sp.Matrix, p_m: sp.Matrix, dp_m_i: sp.Matrix):
    """``sum_{a in n, b in m} A^i_ab A^j_ba = -Tr[P_n (d_i P_m) P_m (d_j P_n)]`` (n != m).

    Derivatives are passed in (``dp_m_i`` = d_i P_m, ``dp_n_j`` = d_j P_n), so that callers can
    write projectors in intermediate symbols (e.g. a unit vector and its derivatives) and keep
    the traces small (or pass ``P.diff(k)`` for plain differentiation).
    """
    return sp.expand(-(p_n * dp_m_i * p_m * dp_n_j).trace())


def projector_quantum_metric(p: sp.Matrix, dp: Sequence[sp.Matrix]) -> sp.Matrix:
    """Quantum metric ``Re Tr[P d_i P d_j P]`` of the band group with projector ``P``;
    ``dp[i]`` is d_i P."""
    n = len(dp)
    return sp.Matrix(n, n, lambda i, j: sp.re(sp.expand((p * dp[i] * dp[j]).trace())))


def projector_berry_curvature(p: sp.Matrix, dpx: sp.Matrix, dpy: sp.Matrix):
    """Berry curvature ``i Tr(P [d_x P, d_y P])`` of the band group with projector ``P``."""
    return sp.expand(sp.I * (p * (dpx * dpy - dpy * dpx)).trace())


def projector_bcp(p_n: sp.Matrix, dp_n: Sequence[sp.Matrix], e_n,
                  others: Sequence[tuple[sp.Matrix, Sequence[sp.Matrix], object]]) -> sp.Matrix:
    """Berry connection polarizability of band group n:
    ``G_ij = 2 Re sum_m interband_product_ij / (e_n - e_m)`` over the other groups
    ``others = [(P_m, dP_m, e_m), ...]`` (energies different from ``e_n``)."""
    n = len(dp_n)
    out = sp.zeros(n, n)
    for p_m, dp_m, e_m in others:
        for i in range(n):
            for j in range(n):
                out[i, j] += 2 * sp.re(interband_product(p_n, dp_n[j], p_m, dp_m[i])) / (e_n - e_m)
    return out


def clifford_quantum_metric(d: Sequence, variables: Sequence[sp.Symbol], dim: int) -> sp.Matrix:
    """Closed form for either band group of a Clifford Hamiltonian: ``(dim/8) d_i d^ . d_j d^``
    (the two-band result 1/4 d_i d^ . d_j d^ times the dim/2 degenerate states)."""
    d = sp.Matrix(d)
    norm2 = d.dot(d)
    derivs = [d.diff(v) for v in variables]
    n = len(variables)
    return sp.Matrix(n, n, lambda i, j: sp.Rational(dim, 8) * (
        derivs[i].dot(derivs[j]) / norm2 - d.dot(derivs[i]) * d.dot(derivs[j]) / norm2**2))


def clifford_bcp(d: Sequence, variables: Sequence[sp.Symbol], dim: int, band: int) -> sp.Matrix:
    """Closed-form BCP of the upper (``band=+1``) or lower (``-1``) group: ``band * g / |d|``,
    since only the other group contributes, at energy distance 2|d|."""
    norm = sp.sqrt(sum(da**2 for da in d))
    return band * clifford_quantum_metric(d, variables, dim) / norm
