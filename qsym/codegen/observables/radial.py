"""Radial observables: an integral over k in [0, inf) of a kernel (the measure included),
on a fixed composite Gauss-Legendre rule with panels at the integrand's momentum scales and
around its Fermi edge. Runtime: :mod:`qsym.runtime.radial`."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..kernels import private_kernels
from ..public import PublicFunction, signature
from ..specs import Arg, Kernel, ObservableSpec
from . import emit

__all__ = ["FermiEdge", "RadialObservable"]


@dataclass(frozen=True)
class FermiEdge:
    """Where an integrand over k has its Fermi edge, for the quadrature's breakpoints.

    ``energy`` is the edge on the band-energy axis (e.g. ``|eF|`` for bands ``+-E_k``),
    ``bottom`` the lowest band energy, ``k_of_energy`` a ``sympy.Lambda`` inverting the
    band energy on k >= 0, and ``kT`` the temperature symbol.
    """

    energy: sp.Basic
    kT: sp.Symbol
    bottom: sp.Basic
    k_of_energy: sp.Lambda


@dataclass(frozen=True)
class RadialObservable(ObservableSpec):
    """An integral over k in [0, inf) of a kernel, generated as a quadrature.

    Parameters
    ----------
    name, summary, units, reference
        As for :class:`~qsym.codegen.specs.Kernel`.
    integrand : Kernel
        Its first argument is the integration variable; the measure (e.g. ``k dk``) is
        part of the integrand.
    scales : tuple of sympy expressions
        Characteristic momentum scales of the integrand (positive), filled geometrically
        with breakpoints.
    fermi_edge : FermiEdge
        Breakpoints around the Fermi edge (``runtime.radial.FERMI_EDGE_OFFSETS``, in kT).
    zero_temperature : sympy expression, optional
        Closed form used where ``kT == 0`` when the integrand contains a thermal window
        (a delta function at T = 0), e.g. a Fermi-surface formula.
    """

    name: str
    summary: str
    units: str
    reference: Reference
    integrand: Kernel
    scales: tuple
    fermi_edge: FermiEdge
    zero_temperature: sp.Basic | None = None

    runtime_module = "radial"

    @property
    def args(self) -> tuple[Arg, ...]:
        return self.integrand.args[1:]

    def kernels(self) -> tuple[Kernel, ...]:
        return (self.integrand,)


@emit.register
def _(obs: RadialObservable, ctx: EmitContext) -> str:
    args = obs.args
    names = {a.symbol: sp.Symbol(a.name) for a in args}
    params = [a.name for a in args]
    fe = obs.fermi_edge
    helpers = []
    ctx.fuse(f"_{obs.integrand.name}", "radial")      # compiled backends: integrand, weights and sum in one loop
    if obs.integrand not in ctx.derivation.kernels:  # otherwise emitted with the kernels
        helpers.append(private_kernels(obs.integrand, ctx)[0])
    scale_fn = f"_{obs.name}_breakpoint_data"
    helpers.append(ctx.private_function(
        scale_fn, params,
        [sp.Tuple(*[s.subs(names) for s in obs.scales]), fe.energy.subs(names), fe.bottom.subs(names)]))
    kfn = f"_{obs.name}_k_of_energy"
    helpers.append(ctx.private_function(kfn, ["energy"] + params, [fe.k_of_energy(sp.Symbol("energy")).subs(names)]))
    if obs.zero_temperature is not None:
        helpers.append(ctx.private_function(f"_{obs.name}_zero_temperature", params,
                                            [obs.zero_temperature.subs(names)]))
    rt = ctx.runtime("radial")
    notes = [
        "Integral over k in [0, inf) by a composite Gauss-Legendre rule "
        f"({ctx.config.radial_order} points per panel)",
        "with panels at the momentum scales of the integrand and around the Fermi edge",
        f"(offsets in kT from ``{rt}.FERMI_EDGE_OFFSETS``, out to the thermal cut-off",
        "``runtime.THERMAL_CUTOFF``), and the tail mapped by k = k_max/u.",
    ]
    body = [f"result = {rt}.integrate_over_k(_{obs.integrand.name}, {scale_fn}, {kfn}, ({', '.join(params)}), "
            f"{names[fe.kT]}, fill_points={ctx.config.radial_fill_points}, order={ctx.config.radial_order})"]
    if obs.zero_temperature is not None:
        notes.append("At kT = 0 the separately derived Fermi-surface form is used (exact), and also for")
        notes.append("0 < kT <= ``runtime.KT_RESOLUTION`` x max(|edge|, |bottom|) of the Fermi edge, where the")
        notes.append("window cannot be resolved in double precision (the thermal correction there is")
        notes.append("~(kT/W)^2, W the energy scale of the integrand; the switch is continuous to ~1e-10).")
        body += [
            'with numpy.errstate(invalid="ignore", divide="ignore"):',
            f"    zero_t = _{obs.name}_zero_temperature({', '.join(params)})",
            f"_, edge, bottom = {scale_fn}({', '.join(params)})",
            f"result = numpy.where(runtime.thermally_unresolved({names[fe.kT]}, edge, bottom), zero_t, result)",
        ]
    body.append(f"return runtime.broadcast(result, {', '.join(params)})")
    public = PublicFunction(obs.name, signature(args), obs.summary, args, obs.units, ctx.reference(obs.reference),
                            obs.integrand.constraints, notes=tuple(notes), body=tuple(body))
    return "\n\n\n".join(helpers) + "\n\n\n" + public.render(ctx)
