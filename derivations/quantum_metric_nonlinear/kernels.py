"""Kernels and observables of the toy model: geometry of the upper band pair, the f0'
integrands of Table 1 and Eqs. (11), (12), and the Fermi-line conductivities; the numeric
checks that tie them to the Fermi-sea forms and to numpy eigh."""

from __future__ import annotations

from itertools import product

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, all_of, numeric_close, symbolic_equal
from qsym.codegen import load_module
from qsym.codegen.observables import FermiLineObservable
from qsym.codegen.specs import Arg, Kernel, Option
from qsym.derivation import Derivation, Reference
from qsym.geometry import clifford_bcp

from .parameters import FIG2
from .references import fermi_sea_sigma, numeric_sigma_drude_grid, numeric_sigma_qm_grid
from .semiclassics import (
    PLANE, all_components, d_, eps_k, equal_up_to_total_derivative, f0, f0_prime, omega_tensor, table1_row,
    table1_row_fermi_surface, _G_funcs,
)
from .symbols import IJK, TABLE1, b, e, eF, hbar, kT, kx, ky, m, t, tau_r, v
from .toy_model import band_toy, d_toy

ARGS_K = (Arg(kx, "kx", "nm^-1", "momentum k_x", magnitude=(0.0, 1e3)),
          Arg(ky, "ky", "nm^-1", "momentum k_y", magnitude=(0.0, 1e3)))
ARGS_MODEL = (
    Arg(v, "v", "eV nm", "Dirac velocity v (hbar v)", lower=0, lower_open=True, keyword_only=True,
        magnitude=(1e-4, 1e3)),
    Arg(m, "m", "eV", "mass m (the gap closes at k = 0 for m = 0)", nonzero=True, keyword_only=True,
        magnitude=(1e-6, 1e2)),
    Arg(b, "b", "eV nm^2", "band curvature b", keyword_only=True, magnitude=(1e-12, 1e3)),
    Arg(t, "t", "eV nm", "tilt/deformation t (breaks P, T, C_n^z)", keyword_only=True, magnitude=(0.0, 1e3)),
)
#: States per band pair of Eq. (20) (each band is doubly degenerate): the sum over n in Eq. (11).
PAIR_STATES = 2
OPT_IJK = Option("ijk", IJK, "current direction i and field directions j, k")
OPT_THEORY = Option("theory", tuple(TABLE1), "row of Table 1", default="WPD")


def toy_substitution(G_closed, energy=None):
    """Replace the generic functions of Sec. 2 by a toy-model pair's closed forms."""
    rep = {eps_k: band_toy if energy is None else energy}
    for (j, k), fn in _G_funcs.items():
        if j < 2 and k < 2:
            rep[fn] = G_closed[j, k]
    return rep


def to_toy(expr, rep):
    """Substitute the closed forms for the generic functions and carry out the derivatives."""
    return expr.subs(rep).doit()


def fermi_sea_vs_line_check(d, sea) -> CheckResult:
    mod = load_module(d)
    vals, refs = [], []
    mus = (0.15, 0.25)
    for s_ in ("xyy", "yxy"):
        vals += fermi_sea_sigma(sea[s_], band_toy, mus, 0.02)
        refs += [float(x) for x in mod.sigma_qm(s_, np.array(mus), 0.02, **FIG2)]
    return numeric_close(vals, refs, rtol=1e-8, atol=1e-12, what="Eq. (13) Fermi sea vs Eq. (14) Fermi line, kT = 0.02 eV")


def sigma_iii_numeric_check(d, sea) -> CheckResult:
    mod = load_module(d)
    scale = abs(float(mod.sigma_qm("xyy", 0.25, 0.02, **FIG2)))
    wpd = fermi_sea_sigma(sea["xxx"], band_toy, 0.25, 0.02)
    lka = float(mod.sigma_qm("xxx", 0.25, 0.02, theory="LKA", **FIG2))
    qk = float(mod.sigma_qm("xxx", 0.25, 0.02, theory="QK", **FIG2))
    ref_lka = float(numeric_sigma_qm_grid("xxx", 0.25, 0.02, *FIG2.values(), theory="LKA", half_width=1.6,
                                          spacing=0.008)[0])   # kT = 0.02: within 1e-14 of spacing 0.004
    ok = abs(wpd) < 1e-10 * scale and min(abs(lka), abs(qk)) > 1e-2 * scale and abs(lka - ref_lka) < 1e-6 * abs(ref_lka)
    return CheckResult(ok, "numeric", abs(wpd) / scale,
                       f"t/v = 0.9, eF = 0.25, kT = 0.02 eV: sigma_xxx WPD (Fermi-sea sum of d G) = {wpd:.1e}, "
                       f"LKA = {lka:.6f}, QK = {qk:.6f} (sigma_xyy = {-scale:.6f}); LKA vs eigh grid {ref_lka:.6f}")


