"""Running the checks of registered derivations, serially or in worker processes.

Each check runs where its derivation was built: checks hold closures over the build, so a
worker builds a derivation at most once and then runs any of its checks it is given. With
the ``fork`` start method (Linux) the workers start from the parent's memory: whatever the
parent built is not built again. Results come back one record per check and are handed to
the caller in registry order, each as soon as it and every check before it have finished.
Each worker runs its linear algebra on one thread (``_one_blas_thread``): with as many workers
as cores, multithreaded BLAS would oversubscribe them, and OpenBLAS's spinning threads made
``qsym check`` take anywhere from 55 to 170 s on 2 cores. Within a derivation, worker processes
take its checks longest first, by the durations of the
previous run (kept in the build-cache directory, ``check-seconds.json``; unknown checks first),
so that a slow check does not start last and leave the other workers idle.
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


def _run_check(name: str, check_name: str) -> CheckRecord:
    """Build ``name`` if this process has not, run one check, return its record."""
    d = registry.get(name)
    [(check, res, secs)] = d.run_checks(only=check_name)
    status = "FAIL" if not res.passed else ("erratum" if check.erratum else "pass")
    return CheckRecord(name, check.name, res.method, str(check.reference), status,
                       res.worst_error, secs, res.detail)


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

    if jobs <= 1 or total <= 1:
        for i, (name, check) in enumerate(tasks):
            try:
                record = _run_check(name, check)
            except Exception as exc:  # noqa: BLE001 - e.g. the build itself failed
                record = failure(i, exc, "")
            finish(i, record)
        return list(results)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    previous = _previous_seconds()
    group = {name: g for g, (name, _) in enumerate(work)}
    order = sorted(range(total), key=lambda i: (group[tasks[i][0]], -previous.get("/".join(tasks[i]), float("inf"))))
    with ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context, initializer=_one_blas_thread) as pool:
        futures = {pool.submit(_run_check, *tasks[i]): i for i in order}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                record = fut.result()
            except BrokenProcessPool as exc:
                record = failure(i, exc, "the worker running this check died: ")
            except Exception as exc:  # noqa: BLE001 - a build error surfaces as the check's failure
                record = failure(i, exc, "")
            finish(i, record)
    _save_seconds(previous, results)
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


def _save_seconds(previous: dict, records) -> None:
    """Merge this run's durations into the file (best effort: a read-only cache is fine)."""
    data = {**previous, **{f"{r.derivation}/{r.check}": r.seconds for r in records if r is not None}}
    try:
        path = cache.cache_dir() / SECONDS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, sort_keys=True, indent=0))
    except OSError:
        pass
