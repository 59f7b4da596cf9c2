"""Numerical runtime for generated kernels: Fermi functions, input validation, quadrature.

This module is imported by every file in ``generated/``. It must stay free of SymPy (and of
anything that imports SymPy), so that numerics users do not pay SymPy's import time; a test
imports each generated module in a fresh interpreter and asserts ``'sympy' not in
sys.modules``.

Conventions
-----------
Energies, chemical potentials and temperatures (``kT`` means k_B T) share one energy unit,
eV unless a derivation says otherwise. ``kT = 0`` is allowed everywhere and means the step
Fermi function.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import expit

__all__ = [
    "as_real_array",
    "require",
    "fermi",
    "fermi_window",
    "gauss_legendre",
    "radial_rule",
    "geometric_fill",
    "fermi_edge_energies",
    "FERMI_EDGE_OFFSETS",
    "integrate_radial",
    "integrate_over_k",
    "broadcast",
    "blockwise",
    "blockwise_components",
    "choose",
    "fermi_line_response",
    "BLOCK",
    "sector_rule",
    "phase_integral",
    "sector_sum",
    "chebyshev_table",
    "chebyshev_evaluate",
    "bloch_response",
]

#: Elements per vectorized call in :func:`blockwise` and :func:`integrate_radial`: the
#: temporaries of a generated kernel then stay in cache instead of being fresh multi-megabyte
#: allocations (measured 3-7x faster on 10^6 points than one whole-array call).
BLOCK = 16384


# --------------------------------------------------------------------------------------
# Input validation
# --------------------------------------------------------------------------------------

def _describe_range(lower, upper, lower_open, upper_open, nonzero) -> str:
    parts = []
    if lower is not None:
        parts.append(f"{'>' if lower_open else '>='} {lower:g}")
    if upper is not None:
        parts.append(f"{'<' if upper_open else '<='} {upper:g}")
    if nonzero:
        parts.append("!= 0")
    return " and ".join(parts) if parts else "finite"


def as_real_array(
    name: str,
    value,
    *,
    units: str = "",
    lower: float | None = None,
    upper: float | None = None,
    lower_open: bool = False,
    upper_open: bool = False,
    nonzero: bool = False,
    allow_infinite: bool = False,
) -> np.ndarray:
    """Convert ``value`` to a float array and check it lies in the allowed range.

    Parameters
    ----------
    name : str
        Parameter name, used in the error message.
    value : array_like
        Real scalar or array.
    units : str
        Units shown in the error message, e.g. ``"eV"``.
    lower, upper : float, optional
        Bounds of the allowed range; ``lower_open``/``upper_open`` make them strict.
    nonzero : bool
        Reject exact zeros (e.g. a mass term that the model divides by).
    allow_infinite : bool
        Accept ``+inf`` (e.g. an infinite length); ``-inf`` and NaN are still rejected.

    Returns
    -------
    numpy.ndarray
        ``float64`` array (0-d for scalars).

    Raises
    ------
    ValueError
        If a value is complex, not finite, or outside the allowed range. The message names
        the parameter, the allowed range and the offending value.
    """
    unit = f" [{units}]" if units else ""
    allowed = _describe_range(lower, upper, lower_open, upper_open, nonzero)
    if allow_infinite:
        allowed += ", or inf"
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - numpy accepts nearly everything
        raise ValueError(f"{name}{unit} must be a real number or array; got {value!r}") from exc
    if arr.dtype.kind == "c":
        raise ValueError(f"{name}{unit} must be real; got complex {value!r}")
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name}{unit} must be a real number or array; got {value!r}")
    arr = arr.astype(np.float64, copy=False)
    bad = ~np.isfinite(arr)
    if allow_infinite:
        bad &= ~np.isposinf(arr)
    if bad.any():
        raise ValueError(
            f"{name}{unit} must be finite ({allowed}); got {float(arr[bad].flat[0])!r}"
        )
    if lower is not None:
        bad = arr <= lower if lower_open else arr < lower
        if bad.any():
            raise ValueError(f"{name}{unit} must be {allowed}; got {float(arr[bad].flat[0])!r}")
    if upper is not None:
        bad = arr >= upper if upper_open else arr > upper
        if bad.any():
            raise ValueError(f"{name}{unit} must be {allowed}; got {float(arr[bad].flat[0])!r}")
    if nonzero and (arr == 0).any():
        raise ValueError(f"{name}{unit} must be {allowed}; got 0.0")
    return arr


def as_channels(name: str, value, **limits) -> np.ndarray:
    """Like :func:`as_real_array` for a per-channel parameter: a non-empty 1-D sequence."""
    arr = as_real_array(name, value, **limits)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence (one value per channel); "
                         f"got shape {arr.shape}")
    return arr


def channel_sum(kernel, args, channel_mask) -> np.ndarray:
    """Sum ``kernel`` over channels: ``args[i]`` is a 1-D array of per-channel values where
    ``channel_mask[i]`` is true, and broadcast like :func:`blockwise` otherwise."""
    lengths = {len(a) for a, is_channel in zip(args, channel_mask) if is_channel}
    if len(lengths) != 1:
        raise ValueError(f"the per-channel parameters must have equal lengths; got {sorted(lengths)}")
    total = None
    for c in range(lengths.pop()):
        term = blockwise(kernel, *(a[c] if is_channel else a for a, is_channel in zip(args, channel_mask)))
        total = term if total is None else total + term
    return total


def check_optional(function: str, options: dict, given: dict, needs: dict) -> None:
    """Check that the optional arguments ``given`` (name -> value or None) are passed exactly
    when the chosen ``options`` need them (``needs``: tuple of option values -> names)."""
    key = tuple(options.values())
    if key not in needs:
        choose(function, options, needs)  # raises, naming the bad option value
    chosen = ", ".join(f"{k}={v!r}" for k, v in options.items())
    for name, value in given.items():
        if name in needs[key] and value is None:
            raise ValueError(f"{function}: {name} is required for {chosen}")
        if name not in needs[key] and value is not None:
            raise ValueError(f"{function}: {name} is not used for {chosen}; leave it out")


def require(condition, message: str) -> None:
    """Raise ``ValueError(message)`` unless ``condition`` holds everywhere.

    Used by generated code for constraints that couple several parameters (for example
    ``A**2 - 2*M*B > 0``); ``message`` names the parameters and the allowed region.
    """
    if not np.all(condition):
        raise ValueError(message)


# --------------------------------------------------------------------------------------
# Fermi functions
# --------------------------------------------------------------------------------------

def _positive(kT: np.ndarray) -> bool:
    return kT.size > 0 and float(np.min(kT)) > 0.0


def fermi(x, kT):
    """Fermi-Dirac occupation f(x) = 1/(exp(x/kT) + 1) of a state at energy x above mu.

    Parameters
    ----------
    x : array_like
        Energy measured from the chemical potential [energy].
    kT : array_like
        k_B T [same energy unit], ``>= 0``. ``kT = 0`` gives the step function with
        f(0) = 1/2.

    Notes
    -----
    ``scipy.special.expit(-x/kT)``: one ufunc pass, never overflows, and keeps full relative
    accuracy in the exponentially small tail.
    """
    x = np.asarray(x, dtype=float)
    kT = np.asarray(kT, dtype=float)
    if _positive(kT):
        return expit(-x / kT)
    with np.errstate(divide="ignore", invalid="ignore"):
        thermal = expit(-x / kT)
    return np.where(kT > 0, thermal, 0.5 * (1.0 - np.sign(x)))


def fermi_window(x, kT):
    """Thermal window -df/dx = f(x)(1 - f(x))/kT = 1/(4 kT cosh^2(x / 2kT)) [1/energy].

    For ``kT = 0`` this is a delta function; it returns 0 there, and observables that need
    the zero-temperature limit use their separately derived Fermi-surface form.
    """
    x = np.asarray(x, dtype=float)
    kT = np.asarray(kT, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = x / kT
        w = expit(z) * expit(-z) / kT
    return w if _positive(kT) else np.where(kT > 0, w, 0.0)


# --------------------------------------------------------------------------------------
# Quadrature on [0, inf)
# --------------------------------------------------------------------------------------

#: Offsets, in units of kT, at which a Fermi edge gets panel boundaries. The Fermi function
#: has poles at x = i pi kT (2n+1); panels whose width grows geometrically away from the edge
#: keep every pole outside the Gauss-Legendre convergence ellipse of a fixed-order rule, and
#: exp(-40) ~ 4e-18 makes the occupation tail beyond the last offset negligible.
FERMI_EDGE_OFFSETS = (-40.0, -16.0, -6.0, -2.0, 0.0, 2.0, 6.0, 16.0, 40.0)


@lru_cache(maxsize=None)
def gauss_legendre(order: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on [0, 1] (read-only arrays)."""
    x, w = np.polynomial.legendre.leggauss(order)
    x = 0.5 * (x + 1.0)
    w = 0.5 * w
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


