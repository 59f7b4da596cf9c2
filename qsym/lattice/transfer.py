r"""Transfer-matrix method for quasi-1D bars (MacKinnon & Kramer; paper 004, Eqs. 8-9).

A bar is a chain of slices with slice Hamiltonians :math:`H_{n,n}` (m x m) and a uniform
hopping :math:`H_{n,n+1} = T` (invertible). At energy E the wave function obeys

.. math::

    \begin{pmatrix}\psi_{n+1}\\ \psi_n\end{pmatrix} =
    \begin{pmatrix} T^{-1}(E - H_{n,n}) & -T^{-1}T^\dagger \\ 1 & 0\end{pmatrix}
    \begin{pmatrix}\psi_n\\ \psi_{n-1}\end{pmatrix}.

The product of transfer matrices is applied to an orthonormal block of ``n_exponents``
vectors, re-orthonormalized by QR every ``qr_every`` slices (accumulated round-off would
otherwise collapse the block onto the fastest-growing direction); the logs of the diagonal
of R accumulate the Lyapunov exponents :math:`\gamma_i` (per slice). Many independent bars
are propagated at once (a batch), so the Python loop runs over slices only. The localization
length is :math:`\lambda = 1/\gamma_{\min}` (in slices) with :math:`\gamma_{\min}` the smallest
positive exponent; :math:`\Lambda = \lambda/L_\perp` is the normalized length. The statistical
error is the spread of the exponents over independent segments and bars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inputs import finite_energy, hermitian_matrix

__all__ = ["LyapunovResult", "lyapunov_exponents"]


@dataclass(frozen=True)
class LyapunovResult:
    """Lyapunov exponents per slice, largest first, with their standard errors.

    ``exponents`` and ``errors`` have shape (n_exponents,); ``slices`` is the total number
    of slices propagated (bars x length); ``localization_length`` is 1/gamma_min in slices,
    gamma_min the smallest exponent tracked (the smallest positive one when n_exponents = m).
    """

    exponents: np.ndarray
    errors: np.ndarray
    slices: int

    @property
    def localization_length(self) -> float:
        return 1.0 / float(self.exponents[-1])

    @property
    def localization_length_error(self) -> float:
        return float(self.errors[-1]) / float(self.exponents[-1]) ** 2


def _validate(H0, hop, n_slices, qr_every, segments, n_exponents, bars, W, orbitals, energy):
    m = hermitian_matrix("H0 (the clean slice Hamiltonian)", H0, rtol=1e-10)
    if hop.shape != (m, m) or not np.all(np.isfinite(hop)):
        raise ValueError(f"hop must be a finite square matrix of the size of H0; got {hop.shape} and {H0.shape}")
    scale = float(np.max(np.abs(H0), initial=0.0) + np.max(np.abs(hop), initial=0.0)) * m
    finite_energy("energy", energy, scale=scale)
    if np.ndim(energy) != 0:
        raise ValueError(f"energy must be one number; got shape {np.shape(energy)}")
    if np.linalg.matrix_rank(hop) < m:
        raise ValueError("hop (the slice-to-slice hopping) must be invertible")
    for name, value, low in (("n_slices", n_slices, 1), ("qr_every", qr_every, 1), ("segments", segments, 1),
                             ("bars", bars, 1), ("orbitals", orbitals, 1)):
        if int(value) != value or value < low:
            raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    if not 1 <= n_exponents <= 2 * m:
        raise ValueError(f"n_exponents must be in [1, {2 * m}]; got {n_exponents!r}")
    if n_slices % (segments * qr_every):
        raise ValueError(f"n_slices ({n_slices}) must be a multiple of segments x qr_every "
                         f"({segments} x {qr_every})")
    if m % orbitals:
        raise ValueError(f"the slice size {m} is not a multiple of orbitals = {orbitals}")
    if isinstance(W, (bool, np.bool_)) or not (np.isfinite(W) and W >= 0):
        raise ValueError(f"W (disorder strength) must be finite and >= 0; got {W!r}")
    for name, value in (("n_slices", n_slices), ("qr_every", qr_every), ("segments", segments), ("bars", bars),
                        ("orbitals", orbitals)):
        if isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be an integer; got {value!r}")


def lyapunov_exponents(H0, hop, energy: float, n_slices: int, *, W: float = 0.0, orbitals: int = 1,
                       bars: int = 1, n_exponents: int | None = None, qr_every: int = 5, segments: int = 10,
                       seed: int = 0) -> LyapunovResult:
    """Lyapunov exponents of a disordered bar at ``energy``.

    Parameters
    ----------
    H0 : array (m, m)
        Clean slice Hamiltonian [energy].
    hop : array (m, m)
        Hopping H_{n,n+1} from slice n+1 to slice n, invertible [energy].
    energy : float
        E [energy]: finite, and within 1e6 times the slice matrices' energy scale.
    n_slices : int
        Length of each bar (a multiple of ``segments x qr_every``).
    W : float
        Anderson disorder: u uniform in [-W/2, W/2] per site, the same on its ``orbitals``.
    bars : int
        Independent bars propagated together (a batch); the statistics use all of them.
    n_exponents : int, optional
        How many of the largest exponents to track (default m: the positive half).
    qr_every, segments, seed : int
        QR interval; independent segments for the error estimate; random seed.
    """
    H0, hop = np.asarray(H0, dtype=complex), np.asarray(hop, dtype=complex)
    m = H0.shape[0]
    k = m if n_exponents is None else n_exponents
    _validate(H0, hop, n_slices, qr_every, segments, k, bars, W, orbitals, energy)
    hinv = np.linalg.inv(hop)
    back = -hinv @ hop.conj().T
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.standard_normal((bars, 2 * m, k)) + 0j)[0]
    per_segment = np.zeros((segments, bars, k))
    steps = n_slices // segments
    for seg in range(segments):
        for n in range(steps):
            top, bottom = Q[:, :m], Q[:, m:]
            new = hinv @ ((energy * np.eye(m) - H0) @ top) + back @ bottom
            if W > 0:
                u = np.repeat(rng.uniform(-W / 2, W / 2, (bars, m // orbitals)), orbitals, axis=1)
                new -= hinv @ (u[:, :, None] * top)
            Q = np.concatenate([new, top], axis=1)
            if (n + 1) % qr_every == 0:
                Q, R = np.linalg.qr(Q)
                per_segment[seg] += np.log(np.abs(np.diagonal(R, axis1=1, axis2=2)))
    gammas = per_segment / steps                      # (segments, bars, k)
    samples = gammas.reshape(-1, k)
    order = np.argsort(-samples.mean(axis=0))
    mean = samples.mean(axis=0)[order]
    err = samples.std(axis=0, ddof=1)[order] / np.sqrt(samples.shape[0]) if samples.shape[0] > 1 else np.zeros(k)
    return LyapunovResult(mean, err, n_slices * bars)
