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
* sum rules: the Berry curvatures and the BCPs of the groups sum to zero;
* any closed form the model states (``Model.closed_forms``), symbolically.

Conventions: Omega^n = d_x A_y - d_y A_x with A = <u|i grad_k|u> (as :mod:`qsym.geometry`);
metric g_ij = Re sum_{a in n, b not in n} <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^2; BCP
G_ij = 2 Re sum <a|d_i H|b><b|d_j H|a>/(E_a - E_b)^3 (units: length^2/energy).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from .checks import CheckResult, largest, symbolic_equal
from .derivation import Derivation

__all__ = ["Parameter", "Model", "pauli", "derivation", "clifford_form", "figures"]


def pauli() -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Matrix]:
    """(sigma_0, sigma_x, sigma_y, sigma_z)."""
    return (sp.eye(2), sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]),
            sp.Matrix([[1, 0], [0, -1]]))


@dataclass(frozen=True)
class Parameter:
    """A model parameter: its symbol, units, meaning, a typical value (used by checks and
    figures) and its allowed range (validated by the generated functions): ``lower``/``upper``
    bounds, and ``smallest`` allowed |value| other than 0 (e.g. a mass that keeps a gap open:
    ``smallest=0.01`` allows |m| >= 0.01)."""

    symbol: sp.Symbol
    units: str
    description: str
    value: float
    lower: float | None = None
    upper: float | None = None
    smallest: float = 0.0

    def __post_init__(self):
        if self.lower is not None and self.upper is not None and not self.lower <= self.value <= self.upper:
            raise ValueError(f"Parameter {self.symbol}: value {self.value} outside [{self.lower}, {self.upper}]")


@dataclass(frozen=True)
class Model:
    """A Bloch Hamiltonian H(k) with its momenta (2 or 3), parameters and units.

    ``closed_forms`` maps a derived step name (e.g. ``"berry_curvature_lower"``) to a known
    closed form of it; each becomes a ``state`` step and a symbolic check. ``k_max`` is the
    momentum range of checks and figures [1/length].
    """

    name: str
    hamiltonian: sp.Matrix
    momenta: tuple
    parameters: tuple
    title: str = ""
    energy_unit: str = "eV"
    length_unit: str = "nm"
    k_max: float = 1.0
    closed_forms: dict = field(default_factory=dict)
    source: str = "user model"

    def __post_init__(self):
        H = sp.Matrix(self.hamiltonian)
        if H.shape[0] != H.shape[1]:
            raise ValueError(f"{self.name}: the Hamiltonian must be square; got {H.shape}")
        if len(self.momenta) not in (2, 3):
            raise ValueError(f"{self.name}: give 2 or 3 momenta; got {len(self.momenta)}")
        unknown = H.free_symbols - set(self.momenta) - {p.symbol for p in self.parameters}
        if unknown:
            raise ValueError(f"{self.name}: the Hamiltonian uses symbols that are neither momenta nor parameters: "
                             f"{', '.join(sorted(map(str, unknown)))}")
        if not self.name.isidentifier():
            raise ValueError(f"model name must be a Python identifier; got {self.name!r}")

    @property
    def used_parameters(self) -> tuple:
        """The parameters the Hamiltonian depends on, in declaration order."""
        free = sp.Matrix(self.hamiltonian).free_symbols
        return tuple(p for p in self.parameters if p.symbol in free)


# ------------------------------------------------------------------------------------------
# Clifford form
# ------------------------------------------------------------------------------------------

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
    raise NotImplementedError(f"{n} x {n} Hamiltonians: only Clifford forms of 2 x 2 and 4 x 4 matrices are "
                              "derived symbolically so far")


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
            raise ValueError(f"not of Clifford form: {a} and {b} do not anticommute (general N-band models are "
                             "not derived symbolically yet)")
    if any(sp.im(c) != 0 for _, _, c in terms):
        raise ValueError("the Hamiltonian is not Hermitian")
    return d0, terms


# ------------------------------------------------------------------------------------------
# The derivation
# ------------------------------------------------------------------------------------------

