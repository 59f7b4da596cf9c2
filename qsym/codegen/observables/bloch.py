"""Master-equation responses: a two-level system whose Bloch matrix, drive and observable
are linear in Fermi-window energy integrals, solved exactly for its steady state and bias
derivative. Two public functions: the response and the steady-state spin. Runtime:
:mod:`qsym.runtime.bloch`."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..public import PublicFunction, signature
from ..specs import Arg, ObservableSpec
from . import emit

__all__ = ["BlochResponse"]


@dataclass(frozen=True)
class BlochResponse(ObservableSpec):
    r"""Spec of a two-level master equation whose rates are Fermi-window energy integrals.

    ``d r/dt = M r + b`` for ``rho = (1 + r.sigma)/2``; ``M``, ``b`` and an observable
    ``X = c0 + c.r`` are linear in the integrals ``integrals[p][k]`` =
    ``int de f(e - a_p V)[1 - f(e - b_p V)] functions[k](e)`` with
    ``windows[p] = (a_p, b_p)``. The generated ``<name>`` returns ``prefactor * dX/dV`` at
    the steady state (solved numerically by :func:`qsym.runtime.bloch.response`, energy
    integrals by quadrature, no expansion); ``<state_name>`` returns the steady-state spin
    ``<S> = r/2``.
    """

    name: str
    state_name: str
    summary: str
    state_summary: str
    units: str
    reference: Reference
    temperature: Arg
    bias: Arg
    couplings: tuple
    energy: sp.Symbol
    windows: tuple
    functions: tuple
    integrals: tuple
    bloch_matrix: sp.Matrix
    bloch_drive: sp.Matrix
    observable: tuple  # (c0, (c_x, c_y, c_z))
    prefactor: sp.Basic = sp.Integer(1)
    phase_rate: float = 0.0

    runtime_module = "bloch"

    def public_names(self) -> tuple[str, ...]:
        return (self.name, self.state_name)


def _helpers(obs: BlochResponse, rename: dict, wnames: list[str], ctx: EmitContext) -> list[str]:
    entries = list(obs.bloch_matrix) + list(obs.bloch_drive) + [obs.observable[0]] + list(obs.observable[1])
    entries = [sp.sympify(e).subs(rename, simultaneous=True) for e in entries]
    funcs = [sp.sympify(f).subs(obs.energy, sp.Symbol("energy")) for f in obs.functions]
    return [
        ctx.private_function(f"_{obs.name}_energy_functions", ["energy"], [sp.Tuple(*funcs)]),
        ctx.private_function(f"_{obs.name}_bloch", wnames + [a.name for a in obs.couplings], [sp.Tuple(*entries)]),
    ]


def coupling_degree(obs: BlochResponse) -> int | None:
    """The degree d with M, b, c0, c all homogeneous of degree d in the couplings (verified
    symbolically), or None."""
    lam = sp.Dummy("lambda", positive=True)
    scaled = {a.symbol: lam * a.symbol for a in obs.couplings}
    entries = [sp.sympify(e) for e in
               list(obs.bloch_matrix) + list(obs.bloch_drive) + [obs.observable[0]] + list(obs.observable[1])]
    degrees = set()
    for e in entries:
        if e == 0:
            continue
        ratio = sp.simplify(e.xreplace(scaled) / e)
        if not (ratio.is_Pow and ratio.base == lam and ratio.exp.is_Integer) and ratio != lam:
            return None
        degrees.add(1 if ratio == lam else int(ratio.exp))
    return degrees.pop() if len(degrees) == 1 else None


def cost_bound_text(obs: BlochResponse) -> str:
    """The exact route's cost bound in the public function's own variables."""
    from ...runtime.bloch import MAX_PHASE
    from ...runtime.fermi import THERMAL_CUTOFF

    reach = max(abs(float(sp.N(x))) for w in obs.windows for x in w)
    limit = (MAX_PHASE / obs.phase_rate) ** 0.5
    return (f"the cost bound of the exact route is exceeded: {reach:g}|{obs.bias.name}| + {THERMAL_CUTOFF:g} "
            f"{obs.temperature.name} > {limit:.4g} (the integrand's phase over the Fermi windows must stay below "
            f"{MAX_PHASE:g} rad; use the texture expansion beyond)")


@emit.register
def _(obs: BlochResponse, ctx: EmitContext) -> str:
    cnames = [a.name for a in obs.couplings]
    rename = {a.symbol: sp.Symbol(a.name) for a in obs.couplings}
    flat = [w for row in obs.integrals for w in row]
    wnames = [f"W{p}_{k}" for p in range(len(obs.integrals)) for k in range(len(obs.integrals[0]))]
    rename.update({w: sp.Symbol(n) for w, n in zip(flat, wnames)})
    helpers = _helpers(obs, rename, wnames, ctx)
    args = (obs.temperature, obs.bias) + tuple(obs.couplings)
    params = [a.name for a in args]
    windows = tuple(tuple(float(sp.N(x)) for x in w) for w in obs.windows)
    pre = ctx.printer.doprint(sp.sympify(obs.prefactor).subs(rename, simultaneous=True))
    rt = ctx.runtime("bloch")
    notes = (
        "The master equation is solved exactly in the energy dependence of its rates: every rate is an",
        "energy integral of a Fermi window times a function of energy, done by composite Gauss-Legendre",
        f"quadrature ({ctx.config.bloch_order} points per panel) with panels cut at the chemical potentials and at",
        "+-``runtime.THERMAL_CUTOFF`` kT around them, enough panels for the oscillation of the integrand",
        f"(``{rt}.response``). The bias derivative is exact (integrals of the differentiated windows",
        "and r' = -M^{-1}(M' r + b')), not a finite difference. kT = 0 is evaluated at",
        f"kT = ``{rt}.ZERO_T_FLOOR`` max(1, |V|).",
    )
    degree = coupling_degree(obs)
    call = (f"{rt}.response(_{obs.name}_energy_functions, _{obs.name}_bloch, {windows!r}, "
            f"{params[0]}, {params[1]}, ({', '.join(cnames)},), order={ctx.config.bloch_order}, "
            f"phase_rate={obs.phase_rate!r}, coupling_degree={degree!r}, names=({params[0]!r}, {params[1]!r}))")
    raises = (cost_bound_text(obs),) if obs.phase_rate else ()
    if degree is not None:
        notes = notes + (f"The rates are homogeneous of degree {degree} in the couplings: they are scaled to",
                         "unit size before the solve (the steady state does not depend on the scale) and the",
                         f"response multiplied back by the scale^{degree}.")
    out = []
    for fname, summary, units, pick, extra in (
            (obs.name, obs.summary, obs.units, f"{pre} * dX", ()),
            (obs.state_name, obs.state_summary, "units of hbar (spin expectation values)", "0.5 * r",
             ("Last axis: components (x, y, z) of <S>.",))):
        public = PublicFunction(fname, signature(args), summary, args, units, ctx.reference(obs.reference),
                                raises=raises, notes=notes + extra, body=(f"dX, r = {call}", f"return {pick}"))
        out.append(public.render(ctx))
    return "\n\n\n".join(helpers + out)
