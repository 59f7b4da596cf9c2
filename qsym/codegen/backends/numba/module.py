"""Assembly of a numba module: for every private function of the NumPy module that prints as
scalar code, a compiled scalar function of the same name (where the fused loops or other
kernels call it), a loop over the points with the same body written in (``<name>__loop``;
``<name>__all`` for a condition) and the fused loops its observable kind asks for
(``<name>__radial``); then ``TWINS``, which :func:`qsym.runtime.compiled.adopt` reads. numba
compiles a function at its first call: the ones nothing calls cost nothing."""

from __future__ import annotations

import re

import sympy as sp

from ...context import EmitContext, PrivateFunction, common_subexpressions
from ..numpy.module import HEADER
from .printer import ScalarPrinter, compilable

__all__ = ["module_source"]

#: Names the loops use themselves; a private function with a parameter of one of them stays NumPy.
RESERVED = frozenset({"at", "njit", "numpy", "runtime", "range"})

IMPORTS = "import numpy\n\nfrom qsym.runtime import jit as runtime\nfrom qsym.runtime.jit import at, njit\n"


def _scalar(f: PrivateFunction, lines: list[str], results: list[str]) -> str:
    body = [f"    {ln}" for ln in lines] + [f"    return {', '.join(results)}"]
    return "@njit\n" + f"def {f.name}({', '.join(f.params)}):\n" + "\n".join(body)


def _inlined(f: PrivateFunction, lines: list[str], indent: str) -> list[str]:
    """The body of ``f`` at point ``_i`` of its arguments ``_a_<name>``, inside a loop."""
    return [f"{indent}{p} = at(_a_{p}, _i)" for p in f.params] + [indent + ln for ln in lines]


def _arrays(f: PrivateFunction) -> str:
    return ", ".join(f"_a_{p}" for p in f.params)


def _point_loop(f: PrivateFunction, lines: list[str], results: list[str]) -> str:
    """``_out[_i]`` (``_out[_i, c]`` for several results) at every point: the body is written
    into the loop (one compilation per kernel, not two)."""
    out = [f"@njit\ndef {f.name}__loop(_out, {_arrays(f)}):", "    for _i in range(_out.shape[0]):"]
    out += _inlined(f, lines, "        ")
    if len(results) > 1:
        out += [f"        _out[_i, {c}] = {r}" for c, r in enumerate(results)]
    else:
        out.append(f"        _out[_i] = {results[0]}")
    return "\n".join(out)


def _all_loop(f: PrivateFunction, lines: list[str], results: list[str]) -> str:
    """Whether a condition holds at every one of ``_n`` points (without branches: the loop
    vectorizes)."""
    out = [f"@njit\ndef {f.name}__all(_n, {_arrays(f)}):", "    _ok = True", "    for _i in range(_n):"]
    out += _inlined(f, lines, "        ") + [f"        _ok &= {results[0]}", "    return _ok"]
    return "\n".join(out)


def _radial_loop(f: PrivateFunction) -> str:
    """The composite Gauss-Legendre rule of :func:`qsym.runtime.quadrature.radial_rule` (panels
    from 0 through the sorted breakpoints ``_b``, the tail mapped by k = k_max/u), each weight
    times the integrand added as it is made; the first parameter is k."""
    rest = f.params[1:]
    values = ", ".join(f"_a{j}" for j in range(len(rest)))
    head = [f"_a{j} = at({p}, _i)" for j, p in enumerate(rest)]
    lines = [
        f"@njit\ndef {f.name}__radial(_out, _x, _w, _b, {', '.join(rest)}):",
        "    for _i in range(_out.shape[0]):",
        *[f"        {ln}" for ln in head],
        "        _s = 0.0",
        "        _lo = 0.0",
        "        for _p in range(_b.shape[1]):",
        "            _hi = _b[_i, _p]",
        "            _h = _hi - _lo",
        "            for _j in range(_x.shape[0]):",
        f"                _s += _h * _w[_j] * {f.name}(_lo + _h * _x[_j], {values})",
        "            _lo = _hi",
        "        for _j in range(_x.shape[0]):",
        f"            _s += _lo * _w[_j] / _x[_j] ** 2 * {f.name}(_lo / _x[_j], {values})",
        "        _out[_i] = _s",
    ]
    return "\n".join(lines)


def _why_not(f: PrivateFunction) -> str | None:
    if any(isinstance(e, (sp.Tuple, sp.MatrixBase, tuple)) for e in f.exprs):
        return "returns nested values"
    if not f.params:
        return "no arguments"
    if any(p in RESERVED or p.startswith("_") for p in f.params):
        return "a parameter name the loops use"
    return None


def _compiled(numpy_ctx: EmitContext, config) -> tuple[list, list[str]]:
    """(function, body lines, results) of every private function that compiles, in order, and
    why each of the others stays NumPy."""
    printer = ScalarPrinter()
    known: set[str] = set()
    out, kept = [], []
    for f in numpy_ctx.privates:
        reason = _why_not(f)
        if reason is None:
            subs, reduced = common_subexpressions(f.exprs, config.cse)
            lines = [f"{printer.doprint(s)} = {printer.doprint(v)}" for s, v in subs]
            results = [printer.doprint(r) for r in reduced]
            reason = compilable(lines + results, known)
        if reason is not None:
            kept.append(f"{f.name} ({reason})")
            continue
        known.add(f.name)
        out.append((f, lines, results))
    return out, kept


def module_source(derivation, config, digest: str, numpy_ctx: EmitContext) -> str:
    """The text of ``generated/numba/<derivation.name>.py`` from the emission context of the
    NumPy module (its private functions and the fused loops its observables asked for). A
    function's scalar form is written only where something calls it: a fused loop or another
    compiled body."""
    compiled, kept = _compiled(numpy_ctx, config)
    text = "\n".join(ln for _, lines, results in compiled for ln in lines + results)
    chunks, twins = [], []
    for f, lines, results in compiled:
        radial = "radial" in numpy_ctx.fused.get(f.name, ())
        if radial or re.search(rf"\b{f.name}\(", text):
            chunks.append(_scalar(f, lines, results))
        chunks.append(_point_loop(f, lines, results))
        entry = [f'"loop": {f.name}__loop']
        entry += [f'"components": {len(results)}'] if len(results) > 1 else []
        if radial:
            chunks.append(_radial_loop(f))
            entry.append(f'"radial": {f.name}__radial')
        if all(isinstance(e, sp.logic.boolalg.Boolean) for e in f.exprs):
            chunks.append(_all_loop(f, lines, results))
            entry.append(f'"holds": {f.name}__all')
        twins.append(f'    "{f.name}": {{{", ".join(entry)}}},')
    doc = (f'"""{derivation.title}: compiled twins (numba backend) of the private kernels of '
           f"``generated/{derivation.name}.py``.\n\n"
           "Adopted by that module at import where numba is installed (``qsym.runtime.compiled``); its public\n"
           "functions, docstrings and input validation are used unchanged. "
           f"{len(twins)} of {len(numpy_ctx.privates)} private functions compiled.\n")
    if kept:
        doc += "\nKept in NumPy:\n\n" + "".join(f"* {k}\n" for k in kept)
    doc += '"""\n'
    table = "TWINS = {\n" + "".join(t + "\n" for t in twins) + "}\n"
    parts = [HEADER.format(module=derivation.module, name=derivation.name, digest=digest), doc, IMPORTS]
    return "\n\n".join(parts + [c + "\n" for c in chunks] + [table])
