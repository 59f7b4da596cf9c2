"""Running the checks of registered derivations, serially or in worker processes.

Each check runs where its derivation was built: checks hold closures over the build, so a
worker builds a derivation at most once and then runs any of its checks it is given. With
the ``fork`` start method (Linux) the workers start from the parent's memory: whatever the
parent built is not built again. Results come back one record per check and are handed to
the caller in registry order, each as soon as it and every check before it have finished.
Each worker runs its linear algebra on one thread (``_one_blas_thread``): with as many workers
as cores, multithreaded BLAS would oversubscribe them, and OpenBLAS's spinning threads made
``qsym check`` take anywhere from 55 to 170 s on 2 cores.

Each derivation goes to one worker, so that it is built once, not once per worker (builds
take 0-7 s each, a third of the CPU time when every worker built every derivation).
Derivations are assigned longest first to the least loaded worker, by the build and check
durations of the previous run (kept in the build-cache directory, ``check-seconds.json``;
unknown ones count 3 s per build and 1 s per check); within a worker, checks run longest first.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable

from . import cache, registry

SECONDS_FILE = "check-seconds.json"

__all__ = ["CheckRecord", "ErratumRecord", "plan", "run", "default_jobs"]


@dataclasses.dataclass(frozen=True)
class CheckRecord:
    """The outcome of one check, as ``qsym check`` prints it and ``--json`` writes it."""

    derivation: str
    check: str
    kind: str
    reference: str
    result: str  # "pass", "erratum" or "FAIL"
    worst_error: float | None
    seconds: float
    detail: str

    @property
    def failed(self) -> bool:
        return self.result == "FAIL"

    def as_json(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class ErratumRecord:
    derivation: str
    name: str
    reference: str
    note: str
    printed: str
    derived: str
    evidence: str


def default_jobs() -> int:
    """The number of processors this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def plan(names: Iterable[str], *, use_cache: bool = True) -> list[tuple[str, list[str]]]:
    """(derivation, [check names]) in registry order; read from the build cache if possible."""
    return [(n, [c.name for c in registry.load(n, use_cache=use_cache).checks]) for n in names]


def errata(name: str, *, use_cache: bool = True) -> list[ErratumRecord]:
    d = registry.load(name, use_cache=use_cache)
    return [ErratumRecord(name, e.name, str(e.reference), e.note, str(e.printed), str(e.derived), e.evidence)
            for e in d.errata]


def _run_check(name: str, check_name: str) -> tuple[CheckRecord, float | None]:
    """Build ``name`` if this process has not, run one check; return its record and the build's
    duration (None if it was built before)."""
    import time

    build = None
    if not registry.is_built(name):
        t0 = time.perf_counter()
        registry.get(name)
        build = time.perf_counter() - t0
    d = registry.get(name)
    [(check, res, secs)] = d.run_checks(only=check_name)
    status = "FAIL" if not res.passed else ("erratum" if check.erratum else "pass")
    return CheckRecord(name, check.name, res.method, str(check.reference), status,
                       res.worst_error, secs, res.detail), build


def _assign(work: list[tuple[str, list[str]]], jobs: int, previous: dict) -> list[list[str]]:
    """Derivations per worker: longest first to the least loaded (previous durations)."""
    cost = {name: previous.get(f"build/{name}", 3.0) + sum(previous.get(f"{name}/{c}", 1.0) for c in checks)
            for name, checks in work}
    bins, loads = [[] for _ in range(jobs)], [0.0] * jobs
    for name in sorted(cost, key=lambda n: -cost[n]):
        j = loads.index(min(loads))
        bins[j].append(name)
        loads[j] += cost[name]
    return [b for b in bins if b]


def run(work: list[tuple[str, list[str]]], *, jobs: int = 1,
        on_record: Callable[[CheckRecord], None] | None = None,
        on_progress: Callable[[int, int, CheckRecord], None] | None = None) -> list[CheckRecord]:
    """Run the checks of ``work`` (from :func:`plan`) with ``jobs`` processes; return the
    records in registry order.

    ``on_record(record)`` is called in registry order, each record as soon as it and every
    record before it are available. ``on_progress(done, total, record)`` is called as each
    check finishes, in completion order (for progress displays).
    """
    tasks = [(name, check) for name, checks in work for check in checks]
    total = len(tasks)
    results: list[CheckRecord | None] = [None] * total
    emitted = 0
    done = 0

    def finish(i: int, record: CheckRecord) -> None:
        nonlocal emitted, done
        results[i] = record
        done += 1
        if on_progress:
            on_progress(done, total, record)
        while emitted < total and results[emitted] is not None:
            if on_record:
                on_record(results[emitted])
            emitted += 1

    def failure(i: int, exc: BaseException, what: str) -> CheckRecord:
        name, check = tasks[i]
        return CheckRecord(name, check, "error", "", "FAIL", None, 0.0, f"{what}{type(exc).__name__}: {exc}")

    previous = _previous_seconds()
    builds: dict[str, float] = {}
    if jobs <= 1 or total <= 1:
        for i, (name, check) in enumerate(tasks):
            try:
                record, build = _run_check(name, check)
                if build is not None:
                    builds[name] = build
            except Exception as exc:  # noqa: BLE001 - e.g. the build itself failed
                record = failure(i, exc, "")
            finish(i, record)
        _save_seconds(previous, results, builds)
        return list(results)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pools, futures = [], {}
    try:
        for names in _assign(work, jobs, previous):
            pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_one_blas_thread)
            pools.append(pool)
            mine = [i for i in range(total) if tasks[i][0] in names]
            for i in sorted(mine, key=lambda i: -previous.get("/".join(tasks[i]), float("inf"))):
                futures[pool.submit(_run_check, *tasks[i])] = i
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                record, build = fut.result()
                if build is not None:
                    builds[tasks[i][0]] = build
            except BrokenProcessPool as exc:
                record = failure(i, exc, "the worker running this check died: ")
            except Exception as exc:  # noqa: BLE001 - a build error surfaces as the check's failure
                record = failure(i, exc, "")
            finish(i, record)
    finally:
        for pool in pools:
            pool.shutdown()
    _save_seconds(previous, results, builds)
    return list(results)


def _one_blas_thread() -> None:
    """Limit BLAS/OpenMP to one thread in this (worker) process: environment variables for the
    libraries not loaded yet, and OpenBLAS's own setter for those already loaded (Linux; a
    no-op where /proc is absent)."""
    import ctypes

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        with open("/proc/self/maps") as fh:
            paths = sorted({line.split()[-1] for line in fh if "openblas" in line.lower()})
    except OSError:
        return
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                     "openblas_set_num_threads64_", "openblas_set_num_threads"):
            if hasattr(lib, name):
                getattr(lib, name)(1)
                break


def _previous_seconds() -> dict:
    """Durations of the last run by "derivation/check" (empty if none or unreadable)."""
    try:
        data = json.loads((cache.cache_dir() / SECONDS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_seconds(previous: dict, records, builds: dict | None = None) -> None:
    """Merge this run's durations (checks, and builds as "build/<name>") into the file (best
    effort: a read-only cache is fine)."""
    data = {**previous, **{f"{r.derivation}/{r.check}": r.seconds for r in records if r is not None},
            **{f"build/{n}": s for n, s in (builds or {}).items()}}
    try:
        path = cache.cache_dir() / SECONDS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, sort_keys=True, indent=0))
    except OSError:
        pass