GROUPS = ("lower", "upper")
#: Smallest |d| (half the gap between the groups, in the model's energy unit) at which the
#: generated functions evaluate the geometry: it diverges as 1/|d|^2 at a touching point.
GAP_FLOOR = 1e-6
SIGN = {"lower": -1, "upper": 1}


def _components(momenta) -> list[tuple[int, int]]:
    n = len(momenta)
    return [(i, j) for i in range(n) for j in range(i, n)]


def _label(momenta, idx) -> str:
    return "".join(str(momenta[i]).replace("k_", "") for i in idx)


def derivation(model: Model, module: str = "qsym.model") -> Derivation:
    """The derivation of ``model``: bands, velocities, Berry curvature, quantum metric and BCP
    per band group, generated kernels, and the automatic checks."""
    from .codegen.specs import Arg, Constraint, Kernel
    from .reference import Reference

    ks = tuple(model.momenta)
    H = sp.Matrix(model.hamiltonian)
    d = Derivation(model.name, model.title or f"Band geometry of the model {model.name}", model.source, module, {})
    d.intro = (f"A model given by its Bloch Hamiltonian ({H.shape[0]} bands, {len(ks)}D). qsym derives its band "
               "groups and their geometry in projector form, generates kernels, and checks them against numpy "
               "eigh with perturbation sums, gauge transformations and sum rules.")
    d.define("hamiltonian", H, lhs=sp.Symbol(r"H(\mathbf k)"), doc="The model, as given.")
    d.check("hamiltonian_is_hermitian", lambda: symbolic_equal(H, H.H), compares=("H", "H^dagger"))

    d0, terms = clifford_form(H)
    n = H.shape[0]
    D = [sp.Symbol(f"d_{i + 1}", real=True) for i in range(len(terms))]
    dD = [[sp.Symbol(f"d_{i + 1}^{{({k})}}", real=True) for k in ks] for i in range(len(terms))]
    explicit = {D[i]: t[2] for i, t in enumerate(terms)}
    explicit_derivs = {dD[i][j]: sp.diff(t[2], k) for i, t in enumerate(terms) for j, k in enumerate(ks)}
    d.derive("clifford_coefficients", sp.Matrix([t[2] for t in terms]), lhs=sp.Symbol(r"\mathbf{d}"),
        doc="H = d_0 + sum_a d_a Gamma_a with Gamma_a = " + ", ".join(t[0] for t in terms)
        + " (mutually anticommuting): coefficients Tr(H Gamma_a)/N.")
    d.derive("d_0", d0, lhs=sp.Symbol("d_0"), doc="Tr H / N: the part proportional to the identity.")

    norm = sp.sqrt(sum(x**2 for x in D))
    d_dot = [sum(D[a] * dD[a][i] for a in range(len(D))) for i in range(len(ks))]
    step_map = {**explicit_derivs, **explicit}
    struct = _structure_constants([t[1] for t in terms])
    params = tuple(_param_arg(p) for p in model.used_parameters)
    k_args = tuple(Arg(k, str(k).replace("_", ""), f"{model.length_unit}^-1", f"wave number {k}",
                       magnitude=(0.0, 1e6)) for k in ks)
    ref = Reference("derived")
    touching = (Constraint(sum(t[2] ** 2 for t in terms) >= GAP_FLOOR**2,
                           f"the band groups are closer than {2 * GAP_FLOOR:g} {model.energy_unit} here "
                           f"(|d| < {GAP_FLOOR:g}): at a touching point the geometry is singular"),)
    results = {}
    for g in GROUPS:
        s = SIGN[g]
        energy = d.derive(f"energy_{g}", d0 + s * norm, lhs=sp.Symbol(rf"E_{{\rm {g}}}"),
                          doc=f"The {g} band group, {n // 2}-fold degenerate: d_0 {'+' if s > 0 else '-'} |d|.")
        vel = d.derive(f"velocity_{g}", sp.Matrix([sp.diff(d0, k) + s * d_dot[i] / norm for i, k in enumerate(ks)]),
                       lhs=sp.Symbol(rf"\partial E_{{\rm {g}}}/\partial \mathbf k"),
                       doc="dE/dk (hbar v) by differentiation, d_a' written as symbols.")
        metric = d.derive(f"quantum_metric_{g}", sp.Matrix([
            sp.Rational(n, 8) * (sum(dD[a][i] * dD[a][j] for a in range(len(D))) / norm**2
                                 - d_dot[i] * d_dot[j] / norm**4) for i, j in _components(ks)]),
            lhs=sp.Symbol(rf"g^{{\rm {g}}}_{{ij}}"),
            doc="Re Tr[P d_i P d_j P] for P = (1 + s d.Gamma/|d|)/2, summed over the group's N/2 states: "
                "(N/8) d_i(d/|d|) . d_j(d/|d|); the same for both groups. Components " +
                ", ".join(_label(ks, c) for c in _components(ks)) + ".")
        curv_pairs = [(0, 1)] if len(ks) == 2 else [(1, 2), (2, 0), (0, 1)]
        curv_entries = [
            sp.expand(sp.I * s / 8 * sum(struct[a, b, c] * D[a] * dD[b][i] * dD[c][j]
                                          for a in range(len(D)) for b in range(len(D)) for c in range(len(D))))
            / norm**3 for i, j in curv_pairs]
        curv = d.derive(f"berry_curvature_{g}", curv_entries[0] if len(curv_entries) == 1 else sp.Matrix(curv_entries),
                        lhs=sp.Symbol(rf"\Omega^{{\rm {g}}}"),
            doc="i Tr(P[d_i P, d_j P]) = (i s/8) Tr(Gamma_a [Gamma_b, Gamma_c]) d_a d_i d_b d_j d_c / |d|^3 "
                "(the parts of d_i(d/|d|) along d drop out). Components " +
                ", ".join(_label(ks, c) for c in curv_pairs) + ".")
        bcp = d.derive(f"bcp_{g}", metric * s / norm, lhs=sp.Symbol(rf"G^{{\rm {g}}}_{{ij}}"),
                       doc="2 Re sum over the other group of A^i A^j/(E_n - E_m): the other group lies at "
                           "E_n - E_m = 2 s |d|, so G = s g/|d|.")
        results[g] = {"energy": energy, "velocity": vel, "quantum_metric": metric, "berry_curvature": curv,
                      "bcp": bcp}
        units = {"energy": model.energy_unit, "velocity": f"{model.energy_unit} {model.length_unit}",
                 "quantum_metric": f"{model.length_unit}^2", "berry_curvature": f"{model.length_unit}^2",
                 "bcp": f"{model.length_unit}^2/{model.energy_unit}"}
        labels = {"velocity": [str(k).replace("k_", "") for k in ks],
                  "quantum_metric": [_label(ks, c) for c in _components(ks)],
                  "berry_curvature": [_label(ks, c) for c in curv_pairs],
                  "bcp": [_label(ks, c) for c in _components(ks)]}
        for q, expr in results[g].items():
            full = _apply(expr, step_map)
            comps = labels.get(q) if isinstance(full, sp.MatrixBase) else None
            d.kernel(Kernel(f"{q}_{g}", k_args + params, tuple(full) if comps else full, units[q],
                            f"{q.replace('_', ' ').capitalize()} of the {g} band group of {model.name}.", ref,
                            constraints=touching, components=tuple(comps) if comps else None, step=f"{q}_{g}",
                            step_map=step_map))
    for step, closed in model.closed_forms.items():
        stated = d.state(f"{step}_closed_form", closed, lhs=sp.Symbol(step), doc="A known closed form (stated).")
        derived = _apply(d[step].expr, step_map)
        d.check(f"{step}_equals_its_closed_form", lambda a=derived, b=stated: symbolic_equal(
            a, b if isinstance(b, sp.MatrixBase) or not isinstance(a, sp.MatrixBase) else sp.Matrix([b])),
            compares=(step, f"{step}_closed_form"))
    d.check("kernels_match_eigh_and_perturbation_sums", lambda: _eigh_check(d, model),
            compares=("the generated kernels of every band group", "numpy eigh of H(k) with dH/dk sum-over-states"),
            doc="At 40 random points of k and the parameters; near band touchings excluded (gap < 1e-3 |d| scale).")
    d.check("berry_curvature_is_gauge_invariant", lambda: _gauge_check(d, model),
            compares=("berry_curvature kernels",
                      "plaquette products of overlap matrices of eigenvectors with random k-dependent phases and "
                      "random unitaries within each group"))
    d.check("berry_curvature_and_bcp_sum_to_zero_over_the_groups", lambda: _sum_rules(d, model),
            compares=("sum over groups of berry_curvature and of bcp", "0"))
    return d


