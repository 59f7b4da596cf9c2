"""Independent numeric routes (checks, tests, benchmarks): the toy model by numpy eigh plus
perturbation sums (what Wannier-interpolation codes do), sigma^qm on a uniform k-grid, and the
Fermi-sea form of Eq. (13) summed on a grid."""

from __future__ import annotations

import numpy as np
import sympy as sp

from .parameters import FIG2
from .symbols import TABLE1, b, kx, ky, m, t, v

def _pauli_np():
    s0 = np.eye(2)
    sx = np.array([[0, 1], [1, 0]], complex)
    sy = np.array([[0, -1j], [1j, 0]])
    sz = np.diag([1.0, -1.0]).astype(complex)
    return s0, sx, sy, sz


def toy_hamiltonian_numeric(kx_, ky_, v_, m_, b_, t_):
    """Eq. (20) as a stack of 4 x 4 arrays (shape (..., 4, 4)), with dH/dkx and dH/dky."""
    s0, sx, sy, sz = _pauli_np()
    txsx, txsy, tz = np.kron(sx, sx), np.kron(sx, sy), np.kron(sz, s0)
    kx_ = np.asarray(kx_, float)[..., None, None]
    ky_ = np.asarray(ky_, float)[..., None, None]
    mass = m_ - b_ * (kx_**2 + ky_**2) + t_ * kx_
    H = v_ * (kx_ * txsx + ky_ * txsy) + mass * tz
    dHx = v_ * txsx + (-2 * b_ * kx_ + t_) * tz
    dHy = v_ * txsy + (-2 * b_ * ky_) * tz
    return H, dHx, dHy


def eigh_geometry(kx_, ky_, v_, m_, b_, t_, pair: str = "upper"):
    """Energy, velocity, quantum metric, BCP and Berry curvature of a band pair by numpy eigh.

    A^i_nm = i <n|d_i H|m> / (e_m - e_n) for e_m != e_n; every quantity summed over the
    two states of the pair (gauge invariant). Returns a dict of arrays; metric and BCP have
    a last axis (xx, xy, yy), the velocity (d eps/dkx, d eps/dky) in eV nm. ``pair="both"``
    returns ``{"upper": ..., "lower": ...}`` from one diagonalization.
    """
    H, dHx, dHy = toy_hamiltonian_numeric(kx_, ky_, v_, m_, b_, t_)
    w, U = np.linalg.eigh(H)
    Uh = np.conj(np.swapaxes(U, -1, -2))
    vx, vy = Uh @ dHx @ U, Uh @ dHy @ U
    gap = w[..., None, :] - w[..., :, None]  # e_m - e_n
    with np.errstate(divide="ignore", invalid="ignore"):
        Ax = np.where(np.abs(gap) > 1e-12, 1j * vx / gap, 0)
        Ay = np.where(np.abs(gap) > 1e-12, 1j * vy / gap, 0)
    comps = ((Ax, Ax), (Ax, Ay), (Ay, Ay))
    out = {}
    for name, own, other in (("upper", (2, 3), (0, 1)), ("lower", (0, 1), (2, 3))):
        if pair not in (name, "both"):
            continue
        g = np.zeros(w.shape[:-1] + (3,))
        G = np.zeros_like(g)
        omega = np.zeros(w.shape[:-1])
        for n in own:
            for mm in other:
                for c, (Ai, Aj) in enumerate(comps):
                    prod = (Ai[..., n, mm] * Aj[..., mm, n]).real
                    g[..., c] += prod
                    G[..., c] += 2 * prod / (w[..., n] - w[..., mm])
                omega += -2 * (Ax[..., n, mm] * Ay[..., mm, n]).imag
        a, c = own
        vel = np.stack([vx[..., a, a].real + vx[..., c, c].real, vy[..., a, a].real + vy[..., c, c].real], -1) / 2
        out[name] = {"energy": w[..., a], "velocity": vel, "metric": g, "bcp": G, "curvature": omega}
    if pair == "both":
        return out
    if pair not in out:
        raise ValueError(f"pair must be 'upper', 'lower' or 'both'; got {pair!r}")
    return out[pair]


def _tensor(arr3, i, j):
    """Entry (i, j) of a symmetric 2x2 tensor stored as (xx, xy, yy) on the last axis."""
    return arr3[..., {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 2}[i, j]]


