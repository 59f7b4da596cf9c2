"""14. Brillouin-zone responses of a lattice model (the tilted Qi-Wu-Zhang model: AHC, Berry
curvature dipole and nonlinear Drude at three Fermi energies, kT = 0.05 eV) by qsym's zone
integrals at rtol 1e-5 against WannierBerri on a 128^2 grid (tetrahedra, Fermi-Dirac smoothed;
its own 64^2 -> 128^2 change is ~4e-5 of the scale: qsym at rtol 1e-5 is at least as accurate).
WannierBerri's JIT compilation runs once before the timing. Needs the ``wannierberri`` extra;
run with ``python -m benchmarks --wannierberri``. Target: >= 10x."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ENERGIES = [-1.5, -0.5, 1.2]
KT = 0.05


def bench_zone_responses(nk: int = 128) -> dict:
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        import wannierberri  # noqa: F401
        from peer_models import wannierberri_responses
    except ImportError:
        return {"skipped": "WannierBerri is not installed (pip install -e '.[wannierberri]')"}
    from qsym.model import response
    from qsym.model.by_name import load

    _, model = load("qi_wu_zhang")
    wannierberri_responses(model, ENERGIES, KT, nk=8)              # JIT compilation, outside the timing
    response("qi_wu_zhang", "ahe", [0.0], KT)                      # kernels loaded, outside the timing
    t0 = time.perf_counter()
    theirs = wannierberri_responses(model, ENERGIES, KT, nk=nk)
    t_user = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = {n: response("qi_wu_zhang", n, ENERGIES, KT, rtol=1e-5) for n in ("ahe", "bcd", "drude")}
    t_gen = time.perf_counter() - t0
    diff = max(float(np.max(np.abs(ours["ahe"].value[:, 0] - theirs["ahc"][:, 2]))),
               float(np.max(np.abs(ours["bcd"].value[:, 0] - theirs["bcd"].reshape(-1, 3, 3)[:, 0, 2]))),
               float(np.max(np.abs(ours["drude"].value[:, 0] + theirs["drude"].reshape(-1, 3, 3, 3)[:, 0, 0, 0]))))
    bound = max(float(np.max(r.error)) for r in ours.values())
    return {"t_gen": t_gen, "t_user": t_user, "ratio": t_user / t_gen, "diff": diff, "bound": bound, "nk": nk}


def print_zone_responses(r: dict) -> None:
    print("14. Zone responses of the tilted Qi-Wu-Zhang model (AHC, BCD, Drude; 3 E_F), qsym vs WannierBerri")
    if "skipped" in r:
        print(f"   skipped: {r['skipped']}")
        return
    print(f"   qsym {r['t_gen']:.2f} s (bound {r['bound']:.1e}), WannierBerri {r['nk']}^2 {r['t_user']:.1f} s  ->  "
          f"{r['ratio']:.0f}x (target >= 10x); largest difference {r['diff']:.1e} (WannierBerri's grid error)")