def _param_arg(p: Parameter):
    """The generated-function argument: the largest |value| as a magnitude bound, and the
    bounds that are not just that magnitude (a sign restriction such as lower = 0) as a range."""
    from .codegen.specs import Arg

    bounds = [abs(x) for x in (p.lower, p.upper) if x is not None]
    largest = max(bounds) if len(bounds) == 2 else 10 * max([abs(p.value), 1.0] + bounds)
    lower = p.lower if p.lower is not None and (p.lower >= 0 or abs(p.lower) != largest) else None
    upper = p.upper if p.upper is not None and (p.upper <= 0 or abs(p.upper) != largest) else None
    return Arg(p.symbol, str(p.symbol).replace("\\", ""), p.units, p.description, lower=lower, upper=upper,
               keyword_only=True, magnitude=(p.smallest, largest), nonzero=p.smallest > 0)


def _apply(expr, step_map):
    from .provenance import _apply_map

    return _apply_map(expr, step_map)


def _structure_constants(gammas) -> dict:
    """Tr(Gamma_a [Gamma_b, Gamma_c]) as exact numbers, keyed (a, b, c)."""
    m = len(gammas)
    return {(a, b, c): (gammas[a] * (gammas[b] * gammas[c] - gammas[c] * gammas[b])).trace()
            for a in range(m) for b in range(m) for c in range(m)}


