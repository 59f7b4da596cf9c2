"""Runtime of master-equation responses: a two-level system whose rates are energy
integrals of Fermi windows, solved for its steady state and exact bias derivative."""

from __future__ import annotations

import numpy as np

from .arrays import flatten
from .fermi import THERMAL_CUTOFF, fermi, fermi_window
from .quadrature import gauss_legendre

__all__ = ["MAX_PHASE", "NODE_BUDGET", "PANELS_PER_EDGE", "RADIANS_PER_PANEL", "ZERO_T_FLOOR", "response"]

#: Gauss-Legendre panels per piece of a Fermi-window rule, at least (resolves kT-wide edges).
PANELS_PER_EDGE = 6
#: Largest phase change of an oscillating integrand across one panel (16 points: ~1e-14).
RADIANS_PER_PANEL = 6.0
#: At kT = 0 the master equation is solved at kT = ZERO_T_FLOOR * max(1, |V|): the Fermi
#: windows are then smooth on the panels, and the result moves by O(ZERO_T_FLOOR^2).
ZERO_T_FLOOR = 1e-10
#: Cost bound of the exact route: the largest phase (radians) the integrand may sweep over
#: the Fermi windows, phase_rate (max|mu| + THERMAL_CUTOFF kT)^2. At 1e5 a point needs ~1e6
#: quadrature nodes and ~1 s; beyond, a clear ValueError instead of minutes or MemoryError.
MAX_PHASE = 1e5
#: Quadrature nodes (points x nodes per point) evaluated at once: bounds memory (~100 MB).
NODE_BUDGET = 2_000_000


def _window_rule(mus: np.ndarray, kT: np.ndarray, order: int, phase_rate: float):
    """Nodes and weights (rows: points) covering every Fermi window of ``mus`` at ``kT``.

    The range ``[min mu - H kT, max mu + H kT]`` (``H = THERMAL_CUTOFF``) is cut at every
    chemical potential and at ``mu +- H kT``; each piece gets ``PANELS_PER_EDGE``
    Gauss-Legendre panels, or more where the integrand's phase ``phase_rate e^2`` changes by
    more than ``RADIANS_PER_PANEL`` across a panel (the same count for every point of a
    block: the largest).
    """
    half = THERMAL_CUTOFF * kT
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


def _check_cost(win, kT, bias, phase_rate: float, names) -> np.ndarray:
    """The phase each point sweeps; ValueError naming kT and the bias beyond MAX_PHASE."""
    reach = np.max(np.abs(win)) * np.abs(bias) + THERMAL_CUTOFF * kT
    phase = phase_rate * reach**2
    if phase.size and float(np.max(phase)) > MAX_PHASE:
        i = int(np.argmax(phase))
        T_name, V_name = names
        limit = np.sqrt(MAX_PHASE / phase_rate)
        raise ValueError(
            f"the cost bound of the exact route is exceeded: {np.max(np.abs(win)):g}|{V_name}| + "
            f"{THERMAL_CUTOFF:g} {T_name} > {limit:.4g} at {T_name} = {float(kT.flat[i])!r}, "
            f"{V_name} = {float(bias.flat[i])!r} (the integrand's phase over the Fermi windows would be "
            f"{float(phase.flat[i]):.3g} rad; at most {MAX_PHASE:g} rad, ~1e6 quadrature nodes per point)")
    return phase


