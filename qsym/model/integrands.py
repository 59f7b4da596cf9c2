"""The band-resolved integrands of the second-order responses of a Clifford-form user model
(:mod:`qsym.model`), after paper 002 (Eqs. 11-14): Fermi-sea forms (k-derivatives of the
geometry by the chain rule through the intermediate symbols d_a and their derivatives) and
Fermi-surface forms (velocity times geometry). :mod:`qsym.model.responses` integrates them."""

from __future__ import annotations

import itertools

import sympy as sp

from ..derivation import Derivation
from .spec import Model, components, curvature_pairs, label as _label

__all__ = ["group_responses", "response_components", "RESPONSE_UNITS"]


def _dk(f, expr, i: int):
    """d/dk_i of an expression in the intermediate symbols, by the chain rule: d_a -> d_a^(k_i),
    d_a^(k_j) -> d_a^(k_j k_i), d_a^(k_j k_l) -> d_a^(k_j k_l k_i); explicit k (in d_0) directly."""
    out = sp.diff(expr, f.momenta[i])
    for a, Da in enumerate(f.D):
        out += sp.diff(expr, Da) * f.dD[a][i]
        for j in range(len(f.momenta)):
            out += sp.diff(expr, f.dD[a][j]) * f.dD2[a, tuple(sorted((j, i)))]
        for c in itertools.combinations_with_replacement(range(len(f.momenta)), 2):
            out += sp.diff(expr, f.dD2[a, c]) * f.dD3[a, tuple(sorted(c + (i,)))]
    return out


def group_responses(d: Derivation, model: Model, f, g: str, geo: dict) -> dict:
    """The band-resolved integrands of the second-order responses of paper 002 (Eqs. 11-14),
    in Fermi-sea form (k-derivatives of the geometry, by the chain rule) and Fermi-surface form
    (velocity times geometry). :mod:`qsym.model.responses` integrates them."""
    ks = f.momenta
    n = len(ks)
    vel = geo["velocity"]
    curv = geo["berry_curvature"]
    curv = [curv] if not isinstance(curv, sp.MatrixBase) else list(curv)
    G = _symmetric(geo["bcp"], n)
    trip = response_components(ks)
    pairs = [(a, c) for a in range(n) for c in range(len(curv))]
    hess = {c: _dk(f, vel[c[0]], c[1]) for c in itertools.combinations_with_replacement(range(n), 2)}
    hess_ = lambda j, k: hess[tuple(sorted((j, k)))]  # noqa: E731
    dG = {(i, j, k): _dk(f, G[j, k], i) for i, j, k in itertools.product(range(n), repeat=3) if j <= k}
    dG_ = lambda i, j, k: dG[(i, min(j, k), max(j, k))]  # noqa: E731
    names = ", ".join(_label(ks, t) for t in trip)
    steps = {}
    steps["berry_curvature_dipole"] = d.derive(
        f"berry_curvature_dipole_{g}", sp.Matrix([_dk(f, curv[c], a) for a, c in pairs]),
        lhs=sp.Symbol(rf"\partial_a \Omega^{{\rm {g}}}_b"),
        doc=r"Berry curvature dipole density $\partial_a \Omega_b$ (Fermi-sea integrand of the BCD, "
            r"Sodemann and Fu 2015; Eq. (12) of paper 002 combines it as $\partial_k \Omega^{ij} + "
            r"\partial_j \Omega^{ik}$), by the chain rule through $d_a$ and its derivatives. Components $a, b$: " + ", ".join(str(ks[a]).replace("k_", "") + _label(ks, curvature_pairs(ks)[c])
                                           for a, c in pairs) + ".")
    steps["berry_curvature_dipole_fermi_surface"] = d.derive(
        f"berry_curvature_dipole_fermi_surface_{g}", sp.Matrix([vel[a] * curv[c] for a, c in pairs]),
        lhs=sp.Symbol(rf"v_a \Omega^{{\rm {g}}}_b"),
        doc=r"Fermi-surface integrand of the BCD: $\int f\, \partial_a \Omega = \int (-f')\, v_a \Omega$ "
            "(by parts).")
    steps["quantum_metric_dipole_sea"] = d.derive(
        f"quantum_metric_dipole_sea_{g}", sp.Matrix([dG_(i, j, k) - (dG_(j, i, k) + dG_(k, i, j)) / 2
                                                     for i, j, k in trip]),
        lhs=sp.Symbol(r"\partial_i G^{jk} - (\partial_j G^{ik} + \partial_k G^{ij})/2"),
        doc="Fermi-sea integrand of the quantum-metric conductivity, Eq. (13) of paper 002 (WPD row of Table 1; "
            f"Gao, Yang and Niu 2014), the BCP differentiated by the chain rule. Components $ijk$: {names}.")
    steps["quantum_metric_dipole"] = d.derive(
        f"quantum_metric_dipole_{g}", sp.Matrix([vel[i] * G[j, k] - (vel[j] * G[i, k] + vel[k] * G[i, j]) / 2
                                                 for i, j, k in trip]),
        lhs=sp.Symbol(rf"\Lambda^{{ijk}}_{{\rm {g}}}"),
        doc=r"The quantum metric dipole $\Lambda^{ijk} = v_i G^{jk} - (v_j G^{ik} + v_k G^{ij})/2$ of Eq. "
            "(14) of paper 002 (Fermi-surface form).")
    states = sp.Integer(sp.Matrix(model.hamiltonian).shape[0] // 2)
    steps["drude_sea"] = d.derive(
        f"drude_sea_{g}", sp.Matrix([states * _dk(f, hess_(j, k), i) for i, j, k in trip]),
        lhs=sp.Symbol(rf"\partial_i\partial_j\partial_k E_{{\rm {g}}}"),
        doc="Fermi-sea integrand of the nonlinear Drude conductivity, Eq. (11) of paper 002: the energy "
            "differentiated three times, summed over the group's $N/2$ states.")
    steps["drude_fermi_surface"] = d.derive(
        f"drude_fermi_surface_{g}", sp.Matrix([states * vel[i] * hess_(j, k) for i, j, k in trip]),
        lhs=sp.Symbol(rf"v_i \partial_j\partial_k E_{{\rm {g}}}"),
        doc="Its Fermi-surface form (by parts): $v_i d_j d_k E$, summed over the group's $N/2$ states.")
    return steps


def _symmetric(flat, n):
    """The symmetric n x n matrix of the entries (ij, i <= j) in the order of ``components``."""
    M = sp.zeros(n, n)
    for (i, j), x in zip(components(range(n)), list(flat)):
        M[i, j] = M[j, i] = x
    return M


def response_components(momenta) -> list[tuple[int, int, int]]:
    """The components ijk (j <= k) of the second-order response tensors."""
    n = len(momenta)
    return [(i, j, k) for i in range(n) for j in range(n) for k in range(j, n)]


#: Units of the response integrands ({E}: energy unit, {nm}: length unit).
RESPONSE_UNITS = {"berry_curvature_dipole": "{nm}^3", "berry_curvature_dipole_fermi_surface": "{E} {nm}^3",
                  "quantum_metric_dipole_sea": "{nm}^3/{E}", "quantum_metric_dipole": "{nm}^3",
                  "drude_sea": "{E} {nm}^3", "drude_fermi_surface": "{E}^2 {nm}^3"}
