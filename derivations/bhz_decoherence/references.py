"""Independent numeric routes used by checks, tests and benchmarks."""

from __future__ import annotations

import numpy as np


def drude_numeric_route(eF: float, kT: float, n_i: float, *, M: float, A: float, B: float, U: float,
                        kmax: float = 1.2, points: int = 1201) -> float:
    """Boltzmann conductivity on a 2D Cartesian k-grid, with band velocities from
    ``numpy.linalg.eigh`` and Hellmann-Feynman, both spins summed explicitly; in e^2/h.

    Independent of the angular average and of the printed velocity; the transport time is the
    printed tau_k (Eq. 10), common to both routes. Trapezoid rule on [-kmax, kmax]^2 (the
    thermal window makes the integrand vanish at the edges, so it converges spectrally).
    """
    ks = np.linspace(-kmax, kmax, points)
    h = ks[1] - ks[0]
    KX, KY = np.meshgrid(ks, ks, indexing="ij")
    total = 0.0
    for spin in (1, -1):
        H = np.zeros(KX.shape + (2, 2), complex)
        dz = M - B * (KX**2 + KY**2)
        H[..., 0, 0] = dz
        H[..., 1, 1] = -dz
        H[..., 0, 1] = spin * A * KX - 1j * A * KY
        H[..., 1, 0] = spin * A * KX + 1j * A * KY
        dHx = np.zeros_like(H)
        dHx[..., 0, 0] = -2 * B * KX
        dHx[..., 1, 1] = 2 * B * KX
        dHx[..., 0, 1] = spin * A
        dHx[..., 1, 0] = spin * A
        w, v = np.linalg.eigh(H)
        for n in range(2):
            vec = v[..., :, n]
            vx = np.real(np.einsum("...i,...ij,...j->...", vec.conj(), dHx, vec))
            En = w[..., n]
            Ek = np.abs(En)
            kk2 = KX**2 + KY**2
            nu = Ek / (2 * np.pi * np.abs(A**2 - 2 * B * (M - B * kk2)))
            tr = 1 - 3 * A**2 * kk2 / (4 * Ek**2)
            tau = 1 / (2 * np.pi * n_i * nu * U**2 * tr)
            x = (En - eF) / kT
            window = 1 / (4 * kT * np.cosh(x / 2) ** 2)
            total += np.sum(vx**2 * tau * window) * h * h
    return total / (2 * np.pi)
