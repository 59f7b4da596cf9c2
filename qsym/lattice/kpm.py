r"""Kernel polynomial method (Weisse, Wellein, Alvermann & Fehske, Rev. Mod. Phys. 78, 275
(2006); paper 004, Eqs. 6-7).

The spectrum of H is mapped into (-1, 1) by :math:`\tilde H = (H - b)/a` with bounds from a
Lanczos estimate and a safety margin. Chebyshev moments
:math:`\mu_m = \langle v|T_m(\tilde H)|v\rangle` are computed by the three-term recursion with
the doubling trick (two moments per matrix-vector product), for a block of vectors at once
(one sparse matrix times a dense block per step). The density of states is

.. math::

    \rho(E) = \frac{1}{\pi a \sqrt{1 - x^2}}\Big[g_0\mu_0 + 2\sum_{m\ge 1} g_m \mu_m T_m(x)\Big],
    \qquad x = (E - b)/a,

with the Jackson kernel :math:`g_m` (Eq. 7). Energies in the unit of H; densities per unit
energy (per state of the traced vectors).
"""

from __future__ import annotations

import numpy as np

from .inputs import count, finite_energy, hermitian_matrix, spectral_interval

__all__ = ["spectral_bounds", "jackson_kernel", "chebyshev_moments", "random_phase_vectors", "density_of_states",
           "local_moments", "typical_and_arithmetic_dos"]


def spectral_bounds(H, margin: float = 0.05) -> tuple[float, float]:
    """``(b, a)``: centre and half-width of an interval containing the spectrum of ``H``.

    The extreme eigenvalues come from Lanczos (``scipy.sparse.linalg.eigsh``, tolerance 1e-6
    relative); the half-width is widened by ``margin`` (relative) so that the rescaled
    spectrum stays inside (-1, 1) where the Chebyshev expansion converges.
    """
    from scipy.sparse.linalg import eigsh

    if not 0.0 < margin < 1.0:
        raise ValueError(f"margin must be in (0, 1); got {margin!r}")
    n = hermitian_matrix("H", H)
    if n <= 64:
        e = np.linalg.eigvalsh(H.toarray() if hasattr(H, "toarray") else np.asarray(H))
        lo, hi = float(e[0]), float(e[-1])
    else:
        lo = float(eigsh(H, k=1, which="SA", tol=1e-6, return_eigenvectors=False)[0])
        hi = float(eigsh(H, k=1, which="LA", tol=1e-6, return_eigenvectors=False)[0])
    half = 0.5 * (hi - lo) * (1.0 + margin) + 1e-12 * max(1.0, abs(hi), abs(lo))
    return 0.5 * (hi + lo), half


def jackson_kernel(n_moments: int) -> np.ndarray:
    r"""Jackson damping factors :math:`g_m`, m = 0 ... M - 1 (paper 004, Eq. 7):
    :math:`g_m = [(M - m + 1)\cos(\pi m/(M+1)) + \sin(\pi m/(M+1))\cot(\pi/(M+1))]/(M+1)`."""
    M = count("n_moments", n_moments, 2)
    m = np.arange(M)
    q = np.pi / (M + 1)
    return ((M - m + 1) * np.cos(q * m) + np.sin(q * m) / np.tan(q)) / (M + 1)