def radial_rule(breakpoints, order: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Composite Gauss-Legendre rule for integrals over k in [0, inf).

    Parameters
    ----------
    breakpoints : array_like, shape (..., n)
        Positive panel boundaries, in any order; repeated values give empty panels. The
        panels are [0, b_1], [b_1, b_2], ..., [b_{n-1}, b_n] and a tail [b_n, inf) mapped to
        u in (0, 1] by k = b_n / u, which integrates power-law tails k^{-p}, p >= 2, with a
        smooth integrand u^{p-2}.
    order : int
        Gauss-Legendre points per panel.

    Returns
    -------
    nodes, weights : numpy.ndarray, shape (..., (n + 1) * order)
        ``sum(weights * g(nodes), axis=-1)`` approximates the integral of g over [0, inf).
    """
    b = np.sort(np.asarray(breakpoints, dtype=float), axis=-1)
    if np.any(b < 0) or not np.all(np.isfinite(b)):
        raise ValueError("radial_rule: breakpoints must be finite and >= 0")
    x, w = gauss_legendre(order)
    lower = np.concatenate([np.zeros_like(b[..., :1]), b[..., :-1]], axis=-1)
    width = b - lower
    finite_nodes = lower[..., :, None] + width[..., :, None] * x
    finite_weights = width[..., :, None] * w
    top = b[..., -1:]
    # Tail: k = top / u, dk = top / u^2 du. A zero top (all breakpoints at 0) would make the
    # tail the whole integral with no scale; callers always include a positive scale.
    tail_nodes = top / x
    tail_weights = top * w / x**2
    shape = b.shape[:-1] + (-1,)
    nodes = np.concatenate([finite_nodes.reshape(shape), tail_nodes], axis=-1)
    weights = np.concatenate([finite_weights.reshape(shape), tail_weights], axis=-1)
    return nodes, weights


def geometric_fill(scales, count: int = 10, spread: float = 4.0) -> np.ndarray:
    """Geometrically spaced breakpoints covering the momentum scales of an integrand.

    Parameters
    ----------
    scales : array_like, shape (..., m)
        Positive characteristic scales (e.g. |M|/A, sqrt(|M/B|), A/|B| for a BHZ band).
    count : int
        Number of points returned.
    spread : float
        The points run from ``min(scales) / spread`` to ``max(scales) * spread``.

    Returns
    -------
    numpy.ndarray, shape (..., count)
    """
    s = np.asarray(scales, dtype=float)
    lo = np.log(np.min(s, axis=-1, keepdims=True) / spread)
    hi = np.log(np.max(s, axis=-1, keepdims=True) * spread)
    t = np.linspace(0.0, 1.0, count)
    return np.exp(lo + (hi - lo) * t)


def fermi_edge_energies(edge, kT, bottom, offsets=FERMI_EDGE_OFFSETS) -> np.ndarray:
    """Energies that bracket a (possibly smeared) Fermi edge, clipped to the band bottom.

    Parameters
    ----------
    edge : array_like
        Energy of the edge on the band's own energy axis (e.g. |eF| for bands +-E_k).
    kT : array_like
        k_B T, ``>= 0``; at ``kT = 0`` every returned energy is the edge itself.
    bottom : array_like
        Lowest band energy; energies below it are moved up to it (thermal activation above
        a gap is then resolved on the scale kT from the band bottom).

    Returns
    -------
    numpy.ndarray, shape (..., len(offsets))
    """
    edge = np.asarray(edge, dtype=float)
    bottom = np.asarray(bottom, dtype=float)
    centre = np.maximum(edge, bottom)
    e = centre[..., None] + np.asarray(kT, dtype=float)[..., None] * np.asarray(offsets)
    return np.maximum(e, bottom[..., None])


def integrate_radial(integrand, breakpoints, args, order: int = 20, block: int = BLOCK):
    """Integrate ``integrand(k, *args)`` over k in [0, inf) for every point of a grid.

    Parameters
    ----------
    integrand : callable
        Vectorized ``f(k, *args)``; called with ``k`` of shape (m, n_nodes) and each
        argument of shape (m, 1).
    breakpoints : array_like, shape (..., n)
        Panel boundaries per grid point (see :func:`radial_rule`).
    args : tuple of array_like
        Arguments broadcastable to the grid shape ``breakpoints.shape[:-1]``.
    order : int
        Gauss-Legendre points per panel.
    block : int
        Integrand evaluations per vectorized call (bounds memory for large grids).

    Returns
    -------
    numpy.ndarray
        Integral per grid point, shape ``breakpoints.shape[:-1]``.
    """
    b = np.asarray(breakpoints, dtype=float)
    grid = b.shape[:-1]
    nb = b.shape[-1]
    flat_b = b.reshape(-1, nb)
    arrays = [np.asarray(a, dtype=float) for a in args]
    # constant arguments (the model parameters, usually) stay scalars
    flat_args = [a.ravel()[0] if a.size == 1 else np.broadcast_to(a, grid).reshape(-1) for a in arrays]
    rows = max(1, block // ((nb + 1) * order))
    pieces = []
    for start in range(0, flat_b.shape[0], rows):
        sl = slice(start, start + rows)
        nodes, weights = radial_rule(flat_b[sl], order)
        values = integrand(nodes, *(a if np.ndim(a) == 0 else a[sl, None] for a in flat_args))
        pieces.append(np.sum(weights * values, axis=-1))
    return np.concatenate(pieces).reshape(grid)


def broadcast(result, *args) -> np.ndarray:
    """``result`` as a fresh array of the broadcast shape of ``result`` and ``args``
    (a kernel independent of some argument still returns one value per input point)."""
    shape = np.broadcast_shapes(np.shape(result), *(np.shape(a) for a in args))
    return np.array(np.broadcast_to(result, shape))


def blockwise(kernel, *args, block: int = BLOCK) -> np.ndarray:
    """Evaluate an element-wise ``kernel(*args)`` over the broadcast shape of ``args`` in
    cache-sized blocks; returns a fresh array of that shape. Scalar arguments (typically the
    model parameters) are passed through as scalars, so the kernel's parameter-only
    subexpressions cost nothing per point."""
    arrays = [np.asarray(a, dtype=float) for a in args]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    n = int(np.prod(shape))
    if n <= block:
        return broadcast(kernel(*arrays), *arrays)
    flat = [a.ravel()[0] if a.size == 1 else np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    cut = lambda a, sl: a if np.ndim(a) == 0 else a[sl]  # noqa: E731
    first = np.asarray(kernel(*(cut(a, slice(0, block)) for a in flat)))
    out = np.empty(n, dtype=first.dtype)
    out[:block] = first
    for start in range(block, n, block):
        sl = slice(start, start + block)
        out[sl] = kernel(*(cut(a, sl) for a in flat))
    return out.reshape(shape)


def integrate_over_k(integrand, breakpoint_data, k_of_energy, args, kT, *, fill_points: int = 12,
                     order: int = 20) -> np.ndarray:
    """An observable: the integral over k in [0, inf) of ``integrand(k, *args)`` per grid point.

    Parameters
    ----------
    integrand : callable
        Vectorized ``f(k, *args)`` including the measure (e.g. k dk).
    breakpoint_data : callable
        ``(*args) -> (scales, edge, bottom)``: the integrand's momentum scales, the Fermi edge
        on the band-energy axis and the band bottom.
    k_of_energy : callable
        ``(energy, *args) -> k``: inverse band dispersion on k >= 0.
    args : tuple of array_like
        Broadcastable arguments; their broadcast shape is the grid.
    kT : array_like
        Temperature, broadcastable to the grid (the width of the Fermi edge).
    fill_points, order : int
        Geometric breakpoints over the scales, and Gauss-Legendre points per panel.
    """
    grid = np.broadcast_shapes(*(np.shape(a) for a in args))
    scales, edge, bottom = breakpoint_data(*args)
    scales = np.stack([np.broadcast_to(s, grid) for s in scales], axis=-1)
    edges = fermi_edge_energies(np.broadcast_to(edge, grid), np.broadcast_to(kT, grid),
                                np.broadcast_to(bottom, grid))
    k_edges = k_of_energy(edges, *(np.expand_dims(a, -1) for a in args))
    breakpoints = np.concatenate(
        [geometric_fill(scales, fill_points), np.broadcast_to(k_edges, grid + k_edges.shape[-1:])], axis=-1)
    return integrate_radial(integrand, breakpoints, args, order=order)


def blockwise_components(kernel, *args, block: int = BLOCK) -> np.ndarray:
    """Like :func:`blockwise` for a kernel returning a tuple of components; the result has
    the components on a last axis."""
    arrays = [np.asarray(a, dtype=float) for a in args]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    n = int(np.prod(shape))
    flat = [a.ravel()[0] if a.size == 1 else np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    cut = lambda a, sl: a if np.ndim(a) == 0 else a[sl]  # noqa: E731
    out = None
    for start in range(0, max(n, 1), block):
        sl = slice(start, min(start + block, n))
        parts = kernel(*(cut(a, sl) for a in flat))
        if out is None:
            out = np.empty((n, len(parts)))
        for c, part in enumerate(parts):
            out[sl, c] = part
    return out.reshape(shape + (out.shape[-1],))


def choose(function: str, options: dict, table: dict):
    """Pick the private kernel for the option values ``options`` (name -> value) from
    ``table`` (tuple of values -> function); a clear ValueError for unknown values."""
    key = tuple(options.values())
    if key in table:
        return table[key]
    for pos, (name, value) in enumerate(options.items()):
        allowed = sorted({k[pos] for k in table})
        if value not in allowed:
            raise ValueError(f"{function}: {name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    raise ValueError(f"{function}: no kernel for {options}")


# --------------------------------------------------------------------------------------
# Fermi-line integrals of 2D band structures
# --------------------------------------------------------------------------------------

#: Trapezoid points on the Fermi line (in the polar angle around the band minimum) and
#: Gauss-Legendre points per energy panel of width 2 kT.
FERMI_LINE_ANGLES = 128
FERMI_LINE_ORDER = 8
#: Half-width of the thermal window, in kT (exp(-40) ~ 4e-18).
WINDOW_HALF_WIDTH = 40.0


def _band_minimum(axis_coefficients, energy_squared, params):
    """The band minimum on the ky = 0 mirror line: the single real root of d(eps^2)/dkx."""
    coef = np.array([float(c) for c in axis_coefficients(*params)])[::-1]  # highest first
    nz = np.flatnonzero(np.abs(coef) > 0)
    roots = np.roots(coef[nz[0]:]) if nz.size else np.array([])
    scale = max(1.0, float(np.max(np.abs(roots)))) if roots.size else 1.0
    real = np.sort(roots[np.abs(roots.imag) <= 1e-9 * scale].real)
    if real.size != 1:
        names = ", ".join(f"{p:g}" for p in params)
        raise ValueError(
            "the upper band must have a single minimum (one critical point on the ky = 0 mirror line) for the "
            f"Fermi-line integration; parameters ({names}) give {real.size} critical points "
            f"at kx = {', '.join(f'{r:.4g}' for r in real)}")
    center = float(real[0])
    return center, float(np.sqrt(energy_squared(center, 0.0, *params)))


def _ray_roots(coef, target, upper_guess):
    """Smallest s > 0 with sum_p coef[p] s^p = target, for a polynomial increasing on s > 0
    (vectorized safeguarded Newton; coef broadcast against target)."""
    def poly(s):
        val = coef[-1] * np.ones_like(s)
        der = np.zeros_like(s)
        for c in coef[-2::-1]:
            der = der * s + val
            val = val * s + c
        return val, der

    lo = np.zeros_like(target)
    hi = np.broadcast_to(upper_guess, target.shape).copy()
    for _ in range(200):
        val, _ = poly(hi)
        low = val < target
        if not low.any():
            break
        lo = np.where(low, hi, lo)
        hi = np.where(low, 2 * hi, hi)
    s = 0.5 * (lo + hi)
    for _ in range(100):
        val, der = poly(s)
        f = val - target
        lo = np.where(f < 0, s, lo)
        hi = np.where(f > 0, s, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = s - f / der
        bad = ~((newton > lo) & (newton < hi))
        new = np.where(bad, 0.5 * (lo + hi), newton)
        done = np.abs(new - s) <= 4e-16 * np.abs(new)
        s = new
        if done.all():
            break
    return s, poly(s)[1]


def _fermi_line_density(integrand, ray_coefficients, params, center, energies, angles):
    """S(E) = oint_{eps = E} F dl / |grad eps| for E > E_min, by the polar parametrization
    k = (center, 0) + s (cos th, sin th) with s(th) the single root along each ray."""
    th = 2 * np.pi * np.arange(angles) / angles
    c, sn = np.cos(th), np.sin(th)
    coef = [np.broadcast_to(x, th.shape)[None, :] for x in ray_coefficients(center, c, sn, *params)]
    E = np.asarray(energies, dtype=float)[:, None]
    target = np.broadcast_to(E**2, (E.shape[0], angles))
    s, dP = _ray_roots(coef, target, np.sqrt(target) + 1.0)
    F = np.broadcast_to(integrand(center + s * c, s * sn, *params), s.shape)
    # d eps / ds = dP/ds / (2 E); measure s ds dth
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(dP > 0, s * F * 2 * E / dP, 0.0)
    return density.sum(axis=1) * (2 * np.pi / angles)


def fermi_line_response(integrand, ray_coefficients, axis_coefficients, energy_squared, params, eF, kT,
                        prefactor, *, lower_sign: int = 1, angles: int = FERMI_LINE_ANGLES,
                        order: int = FERMI_LINE_ORDER) -> np.ndarray:
    r"""``prefactor * sum_pairs int d^2k F(k) f0'(eps_k)`` for bands ``+-eps_k`` in 2D.

    Writing the integral as :math:`-\int dE\, w_T(E - \epsilon_F)\, S(E)` with the Fermi-line
    density :math:`S(E) = \oint_{\epsilon = E} F\, dl/|\nabla\epsilon|` (upper band; the
    lower band contributes ``lower_sign * S(-E)``):

    - kT = 0: the Fermi-line integral itself, ``-S(eF)`` (exact up to the angular rule);
    - kT > 0: composite Gauss-Legendre in E on panels of width 2 kT aligned at the band
      minimum E_min, covering +-40 kT around +-eF, with E = E_min + h u^2 on the first panel
      (S has a square-root onset there). Nodes are shared by all eF of one (kT, params).

    S(E) uses polar coordinates about the band minimum, which must be unique and make the
    band increase along every ray (star-shaped Fermi lines); the trapezoid rule in the angle
    then converges exponentially.

    Parameters
    ----------
    integrand : callable
        ``F(kx, ky, *params)``.
    ray_coefficients : callable
        ``(cx, cos, sin, *params) -> (a0, ..., a4)``: eps^2 along the ray as sum a_p s^p.
    axis_coefficients : callable
        ``(*params) -> coefficients`` (lowest first) of d(eps^2)/dkx on ky = 0.
    energy_squared : callable
        ``(kx, ky, *params) -> eps^2``.
    params : tuple of array_like
    eF, kT, prefactor : array_like
    """
    arrays = [np.asarray(a, dtype=float) for a in (eF, kT, prefactor, *params)]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    eF_, kT_, pre_ = flat[:3]
    prm = np.stack(flat[3:], axis=-1) if params else np.zeros((eF_.size, 0))
    out = np.zeros(eF_.size)
    x, w = gauss_legendre(order)
    uniq, inverse = np.unique(prm, axis=0, return_inverse=True)
    for g, p in enumerate(uniq):
        p = tuple(float(q) for q in p)
        members = np.flatnonzero(inverse.reshape(-1) == g)
        center, e_min = _band_minimum(axis_coefficients, energy_squared, p)

        def S(E):
            E = np.asarray(E, dtype=float)
            res = np.zeros(E.shape)
            inside = E > e_min
            if inside.any():
                res[inside] = _fermi_line_density(integrand, ray_coefficients, p, center, E[inside], angles)
            return res

        cold = members[kT_[members] == 0]
        if cold.size:
            e = eF_[cold]
            out[cold] = -(S(np.where(e > 0, e, 0.0)) * (e > 0) + lower_sign * S(np.where(e < 0, -e, 0.0)) * (e < 0))
        warm = members[kT_[members] > 0]
        for temp in np.unique(kT_[warm]):
            rows = warm[kT_[warm] == temp]
            h = 2 * temp
            centers = np.concatenate([eF_[rows], -eF_[rows]])
            first = np.floor((centers - WINDOW_HALF_WIDTH * temp - e_min) / h).astype(np.int64)
            last = np.floor((centers + WINDOW_HALF_WIDTH * temp - e_min) / h).astype(np.int64)
            keep = last >= 0
            panels = np.unique(np.concatenate(
                [np.arange(max(a, 0), b + 1) for a, b in zip(first[keep], last[keep])] or [np.array([], np.int64)]))
            if panels.size == 0:
                continue
            nodes = (e_min + h * (panels[:, None] + x[None, :])).ravel()
            weights = np.broadcast_to(h * w, (panels.size, order)).ravel().copy()
            if panels[0] == 0:  # square-root onset: E = E_min + h u^2
                nodes[:order] = e_min + h * x**2
                weights[:order] = h * w * 2 * x
            dens = S(nodes) * weights
            for start in range(0, rows.size, 256):
                r = rows[start:start + 256]
                win = fermi_window(nodes[None, :] - eF_[r, None], temp)
                win = win + lower_sign * fermi_window(nodes[None, :] + eF_[r, None], temp)
                out[r] = -(win @ dens)
    return (out * pre_).reshape(shape)


# --------------------------------------------------------------------------------------
# Gaussian phase integrals  F(x) = int_0^inf exp(i x e^2) g(e) de
# --------------------------------------------------------------------------------------
def sector_rule(weight, edges, order: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Fixed rule for ``F(x) = int_0^inf exp(i x e^2) g(e) de`` on the rotated contour.

    With ``e = w t``, ``w = exp(i pi/4)``, ``F(x) = w int_0^inf exp(-x t^2) g(w t) dt``: no
    oscillation, and the same nodes serve every ``x`` (``F`` becomes a sum of decaying
    exponentials in ``x``). Valid when ``g`` is analytic in ``0 <= arg e <= pi/4`` and decays
    there.

    Parameters
    ----------
    weight : callable
        ``g`` as a NumPy function of a complex array.
    edges : sequence of float
        Panel edges in ``t`` (composite Gauss-Legendre, ``order`` points per panel).

    Returns
    -------
    (t2, c) : numpy.ndarray
        Squared nodes and complex coefficients: ``F(x) = sum_j c_j exp(-x t2_j)``.
    """
    x, w = gauss_legendre(order)
    edges = np.asarray(edges, dtype=float)
    width = np.diff(edges)
    t = (edges[:-1, None] + width[:, None] * x[None, :]).ravel()
    wt = (width[:, None] * w[None, :]).ravel()
    rot = np.exp(0.25j * np.pi)
    t2, c = t * t, wt * rot * weight(rot * t)
    t2.setflags(write=False)
    c.setflags(write=False)
    return t2, c


def chebyshev_table(function, lower: float, upper: float, pieces: int, degree: int):
    """Piecewise Chebyshev interpolant of ``function`` on geometric pieces of [lower, upper].

    Returns ``(edges, coefficients)`` for :func:`chebyshev_evaluate`; ``coefficients`` has
    shape ``(pieces, degree + 1)``. The interpolation nodes are the Chebyshev points of the
    first kind (coefficients by the discrete cosine sums), so the table is deterministic.
    """
    edges = np.geomspace(lower, upper, pieces + 1)
    j = np.arange(degree + 1)
    nodes = np.cos(np.pi * (j + 0.5) / (degree + 1))
    basis = np.cos(np.pi * np.outer(j, j + 0.5) / (degree + 1)) * (2.0 / (degree + 1))
    basis[0] *= 0.5
    coefs = []
    for a, b in zip(edges[:-1], edges[1:]):
        values = function(0.5 * (a + b) + 0.5 * (b - a) * nodes)
        coefs.append(basis @ values)
    coefs = np.array(coefs)
    edges.setflags(write=False)
    coefs.setflags(write=False)
    return edges, coefs


def chebyshev_evaluate(x: np.ndarray, table) -> np.ndarray:
    """Evaluate a :func:`chebyshev_table` at points ``x`` inside its range (Clenshaw)."""
    edges, coefs = table
    piece = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(coefs) - 1)
    out = np.empty(x.shape, dtype=coefs.dtype)
    for i in np.unique(piece):
        sel = piece == i
        a, b = edges[i], edges[i + 1]
        t = (2.0 * x[sel] - (a + b)) / (b - a)
        c = coefs[i]
        b1 = np.zeros(t.shape, dtype=c.dtype)
        b2 = np.zeros(t.shape, dtype=c.dtype)
        for ck in c[:0:-1]:
            b1, b2 = 2.0 * t * b1 - b2 + ck, b1
        out[sel] = t * b1 - b2 + c[0]
    return out


