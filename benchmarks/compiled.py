"""15. The compiled backend (``fast`` extra: numba), in one process: every generated function below
run compiled and by a copy of its module on the NumPy backend (``qsym.runtime.compiled.numpy_twin``),
and against the hand-written fused numba loops of ``limits.py`` (the distance to the limit).

* kernels on 10^6 random points: ``tilted_dirac.quantum_metric_lower`` (against ``limits._metric``),
  row 2's ``sigma_parallel_integrand``, row 4's ``bcp``, row 10's ``bhz_both_spins`` metric;
* observables: ``sigma_drude`` on a 100 x 50 (eF, kT) grid (against ``limits._drude`` on the
  same panels), row 1's ``sigma_parallel`` grid, row 5's Fermi-line ``sigma_qm``;
* one thread (``numba.set_num_threads(1)``; CPU time) and every core (wall time);
* the first call's compilation, cold (an empty numba cache) and from numba's on-disk cache,
  each in a fresh interpreter.

Targets (issue 26): <= 1.3x the hand-written loop for kernels and <= 1.5x for observables on
one thread; >= 1.7x wall-time gain from the second core. Times are best of 5.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

REPEAT = 5


def _best(fn, repeat: int = REPEAT) -> tuple[float, float]:
    """Best wall and CPU time of ``fn()`` [s]."""
    wall, cpu = np.inf, np.inf
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return wall, cpu


def _relative(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def _compare(numba, call, twin_call, threads: int) -> dict:
    """NumPy CPU time, compiled CPU time on one thread, compiled wall time on every core, and
    their agreement."""
    from qsym.runtime.compiled import forced

    with forced("numpy"):
        want = twin_call()
        numpy_cpu = _best(twin_call)[1]
    got = call()
    numba.set_num_threads(1)
    one_wall, one_cpu = _best(call)
    numba.set_num_threads(threads)
    all_wall, _ = _best(call)
    return {"numpy": numpy_cpu, "one": one_cpu, "one_wall": one_wall, "all": all_wall, "agree": _relative(got, want),
            "speedup": numpy_cpu / one_cpu, "cores": one_wall / all_wall}


def _pair(module: str):
    from qsym.runtime.compiled import numpy_twin

    g = importlib.import_module(f"generated.{module}")
    return g, numpy_twin(g)


def bench_kernels(n: int = 10**6) -> dict:
    from derivations.bhz_both_spins import MODEL
    from derivations.bhz_decoherence.parameters import paper_parameters
    from derivations.quantum_metric_nonlinear.parameters import FIG2

    from .limits import loops

    numba, refs = loops()
    threads = numba.get_num_threads()
    rng = np.random.default_rng(7)
    kx, ky = rng.uniform(-0.5, 0.5, n), rng.uniform(-0.5, 0.5, n)
    bhz = {x: paper_parameters()[x] for x in "MABU"}
    cases = {
        "tilted_dirac.quantum_metric_lower": ("tilted_dirac", "quantum_metric_lower", (kx, ky), dict(v=1.0, m=0.1, t=0.5)),
        "bhz_decoherence.sigma_parallel_integrand (row 2)": (
            "bhz_decoherence", "sigma_parallel_integrand", (np.linspace(0.0, 3.0, n), 0.01, 0.005, 1e-3), bhz),
        "quantum_metric_nonlinear.bcp (row 4)": ("quantum_metric_nonlinear", "bcp", (2 * kx, 2 * ky), FIG2),
        "bhz_both_spins.quantum_metric_lower (row 10)": (
            "bhz_both_spins", "quantum_metric_lower", (kx, ky), {str(q.symbol): q.value for q in MODEL.parameters}),
    }
    out = {"threads": threads, "n": n, "rows": {}}
    for label, (module, name, args, kwargs) in cases.items():
        g, twin = _pair(module)
        f, tf = getattr(g, name), getattr(twin, name)
        f(*args, **kwargs)                                                   # compiled before timing
        out["rows"][label] = _compare(numba, lambda: f(*args, **kwargs), lambda: tf(*args, **kwargs), threads)
    import generated.tilted_dirac as g

    serial, _ = refs["metric"]
    ref_out = np.empty((n, 3))
    serial(kx, ky, 1.0, 0.1, ref_out)
    numba.set_num_threads(1)
    _, ref_cpu = _best(lambda: serial(kx, ky, 1.0, 0.1, ref_out))
    numba.set_num_threads(threads)
    metric = out["rows"]["tilted_dirac.quantum_metric_lower"]
    metric.update(limit=ref_cpu, distance=metric["one"] / ref_cpu,
                  limit_agree=_relative(g.quantum_metric_lower(kx, ky, v=1.0, m=0.1, t=0.5), ref_out))
    return out


def bench_observables(n_ef: int = 100, n_t: int = 50) -> dict:
    from derivations.bhz_decoherence.parameters import paper_parameters
    from derivations.quantum_metric_nonlinear.parameters import FIG2
    from qsym.runtime import radial
    from qsym.runtime.quadrature import gauss_legendre

    from .limits import loops

    numba, refs = loops()
    threads = numba.get_num_threads()
    bhz = {x: paper_parameters()[x] for x in "MABU"}
    ef, kt = np.meshgrid(np.linspace(-0.05, 0.05, n_ef), np.linspace(5e-4, 0.03, n_t), indexing="ij")
    g, twin = _pair("bhz_decoherence")
    out = {"threads": threads, "grid": (n_ef, n_t), "rows": {}}
    for label, name in (("bhz_decoherence.sigma_drude", "sigma_drude"),
                        ("bhz_decoherence.sigma_parallel (row 1)", "sigma_parallel")):
        f, tf = getattr(g, name), getattr(twin, name)
        f(ef, kt, 1e-3, **bhz)
        out["rows"][label] = _compare(numba, lambda: f(ef, kt, 1e-3, **bhz), lambda: tf(ef, kt, 1e-3, **bhz), threads)
    qg, qtwin = _pair("quantum_metric_nonlinear")
    mus = np.linspace(0.05, 0.45, 200)
    qg.sigma_qm("xyy", mus, 0.01, **FIG2)
    out["rows"]["quantum_metric_nonlinear.sigma_qm (row 5, Fermi line)"] = _compare(
        numba, lambda: qg.sigma_qm("xyy", mus, 0.01, **FIG2), lambda: qtwin.sigma_qm("xyy", mus, 0.01, **FIG2), threads)
    # the hand-written fused quadrature on the generated observable's own panels
    args = (ef, kt, 1e-3, *bhz.values())
    b = np.sort(radial.breakpoints_over_k(g._sigma_drude_breakpoint_data, g._sigma_drude_k_of_energy, args, kt,
                                          fill_points=20), axis=-1).reshape(ef.size, -1)
    x, w = (np.ascontiguousarray(a) for a in gauss_legendre(20))
    serial, _ = refs["drude"]
    ref_out = np.empty(ef.size)
    flat = (ef.ravel(), kt.ravel(), 1e-3, *bhz.values())
    serial(b, x, w, *flat, ref_out)
    numba.set_num_threads(1)
    _, ref_cpu = _best(lambda: serial(b, x, w, *flat, ref_out))
    numba.set_num_threads(threads)
    drude = out["rows"]["bhz_decoherence.sigma_drude"]
    drude.update(limit=ref_cpu, distance=drude["one"] / ref_cpu,
                 limit_agree=_relative(g.sigma_drude(ef, kt, 1e-3, **bhz).ravel(), ref_out))
    return out


_FIRST_CALL = ("import time, numpy; t0 = time.perf_counter(); import generated.tilted_dirac as g; "
               "t1 = time.perf_counter(); g.quantum_metric_lower(numpy.zeros(4), 0.1, v=1.0, m=0.1, t=0.5); "
               "t2 = time.perf_counter(); print(t1 - t0, t2 - t1)")


def bench_compilation() -> dict:
    """Import and first call of one kernel in a fresh interpreter: with an empty numba cache, then
    from the cache it wrote, and on the NumPy backend."""
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)

        def first(extra=None):
            out = subprocess.run([sys.executable, "-c", _FIRST_CALL], env=dict(env, **(extra or {})),
                                 capture_output=True, text=True, check=True)
            return tuple(float(v) for v in out.stdout.split())

        cold, warm, numpy_ = first(), first(), first({"QSYM_BACKEND": "numpy"})
    return {"cold": cold, "warm": warm, "numpy": numpy_}


def print_compiled(k: dict, o: dict, c: dict) -> None:
    print(f"15. compiled backend (numba), one process: NumPy CPU time vs compiled on one thread (CPU) and on "
          f"{k['threads']} threads (wall)")
    for rows in (k["rows"], o["rows"]):
        for label, r in rows.items():
            line = (f"   {label}: NumPy {r['numpy'] * 1e3:.1f} ms, compiled {r['one'] * 1e3:.1f} ms  ->  "
                    f"{r['speedup']:.1f}x; {k['threads']} threads {r['all'] * 1e3:.1f} ms ({r['cores']:.2f}x from "
                    f"the second core); agreement {r['agree']:.0e}")
            print(line)
            if "limit" in r:
                target = 1.3 if rows is k["rows"] else 1.5
                print(f"      hand-written fused numba loop {r['limit'] * 1e3:.1f} ms: {r['distance']:.2f}x from the "
                      f"limit (target <= {target}x); agreement {r['limit_agree']:.0e}")
    print(f"   first call (fresh interpreter): import {c['cold'][0]:.2f} s + {c['cold'][1]:.2f} s compiling with an "
          f"empty numba cache; {c['warm'][0]:.2f} s + {c['warm'][1]:.2f} s from the cache; NumPy backend "
          f"{c['numpy'][0]:.2f} s + {c['numpy'][1] * 1e3:.1f} ms")
