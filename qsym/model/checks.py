"""The automatic checks of every user model (:mod:`qsym.model`): the generated kernels against
numpy eigh with sum-over-states formulas (Clifford forms) or against differentiated projectors
and the reduced resolvent (numerically diagonalized models), gauge invariance of the Berry
curvature through plaquettes of randomly gauged eigenvectors, and the sum rules over band
groups of the numerically diagonalized models (for Clifford forms they hold by construction)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..checks import CheckResult, largest
from ..derivation import Derivation
from .spec import Model, argument_name, components, curvature_pairs, label, random_value
from .zone import is_lattice, sample

__all__ = ["GROUPS", "label", "components", "curvature_pairs", "group_layout", "numeric_hamiltonian", "sum_over_states",
           "eigh_check", "projector_check", "gauge_check", "numeric_sum_rules", "sea_surface_check",
           "numeric_closed_forms", "response_integrands_check"]

#: The two band groups of a Clifford-form model, in order of energy.
GROUPS = ("lower", "upper")


def group_layout(model: Model, clifford: bool) -> dict:
    """Band groups by name: the two halves ("lower", "upper") of a Clifford-form model, else
    consecutive sets of ``model.degeneracy`` bands ("band1", "band2", ...), in order of energy."""
    n = sp.Matrix(model.hamiltonian).shape[0]
    if clifford:
        return {"lower": np.arange(n // 2), "upper": np.arange(n // 2, n)}
    deg = model.degeneracy
    return {f"band{j + 1}": np.arange(j * deg, (j + 1) * deg) for j in range(n // deg)}


def numeric_hamiltonian(model: Model):
    """(H(k, params), [dH/dk_i]) as numpy functions (lambdified independently of the kernels).
    With orbital positions tau, H_I = U^+ H U and dH_I/dk_i = U^+ (dH/dk_i) U + i [H_I, tau_i],
    U = diag(exp(i k . tau)), numerically (the derivation transforms H symbolically)."""
    H = sp.Matrix(model.hamiltonian)
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    h = sp.lambdify(syms, H, "numpy")
    dh = [sp.lambdify(syms, H.diff(k), "numpy") for k in model.momenta]
    if not model.orbitals:
        return (lambda *a: np.asarray(h(*a), complex)), [(lambda *a, f=f: np.asarray(f(*a), complex)) for f in dh]
    tau = np.array([[float(c) for c in t] for t in model.orbitals])
    d = len(model.momenta)

    def unitary(a):
        return np.diag(np.exp(1j * tau @ np.array(a[:d], float)))

    def h_i(*a):
        U = unitary(a)
        return U.conj().T @ np.asarray(h(*a), complex) @ U

    def dh_i(i):
        def f(*a):
            U, Hi = unitary(a), h_i(*a)
            return U.conj().T @ np.asarray(dh[i](*a), complex) @ U + 1j * (Hi * tau[None, :, i] - tau[:, i, None] * Hi)
        return f
    return h_i, [dh_i(i) for i in range(d)]


def _random_points(model: Model, count: int, seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        k = sample(model, 1, rng)[0]
        yield k, {p: random_value(p, rng) for p in model.used_parameters}


def _gapped_points(model: Model, h, groups, count: int, seed: int, gap: float):
    """The random points of ``_random_points`` at which neighbouring groups are at least ``gap``
    apart (the geometry is well conditioned there)."""
    for k, params in _random_points(model, count, seed):
        if _group_gap(np.linalg.eigvalsh(h(*k, *[params[p] for p in model.used_parameters])), groups) >= gap:
            yield k, params


def _kernel_kwargs(model, k, params):
    kw = {str(kk).replace("_", ""): float(x) for kk, x in zip(model.momenta, k)}
    kw.update({argument_name(p.symbol): float(v) for p, v in params.items()})
    return kw


def sum_over_states(model, h, dh, k, params, groups: dict | None = None):
    """Per group: energy, velocity, metric (components), curvature, BCP from eigh and dH/dk."""
    args = list(k) + [params[p] for p in model.used_parameters]
    e, u = np.linalg.eigh(h(*args))
    V = [u.conj().T @ f(*args) @ u for f in dh]
    n = e.size
    groups = group_layout(model, True) if groups is None else groups
    comps = components(model.momenta)
    pairs = curvature_pairs(model.momenta)
    out = {}
    for g, idx in groups.items():
        other = np.setdiff1d(np.arange(n), idx)
        de = e[idx][:, None] - e[other][None, :]
        de = np.where(de == 0, np.nan, de)           # a touching point: NaN, and "gap" 0 tells the caller
        def prod(i, j, power=2, idx=idx, other=other, de=de):
            with np.errstate(divide="ignore", invalid="ignore"):      # touching points are skipped by callers
                return np.sum(V[i][np.ix_(idx, other)] * V[j][np.ix_(other, idx)].T / de**power)

        def prod3(i, j):
            return prod(i, j, 3)
        out[g] = {
            "energy": float(np.mean(e[idx])),
            "velocity": np.array([np.real(np.trace(V[i][np.ix_(idx, idx)])) / idx.size for i in range(len(V))]),
            "quantum_metric": np.array([np.real(prod(i, j)) for i, j in comps]),
            "berry_curvature": np.array([-2 * np.imag(prod(i, j)) for i, j in pairs]),
            "bcp": np.array([2 * np.real(prod3(i, j)) for i, j in comps]),
            "gap": float(np.nan_to_num(np.nanmin(np.abs(de)), nan=0.0)) if np.all(np.isfinite(de)) else 0.0,
        }
    return out


def eigh_check(d: Derivation, model: Model) -> CheckResult:
    from ..codegen import load_module

    mod = load_module(d)
    h, dh = numeric_hamiltonian(model)
    worst, used = 0.0, 0
    for k, params in _random_points(model, 40, 1):
        ref = sum_over_states(model, h, dh, k, params)
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


def _group_gap(e: np.ndarray, groups: dict) -> float:
    """Smallest distance from a group's levels to the levels outside it."""
    n = e.size
    return min(float(np.min(np.abs(e[idx][:, None] - e[np.setdiff1d(np.arange(n), idx)][None, :])))
               for idx in groups.values())


