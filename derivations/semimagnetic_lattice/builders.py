"""The generated numeric builders of the lattice model (section 7b of the derivation): the derived
blocks and H(k) become, through the code generator (kind ``TightBinding``), the sparse film
Hamiltonian, the position commutators on the torus, the transfer-matrix slices and the H(k),
dH/dk kernels in ``generated/semimagnetic_lattice.py``. Every numeric route of this package
builds on them; two checks test them against routes that do not use them.

``paper_blocks()`` and friends read the committed generated module (no SymPy: what sweep workers
use); the checks pass a built derivation and get the module generated in memory from it, so they
test the current derivation, not a possibly stale file.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, largest
from qsym.codegen.observables import TightBinding
from qsym.codegen.specs import Arg
from qsym.derivation import Derivation
from qsym.reference import Reference

from .bands import parameter_args, wave_number_args
from .parameters import LATTICE, continuum_parameters
from .symbols import K, PAPER, SPACING, V_z

__all__ = ["builders", "paper_parameters", "generated_module", "paper_blocks", "zeeman_profile"]


def paper_parameters() -> dict:
    """The paper's parameters as keyword arguments of the generated builders [eV, nm]."""
    p = continuum_parameters()
    return {"m0": p["M"], "A_par": p["A_parallel"], "A_z": p["A_z"], "B_par": p["B_parallel"], "B_z": p["B_z"],
            "a": LATTICE["a"], "c": LATTICE["c"]}


def generated_module(d: Derivation | None = None):
    """The generated module: generated in memory from ``d`` if given (checks), else the committed
    ``generated.semimagnetic_lattice`` (freshness-checked by ``qsym generate --check``)."""
    if d is not None:
        from qsym.codegen import load_module

        return load_module(d)
    import generated.semimagnetic_lattice as module

    return module


@lru_cache(maxsize=None)
def _committed_blocks():
    return generated_module().lattice_blocks(**paper_parameters())


def paper_blocks(d: Derivation | None = None):
    """The model's numeric blocks at the paper's parameters (``qsym.runtime.tight_binding.LatticeBlocks``)."""
    if d is None:
        return _committed_blocks()
    return generated_module(d).lattice_blocks(**paper_parameters())


def zeeman_profile(Lz: int, magnetic: int, V0: float) -> list[float]:
    """The layer potential of the semimagnetic film: V0 on the top ``magnetic`` layers, 0 below [eV]."""
    return [V0] * magnetic + [0.0] * (Lz - magnetic)


def builders(d: Derivation, H: sp.Matrix, blocks: dict) -> None:
    """The velocities dH/dk and the Zeeman matrix derived, and the builders generated from them."""
    velocity = tuple(d.derive(f"velocity_{q.name[-1]}", H.diff(q).applyfunc(sp.expand),
                              lhs=sp.Symbol(rf"\partial H/\partial k_{q.name[-1]}"),
                              doc=r"The velocity matrix (times $\hbar$) by differentiation of the lattice "
                                  "$H(k)$.")
                     for q in K)
    zeeman = d.derive("zeeman_matrix", blocks["onsite"].diff(V_z), lhs=sp.Symbol("P"),
                      doc=r"The matrix the layer potential multiplies: $\partial(\text{on-site block})/\partial V_z$, $\tau_0 "
                          r"\sigma_z$.")
    onsite0 = blocks["onsite"].subs(V_z, 0)
    potential = Arg(V_z, "V_z", "eV", "Zeeman (layer) potential V_z", magnitude=(0.0, 1e2))
    d.observable(TightBinding(
        "lattice", "the semimagnetic lattice model (Eq. 3)", "eV", Reference(PAPER, "3"), parameter_args(),
        wave_number_args(), potential, onsite0, zeeman, tuple(blocks[x] for x in "xyz"), H, velocity,
        steps=("onsite_block", "zeeman_matrix", "hopping_x", "hopping_y", "hopping_z", "lattice_hamiltonian",
               "velocity_x", "velocity_y", "velocity_z")))
    d.check("generated_bloch_kernels_are_the_fourier_sums_of_the_generated_blocks", lambda: _bloch_vs_blocks(d),
            compares=("lattice_bloch_hamiltonian, lattice_bloch_velocity (generated from lattice_hamiltonian "
                      "and velocity_*)",
                      "h_0 + V P + sum_alpha (T_alpha e^{i k d} + h.c.) and its k-derivative, from lattice_blocks"),
            eq="3", doc="At 200 random ($k, V_z$): the two generated routes agree to rounding.")
    d.check("position_commutators_are_minimal_image_bond_vectors_times_h", lambda: _commutators_vs_dense(d),
            compares=("lattice_position_commutators (sparse, from the blocks)",
                      "(x_i - x_j)_min H_ij of the dense film Hamiltonian, 2 x 2, 3 x 3 and 5 x 5 tori"),
            doc="The bond vectors of Eq. (4)'s commutators, folded into $[-L/2, L/2)$, including $L = 2$ and "
                "3.")


