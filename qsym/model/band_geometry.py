r"""Bring your own model: a symbolic Bloch Hamiltonian becomes a derivation of its own.

A physicist writes a small Python file (``qsym new NAME`` starts one)::

    import sympy as sp
    from qsym.model import Model, Parameter, pauli

    kx, ky = sp.symbols("k_x k_y", real=True)
    v, m = sp.symbols("v m", real=True)
    s0, sx, sy, sz = pauli()

    MODEL = Model(
        name="massive_dirac",
        hamiltonian=v * (kx * sx + ky * sy) + m * sz,
        momenta=(kx, ky),
        parameters=(Parameter(v, "eV nm", "velocity", value=1.0, lower=0.0, upper=100.0),
                    Parameter(m, "eV", "mass", value=0.1, lower=-10.0, upper=10.0)),
    )

and ``qsym check|show|generate --out DIR|figure FILE.py`` treat it like a paper's derivation.
:func:`derivation` derives, for a Hamiltonian of Clifford form ``d_0 + sum_a d_a Gamma_a``
(any 2 x 2 model; 4 x 4 models whose matrices anticommute, e.g. BHZ with both spins): the band
groups ``d_0 -+ |d|`` (each ``N/2``-fold degenerate), their velocities, and in projector form
(traces over the group, so gauge-invariant and valid for degenerate groups) the Berry
curvature, the quantum metric and the Berry connection polarizability (BCP). Every result is a
``derive`` step written in intermediate symbols (``d_a`` and their derivatives) and generated
as a kernel with those symbols replaced by the model's functions.

Automatic checks of every model:

* the generated kernels against numpy ``eigh`` of the model and perturbation (sum-over-states)
  sums with dH/dk, at random points;
* gauge invariance: the Berry curvature from plaquette products of overlap matrices, built
  from eigenvectors given random k-dependent phases and random unitaries within each group;
* for models diagonalized numerically, the kernels against differentiated projectors and the
  reduced resolvent, and the sum rules (curvatures and BCPs of all groups sum to zero);
* any closed form the model states (``Model.closed_forms``), symbolically.

Conventions: Omega^n = d_x A_y - d_y A_x with A = <u|i grad_k|u> (as :mod:`qsym.geometry`);
metric g_ij = Re sum_{a in n, b not in n} <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^2; BCP
G_ij = 2 Re sum <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^3 (units: length^2/energy).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import sympy as sp

from ..checks import symbolic_equal
from ..derivation import Derivation
from .checks import GROUPS
from .spec import components, curvature_pairs, label as _label
from .notation import glossary, intro, math_names
from .integrands import RESPONSE_UNITS, group_responses, response_components
from .spec import Model, Parameter, argument_name, pauli

__all__ = ["Parameter", "Model", "pauli", "derivation", "clifford_form", "NotClifford", "components", "curvature_pairs",
           "response_components", "GROUPS"]


# ------------------------------------------------------------------------------------------
# Clifford form
# ------------------------------------------------------------------------------------------

class NotClifford(ValueError):
    """The Hamiltonian is not d_0 + d . Gamma with anticommuting Gamma: its bands are found numerically."""


def _hermitian_basis(n: int) -> list[tuple[str, sp.Matrix]]:
    """Trace-orthogonal Hermitian basis squaring to 1: Pauli matrices (n = 2), their Kronecker
    products tau_i (x) sigma_j (n = 4), without the identity."""
    names = ("0", "x", "y", "z")
    p = pauli()
    if n == 2:
        return [(f"sigma_{names[i]}", p[i]) for i in range(1, 4)]
    if n == 4:
        return [(f"tau_{names[i]} sigma_{names[j]}", sp.Matrix(sp.kronecker_product(p[i], p[j])))
                for i in range(4) for j in range(4) if (i, j) != (0, 0)]
    raise NotClifford(f"{n} x {n} Hamiltonians: closed forms are derived for Clifford forms of 2 x 2 and 4 x 4 "
                      "matrices only")


def clifford_form(H: sp.Matrix):
    """``(d0, [(name, Gamma_a, d_a), ...])`` with H = d0 + sum_a d_a Gamma_a and the Gamma_a
    mutually anticommuting; ``ValueError`` if H is not of this form."""
    H = sp.Matrix(H)
    n = H.shape[0]
    d0 = sp.expand((H.trace()) / n)
    terms = []
    for name, G in _hermitian_basis(n):
        coeff = sp.expand((H * G).trace() / n)
        if coeff != 0:
            terms.append((name, G, coeff))
    rebuilt = d0 * sp.eye(n) + sum((c * G for _, G, c in terms), sp.zeros(n))
    if (rebuilt - H).applyfunc(sp.expand) != sp.zeros(n):
        raise ValueError("the Hamiltonian is not Hermitian (its expansion in Hermitian matrices has complex "
                         "coefficients)")
    for (a, A, _), (b, B, _) in itertools.combinations(terms, 2):
        if A * B + B * A != sp.zeros(n):
            raise NotClifford(f"not of Clifford form: {a} and {b} do not anticommute")
    if any(sp.im(c) != 0 for _, _, c in terms):
        raise ValueError("the Hamiltonian is not Hermitian")
    return d0, terms


# ------------------------------------------------------------------------------------------
# The derivation
# ------------------------------------------------------------------------------------------

#: Smallest |d| (half the gap between the groups, in the model's energy unit) at which the
#: generated functions evaluate the geometry: it diverges as 1/|d|^2 at a touching point.
GAP_FLOOR = 1e-6
SIGN = {"lower": -1, "upper": 1}


@dataclass(frozen=True)
class _Form:
    """The Clifford form in intermediate symbols: d_a (``D``), their derivatives (``dD[a][i]``),
    |d| and d . d_i d, the explicit forms (``step_map``) and Tr(Gamma_a [Gamma_b, Gamma_c])."""

    d0: sp.Expr
    terms: list
    D: list
    dD: list
    dD2: dict
    dD3: dict
    momenta: tuple
    norm: sp.Expr
    d_dot: list
    step_map: dict
    struct: dict


def derivation(model: Model, module: str = "qsym.model") -> Derivation:
    """The derivation of ``model``: bands, velocities, Berry curvature, quantum metric and BCP
    per band group, generated kernels, and the automatic checks."""
    d = Derivation(model.name, model.title or f"Band geometry of the model {model.name}", model.source, module, {})
    H = _model_input(d, model)                     # the Hamiltonian, hermiticity
    try:
        form = _clifford_section(d, model, H)      # d_0 + sum_a d_a Gamma_a
    except NotClifford as why:
        _numeric_bands(d, model, H, str(why))      # any N x N: H, dH/dk derived; bands by diagonalization
        return d
    for g in GROUPS:
        steps = _group_geometry(d, model, form, g)     # energy, velocity, metric, curvature, BCP
        steps.update(group_responses(d, model, form, g, steps))   # integrands of AHE, BCD, QMD, Drude
        _group_kernels(d, model, form, g, steps)       # generated, tied to those steps
    _closed_forms(d, model, form)                  # what the model states, against the derived
    _automatic_checks(d, model)                    # eigh route, gauge, sum rules
    return d


def _model_input(d: Derivation, model: Model) -> sp.Matrix:
    H = sp.Matrix(model.hamiltonian)
    E, nm = model.energy_unit, model.length_unit
    d.intro = intro(model, H)
    d.glossary = glossary(model)
    d.define("hamiltonian", H, lhs=sp.Symbol(r"H(\mathbf k)"), doc="The model, as given.")
    d.check("hamiltonian_is_hermitian", lambda: symbolic_equal(H, H.H), compares=("H", "H^dagger"))
    if model.orbitals:
        H = d.derive("hamiltonian_in_the_position_gauge", model.geometry_hamiltonian,
                     lhs=sp.Symbol(r"U^\dagger H U"),
                     doc=r"$U = \operatorname{diag}(e^{i k \cdot \tau})$ with the orbitals' positions $\tau$: "
                         "its eigenvectors give the geometry of the position operator (the bands are "
                         "unchanged).")
    return H


def _clifford_section(d: Derivation, model: Model, H: sp.Matrix) -> _Form:
    ks = tuple(model.momenta)
    d0, terms = clifford_form(H)
    D = [sp.Symbol(f"d_{i + 1}", real=True) for i in range(len(terms))]
    dD = [[sp.Symbol(f"d_{i + 1}^{{({k})}}", real=True) for k in ks] for i in range(len(terms))]
    d.derive("clifford_coefficients", sp.Matrix([t[2] for t in terms]), lhs=sp.Symbol(r"\mathbf{d}"),
             doc=r"$H = d_0 + \sum_a d_a \Gamma_a$ with $\Gamma_a = "
             + ", ".join(re.sub(r"(sigma|tau)", r"\\\1", t[0]) for t in terms)
             + r"$ (mutually anticommuting): coefficients $\operatorname{Tr}(H \Gamma_a)/N$.")
    d.derive("d_0", d0, lhs=sp.Symbol("d_0"), doc=r"$\operatorname{Tr} H / N$: the part proportional to the "
                                                  "identity.")
    dD2 = {(a, c): sp.Symbol(f"d_{a + 1}^{{({_label(ks, c)})}}", real=True)
           for a in range(len(terms)) for c in itertools.combinations_with_replacement(range(len(ks)), 2)}
    dD3 = {(a, c): sp.Symbol(f"d_{a + 1}^{{({_label(ks, c)})}}", real=True)
           for a in range(len(terms)) for c in itertools.combinations_with_replacement(range(len(ks)), 3)}
    step_map = {**{sym: sp.diff(terms[a][2], *(ks[i] for i in c)) for (a, c), sym in {**dD3, **dD2}.items()},
                **{dD[i][j]: sp.diff(t[2], k) for i, t in enumerate(terms) for j, k in enumerate(ks)},
                **{D[i]: t[2] for i, t in enumerate(terms)}}
    if all(sp.sympify(v).is_polynomial(*ks) for v in step_map.values()):
        d.explicit_forms = step_map     # a continuum model: its documents show results in k
    return _Form(d0, terms, D, dD, dD2, dD3, ks, sp.sqrt(sum(x**2 for x in D)),
                 [sum(D[a] * dD[a][i] for a in range(len(D))) for i in range(len(ks))], step_map,
                 _structure_constants([t[1] for t in terms]))


def _group_geometry(d: Derivation, model: Model, f: _Form, g: str) -> dict:
    ks, n, s, m = tuple(model.momenta), sp.Matrix(model.hamiltonian).shape[0], SIGN[g], range(len(f.D))
    energy = d.derive(f"energy_{g}", f.d0 + s * f.norm, lhs=sp.Symbol(rf"E_{{\rm {g}}}"),
                      doc=f"The {g} band group, {n // 2}-fold degenerate: $d_0 {'+' if s > 0 else '-'} |\\mathbf d|$.")
    vel = d.derive(f"velocity_{g}", sp.Matrix([sp.diff(f.d0, k) + s * f.d_dot[i] / f.norm for i, k in enumerate(ks)]),
                   lhs=sp.Symbol(rf"\partial E_{{\rm {g}}}/\partial \mathbf k"),
                   doc=r"$\partial E/\partial k$ ($\hbar v$) by differentiation, the derivatives of $d_a$ written as "
                       "symbols.")
    metric = d.derive(f"quantum_metric_{g}", sp.Matrix([
        sp.Rational(n, 8) * (sum(f.dD[a][i] * f.dD[a][j] for a in m) / f.norm**2
                             - f.d_dot[i] * f.d_dot[j] / f.norm**4) for i, j in components(ks)]),
        lhs=sp.Symbol(rf"g^{{\rm {g}}}_{{ij}}"),
        doc=r"$\operatorname{Re} \operatorname{Tr}[P \partial_i P \partial_j P]$ for "
            r"$P = (1 + s\, \mathbf d \cdot \Gamma/|\mathbf d|)/2$, summed over the group's $N/2$ states: "
            r"$(N/8)\, \partial_i \hat{\mathbf d} \cdot \partial_j \hat{\mathbf d}$; the same for both groups. "
            "Components " + ", ".join(_label(ks, c) for c in components(ks)) + ".")
    entries = [sp.expand(sp.I * s / 8 * sum(f.struct[a, b, c] * f.D[a] * f.dD[b][i] * f.dD[c][j]
                                             for a in m for b in m for c in m)) / f.norm**3
               for i, j in curvature_pairs(ks)]
    curv = d.derive(f"berry_curvature_{g}", entries[0] if len(entries) == 1 else sp.Matrix(entries),
                    lhs=sp.Symbol(rf"\Omega^{{\rm {g}}}"),
                    doc=r"$i \operatorname{Tr}(P[\partial_i P, \partial_j P]) = (i s/8) "
                        r"\operatorname{Tr}(\Gamma_a [\Gamma_b, \Gamma_c])\, d_a\, \partial_i d_b\, \partial_j d_c "
                        r"/ |\mathbf d|^3$ (the parts of $\partial_i \hat{\mathbf d}$ along $\mathbf d$ drop out). "
                        "Components "
                        + ", ".join(_label(ks, c) for c in curvature_pairs(ks)) + ".")
    bcp = d.derive(f"bcp_{g}", metric * s / f.norm, lhs=sp.Symbol(rf"G^{{\rm {g}}}_{{ij}}"),
                   doc=r"$2 \operatorname{Re} \sum_m A^i_{nm} A^j_{mn}/(E_n - E_m)$ over the other group: it "
                       r"lies at $E_n - E_m = 2 s |\mathbf d|$, so $G = s\, g/|\mathbf d|$.")
    return {"energy": energy, "velocity": vel, "quantum_metric": metric, "berry_curvature": curv, "bcp": bcp}


def _group_kernels(d: Derivation, model: Model, f: _Form, g: str, steps: dict) -> None:
    from ..codegen.specs import Arg, Constraint, Kernel
    from ..reference import Reference

    ks, E, nm = tuple(model.momenta), model.energy_unit, model.length_unit
    params = tuple(_param_arg(p) for p in model.used_parameters)
    k_args = tuple(Arg(k, str(k).replace("_", ""), f"{nm}^-1", f"wave number {k}", magnitude=(0.0, 1e6)) for k in ks)
    touching = (Constraint(sum(t[2] ** 2 for t in f.terms) >= GAP_FLOOR**2,
                           f"the band groups are closer than {2 * GAP_FLOOR:g} {E} here "
                           f"(|d| < {GAP_FLOOR:g}): at a touching point the geometry is singular"),)
    units = {"energy": E, "velocity": f"{E} {nm}", "quantum_metric": f"{nm}^2", "berry_curvature": f"{nm}^2",
             "bcp": f"{nm}^2/{E}"}
    units.update({q: u.format(E=E, nm=nm) for q, u in RESPONSE_UNITS.items()})
    bcd = [str(k).replace("k_", "") + _label(ks, c) for k in ks for c in curvature_pairs(ks)]
    ijk = [_label(ks, t) for t in response_components(ks)]
    labels = {"velocity": [str(k).replace("k_", "") for k in ks],
              "quantum_metric": [_label(ks, c) for c in components(ks)],
              "berry_curvature": [_label(ks, c) for c in curvature_pairs(ks)],
              "bcp": [_label(ks, c) for c in components(ks)],
              "berry_curvature_dipole": bcd, "berry_curvature_dipole_fermi_surface": bcd,
              "quantum_metric_dipole_sea": ijk, "quantum_metric_dipole": ijk, "drude_sea": ijk, "drude_fermi_surface": ijk}
    what = {"berry_curvature_dipole": "Berry curvature dipole density d_a Omega_b (Fermi-sea integrand)",
            "berry_curvature_dipole_fermi_surface": "v_a Omega_b (Fermi-surface integrand of the Berry curvature dipole)",
            "quantum_metric_dipole_sea": "Fermi-sea integrand of the quantum-metric conductivity (Eq. 13 of paper 002)",
            "quantum_metric_dipole": "quantum metric dipole Lambda^ijk (Eq. 14 of paper 002)",
            "drude_sea": "d_i d_j d_k E (Fermi-sea integrand of the nonlinear Drude conductivity, Eq. 11 of paper 002)",
            "drude_fermi_surface": "v_i d_j d_k E (Fermi-surface integrand of the nonlinear Drude conductivity)"}
    for q, expr in steps.items():
        full = _apply(expr, f.step_map)
        comps = labels.get(q) if isinstance(full, sp.MatrixBase) else None
        title = what.get(q, q.replace('_', ' '))
        title = title[0].upper() + title[1:]
        d.kernel(Kernel(f"{q}_{g}", k_args + params, tuple(full) if comps else full, units[q],
                        f"{title} of the {g} band group of {model.name}.",
                        Reference("derived"), constraints=() if q == "energy" else touching,
                        components=tuple(comps) if comps else None,
                        step=f"{q}_{g}", step_map=f.step_map))


def _closed_forms(d: Derivation, model: Model, f: _Form) -> None:
    for step, closed in model.closed_forms.items():
        stated = d.state(f"{step}_closed_form", closed, lhs=d[step].lhs, doc="A known closed form (stated).")
        derived = _apply(d[step].expr, f.step_map)
        d.check(f"{step}_equals_its_closed_form", lambda a=derived, b=stated: symbolic_equal(
            a, b if isinstance(b, sp.MatrixBase) or not isinstance(a, sp.MatrixBase) else sp.Matrix([b])),
            compares=(step, f"{step}_closed_form"))


def _touching_check(d: Derivation, model: Model, groups: dict) -> None:
    from .touchings import touching_check

    d.check("bands_touch_only_where_the_model_says", lambda: touching_check(d, model, groups),
            compares=("the gaps between band groups on the k-box (numpy eigvalsh, minima zoomed)",
                      "Model.touchings" if model.touchings else "no touching"),
            doc="A touching inside the box makes the geometry singular there; the model states its own.")


def _response_check(d: Derivation, model: Model, groups: dict) -> None:
    from .checks import response_integrands_check

    d.check("response_integrands_match_eigh_and_the_cyclic_identity", lambda: response_integrands_check(d, model, groups),
            compares=("v_a Omega_b and Lambda^ijk as qsym.model.responses builds them",
                      "numpy eigh with sum-over-states geometry; Lambda^ijk + Lambda^jki + Lambda^kij = 0"),
            doc="An absolute anchor for the responses (the sea/surface check is blind to a common factor).")


def _automatic_checks(d: Derivation, model: Model) -> None:
    from .checks import eigh_check, gauge_check, group_layout, sea_surface_check

    _touching_check(d, model, group_layout(model, clifford=True))
    _response_check(d, model, group_layout(model, clifford=True))
    d.check("kernels_match_eigh_and_perturbation_sums", lambda: eigh_check(d, model),
            compares=("the generated kernels of every band group", "numpy eigh of H(k) with dH/dk sum-over-states"),
            doc="At 40 random points of $k$ and the parameters; points where the groups are closer than 1e-3 "
                "are skipped.")
    d.check("berry_curvature_is_gauge_invariant", lambda: gauge_check(d, model),
            compares=("berry_curvature kernels",
                      "plaquette products of overlap matrices of eigenvectors with random k-dependent phases and "
                      "random unitaries within each group"))
    if model.lattice:
        from .invariants import add_topology_checks

        add_topology_checks(d, model)
    if len(model.momenta) == 3:
        return   # a uniform 3D grid at a useful kT is too costly for every run (see qsym.kspace)
    d.check("fermi_sea_and_fermi_surface_forms_of_the_responses_agree", lambda: sea_surface_check(d, model),
            compares=("Fermi-sea integrals of d_a Omega_b, of Eq. (13)'s integrand and of d^3 E (f)",
                      "Fermi-surface integrals of v_a Omega_b, Lambda^ijk and v_i d_j d_k E (-f')"),
            doc="On the model's k-box at its $k_BT$ (`MODEL.kT`), three Fermi energies inside the box; relative "
                "to the integral of the integrand's modulus.")
    # The sum rules (Omega and G of the two groups cancel) hold here by construction (s = +-1 in one
    # formula), so they are no check; each group's sign is checked against eigh above.


def _numeric_bands(d: Derivation, model: Model, H: sp.Matrix, why: str) -> None:
    """A model without closed-form bands: dH/dk derived, the kernels diagonalize numerically."""
    from ..codegen.observables import BandGeometry
    from ..codegen.specs import Arg
    from .checks import gauge_check, group_layout, numeric_sum_rules, projector_check
    from ..reference import Reference

    ks, E, nm = tuple(model.momenta), model.energy_unit, model.length_unit
    velocity = tuple(d.derive(f"velocity_matrix_{str(k).replace('_', '')}", H.diff(k).applyfunc(sp.expand),
                              lhs=sp.Symbol(rf"\partial H/\partial {k}"),
                              doc=f"By differentiation ({math_names(why)}: the bands are found by numerical "
                                  "diagonalization).")
                     for k in ks)
    groups = group_layout(model, clifford=False)
    _touching_check(d, model, groups)
    d.observable(BandGeometry(
        model.name, model.name, Reference("derived"),
        tuple(Arg(k, str(k).replace("_", ""), f"{nm}^-1", f"wave number {k}", magnitude=(0.0, 1e6)) for k in ks),
        tuple(_param_arg(p) for p in model.used_parameters), H, velocity,
        tuple(tuple(int(i) for i in idx) for idx in groups.values()), tuple(groups),
        (("energy", E), ("velocity", f"{E} {nm}"), ("quantum_metric", f"{nm}^2"), ("berry_curvature", f"{nm}^2"),
         ("bcp", f"{nm}^2/{E}")), E, GAP_FLOOR))
    d.check("kernels_match_differentiated_projectors_and_the_resolvent", lambda: projector_check(d, model, groups),
            compares=("the generated kernels (eigh + sum over states)",
                      "central differences of the group projectors; BCP from the reduced resolvent"))
    d.check("berry_curvature_is_gauge_invariant", lambda: gauge_check(d, model, groups),
            compares=("berry_curvature kernels", "plaquettes of randomly gauged eigenvectors"))
    d.check("berry_curvature_and_bcp_sum_to_zero_over_the_groups", lambda: numeric_sum_rules(d, model, groups),
            compares=("sum over all groups of berry_curvature and of bcp", "0"))
    if model.closed_forms:
        from .checks import numeric_closed_forms

        d.check("kernels_match_the_stated_closed_forms", lambda: numeric_closed_forms(d, model, groups),
                compares=("the generated kernels", "Model.closed_forms, at random points"))
    _response_check(d, model, groups)
    if model.lattice:
        from .invariants import add_topology_checks

        add_topology_checks(d, model)


def _param_arg(p: Parameter):
    """The generated-function argument: the largest |value| as a magnitude bound, and the
    bounds that are not just that magnitude (a sign restriction such as lower = 0) as a range."""
    from ..codegen.specs import Arg

    bounds = [abs(x) for x in (p.lower, p.upper) if x is not None]
    biggest = max(bounds) if len(bounds) == 2 else 10 * max([abs(p.value), 1.0] + bounds)
    lower = p.lower if p.lower is not None and (p.lower >= 0 or abs(p.lower) != biggest) else None
    upper = p.upper if p.upper is not None and (p.upper <= 0 or abs(p.upper) != biggest) else None
    return Arg(p.symbol, argument_name(p.symbol), p.units, p.description, lower=lower, upper=upper,
               keyword_only=True, magnitude=(p.smallest, biggest), nonzero=p.smallest > 0)


def _apply(expr, step_map):
    from ..provenance import _apply_map

    return _apply_map(expr, step_map)


def _structure_constants(gammas) -> dict:
    """Tr(Gamma_a [Gamma_b, Gamma_c]) as exact numbers, keyed (a, b, c)."""
    m = len(gammas)
    return {(a, b, c): (gammas[a] * (gammas[b] * gammas[c] - gammas[c] * gammas[b])).trace()
            for a in range(m) for b in range(m) for c in range(m)}


# ------------------------------------------------------------------------------------------