def sigma_vs_eigh_check(d) -> CheckResult:
    mod = load_module(d)
    mus = np.array([0.09, 0.12, 0.25, 0.4])
    out = []
    rows = (("xyy", "WPD"), ("xyy", "QK"))
    refs = numeric_sigma_qm_grid([r[0] for r in rows], mus, 0.01, *FIG2.values(), theory=[r[1] for r in rows],
                                 half_width=1.6)
    for (s_, th), ref in zip(rows, refs):
        out.append(numeric_close(mod.sigma_qm(s_, mus, 0.01, theory=th, **FIG2), ref, rtol=1e-6, atol=1e-12,
                                 what=f"sigma_{s_} ({th}) vs eigh grid, kT = 0.01 eV"))
    return all_of(out)


def sigma_drude_vs_eigh_check(d) -> CheckResult:
    """The absolute anchor of Eq. (11): the lower-pair check multiplies both of its sides by
    PAIR_STATES, so only an independent route sees the count of states per pair."""
    mod = load_module(d)
    mus = np.array([0.12, 0.3])
    out = []
    for s_ in ("xxx", "xyy"):
        ref = numeric_sigma_drude_grid(s_, mus, 0.01, *FIG2.values())
        out.append(numeric_close(mod.sigma_drude_nl(s_, mus, 0.01, 1.0, **FIG2), ref, rtol=1e-6, atol=1e-12,
                                 what=f"sigma^d_{s_} (tau = 1 hbar/eV) vs eigh Hessian grid, kT = 0.01 eV"))
    return all_of(out)


def fermi_surface_forms_check() -> CheckResult:
    out = []
    for i, j, k in PLANE:
        out.append(equal_up_to_total_derivative(
            -d_(d_(d_(eps_k, i), j), k) * f0(eps_k), d_(d_(eps_k, j), k) * d_(eps_k, i) * f0_prime()))
        out.append(equal_up_to_total_derivative(
            (d_(omega_tensor(i, j), k) + d_(omega_tensor(i, k), j)) * f0(eps_k) / 2,
            -(omega_tensor(i, j) * d_(eps_k, k) + omega_tensor(i, k) * d_(eps_k, j)) * f0_prime() / 2))
        for th in TABLE1:
            out.append(equal_up_to_total_derivative(table1_row(th, i, j, k), table1_row_fermi_surface(th, i, j, k)))
    return all_components(out)


def lower_pair_check(qm, drude, rep_lower) -> CheckResult:
    """The lower pair (eps = -|d|, G = -g/|d|) has the same f0' integrands as the upper pair,
    so its Fermi-line integral at energy E equals the upper pair's at -E."""
    idx = {"x": 0, "y": 1}
    out = []
    for (s, th), expr in qm.items():
        i, j, k = (idx[c] for c in s)
        lower = to_toy(table1_row_fermi_surface(th, i, j, k) / (e**3 / hbar) / f0_prime(), rep_lower)
        out.append(symbolic_equal(lower, expr))
    for (s,), expr in drude.items():
        i, j, k = (idx[c] for c in s)
        out.append(symbolic_equal(PAIR_STATES * to_toy(d_(d_(eps_k, j), k) * d_(eps_k, i), rep_lower), expr))
    return all_components(out)


def geometry_kernels(d: Derivation, geo: dict) -> None:
    """band_energy, quantum_metric and bcp of the upper band pair."""
    g, G = geo["g"], geo["G"]
    ref = Reference(d.source, "20")
    upper = ((0, 0), (0, 1), (1, 1))
    d.kernel(Kernel("band_energy", ARGS_K + ARGS_MODEL, band_toy, "eV",
                    "Upper band energy of Eq. (20) (each band doubly degenerate; lower = -upper).", ref,
                    step="toy_bands_printed"))
    d.kernel(Kernel("quantum_metric", ARGS_K + ARGS_MODEL, (g[0, 0], g[0, 1], g[1, 1]), "nm^2",
                    "Quantum metric of the upper band pair, summed over its two states; last axis (xx, xy, yy).",
                    Reference(d.source, "5"), components=("xx", "xy", "yy"), step="pair_quantum_metric",
                    step_entries=upper))
    d.kernel(Kernel("bcp", ARGS_K + ARGS_MODEL, (G[0, 0], G[0, 1], G[1, 1]), "nm^2/eV",
                    "Berry connection polarizability G (Eq. 5 without e) of the upper pair, summed over its "
                    "two states; last axis (xx, xy, yy).", Reference(d.source, "5"), components=("xx", "xy", "yy"),
                    step="pair_bcp", step_entries=upper))


