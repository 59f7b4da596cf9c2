"""The one builder of public generated functions: signature, NumPy-style docstring (formula,
parameters with units and ranges, returns, raises, notes, the paper reference), input
validation, then the body an emitter supplies."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import sympy as sp

from ..prose import plain
from .specs import Arg, Option

__all__ = ["PublicFunction", "signature", "validation", "option_docs"]


def signature(args: tuple[Arg, ...], options: tuple[Option, ...] = (), leading: tuple[str, ...] = ()) -> str:
    """Positional arguments, then positional options, then ``*``, keyword-only options,
    keyword-only arguments (optional ones default to None) and options with defaults."""
    if any(a.optional and not a.keyword_only for a in args):
        raise ValueError("optional arguments must be keyword-only")
    pos = list(leading) + [a.name for a in args if not a.keyword_only]
    pos += [o.name for o in options if o.default is None and not o.keyword_only]
    kw = [o.name for o in options if o.default is None and o.keyword_only]
    kw += [a.name + ("=None" if a.optional else "") for a in args if a.keyword_only]
    kw += [f"{o.name}={o.default!r}" for o in options if o.default is not None]
    return ", ".join(pos + (["*"] + kw if kw else []))


def validation(args: tuple[Arg, ...], constraints: tuple[str, ...] = (), function: str | None = None) -> list[str]:
    """Lines converting and checking every argument, then (for ``function``) that their shapes
    broadcast together, then ``constraints``: the lines checking the conditions between them
    (:meth:`PublicFunction.constraint_checks`)."""
    out = []
    for a in args:
        opts = [f'units="{a.units}"'] if a.units else []
        if a.allow_infinite:
            opts.append("allow_infinite=True")
        if a.lower is not None:
            opts.append(f"lower={a.lower!r}")
        if a.lower_open:
            opts.append("lower_open=True")
        if a.upper is not None:
            opts.append(f"upper={a.upper!r}")
        if a.nonzero:
            opts.append("nonzero=True")
        if a.magnitude is not None:
            opts.append(f"magnitude=({float(a.magnitude[0])!r}, {float(a.magnitude[1])!r})")
        if a.beyond:
            opts.append(f"beyond={a.beyond!r}")
        convert = "as_channels" if a.channel else "as_real_array"
        line = f'runtime.{convert}("{a.name}", {", ".join([a.name] + opts)})'
        if a.optional:  # unused by the chosen option (checked before): a placeholder
            line = f"0.0 if {a.name} is None else {line}"
        out.append(f"{a.name} = {line}")
    arrays = [a.name for a in args if not a.channel]
    if function is not None and len(arrays) > 1:
        out.append(f'runtime.broadcastable("{function}", ' + ", ".join(f"{n}={n}" for n in arrays) + ")")
    return out + list(constraints)


def option_docs(options) -> list[str]:
    out = []
    for o in options:
        default = f"; default {o.default!r}" if o.default is not None else ""
        out += [f"{o.name} : str", f"    {o.description}; one of {', '.join(map(repr, o.values))}{default}."]
    return out


def _args_doc(args: tuple[Arg, ...], leading: tuple[str, ...] = ()) -> list[str]:
    out = ["Parameters", "----------"] + list(leading)
    for a in args:
        kind = "sequence (one value per channel)" if a.channel else "array_like"
        out.append(f"{a.name} : {kind}" + (", optional" if a.optional else ""))
        out.append(f"    {plain(a.description)} [{a.units or 'dimensionless'}]; allowed: {a.range_text()}.")
    return out


@dataclass
class PublicFunction:
    """A public function of a generated module.

    ``prologue`` runs before the arguments are converted (e.g. checks of optional
    arguments), ``body`` after; the docstring is built from the rest. ``leading_docs`` documents
    arguments that are not :class:`Arg` (validated by the runtime the body calls), ``returns``
    replaces the default Returns section.
    """

    name: str
    signature: str
    summary: str
    args: tuple[Arg, ...]
    units: str
    reference: str
    constraints: tuple = ()
    formula: str | None = None
    notes: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    prologue: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    raises: tuple[str, ...] = ()
    leading_docs: tuple[str, ...] = ()
    returns: tuple[str, ...] | None = None

    def docstring(self) -> str:
        lines = [self.summary, ""]
        if self.formula:
            lines += [".. math::", "", "    " + self.formula, ""]
        lines += _args_doc(self.args, self.leading_docs) + option_docs(self.options)
        returns = self.returns or ("numpy.ndarray", f"    Broadcast over the arguments, in {self.units}.")
        lines += ["", "Returns", "-------", *returns]
        lines += ["", "Raises", "------", "ValueError"]
        if self.constraints:
            lines += ["    If an argument is not finite or outside its range, or unless " +
                      "; ".join(c.message for c in self.constraints) + "."]
        else:
            lines += ["    If an argument is not finite or outside its range."]
        for reason in self.raises:
            lines += [f"    Also if {reason}."]
        if self.notes:
            lines += ["", "Notes", "-----"] + list(self.notes)
        lines += ["", f"Reference: {self.reference}."]
        body = "\n".join(lines).replace('"""', r"\"\"\"")
        return 'r"""' + body + '\n"""'

    def constraint_checks(self, ctx) -> tuple[list[str], list[str]]:
        """Each constraint as a private function of the arguments it involves (which compiled
        backends compile like any kernel; one per distinct condition in a module) and the line
        requiring that it hold at every point."""
        privates, lines = [], []
        for c in self.constraints:
            used = [a for a in self.args if a.symbol in c.condition.free_symbols]
            condition = c.condition.xreplace({a.symbol: sp.Symbol(a.name) for a in used})
            key = (condition, tuple(a.name for a in used))
            name = ctx.constraints.get(key)
            if name is None:
                name = ctx.constraints[key] = f"_constraint{len(ctx.constraints)}"
                privates.append(ctx.private_function(name, [a.name for a in used], [condition]))
            call = ", ".join([name] + [a.name for a in used])
            lines.append(f"runtime.require(runtime.holds({call}), {c.message!r})")
        return privates, lines

    def render(self, ctx) -> str:
        """The constraints' private functions, then the public function."""
        privates, checks = self.constraint_checks(ctx)
        out = [f"def {self.name}({self.signature}):", textwrap.indent(self.docstring(), "    ")]
        lines = list(self.prologue) + validation(self.args, checks, self.name) + list(self.body)
        return "\n\n\n".join(privates + ["\n".join(out + ["    " + ln for ln in lines])])
