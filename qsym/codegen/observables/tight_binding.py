r"""Tight-binding builders: a nearest-neighbour model on a cubic lattice, given by its symbolic
on-site block, layer-potential matrix and hoppings, and its Bloch Hamiltonian H(k) with the
velocities dH/dk, becomes six public functions: the numeric blocks, the sparse film
Hamiltonian, the position commutators on the torus, the transfer-matrix slices of a bar, and
H(k) and dH/dk vectorized over k. Runtime: :mod:`qsym.runtime.tight_binding`."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..public import PublicFunction, signature
from ..specs import Arg, ObservableSpec
from . import emit

__all__ = ["TightBinding"]


@dataclass(frozen=True)
class TightBinding(ObservableSpec):
    r"""Spec of a nearest-neighbour model on an a x a x c lattice, o orbitals per site.

    ``onsite``, ``potential`` and ``hoppings`` (T_x, T_y, T_z) are o x o matrices in the
    ``parameters``' symbols (the derivation's steps: one source of truth); ``bloch`` is H(k) in
    the wave numbers, the layer potential and the parameters, ``velocity`` its three
    derivatives dH/dk_alpha. The generated functions are ``<name>_blocks``,
    ``<name>_film_hamiltonian``, ``<name>_position_commutators``, ``<name>_bar_slices``,
    ``<name>_bloch_hamiltonian`` and ``<name>_bloch_velocity``.
    """

    name: str
    summary: str
    units: str
    reference: Reference
    parameters: tuple[Arg, ...]
    wave_numbers: tuple[Arg, ...]
    layer_potential: Arg
    onsite: sp.Matrix
    potential: sp.Matrix
    hoppings: tuple
    bloch: sp.Matrix
    velocity: tuple
    steps: tuple[str, ...] = ()

    runtime_module = "tight_binding"

    def public_names(self) -> tuple[str, ...]:
        return tuple(f"{self.name}_{s}" for s in ("blocks", "film_hamiltonian", "position_commutators",
                                                  "bar_slices", "bloch_hamiltonian", "bloch_velocity"))


_STRUCTURE = {
    "L": "L : int\n    Cells along x and along y (>= 2); periodic in both.",
    "Ly": "Ly : int\n    Cells across the bar along y (>= 1); periodic.",
    "Lz": "Lz : int\n    Layers (>= 1); open boundaries in z.",
    "layer_potential": "layer_potential : sequence of Lz floats\n    Layer potential V of each layer, top "
                       "(iz = 0) first [eV]; the on-site block is h_0 + V P.",
    "W": "W : float, optional\n    Anderson disorder [eV]: on-site u_r uniform in [-W/2, W/2] (variance "
         "W^2/12); default 0.",
    "seed": "seed : int, optional\n    Seed of the disorder (``numpy.random.default_rng``); default 0.",
}


def _docs(*names: str) -> tuple[str, ...]:
    return tuple(line for n in names for line in _STRUCTURE[n].split("\n"))


def _entries(*mats) -> list:
    return [e for m in mats for e in sp.Matrix(m)]


@emit.register
def _(spec: TightBinding, ctx: EmitContext) -> str:
    rt = ctx.runtime("tight_binding")
    o = sp.Matrix(spec.onsite).shape[0]
    rename = {a.symbol: sp.Symbol(a.name) for a in spec.parameters + spec.wave_numbers + (spec.layer_potential,)}
    params = [a.name for a in spec.parameters]
    kv = [a.name for a in spec.wave_numbers]

    def entries(*mats):
        return [sp.sympify(e).xreplace(rename) for e in _entries(*mats)]

    private = [
        ctx.private_function(f"_{spec.name}_blocks", params,
                             entries(spec.onsite, spec.potential, *spec.hoppings)),
        ctx.private_function(f"_{spec.name}_bloch_hamiltonian", kv + [spec.layer_potential.name] + params,
                             entries(spec.bloch)),
        ctx.private_function(f"_{spec.name}_bloch_velocity", kv + params, entries(*spec.velocity)),
    ]
    ref = ctx.reference(spec.reference)
    blocks_call = f"_{spec.name}_blocks({', '.join(params)})"
    sparse = ("scipy.sparse.csr_matrix", f"    Complex, {o} L^2 Lz square; sites ordered (ix, iy, iz), iz fastest, "
                                         f"{o} orbitals each [{spec.units}].")
    functions = [
        PublicFunction(f"{spec.name}_blocks", signature(spec.parameters), f"The numeric blocks of {spec.summary}.",
                       spec.parameters, spec.units, ref,
                       returns=("qsym.runtime.tight_binding.LatticeBlocks", f"    On-site h_0, potential matrix P, hoppings (T_x, T_y, "
                                                       f"T_z), complex {o} x {o} [{spec.units}]."),
                       body=(f"return {rt}.blocks_from_entries({blocks_call}, {o})",)),
        PublicFunction(f"{spec.name}_film_hamiltonian",
                       signature(spec.parameters, leading=("L", "Lz", "layer_potential", "W=0.0", "seed=0")),
                       f"Sparse real-space Hamiltonian of an L x L x Lz film of {spec.summary}, periodic in x and "
                       "y, open in z, with a potential per layer and Anderson disorder.",
                       spec.parameters, spec.units, ref, leading_docs=_docs("L", "Lz", "layer_potential", "W", "seed"),
                       returns=sparse, raises=("L < 2, Lz < 1, W < 0, or the lattice is too large to assemble",),
                       body=(f"return {rt}.film_hamiltonian({spec.name}_blocks({_kw(params)}), L, Lz, "
                             "layer_potential, W, seed)",)),
        PublicFunction(f"{spec.name}_position_commutators", signature(spec.parameters, leading=("L", "Lz")),
                       f"The position commutators [x, H] and [y, H] of the L x L x Lz film of {spec.summary} on "
                       "the torus, with minimal-image bond vectors (positions in units of the in-plane lattice "
                       "constant); independent of on-site terms and disorder.",
                       spec.parameters, spec.units, ref, leading_docs=_docs("L", "Lz"),
                       returns=("tuple of two scipy.sparse.csr_matrix", "    [x, H] and [y, H], the sparsity of the "
                                f"film Hamiltonian [{spec.units} x lattice constant]."),
                       body=(f"return {rt}.position_commutators({spec.name}_blocks({_kw(params)}), L, Lz)",)),
        PublicFunction(f"{spec.name}_bar_slices", signature(spec.parameters, leading=("Ly", "Lz", "layer_potential")),
                       f"Transfer-matrix slices of a bar of {spec.summary} along x: the slice Hamiltonian H_(n,n) "
                       "(periodic y, open z) and the hopping H_(n,n+1) between slices.",
                       spec.parameters, spec.units, ref, leading_docs=_docs("Ly", "Lz", "layer_potential"),
                       returns=("(numpy.ndarray, numpy.ndarray)", f"    Dense, complex, {o} Ly Lz square, sites "
                                f"ordered (iy, iz) [{spec.units}]."),
                       body=(f"return {rt}.bar_slices({spec.name}_blocks({_kw(params)}), Ly, Lz, layer_potential)",)),
        PublicFunction(f"{spec.name}_bloch_hamiltonian",
                       signature(spec.wave_numbers + (spec.layer_potential,) + spec.parameters),
                       f"The Bloch Hamiltonian H(k) of {spec.summary} (bulk, with a uniform layer potential).",
                       spec.wave_numbers + (spec.layer_potential,) + spec.parameters, spec.units, ref,
                       returns=("numpy.ndarray", f"    Complex, shape (..., {o}, {o}), broadcast over the wave "
                                f"numbers and the potential [{spec.units}]."),
                       body=(f"return {rt}.matrix(_{spec.name}_bloch_hamiltonian({', '.join(kv)}, "
                             f"{spec.layer_potential.name}, {', '.join(params)}), {o})",)),
        PublicFunction(f"{spec.name}_bloch_velocity", signature(spec.wave_numbers + spec.parameters),
                       f"The velocities dH/dk_alpha (alpha = x, y, z) of {spec.summary}, derived symbolically.",
                       spec.wave_numbers + spec.parameters, spec.units, ref,
                       returns=("numpy.ndarray", f"    Complex, shape (..., 3, {o}, {o}), broadcast over the wave "
                                f"numbers [{spec.units} x length]."),
                       body=(f"return {rt}.matrices(_{spec.name}_bloch_velocity({', '.join(kv + params)}), 3, {o})",)),
    ]
    return "\n\n\n".join(private + [f.render(ctx) for f in functions])


def _kw(names: list[str]) -> str:
    return ", ".join(f"{n}={n}" for n in names)