def fermi_surface_integrands(d: Derivation, geo: dict) -> tuple:
    """The $f_0'$ integrands of Table 1 and Eqs. (11), (12) for the upper pair (derived steps), the
    quantum metric dipole kernel, and their checks against the Fermi-sea forms and the eigh grid."""
    G = geo["G"]
    rep = toy_substitution(G)
    idx = {"x": 0, "y": 1}
    dipole = {}
    for s in IJK:
        i, j, k = (idx[c] for c in s)
        dipole[(s,)] = to_toy(table1_row_fermi_surface("WPD", i, j, k) / (e**3 / hbar) / f0_prime(), rep)
    # Fermi-surface integrands (f0' forms) for the observables
    qm = {}
    for s, th in product(IJK, TABLE1):
        i, j, k = (idx[c] for c in s)
        qm[(s, th)] = to_toy(table1_row_fermi_surface(th, i, j, k) / (e**3 / hbar) / f0_prime(), rep)
    d.derive("toy_sigma_qm_integrands", sp.Matrix([[qm[(s, th)] for th in TABLE1] for s in IJK]), eq="14",
             lhs=sp.Symbol(r"\hbar\Lambda^{ijk}_{\rm WPD,\,LKA,\,QK}"),
             doc="The $f_0'$ integrands of Table 1 (rows $ijk = xxx, xxy, \\ldots, yyy$; columns WPD, LKA, QK) "
                 "for the upper pair of the toy model; the WPD column is the quantum metric dipole of Eq. "
                 "(14).")
    d.kernel(Kernel("qm_dipole", ARGS_K + ARGS_MODEL, {(s,): qm[(s, "WPD")] for s in IJK}, "nm^3",
                    "Quantum metric dipole hbar Lambda^{ijk} = eps_i G^jk - (eps_j G^ik + eps_k G^ij)/2 "
                    "(eps_i = d eps/dk_i) of the upper pair, Eq. (14).", Reference(d.source, "14"),
                    options=(OPT_IJK,), step="toy_sigma_qm_integrands", step_entries=(0,)))
    drude, bcd = {}, {}
    for s in IJK:
        i, j, k = (idx[c] for c in s)
        # -int d_ijk eps f0 = int d_jk eps d_i eps f0'   (Eq. 11, tau^2 e^3/hbar^3 set aside), summed
        # over the pair's two states like G and Lambda (Eq. 11 sums over every band n)
        drude[(s,)] = PAIR_STATES * to_toy(d_(d_(eps_k, j), k) * d_(eps_k, i), rep)
        # (1/2) int (d_k Om^ij + d_j Om^ik) f0 = -(1/2) int (Om^ij eps_k + Om^ik eps_j) f0'
        om = {(0, 1): geo["omega"], (1, 0): -geo["omega"], (0, 0): 0, (1, 1): 0}
        bcd[(s,)] = sp.sympify(-(om[i, j] * to_toy(d_(eps_k, k), rep) + om[i, k] * to_toy(d_(eps_k, j), rep)) / 2)
    d.derive("toy_drude_integrands", sp.Matrix([drude[(s,)] for s in IJK]), eq="11",
             lhs=sp.Symbol(r"\partial_j\partial_k\epsilon\,\partial_i\epsilon"),
             doc="The $f_0'$ integrands of Eq. (11) (rows $ijk$), upper pair, summed over its two states (as "
                 r"$G$), $\tau^{2} e^{3}/\hbar^{3}$ set aside.")
    d.derive("toy_bcd_integrands", sp.Matrix([bcd[(s,)] for s in IJK]), eq="12",
             lhs=sp.Symbol(r"-\tfrac12(\Omega^{ij}\partial_k\epsilon + \Omega^{ik}\partial_j\epsilon)"),
             doc="The $f_0'$ integrands of Eq. (12) (rows $ijk$), upper pair; zero: the pair's Berry curvature "
                 "vanishes.")
    d.check("fermi_surface_integrands", fermi_surface_forms_check,
            compares=("Eqs. (11), (12), Table 1 rows", "their f0' forms used by the kernels"), eq="14")
    lower = toy_substitution(clifford_bcp(d_toy, (kx, ky), 4, -1), -band_toy)
    d.check("lower_pair_mirrors_upper", lambda: lower_pair_check(qm, drude, lower),
            compares=("integrands of the lower pair (eps -> -eps, G -> -G)", "upper pair at -E"), eq="20")
    sea = {}
    for s_ in ("xyy", "xxx", "yxy"):
        i, j, k = (idx[c] for c in s_)
        sea[s_] = to_toy(table1_row("WPD", i, j, k) / (e**3 / hbar) / f0(eps_k), rep)
    d.check("eq14_numeric_toy_model", lambda: fermi_sea_vs_line_check(d, sea),
            compares=("Eq. (13): Fermi-sea integral of d G on a k-grid", "Eq. (14): generated Fermi-line sigma_qm"),
            eq="14")
    d.check("sigma_iii_numeric_toy_model", lambda: sigma_iii_numeric_check(d, sea),
            compares=("sigma_xxx of WPD (Fermi sea) and of LKA, QK (generated)", "0 vs nonzero; eigh grid"),
            eq="Table 1")
    d.check("sigma_qm_vs_numeric_eigh", lambda: sigma_vs_eigh_check(d),
            compares=("generated sigma_qm", "numpy eigh on a converged k-grid"), eq="14")
    d.check("sigma_drude_nl_vs_numeric_eigh", lambda: sigma_drude_vs_eigh_check(d),
            compares=("generated sigma_drude_nl", "numpy eigh Hessian and velocity on a converged k-grid"), eq="11")
    return qm, drude, bcd


