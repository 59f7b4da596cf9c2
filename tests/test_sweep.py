"""qsym.lattice.sweep: tasks run on dask.distributed, records written as they finish, an
interrupted sweep resumes without recomputing, an external scheduler gives the same numbers."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qsym.lattice.sweep import read_store, run_sweep, summarize
from sweep_tasks import noisy_square

TESTS = Path(__file__).resolve().parent


def _grid(marks, delay=0.0):
    return [{"x": x, "marks": str(marks), "delay": delay} for x in (0.5, 1.0, 1.5)]


def _calls(marks) -> dict:
    counts = {}
    for f in Path(marks).iterdir():
        x, seed, _ = f.name.split("_")
        counts[(float(x), int(seed))] = counts.get((float(x), int(seed)), 0) + 1
    return counts


def test_sweep_stores_a_record_per_task_and_a_second_run_recomputes_nothing(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    store = tmp_path / "store.jsonl"
    records = run_sweep(noisy_square, _grid(marks), range(4), store, workers=1, progress=False)
    assert len(records) == 12 and len(read_store(store)) == 12
    again = run_sweep(noisy_square, _grid(marks), range(4), store, workers=1, progress=False)
    assert [r["result"] for r in again] == [r["result"] for r in records]
    assert all(n == 1 for n in _calls(marks).values()) and len(_calls(marks)) == 12
    table = summarize(records, "value")
    assert [row["n"] for row in table] == [4, 4, 4]
    assert all(row["error"] > 0 for row in table)


def test_an_interrupted_sweep_resumes_without_recomputing_finished_tasks(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    store = tmp_path / "store.jsonl"
    script = (f"import sys; sys.path.insert(0, {str(TESTS)!r})\n"
              "from qsym.lattice.sweep import run_sweep\nfrom sweep_tasks import noisy_square\n"
              f"grid = [{{'x': x, 'marks': {str(marks)!r}, 'delay': 0.4}} for x in (0.5, 1.0, 1.5)]\n"
              f"run_sweep(noisy_square, grid, range(6), {str(store)!r}, workers=1, progress=False)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        while len(read_store(store)) < 4:          # let some tasks finish, then interrupt
            assert proc.poll() is None, "the sweep ended before it could be interrupted"
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finished = read_store(store)
    assert 4 <= len(finished) < 18
    records = run_sweep(noisy_square, _grid(marks, 0.4), range(6), store, workers=1, progress=False)
    assert len(records) == 18 and len(read_store(store)) == 18
    calls = _calls(marks)
    for rec in finished.values():              # what was on disk was not computed again
        assert calls[(rec["params"]["x"], rec["seed"])] == 1


@pytest.fixture
def external_cluster(tmp_path):
    dask = str(Path(sys.executable).parent / "dask")
    sched_file = tmp_path / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(TESTS.parent)]))
    procs = [subprocess.Popen([dask, "scheduler", "--scheduler-file", str(sched_file), "--port", "0",
                               "--dashboard-address", ":0"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        while not sched_file.exists():
            assert procs[0].poll() is None, "dask scheduler did not start"
            time.sleep(0.2)
        time.sleep(0.5)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"], env=env,
                                      start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait()


def test_an_external_scheduler_gives_the_same_numbers_as_the_local_cluster(tmp_path, external_cluster):
    marks = tmp_path / "marks"
    marks.mkdir()
    local = run_sweep(noisy_square, _grid(marks), range(3), tmp_path / "local.jsonl", workers=1, progress=False)
    remote = run_sweep(noisy_square, _grid(marks), range(3), tmp_path / "remote.jsonl", scheduler=external_cluster,
                       progress=False)
    assert [r["result"] for r in remote] == [r["result"] for r in local]


def test_bad_input_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="grid and seeds must be non-empty"):
        run_sweep(noisy_square, [], range(2), tmp_path / "s.jsonl")
    with pytest.raises(ValueError, match="retries must be >= 0"):
        run_sweep(noisy_square, [{"x": 1.0}], range(2), tmp_path / "s.jsonl", retries=-1)


def test_disorder_averaged_hall_conductance_of_the_film_runs_as_a_sweep(tmp_path):
    from derivations.semimagnetic_lattice.tasks import hall_sample

    grid = [{"L": 4, "Lz": 4, "W": W, "E_F": 0.01} for W in (0.5, 1.0)]
    records = run_sweep(hall_sample, grid, range(3), tmp_path / "hall.jsonl", workers=1, progress=False)
    table = summarize(records, "sigma_xy")
    assert [row["n"] for row in table] == [3, 3]
    assert all(abs(row["mean"]) < 2 and row["error"] > 0 for row in table)


def test_a_film_too_large_for_the_dense_projector_is_refused_before_any_work():
    from derivations.semimagnetic_lattice.tasks import hall_sample

    with pytest.raises(ValueError, match="the dense projector allows at most"):
        hall_sample(40, 10, 1.0, 0.01, seed=0)
    with pytest.raises(ValueError, match="W .* must be finite and >= 0"):
        hall_sample(4, 4, -1.0, 0.01, seed=0)


def test_sweep_command_runs_a_grid_resumes_and_prints_means_with_errors(tmp_path, capsys):
    from qsym import cli

    store = tmp_path / "hall.jsonl"
    argv = ["sweep", "semimagnetic_lattice.hall_sample", "--param", "L=4", "--param", "Lz=4", "--param", "W=0.5,1.0",
            "--param", "E_F=0.01", "--seeds", "2", "--store", str(store), "--workers", "1"]
    assert cli.main(argv) == 0
    out = capsys.readouterr()
    assert "L = 4, Lz = 4, W = 1.0, E_F = 0.01:" in out.out and "(n = 2)" in out.out
    assert "sweep: 4/4 tasks done" in out.err
    assert cli.main(argv[:-5] + ["3"] + argv[-4:]) == 0       # one more seed: only 2 new tasks
    assert "4/6 tasks in the store, 2 to run" in capsys.readouterr().err
    assert cli.main(["sweep", "no_such_paper.task", "--store", str(store)]) == 2
    assert "qsym: error: sweep: no task module" in capsys.readouterr().err


def test_bad_grid_point_is_refused_before_any_worker_starts(tmp_path, monkeypatch):
    import qsym.lattice.sweep as sweep
    from sweep_tasks import checked_square

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(sweep, "_client", no_cluster)
    with pytest.raises(ValueError, match="x must be >= 0"):
        sweep.run_sweep(checked_square, [{"x": 1.0}, {"x": -2.0}], [0], tmp_path / "s.jsonl")
    assert not (tmp_path / "s.jsonl").exists()


def test_the_local_cluster_listens_on_loopback_only():
    """Scheduler, workers and dashboard bind 127.0.0.1 (dask's ':0' would listen on every
    interface: anyone on the network could watch the tasks)."""
    pytest.importorskip("distributed")
    from urllib.parse import urlparse

    from qsym.lattice.sweep import local_cluster

    cluster = local_cluster(1)
    try:
        assert urlparse(cluster.scheduler_address).hostname == "127.0.0.1"
        assert urlparse(cluster.dashboard_link).hostname == "127.0.0.1"
        assert all(urlparse(w.address).hostname == "127.0.0.1" for w in cluster.workers.values())
        listeners = [urlparse(addr).hostname for addr in cluster.scheduler.listen_address.split(",")] \
            if hasattr(cluster, "scheduler") and cluster.scheduler is not None else []
        assert all(host == "127.0.0.1" for host in listeners)
    finally:
        cluster.close()
