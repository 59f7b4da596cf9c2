"""The automatic topology checks of a gapped lattice model (:mod:`qsym.model.topology`), each
two independent routes to one integer:

* the Chern number of the lower group by link variables (Fukui-Hatsugai-Suzuki: eigenvectors
  of H only) against ``2 pi sigma_xy`` of the anomalous Hall integral with E_F in the gap
  (the generated Berry-curvature kernels, integrated over the zone by :mod:`qsym.kspace`);
* the winding of the Wilson loops along ``b_2`` across the zone against the same Chern number.

In 3D the plane is ``kappa_3 = 0`` for the Chern and Wilson routes; the AHE route is 2D only.
"""

from __future__ import annotations

import numpy as np

from ..checks import CheckResult
from ..derivation import Derivation
from .spec import Model
from .zone import reciprocal_vectors

__all__ = ["global_gap", "add_topology_checks", "GRID"]

#: Points per reciprocal direction of the gap search: a multiple of 6, so that the grid holds
#: the time-reversal-invariant momenta and the corners K = (1/3, 2/3) of a hexagonal zone.
GRID = 96


def global_gap(model: Model, params: dict | None = None) -> tuple[float, float] | None:
    """(top of the lower half of the bands, bottom of the upper half) over the zone (in 3D, its
    plane kappa_3 = 0) [energy] on a GRID^2 grid of the reduced cell, or None where they
    overlap or the model states touchings (no global gap: no in-gap Fermi energy)."""
    from .topology import bloch_hamiltonian

    if len(model.momenta) == 2 and model.touchings:
        return None                       # the model says its bands touch
    q = np.arange(GRID) / GRID - 0.5      # holds Gamma, M, K of square and hexagonal zones
    third = [np.zeros(1)] if len(model.momenta) == 3 else []   # the plane kappa_3 = 0 of the 3D checks
    k = np.stack(np.meshgrid(q, q, *third, indexing="ij"), -1).reshape(-1, len(model.momenta)) \
        @ reciprocal_vectors(model)
    E = np.linalg.eigvalsh(bloch_hamiltonian(model, params)(k))
    half = E.shape[1] // 2
    top, bottom = float(E[:, half - 1].max()), float(E[:, half].min())
    width = float(E.max() - E.min()) or 1.0
    return (top, bottom) if bottom - top > 1e-3 * width else None


def _chern_equals_hall(d: Derivation, model: Model, gap: tuple[float, float]) -> CheckResult:
    from ..codegen import load_module
    from .responses import evaluate
    from .topology import chern_number

    C = chern_number(model)
    mid = 0.5 * (gap[0] + gap[1])
    ahe = evaluate(load_module(d), model, "ahe", [mid], [0.0], rtol=1e-9)
    hall = float(2 * np.pi * ahe.value.ravel()[0])
    err = abs(hall - C.value)
    return CheckResult(bool(err < 1e-6 and abs(hall) < 1e3), "numeric", err,
                       f"C = {C.value} (link variables, {C.grid}^2 grid); 2 pi sigma_xy = {hall:.10f} +- "
                       f"{2 * np.pi * float(ahe.error.ravel()[0]):.1e} at E_F = {mid:.4g} (mid-gap, kT = 0)")


def _winding_equals_chern(model: Model) -> CheckResult:
    from .topology import chern_number, wilson_loop

    C = chern_number(model)
    W = wilson_loop(model, along=1, across=0)
    return CheckResult(W.winding == C.value, "numeric", float(abs(W.winding - C.value)),
                       f"Wilson loops along b2 wind by {W.winding} over {W.kappa.size} lines; C = {C.value}")


def add_topology_checks(d: Derivation, model: Model) -> None:
    """The topology checks of a lattice model with a global gap between its band halves (none
    otherwise: a metal has no in-gap Hall plateau and no Chern number of its lower half)."""
    gap = global_gap(model)
    if gap is None:
        return
    if len(model.momenta) == 2:
        d.check("chern_number_equals_two_pi_times_the_in_gap_hall_conductivity",
                lambda: _chern_equals_hall(d, model, gap),
                compares=("Chern number of the lower half by link variables (eigenvectors of H)",
                          "2 pi sigma_xy: the generated Berry curvature integrated over the zone, E_F mid-gap"),
                doc=r"$\sigma_{xy}$ in units of $e^{2}/\hbar$; $C$ in units of $e^{2}/h$.")
    d.check("wilson_loop_winding_equals_the_chern_number", lambda: _winding_equals_chern(model),
            compares=("winding of the Wilson-loop phases along b2 as kappa_1 goes round",
                      "Chern number by link variables"))
