"""Benchmarks: ``python -m benchmarks`` prints ratios measured in one run.

1. ``sigma_parallel`` on a 100 x 50 (eF, kT) grid: the generated observable against
   ``scipy.integrate.quad`` per grid point over a ``sympy.lambdify``-ed integrand (split at
   k_F, as a careful user would), both verified at relative 1e-8 against mpmath.quad on a
   sample of grid points. Target: >= 50x.
2. The per-k integrand kernel on 10^6 k-points against ``sympy.lambdify`` of the same
   expression without common-subexpression elimination. Target: >= 3x.
3. Wall time of ``qsym generate`` from cold (<= 30 s), ``qsym check`` (<= 60 s) and ``qsym show``
   from the build cache (<= 2 s).
4. ``bcp`` of the quantum-metric toy model on 10^6 k-points against batched
   ``numpy.linalg.eigh`` plus the perturbation sums (what Wannier-interpolation codes do),
   agreement 1e-10. Target: >= 50x.
5. ``sigma_qm`` at 200 Fermi energies, kT = 0.01 eV, against the eigh route on a uniform
   k-grid converged to 1e-6 (geometry computed once, reused for every eF). Target: >= 20x.

6. ``Ic``, ``Is`` of the helical-edge derivation on 10^6 points x in [0, 50] against
   ``scipy.integrate.quad`` per point (one adaptive call on [0, 20], epsrel 1e-12, limit 5000),
   timed on a 200-point sample and scaled to 10^6; the agreement of the two is printed.
   Target: >= 1000x.
7. ``delta_G_exact`` on a 50 x 50 (T, V) grid against building the dissipator as QuTiP
   collapse operators on an energy grid and calling ``qutip.steadystate`` per grid point
   (timed on a 3-point sample, scaled to 2500; the QuTiP side does only the steady state, so
   the ratio is a lower bound), agreement of the steady state 1e-8. Target: >= 20x.
8. The KPM density of states of the disordered film against dense ``eigvalsh`` (``lattice.py``).
9. A sweep on the LocalCluster with 1 and 2 workers (scaling) and its overhead per task.
   Target: >= 10x.
10. A user model's (``bhz_both_spins``) generated BCP and metric on 10^6 k-points against
    batched eigh plus perturbation sums (``models.py``). Target: >= 30x at 1e-10.
11. A quantum-metric-dipole conductivity sweep over 200 Fermi energies by the general
    k-integral of a user model against numpy eigh on a converged uniform k-grid
    (``models.py``). Target: >= 20x at 1e-6.
12. Chern numbers over the Haldane model's phase diagram against PythTB (``topology.py``,
    ``peers`` extra). Target: >= 3x at the same integers.
13. Wilson loops of the Haldane model against PythTB's Berry phases on the same mesh
    (``topology.py``). Target: >= 3x at equal phases.
14. (``--wannierberri``) Zone responses of a lattice model against WannierBerri at equal or
    better accuracy (``zone.py``). Target: >= 10x.
15. (where numba is installed: the ``fast`` extra) The compiled backend against the NumPy one
    and against hand-written fused numba loops of the same formulas, on one thread and on every
    core, and its first-call compilation (``compiled.py``, ``limits.py``). Targets: <= 1.3x the
    hand-written loop for kernels, <= 1.5x for observables, >= 1.7x from the second core.

Where numba is installed, rows 1-14 run on the compiled backend (``QSYM_BACKEND=numpy`` runs
them on NumPy).

Ratios, not absolute times, are the result: both sides run on the same machine in the same
process, back to back.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import mpmath
import numpy as np
import sympy as sp
from scipy import integrate, special

ROOT = Path(__file__).resolve().parent.parent


def _timeit(fn, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_sigma_parallel_grid(n_ef: int = 100, n_t: int = 50, sample: int = 12) -> dict:
    import generated.bhz_decoherence as gen
    from derivations.bhz_decoherence import build
    from derivations.bhz_decoherence.parameters import paper_parameters
    from qsym.functions import mpmath_modules

    d = build()
    p = paper_parameters()
    kernel = next(k for k in d.kernels if k.name == "sigma_parallel_integrand")
    syms = [a.symbol for a in kernel.args]
    # what a user writes: lambdify the integrand, a Fermi function from scipy, quad per point
    # (qsym's fermi prints itself as runtime.fermi(x, kT): the user's namespace supplies it)
    user_fermi = {"runtime": types.SimpleNamespace(fermi=lambda x, t: special.expit(-x / t))}
    f_user = sp.lambdify(syms, kernel.expr, modules=[user_fermi, "numpy"])
    ef = np.linspace(-0.05, 0.05, n_ef)
    kt = np.linspace(5e-4, 0.03, n_t)
    n_i = 1e-3
    M, A, B, U = p["M"], p["A"], p["B"], p["U"]

    def k_fermi(e):
        if abs(e) <= abs(M):
            return None
        pp = A**2 - 2 * B * M
        return np.sqrt(2 * (e**2 - M**2) / (pp + np.sqrt(pp**2 + 4 * B**2 * (e**2 - M**2))))

    def user_point(e, t):
        args = (e, t, n_i, M, A, B, U)
        kf = k_fermi(e)
        pieces = [(0.0, kf), (kf, np.inf)] if kf else [(0.0, 1.0), (1.0, np.inf)]
        return sum(integrate.quad(f_user, a, b, args=args, epsrel=1e-11, epsabs=0, limit=400)[0]
                   for a, b in pieces)

    def user_grid():
        return np.array([[user_point(e, t) for t in kt] for e in ef])

    def qsym_grid():
        return gen.sigma_parallel(ef[:, None], kt[None, :], n_i, **p)

    t_qsym = _timeit(qsym_grid, repeat=3)
    t0 = time.perf_counter()
    user = user_grid()
    t_user = time.perf_counter() - t0
    ours = qsym_grid()
    # accuracy of both routes on a sample of grid points against mpmath.quad at 30 digits
    f_mp = sp.lambdify(syms, kernel.expr, modules=mpmath_modules(kernel.expr))
    rng = np.random.default_rng(1)
    worst_q, worst_u = 0.0, 0.0
    with mpmath.workdps(30):
        for _ in range(sample):
            i, j = rng.integers(n_ef), rng.integers(n_t)
            e, t = ef[i], kt[j]
            kf = k_fermi(e)
            pts = [0, abs(M) / A, np.sqrt(abs(M / B)), A / abs(B)]
            if kf:
                pts += [kf]
            args = [mpmath.mpf(x) for x in (e, t, n_i, M, A, B, U)]
            ref = float(mpmath.quad(lambda k: f_mp(k, *args), sorted(set(pts)) + [mpmath.inf]))
            worst_q = max(worst_q, abs(ours[i, j] - ref) / abs(ref))
            worst_u = max(worst_u, abs(user[i, j] - ref) / abs(ref))
    return {"t_qsym": t_qsym, "t_user": t_user, "ratio": t_user / t_qsym, "err_qsym": worst_q, "err_user": worst_u}


def bench_integrand_kernel(n: int = 10**6) -> dict:
    import generated.bhz_decoherence as gen
    from derivations.bhz_decoherence import build
    from derivations.bhz_decoherence.parameters import paper_parameters
    from qsym import runtime

    d = build()
    p = paper_parameters()
    kernel = next(k for k in d.kernels if k.name == "sigma_parallel_integrand")
    plain = sp.lambdify([a.symbol for a in kernel.args], kernel.expr,
                        modules=[{"runtime": runtime}, "numpy"], cse=False)
    k = np.linspace(0.0, 3.0, n)
    args = (k, 0.01, 0.005, 1e-3)
    model = {x: p[x] for x in "MABU"}
    t_gen = _timeit(lambda: gen.sigma_parallel_integrand(*args, **model), repeat=5)
    t_plain = _timeit(lambda: plain(*args, *model.values()), repeat=5)
    ours, theirs = gen.sigma_parallel_integrand(*args, **model), plain(*args, *model.values())
    diff = np.max(np.abs(ours - theirs) / np.abs(theirs).max())
    return {"t_gen": t_gen, "t_plain": t_plain, "ratio": t_plain / t_gen, "max_rel_diff": float(diff)}


def _user_bcp(kx, ky, v, m, b, t, chunk: int = 100_000):
    """BCP of the upper pair by eigh + sums, in chunks (what a user writes)."""
    from derivations.quantum_metric_nonlinear.references import toy_hamiltonian_numeric
    out = np.empty(kx.shape + (3,))
    for start in range(0, kx.size, chunk):
        sl = slice(start, start + chunk)
        H, dHx, dHy = toy_hamiltonian_numeric(kx[sl], ky[sl], v, m, b, t)
        w, U = np.linalg.eigh(H)
        Uh = np.conj(np.swapaxes(U, -1, -2))
        vx, vy = Uh @ dHx @ U, Uh @ dHy @ U
        G = np.zeros((w.shape[0], 3))
        for n in (2, 3):
            for mm in (0, 1):
                gap = w[:, n] - w[:, mm]
                ax, ay = 1j * vx[:, n, mm] / -gap, 1j * vy[:, n, mm] / -gap
                bx, by = 1j * vx[:, mm, n] / gap, 1j * vy[:, mm, n] / gap
                G[:, 0] += 2 * (ax * bx).real / gap
                G[:, 1] += 2 * (ax * by).real / gap
                G[:, 2] += 2 * (ay * by).real / gap
        out[sl] = G
    return out


def bench_bcp(n: int = 10**6) -> dict:
    import generated.quantum_metric_nonlinear as gen
    from derivations.quantum_metric_nonlinear.parameters import FIG2
    rng = np.random.default_rng(3)
    kx, ky = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    t_gen = _timeit(lambda: gen.bcp(kx, ky, **FIG2), repeat=3)
    t0 = time.perf_counter()
    ref = _user_bcp(kx, ky, *FIG2.values())
    t_user = time.perf_counter() - t0
    ours = gen.bcp(kx, ky, **FIG2)
    err = float(np.max(np.abs(ours - ref) / np.max(np.abs(ref), axis=-1, keepdims=True)))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "max_rel_diff": err}


def bench_sigma_qm(n_ef: int = 200) -> dict:
    import generated.quantum_metric_nonlinear as gen
    from derivations.quantum_metric_nonlinear.parameters import FIG2
    from derivations.quantum_metric_nonlinear.references import numeric_sigma_qm_grid
    mus = np.linspace(0.05, 0.45, n_ef)
    t_gen = _timeit(lambda: gen.sigma_qm("xyy", mus, 0.01, **FIG2), repeat=3)
    t0 = time.perf_counter()
    ref = numeric_sigma_qm_grid("xyy", mus, 0.01, *FIG2.values(), spacing=0.005, half_width=1.6)
    t_user = time.perf_counter() - t0
    ours = gen.sigma_qm("xyy", mus, 0.01, **FIG2)
    err = float(np.max(np.abs(ours - ref)) / np.max(np.abs(ref)))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "max_rel_diff": err}


def bench_phase_integrals(n: int = 10**6, sample: int = 200) -> dict:
    import generated.helical_edge_spin_texture as gen

    rng = np.random.default_rng(5)
    x = rng.uniform(0, 50, n)
    t_gen = _timeit(lambda: (gen.Ic(x), gen.Is(x)), repeat=3)

    def user(xv, trig):  # what a user writes: one adaptive quad on [0, 20] (sech^2 < 2e-17 beyond)
        return integrate.quad(lambda e: trig(xv * e * e) / np.cosh(e) ** 2, 0.0, 20.0, epsrel=1e-12,
                              epsabs=1e-15, limit=5000)[0]

    xs = x[:sample]
    t0 = time.perf_counter()
    ref = np.array([[user(v, np.cos), user(v, np.sin)] for v in xs])
    t_user = (time.perf_counter() - t0) * n / sample
    ours = np.stack([gen.Ic(xs), gen.Is(xs)], axis=-1)
    err = float(np.max(np.abs(ours - ref) / np.maximum(np.abs(ref), 1e-3)))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "max_rel_diff": err}


def bench_master_equation(n: int = 50, sample: int = 3) -> dict:
    import generated.helical_edge_spin_texture as gen
    from derivations.helical_edge_spin_texture.references import qutip_steady_state

    J = (0.25, 0.1, 0.35)
    TT, VV = np.meshgrid(np.linspace(0.02, 0.2, n), np.linspace(0.0, 0.5, n), indexing="ij")
    t_gen = _timeit(lambda: gen.delta_G_exact(TT, VV, *J), repeat=1)
    pts = [(TT.flat[i], VV.flat[i]) for i in np.linspace(0, TT.size - 1, sample).astype(int)]
    t0 = time.perf_counter()
    theirs = np.array([qutip_steady_state(t, v, J) for t, v in pts])
    t_user = (time.perf_counter() - t0) * TT.size / sample
    ours = np.array([gen.impurity_polarization_exact(t, v, *J) for t, v in pts])
    err = float(np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "max_rel_diff": err}


def bench_commands() -> dict:
    """Wall times of the commands a user types, each in a fresh process, with a build cache
    of its own: ``generate`` with ``--no-cache`` (every derivation built from scratch),
    ``check`` with the default ``--jobs`` (the processors), ``show`` twice (the second run is
    served from the cache)."""
    def run(*args):
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "qsym", *args], cwd=ROOT, env=env, capture_output=True)
        return time.perf_counter() - t0, res.returncode

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache_dir:
        env = dict(os.environ, QSYM_CACHE_DIR=cache_dir)
        t_gen, _ = run("generate", "--no-cache", "--out", tmp)
        t_show_cold, _ = run("show", "quantum_metric_nonlinear")
        t_show_warm, _ = run("show", "quantum_metric_nonlinear")
        t_check, code = run("check")
    return {"generate_s": t_gen, "check_s": t_check, "check_ok": code == 0, "show_cold_s": t_show_cold,
            "show_warm_s": t_show_warm}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a 20 x 10 grid instead of 100 x 50")
    ap.add_argument("--record", metavar="FILE",
                    help="also write what is printed to FILE, headed by the date and the machine "
                         "(the documentation's performance page shows docs/_data/benchmarks.txt)")
    ap.add_argument("--wannierberri", action="store_true",
                    help="also row 14: zone responses against WannierBerri (slow; the wannierberri extra)")
    args = ap.parse_args(argv)
    if args.record:
        return _recorded(args.record, [a for a in (argv if argv is not None else sys.argv[1:])
                                       if a != "--record" and a != args.record])
    print("qsym benchmarks (ratios measured in one run on this machine)\n")
    g = bench_sigma_parallel_grid(*((20, 10) if args.quick else (100, 50)))
    print("1. sigma_parallel on a (eF, kT) grid, generated vs scipy.integrate.quad per point")
    print(f"   qsym {g['t_qsym']:.3f} s, scipy.quad {g['t_user']:.2f} s  ->  {g['ratio']:.0f}x "
          f"(target >= 50x)")
    print(f"   worst relative error vs mpmath.quad (30 digits): qsym {g['err_qsym']:.1e}, "
          f"scipy.quad {g['err_user']:.1e} (both must be <= 1e-8)")
    k = bench_integrand_kernel()
    print("2. sigma_parallel_integrand on 10^6 k-points, generated (CSE, validated, blockwise) vs "
          "sympy.lambdify(cse=False)")
    print(f"   qsym {k['t_gen'] * 1e3:.1f} ms, lambdify {k['t_plain'] * 1e3:.1f} ms  ->  {k['ratio']:.1f}x "
          f"(target >= 3x); max relative difference {k['max_rel_diff']:.1e}")
    q = bench_bcp(10**5 if args.quick else 10**6)
    print("4. bcp (quantum-metric toy model) on 10^6 k-points, generated vs numpy eigh + sums")
    print(f"   qsym {q['t_gen'] * 1e3:.0f} ms, eigh {q['t_user']:.2f} s  ->  {q['ratio']:.0f}x (target >= 50x); "
          f"max relative difference {q['max_rel_diff']:.1e} (must be <= 1e-10)")
    sq = bench_sigma_qm(40 if args.quick else 200)
    print("5. sigma_qm at 200 Fermi energies (kT = 0.01 eV), generated vs eigh on a converged k-grid")
    print(f"   qsym {sq['t_gen'] * 1e3:.0f} ms, eigh grid {sq['t_user']:.2f} s  ->  {sq['ratio']:.0f}x "
          f"(target >= 20x); max difference {sq['max_rel_diff']:.1e} of max |sigma| (must be <= 1e-6)")
    ph = bench_phase_integrals(10**5 if args.quick else 10**6)
    print("6. Ic and Is on 10^6 points in [0, 50], generated vs scipy.integrate.quad per point")
    print(f"   qsym {ph['t_gen']:.2f} s, scipy.quad {ph['t_user']:.0f} s (scaled from 200 points)  ->  "
          f"{ph['ratio']:.0f}x (target >= 1000x); max relative difference {ph['max_rel_diff']:.1e}")
    me = bench_master_equation(20 if args.quick else 50)
    print("7. delta_G_exact on a 50 x 50 (T, V) grid, generated vs QuTiP steadystate per grid point")
    print(f"   qsym {me['t_gen']:.2f} s, QuTiP {me['t_user']:.0f} s (scaled from 3 points)  ->  "
          f"{me['ratio']:.0f}x (target >= 20x); steady-state agreement {me['max_rel_diff']:.1e} (must be <= 1e-8)")
    from .lattice import bench_kpm, bench_sweep_scaling, print_kpm, print_sweep_scaling

    kp = bench_kpm(*((8, 10) if args.quick else (14, 10)))
    print_kpm(kp)
    sw = bench_sweep_scaling(4 if args.quick else 8)
    print_sweep_scaling(sw, 4 if args.quick else 8)
    from .models import bench_model_geometry, print_model_geometry

    mg = bench_model_geometry(10**5 if args.quick else 10**6)
    print_model_geometry(mg)
    from .models import bench_qmd_sweep, print_qmd_sweep

    qs = bench_qmd_sweep(50 if args.quick else 200)
    print_qmd_sweep(qs, 50 if args.quick else 200)
    from .topology import bench_chern_numbers, print_chern_numbers

    cn = bench_chern_numbers(6 if args.quick else 10)
    print_chern_numbers(cn)
    from .topology import bench_wilson_loops, print_wilson_loops

    wl = bench_wilson_loops()
    print_wilson_loops(wl)
    from qsym.runtime.compiled import backend

    if backend() == "numba":
        from .compiled import bench_compilation, bench_kernels, bench_observables, print_compiled

        print_compiled(bench_kernels(10**5 if args.quick else 10**6),
                       bench_observables(*((20, 10) if args.quick else (100, 50))), bench_compilation())
    else:
        print("15. compiled backend: not measured (numba is not installed, or QSYM_BACKEND=numpy): "
              "pip install -e '.[fast]'")
    if args.wannierberri:
        from .zone import bench_zone_responses, print_zone_responses

        print_zone_responses(bench_zone_responses())
    c = bench_commands()
    print("3. command wall times")
    print(f"   qsym generate (cold) {c['generate_s']:.1f} s (budget 30 s); "
          f"qsym check {c['check_s']:.1f} s (budget 60 s){'' if c['check_ok'] else '  [CHECK FAILED]'}; "
          f"qsym show {c['show_cold_s']:.1f} s cold, {c['show_warm_s']:.2f} s from the build cache (budget 2 s)")
    ok = (g["err_qsym"] <= 1e-8 and g["err_user"] <= 1e-8 and c["check_ok"] and q["max_rel_diff"] <= 1e-10
          and sq["max_rel_diff"] <= 1e-6 and ph["max_rel_diff"] <= 1e-9 and me["max_rel_diff"] <= 1e-8
          and kp["err"] <= 0.2 and sw["same"] and mg["max_rel_diff"] <= 1e-10 and qs["max_rel_diff"] <= 1e-6
          and cn.get("same", True) and wl.get("max_phase_diff", 0.0) <= 1e-10)
    return 0 if ok else 1


def _recorded(path: str, argv: list[str]) -> int:
    """Run the benchmarks with ``argv``, printing as usual, and keep the printout in ``path``."""
    import contextlib
    import datetime
    import io
    import platform

    buffer = io.StringIO()

    class Tee(io.TextIOBase):
        def write(self, text):
            sys.__stdout__.write(text)
            buffer.write(text)
            return len(text)

    with contextlib.redirect_stdout(Tee()):
        status = main(argv)
    head = (f"# python -m benchmarks {' '.join(argv)}".rstrip() + f" -- {datetime.date.today().isoformat()}, "
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, exit status {status}\n")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(head + buffer.getvalue())
    return status


if __name__ == "__main__":
    raise SystemExit(main())
