"""What an emitter works with: the derivation, the options, the printer, and the helpers
every kind of generated code shares (CSE'd private functions, paper references, runtime
modules to import)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy as sp

from .backends.numpy.printer import KernelPrinter
from .config import CodegenConfig

__all__ = ["EmitContext", "PrivateFunction"]


@dataclass(frozen=True)
class PrivateFunction:
    """A private function of a generated module, as the NumPy backend emitted it: what other
    backends compile (``fused``: the fused loops its kind asks for, e.g. ``("radial",)``)."""

    name: str
    params: tuple[str, ...]
    exprs: tuple
    fused: tuple[str, ...] = ()


@dataclass
class EmitContext:
    """What an emitter works with. ``privates`` collects every private function emitted, in
    order, for the backends that compile them (:mod:`qsym.codegen.backends`); ``fused`` names
    the private functions an observable kind wants fused loops of (name -> kinds)."""

    derivation: object
    config: CodegenConfig
    printer: KernelPrinter = field(default_factory=KernelPrinter)
    runtime_modules: set = field(default_factory=set)
    privates: list = field(default_factory=list)
    fused: dict = field(default_factory=dict)
    constraints: dict = field(default_factory=dict)     # (condition, arguments) -> its private function

    def fuse(self, name: str, kind: str) -> None:
        """Ask the compiled backends for a fused ``kind`` loop of private function ``name``."""
        self.fused.setdefault(name, ())
        self.fused[name] += (kind,)

    def runtime(self, module: str) -> str:
        """The name under which generated code calls :mod:`qsym.runtime.<module>` (imported by
        the module assembly)."""
        self.runtime_modules.add(module)
        return f"runtime_{module}"

    def reference(self, ref) -> str:
        """'paper, Eq. (n)': the step's own paper when a derivation draws on several."""
        d = self.derivation
        source = ref.source if ref.source not in ("derived", d.source) else d.source
        return f"{source}, {ref}"

    def body(self, exprs: list) -> tuple[list[str], list[str]]:
        """Assignment lines and result expressions for ``exprs``, common subexpressions
        eliminated once over all of them (unless the config says not to; remembered in this
        process, so a second backend printing the same expressions does not repeat the CSE)."""
        subs, reduced = common_subexpressions(tuple(exprs), self.config.cse)
        lines = [f"{self.printer.doprint(sym)} = {self.printer.doprint(val)}" for sym, val in subs]
        return lines, [self.printer.doprint(r) for r in reduced]

    def private_function(self, name: str, params: list[str], exprs: list) -> str:
        """``def name(params): ... return exprs`` with no checks (called in inner loops)."""
        self.privates.append(PrivateFunction(name, tuple(params), tuple(exprs)))
        lines, results = self.body(exprs)
        out = [f"def {name}({', '.join(params)}):"]
        indent = "    "
        if any(sp.sympify(x).has(sp.Piecewise) for x in exprs):
            # numpy.where evaluates every branch; the unselected ones may divide by zero
            out.append('    with numpy.errstate(divide="ignore", invalid="ignore", over="ignore"):')
            indent = "        "
        out += [indent + ln for ln in lines]
        out.append(indent + "return " + ", ".join(results))
        return "\n".join(out)


@functools.lru_cache(maxsize=4096)
def common_subexpressions(exprs: tuple, cse: bool) -> tuple[list, list]:
    """``sympy.cse`` of ``exprs`` (canonical order, symbols ``_x0, _x1, ...``), or nothing
    eliminated without ``cse``."""
    if not cse:
        return [], list(exprs)
    return sp.cse(list(exprs), symbols=sp.numbered_symbols("_x"), order="canonical")
