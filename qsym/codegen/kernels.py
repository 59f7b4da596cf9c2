"""Emission of kernels: a private CSE'd function per kernel (per option value), a dispatch
table for options, and the public function that validates, broadcasts and documents."""

from __future__ import annotations

import sympy as sp

from ..latex import latex
from .context import EmitContext
from .public import PublicFunction, signature
from .specs import Kernel

__all__ = ["private_kernels", "dispatch", "emit_kernel", "formula"]


def formula(kernel: Kernel) -> str | None:
    """The LaTeX formula for the docstring (omitted when it would be unreadably long)."""
    if kernel.latex:
        return kernel.latex
    if _nodes(kernel.expr, LATEX_NODES) > LATEX_NODES:      # far beyond 600 characters: not printed at all
        return None
    text = latex(kernel.expr)
    return text if len(text) < 600 else None


#: Expression-tree nodes beyond which a kernel's LaTeX cannot fit the docstring's 600 characters
#: (printing a large kernel only to drop it was most of a large model's generation time).
LATEX_NODES = 400


def _nodes(expr, limit: int) -> int:
    """The number of nodes of ``expr`` (a tuple: of its items), counted up to ``limit + 1``."""
    count = 0
    for item in (expr if isinstance(expr, tuple) else (expr,)):
        for _ in sp.preorder_traversal(sp.sympify(item)):
            count += 1
            if count > limit:
                return count
    return count


def _option_suffix(key: tuple) -> str:
    return "__" + "_".join(str(v) for v in key)


def private_kernels(kernel: Kernel, ctx: EmitContext) -> tuple[str, str | None]:
    """Source of the private function(s) and, with options, of the dispatch table (and of
    the table of which optional arguments each option value needs)."""
    params = [a.name for a in kernel.args]
    rename = {a.symbol: sp.Symbol(a.name) for a in kernel.args}

    def exprs(e):
        items = list(e) if isinstance(e, tuple) else [e]
        return [sp.sympify(x).xreplace(rename) for x in items]

    if not kernel.options:
        return ctx.private_function(f"_{kernel.name}", params, exprs(kernel.expr)), None
    chunks, table = [], []
    for key in sorted(kernel.expr):
        fname = f"_{kernel.name}{_option_suffix(key)}"
        chunks.append(ctx.private_function(fname, params, exprs(kernel.expr[key])))
        table.append(f"    {key!r}: {fname},")
    table_src = f"_{kernel.name.upper()}_TABLE = {{\n" + "\n".join(table) + "\n}"
    optional = [a for a in kernel.args if a.optional]
    if optional:
        needs = []
        for key in sorted(kernel.expr):
            used = sp.sympify(kernel.expr[key]).free_symbols
            needs.append(f"    {key!r}: {tuple(a.name for a in optional if a.symbol in used)!r},")
        table_src += f"\n\n\n_{kernel.name.upper()}_NEEDS = {{\n" + "\n".join(needs) + "\n}"
    return "\n\n\n".join(chunks), table_src


def dispatch(kernel: Kernel, public_name: str) -> str:
    """Expression selecting the private function (by the option values, if any)."""
    if not kernel.options:
        return f"_{kernel.name}"
    opts = ", ".join(f'"{o.name}": {o.name}' for o in kernel.options)
    return f'runtime.choose("{public_name}", {{{opts}}}, _{kernel.name.upper()}_TABLE)'


def emit_kernel(kernel: Kernel, ctx: EmitContext) -> str:
    """The private function(s), dispatch tables and public function of one kernel."""
    params = [a.name for a in kernel.args]
    private, table = private_kernels(kernel, ctx)
    notes = [f"Last axis: components ({', '.join(kernel.components)})."] if kernel.components else []
    channels = [a.name for a in kernel.args if a.channel]
    if channels:
        notes.append(f"Summed over channels: one value of {', '.join(channels)} per channel.")
    prologue = []
    optional = [a.name for a in kernel.args if a.optional]
    if optional:
        opts = ", ".join(f'"{o.name}": {o.name}' for o in kernel.options)
        given = ", ".join(f'"{n}": {n}' for n in optional)
        prologue.append(f'runtime.check_optional("{kernel.name}", {{{opts}}}, {{{given}}}, '
                        f'_{kernel.name.upper()}_NEEDS)')
    if channels:
        mask = tuple(a.channel for a in kernel.args)
        body = f"return runtime.channel_sum({dispatch(kernel, kernel.name)}, ({', '.join(params)},), {mask!r})"
    else:
        runner = "blockwise_components" if kernel.components else "blockwise"
        body = f"return runtime.{runner}({dispatch(kernel, kernel.name)}, {', '.join(params)})"
    public = PublicFunction(
        kernel.name, signature(kernel.args, kernel.options), kernel.summary, kernel.args, kernel.units,
        ctx.reference(kernel.reference), kernel.constraints, None if kernel.options else formula(kernel),
        tuple(notes), kernel.options, tuple(prologue), (body,))
    head = private + ("\n\n\n" + table if table else "")
    return head + "\n\n\n" + public.render(ctx)
