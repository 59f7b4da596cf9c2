"""Band geometry by numerical diagonalization: for an N-band Hamiltonian with no closed-form
bands, the generated module evaluates H(k) and dH/dk (both derived symbolically, CSE'd) and
:mod:`qsym.runtime.band_geometry` diagonalizes them in batches and forms each group's energy,
velocity, quantum metric, Berry curvature and BCP. One public function per quantity and group."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..public import PublicFunction, signature
from ..specs import Arg, ObservableSpec
from . import emit

__all__ = ["BandGeometry"]

QUANTITIES = ("energy", "velocity", "quantum_metric", "berry_curvature", "bcp")


@dataclass(frozen=True)
class BandGeometry(ObservableSpec):
    """Spec: ``hamiltonian`` H(k) and ``velocity`` (dH/dk_i, one matrix per momentum) in the
    symbols of ``momenta`` and ``parameters``; ``groups`` (band indices, in order of energy) with
    their ``group_names``; ``units`` per quantity; ``floor``: the smallest distance [energy] from a
    group to another band at which the geometry is evaluated."""

    name: str
    summary: str
    reference: Reference
    momenta: tuple[Arg, ...]
    parameters: tuple[Arg, ...]
    hamiltonian: sp.Matrix
    velocity: tuple
    groups: tuple
    group_names: tuple
    units: tuple
    energy_unit: str
    floor: float

    runtime_module = "band_geometry"

    def public_names(self) -> tuple[str, ...]:
        return tuple(f"{q}_{g}" for g in self.group_names for q in QUANTITIES)


def _components(dim: int, quantity: str) -> str:
    names = "xyz"[:dim]
    comps = [a + b for i, a in enumerate(names) for b in names[i:]]
    curv = ["xy"] if dim == 2 else ["yz", "zx", "xy"]
    return {"velocity": ", ".join(names), "quantum_metric": ", ".join(comps), "bcp": ", ".join(comps),
            "berry_curvature": ", ".join(curv)}.get(quantity, "")


@emit.register
def _(spec: BandGeometry, ctx: EmitContext) -> str:
    from ...runtime.band_geometry import touching_message

    rt = ctx.runtime("band_geometry")
    rename = {a.symbol: sp.Symbol(a.name) for a in spec.momenta + spec.parameters}
    ks, params = [a.name for a in spec.momenta], [a.name for a in spec.parameters]
    entries = [sp.sympify(e).xreplace(rename) for m in (spec.hamiltonian, *spec.velocity) for e in sp.Matrix(m)]
    private = ctx.private_function(f"_{spec.name}_hamiltonian_entries", ks + params, entries)
    n, dim = sp.Matrix(spec.hamiltonian).shape[0], len(spec.momenta)
    units = dict(spec.units)
    out = [private]
    for group, gname in zip(spec.groups, spec.group_names):
        for q in QUANTITIES:
            comps = _components(dim, q)
            last = f" Last axis: components ({comps})." if comps and not (q == "berry_curvature" and dim == 2) else ""
            call = (f"return {rt}.evaluate(_{spec.name}_hamiltonian_entries, ({', '.join(ks)},), ({', '.join(params)},),"
                    f" {n}, {dim}, {tuple(group)!r}, {q!r}, {spec.floor!r}, {spec.energy_unit!r})")
            public = PublicFunction(
                f"{q}_{gname}", signature(spec.momenta + spec.parameters),
                f"{q.replace('_', ' ').capitalize()} of band group {gname} (bands {', '.join(map(str, group))} in "
                f"order of energy) of {spec.summary}, by numerical diagonalization.",
                spec.momenta + spec.parameters, units[q], ctx.reference(spec.reference),
                raises=(touching_message(spec.floor, spec.energy_unit),),
                notes=("H(k) and dH/dk are generated from the derivation; the eigenproblem is solved per point "
                       "(batched numpy.linalg.eigh) and the geometry summed over the group's states." + last,),
                returns=("numpy.ndarray", f"    Broadcast over the arguments, in {units[q]}.{last}"),
                body=(call,))
            out.append(public.render(ctx))
    return "\n\n\n".join(out)