def sector_sum(x, rule, block: int = 4096) -> np.ndarray:
    """``sum_j c_j exp(-x t2_j)`` for a :func:`sector_rule` ``(t2, c)``, in blocks."""
    x = np.asarray(x, dtype=float)
    flat = x.reshape(-1)
    t2, c = rule
    out = np.empty(flat.shape, dtype=complex)
    for start in range(0, flat.size, block):
        out[start:start + block] = np.exp(-np.multiply.outer(flat[start:start + block], t2)) @ c
    return out.reshape(x.shape)


def phase_integral(x, series, series_below: float, asymptotic, asymptotic_above: float, table) -> np.ndarray:
    """Complex ``F(x) = int_0^inf exp(i x e^2) g(e) de`` for ``x >= 0``, vectorized.

    Three regions: the small-``x`` series ``sum_n series[n] x^n`` (Horner) below
    ``series_below``; in between, a piecewise Chebyshev table of the rotated-contour rule
    (:func:`sector_rule`, :func:`sector_sum`, :func:`chebyshev_table`); the large-``x``
    expansion ``x^{-1/2} sum_m asymptotic[m] x^{-m}`` from ``asymptotic_above`` on. Each
    point is evaluated by its own region only.
    """
    x = np.asarray(x, dtype=float)
    flat = x.reshape(-1)
    out = np.empty(flat.shape, dtype=complex)
    small = flat < series_below
    large = flat >= asymptotic_above
    middle = ~(small | large)
    if small.any():
        xs = flat[small]
        acc = np.full(xs.shape, series[-1], dtype=complex)
        for coef in series[-2::-1]:
            acc = acc * xs + coef
        out[small] = acc
    if large.any():
        xl = flat[large]
        y = 1.0 / xl
        acc = np.full(xl.shape, asymptotic[-1], dtype=complex)
        for coef in asymptotic[-2::-1]:
            acc = acc * y + coef
        out[large] = acc * np.sqrt(y)
    if middle.any():
        out[middle] = chebyshev_evaluate(flat[middle], table)
    return out.reshape(x.shape)