# ------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------

def _numeric(model: Model):
    """(H(k, params), [dH/dk_i]) as numpy functions (lambdified independently of the kernels)."""
    H = sp.Matrix(model.hamiltonian)
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    h = sp.lambdify(syms, H, "numpy")
    dh = [sp.lambdify(syms, H.diff(k), "numpy") for k in model.momenta]
    return (lambda *a: np.asarray(h(*a), complex)), [(lambda *a, f=f: np.asarray(f(*a), complex)) for f in dh]


def _random_points(model: Model, count: int, seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        k = rng.uniform(-model.k_max, model.k_max, len(model.momenta))
        params = {}
        for p in model.used_parameters:
            lo = p.lower if p.lower is not None else p.value - max(1.0, abs(p.value))
            hi = p.upper if p.upper is not None else p.value + max(1.0, abs(p.value))
            lo, hi = max(lo, p.value - 2 * max(abs(p.value), 0.1)), min(hi, p.value + 2 * max(abs(p.value), 0.1))
            params[p] = rng.uniform(lo, hi)
        yield k, params


def _kernel_kwargs(model, k, params):
    kw = {str(kk).replace("_", ""): float(x) for kk, x in zip(model.momenta, k)}
    kw.update({str(p.symbol).replace("\\", ""): float(v) for p, v in params.items()})
    return kw


def _sum_over_states(model, h, dh, k, params):
    """Per group: energy, velocity, metric (components), curvature, BCP from eigh and dH/dk."""
    args = list(k) + [params[p] for p in model.used_parameters]
    e, u = np.linalg.eigh(h(*args))
    V = [u.conj().T @ f(*args) @ u for f in dh]
    n = e.size
    groups = {"lower": np.arange(n // 2), "upper": np.arange(n // 2, n)}
    comps = _components(model.momenta)
    pairs = [(0, 1)] if len(model.momenta) == 2 else [(1, 2), (2, 0), (0, 1)]
    out = {}
    for g, idx in groups.items():
        other = np.setdiff1d(np.arange(n), idx)
        de = e[idx][:, None] - e[other][None, :]
        prod = lambda i, j: np.sum(V[i][np.ix_(idx, other)] * V[j][np.ix_(other, idx)].T / de**2)  # noqa: E731
        prod3 = lambda i, j: np.sum(V[i][np.ix_(idx, other)] * V[j][np.ix_(other, idx)].T / de**3)  # noqa: E731
        out[g] = {
            "energy": float(np.mean(e[idx])),
            "velocity": np.array([np.real(np.trace(V[i][np.ix_(idx, idx)])) / idx.size for i in range(len(V))]),
            "quantum_metric": np.array([np.real(prod(i, j)) for i, j in comps]),
            "berry_curvature": np.array([-2 * np.imag(prod(i, j)) for i, j in pairs]),
            "bcp": np.array([2 * np.real(prod3(i, j)) for i, j in comps]),
            "gap": float(np.min(np.abs(de))),
        }
    return out


def _eigh_check(d: Derivation, model: Model) -> CheckResult:
    from .codegen import load_module

    mod = load_module(d)
    h, dh = _numeric(model)
    worst, used = 0.0, 0
    for k, params in _random_points(model, 40, 1):
        ref = _sum_over_states(model, h, dh, k, params)
        if min(r["gap"] for r in ref.values()) < 1e-3:
            continue
        used += 1
        kw = _kernel_kwargs(model, k, params)
        for g in GROUPS:
            for q in ("energy", "velocity", "quantum_metric", "berry_curvature", "bcp"):
                got = np.atleast_1d(getattr(mod, f"{q}_{g}")(**kw))
                want = np.atleast_1d(ref[g][q])
                scale = max(1.0, float(np.max(np.abs(want))))
                worst = largest([worst, float(np.max(np.abs(got - want))) / scale])
    ok = used >= 20 and worst < 1e-10
    return CheckResult(ok, "numeric", worst, f"{used} random points (k, parameters); worst relative difference "
                       f"{worst:.1e} over energies, velocities, metric, Berry curvature and BCP of both groups")


def _gauge_check(d: Derivation, model: Model) -> CheckResult:
    """Berry curvature from the plaquette of four overlap matrices of randomly gauged eigenvectors."""
    from .codegen import load_module

    mod = load_module(d)
    h, _ = _numeric(model)
    rng = np.random.default_rng(7)
    n = sp.Matrix(model.hamiltonian).shape[0]
    pairs = [(0, 1)] if len(model.momenta) == 2 else [(1, 2), (2, 0), (0, 1)]
    delta = 1e-4
    worst, used = 0.0, 0
    for k, params in _random_points(model, 12, 2):
        args_p = [params[p] for p in model.used_parameters]

        def states(q, g):
            e, u = np.linalg.eigh(h(*q, *args_p))
            idx = np.arange(n // 2) if g == "lower" else np.arange(n // 2, n)
            m = idx.size
            z = rng.normal(size=(m, m)) + 1j * rng.normal(size=(m, m))
            unitary, _ = np.linalg.qr(z)                      # random unitary within the group
            return u[:, idx] @ unitary * np.exp(2j * np.pi * rng.random())   # and a random phase
        e_all = np.linalg.eigvalsh(h(*k, *args_p))
        if np.min(np.abs(e_all[n // 2:][:, None] - e_all[:n // 2][None, :])) < 1e-2:
            continue
        used += 1
        kw = _kernel_kwargs(model, k, params)
        for g in GROUPS:
            want = np.atleast_1d(getattr(mod, f"berry_curvature_{g}")(**kw))
            for c, (i, j) in enumerate(pairs):
                ei, ej = np.eye(len(k))[i] * delta, np.eye(len(k))[j] * delta
                corners = [k - ei / 2 - ej / 2, k + ei / 2 - ej / 2, k + ei / 2 + ej / 2, k - ei / 2 + ej / 2]
                U = [states(q, g) for q in corners]
                loop = np.linalg.det(U[0].conj().T @ U[1]) * np.linalg.det(U[1].conj().T @ U[2]) \
                    * np.linalg.det(U[2].conj().T @ U[3]) * np.linalg.det(U[3].conj().T @ U[0])
                flux = -np.angle(loop) / delta**2
                worst = largest([worst, abs(flux - want[c]) / max(1.0, abs(want[c]))])
    ok = used >= 6 and worst < 1e-5
    return CheckResult(ok, "numeric", worst, f"{used} points, plaquette side 1e-4: worst relative difference "
                       f"{worst:.1e} (the plaquette's O(delta^2) and rounding)")


def _sum_rules(d: Derivation, model: Model) -> CheckResult:
    def flat(e):
        return list(e) if isinstance(e, sp.MatrixBase) else [e]

    total = [a + b for q in ("berry_curvature", "bcp")
             for a, b in zip(flat(d[f"{q}_lower"].expr), flat(d[f"{q}_upper"].expr))]
    zero = all(sp.simplify(x) == 0 for x in total)
    return CheckResult(bool(zero), "symbolic", 0.0 if zero else None,
                       "sum over the two groups of Omega and of G is identically 0" if zero else "nonzero sums")


# ------------------------------------------------------------------------------------------
# Figures
# ------------------------------------------------------------------------------------------

def figures(model: Model) -> dict:
    """``{name: draw(generated_module, out_dir)}``: bands along k_x, Berry curvature and
    quantum-metric maps of the lower group, at the parameters' typical values."""
    def kw(mod_k):
        out = {str(p.symbol).replace("\\", ""): p.value for p in model.used_parameters}
        out.update(mod_k)
        return out

    names = [str(k).replace("_", "") for k in model.momenta]

    def grid(n=201):
        k = np.linspace(-model.k_max, model.k_max, n)
        X, Y = np.meshgrid(k, k, indexing="xy")
        base = {names[0]: X, names[1]: Y}
        if len(names) == 3:
            base[names[2]] = 0.0
        return k, base

    def bands(mod, out):
        import matplotlib.pyplot as plt

        from .plotting import save_figure

        k = np.linspace(-model.k_max, model.k_max, 401)
        args = {n: 0.0 for n in names}
        args[names[0]] = k
        fig, ax = plt.subplots(figsize=(5.6, 4.0))
        for g, c in zip(GROUPS, ("C0", "C3")):
            ax.plot(k, mod.__dict__[f"energy_{g}"](**kw(args)), c, label=f"{g} group")
        ax.set(xlabel=f"{names[0]} ({model.length_unit}$^{{-1}}$)", ylabel=f"E ({model.energy_unit})",
               title=f"{model.name}: bands along {names[0]} (other k = 0)")
        ax.legend(fontsize=8)
        return [save_figure(fig, out, f"{model.name}_bands.png")]

    def geometry(mod, out):
        import matplotlib.pyplot as plt

        from .plotting import save_figure

        k, base = grid()
        curv = np.atleast_1d(mod.__dict__["berry_curvature_lower"](**kw(base)))
        curv = curv[..., -1] if curv.ndim == 3 else curv
        g = mod.__dict__["quantum_metric_lower"](**kw(base))
        trace = g[..., 0] + g[..., 2 if len(names) == 2 else 3]
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
        for ax, data, label in ((axes[0], curv, r"$\Omega_{xy}$ (lower group)"),
                                (axes[1], trace, r"$g_{xx} + g_{yy}$ (lower group)")):
            signed = "Omega" in label
            top = float(np.max(np.abs(data))) or 1.0
            im = ax.pcolormesh(k, k, data, shading="auto", cmap="RdBu_r" if signed else "viridis",
                               vmin=-top if signed else None, vmax=top if signed else None)
            fig.colorbar(im, ax=ax, label=f"{label} ({model.length_unit}$^2$)")
            ax.set(xlabel=f"{names[0]} ({model.length_unit}$^{{-1}}$)",
                   ylabel=f"{names[1]} ({model.length_unit}$^{{-1}}$)", aspect="equal")
        values = ", ".join(f"{p.symbol} = {p.value:g} {p.units}" for p in model.used_parameters)
        fig.suptitle(f"{model.name}: Berry curvature and quantum metric at {values}", fontsize=9)
        return [save_figure(fig, out, f"{model.name}_geometry.png")]

    return {"bands": bands, "geometry": geometry}
