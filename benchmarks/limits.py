"""15. (``--limits``, needs numba) The distance to the hardware: generated NumPy kernels against
hand-written fused numba loops of the same formulas, the reference a compiled backend is to be
measured against (issue 26). Kept here, not in qsym: they are the yardstick, not the product.

* ``tilted_dirac.quantum_metric_lower`` on 10^6 random k-points: the metric of the lower band of
  H = t k_x + v (k_x sigma_x + k_y sigma_y) + m sigma_z, written out by hand
  (g_ij = (1/4) d_i n . d_j n, n = d/|d|): g_xx = v^2 (v^2 k_y^2 + m^2)/(4E^4),
  g_xy = -v^4 k_x k_y/(4E^4), g_yy = v^2 (v^2 k_x^2 + m^2)/(4E^4), E^2 = v^2 k^2 + m^2;
  one thread (``numba.set_num_threads(1)``) and all cores (``prange``).

CPU time is not wall time for the parallel loop: both are reported. Numbers are best of 5,
the numba compilation excluded (measured separately: the first call).
"""

from __future__ import annotations

import time

import numpy as np


#: numba.prange once numba is imported (by _loops); a serial compilation treats it as range.
prange = range


def _metric(kx, ky, v, m, out):
    """The loop, once: compiled serial and parallel by :func:`_loops`."""
    for i in prange(kx.size):
        x, y = kx[i], ky[i]
        v2 = v * v
        e2 = v2 * (x * x + y * y) + m * m
        d = 4.0 * e2 * e2
        out[i, 0] = v2 * (v2 * y * y + m * m) / d
        out[i, 1] = -v2 * v2 * x * y / d
        out[i, 2] = v2 * (v2 * x * x + m * m) / d


def _loops():
    import numba

    global prange
    prange = numba.prange
    return numba, numba.njit(fastmath=False)(_metric), numba.njit(parallel=True, fastmath=False)(_metric)


def _best(fn, repeat: int = 5) -> tuple[float, float]:
    """Best wall and CPU time of ``fn()`` over ``repeat`` runs [s]."""
    wall, cpu = np.inf, np.inf
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return wall, cpu


def bench_metric_limit(n: int = 10**6) -> dict:
    import generated.tilted_dirac as g

    numba, serial, parallel = _loops()
    rng = np.random.default_rng(7)
    kx, ky = rng.uniform(-0.5, 0.5, n), rng.uniform(-0.5, 0.5, n)
    p = dict(v=1.0, m=0.1, t=0.5)
    out = np.empty((n, 3))
    t0 = time.perf_counter()
    serial(kx[:10], ky[:10], p["v"], p["m"], out[:10])
    parallel(kx[:10], ky[:10], p["v"], p["m"], out[:10])
    compile_s = time.perf_counter() - t0
    reference = g.quantum_metric_lower(kx, ky, **p)
    serial(kx, ky, p["v"], p["m"], out)
    agree = float(np.max(np.abs(out - reference) / np.maximum(np.abs(reference), 1e-300)))
    gen_wall, gen_cpu = _best(lambda: g.quantum_metric_lower(kx, ky, **p))
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    one_wall, one_cpu = _best(lambda: serial(kx, ky, p["v"], p["m"], out))
    numba.set_num_threads(threads)
    all_wall, all_cpu = _best(lambda: parallel(kx, ky, p["v"], p["m"], out))
    return {"n": n, "gen_wall": gen_wall, "gen_cpu": gen_cpu, "one_wall": one_wall, "all_wall": all_wall,
            "all_cpu": all_cpu, "threads": threads, "agree": agree, "compile_s": compile_s,
            "distance": gen_cpu / one_cpu, "cores": one_wall / all_wall}


def print_metric_limit(r: dict) -> None:
    print("15. tilted_dirac.quantum_metric_lower on 10^6 k-points: generated NumPy kernel vs a hand-written "
          "fused numba loop (the limit a compiled backend is measured against)")
    print(f"   generated {r['gen_cpu'] * 1e3:.1f} ms CPU; numba, one thread {r['one_wall'] * 1e3:.1f} ms  ->  "
          f"{r['distance']:.1f}x from the limit; numba on {r['threads']} threads {r['all_wall'] * 1e3:.1f} ms wall "
          f"({r['cores']:.2f}x from the second core); agreement {r['agree']:.1e}; numba compilation "
          f"{r['compile_s']:.1f} s (first call)")
