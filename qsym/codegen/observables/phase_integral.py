"""Phase integrals ``F(x) = int_0^inf exp(i x e^2) g(e) de`` (x >= 0, g even, analytic and
decaying in the sector 0 <= arg e <= pi/4): the exact series, a Chebyshev table of the
rotated-contour rule built at import, and the asymptotic series. Emitted before the kernels,
which call ``_<name>(x)`` through functions that print themselves as its real or imaginary
part. Runtime: :mod:`qsym.runtime.phase_integral`."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...reference import Reference
from ..context import EmitContext
from ..specs import ObservableSpec
from . import emit

__all__ = ["PhaseIntegral"]


@dataclass(frozen=True)
class PhaseIntegral(ObservableSpec):
    r"""Spec of :math:`F(x) = \int_0^\infty e^{ixe^2} g(e)\,de`.

    The generated module gets a private complex function ``_<name>(x)``: the exact series
    ``sum_n series[n] x^n`` below ``series_below``, the rotated-contour rule
    (:func:`qsym.runtime.phase_integral.sector_rule` with ``rule_edges``, ``rule_order``) in
    between, and ``x^{-1/2} sum_m asymptotic[m] x^{-m}`` from ``asymptotic_above`` on. In
    between, the rule is tabulated at import as ``table_pieces`` Chebyshev interpolants of
    degree ``table_degree`` on geometric pieces. SymPy functions that stand for parts of
    ``F`` print themselves as ``numpy.real(_<name>(x))`` (or ``imag``).
    """

    name: str
    variable: sp.Symbol
    weight: sp.Basic
    series: tuple
    series_below: float
    asymptotic: tuple
    asymptotic_above: float
    rule_edges: tuple
    rule_order: int
    reference: Reference
    table_pieces: int = 24
    table_degree: int = 24

    prelude = True
    runtime_module = "phase_integral"

    def public_names(self) -> tuple[str, ...]:
        return ()  # private: kernels evaluate it


def _number(value) -> str:
    """Deterministic Python literal of an exact real or complex SymPy number (17 digits)."""
    z = complex(sp.N(value, 30))
    if isinstance(sp.sympify(value), sp.Expr) and sp.sympify(value).is_real:
        return repr(z.real)
    return repr(z)


@emit.register
def _(spec: PhaseIntegral, ctx: EmitContext) -> str:
    upper = spec.name.upper()
    rt = ctx.runtime("phase_integral")
    weight = ctx.printer.doprint(spec.weight.subs(spec.variable, sp.Symbol("z")))
    series = ",\n".join("    " + _number(c) for c in spec.series)
    asym = ",\n".join("    " + _number(c) for c in spec.asymptotic)
    return "\n".join([
        f"_{upper}_SERIES = (\n{series},\n)",
        "",
        "",
        f"_{upper}_ASYMPTOTIC = (\n{asym},\n)",
        "",
        "",
        f"def _{spec.name}_weight(z):",
        f"    return {weight}",
        "",
        "",
        f"_{upper}_RULE = {rt}.sector_rule(_{spec.name}_weight, {tuple(spec.rule_edges)!r}, {spec.rule_order})",
        f"_{upper}_TABLE = {rt}.chebyshev_table(lambda x: {rt}.sector_sum(x, _{upper}_RULE), "
        f"{spec.series_below!r}, {spec.asymptotic_above!r}, {spec.table_pieces}, {spec.table_degree})",
        "",
        "",
        f"def _{spec.name}(x):",
        f'    """int_0^inf exp(i x e^2) ({sp.sstr(spec.weight)}) de as a complex array '
        f"({ctx.reference(spec.reference)}):",
        f"    exact series for x < {spec.series_below!r}, Chebyshev table of the rotated-contour rule up to "
        f"{spec.asymptotic_above!r}, asymptotic series beyond.\"\"\"",
        f"    return {rt}.evaluate(x, _{upper}_SERIES, {spec.series_below!r}, _{upper}_ASYMPTOTIC, "
        f"{spec.asymptotic_above!r}, _{upper}_TABLE)",
    ])
