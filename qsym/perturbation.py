"""Rayleigh-Schroedinger perturbation theory in a band (eigen)basis, order by order.

The unperturbed Hamiltonian is diagonal, ``H0 = diag(eps_1, ..., eps_N)``; the perturbation
``lam * V`` is any matrix in the same basis. Nothing is looked up: at each order the
coefficient of ``lam**p`` in ``(H0 + lam V) psi = E psi`` is solved as a linear system for the
state correction (intermediate normalization ``<n|psi_p> = 0`` for p >= 1) and the energy
correction, so the familiar ``V_mn / (eps_n - eps_m)`` and ``sum |V_mn|^2 / (eps_n - eps_m)``
come out of the algebra rather than being typed in.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["PerturbationSeries", "rayleigh_schrodinger"]


@dataclass(frozen=True)
class PerturbationSeries:
    """Energies ``E_p`` and states ``psi_p`` (column vectors) of band ``n``, p = 0..order."""

    energies: tuple
    states: tuple


def rayleigh_schrodinger(energies, v: sp.Matrix, n: int, order: int = 2) -> PerturbationSeries:
    """Non-degenerate perturbation series of band ``n`` for ``diag(energies) + lam * v``.

    Parameters
    ----------
    energies : sequence of sympy expressions
        Unperturbed band energies; ``energies[n]`` must differ from all others.
    v : sympy.Matrix
        The perturbation in the band basis (need not be Hermitian for the algebra).
    n : int
        Index of the band followed.
    order : int
        Highest order in ``lam`` of the energy; states are returned to ``order - 1``.

    Returns
    -------
    PerturbationSeries
    """
    size = len(energies)
    h0 = sp.diag(*energies)
    e_n = energies[n]
    states = [sp.Matrix([1 if a == n else 0 for a in range(size)])]
    corrections = [e_n]
    for p in range(1, order + 1):
        unknown_e = sp.Symbol(f"E_{p}")
        unknown_c = [sp.Symbol(f"c_{p}_{a}") for a in range(size)]
        psi_p = sp.Matrix([0 if a == n else unknown_c[a] for a in range(size)])
        # coefficient of lam**p in (H0 + lam V - E) psi = 0
        lhs = (h0 - e_n * sp.eye(size)) * psi_p + v * states[p - 1]
        rhs = unknown_e * states[0]
        for q in range(1, p):
            rhs += corrections[q] * states[p - q]
        eqs = list(lhs - rhs)
        unknowns = [unknown_e] + [unknown_c[a] for a in range(size) if a != n]
        sol = sp.solve(eqs, unknowns, dict=True)
        if len(sol) != 1:
            raise ValueError(f"order {p}: no unique solution (is energies[{n}] degenerate?)")
        sol = sol[0]
        corrections.append(sp.factor(sp.cancel(sol[unknown_e])))
        if p < order:
            states.append(psi_p.subs(sol))
    return PerturbationSeries(tuple(corrections), tuple(states))