def observables(d: Derivation, qm: dict, drude: dict, bcd: dict) -> None:
    """sigma_qm (every row of Table 1), sigma_drude_nl and sigma_bcd: Fermi-line observables."""
    ref = Reference(d.source, "20")
    common = dict(energy_squared=sp.expand(band_toy**2), kx=kx, ky=ky,
                  energy=Arg(eF, "eF", "eV", "Fermi energy", magnitude=(0.0, 1e2)),
                  temperature=Arg(kT, "kT", "eV", "temperature k_B T", lower=0, magnitude=(0.0, 1e2)))
    tau_arg = Arg(tau_r, "tau", "hbar/eV", "relaxation time tau", lower=0, magnitude=(0.0, 1e9))
    pre = 1 / (4 * sp.pi**2)
    d.observable(FermiLineObservable(
        "sigma_qm", "Quantum-metric (intrinsic, tau^0) second-order conductivity sigma^qm_ijk of the toy model, "
        "both band pairs, for a row of Table 1 (WPD = Eq. 13, the correct one).", "e^3/hbar nm/eV",
        Reference(d.source, "13, 14, Table 1"),
        Kernel("sigma_qm_integrand", ARGS_K + ARGS_MODEL, qm, "nm^3", "f0' integrand of sigma^qm", ref,
               options=(OPT_IJK, OPT_THEORY), step="toy_sigma_qm_integrands"),
        prefactor=pre, lower_sign=1, **common))
    d.observable(FermiLineObservable(
        "sigma_drude_nl", "Nonlinear Drude conductivity sigma^d_ijk, Eq. (11), both band pairs.",
        "e^3/hbar nm/eV", Reference(d.source, "11"),
        Kernel("sigma_drude_integrand", ARGS_K + ARGS_MODEL, drude, "eV^2 nm^3", "f0' integrand of sigma^d", ref,
               options=(OPT_IJK,), step="toy_drude_integrands"),
        prefactor=pre * tau_r**2, lower_sign=1, extra_args=(tau_arg,), **common))
    d.observable(FermiLineObservable(
        "sigma_bcd", "Berry-curvature-dipole conductivity sigma^bc_ijk, Eq. (12), both band pairs; zero for the "
        "toy model because the Berry curvature of each degenerate pair vanishes.",
        "e^3/hbar nm/eV", Reference(d.source, "12"),
        Kernel("sigma_bcd_integrand", ARGS_K + ARGS_MODEL, bcd, "eV nm^3", "f0' integrand of sigma^bc", ref,
               options=(OPT_IJK,), step="toy_bcd_integrands"),
        prefactor=pre * tau_r, lower_sign=1, extra_args=(tau_arg,), **common))