def _bloch_vs_blocks(d: Derivation) -> CheckResult:
    mod, p = generated_module(d), paper_parameters()
    rng = np.random.default_rng(3)
    k = rng.uniform(-4.0, 4.0, (200, 3))
    V = rng.uniform(-0.3, 0.3, 200)
    Hk = mod.lattice_bloch_hamiltonian(k[:, 0], k[:, 1], k[:, 2], V, **p)
    vk = mod.lattice_bloch_velocity(k[:, 0], k[:, 1], k[:, 2], **p)
    b = mod.lattice_blocks(**p)
    spacing = np.array([p[str(SPACING[q])] for q in K])
    phase = np.exp(1j * k * spacing)                                  # (n, 3)
    H_sum = b.onsite + V[:, None, None] * b.potential
    v_sum = np.zeros_like(vk)
    for i, T in enumerate(b.hoppings):
        ph = phase[:, i, None, None]
        H_sum = H_sum + T * ph + T.conj().T * ph.conj()
        v_sum[:, i] = 1j * spacing[i] * (T * ph - T.conj().T * ph.conj())
    dh = float(np.max(np.abs(Hk - H_sum)))
    dv = float(np.max(np.abs(vk - v_sum)))
    herm = float(np.max(np.abs(Hk - np.conj(np.swapaxes(Hk, -1, -2)))))
    worst = largest([dh, dv, herm])
    return CheckResult(worst < 1e-13, "numeric", worst,
                       f"H(k): {dh:.1e} eV, dH/dk: {dv:.1e} eV nm, Hermitian to {herm:.1e} (200 points, "
                       "|k| <= 4 nm^-1, |V_z| <= 0.3 eV)")


def _commutators_vs_dense(d: Derivation) -> CheckResult:
    from qsym.lattice.kubo import minimal_image

    mod, p = generated_module(d), paper_parameters()
    worst, rows = 0.0, []
    for L, Lz in ((2, 2), (3, 2), (5, 3)):
        H = mod.lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, 1, 0.1), 1.0, 7, **p).toarray()
        cx, cy = (c.toarray() for c in mod.lattice_position_commutators(L, Lz, **p))
        ix, iy, _ = np.meshgrid(np.arange(L), np.arange(L), np.arange(Lz), indexing="ij")
        x, y = (np.repeat(g.ravel(), 4) for g in (ix, iy))
        ex = minimal_image(x[:, None] - x[None, :], L) * H
        ey = minimal_image(y[:, None] - y[None, :], L) * H
        err = largest([float(np.max(np.abs(cx - ex))), float(np.max(np.abs(cy - ey)))])
        worst = largest([worst, err])
        rows.append(f"{L} x {L} x {Lz}: {err:.1e}")
    return CheckResult(worst < 1e-14, "numeric", worst, "; ".join(rows) + " (disordered, W = 1 eV)")