# --------------------------------------------------------------------------------------
# Two-level master equations with energy-integrated rates
# --------------------------------------------------------------------------------------
#: Fermi edges are resolved over +-EDGE_HALF_WIDTH kT (the window is below 3e-16 beyond).
EDGE_HALF_WIDTH = 36.0
#: Gauss-Legendre panels per piece of a Fermi-window rule, at least (resolves kT-wide edges).
PANELS_PER_EDGE = 6
#: Largest phase change of an oscillating integrand across one panel (16 points: ~1e-14).
RADIANS_PER_PANEL = 6.0
#: At kT = 0 the master equation is solved at kT = ZERO_T_FLOOR * max(1, |V|): the Fermi
#: windows are then smooth on the panels, and the result moves by O(ZERO_T_FLOOR^2).
ZERO_T_FLOOR = 1e-10


def _window_rule(mus: np.ndarray, kT: np.ndarray, order: int, phase_rate: float):
    """Nodes and weights (rows: points) covering every Fermi window of ``mus`` at ``kT``.

    The range ``[min mu - H kT, max mu + H kT]`` (``H = EDGE_HALF_WIDTH``) is cut at every
    chemical potential and at ``mu +- H kT``; each piece gets ``PANELS_PER_EDGE``
    Gauss-Legendre panels, or more where the integrand's phase ``phase_rate e^2`` changes by
    more than ``RADIANS_PER_PANEL`` across a panel (the same count for every point of a
    block: the largest).
    """
    half = EDGE_HALF_WIDTH * kT
    cuts = np.concatenate([mus, mus - half[:, None], mus + half[:, None]], axis=1)
    cuts.sort(axis=1)
    lo, hi = cuts[:, :-1], cuts[:, 1:]
    # phase change across each piece (e^2 is monotone on pieces not containing 0)
    span = np.where((lo < 0) & (hi > 0), np.maximum(lo**2, hi**2), np.abs(hi**2 - lo**2))
    panels = np.maximum(PANELS_PER_EDGE, np.ceil(phase_rate * span.max(axis=0) / RADIANS_PER_PANEL)).astype(int)
    x, w = gauss_legendre(order)
    nodes, weights = [], []
    for piece, count in enumerate(panels):
        frac = (np.arange(count)[:, None] + x[None, :]).ravel() / count
        wfrac = np.broadcast_to(w / count, (count, order)).ravel()
        width = hi[:, piece:piece + 1] - lo[:, piece:piece + 1]
        nodes.append(lo[:, piece:piece + 1] + width * frac[None, :])
        weights.append(width * wfrac[None, :])
    return np.concatenate(nodes, axis=1), np.concatenate(weights, axis=1)


