"""One source of truth for kernels: every kernel evaluates a derivation step.

A :class:`~qsym.derivation.Kernel` names the step it evaluates (``step``) and the
substitutions that turn the step's expression into the kernel's (``step_map``). Either the
kernel's expression *is* that transformed step expression (by reference: nothing was typed
twice), or a check compares the two: the one :func:`kernel_check` builds (random points in
the kernel's domain), or a check of the derivation that declares ``kernel=<name>``.
"""

from __future__ import annotations

import random

import sympy as sp

from .checks import CheckResult, _is_finite_number, largest, sample_point, symbolic_equal

__all__ = ["step_expression", "kernel_entries", "is_by_reference", "kernel_provenance", "kernel_check",
           "default_ranges"]


def _apply_map(expr, step_map):
    step_map = step_map or {}
    keys = set(step_map)
    if all(isinstance(k, sp.Symbol) for k in keys) and not any(
            keys & sp.sympify(v).free_symbols for v in step_map.values()):
        # symbols to expressions free of them: one simultaneous replacement, the same result as
        # sequential subs and much faster for the many intermediate symbols of a model
        rep = {k: sp.sympify(v) for k, v in step_map.items()}
        return expr.applyfunc(lambda e: e.xreplace(rep)) if isinstance(expr, sp.MatrixBase) else expr.xreplace(rep)
    for old, new in step_map.items():
        expr = expr.applyfunc(lambda e: e.subs(old, new)) if isinstance(expr, sp.MatrixBase) else expr.subs(old, new)
    return expr


def _keys(kernel) -> list:
    return sorted(kernel.expr) if kernel.options else [None]


def kernel_entries(kernel) -> list:
    """The kernel's expressions as a flat list: per option key (sorted), per component."""
    out = []
    for key in _keys(kernel):
        value = kernel.expr[key] if key is not None else kernel.expr
        out += [sp.sympify(v) for v in value] if isinstance(value, tuple) else [sp.sympify(value)]
    return out


def step_expression(derivation, kernel) -> list:
    """The step's expression, after ``step_map``, as a flat list in the order of
    :func:`kernel_entries`. Raises ``KeyError``/``ValueError`` if the step does not fit."""
    if isinstance(kernel.step, tuple):  # one step per component
        return [_apply_map(derivation[name].expr, kernel.step_map) for name in kernel.step]
    expr = _apply_map(derivation[kernel.step].expr, kernel.step_map)
    if kernel.options:
        if not isinstance(expr, (sp.MatrixBase, sp.NDimArray)):
            raise ValueError(f"kernel {kernel.name} has options, but step {kernel.step} is not a matrix "
                             "indexed by the option values")
        out = []
        for key in _keys(kernel):
            index = tuple(opt.values.index(v) for opt, v in zip(kernel.options, key)) + tuple(kernel.step_entries or ())
            entry = expr[index] if len(index) > 1 or expr.shape[1:] != (1,) else expr[index[0]]
            value = kernel.expr[key]
            if isinstance(value, tuple):
                raise ValueError(f"kernel {kernel.name}: options with components are not supported")
            out.append(entry)
        return out
    if kernel.components or isinstance(kernel.expr, tuple):
        if isinstance(expr, sp.MatrixBase):
            return [expr[i] for i in kernel.step_entries] if kernel.step_entries else list(expr)
        if isinstance(expr, (sp.Tuple, tuple)):
            return [expr[i] for i in kernel.step_entries] if kernel.step_entries else list(expr)
        raise ValueError(f"kernel {kernel.name} has components, but step {kernel.step} is not a tuple or matrix")
    return [expr]


def is_by_reference(derivation, kernel) -> bool:
    """Whether the kernel's expression is structurally its step's (after ``step_map``)."""
    try:
        expected = step_expression(derivation, kernel)
    except (KeyError, ValueError, IndexError):
        return False
    got = kernel_entries(kernel)
    return len(got) == len(expected) and all(a == b for a, b in zip(got, expected))


