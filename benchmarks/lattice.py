"""8. KPM density of states of the disordered semimagnetic film against dense diagonalization.

What a user without KPM does: ``numpy.linalg.eigvalsh`` of the dense Hamiltonian and a
histogram (or a broadened sum) of its eigenvalues. qsym: the sparse film and ``qsym.lattice.kpm``
(random-phase stochastic trace, Jackson kernel). Both give the same Jackson-broadened DOS up
to the stochastic error, which is printed; the ratio is the time of the two routes.
"""

from __future__ import annotations

import time

import numpy as np


def bench_kpm(L: int = 14, Lz: int = 10, moments: int = 256, vectors: int = 8) -> dict:
    import generated.semimagnetic_lattice as lat
    from derivations.semimagnetic_lattice.builders import paper_parameters, zeeman_profile
    from qsym.lattice import kpm

    H = lat.lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, 3, 0.1), 1.0, 11, **paper_parameters())
    n = H.shape[0]
    E = np.linspace(-1.0, 1.0, 201)

    t0 = time.perf_counter()
    bounds = kpm.spectral_bounds(H)
    mu = kpm.chebyshev_moments(H, kpm.random_phase_vectors(n, vectors, seed=1), moments, bounds) / (vectors * n)
    rho_kpm = kpm.density_of_states(mu, E, bounds)
    t_kpm = time.perf_counter() - t0

    t0 = time.perf_counter()
    e = np.linalg.eigvalsh(H.toarray())
    t_dense = time.perf_counter() - t0
    x = (e - bounds[0]) / bounds[1]
    exact = kpm.density_of_states(np.cos(np.outer(np.arange(moments), np.arccos(x))).mean(axis=1), E, bounds)
    err = float(np.sqrt(np.mean((rho_kpm - exact) ** 2)) / np.mean(exact))
    # memory-bandwidth bound of one moment: the sparse product streams nnz values + indices
    # (16 + 4 bytes each) and the vector block; measured as the time of one H @ block
    block = kpm.random_phase_vectors(n, vectors, seed=2)
    t0 = time.perf_counter()
    for _ in range(20):
        block = H @ block
    t_matvec = (time.perf_counter() - t0) / 20
    return {"states": n, "t_kpm": t_kpm, "t_dense": t_dense, "ratio": t_dense / t_kpm, "err": err,
            "t_per_moment": t_kpm / (moments / 2), "t_matvec": t_matvec}


def print_kpm(r: dict, moments: int = 256, vectors: int = 8) -> None:
    print(f"8. KPM DOS of the disordered film ({r['states']} states, {moments} moments, {vectors} vectors), "
          "qsym.lattice.kpm vs dense eigvalsh")
    print(f"   qsym {r['t_kpm']:.2f} s, eigvalsh {r['t_dense']:.1f} s  ->  {r['ratio']:.0f}x (target >= 10x); "
          f"DOS agreement {r['err']:.1e} (relative rms; stochastic, ~1/sqrt(vectors x states))")
    print(f"   cost per moment pair {r['t_per_moment'] * 1e3:.2f} ms against one sparse product of the block "
          f"{r['t_matvec'] * 1e3:.2f} ms (the bandwidth-bound floor)")


def sleeper(seconds: float, seed: int) -> dict:
    """A task that only waits (no CPU): the overhead of the sweep machinery per task."""
    time.sleep(seconds)
    return {"seed": float(seed)}


def bench_sweep_scaling(tasks: int = 8, slices: int = 600) -> dict:
    """The same sweep (transfer-matrix localization lengths of the film, Ly = 4, one task per
    seed) on a LocalCluster with 1 and with 2 workers, wall time including the cluster start;
    and the overhead per task of run_sweep (store write, scheduling) from 200 empty tasks."""
    import tempfile
    from pathlib import Path

    from derivations.semimagnetic_lattice.tasks import localization_sample
    from qsym.lattice.sweep import run_sweep

    grid = [{"Ly": 4, "Lz": 10, "W": 16.0, "E_F": 0.01, "slices": slices}]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2):
            t0 = time.perf_counter()
            recs = run_sweep(localization_sample, grid, range(tasks), Path(tmp, f"w{workers}.jsonl"),
                             workers=workers, progress=False)
            out[f"t_{workers}"] = time.perf_counter() - t0
            out[f"task_s_{workers}"] = float(np.mean([r["seconds"] for r in recs]))
            out[f"values_{workers}"] = sorted(r["result"]["Lambda"] for r in recs)
        t0 = time.perf_counter()
        run_sweep(sleeper, [{"seconds": 0.0}], range(200), Path(tmp, "empty.jsonl"), workers=2, progress=False)
        t_empty = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_sweep(sleeper, [{"seconds": 0.0}], range(1), Path(tmp, "one.jsonl"), workers=2, progress=False)
        t_start = time.perf_counter() - t0
    out["speedup"] = out["t_1"] / out["t_2"]
    out["overhead_per_task"] = (t_empty - t_start) / 199
    out["t_start"] = t_start
    out["same"] = out["values_1"] == out["values_2"]
    return out


def print_sweep_scaling(r: dict, tasks: int = 8) -> None:
    print(f"9. a sweep of {tasks} transfer-matrix tasks (film bar 4 x 10, 600 slices) on a LocalCluster, "
          "1 vs 2 workers (wall time, cluster start included)")
    print(f"   1 worker {r['t_1']:.1f} s, 2 workers {r['t_2']:.1f} s  ->  {r['speedup']:.2f}x on 2 cores "
          f"(a task: {r['task_s_1']:.2f} s alone, {r['task_s_2']:.2f} s two at a time); identical results: {r['same']}")
    print(f"   overhead per task {r['overhead_per_task'] * 1e3:.1f} ms (200 empty tasks, store written and fsync'ed "
          f"per task); cluster start and one task {r['t_start']:.1f} s")