def gauge_check(d: Derivation, model: Model, groups: dict | None = None) -> CheckResult:
    """Berry curvature from the plaquette of four overlap matrices of randomly gauged eigenvectors."""
    from ..codegen import load_module

    mod = load_module(d)
    groups = group_layout(model, True) if groups is None else groups
    h, _ = numeric_hamiltonian(model)
    rng = np.random.default_rng(7)
    pairs = curvature_pairs(model.momenta)
    delta = 1e-4
    worst, used = 0.0, 0
    for k, params in _random_points(model, 12, 2):
        args_p = [params[p] for p in model.used_parameters]

        def states(q, idx):
            e, u = np.linalg.eigh(h(*q, *args_p))
            m = idx.size
            z = rng.normal(size=(m, m)) + 1j * rng.normal(size=(m, m))
            unitary, _ = np.linalg.qr(z)                      # random unitary within the group
            return u[:, idx] @ unitary * np.exp(2j * np.pi * rng.random())   # and a random phase
        if _group_gap(np.linalg.eigvalsh(h(*k, *args_p)), groups) < 1e-2:
            continue
        used += 1
        kw = _kernel_kwargs(model, k, params)
        for g, idx in groups.items():
            want = np.atleast_1d(getattr(mod, f"berry_curvature_{g}")(**kw))
            for c, (i, j) in enumerate(pairs):
                ei, ej = np.eye(len(k))[i] * delta, np.eye(len(k))[j] * delta
                corners = [k - ei / 2 - ej / 2, k + ei / 2 - ej / 2, k + ei / 2 + ej / 2, k - ei / 2 + ej / 2]
                U = [states(q, idx) for q in corners]
                loop = np.linalg.det(U[0].conj().T @ U[1]) * np.linalg.det(U[1].conj().T @ U[2]) \
                    * np.linalg.det(U[2].conj().T @ U[3]) * np.linalg.det(U[3].conj().T @ U[0])
                flux = -np.angle(loop) / delta**2
                worst = largest([worst, abs(flux - want[c]) / max(1.0, abs(want[c]))])
    ok = used >= 6 and worst < 1e-5
    return CheckResult(ok, "numeric", worst, f"{used} points, plaquette side 1e-4: worst relative difference "
                       f"{worst:.1e} (the plaquette's O(delta^2) and rounding)")


