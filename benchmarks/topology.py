"""12. Chern numbers over a phase diagram of the Haldane model (a 10 x 10 grid of M and phi,
t2 = 0.1 eV) by :func:`qsym.model.topology.chern_number` against PythTB's ``wf_array.berry_flux`` on a
41 x 41 mesh per point (what a user of PythTB writes; ``peers`` extra). Both must give the same
integers everywhere (equal accuracy); points within 0.03 eV of the phase boundary
|M| = 3 sqrt(3) t2 |sin phi| are left out (a 41-point mesh does not resolve the gap there).
Target: >= 3x."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def bench_chern_numbers(n: int = 10) -> dict:
    from qsym.model import topology

    try:
        sys.path.insert(0, str(ROOT / "tests"))
        from peer_models import pythtb_chern, pythtb_haldane
    except ImportError:
        return {"skipped": "PythTB is not installed (pip install -e '.[peers]')"}
    from derivations.haldane import MODEL as model
    points = [(M, phi) for M in np.linspace(-0.8, 0.8, n) for phi in np.linspace(-3.0, 3.0, n)
              if abs(abs(M) - 3 * np.sqrt(3) * 0.1 * abs(np.sin(phi))) > 0.03]
    topology.chern_number(model, params={"M": 0.1})          # lambdify once, outside the timing (as PythTB's import)
    t0 = time.perf_counter()
    ours = [topology.chern_number(model, params={"M": M, "phi": phi, "t_2": 0.1}).value for M, phi in points]
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = [pythtb_chern(pythtb_haldane(M, 0.1, phi)) for M, phi in points]
    t_user = time.perf_counter() - t0
    same = all(a == round(b) and abs(b - round(b)) < 1e-8 for a, b in zip(ours, theirs))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "points": len(points), "same": same,
            "phases": sorted(set(ours))}


def print_chern_numbers(r: dict) -> None:
    print("12. Chern numbers of the Haldane model over its phase diagram, qsym.model.topology vs PythTB berry_flux (41^2)")
    if "skipped" in r:
        print(f"   skipped: {r['skipped']}")
        return
    print(f"   qsym {r['t_gen']:.2f} s, PythTB {r['t_user']:.2f} s at {r['points']} points  ->  {r['ratio']:.0f}x "
          f"(target >= 3x); Chern numbers {r['phases']}, the same at every point: {r['same']}")


def bench_wilson_loops(lines: int = 101, points: int = 64) -> dict:
    """13. Wilson loops of the Haldane model's lower band along b2 on ``lines`` lines of
    ``points`` points: :func:`qsym.model.topology.wilson_loop` against PythTB's
    ``wf_array.berry_phase(dir=1)`` on the same mesh, the PythTB model built from qsym's
    hoppings with the orbitals at the origin (the periodic gauge of qsym's loops), so that the
    Berry phases agree line by line (mod 2 pi). Target: >= 3x."""
    import dataclasses

    from qsym.model import topology

    try:
        sys.path.insert(0, str(ROOT / "tests"))
        import pythtb
        from peer_models import pythtb_from_qsym
    except ImportError:
        return {"skipped": "PythTB is not installed (pip install -e '.[peers]')"}
    from derivations.haldane import MODEL

    model = dataclasses.replace(MODEL, orbitals=())
    tb = pythtb_from_qsym(model)
    topology.wilson_loop(model, lines=5, points=8)          # lambdify once, outside the timing
    t0 = time.perf_counter()
    W = topology.wilson_loop(model, along=1, across=0, lines=lines, points=points)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    w = pythtb.wf_array(tb, [lines, points + 1])
    w.solve_on_grid([0.0, 0.0])
    theirs = w.berry_phase([0], dir=1, contin=True)
    t_user = time.perf_counter() - t0
    ours = W.berry_phase
    diff = float(np.max(np.abs((ours - theirs + np.pi) % (2 * np.pi) - np.pi)))
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "max_phase_diff": diff, "lines": lines,
            "winding": W.winding}


def print_wilson_loops(r: dict) -> None:
    print("13. Wilson loops of the Haldane model (lower band, along b2), qsym.model.topology vs PythTB berry_phase")
    if "skipped" in r:
        print(f"   skipped: {r['skipped']}")
        return
    print(f"   qsym {r['t_gen']:.3f} s, PythTB {r['t_user']:.3f} s on {r['lines']} lines  ->  {r['ratio']:.1f}x "
          f"(target >= 3x); Berry phases agree to {r['max_phase_diff']:.1e} rad line by line; winding {r['winding']}")
