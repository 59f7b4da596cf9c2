"""The documented domain of every public generated function, read from its docstring (the
contract a user reads), and hypothesis strategies that draw from the whole of it.

A parameter line reads ``name : array_like`` followed by ``... [units]; allowed: RANGE.``
with RANGE a comma-separated list of ``any real``, ``>= x``, ``> x``, ``<= x``, ``!= 0``,
``lo <= |name| <= hi``, ``|name| <= hi``, ``inf allowed``.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

def _papers() -> tuple[str, ...]:
    """Every paper's derivation the registry finds (a new package is covered without a list)."""
    from qsym import registry

    return tuple(n for n in registry.names() if not hasattr(registry.module(n), "MODEL"))


#: The user models whose kernels are drawn from their domains: one of each kind (Clifford 2 x 2,
#: degenerate 4 x 4, diagonalized numerically, 3D); the others share their generated code paths.
MODEL_SAMPLE = ("bhz_both_spins", "rashba_zeeman", "spin1", "tilted_dirac", "weyl_pair")
MODULES = tuple(sorted(set(_papers()) | set(MODEL_SAMPLE)))

#: Options (strings, dimensions) and per-channel sequences are not ranges: drawn from these.
CHOICES = {
    "ijk": ("xxx", "xxy", "xyy", "yyy", "yxx"),
    "theory": ("WPD", "LKA", "QK"),
    "dim": (1, 2, 3),
    "symmetry": ("orthogonal", "symplectic"),
}


@dataclass(frozen=True)
class Domain:
    """Allowed values of one numeric parameter."""

    name: str
    lower: float = -math.inf
    lower_open: bool = False
    upper: float = math.inf
    nonzero: bool = False
    smallest: float = 0.0          # smallest |x| of a nonzero value
    largest: float = math.inf      # largest |x|
    channel: bool = False
    optional: bool = False

    def contains(self, x: float) -> bool:
        if x == 0:
            return not self.nonzero and self.lower <= 0 <= self.upper and not (self.lower_open and self.lower == 0)
        ok_lower = x > self.lower if self.lower_open else x >= self.lower
        return ok_lower and x <= self.upper and self.smallest <= abs(x) <= self.largest

    def magnitudes(self) -> st.SearchStrategy:
        """|x| log-uniform over the allowed magnitudes, the bounds themselves included."""
        lo = max(self.smallest, 1e-300)
        hi = min(self.largest, 1e300)
        edges = [v for v in (self.smallest, self.largest) if 0 < v < math.inf]
        inner = st.floats(math.log10(lo), math.log10(hi)).map(lambda e: 10.0**e)
        return st.one_of(st.sampled_from(edges), inner) if edges else inner

    def values(self) -> st.SearchStrategy:
        signs = [s for s in (1.0, -1.0) if self.contains(s * min(max(self.smallest, 1.0), self.largest))]
        signed = st.tuples(st.sampled_from(signs), self.magnitudes()).map(lambda t: t[0] * t[1])
        options = [signed.filter(self.contains)]
        if self.contains(0.0):
            options.append(st.just(0.0))
        return st.one_of(*options)


def parse_range(name: str, text: str, channel: bool = False, optional: bool = False) -> Domain:
    """The :class:`Domain` of ``name`` from its ``allowed:`` text."""
    fields = {"name": name, "channel": channel, "optional": optional}
    for part in (p.strip() for p in text.rstrip(".").split(",")):
        if part in ("any real", "inf allowed"):
            continue
        if part == "!= 0":
            fields["nonzero"] = True
        elif m := re.fullmatch(r"(\S+) <= \|\w+\| <= (\S+)", part):
            fields["smallest"], fields["largest"] = float(m.group(1)), float(m.group(2))
        elif m := re.fullmatch(r"\|\w+\| <= (\S+)", part):
            fields["largest"] = float(m.group(1))
        elif m := re.fullmatch(r"(>=|>) (\S+)", part):
            fields["lower"], fields["lower_open"] = float(m.group(2)), m.group(1) == ">"
        elif m := re.fullmatch(r"<= (\S+)", part):
            fields["upper"] = float(m.group(1))
        else:
            raise ValueError(f"{name}: cannot read the range {part!r} of {text!r}")
    return Domain(**fields)


def domains(function) -> dict[str, Domain]:
    """The documented domain of each numeric parameter of a generated function."""
    out = {}
    pattern = r"\n\s+(\w+) : ([^\n]*)\n\s+[^\n]*; allowed: ([^\n]*)"
    for name, kind, text in re.findall(pattern, function.__doc__):
        out[name] = parse_range(name, text, channel="per channel" in kind, optional="optional" in kind)
    return out


def public_functions():
    """(module name, function name, function) of every public generated function that maps
    arrays to arrays (its Returns section says ``numpy.ndarray``). The tight-binding builders,
    which return blocks, sparse matrices or slices of a lattice, have their own tests."""
    out = []
    for mod_name in MODULES:
        mod = importlib.import_module(f"generated.{mod_name}")
        out += [(mod_name, n, getattr(mod, n)) for n in mod.__all__ if returns_array(getattr(mod, n))]
    return out


def returns_array(function) -> bool:
    returns = function.__doc__.split("Returns", 1)[-1].split("-------", 1)[-1].split()
    return bool(returns) and returns[0] == "numpy.ndarray"


def arguments(function, draw) -> dict:
    """Keyword arguments for ``function`` drawn from its documented domain (hypothesis
    ``draw``); options from :data:`CHOICES`; optional arguments only where needed."""
    params = inspect.signature(function).parameters
    doms = domains(function)
    kwargs = {}
    for name in params:
        if name in CHOICES:
            kwargs[name] = draw(st.sampled_from(CHOICES[name]))
        elif name in doms and doms[name].channel:
            kwargs[name] = draw(st.lists(doms[name].values(), min_size=1, max_size=3))
        elif name in doms and not doms[name].optional:
            kwargs[name] = draw(doms[name].values())
    if "mean_free_path" in params and kwargs.get("dim") in (1, 3):
        kwargs["mean_free_path"] = draw(doms["mean_free_path"].values())
    if "alphas" in kwargs and "ls" in kwargs:  # one value per channel, same length
        n = min(len(kwargs["alphas"]), len(kwargs["ls"]))
        kwargs["alphas"], kwargs["ls"] = kwargs["alphas"][:n], kwargs["ls"][:n]
    return kwargs


def is_constraint_error(function, error: ValueError) -> bool:
    """Whether ``error`` is a documented coupled constraint (listed under Raises), not a
    complaint about a single parameter that was drawn inside its own range."""
    raises = " ".join(function.__doc__.split("Raises", 1)[-1].split("Notes", 1)[0].split())
    message = " ".join(str(error).split())
    return len(message) > 10 and (message in raises or message[:50] in raises)


def finite(result) -> bool:
    arrays = result if isinstance(result, tuple) else (result,)
    return all(np.all(np.isfinite(np.asarray(a))) for a in arrays)
