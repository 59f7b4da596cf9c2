r"""Self-consistent Born approximation of a disordered layered film, and its Hall conductance
by the Kubo-Bastin formula (paper 004, Methods "Effective medium theory", Eq. 10).

**Self-energy.** Anderson disorder :math:`u_r` (uniform in [-W/2, W/2], variance
:math:`W^2/12`, the same on every orbital of a site) restores translation invariance in the
plane on average. In the SCBA the retarded self-energy is local, hence diagonal in the layers
but a full o x o matrix in each layer:

.. math::

    \Sigma_{i}(E) = \frac{W^2}{12} \int_{BZ}\frac{d^2k}{(2\pi)^2}\,
    \big[(E - H(k) - \Sigma(E))^{-1}\big]_{ii}.

The layer-diagonal blocks of the Green's function are computed by the recursive (block
tridiagonal) Green's function in z, vectorized over k; the k-integral by the split quadrature
of :mod:`qsym.lattice.brillouin`, whose radial panels are clustered at the Fermi crossings of
the effective Hamiltonian :math:`H(k) + \Sigma` at the scale of their broadening. The fixed
point is found by Anderson (Pulay) mixing, or by linear mixing on request; after each step
the anti-Hermitian part of each :math:`\Sigma_i` is projected onto the negative semidefinite
matrices (the retarded branch).

**Hall conductance.** With the self-energy frozen at :math:`\Sigma(E_F)` (as in the paper),
:math:`G^R(\epsilon) = (\epsilon - H_{\rm eff})^{-1}` with :math:`H_{\rm eff} = H + \Sigma`
non-Hermitian. In its biorthogonal eigenbasis,
:math:`G^R = \sum_n |R_n\rangle\langle L_n|/(\epsilon - E_n)`, and the energy integral of
Eq. (10) at T = 0 is done in closed form: with :math:`X = L v_x R`, :math:`Y = L v_y R`,
:math:`X' = R^\dagger v_x R`, :math:`Y' = L v_y L^\dagger`,

.. math::

    \sigma_{xy} = \frac{e^2}{h}\int\frac{d^2k}{(2\pi)^2}\, 2\,\mathrm{Re}\sum_{nm}
    \big[X'_{mn}Y'_{nm}F(E_n, E_m^*) - X_{mn}Y_{nm}F(E_n, E_m)\big],\qquad
    F(a, b) = \int_{-\infty}^{E_F}\frac{d\epsilon}{(\epsilon - a)^2(\epsilon - b)},

because the second term of Eq. (10) is minus the complex conjugate of the first. In the clean
limit this is :math:`\sum_n f_n C_n`, the paper's sign (Eq. 4 as printed); qsym's convention
(electrons of charge -e, see :mod:`qsym.lattice.kubo`) is its negative and is the default.
Energies in the unit of H (eV), k in inverse lattice constants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .brillouin import ZoneQuadrature, radial_breakpoints, zone_quadrature
from .kubo import _sign
from .layered import LayeredFilm

__all__ = ["disorder_variance", "SelfEnergy", "layer_green_functions", "born_self_energy", "self_consistent_born", "film_quadrature",
           "bastin_energy_integral", "kubo_bastin", "renormalized_parameters"]

#: Largest dimension of H(k) (layers x orbitals) the dense Kubo-Bastin route accepts.
MAX_SIZE = 400


@dataclass(frozen=True)
class SelfEnergy:
    """A converged (or not) SCBA self-energy.

    ``sigma`` (Lz, o, o) [energy] per layer; ``iterations`` done; ``residuals`` the relative
    change per iteration; ``k_error`` the largest change of sigma between the quadrature used
    and the refined one (the k-integration error estimate, energy units).
    """

    sigma: np.ndarray
    energy: float
    W: float
    iterations: int
    converged: bool
    residuals: list = field(default_factory=list)
    k_error: float = float("nan")
    k_points: int = 0

    @property
    def broadening(self) -> np.ndarray:
        """eta_i = -Im Tr(Sigma_i)/o per layer [energy], >= 0."""
        return -np.imag(np.trace(self.sigma, axis1=1, axis2=2)) / self.sigma.shape[1]



def disorder_variance(W: float) -> float:
    """<u^2> of Anderson disorder uniform in [-W/2, W/2] (paper 004's definition): W^2/12 [eV^2].
    The SCBA's only use of W; the semimagnetic_lattice derivation checks it, and the generated
    film's disorder, against that definition."""
    return W**2 / 12

def _check(film: LayeredFilm, energy: float, W: float) -> None:
    if not isinstance(film, LayeredFilm):
        raise TypeError(f"film must be a qsym.lattice.LayeredFilm; got {type(film).__name__}")
    if not np.isfinite(energy):
        raise ValueError(f"energy must be finite; got {energy!r}")
    if not (np.isfinite(W) and W >= 0):
        raise ValueError(f"W (disorder strength) must be finite and >= 0; got {W!r}")


def layer_green_functions(film: LayeredFilm, energy: complex, sigma: np.ndarray, k: np.ndarray) -> np.ndarray:
    """(n, Lz, o, o): the layer-diagonal blocks of (E - H(k) - Sigma)^(-1) by the recursive
    Green's function in z (left- and right-connected blocks)."""
    D = energy * np.eye(film.orbitals) - film.layer_hamiltonian(k) - sigma[None]
    T, Td = np.asarray(film.hop_z), np.conj(film.hop_z).T
    Lz = film.layers
    left, right = [None] * Lz, [None] * Lz
    left[0] = np.linalg.inv(D[:, 0])
    for i in range(1, Lz):
        left[i] = np.linalg.inv(D[:, i] - Td @ left[i - 1] @ T)
    right[Lz - 1] = np.linalg.inv(D[:, Lz - 1])
    for i in range(Lz - 2, -1, -1):
        right[i] = np.linalg.inv(D[:, i] - T @ right[i + 1] @ Td)
    G = np.empty_like(D)
    for i in range(Lz):
        M = D[:, i].copy()
        if i > 0:
            M -= Td @ left[i - 1] @ T
        if i + 1 < Lz:
            M -= T @ right[i + 1] @ Td
        G[:, i] = np.linalg.inv(M)
    return G


def film_quadrature(film: LayeredFilm, energy: float, sigma: np.ndarray, *, refine: int = 1,
                    r_outer: float = 2.0, **options) -> ZoneQuadrature:
    """The zone quadrature for the film at ``energy``: radial panels clustered at the crossings of
    Re E_n(k) = energy of H(k) + Sigma along two rays (0 and 45 degrees), at widths
    |Im E_n|/|dE_n/dk| (at least 1e-6 x r_outer)."""
    r = np.unique(np.concatenate([np.geomspace(1e-5, r_outer, 150), np.linspace(0, r_outer, 150)]))
    crossings, widths = [], []
    blocks = np.zeros((film.size, film.size), complex)
    o = film.orbitals
    for i in range(film.layers):
        blocks[i * o:(i + 1) * o, i * o:(i + 1) * o] = sigma[i]
    for angle in (0.0, np.pi / 4):
        k = np.stack([r * np.cos(angle), r * np.sin(angle)], 1)
        E = np.linalg.eigvals(film.hamiltonian(k) + blocks)
        E = np.take_along_axis(E, np.argsort(E.real, axis=1), axis=1)
        below = E.real < energy
        for j in range(E.shape[1]):
            for s in np.nonzero(below[1:, j] != below[:-1, j])[0]:
                e0, e1 = E[s, j].real - energy, E[s + 1, j].real - energy
                t = e0 / (e0 - e1)
                rc = r[s] + t * (r[s + 1] - r[s])
                slope = abs(e1 - e0) / (r[s + 1] - r[s])
                eta = abs((1 - t) * E[s, j].imag + t * E[s + 1, j].imag)
                crossings.append(rc)
                widths.append(min(max(eta / max(slope, 1e-12), 1e-6 * r_outer), 0.1 * r_outer))
    br = radial_breakpoints(r_outer, crossings, widths)
    return zone_quadrature(br, r_outer=r_outer, refine=refine, **options)


def _retarded(sigma: np.ndarray) -> np.ndarray:
    """Project each layer's anti-Hermitian part onto the negative semidefinite matrices."""
    herm = 0.5 * (sigma + np.conj(np.swapaxes(sigma, 1, 2)))
    anti = (sigma - np.conj(np.swapaxes(sigma, 1, 2))) / 2j
    e, v = np.linalg.eigh(anti)
    anti = np.einsum("lij,lj,lkj->lik", v, np.minimum(e, 0.0), np.conj(v))
    return herm + 1j * anti


def _local_green(film, energy, sigma, quad: ZoneQuadrature, chunk: int = 4096, c2=None) -> np.ndarray:
    """The k-average of the layer-diagonal blocks of G; with ``c2`` (a unitary U with
    H(-k) = U H(k) U^+ block by block) ``quad`` covers half the zone and the other half is
    U G U^+."""
    out = 0
    for s in range(0, len(quad), chunk):
        G = layer_green_functions(film, energy, sigma, quad.k[s:s + chunk])
        out = out + np.einsum("n,nlab->lab", quad.w[s:s + chunk], G)
    if c2 is not None:
        out = 0.5 * (out + c2 @ out @ np.conj(c2).T)
    return out


def _check_c2(film: LayeredFilm, U) -> np.ndarray:
    """U as an array, after checking that it maps H(k) to H(-k) and commutes with T_z."""
    U = np.asarray(U, complex)
    if U.shape != (film.orbitals,) * 2 or not np.allclose(U @ np.conj(U).T, np.eye(film.orbitals)):
        raise ValueError(f"c2_unitary must be a unitary {film.orbitals} x {film.orbitals} matrix")
    k = np.array([[0.37, -1.21]])
    ok = np.allclose(film.layer_hamiltonian(-k), U @ film.layer_hamiltonian(k) @ np.conj(U).T, atol=1e-12)
    ok &= np.allclose(U @ film.hop_z @ np.conj(U).T, film.hop_z, atol=1e-12)
    if not ok:
        raise ValueError("c2_unitary is not a symmetry of the film: H(-k) != U H(k) U^+ or U T_z U^+ != T_z")
    return U


def born_self_energy(film: LayeredFilm, energy: float, W: float, quad: ZoneQuadrature,
                     broadening: float = 0.0) -> np.ndarray:
    """Second-order Born self-energy (W^2/12) [G_0(E + i broadening)]_ii, from the eigenvectors
    of the clean H(k) (numpy eigh): an independent route to the weak-disorder limit of the SCBA."""
    _check(film, energy, W)
    out = np.zeros((film.layers, film.orbitals, film.orbitals), complex)
    for s in range(0, len(quad), 2048):
        e, v = np.linalg.eigh(film.hamiltonian(quad.k[s:s + 2048]))
        v = v.reshape(v.shape[0], film.layers, film.orbitals, -1)
        g = 1.0 / (energy + 1j * broadening - e)
        out += np.einsum("n,nlam,nm,nlbm->lab", quad.w[s:s + 2048], v, g, np.conj(v))
    return disorder_variance(W) * out


def self_consistent_born(film: LayeredFilm, energy: float, W: float, *, mixing: str = "anderson",
                         tol: float = 1e-9, max_iter: int = 300, history: int = 6, beta: float = 0.5,
                         start: np.ndarray | None = None, requadrature: int = 10, c2_unitary=None,
                         **quad_options) -> SelfEnergy:
    """The SCBA self-energy Sigma_i(E) of the film with Anderson disorder W (module docstring).

    Parameters
    ----------
    film : LayeredFilm
        The clean film [energies in eV].
    energy : float
        E, usually the Fermi energy [eV].
    W : float
        Disorder strength [eV], >= 0 (variance W^2/12).
    mixing : {"anderson", "linear"}
        Anderson (Pulay) mixing of the last ``history`` iterates, or plain linear mixing.
    tol : float
        Stop when |Sigma_new - Sigma| <= tol x max(|Sigma_new|, 1e-3 eV x W^2/12) (max norms).
    max_iter, beta : int, float
        At most ``max_iter`` iterations; mixing parameter beta (fraction of the new iterate).
    start : array (Lz, o, o), optional
        Initial self-energy (default -i 1e-3 eV W^2/12 per orbital: a retarded seed).
    requadrature : int
        Rebuild the k-quadrature from the current Sigma every ``requadrature`` iterations.
    c2_unitary : array (o, o), optional
        A unitary U with H(-k) = U H(k) U^+ (a two-fold rotation about z): the k-sum runs over
        half the zone, the other half is U G U^+ (half the cost). Checked before use.

    The k-integration error is estimated at the end by one evaluation on the refined quadrature
    (``refine=2``): ``k_error`` is the largest change of the map's output.
    """
    _check(film, energy, W)
    if mixing not in ("anderson", "linear"):
        raise ValueError(f"mixing must be 'anderson' or 'linear'; got {mixing!r}")
    if not 0 < beta <= 1:
        raise ValueError(f"beta must be in (0, 1]; got {beta!r}")
    variance = disorder_variance(W)
    shape = (film.layers, film.orbitals, film.orbitals)
    if W == 0:
        return SelfEnergy(np.zeros(shape, complex), energy, W, 0, True, [], 0.0, 0)
    x = (np.asarray(start, complex) if start is not None
         else -1j * 1e-3 * max(variance, 1e-6) * np.broadcast_to(np.eye(film.orbitals), shape))
    scale = max(1e-3 * variance, 1e-300)
    U = None if c2_unitary is None else _check_c2(film, c2_unitary)
    if U is not None:
        quad_options = {**quad_options, "c2": True}
    quad = film_quadrature(film, energy, x, **quad_options)
    X, R, residuals, converged = [], [], [], False
    it = 0
    for it in range(1, max_iter + 1):
        if it % requadrature == 0:
            quad = film_quadrature(film, energy, x, **quad_options)
        fx = variance * _local_green(film, energy, x, quad, c2=U)
        r = (fx - x).ravel()
        res = float(np.max(np.abs(r)) / max(np.max(np.abs(fx)), scale))
        residuals.append(res)
        if res <= tol:
            x, converged = fx, True
            break
        X.append(x.ravel().copy())
        R.append(r)
        X, R = X[-(history + 1):], R[-(history + 1):]
        step = beta * r
        if mixing == "anderson" and len(R) > 1:
            dR = np.diff(np.array(R), axis=0).T
            dX = np.diff(np.array(X), axis=0).T
            gamma = np.linalg.lstsq(dR, r, rcond=None)[0]
            step = step - (dX + beta * dR) @ gamma
        x = _retarded((x.ravel() + step).reshape(shape))
    fine = film_quadrature(film, energy, x, refine=2, **quad_options)
    k_error = float(np.max(np.abs(variance * (_local_green(film, energy, x, fine, c2=U)
                                              - _local_green(film, energy, x, quad, c2=U)))))
    return SelfEnergy(x, energy, W, it, converged, residuals, k_error, len(quad))


def bastin_energy_integral(a: np.ndarray, b: np.ndarray, mu: float) -> np.ndarray:
    """F(a, b) = int_{-inf}^{mu} d eps / ((eps - a)^2 (eps - b)) for a, b off the real axis
    (broadcast). Closed form -1/((a-b)(mu-a)) + l/(a-b)^2 with l the continuous logarithm
    along the path; for |a - b| < 0.05 |mu - a| the cancelling part is summed as a series."""
    a, b = np.broadcast_arrays(np.asarray(a, complex), np.asarray(b, complex))
    shape = a.shape
    a, b = a.ravel(), b.ravel()
    u, v = mu - a, mu - b
    d = a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        x = d / u
        small = np.abs(x) < 0.05
        S = np.empty_like(x)
        xs = x[small]
        acc = np.zeros_like(xs)
        for j in range(13, -1, -1):                  # -1/2 + x/3 - x^2/4 + ...: 0.05^14 ~ 6e-19
            acc = acc * xs + (-1) ** (j + 1) / (j + 2)
        S[small] = acc / u[small] ** 2
        # log(v) - log(u), continuous along the real path (Im u, Im v keep their signs); the lower
        # limit contributes -i pi (sgn Im a - sgn Im b). (In sigma_xy this term drops out: summed
        # over (n, m) with Hermitian X', Y' it is imaginary. It is kept so that F itself is exact.)
        lower = np.pi * (np.sign(a.imag) - np.sign(b.imag))
        big = ~small
        ell = np.log(v[big]) - np.log(u[big]) - 1j * lower[big]
        S[big] = -1.0 / (d[big] * u[big]) + ell / d[big] ** 2
        # for small x the series stands for log1p(x); log(v) - log(u) - log1p(x) = 2 pi i m
        winding = np.angle(v[small]) - np.angle(u[small]) - np.angle(1 + x[small])
        c = 2 * np.pi * np.round(winding / (2 * np.pi)) - lower[small]
        nz = np.flatnonzero(small)[c != 0]
        S[nz] += 1j * c[c != 0] / d[nz] ** 2
    return S.reshape(shape)


def kubo_bastin(film: LayeredFilm, sigma: np.ndarray, fermi_energy: float, quad: ZoneQuadrature, *,
                sign: str = "qsym", chunk: int = 1024) -> float:
    """sigma_xy [e^2/h] of Eq. (10) at T = 0 with the self-energy frozen at ``sigma`` (Lz, o, o),
    summed over the quadrature ``quad`` (module docstring). ``sigma`` must have a negative
    definite anti-Hermitian part in every layer (a broadening); use a small constant
    -i eta for the clean limit."""
    factor = _sign(sign)
    if film.size > MAX_SIZE:
        raise ValueError(f"H(k) of dimension {film.size} exceeds MAX_SIZE = {MAX_SIZE} of the dense route")
    o = film.orbitals
    S = np.zeros((film.size, film.size), complex)
    for i in range(film.layers):
        S[i * o:(i + 1) * o, i * o:(i + 1) * o] = sigma[i]
    if np.max(np.linalg.eigvalsh((S - S.conj().T) / 2j)) >= 0:
        raise ValueError("sigma must have a negative definite anti-Hermitian part (retarded, broadened)")
    total = 0.0
    for s in range(0, len(quad), chunk):
        k = quad.k[s:s + chunk]
        E, R = np.linalg.eig(film.hamiltonian(k) + S)
        L = np.linalg.inv(R)
        vx, vy = film.velocities(k)
        Rd, Ld = np.conj(np.swapaxes(R, 1, 2)), np.conj(np.swapaxes(L, 1, 2))
        X, Y = L @ vx @ R, L @ vy @ R
        X2, Y2 = Rd @ vx @ R, L @ vy @ Ld
        Fr = bastin_energy_integral(E[:, None, :], E[:, :, None], fermi_energy)          # [m, n] = F(E_n, E_m)
        Fa = bastin_energy_integral(E[:, None, :], np.conj(E)[:, :, None], fermi_energy)  # F(E_n, E_m^*)
        YT, Y2T = np.swapaxes(Y, 1, 2), np.swapaxes(Y2, 1, 2)
        per_k = np.sum(X2 * Y2T * Fa - X * YT * Fr, axis=(1, 2))
        total += float(np.sum(quad.w[s:s + chunk] * 2 * per_k.real))
    return factor * total


def renormalized_parameters(sigma: np.ndarray, components: dict) -> dict:
    """Projections of the self-energy per layer: for each name -> (o x o matrix Gamma), the
    coefficient Tr(Sigma_i Gamma)/Tr(Gamma^2) (complex, per layer), e.g. the mass (tau_z), the
    Zeeman term (sigma_z) and the energy shift (identity)."""
    out = {}
    for name, gamma in components.items():
        g = np.asarray(gamma, complex)
        out[name] = np.einsum("lab,ba->l", sigma, g) / np.trace(g @ g)
    return out