def chebyshev_moments(H, vectors: np.ndarray, n_moments: int, bounds: tuple[float, float], *,
                      per_vector: bool = False) -> np.ndarray:
    r"""Moments :math:`\mu_m = \sum_r \langle v_r|T_m(\tilde H)|v_r\rangle`, m < ``n_moments``.

    Parameters
    ----------
    H : sparse or dense (n, n) Hermitian matrix
    vectors : array (n, R)
        The vectors v_r, as one block (one sparse product per step for all of them). For a
        stochastic trace use :func:`random_phase_vectors` and divide by R.
    n_moments : int
        Number of moments M.
    bounds : (b, a)
        Centre and half-width from :func:`spectral_bounds`.
    per_vector : bool
        Return the moments of each vector, shape (R, M), instead of their sum.

    Returns
    -------
    numpy.ndarray, shape (n_moments,) or (R, n_moments), real

    Raises
    ------
    ValueError
        For a non-Hermitian, empty or non-finite H, bad bounds, or bounds that do not contain
        the spectrum: |mu_m| <= <v|v> holds for every m exactly when they do, and a moment beyond
        it (the recursion then grows exponentially) stops the recursion with a message.
    """
    n = hermitian_matrix("H", H)
    b, a = spectral_interval(bounds)
    count("n_moments", n_moments, 2)
    v = np.asarray(vectors, dtype=complex)
    if v.ndim == 1:
        v = v[:, None]
    if v.ndim != 2 or v.shape[0] != n or not np.all(np.isfinite(v)):
        raise ValueError(f"vectors must be finite, of shape ({n},) or ({n}, R); got {v.shape}")

    def apply(x):
        return (H @ x - b * x) / a

    def dot(x, y):                     # <x_r|y_r> for every column r
        return np.real(np.einsum("ij,ij->j", x.conj(), y))

    mu = np.zeros((v.shape[1], n_moments))
    a0, a1 = v, apply(v)
    mu0, mu1 = dot(v, a0), dot(v, a1)
    mu[:, 0], mu[:, 1] = mu0, mu1
    limit = mu0 * (1 + 1e-6) + 1e-300      # |<v|T_m|v>| <= <v|v> inside the bounds
    # doubling: mu_{2m} = 2 <a_m|a_m> - mu_0, mu_{2m+1} = 2 <a_{m+1}|a_m> - mu_1
    for m in range(1, (n_moments + 1) // 2):
        if 2 * m < n_moments:
            mu[:, 2 * m] = 2 * dot(a1, a1) - mu0
        a2 = 2 * apply(a1) - a0
        if 2 * m + 1 < n_moments:
            mu[:, 2 * m + 1] = 2 * dot(a2, a1) - mu1
        if np.any(np.abs(mu[:, 2 * m:2 * m + 2]) > limit[:, None]):
            raise ValueError(f"the spectrum of H reaches beyond the bounds [{b - a:g}, {b + a:g}]: Chebyshev moment "
                             f"{2 * m} exceeds <v|v> (it grows exponentially there); take the bounds from "
                             "spectral_bounds(H)")
        a0, a1 = a1, a2
    return mu if per_vector else mu.sum(axis=0)


def random_phase_vectors(n: int, count: int, seed: int) -> np.ndarray:
    """``count`` random-phase vectors of length ``n`` (|v_i| = 1): an unbiased stochastic trace,
    Tr A ~ (1/count) sum_r <v_r|A|v_r>, with variance ~ 1/(count n) per normalized state."""
    rng = np.random.default_rng(seed)
    return np.exp(2j * np.pi * rng.random((n, count)))


def density_of_states(moments: np.ndarray, energies, bounds: tuple[float, float], *, kernel: bool = True) -> np.ndarray:
    """rho(E) from Chebyshev moments (Jackson-damped unless ``kernel=False``), per unit energy;
    zero outside the bounds. Energies must be finite."""
    b, a = spectral_interval(bounds)
    energies = finite_energy("energies", energies)
    mu = np.asarray(moments, dtype=float)
    if mu.ndim != 1 or mu.size < 2 or not np.all(np.isfinite(mu)):
        raise ValueError(f"moments must be a finite 1-D array of at least 2 moments; got shape {mu.shape}")
    g = jackson_kernel(mu.size) if kernel else np.ones(mu.size)
    x = (np.asarray(energies, dtype=float) - b) / a
    inside = np.abs(x) < 1
    xs = np.where(inside, x, 0.0)
    coeff = g * mu
    coeff[1:] *= 2
    series = np.polynomial.chebyshev.chebval(xs, coeff)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = series / (np.pi * a * np.sqrt(1 - xs**2))
    return np.where(inside, rho, 0.0)


def local_moments(H, sites: np.ndarray, orbitals: int, n_moments: int, bounds: tuple[float, float]) -> np.ndarray:
    """Moments of the local density of states summed over the ``orbitals`` of each site in
    ``sites`` (site s covers basis states s*orbitals ... s*orbitals + orbitals - 1); all
    sites in one block.

    Returns
    -------
    numpy.ndarray, shape (len(sites), n_moments)
    """
    sites = np.asarray(sites, dtype=int)
    n = hermitian_matrix("H", H)
    count("orbitals", orbitals)
    states = (sites[:, None] * orbitals + np.arange(orbitals)).ravel()
    if states.size and (states.min() < 0 or states.max() >= n):
        raise ValueError(f"sites must lie in [0, {n // orbitals}); got {sites.min()} ... {sites.max()}")
    block = np.zeros((n, states.size), complex)
    block[states, np.arange(states.size)] = 1.0
    per = chebyshev_moments(H, block, n_moments, bounds, per_vector=True)
    return per.reshape(sites.size, orbitals, n_moments).sum(axis=1)


def typical_and_arithmetic_dos(local: np.ndarray, energies, bounds: tuple[float, float],
                               floor: float = 1e-300) -> tuple[np.ndarray, np.ndarray]:
    r"""(rho_t, rho_a) from local moments: :math:`\rho_t = \exp\langle\ln\rho_i\rangle`, the
    geometric mean over the sampled sites, and :math:`\rho_a = \langle\rho_i\rangle`. A local
    density below ``floor`` (Jackson smoothing can make it slightly negative where it
    vanishes) counts as ``floor``."""
    rho = np.array([density_of_states(mu, energies, bounds) for mu in local])
    return np.exp(np.mean(np.log(np.maximum(rho, floor)), axis=0)), np.mean(rho, axis=0)
