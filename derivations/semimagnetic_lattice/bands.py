"""The bulk bands of the lattice model (no Zeeman term), and their kernel."""

from __future__ import annotations

import sympy as sp

from qsym.checks import symbolic_equal
from qsym.codegen.specs import Arg, Kernel
from qsym.derivation import Derivation
from qsym.reference import Reference

from .symbols import (A_par, A_z, B_par, B_z, PAPER, SPACING, TAU_X_SIGMA, TAU_Z_SIGMA_0, V_z, a, c, kx, ky,
                      kz, m0)

E2 = sp.Symbol(r"E^2_{\mathbf k}")


def bulk_bands(d: Derivation, H: sp.Matrix) -> sp.Expr:
    """H(k) = d_0 tau_z + sum_i d_i tau_x sigma_i at V_z = 0; the four matrices anticommute, so
    H^2 = (d_0^2 + d^2) 1: bands +-E_k, doubly degenerate."""
    bulk = H.subs(V_z, 0)
    gammas = (TAU_Z_SIGMA_0, *TAU_X_SIGMA)
    half_angle = {sp.cos(q * s): 1 - 2 * sp.sin(q * s / 2) ** 2 for q, s in SPACING.items()}
    dvec = [sp.factor_terms(sp.expand(sp.expand((bulk * g).trace() / 4).subs(half_angle))) for g in gammas]
    d.derive("bulk_d_vector", sp.Matrix(dvec), lhs=sp.Symbol(r"(d_0, d_x, d_y, d_z)"),
             doc=r"The coefficients of $\tau_z$ and $\tau_x \sigma_i$ in $H(k)$ without the Zeeman term, by "
                 r"traces $\operatorname{Tr}(H \Gamma)/4$; $1 - \cos(kd)$ written as $2 \sin^{2}(kd/2)$, free "
                 "of cancellation at small $k$.")
    energy2 = d.derive("bulk_energy_squared", sum(x**2 for x in dvec), lhs=E2,
                       doc="$E_k^{2} = d_0^{2} + d_x^{2} + d_y^{2} + d_z^{2}$.")
    square = (bulk * bulk).applyfunc(sp.expand)
    d.check("bulk_hamiltonian_squares_to_a_multiple_of_one", lambda: symbolic_equal(square, energy2 * sp.eye(4)),
            compares=("lattice_hamiltonian^2 (V_z = 0)", "bulk_energy_squared x 1"),
            doc=r"A Clifford (Dirac) Hamiltonian: the bulk bands are $\pm E_k$, each doubly degenerate.")
    return d.derive("bulk_band_energy", sp.sqrt(energy2), lhs=sp.Symbol(r"E_{\mathbf k}"),
                    doc="The upper bulk band; the lower one is $-E_k$.")


def wave_number_args() -> tuple[Arg, ...]:
    """kx, ky, kz as generated-function arguments [nm^-1]."""
    return tuple(Arg(q, q.name.replace("_", ""), "nm^-1", f"wave number {q.name}", magnitude=(0.0, 1e3))
                 for q in (kx, ky, kz))


def parameter_args() -> tuple[Arg, ...]:
    """The k.p parameters and lattice constants as keyword-only arguments, with units and ranges."""
    return (
        Arg(m0, "m0", "eV", "bulk gap parameter m_0", keyword_only=True, magnitude=(0.0, 1e2)),
        Arg(A_par, "A_par", "eV nm", "in-plane linear coefficient", lower=0.0, lower_open=True, keyword_only=True,
            magnitude=(1e-6, 1e3)),
        Arg(A_z, "A_z", "eV nm", "vertical linear coefficient", lower=0.0, lower_open=True, keyword_only=True,
            magnitude=(1e-6, 1e3)),
        Arg(B_par, "B_par", "eV nm^2", "in-plane quadratic coefficient", lower=0.0, lower_open=True,
            keyword_only=True, magnitude=(1e-6, 1e3)),
        Arg(B_z, "B_z", "eV nm^2", "vertical quadratic coefficient", lower=0.0, lower_open=True, keyword_only=True,
            magnitude=(1e-6, 1e3)),
        Arg(a, "a", "nm", "in-plane lattice constant", lower=0.0, lower_open=True, keyword_only=True,
            magnitude=(1e-3, 1e3)),
        Arg(c, "c", "nm", "vertical lattice constant", lower=0.0, lower_open=True, keyword_only=True,
            magnitude=(1e-3, 1e3)),
    )


def kernels(d: Derivation, energy: sp.Expr) -> None:
    """The bulk band energy E_k, vectorized over k."""
    d.kernel(Kernel("bulk_band_energy", wave_number_args() + parameter_args(), energy, "eV",
                    "Bulk band energy E_k of the lattice model without Zeeman term (bands +-E_k, doubly "
                    "degenerate).", Reference(PAPER, "3"), step="bulk_band_energy"))
