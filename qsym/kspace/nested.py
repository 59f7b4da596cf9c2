"""The trapezoid rule with a smooth weight (:mod:`.thermal`) on nested grids, each twice as fine
as the last and evaluated only where the integrand is not negligible (the shells within the
weight's reach of the Fermi energies for a Fermi-surface integral, the occupied region for a
Fermi-sea one).

A grid *counts* towards the error estimate only when it resolves the weight: neighbouring
nodes whose energies straddle or enter a shell differ by at most ``weight.resolved`` (4 kT for
the Fermi function, whose trapezoid error then falls as exp(-2 pi^2 kT / (h |v|)), from 7% on
the first counting grid to 1e-3 and 5e-8 on the next two: the leading Poisson term throughout).
The estimate needs three counting grids (below, ``error = inf``): with ``e_a``, ``e_b`` the
differences of the two earlier ones from the latest, the error of the latest is taken to fall
by at least the factor of the last doubling, ``e_b (e_b / e_a)`` (``2 max(e_a, e_b)`` when the
differences do not fall). Where a tolerance is met while the last doubling shrank the differences
by less than 1000 (grids early in their decay, whose errors then fall far faster: after 0.1,
by 2e-5 on a tilted Dirac cone), one grid more is taken, so that the bound stays near the
error rather than thousands of times above it. The asymptotic exp(-a n), whose factor would square with each
doubling, is not assumed: where the Fermi velocity varies along the Fermi line the errors
mix rates, and on a lattice Dirac model at kT = 2 meV they fell by 1.4e-4 and then by 5.7e-5
per doubling (an extrapolation as (e_b / e_a)^1.5 claimed 1.3e-15 against a true 4.6e-14).
Where the differences change sign between the two earlier grids, the errors are a sum of
competing terms (Poisson terms from different parts of the Fermi line, with phases set by where
the grid's nodes fall), and the middle grid may sit on a cancellation that makes the last
doubling look faster than the decay is: the factor taken is then ``sqrt(e_b / e_a)``. (On a
lattice Dirac model at kT = 1e-4 the errors went -4.6e-5, +1.5e-8, +8.0e-12: ratios 3.3e-4 and
then 5.3e-4, against 3.9e-5 for the same doubling on a box 7% larger; the last-doubling factor
claimed 5.0e-12.) The groups' filled parts (``form="filled"``) meet the box's edge,
where the rule is O(h^2): ``max(e_b, e_a / 4)``.

The Hermite weight of order N comes with the orders N + 1 and N - 1 as companions:
``d_up = |I_(N+1) - I_N|`` and ``d_low = |I_N - I_(N-1)|``. Where the errors fall with the order
(``d_up <= d_low / 3``) and the next one is at most half the last, ``|e_N| <= 2 d_up``: a bound
one order above the value, so that it stays near the error. (A bound from the orders below,
``d_low``, is safe but as loose as the ratio of successive errors, which varies unpredictably:
from 0.003 to 0.03-0.26 between orders 2-3 and 3-4 on one lattice Dirac model, 0.016 then
3e-4 on another.) Where they do not fall the bound is ``2 max(d_up, d_low)`` (the caller then
narrows the weight).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .accuracy import Outcome, rounding, tolerance
from .grid import evaluate_points, singular
from .thermal import thermal_rule

__all__ = ["Level", "full_level", "coarser", "thermal_grids", "predicted_points"]


@dataclass
class Level:
    """The nodes of one grid (``n`` cells per axis, ``d`` axes) that were evaluated: sorted linear
    indices into the (n + 1)^d node grid, per group the energies (N,) and integrands (N, C), and
    the complete cells among them as the positions of their 2^d corners (Ncells, 2^d), corner
    q in {0, 1}^d at column sum_a q_a 2^(d-1-a)."""

    n: int
    d: int
    index: np.ndarray
    E: list
    X: list
    cells: np.ndarray

    def coords(self) -> np.ndarray:
        return np.stack(np.unravel_index(self.index, (self.n + 1,) * self.d), axis=1)


def _corner_offsets(d: int, n: int) -> np.ndarray:
    """Linear offsets of the 2^d corners of a cell in the (n + 1)^d node grid (C order)."""
    strides = (n + 1) ** np.arange(d - 1, -1, -1)
    return np.array([np.dot(q, strides) for q in np.ndindex(*(2,) * d)])


def full_level(nodes, n: int) -> Level:
    """A fully evaluated grid from grid-shaped ``[(E, X), ...]``."""
    d = nodes[0][0].ndim
    index = np.arange((n + 1) ** d)
    lower = np.ravel_multi_index(tuple(np.stack(np.meshgrid(*[np.arange(n)] * d, indexing="ij")).reshape(d, -1)),
                                 (n + 1,) * d)
    cells = lower[:, None] + _corner_offsets(d, n)[None, :]
    return Level(n, d, index, [E.ravel() for E, _ in nodes], [X.reshape(-1, X.shape[-1]) for _, X in nodes], cells)


def coarser(nodes, n: int, step: int) -> Level:
    """The full grid ``step`` times coarser than the grid-shaped ``nodes`` (a subgrid: no
    evaluations)."""
    d = nodes[0][0].ndim
    sl = (slice(None, None, step),) * d
    return full_level([(E[sl], X[sl]) for E, X in nodes], n // step)


def _any_within(sorted_mu, lo, hi):
    """Whether some mu lies in [lo, hi], elementwise."""
    return np.searchsorted(sorted_mu, lo, side="left") < np.searchsorted(sorted_mu, hi, side="right")


def _edge_columns(d: int):
    """Pairs of corner columns (i, j) of a cell that are neighbours along some axis."""
    corners = list(np.ndindex(*(2,) * d))
    col = {q: c for c, q in enumerate(corners)}
    return [(col[q], col[q[:a] + (1,) + q[a + 1:]]) for q in corners for a in range(d) if q[a] == 0]


def _any_within(sorted_mu, lo, hi):
    """Whether some mu lies in [lo, hi], elementwise."""
    return np.searchsorted(sorted_mu, lo, side="left") < np.searchsorted(sorted_mu, hi, side="right")


def _relevant(lo, hi, margin, mu, theta, width, form):
    """Cells whose energies (corner range widened by ``margin``) reach where the integrand is
    not negligible for some eF."""
    lo, hi = lo - margin, hi + margin
    if form == "surface":
        return _any_within(np.sort(mu), lo - width, hi + width)
    keep = np.zeros(lo.shape, bool)
    empty, full = mu[theta == 0], mu[theta == 1]      # f above the group's empty edge, 1 - f below its full one
    if empty.size:
        keep |= lo <= empty.max() + width
    if full.size:
        keep |= hi >= full.min() - width
    return keep


def survey(level: Level, mu, theta, width: float, form: str):
    """``(rows, step, near)``: the rows of ``level.cells`` that the next grid refines (corner
    energies, widened by the largest step between neighbours, within reach of the integrand's
    support), the largest energy step between neighbours in cells that straddle or enter a shell
    of half-width ``width`` about some eF (0 if none does): the grid resolves the weight when it
    is small enough, and whether some cell, so widened, reaches a shell (a Fermi pocket may hide
    inside it)."""
    mu_sorted = np.sort(mu)
    keep = np.zeros(level.cells.shape[0], bool)
    step, near = 0.0, False
    for g, E in enumerate(level.E):
        Ec = E[level.cells]
        lo, hi = Ec.min(axis=1), Ec.max(axis=1)
        edge = np.max([np.abs(Ec[:, i] - Ec[:, j]) for i, j in _edge_columns(level.d)], axis=0)
        hit = _any_within(mu_sorted, lo - width, hi + width)
        if hit.any():
            step = max(step, float(np.max(edge[hit])))
        margin = float(np.max(edge, initial=0.0))
        near = near or bool(np.any(_any_within(mu_sorted, lo - margin - width, hi + margin + width)))
        keep |= _relevant(lo, hi, margin, mu, theta[g], width, form)
    return np.nonzero(keep)[0], step, near


def refine(level: Level, rows, bands, b) -> tuple[Level, int]:
    """The grid twice as fine inside the cells ``rows``: their 3^d half-step nodes (the 2^d
    corners copied, the others evaluated once each) and their 2^d sub-cells."""
    d, n = level.d, 2 * level.n
    parents = level.cells[rows]                                         # (P, 2^d) positions
    lower = np.stack(np.unravel_index(level.index[parents[:, 0]], (level.n + 1,) * d), axis=1)
    local = np.array(list(np.ndindex(*(3,) * d)))                       # the 3^d nodes of a parent
    cand = np.ravel_multi_index(tuple((2 * lower[:, None, :] + local[None]).reshape(-1, d).T), (n + 1,) * d)
    index, inverse = np.unique(cand, return_inverse=True)
    inverse = inverse.reshape(parents.shape[0], local.shape[0])
    lin = {tuple(o): k for k, o in enumerate(local)}
    known = np.zeros(index.size, bool)
    E = [np.empty(index.size) for _ in level.E]
    X = [np.empty((index.size, x.shape[1])) for x in level.X]
    for c, q in enumerate(np.ndindex(*(2,) * d)):                     # the parents' corners
        pos = inverse[:, lin[tuple(2 * np.array(q))]]
        known[pos] = True
        for g in range(len(E)):
            E[g][pos], X[g][pos] = level.E[g][parents[:, c]], level.X[g][parents[:, c]]
    new = np.nonzero(~known)[0]
    if new.size:
        h = (b[:, 1] - b[:, 0]) / n
        pts = b[:, 0] + np.stack(np.unravel_index(index[new], (n + 1,) * d), axis=1) * h
        for g, (e, x) in enumerate(evaluate_points(bands, pts)):
            E[g][new], X[g][new] = e, x
    corners = list(np.ndindex(*(2,) * d))
    cells = np.concatenate([np.stack([inverse[:, lin[tuple(np.add(s, q))]] for q in corners], axis=1)
                            for s in corners])
    return Level(n, d, index, E, X, cells), int(new.size)


def level_rule(level: Level, b, mu, weights, form, theta):
    """(values per weight, magnitude, tail bound) per eF of the trapezoid rule on the evaluated
    nodes of ``level``: a list of (nmu, C) arrays and two (nmu, C) arrays."""
    c = level.coords()
    w = np.prod(np.where((c == 0) | (c == level.n), 0.5, 1.0), axis=1)
    h = (b[:, 1] - b[:, 0]) / level.n
    scale = np.prod(h) / (2 * np.pi) ** level.d
    values, mag, tail = [0.0] * len(weights), 0.0, 0.0
    reach = max(weight.singular_reach for weight in weights)
    for g in range(len(level.E)):
        X = level.X[g] * w[:, None]
        undefined = np.isnan(X).any(axis=1)
        if undefined.any():              # band touchings: allowed only where the weight vanishes
            E = level.E[g][undefined]
            near = _relevant(E, E, 0.0, mu, theta[g], reach, form)
            if near.any():
                i = np.nonzero(undefined)[0][np.argmax(near)]
                raise singular(b[:, 0] + c[i] * h, g, f"at an energy within {reach:.3g} of the Fermi energies")
            X[undefined] = 0.0
        vs, a, t = thermal_rule(level.E[g], X, mu, weights, form, theta[g])
        values = [v + x * scale for v, x in zip(values, vs)]
        mag, tail = mag + a * scale, tail + t * scale
    return values, mag, tail


def estimate(history, form):
    """Error bound of the latest grid from the values of the trailing counting grids."""
    latest = history[-1][1]
    if len(history) < 3:
        return np.full_like(latest, np.inf)
    da, db = history[-3][1] - latest, history[-2][1] - latest
    ea, eb = np.abs(da), np.abs(db)
    if form == "filled":               # O(h^2) at the box's edge: the last difference is 3x the error
        return np.maximum(eb, ea / 4)
    with np.errstate(divide="ignore", invalid="ignore"):
        falling = (ea > eb) & (eb > 0)
        ratio = np.where(falling, eb / ea, 0.0)
        # falling at least by the factor of the last doubling, or by its square root where the
        # errors changed sign, and the middle grid may sit on a cancellation (see the module notes)
        ratio = np.where(np.sign(da) * np.sign(db) < 0, np.sqrt(ratio), ratio)
        return np.where(falling, eb * ratio, np.where(ea + eb == 0, 0.0, 2 * np.maximum(ea, eb)))


def predicted_points(first: Level, b, mu, weight, form, theta, shell_measure) -> float:
    """k-points the nested grids would evaluate to reach three counting grids: the doublings
    until a grid resolves the weight, two more, and on the finest the nodes within its reach
    (``shell_measure(w)`` = sum over eF of int d^dk delta(E - eF) times a width w) or in the
    occupied region (Fermi-sea forms)."""
    _, step, _ = survey(first, mu, theta, weight.reach, form)
    if step == 0:
        return 0.0
    d = first.d
    doublings = max(0, int(np.ceil(np.log2(step / weight.resolved)))) + 2
    n = first.n * 2 ** doublings
    h = (b[:, 1] - b[:, 0]) / n
    keep = np.zeros(first.index.size, bool)         # first-grid nodes in the union of the shells / region
    for g, E in enumerate(first.E):
        keep |= _relevant(E, E, 0.0, mu, theta[g], weight.reach, form)
    region = max(float(keep.mean()), 1.0 / first.index.size) * 1.5 * (n + 1) ** d
    if form == "surface":          # thin shells: their measure (overlapping shells of many eF: the union)
        v = step / float(np.min((b[:, 1] - b[:, 0]) / first.n))
        nodes = min(shell_measure(2 * weight.reach + 8 * float(np.max(h)) * v) / np.prod(h), region)
    else:
        nodes = region
    return 2.0 * float(nodes)


def _stalled(history, error, tol) -> bool:
    """Whether refining further cannot help: four grids resolve the weight, yet for some
    unconverged entry the differences from the latest do not fall between the last three."""
    if len(history) < 4:
        return False
    latest = history[-1][1]
    e = [np.abs(h[1] - latest) for h in history[-4:-1]]
    open_ = error > tol
    return bool(np.any(open_ & (e[1] <= 2 * e[2]) & (e[0] <= 2 * e[1])))


def _early(history, est, rnd, form) -> bool:
    """Whether a met tolerance rests on grids early in their exponential decay: the last
    doubling shrank the differences by less than 1000 (``e_b / e_a > 1e-3``), where the errors
    then fall far faster than the assumed ``e_b / e_a`` (by 2e-5 after 0.1 on a tilted Dirac
    cone), and the estimate is not already at the rounding floor."""
    if form == "filled" or len(history) < 3:
        return False
    latest = history[-1][1]
    ea, eb = np.abs(history[-3][1] - latest), np.abs(history[-2][1] - latest)
    with np.errstate(divide="ignore", invalid="ignore"):
        slow = (ea > eb) & (eb > 1e-3 * ea)
    return bool(np.any(slow & (est > 100 * rnd)))


def truncation(value, companions):
    """The truncation bound from the values of the companion weights (orders N + 1, N - 1)."""
    if not companions:
        return np.zeros_like(value)
    d_up = np.abs(companions[0] - value)
    if len(companions) < 2:
        return 2 * d_up
    d_low = np.abs(value - companions[1])
    return np.where(d_up <= d_low / 3, 2 * d_up, 2 * np.maximum(d_up, d_low))


def thermal_grids(bands, b, nodes, mu, weight, form, theta, *, rtol, atol, max_points, progress,
                  companions=(), first: Level | None = None, floor: float = 0.0):
    """The trapezoid rule with ``weight`` on nested grids from the first grid (already evaluated,
    not counted here) until the estimate meets the tolerance or the next grid would pass
    ``max_points``; ``companions``, lower-order weights, add the truncation bound.

    ``nodes`` is the evaluated first grid (grid-shaped), ``first`` its :func:`full_level`.
    Returns an :class:`~.accuracy.Outcome`."""
    width = weight.reach
    n0 = nodes[0][0].shape[0] - 1
    first = first or full_level(nodes, n0)
    levels = [coarser(nodes, n0, s) for s in (4, 2) if n0 % s == 0 and n0 // s >= 2] + [first]
    history, points = [], 0

    def evaluate(lv):
        values, mag, tail = level_rule(lv, b, mu, [weight, *companions], form, theta)
        value, other = values[0], values[1:]
        cells, step, near = survey(lv, mu, theta, width, form)
        # a grid counts if it resolves the weight; one on which no neighbours reach a shell counts
        # only if no cell does either (else a Fermi pocket may hide inside a cell)
        counts = step <= weight.resolved and (step > 0 or not near)
        return cells, counts, value, mag, other, tail

    stalled = False
    for lv in levels:
        cells, counts, value, mag, other, tail = evaluate(lv)
        history = history + [(lv.n, value)] if counts else []
    current = levels[-1]
    confirmed = False
    while True:
        est = estimate(history, form) if history else np.full_like(value, np.inf)
        cut = truncation(value, other)
        error = est + cut + tail + rounding(current.index.size, mag)
        tol = tolerance(value, mag, rtol, atol, floor)
        converged = bool(np.all(error <= tol))
        progress(f"{weight.kind} weight of width {weight.scale:.3g}: grid {current.n}^{current.d}, "
                 f"{current.index.size} nodes there, {len(history)} resolve it", error, tol)
        if converged:
            if confirmed or not _early(history, est, rounding(current.index.size, mag), form):
                break
            confirmed = True           # one grid more, for a bound near the error (see the module notes)
        if _stalled(history, error, tol):
            stalled = True
            break
        if cells.shape[0] == 0:          # nothing near any shell: the integral is empty, and exact
            error = rounding(current.index.size, mag) + 0 * value
            converged = bool(np.all(error <= tol))
            break
        if points + cells.shape[0] * (2 ** current.d - 1) > max_points:
            break
        current, added = refine(current, cells, bands, b)
        points += added
        cells, counts, value, mag, other, tail = evaluate(current)
        history = history + [(current.n, value)] if counts else []
    reached = (f"grid {current.n}^{current.d} with the {weight.kind} weight of width {weight.scale:.3g} "
               f"({len(history)} of the grids resolve it; 3 are needed for an estimate)")
    if stalled:
        reached = (f"the differences between grids stopped falling at grid {current.n}^{current.d}: the integrand "
                   f"is not smooth there, or is rounding noise (largest |integral of |X|| {float(np.max(mag)):.2g}: a "
                   "response that vanishes by symmetry)")
    return Outcome(value, error, mag, tuple((b[:, 1] - b[:, 0]) / current.n), points, converged, reached, cut)