def bloch_response(energy_functions, bloch, windows, kT, bias, couplings, *, order: int = 16,
                   phase_rate: float = 0.0, block: int = 64):
    """Steady state and differential response of a two-level master equation.

    The generator is ``d r/dt = M r + b`` (``rho = (1 + r.sigma)/2``), with ``M``, ``b`` and
    an observable ``X = c0 + c.r`` all linear in the energy integrals

        W[p, k] = int de  f(e - a_p V) [1 - f(e - b_p V)]  g_k(e),

    one per Fermi window ``p`` (``windows[p] = (a_p, b_p)``) and energy function ``g_k``.
    The derivative ``dX/dV`` is computed exactly: the integrals of ``d/dV`` of the windows
    give ``M'``, ``b'``, ``c0'``, ``c'``, and ``r' = -M^{-1}(M' r + b')``.

    Parameters
    ----------
    energy_functions : callable
        ``energy_functions(e)`` returns the tuple ``(g_0(e), g_1(e), ...)``.
    bloch : callable
        ``bloch(*W, *couplings)`` with ``W`` flattened window-major; returns the 16 entries
        ``M (row-major, 9), b (3), c0, c (3)``.
    windows : sequence of (float, float)
        Chemical potentials of each window in units of the bias ``V``.
    kT, bias : array_like
        Temperature and bias (same energy unit as ``e`` in ``g_k``).
    couplings : tuple of array_like
        Extra parameters passed to ``bloch``.
    phase_rate : float
        Largest ``d(phase)/d(e^2)`` of the ``g_k``; sets the number of panels.

    Returns
    -------
    (dX_dV, r) : numpy.ndarray
        Broadcast shape, and broadcast shape + (3,). Where the steady state is not unique
        (``M`` singular: a single nonzero coupling gives pure dephasing and ``b = 0``),
        ``r`` is the minimum-norm solution, ``r = 0`` along the undetermined direction.
    """
    arrays = [np.asarray(a, dtype=float) for a in (kT, bias) + tuple(couplings)]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    n = flat[0].size
    win = np.asarray(windows, dtype=float)
    dX = np.empty(n)
    r_all = np.empty((n, 3))
    for start in range(0, n, block):
        sl = slice(start, start + block)
        T, V = flat[0][sl], flat[1][sl]
        J = [a[sl] for a in flat[2:]]
        T = np.maximum(T, ZERO_T_FLOOR * np.maximum(1.0, np.abs(V)))
        mus = V[:, None] * np.unique(win)[None, :]
        nodes, weights = _window_rule(mus, T, order, phase_rate)
        g = np.stack(np.broadcast_arrays(*energy_functions(nodes)), axis=0)  # (k, pts, nodes)
        Tn = T[:, None]
        W, dW = [], []
        for a, b in win:
            f1, f2 = fermi(nodes - a * V[:, None], Tn), fermi(nodes - b * V[:, None], Tn)
            w1, w2 = fermi_window(nodes - a * V[:, None], Tn), fermi_window(nodes - b * V[:, None], Tn)
            window = f1 * (1.0 - f2) * weights
            dwindow = (a * w1 * (1.0 - f2) - b * f1 * w2) * weights
            W += list(np.einsum("kpn,pn->kp", g, window))
            dW += list(np.einsum("kpn,pn->kp", g, dwindow))
        e = np.stack(np.broadcast_arrays(*bloch(*W, *J)), axis=-1)
        de = np.stack(np.broadcast_arrays(*bloch(*dW, *J)), axis=-1)
        M, bvec, c0, c = e[:, :9].reshape(-1, 3, 3), e[:, 9:12], e[:, 12], e[:, 13:16]
        dM, db, dc0, dc = de[:, :9].reshape(-1, 3, 3), de[:, 9:12], de[:, 12], de[:, 13:16]
        Minv = np.linalg.pinv(M, rcond=1e-13)
        r = -np.einsum("pij,pj->pi", Minv, bvec)
        dr = -np.einsum("pij,pj->pi", Minv, np.einsum("pij,pj->pi", dM, r) + db)
        dX[sl] = dc0 + np.einsum("pi,pi->p", dc, r) + np.einsum("pi,pi->p", c, dr)
        r_all[sl] = r
    return dX.reshape(shape), r_all.reshape(shape + (3,))