def numeric_sigma_qm_grid(ijk, eF_, kT_, v_, m_, b_, t_, theory="WPD", spacing: float = 0.005,
                          half_width: float | None = None):
    """The route a user would write: sigma^qm (e^3/hbar nm/eV) from numpy eigh on a uniform
    Cartesian k-grid, both pairs, Fermi-surface form with f0' at kT > 0 (trapezoid rule,
    exponentially convergent because the integrand is analytic and decays: at kT = 0.01 eV
    spacing 0.005 nm^-1 is converged to 2e-10, 0.008 only to 3e-6).

    ``eF_`` may be an array; geometry is computed once and reused for every eF. ``ijk`` and
    ``theory`` may be sequences of equal length (rows sharing one diagonalization); the
    result then has one leading axis per row.
    """
    from qsym.runtime import fermi_window
    rows = list(zip(ijk, theory)) if not isinstance(ijk, str) else [(ijk, theory)]
    eF_ = np.atleast_1d(np.asarray(eF_, float))
    if half_width is None:
        emax = float(np.max(np.abs(eF_))) + 40 * kT_
        half_width = 1.1 * (np.sqrt(emax / b_) + abs(t_) / b_) + 0.2
    q = np.arange(-half_width, half_width + spacing / 2, spacing)
    KX, KY = np.meshgrid(q, q, indexing="ij")
    total = np.zeros((len(rows),) + eF_.shape)
    for geo in eigh_geometry(KX, KY, v_, m_, b_, t_, "both").values():
        ve, G = geo["velocity"], geo["bcp"]
        energy = geo["energy"].ravel()
        windows = [fermi_window(energy - mu, kT_) for mu in eF_]
        for r, (ijk_r, theory_r) in enumerate(rows):
            a, bb = (float(x) for x in TABLE1[theory_r])
            i, j, k = ("xy".index(c) for c in ijk_r)
            lam_ = a * ve[..., i] * _tensor(G, j, k) - bb * (ve[..., j] * _tensor(G, i, k) + ve[..., k] * _tensor(G, i, j))
            lam_ = lam_.ravel()
            for n, win in enumerate(windows):
                total[r, n] += -np.dot(lam_, win)
    total *= spacing**2 / (4 * np.pi**2)
    return total[0] if isinstance(ijk, str) else total


def numeric_sigma_drude_grid(ijk, eF_, kT_, v_, m_, b_, t_, spacing: float = 0.005, half_width: float = 1.6):
    """Nonlinear Drude conductivity of Eq. (11) at tau = 1 hbar/eV (e^3/hbar nm/eV) by numpy
    eigh on a uniform k-grid: d_jk eps = <n|d_jk H|n> + 2 Re sum_m <n|d_j H|m><m|d_k H|n>/(e_n - e_m)
    (m in the other pair) times d_i eps = <n|d_i H|n>, summed over the two states of each pair
    (Eq. 11 sums over every band), against f0' (both pairs). At kT = 0.01 eV spacing 0.005 nm^-1
    is converged like :func:`numeric_sigma_qm_grid`."""
    from qsym.runtime import fermi_window
    eF_ = np.atleast_1d(np.asarray(eF_, float))
    q = np.arange(-half_width, half_width + spacing / 2, spacing)
    KX, KY = np.meshgrid(q, q, indexing="ij")
    H, dHx, dHy = toy_hamiltonian_numeric(KX, KY, v_, m_, b_, t_)
    w, U = np.linalg.eigh(H)
    Uh = np.conj(np.swapaxes(U, -1, -2))
    dH = [Uh @ dHx @ U, Uh @ dHy @ U]
    tz = np.kron(np.diag([1.0, -1.0]), np.eye(2))
    d2 = Uh @ (-2 * b_ * tz) @ U                     # d_xx H = d_yy H = -2 b tau_z, d_xy H = 0
    i, j, k = ("xy".index(c) for c in ijk)
    total = np.zeros(eF_.size)
    for own, other in (((2, 3), (0, 1)), ((0, 1), (2, 3))):
        hess = 0
        vel = 0
        for n in own:
            hess = hess + (d2[..., n, n].real if j == k else 0)
            for mm in other:
                hess = hess + 2 * (dH[j][..., n, mm] * dH[k][..., mm, n]).real / (w[..., n] - w[..., mm])
            vel = vel + dH[i][..., n, n].real
        integrand = 2 * (hess / 2) * (vel / 2)        # two states, each with the pair's d_jk eps and d_i eps
        for n_, mu in enumerate(eF_):
            total[n_] -= np.sum(integrand * fermi_window(w[..., own[0]] - mu, kT_))
    return total * spacing**2 / (4 * np.pi**2)


def fermi_sea_sigma(expr, band_energy, eF_, kT_, spacing=0.004, half_width=1.6):
    """Eq. (13) directly: -(1/4 pi^2) int d^2k [d_i G^jk - ...] f0 on a uniform grid.

    The lower pair: f0(-eps - eF) = 1 - f0(eps + eF), and the integral of a total derivative
    over the plane vanishes, so only -int (...)_lower f0(eps + eF) remains (exponentially
    small for eF > 0 but kept); its integrand is the upper one with G -> -G. ``eF_`` may be a
    sequence: the integrand is evaluated once for all Fermi energies."""
    from qsym.runtime import fermi
    fn = sp.lambdify((kx, ky, v, m, b, t), expr, "numpy")
    en = sp.lambdify((kx, ky, v, m, b, t), band_energy, "numpy")
    q = np.arange(-half_width, half_width + spacing / 2, spacing)
    KX, KY = np.meshgrid(q, q, indexing="ij")
    pars = tuple(FIG2.values())
    X, Eup = fn(KX, KY, *pars), en(KX, KY, *pars)
    out = []
    for mu in np.atleast_1d(eF_):
        occ_upper = fermi(Eup - mu, kT_)
        occ_lower_holes = fermi(Eup + mu, kT_)  # 1 - f0(-eps - eF)
        total = np.sum(X * (occ_upper + occ_lower_holes))  # lower: (-X) * (-holes)
        out.append(float(total) * spacing**2 / (4 * np.pi**2))
    return out if np.ndim(eF_) else out[0]
