"""Observable kinds: one module per kind, holding its spec (a dataclass subclassing
:class:`qsym.codegen.specs.ObservableSpec`) and its emitter, registered by type with
``@emit.register``. See ``qsym/codegen/README.md`` for how to add a kind.
"""

from __future__ import annotations

from functools import singledispatch

__all__ = ["emit", "RadialObservable", "FermiEdge", "FermiLineObservable", "PhaseIntegral", "BlochResponse",
           "TightBinding", "BandGeometry"]


@singledispatch
def emit(spec, ctx) -> str:
    """The generated source of an observable spec; each kind registers its own emitter."""
    raise TypeError(f"no emitter registered for {type(spec).__name__}; import its module in "
                    "qsym/codegen/observables/__init__.py")


# Registration: importing a kind's module registers its emitter.
from .bloch import BlochResponse  # noqa: E402
from .fermi_line import FermiLineObservable  # noqa: E402
from .phase_integral import PhaseIntegral  # noqa: E402
from .radial import FermiEdge, RadialObservable  # noqa: E402
from .tight_binding import TightBinding  # noqa: E402
from .band_geometry import BandGeometry  # noqa: E402
