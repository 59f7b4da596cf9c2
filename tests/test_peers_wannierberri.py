"""qsym's Brillouin-zone responses against WannierBerri (the ``wannierberri`` extra), on two
lattice models: the tilted Qi-Wu-Zhang model (orbitals on one site) and Haldane (sublattice B
at (1/3, 1/3) of the cell). Slow (WannierBerri JIT-compiles and integrates on its own grids,
about 1.5 min per model and grid), so it runs only when asked::

    pip install -e ".[test,peers,wannierberri]"
    QSYM_WANNIERBERRI=1 python -m pytest -q tests/test_peers_wannierberri.py

The model goes to WannierBerri as a PythTB model built from qsym's own hoppings, with its
orbital positions (WannierBerri's ``use_wcc_phase``: the geometry of the position operator, as
``Model.orbitals``). WannierBerri's outputs with ``constant_factor = 1`` are the bare integrals
with [dk] = d^3k/(2 pi)^3 over a cell whose third vector is a unit vector, so they equal the 2D
integrals of qsym in its length unit (nm, read by WannierBerri as its unit). Conversions:

* AHC: WannierBerri's Omega_z f integral is qsym's ``ahe`` (same Omega = curl <u|i grad u>);
* Berry curvature dipole (Fermi sea, Eq. 29 of npj Comput. Mater. 7, 33): D[b, z] =
  int d_b Omega_z f is qsym's ``bcd`` component ``b + "xy"``;
* nonlinear Drude (Fermi sea): int d_b d_c v_a f is minus qsym's ``drude`` (which is
  -int f d_a d_b d_c E).

The tolerance is WannierBerri's own convergence: twice the change from its 64^2 to its 128^2
grid (tetrahedra, Fermi-Dirac smoothed on an energy grid of kT/10), plus 1e-6 of the scale.
"""

import os

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(not os.environ.get("QSYM_WANNIERBERRI"),
                                reason="slow peer comparison: set QSYM_WANNIERBERRI=1 (see the module notes)")

KT = 0.05


@pytest.mark.parametrize("name, energies", [("qi_wu_zhang", [-1.5, -0.5, 1.2]), ("haldane", [-1.4, -0.8, 0.6])])
def test_zone_responses_agree_with_wannierberri_within_its_grid_convergence(name, energies):
    pytest.importorskip("wannierberri")
    from peer_models import wannierberri_responses

    from qsym.model import response
    from qsym.model.by_name import load

    _, model = load(name)
    coarse, fine = (wannierberri_responses(model, energies, KT, nk=nk) for nk in (64, 128))
    ours = {n: response(name, n, energies, KT, rtol=1e-9).value for n in ("ahe", "bcd", "drude")}
    pairs = {
        "ahc": (ours["ahe"][:, 0], lambda r: r["ahc"][:, 2]),
        "bcd x": (ours["bcd"][:, 0], lambda r: r["bcd"].reshape(-1, 3, 3)[:, 0, 2]),
        "bcd y": (ours["bcd"][:, 1], lambda r: r["bcd"].reshape(-1, 3, 3)[:, 1, 2]),
        "drude xxx": (ours["drude"][:, 0], lambda r: -r["drude"].reshape(-1, 3, 3, 3)[:, 0, 0, 0]),
        "drude xyy": (ours["drude"][:, 2], lambda r: -r["drude"].reshape(-1, 3, 3, 3)[:, 0, 1, 1]),
        "drude yyy": (ours["drude"][:, 5], lambda r: -r["drude"].reshape(-1, 3, 3, 3)[:, 1, 1, 1]),
    }
    report = []
    for label, (q, theirs) in pairs.items():
        a, b = theirs(coarse), theirs(fine)
        scale = max(np.max(np.abs(q)), np.max(np.abs(b)), 1e-12)
        tol = 2 * np.abs(b - a) + 1e-6 * scale
        report.append(f"{label}: qsym {q}, WannierBerri {b} (64^2: {a})")
        assert np.all(np.isfinite(q)) and np.all(np.isfinite(b))
        assert np.all(np.abs(q - b) <= tol), "\n".join(report)
    print("\n".join(report))
