"""The words of a model's document: its opening paragraph (model, units, conventions) and its
table of symbols, in prose with ``$...$`` mathematics (:mod:`qsym.prose`)."""

from __future__ import annotations

import re

import sympy as sp

from ..latex import latex
from ..prose import unit_latex
from .spec import Model

__all__ = ["intro", "glossary", "math_names"]


def intro(model: Model, H: sp.Matrix) -> str:
    """The opening of a model's document: what it is, its units and conventions."""
    E, nm = model.energy_unit, model.length_unit
    units = "; ".join(f"${latex(p.symbol)}$ in {unit_latex(p.units)}" for p in model.used_parameters)
    return (f"A model given by its Bloch Hamiltonian ({H.shape[0]} bands, {len(model.momenta)}D). qsym derives "
            "its band groups and their geometry in projector form, generates kernels, and checks them against "
            f"numpy eigh with perturbation sums, gauge transformations and sum rules. Units: energies in "
            f"{unit_latex(E)}, wave numbers in {unit_latex(nm + '^-1')}; {units}. Conventions: "
            r"$\Omega = \partial_x A_y - \partial_y A_x$ with $A = \langle u|i \nabla_k u\rangle$; "
            "the metric and BCP are summed over the states of a group.")


def math_names(text: str) -> str:
    """Products of Pauli matrices named in ``text`` (``tau_x sigma_0``) as inline mathematics."""
    return re.sub(r"(?:(?:tau|sigma)_\w ?)+(?<! )",
                  lambda m: "$" + re.sub(r"(tau|sigma)", r"\\\1", m.group()) + "$", text)


def glossary(model: Model) -> list:
    """The table of symbols of a model's document: (LaTeX, meaning, units) rows."""
    E, nm = model.energy_unit, model.length_unit
    out = [
        ("H(\\mathbf k)", "the model's Bloch Hamiltonian", E),
        ("d_0, \\mathbf d", r"$H = d_0 + \mathbf d \cdot \Gamma$: coefficients of the identity and of the "
                            r"anticommuting $\Gamma_a$", E),
        ("d_a^{(k_i)}", "derivative of $d_a$ with respect to $k_i$ (intermediate symbol)", f"{E} {nm}"),
        ("E_{\\rm lower}, E_{\\rm upper}", r"band groups $d_0 \mp |d|$", E),
        ("P", r"projector on a band group, $(1 \mp \mathbf d \cdot \Gamma/|\mathbf d|)/2$", "-"),
        ("\\Omega", r"Berry curvature of a group, $i \operatorname{Tr}(P [d_x P, d_y P])$", f"{nm}^2"),
        ("g_{ij}", r"quantum metric of a group, $\operatorname{Re} \operatorname{Tr}(P \partial_i P \partial_j P)$", f"{nm}^2"),
        ("G_{ij}", "Berry connection polarizability of a group", f"{nm}^2/{E}"),
    ]
    return out + [(latex(p.symbol), p.description, p.units) for p in model.used_parameters]