def _projector_route(h, dh, k, args_p, idx, delta):
    """Energy, velocity, metric, curvature and BCP of the group ``idx`` from projectors differentiated by
    central differences (O(delta^2)) and the reduced resolvent Q (E_a - H + P)^{-1} Q of each of its states
    (BCP): no sum over the states outside the group."""
    dim = len(k)

    def proj(q):
        e, u = np.linalg.eigh(h(*q, *args_p))
        return e[idx].mean(), u[:, idx] @ u[:, idx].conj().T
    E, P = proj(k)
    dP, v = [], []
    for i in range(dim):
        step = np.eye(dim)[i] * delta
        (ep, Pp), (em, Pm) = proj(k + step), proj(k - step)
        dP.append((Pp - Pm) / (2 * delta))
        v.append((ep - em) / (2 * delta))
    H = h(*k, *args_p)
    n = H.shape[0]
    Q = np.eye(n) - P
    V = [f(*k, *args_p) for f in dh]
    # the BCP state by state of the group (its levels may be split): 2 Re <a| V_i R_a^3 V_j |a>,
    # R_a = Q (E_a - H + P)^-1 Q the reduced resolvent at the state's own energy
    e_all, u_all = np.linalg.eigh(H)
    bcp = np.zeros(len(components(range(dim))))
    for a in idx:
        R = Q @ np.linalg.inv(e_all[a] * np.eye(n) - H + P) @ Q
        R3 = R @ R @ R
        ua = u_all[:, a]
        bcp += [2 * np.real(ua.conj() @ V[i] @ R3 @ V[j] @ ua) for i, j in components(range(dim))]
    comps, pairs = components(range(dim)), curvature_pairs(range(dim))
    return {"energy": E, "velocity": np.array(v),
            "quantum_metric": np.array([np.real(np.trace(P @ dP[i] @ dP[j])) for i, j in comps]),
            "berry_curvature": np.array([np.real(1j * np.trace(P @ (dP[i] @ dP[j] - dP[j] @ dP[i]))) for i, j in pairs]),
            "bcp": bcp}


def projector_check(d: Derivation, model: Model, groups: dict) -> CheckResult:
    """The generated (diagonalizing) kernels against differentiated projectors and the resolvent."""
    from ..codegen import load_module

    mod = load_module(d)
    h, dh = numeric_hamiltonian(model)
    worst, used = 0.0, 0
    for k, params in _gapped_points(model, h, groups, 30, 3, 5e-2):
        args_p = [params[p] for p in model.used_parameters]
        used += 1
        kw = _kernel_kwargs(model, k, params)
        for g, idx in groups.items():
            ref = _projector_route(h, dh, k, args_p, idx, 1e-5)
            for q, want in ref.items():
                got = np.atleast_1d(getattr(mod, f"{q}_{g}")(**kw))
                want = np.atleast_1d(want)
                worst = largest([worst, float(np.max(np.abs(got - want))) / max(1.0, float(np.max(np.abs(want))))])
    ok = used >= 15 and worst < 1e-6
    return CheckResult(ok, "numeric", worst, f"{used} random points; worst relative difference {worst:.1e} (central "
                       "differences of projectors with step 1e-5: O(step^2) truncation, larger near small gaps)")


