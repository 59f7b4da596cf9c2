"""Helpers shared by the test modules: reference routes that several tests use."""

from __future__ import annotations

import sympy as sp

_MP_CACHE: dict = {}


def mp_function(derivation, kernel, expr=None, tag=""):
    """mpmath evaluation of a kernel's SymPy expression (the reference route), cached per
    (derivation, kernel, tag): two derivations may both have a kernel called ``band_energy``.

    ``expr`` overrides the kernel's own expression (one option value or one component of
    it; give a ``tag`` that tells them apart). Call it under ``mpmath.workdps``.
    """
    from qsym.functions import mpmath_modules

    key = (derivation.name, kernel.name, tag)
    if key not in _MP_CACHE:
        target = kernel.expr if expr is None else expr
        _MP_CACHE[key] = sp.lambdify([a.symbol for a in kernel.args], target, modules=mpmath_modules(target))
    return _MP_CACHE[key]
