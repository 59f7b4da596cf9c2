"""The clean film: its real-space spectrum against the union of its Bloch spectra."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.checks import CheckResult
from qsym.derivation import Derivation

from .model import fourier_coefficient
from .parameters import LATTICE, continuum_parameters
from .builders import generated_module, paper_blocks, paper_parameters, zeeman_profile
from .references import bloch_film
from .symbols import A_par, A_z, B_par, B_z, V_z, a, c, kx, ky, kz, m0

#: Film used by the check: small enough for dense diagonalization in well under a second.
CHECK_FILM = {"L": 4, "Lz": 6, "zeeman_layers": 2}


def numeric_matrix(expr, args=()):
    """A numeric function of ``args`` at the paper's parameters (complex 4 x 4 arrays)."""
    p = continuum_parameters()
    values = {A_par: p["A_parallel"], A_z: p["A_z"], B_par: p["B_parallel"], B_z: p["B_z"], m0: p["M"],
              a: LATTICE["a"], c: LATTICE["c"]}
    f = sp.lambdify(args, sp.Matrix(expr).subs(values), modules="numpy")
    return lambda *x: np.asarray(f(*x), dtype=complex)


def lambdified_hopping_z(blocks: dict) -> np.ndarray:
    """T_z lambdified from its step (the Bloch routes' own, independent of the generated builders)."""
    return numeric_matrix(blocks["z"])()


def clean_film_spectrum(d: Derivation, H: sp.Matrix, blocks: dict) -> None:
    """Real-space film (generated builder, sparse) vs the Bloch film at the matching (kx, ky) grid."""
    h_plane = fourier_coefficient(H, kz, 0)        # the layer Hamiltonian at (kx, ky): average over kz

    def run() -> CheckResult:
        L, Lz, nz = CHECK_FILM["L"], CHECK_FILM["Lz"], CHECK_FILM["zeeman_layers"]
        V0 = LATTICE["V_0"]
        layer, hop_z = numeric_matrix(h_plane, (kx, ky, V_z)), lambdified_hopping_z(blocks)
        H_real = generated_module(d).lattice_film_hamiltonian(L, Lz, zeeman_profile(Lz, nz, V0),
                                                              **paper_parameters()).toarray()
        herm = float(np.max(np.abs(H_real - H_real.conj().T)))
        real = np.linalg.eigvalsh(H_real)
        k = 2 * np.pi * np.arange(L) / (L * LATTICE["a"])
        bloch = np.sort(np.concatenate([np.linalg.eigvalsh(bloch_film(layer, hop_z, qx, qy, Lz, nz, V0))
                                        for qx in k for qy in k]))
        err = float(np.max(np.abs(real - bloch)))
        ok = err < 1e-12 and herm == 0.0
        return CheckResult(ok, "numeric", err,
                           f"{L} x {L} x {Lz} film ({nz} magnetic layers): {real.size} eigenvalues, worst "
                           f"difference {err:.1e} eV; real-space matrix Hermitian to {herm:.1e}")

    d.check("real_space_film_spectrum_is_the_union_of_its_bloch_spectra", run,
            compares=("lattice_film_hamiltonian (generated from onsite_block, hopping_x/y/z; sparse)",
                      "Bloch film from lattice_hamiltonian (lambdified) on the matching k-grid"),
            doc="Periodic in $x$ and $y$, open in $z$, Zeeman potential $V_0$ on the top layers, paper's "
                "parameters.")


def disorder_convention(d: Derivation) -> None:
    """Anderson disorder as the paper defines it (Model and Material Realization): u uniform in
    [-W/2, +W/2]; its variance, derived, is what the SCBA uses; the generated film draws it."""
    u, W = sp.symbols("u W", real=True)
    rng = d.state("anderson_disorder_range", sp.Tuple(-W / 2, W / 2), lhs=sp.Symbol(r"u_{\mathbf r} \in"),
                  doc="Random on-site energy $u_r$ uniformly distributed in [$-W/2, +W/2$] (Methods).")
    var = d.derive("anderson_disorder_variance", sp.integrate(u**2, (u, rng[0], rng[1])) / W,
                   lhs=sp.Symbol(r"\langle u^2\rangle"), doc="The mean of $u^{2}$ over the paper's range: "
                                                             "$W^{2}/12$.")

    def run() -> CheckResult:
        from qsym.lattice.scba import disorder_variance

        Wv, L, Lz = 1.0, 6, 4
        want = float(var.subs(W, Wv))
        blocks, profile = paper_blocks(d), zeeman_profile(Lz, 1, LATTICE["V_0"])
        mod = generated_module(d)
        clean = mod.lattice_film_hamiltonian(L, Lz, profile, **paper_parameters()).diagonal()
        draws = np.concatenate([
            (mod.lattice_film_hamiltonian(L, Lz, profile, W=Wv, seed=s, **paper_parameters()).diagonal()
             - clean)[::blocks.orbitals].real for s in range(8)])
        n = draws.size
        sample = float(np.mean(draws**2))
        # the spread of a mean of u^2 for u uniform: sqrt((<u^4> - <u^2>^2)/n), <u^4> = W^4/80
        spread = np.sqrt((Wv**4 / 80 - want**2) / n)
        inside = float(np.max(np.abs(draws))) <= Wv / 2
        scba = abs(disorder_variance(Wv) - want)
        ok = inside and abs(sample - want) <= 6 * spread and scba <= 1e-15
        return CheckResult(ok, "numeric", abs(sample - want) / want,
                           f"{n} draws of the generated film (W = 1 eV): max |u| = {np.max(np.abs(draws)):.4f} "
                           f"(<= W/2: {inside}), <u^2> = {sample:.5f} against W^2/12 = {want:.5f} (spread "
                           f"{spread:.1e}); the SCBA's variance differs by {scba:.1e}")

    d.check("anderson_disorder_of_the_film_and_the_scba_is_the_papers", run,
            compares=("lattice_film_hamiltonian's on-site disorder; qsym.lattice.scba.disorder_variance",
                      "anderson_disorder_range, anderson_disorder_variance"))
