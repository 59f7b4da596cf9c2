"""Code-generation backends: one folder each, all fed by the same emission.

A backend turns what the emitters produce for a derivation into one module of its own:

* :mod:`.numpy` writes ``generated/<name>.py``: the public functions (signatures, NumPy-style
  docstrings with units and ranges, input validation) and their private kernels as array
  expressions. It is the reference and the fallback: it needs nothing but NumPy.
* :mod:`.numba` writes ``generated/numba/<name>.py``: compiled twins of the NumPy module's
  private kernels (scalar loops over the points) and fused loops for the observables that ask
  for them. The NumPy module adopts them at import where numba is installed
  (:mod:`qsym.runtime.compiled`); public functions stay the NumPy module's own.

``README.md`` beside this file says what a backend provides and how to add one (an array-API
backend for a GPU, say).
"""

from __future__ import annotations

import importlib
import types

__all__ = ["BACKENDS", "get"]

#: Every backend, in the order they are generated (the NumPy module comes first: the others
#: compile its private functions).
BACKENDS = ("numpy", "numba")


def get(name: str) -> types.ModuleType:
    """The backend package ``name`` (one of :data:`BACKENDS`)."""
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {name!r}")
    return importlib.import_module(f"{__name__}.{name}")
