"""How the generated modules use the compiled (numba) backend where it is installed.

Every generated NumPy module ``generated/<name>.py`` ends by calling :func:`adopt`. Where numba
is importable (``pip install "qsym[fast]"``) and the environment variable ``QSYM_BACKEND`` is
not ``numpy``, :func:`adopt` imports the module's compiled twin ``generated/numba/<name>.py``
and puts a :class:`Twin` in place of each private kernel it compiles. The public functions,
their signatures, docstrings and input validation are the NumPy module's own: only the work
inside changes. A :class:`Twin` is called like the NumPy function it replaces, so every caller
(:func:`qsym.runtime.blockwise`, the band-geometry runtime, other kernels) needs no change; the
runtimes that can do better ask for its loops: :func:`qsym.runtime.blockwise` runs the compiled
point loop on all points at once, :func:`qsym.runtime.radial.integrate_radial` the fused
quadrature (integrand, weights and sum in one loop per output point).

Points are split over ``numba.get_num_threads()`` threads (each compiled loop releases the GIL);
``numba.set_num_threads(1)`` or ``NUMBA_NUM_THREADS=1`` makes everything serial. Compilation
happens on a kernel's first call and is cached on disk by numba (beside ``generated/numba/``,
or in numba's user cache where that folder is read-only).

This module imports numba only once the backend is in use.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import os
import types
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = ["ENV", "backend", "forced", "numpy_twin", "compiled_twin", "adopt", "Twin", "run", "in_range"]

#: The environment variable that chooses the backend: ``numba`` (the default where numba is
#: installed) or ``numpy``.
ENV = "QSYM_BACKEND"
#: Fewest points per thread worth a thread of their own (below, one call on the calling thread).
POINTS_PER_THREAD = 4096
#: Fewest values for which input validation takes the compiled one-pass check.
VALIDATION_MIN = 1024


@functools.cache
def _numba_installed() -> bool:
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):        # blocked (sys.modules["numba"] = None) or broken
        return False


def backend() -> str:
    """The backend the generated modules use in this process: ``"numba"`` or ``"numpy"``.

    Raises
    ------
    ValueError
        If ``QSYM_BACKEND`` names neither, or names ``numba`` where numba is not installed.
    """
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted not in ("", "numba", "numpy"):
        raise ValueError(f"{ENV} must be 'numba' or 'numpy'; got {wanted!r}")
    if wanted == "numba" and not _numba_installed():
        raise ValueError(f"{ENV}=numba, but numba is not installed: pip install \"qsym[fast]\"")
    if wanted == "numpy" or not _numba_installed():
        return "numpy"
    return "numba"


@contextlib.contextmanager
def forced(name: str):
    """``QSYM_BACKEND=name`` for the duration: what a generated module imported meanwhile adopts,
    and whether input validation takes its compiled fast path."""
    old = os.environ.get(ENV)
    os.environ[ENV] = name
    try:
        backend()
        yield
    finally:
        if old is None:
            del os.environ[ENV]
        else:
            os.environ[ENV] = old


def numpy_twin(module: types.ModuleType) -> types.ModuleType:
    """A second copy of the generated ``module`` that stays on the NumPy backend (for side-by-side
    comparisons: call it inside ``forced("numpy")`` to keep its input validation on NumPy too)."""
    return _copy(module, "numpy", f"numpy_twin_of_{module.__name__.replace('.', '_')}")


def compiled_twin(module: types.ModuleType) -> types.ModuleType:
    """A second copy of the generated ``module`` on the numba backend, whatever ``QSYM_BACKEND``
    says (call it inside ``forced("numba")`` for the compiled input validation too)."""
    return _copy(module, "numba", module.__name__)


def _copy(module: types.ModuleType, name: str, as_name: str) -> types.ModuleType:
    """``module``'s source executed again, on backend ``name``, as a module named ``as_name``
    that is not entered in ``sys.modules``."""
    spec = importlib.util.spec_from_file_location(as_name, module.__file__)
    twin = importlib.util.module_from_spec(spec)
    with forced(name):
        spec.loader.exec_module(twin)
    return twin


class Twin:
    """A compiled private kernel in place of its NumPy original (same call, same results).

    Parameters
    ----------
    original : callable
        The NumPy function it replaces (kept as ``original``; its name and docstring are taken).
    loop : callable
        Compiled ``loop(out, *args)``: ``out[i]`` (or ``out[i, c]`` for ``components`` > 0) from
        the arguments at point ``i``; an argument is a scalar or one value per point.
    components : int
        Number of values per point the kernel returns as a tuple (0: one value).
    radial : callable, optional
        Compiled fused quadrature ``radial(out, nodes, weights, breakpoints, *args)`` of a
        radial observable's integrand (see :func:`qsym.runtime.radial.integrate_radial`).
    holds : callable, optional
        For a condition (a constraint between parameters, one boolean per point): compiled
        ``holds(n, *args)``, whether it holds at all of the ``n`` points.
    """

    def __init__(self, original, loop, components: int = 0, radial=None, holds=None):
        functools.update_wrapper(self, original)
        self.original, self.loop, self.components, self.radial, self.holds = original, loop, components, radial, holds
        self.dtype = bool if holds is not None else float

    def holds_everywhere(self, *args) -> bool:
        """Whether the condition holds at every point of the broadcast ``args``."""
        shape, flat = _flatten(args)
        jobs = [(b - a, *(_cut(x, a, b) for x in flat)) for a, b in _slices(int(np.prod(shape)))]
        return all(_in_parallel(self.holds, jobs))

    def evaluate(self, *args) -> np.ndarray:
        """The kernel on the broadcast shape of ``args``; components on a last axis."""
        shape, flat = _flatten(args)
        n = int(np.prod(shape))
        out = np.empty((n, self.components) if self.components else n, dtype=self.dtype)
        run(self.loop, out, flat)
        return out.reshape(shape + out.shape[1:])

    def __call__(self, *args):
        out = self.evaluate(*args)
        return tuple(out[..., c] for c in range(self.components)) if self.components else out


def _flatten(args) -> tuple[tuple, list]:
    """The broadcast shape and the arguments: a single value as a float (compiled as a
    loop-invariant scalar), others as contiguous 1-D arrays over the points."""
    arrays = [np.asarray(a, dtype=float) for a in args]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flat = [float(a.reshape(-1)[0]) if a.size == 1 else np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1)
            for a in arrays]
    return shape, flat


@functools.cache
def _pool(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="qsym-compiled")


def _in_parallel(function, jobs: list[tuple]) -> list:
    """``[function(*job) for job in jobs]``, the jobs on the pool's threads but the last on the
    calling thread (one thread wake-up fewer per call)."""
    if len(jobs) == 1:
        return [function(*jobs[0])]
    pool = _pool(len(jobs) - 1)
    futures = [pool.submit(function, *job) for job in jobs[:-1]]
    last = function(*jobs[-1])
    return [f.result() for f in futures] + [last]


def _slices(n: int, cost: int = 1) -> list[tuple[int, int]]:
    """One contiguous slice of ``range(n)`` per thread, where each gets enough work (``cost``:
    evaluations per point, e.g. the quadrature nodes of an observable)."""
    parts = max(1, min(_threads(), n * cost // POINTS_PER_THREAD))
    edges = [n * j // parts for j in range(parts + 1)]          # Python ints: numba's quickest to type
    return list(zip(edges[:-1], edges[1:]))


def _cut(x, a: int, b: int):
    return x[a:b] if isinstance(x, np.ndarray) else x


def _threads() -> int:
    import numba

    return numba.get_num_threads()


def run(loop, out: np.ndarray, args, shared: tuple = (), cost: int = 1) -> None:
    """``loop(out, *shared, *args)`` over all points (the first axis of ``out``), split into one
    contiguous slice per thread when there is enough work (``cost``: evaluations per point);
    ``shared`` arrays (quadrature nodes, say) go whole to every slice, ``args`` are scalars or
    one value per point."""
    jobs = [(out[a:b], *shared, *(_cut(x, a, b) for x in args)) for a, b in _slices(out.shape[0], cost)]
    _in_parallel(loop, jobs)


def in_range(arr: np.ndarray, lower, lower_open, upper, upper_open, nonzero, magnitude, allow_infinite) -> bool:
    """Whether every value of ``arr`` passes :func:`qsym.runtime.as_real_array`'s checks, in one
    compiled pass (split over threads); ``False`` sends the caller to the NumPy checks, which
    name the offending value."""
    from . import jit

    flat = np.ascontiguousarray(arr).reshape(-1)
    smallest, largest = magnitude if magnitude is not None else (0.0, np.inf)
    above = -np.inf if lower is None else float(lower) if lower_open else np.nextafter(float(lower), -np.inf)
    below = np.inf if upper is None else float(upper) if upper_open else np.nextafter(float(upper), np.inf)
    also = np.inf if upper is None and allow_infinite else np.nan          # nan: equal to nothing
    bounds = (above, below, also, 0.0 if nonzero else np.nan, float(smallest), float(largest))
    return all(_in_parallel(jit.in_range, [(flat[a:b], *bounds) for a, b in _slices(flat.size)]))


def adopt(namespace: dict) -> None:
    """Put the compiled twins of ``generated/numba/<name>.py`` (its ``TWINS``: private name ->
    the keyword arguments of :class:`Twin`) in place of the private kernels of
    the generated module whose globals are ``namespace`` (its last line calls this), and in its
    option tables; nothing where the backend is ``numpy`` or the module has no twin on disk (a
    module generated in memory by :func:`qsym.codegen.load_module`)."""
    if backend() != "numba":
        return
    package, _, leaf = namespace["__name__"].rpartition(".")
    if not package or importlib.util.find_spec(f"{package}.numba") is None:
        return
    twins = importlib.import_module(f"{package}.numba.{leaf}")
    replaced = {}                                   # id of the NumPy original -> its twin
    for name, compiled in twins.TWINS.items():
        twin = Twin(namespace[name], **compiled)
        replaced[id(twin.original)] = namespace[name] = twin
    for name, table in namespace.items():          # option tables: _<KERNEL>_TABLE = {values: function}
        if name.endswith("_TABLE") and isinstance(table, dict):
            for key, function in table.items():
                table[key] = replaced.get(id(function), function)
