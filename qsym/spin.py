"""Spin-1/2 algebra and superoperators on 2 x 2 density matrices, symbolic and numeric.

A superoperator acts on ``vec(rho)``, the column-stacked density matrix, so that
``vec(A rho B) = (B^T kron A) vec(rho)``. With this convention

- :func:`spre`, :func:`spost` are left and right multiplication,
- :func:`commutator` and :func:`anticommutator` are ``[A, .]`` and ``{A, .}``,
- :func:`dissipator` is the Lindblad term ``2 L rho L^+ - {L^+ L, rho}``.

:func:`bloch_form` rewrites a trace-preserving generator for ``rho = (1 + r.sigma)/2`` as
``dr/dt = M r + b``. The steady state is ``r = -M^{-1} b`` (:func:`steady_state`), or
numerically the trace-one null vector (:func:`steady_state_numeric`).
:func:`kossakowski_matrix` gives the GKSL coefficient matrix, which is positive
semidefinite exactly when the generator is of Lindblad form.

Everything works on ``sympy.Matrix`` and, where noted, on NumPy arrays.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

__all__ = [
    "PAULI", "SPIN", "IDENTITY", "vec", "unvec", "spre", "spost", "commutator",
    "anticommutator", "dissipator", "trace_row", "bloch_form", "steady_state",
    "steady_state_numeric", "kossakowski_matrix", "density_matrix",
]

IDENTITY = sp.eye(2)
#: Pauli matrices sigma_x, sigma_y, sigma_z.
PAULI = (
    sp.Matrix([[0, 1], [1, 0]]),
    sp.Matrix([[0, -sp.I], [sp.I, 0]]),
    sp.Matrix([[1, 0], [0, -1]]),
)
#: Spin-1/2 operators S_j = sigma_j / 2 (hbar = 1).
SPIN = tuple(p / 2 for p in PAULI)


def vec(A: sp.Matrix) -> sp.Matrix:
    """Column-stacked vector of a square matrix."""
    n = A.shape[0]
    return sp.Matrix([A[i, j] for j in range(n) for i in range(n)])


def unvec(v: sp.Matrix) -> sp.Matrix:
    """Inverse of :func:`vec`."""
    n = int(round(len(v) ** 0.5))
    return sp.Matrix(n, n, lambda i, j: v[j * n + i])


def spre(A: sp.Matrix) -> sp.Matrix:
    """Superoperator of ``rho -> A rho``."""
    return sp.kronecker_product(sp.eye(A.shape[0]), A)


def spost(A: sp.Matrix) -> sp.Matrix:
    """Superoperator of ``rho -> rho A``."""
    return sp.kronecker_product(A.T, sp.eye(A.shape[0]))


def commutator(A: sp.Matrix) -> sp.Matrix:
    """Superoperator of ``rho -> [A, rho]``."""
    return spre(A) - spost(A)


def anticommutator(A: sp.Matrix) -> sp.Matrix:
    """Superoperator of ``rho -> {A, rho}``."""
    return spre(A) + spost(A)


def dissipator(L: sp.Matrix, L_dagger: sp.Matrix | None = None) -> sp.Matrix:
    """Superoperator of ``rho -> 2 L rho L^+ - {L^+ L, rho}``.

    ``L_dagger`` may be given when ``L`` contains symbols whose conjugate SymPy cannot
    resolve (real energy integrals, say); by default it is ``L.H``.
    """
    Ld = L.H if L_dagger is None else L_dagger
    return 2 * spre(L) * spost(Ld) - anticommutator(Ld * L)


def trace_row(superop: sp.Matrix) -> sp.Matrix:
    """``vec(1)^T superop``: the rate of change of ``Tr rho``; zero for a trace-preserving
    generator."""
    n = int(round(superop.shape[0] ** 0.5))
    return (vec(sp.eye(n)).T * superop).applyfunc(sp.expand)


def _pauli_basis() -> sp.Matrix:
    return sp.Matrix.hstack(*[vec(b) for b in (IDENTITY,) + PAULI])


def bloch_form(superop: sp.Matrix) -> tuple[sp.Matrix, sp.Matrix]:
    """``(M, b)`` with ``dr/dt = M r + b`` for ``rho = (1 + r.sigma)/2``.

    Raises
    ------
    ValueError
        If the generator does not preserve the trace.
    """
    P = _pauli_basis()
    G = (P.inv() * superop * P).applyfunc(sp.expand)
    if any(sp.simplify(x) != 0 for x in G[0, :]):
        raise ValueError("bloch_form: the generator does not preserve the trace")
    return G[1:, 1:], G[1:, 0]


def density_matrix(r) -> sp.Matrix:
    """``(1 + r.sigma)/2`` for a Bloch vector ``r`` (length 3)."""
    return (IDENTITY + sum((r[i] * PAULI[i] for i in range(3)), sp.zeros(2))) / 2


def steady_state(superop: sp.Matrix) -> sp.Matrix:
    """Symbolic Bloch vector ``r = -M^{-1} b`` of the unique steady state.

    Raises
    ------
    ValueError
        If ``M`` is singular (the steady state is not unique).
    """
    M, b = bloch_form(superop)
    if sp.simplify(M.det()) == 0:
        raise ValueError("steady_state: the Bloch matrix is singular; the steady state is not unique")
    return (-M.LUsolve(b)).applyfunc(sp.factor)


def steady_state_numeric(superop) -> np.ndarray:
    """Trace-one steady state of a numeric ``n^2 x n^2`` generator (column-stacked vec).

    The null vector of ``superop`` is found by replacing one row of the linear system with
    the trace condition, so the result is exactly normalized.

    Returns
    -------
    numpy.ndarray
        The ``n x n`` density matrix.
    """
    L = np.asarray(superop, dtype=complex)
    n = int(round(L.shape[0] ** 0.5))
    A = L.copy()
    A[0, :] = np.eye(n).reshape(-1, order="F")
    rhs = np.zeros(n * n, dtype=complex)
    rhs[0] = 1.0
    rho = np.linalg.solve(A, rhs).reshape(n, n, order="F")
    return (rho + rho.conj().T) / 2


def kossakowski_matrix(superop: sp.Matrix) -> sp.Matrix:
    """GKSL coefficient matrix ``K_ij`` of a 2-level generator.

    Writing ``L rho = sum_{ij} c_ij F_i rho F_j^+`` in the orthonormal basis
    ``F = (1, sigma_x, sigma_y, sigma_z)/sqrt 2``, ``K = c[1:, 1:]``. A Hermiticity- and
    trace-preserving generator is of Lindblad form iff ``K`` is positive semidefinite.
    """
    F = [b / sp.sqrt(2) for b in (IDENTITY,) + PAULI]
    c = sp.zeros(4)
    for i in range(4):
        for j in range(4):
            basis = sp.kronecker_product(F[j].conjugate(), F[i])  # vec(F_i rho F_j^+)
            c[i, j] = sp.expand((basis.H * superop).trace())
    return c[1:, 1:]