def response(energy_functions, bloch, windows, kT, bias, couplings, *, order: int = 16,
             phase_rate: float = 0.0, block: int = 64, coupling_degree: int | None = None,
             names: tuple[str, str] = ("kT", "V")):
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
    coupling_degree : int, optional
        If ``M``, ``b``, ``c0`` and ``c`` are homogeneous of this degree in the couplings (the
        code generator verifies it), the couplings are divided by their largest magnitude per
        point and ``dX/dV`` multiplied back: the steady state does not depend on the scale,
        so tiny or huge couplings neither underflow nor overflow.
    names : (str, str)
        The names of ``kT`` and ``bias`` in error messages.

    Raises
    ------
    ValueError
        Beyond the cost bound ``phase_rate (max|mu| + THERMAL_CUTOFF kT)^2 <= MAX_PHASE``,
        before any work.

    Returns
    -------
    (dX_dV, r) : numpy.ndarray
        Broadcast shape, and broadcast shape + (3,). Where the steady state is not unique
        (``M`` singular: a single nonzero coupling gives pure dephasing and ``b = 0``),
        ``r`` is the minimum-norm solution, ``r = 0`` along the undetermined direction.
    """
    shape, flat = flatten(kT, bias, *couplings)
    n = flat[0].size
    win = np.asarray(windows, dtype=float)
    phase = _check_cost(win, flat[0], flat[1], phase_rate, names)
    J = np.stack(flat[2:], axis=0) if couplings else np.zeros((0, n))
    scale = np.ones(n)
    if coupling_degree is not None and J.size:
        scale = np.max(np.abs(J), axis=0)
        J = J / np.where(scale > 0, scale, 1.0)
    # nodes per point ~ pieces x panels x order; points per block within NODE_BUDGET
    pieces = 3 * np.unique(win).size
    panels = np.maximum(PANELS_PER_EDGE, np.ceil(phase / RADIANS_PER_PANEL)) if phase.size else np.zeros(0)
    rows = int(max(1, min(block, NODE_BUDGET // max(1, int(pieces * order * (panels.max() if n else 1))))))
    dX = np.empty(n)
    r_all = np.empty((n, 3))
    for start in range(0, n, rows):
        sl = slice(start, start + rows)
        dX[sl], r_all[sl] = _solve_block(energy_functions, bloch, win, flat[0][sl], flat[1][sl],
                                         list(J[:, sl]), order, phase_rate)
    if coupling_degree is not None:
        dX = dX * scale**coupling_degree
    return dX.reshape(shape), r_all.reshape(shape + (3,))


def _window_integrals(g, win, nodes, weights, T, V):
    """The energy integrals W and their bias derivatives dW/dV, window-major."""
    Tn = T[:, None]
    W, dW = [], []
    for a, b in win:
        f1, f2 = fermi(nodes - a * V[:, None], Tn), fermi(nodes - b * V[:, None], Tn)
        w1, w2 = fermi_window(nodes - a * V[:, None], Tn), fermi_window(nodes - b * V[:, None], Tn)
        window = f1 * (1.0 - f2) * weights
        dwindow = (a * w1 * (1.0 - f2) - b * f1 * w2) * weights
        W += list(np.einsum("kpn,pn->kp", g, window))
        dW += list(np.einsum("kpn,pn->kp", g, dwindow))
    return W, dW


def _solve_block(energy_functions, bloch, win, T, V, J, order: int, phase_rate: float):
    """Steady state r and dX/dV for one block of (T, V, couplings) points."""
    T = np.maximum(T, ZERO_T_FLOOR * np.maximum(1.0, np.abs(V)))
    mus = V[:, None] * np.unique(win)[None, :]
    nodes, weights = _window_rule(mus, T, order, phase_rate)
    g = np.stack(np.broadcast_arrays(*energy_functions(nodes)), axis=0)  # (k, pts, nodes)
    W, dW = _window_integrals(g, win, nodes, weights, T, V)
    e = np.stack(np.broadcast_arrays(*bloch(*W, *J)), axis=-1)
    de = np.stack(np.broadcast_arrays(*bloch(*dW, *J)), axis=-1)
    M, bvec, c = e[:, :9].reshape(-1, 3, 3), e[:, 9:12], e[:, 13:16]
    dM, db, dc0, dc = de[:, :9].reshape(-1, 3, 3), de[:, 9:12], de[:, 12], de[:, 13:16]
    Minv = np.linalg.pinv(M, rcond=1e-13)
    r = -np.einsum("pij,pj->pi", Minv, bvec)
    dr = -np.einsum("pij,pj->pi", Minv, np.einsum("pij,pj->pi", dM, r) + db)
    return dc0 + np.einsum("pi,pi->p", dc, r) + np.einsum("pi,pi->p", c, dr), r
