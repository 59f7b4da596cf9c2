"""What an emitter works with: the derivation, the options, the printer, and the helpers
every kind of generated code shares (CSE'd private functions, paper references, runtime
modules to import)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .config import CodegenConfig
from .printer import KernelPrinter

__all__ = ["EmitContext"]


@dataclass
class EmitContext:
    derivation: object
    config: CodegenConfig
    printer: KernelPrinter = field(default_factory=KernelPrinter)
    runtime_modules: set = field(default_factory=set)

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
        eliminated once over all of them (unless the config says not to)."""
        if self.config.cse:
            subs, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("_x"), order="canonical")
        else:
            subs, reduced = [], exprs
        lines = [f"{self.printer.doprint(sym)} = {self.printer.doprint(val)}" for sym, val in subs]
        return lines, [self.printer.doprint(r) for r in reduced]

    def private_function(self, name: str, params: list[str], exprs: list) -> str:
        """``def name(params): ... return exprs`` with no checks (called in inner loops)."""
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
