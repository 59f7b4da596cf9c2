"""Which rule integrates which Fermi energies (see the module notes of :mod:`qsym.kspace`):
the exact thermal grids where they are affordable, the Hermite-smeared grids below, the kT = 0
simplex rules (with the Sommerfeld rule for small kT) where smearing cannot help, and a
diagnosis at once where nothing can."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .accuracy import CUTOFF, INTEGRAND_RTOL, Outcome, tolerance
from .grid import critical_intervals, distance_to_critical, edge_values
from .nested import Level, full_level, predicted_points, thermal_grids
from .refine import zero_temperature_surface
from .sea import zero_temperature_sea
from .simplex import cells_surface
from .sommerfeld import GATE_MARGIN, sommerfeld
from .thermal import fermi, hermite

__all__ = ["Context", "context", "batches", "route", "smearing_width", "SMEARED_KT"]

#: The Hermite weights stand in for -f' at kT only for kT < SMEARED_KT sigma: their moments
#: match -f' to sixth order, and the eighth, which the companions of lower order cannot see,
#: grows as (kT/sigma)^8 8!-fold (at kT = 0.37 sigma a lattice Dirac model's bcd was off by
#: 50 times the truncation bound; kT = 0.01, rtol 1e-4). Above it: thermal grids or Sommerfeld.
SMEARED_KT = 0.1


def smearing_width(delta, rtol: float):
    """The width of the Hermite weight for Fermi energies a distance ``delta`` from the nearest
    critical energy: its companion's truncation, 1.87 (sigma/delta)^6 for a pole at delta, is a
    tenth of rtol, and its reach (9 sigma) stays short of the critical energy."""
    return np.asarray(delta, float) * min((rtol / 10) ** (1 / 6), 1 / 9)


@dataclass
class Context:
    """What every route of one call shares: the band function, the box ``b``, the evaluated
    first grid (``nodes``, ``n0`` cells; ``first`` as a level), the form, the tolerances and
    budget, the groups' energies on the box's faces and the critical energy intervals."""

    bands: object
    b: np.ndarray
    nodes: list
    n0: int
    first: Level
    form: str
    rtol: float
    atol: float | None
    floor: float
    max_points: int
    progress: object
    edges: list
    critical: np.ndarray
    spectrum: float
    periodic: bool = False

    @property
    def h0(self):
        return (self.b[:, 1] - self.b[:, 0]) / self.n0

    @property
    def ncomp(self) -> int:
        return self.nodes[0][1].shape[-1]

    def theta(self, energies):
        """Occupation of each group on the box's edge, per energy: what the Fermi-sea form
        subtracts (nothing for ``form="filled"``, which keeps the filled parts)."""
        if self.form == "filled":
            return np.zeros((len(self.edges), np.size(energies)))
        return np.array([(e.max() < energies).astype(float) for e in self.edges])

    def measure(self, m):
        """``w -> sum over eF of int d^dk delta(E - eF) times w`` on the first grid (surface form)."""
        if self.form != "surface":
            return None
        if getattr(self, "_unit_cells", None) is None:       # the first grid's cells with X = 1, once
            from .refine import _cells

            self._unit_cells = _cells([(E, np.ones(E.shape + (1,))) for E, _ in self.nodes], self.n0)[0]
            self._measures = {}
        m = np.atleast_1d(m)
        new = np.array(sorted({float(x) for x in m} - set(self._measures)))
        if new.size:
            per = sum(cells_surface(Ec, Xc, self.h0, new)[0][:, 0] for Ec, Xc in self._unit_cells)
            self._measures.update(zip(new.tolist(), np.atleast_1d(per).tolist()))
        total = float(sum(self._measures[float(x)] for x in m))
        return lambda w: total * w

    def opts(self, share: float = 1.0) -> dict:
        return dict(rtol=self.rtol * share, atol=None if self.atol is None else self.atol * share,
                    floor=self.floor * share, progress=self.progress)

    def grids(self, m, weight, companions=()) -> Outcome:
        return thermal_grids(self.bands, self.b, self.nodes, m, weight, self.form, self.theta(m),
                             companions=companions, first=self.first, max_points=self.max_points, **self.opts())

    def cost(self, m, weight) -> float:
        return predicted_points(self.first, self.b, m, weight, self.form, self.theta(m), self.measure(m))

    def zero_temperature(self, energies, share: float = 1.0) -> Outcome:
        """kT = 0 integrals at ``energies`` by the simplex method, to ``share`` of the tolerance."""
        if self.form == "surface":
            return zero_temperature_surface(self.bands, self.b, self.nodes, self.n0, energies,
                                            max_points=self.max_points, **self.opts(share))
        return zero_temperature_sea(self.bands, self.b, self.nodes, self.n0, energies, self.theta(energies),
                                    self.form, max_points=self.max_points, **self.opts(share))


def context(bands, b, nodes, n0, form, *, rtol, atol, max_points, progress, periodic: bool = False) -> Context:
    """The shared state of a call: critical energies (band extrema, saddles, touchings; the
    energies on the box's faces, where the box cuts a Fermi surface) and the scale of the
    integral for the rounding floor of every tolerance (one for the whole call, so that a Fermi
    energy in a gap is not held to 1e-12 of its own, vanishing magnitude: the integral of |X|,
    or of ``bands.bound`` where given, per unit energy of the spectrum for the surface form). Over
    one period (``periodic``) the faces cut nothing, and the critical points are sought on the
    grid continued by one node beyond each face, so that those on a face are found too."""
    d = b.shape[0]
    h0 = (b[:, 1] - b[:, 0]) / n0
    edges = [edge_values(E) for E, _ in nodes]
    if periodic:
        wrapped = [(np.pad(E[(slice(0, n0),) * d], ((1, 2),) * d, mode="wrap"), None) for E, _ in nodes]
        critical = critical_intervals(bands, b + np.stack([-h0, h0], axis=1), wrapped)
    else:
        critical = np.concatenate([critical_intervals(bands, b, nodes)] + [[[e.min(), e.max()]] for e in edges])
    total = sum(float(np.nansum(np.abs(X))) for _, X in nodes) * np.prod(h0) / (2 * np.pi) ** d
    if getattr(bands, "bound", None) is not None:
        pts = np.stack([m.ravel() for m in np.meshgrid(*[np.linspace(lo, hi, n0 + 1) for lo, hi in b],
                                                       indexing="ij")], axis=1)
        total = max(total, sum(float(np.sum(x)) for x in bands.bound(*pts.T)) * np.prod(h0) / (2 * np.pi) ** d)
    spectrum = max(float(E.max() - E.min()) for E, _ in nodes) or 1.0
    # no tolerance asks for more than the integrands hold (INTEGRAND_RTOL) of the integral's scale
    floor = INTEGRAND_RTOL * (total / spectrum if form == "surface" else total)
    return Context(bands, b, nodes, n0, full_level(nodes, n0), form, rtol, atol, floor, max_points, progress, edges,
                   critical, spectrum, periodic)


def batches(ctx: Context, m, t: float) -> list:
    """Fermi energies that share their grids: similar distance to the critical energies (the
    same smearing width, within a factor 2), packed while their predicted cost fits max_points,
    so that one expensive Fermi energy does not hold the others back."""
    delta = distance_to_critical(ctx.critical, m)
    key = np.where(np.isfinite(delta) & (delta > 0), np.floor(np.log2(np.where(delta > 0, delta, 1.0))), -999)
    if t > 0:           # Fermi energies the exact thermal grids take share them whatever their distance
        key = np.where(t >= SMEARED_KT * smearing_width(delta, ctx.rtol), 999, key)
    out = []
    for k in np.unique(key):
        members = np.nonzero(key == k)[0]
        if members.size == 1 or ctx.form != "surface":
            out.append(members)
            continue
        sigma = float(np.min(smearing_width(delta[members], ctx.rtol))) if k > -999 else 0.0
        weight = hermite(sigma, t, 4) if sigma > 0 and t < SMEARED_KT * sigma else fermi(max(t, 1e-300))
        if ctx.cost(m[members], weight) <= ctx.max_points:       # all together fit: one batch
            out.append(members)
            continue
        cost = {int(i): ctx.cost(m[[i]], weight) for i in members}
        batch, used = [], 0.0
        for i in sorted(cost, key=cost.get):
            if batch and used + cost[i] > ctx.max_points:
                out.append(np.array(batch))
                batch, used = [], 0.0
            batch.append(i)
            used += cost[i]
        out.append(np.array(batch))
    return out


def _smeared(ctx: Context, m, t: float, delta):
    """The Hermite weight, its width from the distance to the critical energies, narrowed
    (three times, twice at most) while its truncation keeps it from the tolerance."""
    sigma = float(min(np.min(smearing_width(delta, ctx.rtol)), 0.05 * ctx.spectrum))
    out = None
    for _ in range(3):
        weight = hermite(sigma, t, 4)
        if ctx.cost(m, weight) > 2 * ctx.max_points:     # (the prediction has a factor 2 of margin)
            return out
        out = ctx.grids(m, weight, (hermite(sigma, t, 5), hermite(sigma, t, 3)))
        tol = tolerance(out.value, out.magnitude, ctx.rtol, ctx.atol, ctx.floor)
        if out.converged or np.all(out.truncation <= 0.5 * tol):
            return out
        sigma /= 3
    return out


def route(ctx: Context, m, t: float) -> tuple[Outcome, str]:
    """The Outcome for Fermi energies ``m`` at temperature ``t``, and the name of its route."""
    delta = distance_to_critical(ctx.critical, m)
    if ctx.form == "filled" and not ctx.periodic:   # the filled parts meet the box's edge: no smearing, no Sommerfeld
        return (ctx.grids(m, fermi(t)), "thermal grids") if t > 0 else (ctx.zero_temperature(m), "kT = 0 simplex")
    smear = np.all(delta > 0) and t < SMEARED_KT * float(np.min(smearing_width(delta, ctx.rtol)))
    thermal_cost = ctx.cost(m, fermi(t)) if t > 0 else np.inf
    if t > 0 and not smear and thermal_cost <= ctx.max_points:
        return ctx.grids(m, fermi(t)), "thermal grids"
    tries = []
    if smear:
        out = _smeared(ctx, m, t, delta)
        if out is not None and out.converged:
            return out, "Hermite-smeared grids"
        if out is not None:
            tries.append((out, "Hermite-smeared grids"))
    if t == 0:
        tries.append((ctx.zero_temperature(m), "kT = 0 simplex"))
    elif np.all(delta >= (CUTOFF + GATE_MARGIN) * t):
        tries.append((sommerfeld(ctx.zero_temperature, m, t), "Sommerfeld rule over kT = 0 simplex integrals"))
    elif thermal_cost <= 4 * ctx.max_points:
        tries.append((ctx.grids(m, fermi(t)), "thermal grids"))
    if not tries:                     # nothing within reach: say why, at once
        near = float(np.min(delta))
        z = np.zeros((m.size, ctx.ncomp))
        reached = (f"at kT = {t:g} the Fermi energies {', '.join(f'{x:.6g}' for x in m[:4])} lie within {near:.3g} "
                   f"({near / t:.3g} kT) of a critical energy of the bands or of the energies on the box's edge; the "
                   f"thermal grids would need ~{thermal_cost:.2g} k-points (max_points = {ctx.max_points:.2g}). "
                   "Enlarge the box if it is its edge, or raise max_points")
        return Outcome(z, np.full_like(z, np.inf), z.copy(), tuple(ctx.h0), 0, False, reached), "none"
    return min(tries, key=lambda o: (not o[0].converged, float(np.max(o[0].error))))
