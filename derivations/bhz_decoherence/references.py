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


def _ring_states(k: float, M: float, A: float, B: float, spin: int, N: int):
    """Eigenpairs of H_s on the ring |k| = k at N angles, by numpy eigh (columns: +, -), and
    the Cartesian derivatives of H_s."""
    th = 2 * np.pi * np.arange(N) / N
    kx, ky = k * np.cos(th), k * np.sin(th)
    H = np.zeros((N, 2, 2), complex)
    dz = M - B * k**2
    H[:, 0, 0], H[:, 1, 1] = dz, -dz
    H[:, 0, 1] = spin * A * kx - 1j * A * ky
    H[:, 1, 0] = spin * A * kx + 1j * A * ky
    w, v = np.linalg.eigh(H)
    states = v[:, :, ::-1]  # columns (+, -)
    dHx = np.zeros((N, 2, 2), complex)
    dHx[:, 0, 0], dHx[:, 1, 1] = -2 * B * kx, 2 * B * kx
    dHx[:, 0, 1] = dHx[:, 1, 0] = spin * A
    dHy = np.zeros((N, 2, 2), complex)
    dHy[:, 0, 0], dHy[:, 1, 1] = -2 * B * ky, 2 * B * ky
    dHy[:, 0, 1], dHy[:, 1, 0] = -1j * A, 1j * A
    return th, w[:, ::-1], states, dHx, dHy


def interband_coherence_on_ring(k: float, *, M: float, A: float, B: float, U: float, n_i: float, spin: int,
                                element: tuple = (0, 1), N: int = 16) -> dict:
    """The steady interband coherence of one spin sector on the ring |k'| = |k|, solved
    numerically from the Born collision integral (numpy eigenvectors, no symbolic algebra).

    Unknowns X_j = delta rho^{m m''}(theta_j) / (-e E_x (f_m - f_m'')) on N angles; equation
    i (eps_m - eps_m'') X_j + pi n_i U^2 nu [(|O^{mm}|^2 + |O^{m''m''}|^2) X_j
    - 2 O^{mm}_{jl} X_l O^{m''m''}_{lj}]_avg = i R^{m m''}_x(theta_j), the ring average by the
    trapezoid rule (exact: the summands are trigonometric polynomials of degree <= 3). The
    result is fitted to t_par R.x^ + t_perp R.(x^ x z^) by least squares; returns t_par,
    t_perp (tau/hbar in 1/eV), the residual of the fit and nu_k.
    """
    a, b = element
    _, w, u, dHx, dHy = _ring_states(k, M, A, B, spin, N)
    ea, eb = w[0, a], w[0, b]
    # Berry connection from the velocity: <a|dH/dk_i|b> = i (eps_a - eps_b) R^{ab}_i  (hbar = 1)
    Rx = np.einsum("ji,jik,jk->j", u[:, :, a].conj(), dHx, u[:, :, b]) / (1j * (ea - eb))
    Ry = np.einsum("ji,jik,jk->j", u[:, :, a].conj(), dHy, u[:, :, b]) / (1j * (ea - eb))
    # density of states of the band on this ring: k / (2 pi |dE/dk|), dE/dk by Hellmann-Feynman
    dEdk = np.real(np.einsum("i,ik,k->", u[0, :, 0].conj(), dHx[0], u[0, :, 0]))  # theta = 0: d/dk = d/dkx
    nu = k / (2 * np.pi * abs(dEdk))
    O = np.einsum("jia,lib->jlab", u.conj(), u)  # O[j, l, m, m'] = <u_j^m | u_l^m'>
    rate = np.pi * n_i * U**2 * nu
    local = (np.abs(O[:, :, a, a]) ** 2 + np.abs(O[:, :, b, b]) ** 2).mean(axis=1)
    kernel = O[:, :, a, a] * O.transpose(1, 0, 2, 3)[:, :, b, b]  # O^{aa}_{jl} O^{bb}_{lj}
    system = np.diag(1j * (ea - eb) + rate * local) - 2 * rate * kernel / N
    X = np.linalg.solve(system, 1j * Rx)
    basis = np.stack([Rx, -Ry], axis=1)  # R.x^ and R.(x^ x z^) = -R_y
    (t_par, t_perp), *_ = np.linalg.lstsq(basis, X, rcond=None)
    residual = float(np.max(np.abs(basis @ np.array([t_par, t_perp]) - X)) / np.max(np.abs(X)))
    return {"t_par": complex(t_par), "t_perp": complex(t_perp), "residual": residual, "nu": nu,
            "delta": float(ea - eb)}
