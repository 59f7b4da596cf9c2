"""The compiled backend's scalar building blocks (numba; imported only where numba is installed).

Generated modules of the numba backend (``generated/numba/<name>.py``) import this module as
``runtime``: the scalar twins of :func:`qsym.runtime.fermi` and :func:`qsym.runtime.fermi_window`
live here under the same names, so a kernel body prints the same for both backends. Also here:
:func:`at` (an argument's value at a point, whether the argument is a scalar or one value per
point) and :func:`in_range` (the one-pass check behind the compiled fast path of
:func:`qsym.runtime.as_real_array`).

Compilation options (:data:`OPTIONS`): IEEE arithmetic (no ``fastmath``: no reassociation, so
results agree with the NumPy backend to rounding), NumPy's error model (1/0 is inf, not an
exception), released GIL (the runner splits points over threads), and numba's on-disk cache.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numba import types
from numba.extending import overload

__all__ = ["OPTIONS", "njit", "at", "fermi", "fermi_window", "in_range"]

#: Options of every compiled function of the backend.
OPTIONS = dict(cache=True, nogil=True, error_model="numpy", fastmath=False)


def njit(function):
    """``numba.njit`` with :data:`OPTIONS`."""
    return numba.njit(**OPTIONS)(function)


def at(a, i):  # pragma: no cover - replaced by the overload inside compiled code
    """``a[i]`` for one value per point, ``a`` itself for a scalar (a parameter shared by all
    points: numba then compiles it as loop-invariant)."""
    return a[i] if np.ndim(a) else a


@overload(at)
def _at(a, i):
    if isinstance(a, types.Array):
        return lambda a, i: a[i]
    return lambda a, i: a


@njit
def _expit(z):
    # scipy.special.expit's formula: 1/(1 + exp(-z)); exp overflows to inf and the result to 0
    return 1.0 / (1.0 + math.exp(-z))


@njit
def fermi(x, kT):
    """Scalar twin of :func:`qsym.runtime.fermi`: 1/(exp(x/kT) + 1), the step (f(0) = 1/2) at kT = 0."""
    if kT > 0.0:
        return _expit(-x / kT)
    return 0.5 * (1.0 - np.sign(x))


@njit
def fermi_window(x, kT):
    """Scalar twin of :func:`qsym.runtime.fermi_window`: f(1 - f)/kT, and 0 at kT = 0."""
    if kT > 0.0:
        z = x / kT
        return _expit(z) * _expit(-z) / kT
    return 0.0


@njit
def in_range(a, above, below, also, excluded, smallest, largest):
    """Whether every value ``x`` of the 1-D array ``a`` has ``above < x < below`` (or ``x ==
    also``), ``x != excluded``, and, if finite and nonzero, ``smallest <= |x| <= largest``: the
    checks of :func:`qsym.runtime.as_real_array` as float comparisons (NaN fails the first), in
    one pass without branches, so that it vectorizes. :func:`qsym.runtime.compiled.in_range`
    turns the checks' options into these bounds."""
    ok = True
    for i in range(a.shape[0]):
        x = a[i]
        size = abs(x)
        ok &= (x > above) & ((x < below) | (x == also)) & (x != excluded) \
            & (((size >= smallest) & (size <= largest)) | (x == 0.0) | (size == math.inf))
    return ok
