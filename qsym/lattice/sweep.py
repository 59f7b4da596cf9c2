"""Parameter sweeps and disorder averages on dask.distributed, written to disk as they finish.

A sweep is a set of independent tasks, one per (parameter point, seed). By default they run on
a ``LocalCluster`` that qsym starts on this machine (one single-threaded worker process per
core, no set-up); ``scheduler="tcp://host:8786"`` (or the environment variable
``QSYM_DASK_SCHEDULER``) sends the same tasks to an existing cluster. Each finished task is
appended to a JSON-lines store at once (flushed and fsync'ed): an interrupted sweep, run again
with the same store, skips what is there and never loses a finished task. A task whose worker
dies is retried (``retries``). :func:`summarize` gives, per parameter point, the mean, the
standard error over seeds and the sample count.

The task function must be importable by the workers (a module-level function) and return a
dict of floats; it is called as ``function(**params, seed=seed)``. If it has an attribute
``validate``, ``validate(**params, seed=seed)`` is called for every task before any worker
starts: bad input fails at once, in the calling process.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..progress import Countdown

__all__ = ["task_key", "read_store", "run_sweep", "summarize"]

ENV_SCHEDULER = "QSYM_DASK_SCHEDULER"


def task_key(function: Callable, params: dict, seed: int, version: str) -> str:
    """A stable key of one task: function, parameters, seed and code version."""
    text = json.dumps({"f": f"{function.__module__}.{function.__qualname__}", "p": params, "s": seed,
                       "v": version}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def read_store(store: Path) -> dict[str, dict]:
    """The records of a store by key; a partial last line (an interrupted write) is ignored."""
    out = {}
    path = Path(store)
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        out[rec["key"]] = rec
    return out


def local_cluster(workers: int | None = None):
    """The LocalCluster qsym starts: one single-threaded worker process per core (or
    ``workers``), listening on the loopback interface only (scheduler, workers and dashboard:
    nobody else on the network sees the tasks)."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address="127.0.0.1:0")


def _client(scheduler: str | None, workers: int | None):
    from dask.distributed import Client

    address = scheduler or os.environ.get(ENV_SCHEDULER)
    if address:
        return Client(address), None
    cluster = local_cluster(workers)
    return Client(cluster), cluster


def _timed(function, params, seed):
    t0 = time.perf_counter()
    result = function(**params, seed=seed)
    return result, time.perf_counter() - t0


def run_sweep(function: Callable, grid: Iterable[dict], seeds: Iterable[int], store, *, version: str = "",
              scheduler: str | None = None, workers: int | None = None, retries: int = 2,
              progress: bool = True) -> list[dict]:
    """Run ``function(**params, seed=seed)`` for every point of ``grid`` and every seed.

    Parameters
    ----------
    function : callable
        A module-level function returning a dict of floats.
    grid : iterable of dict
        Parameter points (JSON-serializable values).
    seeds : iterable of int
        Disorder realizations per point.
    store : path
        JSON-lines file; created if missing; finished tasks in it are not run again.
    version : str
        The code version recorded with each result (part of the task key: a new version
        recomputes).
    scheduler : str, optional
        Address of an existing dask scheduler; default: ``QSYM_DASK_SCHEDULER`` or a new
        ``LocalCluster``.
    workers : int, optional
        Worker processes of the LocalCluster (default: one per core).
    retries : int
        How often a task whose worker died is resubmitted.
    progress : bool
        A "done/total" line on stderr as tasks finish.

    Returns
    -------
    list of dict
        The records of all tasks of this sweep (from the store and from this run).
    """
    from dask.distributed import as_completed

    grid, seeds = [dict(p) for p in grid], [int(s) for s in seeds]
    if not grid or not seeds:
        raise ValueError("run_sweep: grid and seeds must be non-empty")
    if retries < 0:
        raise ValueError(f"retries must be >= 0; got {retries!r}")
    validate = getattr(function, "validate", None)
    if validate is not None:
        for p in grid:
            for s in seeds:
                validate(**p, seed=s)
    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    done = read_store(store)
    tasks = {task_key(function, p, s, version): (p, s) for p in grid for s in seeds}
    todo = {k: v for k, v in tasks.items() if k not in done}
    total, finished = len(tasks), len(tasks) - len(todo)
    if progress:
        print(f"sweep: {finished}/{total} tasks in the store, {len(todo)} to run", file=sys.stderr)
    if todo:
        client, cluster = _client(scheduler, workers)
        try:
            futures = {client.submit(_timed, function, p, s, key=f"qsym-{k}", retries=retries, pure=False): k
                       for k, (p, s) in todo.items()}
            countdown = Countdown(len(todo), "task", out=_Prefixed(sys.stderr, "sweep: "))
            with store.open("a") as fh:
                for future in as_completed(futures):
                    key = futures[future]
                    result, seconds = future.result()
                    params, seed = todo[key]
                    rec = {"key": key, "params": params, "seed": seed, "result": result, "version": version,
                           "seconds": round(seconds, 6)}
                    fh.write(json.dumps(rec, sort_keys=True) + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
                    done[key] = rec
                    finished += 1
                    if progress:
                        what = ", ".join(f"{k} = {v}" for k, v in params.items())
                        countdown.done(f"{what}, seed {seed}: {seconds:.1f} s")
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return [done[k] for k in tasks]


class _Prefixed:
    """A stream that prefixes every line (``sweep: 3/8 tasks done, ...``)."""

    def __init__(self, stream, prefix: str):
        self.stream, self.prefix = stream, prefix

    def write(self, text: str) -> int:
        return self.stream.write(self.prefix + text if text.strip() else text)

    def flush(self) -> None:
        self.stream.flush()


def summarize(records: list[dict], quantity: str) -> list[dict]:
    """Per parameter point: ``mean``, standard error ``error`` (std/sqrt(n), 0 for one
    sample) and sample count ``n`` of ``result[quantity]`` over the seeds."""
    groups: dict[str, list] = {}
    params: dict[str, dict] = {}
    for rec in records:
        k = json.dumps(rec["params"], sort_keys=True)
        groups.setdefault(k, []).append(float(rec["result"][quantity]))
        params[k] = rec["params"]
    out = []
    for k, values in groups.items():
        v = np.asarray(values)
        err = float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0
        out.append({**params[k], "mean": float(v.mean()), "error": err, "n": int(v.size)})
    return out