def numeric_sum_rules(d: Derivation, model: Model, groups: dict) -> CheckResult:
    """Sum over all groups of the generated Berry curvatures and BCPs at random points: 0."""
    from ..codegen import load_module

    mod = load_module(d)
    h, _ = numeric_hamiltonian(model)
    worst, used = 0.0, 0
    for k, params in _gapped_points(model, h, groups, 20, 4, 1e-2):
        used += 1
        kw = _kernel_kwargs(model, k, params)
        for q in ("berry_curvature", "bcp"):
            parts = [np.atleast_1d(getattr(mod, f"{q}_{g}")(**kw)) for g in groups]
            scale = max(1.0, max(float(np.max(np.abs(x))) for x in parts))
            worst = largest([worst, float(np.max(np.abs(sum(parts)))) / scale])
    # (each term comes from eigh with sums over 1/gap^2 or 1/gap^3: a few digits go near small gaps, so 1e-10 of
    # the largest term; a mistake of sign or factor in one group is of the order of the term itself)
    return CheckResult(used >= 10 and worst < 1e-10, "numeric", worst,
                       f"{used} random points: |sum over groups| / max |term| <= {worst:.1e} for Omega and G")



# ------------------------------------------------------------------------------------------


def sea_surface_check(d: Derivation, model: Model) -> CheckResult:
    """The Fermi-sea and Fermi-surface forms of the BCD, QMD and nonlinear Drude responses,
    integrated on the model's k-box at ``model.kT`` for three Fermi energies: they are
    different kernels (k-derivatives of the geometry by the chain rule, against velocity times
    geometry), equal only if the derivatives are right (integration by parts)."""
    import warnings

    from ..codegen import load_module
    from .responses import evaluate, fermi_energies

    mod = load_module(d)
    mus = fermi_energies(mod, model, model.kT, count=5)
    if mus.size < 3:
        if is_lattice(model):
            return CheckResult(False, "numeric", None, f"fewer than 3 Fermi energies at kT = {model.kT} stay 30 kT "
                                                       "away from band touchings: lower MODEL.kT")
        return CheckResult(False, "numeric", None, f"no Fermi energy keeps the Fermi surface inside the k-box "
                                                   f"[-{model.k_max}, {model.k_max}] at kT = {model.kT}: raise k_max")
    mus = mus[1:4]
    worst, detail = 0.0, []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("bcd", "qmd", "drude"):
            sea = evaluate(mod, model, name, mus, model.kT, form="sea", rtol=1e-7)
            line = evaluate(mod, model, name, mus, model.kT, form="surface", rtol=1e-7)
            scale = float(np.max(np.maximum(sea.magnitude, line.magnitude)))
            err = float(np.max(np.abs(sea.value - line.value))) / (scale or 1.0)
            worst = err if not (err <= worst) else worst      # a NaN stays a NaN, and fails below
            detail.append(f"{name} {err:.1e}" if scale else f"{name}: both integrands vanish identically")
    return CheckResult(bool(worst < 1e-6), "numeric", worst,
                       f"eF = {', '.join(f'{m:.3g}' for m in mus)}, kT = {model.kT:g}: max |sea - surface| / "
                       f"max int |integrand|: " + ", ".join(detail))


# ------------------------------------------------------------------------------------------


def numeric_closed_forms(d: Derivation, model: Model, groups: dict) -> CheckResult:
    """A numerically diagonalized model's stated closed forms (``Model.closed_forms``, keyed
    ``quantity_group``) against its generated kernels at random points where the groups are
    apart."""
    from ..codegen import load_module

    mod = load_module(d)
    h, _ = numeric_hamiltonian(model)
    syms = list(model.momenta) + [p.symbol for p in model.used_parameters]
    forms = {name: sp.lambdify(syms, sp.Matrix([f]) if not isinstance(f, sp.MatrixBase) else f, "numpy")
             for name, f in model.closed_forms.items()}
    worst, used = 0.0, 0
    for k, params in _gapped_points(model, h, groups, 20, 5, 5e-2):
        used += 1
        kw = _kernel_kwargs(model, k, params)
        args = list(k) + [params[p] for p in model.used_parameters]
        for name, fn in forms.items():
            got = np.atleast_1d(getattr(mod, name)(**kw))
            want = np.ravel(np.asarray(fn(*args), float))
            worst = largest([worst, float(np.max(np.abs(got - want))) / max(1.0, float(np.max(np.abs(want))))])
    return CheckResult(used >= 10 and worst < 1e-9, "numeric", worst,
                       f"{len(forms)} closed forms at {used} random points: worst relative difference {worst:.1e}")


