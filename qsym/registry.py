"""Finding derivations: every module of the ``derivations`` package that defines ``NAME``
and ``build()``, plus modules registered under the ``qsym.derivations`` entry-point group
(for derivations that live in other packages). qsym never imports a derivation by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from importlib.metadata import entry_points
from types import ModuleType

from .derivation import Derivation

__all__ = ["modules", "names", "get"]


@lru_cache(maxsize=None)
def modules() -> dict[str, ModuleType]:
    """Derivation modules by registry name, sorted by name."""
    found: dict[str, ModuleType] = {}
    try:
        package = importlib.import_module("derivations")
    except ModuleNotFoundError:
        package = None
    if package is not None:
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            mod = importlib.import_module(f"derivations.{info.name}")
            if hasattr(mod, "NAME") and hasattr(mod, "build"):
                found[mod.NAME] = mod
    for ep in entry_points(group="qsym.derivations"):
        mod = ep.load()
        found.setdefault(mod.NAME, mod)
    return dict(sorted(found.items()))


def names() -> list[str]:
    return list(modules())


@lru_cache(maxsize=None)
def get(name: str) -> Derivation:
    """Build (once) and return the derivation registered as ``name``."""
    mods = modules()
    if name not in mods:
        raise KeyError(f"no derivation named {name!r}; available: {', '.join(mods) or 'none'}")
    return mods[name].build()
