"""The canonical text of everything a generated module comes from, and its sha256.

Generic over the specs: a dataclass is its class name and every field; SymPy objects are
their ``srepr``; dicts are sorted. Adding a field to a spec, or a new kind of spec, needs
no change here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import sympy as sp

__all__ = ["canonical", "source_hash"]


def canonical(obj) -> str:
    """A deterministic text of ``obj`` (independent of hash seeds and dict order)."""
    if isinstance(obj, (sp.Basic, sp.MatrixBase)):
        return sp.srepr(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        inner = ", ".join(f"{f.name}={canonical(getattr(obj, f.name))}" for f in dataclasses.fields(obj))
        return f"{type(obj).__name__}({inner})"
    if isinstance(obj, dict):
        return "{" + ", ".join(sorted(f"{canonical(k)}: {canonical(v)}" for k, v in obj.items())) + "}"
    if isinstance(obj, (tuple, list)):
        return "(" + ", ".join(canonical(x) for x in obj) + ",)"
    if isinstance(obj, (str, int, float, bool, type(None))):
        return repr(obj)
    raise TypeError(f"no canonical form for {type(obj).__name__} ({obj!r}); specs hold data, not code")


def source_hash(derivation, config=None) -> str:
    """sha256 of the canonical form of the configuration (default: ``CodegenConfig()``), the
    derivation's identity and every kernel and observable spec: what ``generated/<name>.py`` is
    generated from. Remembered per derivation object (and its numbers of kernels and
    observables: specs are frozen, a derivation only grows while it is built)."""
    if config is None:
        from .config import CodegenConfig

        config = CodegenConfig()
    key = (canonical(config), len(derivation.kernels), len(derivation.observables))
    known = vars(derivation).setdefault("_source_hashes", {})    # {(config, kernels, observables): digest}
    if key not in known:
        known[key] = _digest(derivation, config)
    return known[key]


def _digest(derivation, config) -> str:
    # through a pickle round trip, as the build cache stores them: SymPy rebuilds an expression
    # from its arguments with evaluation (Mul(1/2, Add(...)) distributes), so a derivation built
    # now and one read from the cache hash alike
    parts = [canonical(config), repr((derivation.name, derivation.title, derivation.source, derivation.module))]
    parts += [canonical(pickle.loads(pickle.dumps(k))) for k in derivation.kernels]
    parts += [canonical(pickle.loads(pickle.dumps(o))) for o in derivation.observables]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