def _dipole_tensor(model: Model, flat: np.ndarray) -> np.ndarray:
    """The components ijk (j <= k) of a response tensor as the full array symmetric in jk."""
    from .integrands import response_components

    n = len(model.momenta)
    T = np.zeros((n, n, n))
    for c, (i, j, k) in enumerate(response_components(range(n))):
        T[i, j, k] = T[i, k, j] = flat[c]
    return T


def response_integrands_check(d: Derivation, model: Model, groups: dict) -> CheckResult:
    """The Fermi-surface integrands :mod:`qsym.model.responses` integrates, as it builds them from the
    generated kernels, against numpy eigh with sum-over-states geometry at random points:
    v_a Omega_b (Berry curvature dipole) and the quantum metric dipole
    Lambda^ijk = v_i G^jk - (v_j G^ik + v_k G^ij)/2 (Eq. 14 of paper 002); and Lambda's cyclic
    sum Lambda^ijk + Lambda^jki + Lambda^kij, which vanishes (so does Lambda^iii: sigma_iii = 0
    for the wave-packet formula, Sec. 4 of paper 002) whatever the prefactors of v and G."""
    from .responses import _integrand
    from ..codegen import load_module

    mod = load_module(d)
    h, dh = numeric_hamiltonian(model)
    n = len(model.momenta)
    comps = components(model.momenta)
    pairs = curvature_pairs(model.momenta)
    worst_eigh, worst_cyclic, used = 0.0, 0.0, 0
    for k, params in _random_points(model, 16, 6):
        ref = sum_over_states(model, h, dh, k, params, groups)
        if min(r["gap"] for r in ref.values()) < 5e-2:
            continue
        used += 1
        kw = {name: np.atleast_1d(x) for name, x in _kernel_kwargs(model, k, params).items()}
        for g in groups:
            v, om = ref[g]["velocity"], ref[g]["berry_curvature"]
            G = np.zeros((n, n))
            for c, (i, j) in enumerate(comps):
                G[i, j] = G[j, i] = ref[g]["bcp"][c]
            lam = np.array([[[v[i] * G[j, kk] - (v[j] * G[i, kk] + v[kk] * G[i, j]) / 2 for kk in range(n)]
                             for j in range(n)] for i in range(n)])
            got_lam = _dipole_tensor(model, _integrand(mod, model, "quantum_metric_dipole", g, kw)[0])
            got_bcd = _integrand(mod, model, "berry_curvature_dipole_fermi_surface", g, kw)[0]
            want_bcd = np.array([v[a] * om[c] for a in range(n) for c in range(len(pairs))])
            scale = max(1.0, float(np.max(np.abs(v))) * float(np.max(np.abs(G))), float(np.max(np.abs(want_bcd))))
            worst_eigh = largest([worst_eigh, float(np.max(np.abs(got_lam - lam))) / scale,
                                  float(np.max(np.abs(got_bcd - want_bcd))) / scale])
            cyclic = got_lam + np.transpose(got_lam, (1, 2, 0)) + np.transpose(got_lam, (2, 0, 1))
            worst_cyclic = largest([worst_cyclic, float(np.max(np.abs(cyclic))) / scale])
    worst = largest([worst_eigh, worst_cyclic])
    return CheckResult(used >= 8 and worst < 1e-8, "numeric", worst,
                       f"{used} random points: v_a Omega_b and Lambda^ijk against eigh {worst_eigh:.1e}, cyclic sum "
                       f"of Lambda (and Lambda^iii) {worst_cyclic:.1e}, relative to |v| |G|")
