"""The code generator's options, in one typed place.

:class:`CodegenConfig` is the API; :func:`add_arguments` builds the ``qsym generate`` flags
from its fields and :func:`from_arguments` reads them back, so the two cannot drift apart
(the way FFCx builds its command line from its options table). Every field enters the
source hash of the generated modules.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, fields

__all__ = ["CodegenConfig", "add_arguments", "from_arguments"]


def _option(default, help: str, minimum: int | None = None):
    return field(default=default, metadata={"help": help, "minimum": minimum})


@dataclass(frozen=True)
class CodegenConfig:
    """Options of the code generator.

    Parameters
    ----------
    cse : bool
        Eliminate common subexpressions in kernels.
    radial_order : int
        Gauss-Legendre points per panel of radial (k-space) observables.
    radial_fill_points : int
        Geometric breakpoints spread over a radial integrand's momentum scales.
    fermi_line_angles : int
        Trapezoid points in the polar angle of Fermi-line observables.
    fermi_line_order : int
        Gauss-Legendre points per energy panel (width 2 kT) of Fermi-line observables.
    bloch_order : int
        Gauss-Legendre points per energy panel of master-equation responses.
    """

    cse: bool = _option(True, "eliminate common subexpressions in kernels")
    radial_order: int = _option(20, "Gauss-Legendre points per panel of radial observables", 2)
    radial_fill_points: int = _option(20, "geometric breakpoints over a radial integrand's momentum scales", 2)
    fermi_line_angles: int = _option(128, "trapezoid points in the angle of Fermi-line observables", 8)
    fermi_line_order: int = _option(8, "Gauss-Legendre points per energy panel of Fermi-line observables", 2)
    bloch_order: int = _option(16, "Gauss-Legendre points per energy panel of master-equation responses", 2)

    def __post_init__(self):
        for f in fields(self):
            value, minimum = getattr(self, f.name), f.metadata.get("minimum")
            if f.type in ("int", int) and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"CodegenConfig.{f.name} must be an integer; got {value!r}")
            if minimum is not None and value < minimum:
                raise ValueError(f"CodegenConfig.{f.name} must be >= {minimum}; got {value!r}")


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One command-line flag per :class:`CodegenConfig` field, with its default and help."""
    group = parser.add_argument_group("code generation options (qsym.codegen.CodegenConfig)")
    defaults = CodegenConfig()
    for f in fields(CodegenConfig):
        default = getattr(defaults, f.name)
        text = f"{f.metadata['help']} (default: {default})"
        if f.type in ("bool", bool):
            group.add_argument(_flag(f.name), dest=f"codegen_{f.name}", action=argparse.BooleanOptionalAction,
                               default=default, help=text)
        else:
            group.add_argument(_flag(f.name), dest=f"codegen_{f.name}", type=int, default=default, metavar="N",
                               help=text)


def from_arguments(args: argparse.Namespace) -> CodegenConfig:
    """The :class:`CodegenConfig` the flags of :func:`add_arguments` describe."""
    return CodegenConfig(**{f.name: getattr(args, f"codegen_{f.name}") for f in fields(CodegenConfig)})