def kernel_provenance(derivation, kernel) -> str | None:
    """How the kernel's expression is tied to a step: ``"reference"``, ``"check <name>"``,
    ``None`` (no step named) or ``"error: ..."``."""
    if kernel.step is None:
        return None
    for name in kernel.step if isinstance(kernel.step, tuple) else (kernel.step,):
        try:
            derivation[name]
        except KeyError:
            return f"error: step {name!r} does not exist"
    checks = {c.name: c for c in derivation.checks}
    if kernel.checked_by is not None:
        c = checks.get(kernel.checked_by)
        if c is None or c.kernel != kernel.name:
            return f"error: check {kernel.checked_by!r} does not exist or does not declare kernel={kernel.name!r}"
        return f"check {c.name}"
    if is_by_reference(derivation, kernel):
        return "reference"
    for c in derivation.checks:
        if c.kernel == kernel.name:
            return f"check {c.name}"
    return f"error: kernel differs from step {kernel.step!r} and no check compares them"


def default_ranges(kernel) -> dict:
    """Sampling intervals from the kernel's argument ranges (bounded, away from excluded zeros)."""
    out = {}
    for a in kernel.args:
        lo, hi = a.lower, a.upper
        if lo is not None and hi is not None:
            span = (lo, hi)
        elif lo is not None:
            span = (lo, lo + 3)
        elif hi is not None:
            span = (hi - 3, hi)
        else:
            span = (-2, 2)
        if (a.nonzero or a.lower_open) and span[0] <= 0 <= span[1]:
            span = (max(span[0], 0) + sp.Rational(1, 20), max(span[1], 1))
        out[a.symbol] = tuple(sp.Rational(str(x)) for x in span)
    return out


def kernel_check(derivation, kernel, *, points: int = 8, seed: int = 20261202):
    """A check comparing the kernel's expression with its step's at random points."""

    def run() -> CheckResult:
        expected = step_expression(derivation, kernel)
        got = kernel_entries(kernel)
        if len(expected) != len(got):
            return CheckResult(False, "kernel vs step", None,
                               f"{len(got)} kernel entries vs {len(expected)} step entries")
        boxes = kernel.step_ranges if isinstance(kernel.step_ranges, tuple) else (kernel.step_ranges or {},)
        boxes = [{**default_ranges(kernel), **box} for box in boxes]
        per_box = max(3, -(-points // len(boxes)))  # the points are shared among the regions
        if kernel.step_rtol is None:
            results = [symbolic_equal(sp.Matrix(got), sp.Matrix(expected), ranges=box, points=per_box,
                                      seed=seed + i, exact=False) for i, box in enumerate(boxes)]
            bad = [r for r in results if not r.passed]
            res = bad[0] if bad else results[0]
            worst = largest(r.worst_error for r in results if r.worst_error is not None)
            return CheckResult(not bad, "kernel vs step", worst if not bad else res.worst_error,
                               f"kernel {kernel.name} = step {_step_text(kernel)} ({len(boxes)} sampling "
                               "region(s)): " + res.detail)
        rng = random.Random(seed)
        free = set().union(*(sp.sympify(e).free_symbols for e in got + expected))
        errors = []
        for pt in (sample_point(free, rng, box) for box in boxes for _ in range(per_box)):
            for a, b in zip(got, expected):
                va, vb = sp.N(a.subs(pt), 30), sp.N(b.subs(pt), 30)
                if not (_is_finite_number(va) and _is_finite_number(vb)):
                    return CheckResult(False, "kernel vs step", None,
                                       f"kernel {kernel.name} vs step {_step_text(kernel)}: non-finite value at {pt}: "
                                       f"{va} vs {vb}")
                errors.append(float(abs(va - vb) / max(abs(vb), sp.Float(1e-300))))
        worst = largest(errors)
        ok = worst <= kernel.step_rtol
        return CheckResult(ok, "kernel vs step", worst,
                           f"kernel {kernel.name} vs step {_step_text(kernel)} at {per_box} random points in each of "
                           f"{len(boxes)} region(s) (30 digits): worst relative difference {worst:.1e} "
                           f"(allowed {kernel.step_rtol:g})")

    return run


def _step_text(kernel) -> str:
    return ", ".join(kernel.step) if isinstance(kernel.step, tuple) else kernel.step
