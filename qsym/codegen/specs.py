"""What a derivation hands to the code generator: kernel specs and the base of observable
specs. The derivation knows the physics; only :mod:`qsym.codegen` turns specs into text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import sympy as sp

from ..reference import Reference

__all__ = ["Arg", "Constraint", "Option", "Kernel", "ObservableSpec"]


@dataclass(frozen=True)
class Arg:
    """A kernel argument with units and allowed range (validated by generated code).

    Parameters
    ----------
    symbol : sympy.Symbol
        The symbol as it appears in the kernel expression.
    name : str
        The Python argument name.
    units : str
        Units for docstrings and error messages, e.g. ``"eV"``.
    description : str
        One line for the docstring.
    lower, upper : float, optional
        Allowed range; ``lower_open`` makes the lower bound strict.
    nonzero : bool
        Exact zero not allowed.
    keyword_only : bool
        Model parameters are keyword-only in the generated signature.
    optional : bool
        Defaults to ``None`` in the generated signature: needed only by some option values
        (the generated function says which, and rejects it where it is unused).
    allow_infinite : bool
        ``+inf`` is allowed (a length that may be infinite, e.g. no Cooperon gap).
    channel : bool
        One value per channel (a 1-D sequence); the generated function sums the kernel over
        channels. All channel arguments of a kernel must have the same length.
    magnitude : (float, float), optional
        ``(smallest, largest)`` allowed ``|x|`` of a nonzero value: the range over which the
        function is guaranteed finite and accurate (double precision has no room for, say,
        k^4 at k = 1e100). Zero stays allowed or not by the other fields.
    beyond : str, optional
        What to use outside the range (an expansion's exact route, say): added to the error.
    """

    symbol: sp.Symbol
    name: str
    units: str
    description: str
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    nonzero: bool = False
    keyword_only: bool = False
    optional: bool = False
    allow_infinite: bool = False
    channel: bool = False
    magnitude: tuple[float, float] | None = None
    beyond: str = ""

    def range_text(self) -> str:
        parts = []
        if self.lower is not None:
            parts.append(f"{'>' if self.lower_open else '>='} {self.lower:g}")
        if self.upper is not None:
            parts.append(f"<= {self.upper:g}")
        if self.nonzero:
            parts.append("!= 0")
        if self.magnitude is not None:
            lo, hi = self.magnitude
            parts.append(f"{lo:g} <= |{self.name}| <= {hi:g}" if lo > 0 else f"|{self.name}| <= {hi:g}")
        if self.allow_infinite:
            parts.append("inf allowed")
        if not parts:
            return "any real"
        return ("any real, " if self.lower is None and self.upper is None and not self.nonzero else "") + ", ".join(parts)


@dataclass(frozen=True)
class Constraint:
    """A condition coupling several arguments, e.g. ``A**2 - 2*M*B > 0``."""

    condition: sp.Basic
    message: str


@dataclass(frozen=True)
class Option:
    """A discrete choice of a generated function, e.g. ``ijk`` or ``theory``.

    The generated function validates it (ValueError listing ``values``) and dispatches to
    one private function per combination of option values. Values are strings or integers
    (e.g. ``dim`` in 1, 2, 3). Without a default the option is positional, unless
    ``keyword_only``.
    """

    name: str
    values: tuple
    description: str
    default: str | int | None = None
    keyword_only: bool = False


@dataclass(frozen=True)
class Kernel:
    """A pointwise expression to be generated as a vectorized NumPy function.

    The expression must depend only on the symbols of ``args``. Units and reference flow
    into the generated docstring.

    ``components`` names the entries when ``expr`` is a tuple (stacked on a last axis).
    With ``options``, ``expr`` is a dict from a tuple of option values (in the order of
    ``options``) to an expression.

    One source of truth: ``step`` names the derivation step whose expression the kernel
    evaluates. The kernel's expression is that step's expression after the substitutions
    ``step_map`` (applied in order: symbol renames, explicit forms of intermediate symbols,
    guards; all visible here), read entry by entry for component kernels (``step_entries``:
    indices into the step's matrix, default its entries in order) and option kernels (the
    step's matrix indexed by the option values, in the order the options list them, then by
    ``step_entries``). A kernel that is not identical to its step so transformed (a series
    and an asymptotic form stitched together, say) gets a check comparing the two at random
    points of ``step_ranges`` (to ``step_rtol``, or as an identity at 50 digits when
    ``step_rtol`` is None), unless ``checked_by`` names a check of the derivation that does
    so. ``step`` may be a tuple of step names, one per component; ``step_ranges`` a dict of
    sampling intervals per symbol or a tuple of such dicts (one region per regime).
    """

    name: str
    args: tuple[Arg, ...]
    expr: object
    units: str
    summary: str
    reference: Reference
    constraints: tuple[Constraint, ...] = ()
    latex: str | None = None
    components: tuple[str, ...] | None = None
    options: tuple[Option, ...] = ()
    step: str | tuple | None = None
    step_map: dict | None = None
    step_entries: tuple | None = None
    step_rtol: float | None = None
    step_ranges: dict | tuple | None = None
    checked_by: str | None = None

    def _repr_markdown_(self) -> str:
        from ..notebook import kernel_markdown

        return kernel_markdown(self)


class ObservableSpec:
    """Base of everything the code generator emits besides plain kernels.

    A kind of observable is one module of :mod:`qsym.codegen.observables`: a frozen
    dataclass subclassing this (its spec) and an emitter registered for it with
    ``@emit.register``, plus one module of :mod:`qsym.runtime` that the emitted code calls.
    The canonical form for the source hash is computed generically over every field
    (:mod:`qsym.codegen.canonical`); what a kind may override:

    ``public_names()``
        The functions it adds to the generated module's ``__all__`` (default: its name).
    ``kernels()``
        The kernel specs it evaluates (integrands), tied to steps like any kernel.
    ``prelude``
        True if it is emitted before the kernels because they call what it defines.
    ``runtime_module``
        The module of :mod:`qsym.runtime` its code calls (imported as ``runtime_<name>``).
    """

    prelude: ClassVar[bool] = False
    runtime_module: ClassVar[str | None] = None

    def public_names(self) -> tuple[str, ...]:
        return (self.name,)

    def kernels(self) -> tuple[Kernel, ...]:
        return ()
