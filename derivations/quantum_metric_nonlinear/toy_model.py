"""3. The PT-symmetric toy model, Eq. (20): bands, symmetries, and the geometry of its doubly
degenerate band pairs (projector traces and Clifford closed forms)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, all_of, numeric_close, symbolic_equal
from qsym.derivation import Derivation
from qsym.geometry import (
    clifford_bcp, clifford_matrices, clifford_quantum_metric, projector_bcp, projector_berry_curvature,
    projector_quantum_metric,
)

from .references import eigh_geometry
from .semiclassics import all_components
from .symbols import b, kx, ky, m, t, v

TAU = clifford_matrices(2)  # Pauli matrices, used for both tau and sigma


def kron(a, c):
    """The Kronecker product as a mutable SymPy matrix."""
    return sp.Matrix(sp.kronecker_product(a, c))


I2 = sp.eye(2)
GAMMAS4 = clifford_matrices(4)
GAMMA_TOY = (GAMMAS4[0], GAMMAS4[1], GAMMAS4[4])  # tau_x sigma_x, tau_x sigma_y, tau_z
d_toy = sp.Matrix([v * kx, v * ky, m - b * (kx**2 + ky**2) + t * kx])
band_toy = sp.sqrt(d_toy.dot(d_toy))


def toy_hamiltonian(qx=kx, qy=ky, tt=t) -> sp.Matrix:
    """Eq. (20): H0 = v tau_x (kx sigma_x + ky sigma_y) + (m - b k^2) tau_z + t kx tau_z."""
    sx, sy, sz = TAU
    return (v * kron(sx, qx * sx + qy * sy) + (m - b * (qx**2 + qy**2)) * kron(sz, I2)
            + tt * qx * kron(sz, I2))


def _symmetry_results(name, transformed, tt_values=(0, t)):
    """transformed(tt) - H(k) at t = 0 (must vanish) and t != 0 (must not)."""
    zero = lambda x: sp.simplify(sp.expand_complex(x))  # noqa: E731
    at0 = (transformed(0) - toy_hamiltonian(tt=0)).applyfunc(zero)
    at_t = (transformed(t) - toy_hamiltonian()).applyfunc(zero)
    ok = at0 == sp.zeros(4) and at_t != sp.zeros(4) and sp.simplify(at_t.subs(t, 0)) == sp.zeros(4)
    return CheckResult(ok, "symbolic", 0.0 if ok else None,
                       f"{name}: symmetric at t = 0; broken for t != 0 by {sp.sstr(sp.factor(at_t[0, 0]))} "
                       "(upper-left entry)")


def toy_bands_and_symmetries(d: Derivation) -> None:
    """Eq. (20): Clifford form, doubly degenerate bands, and which symmetries t breaks."""
    H = d.define("toy_hamiltonian", toy_hamiltonian(), lhs=sp.Symbol(r"H_0(\mathbf k)"), eq="20",
                 doc="The PT-symmetric four-band toy model of Eq. (20) (tilt $t$, Dirac velocity $v$, mass "
                     "$m - b k^{2}$).")
    d.check("toy_model_is_clifford", lambda: all_components(
        [symbolic_equal(H, sum((da * g for da, g in zip(d_toy, GAMMA_TOY)), sp.zeros(4)))] +
        [symbolic_equal(GAMMA_TOY[p] * GAMMA_TOY[q] + GAMMA_TOY[q] * GAMMA_TOY[p], 2 * sp.eye(4) * int(p == q))
         for p in range(3) for q in range(3)]),
        compares=("Eq. (20)", "d . Gamma with anticommuting Gamma = (tau_x sigma_x, tau_x sigma_y, tau_z)"), eq="20")
    lam_ = sp.Symbol("x")
    charpoly = sp.factor(H.charpoly(lam_).as_expr())
    charpoly = d.derive("toy_characteristic_polynomial", charpoly, lhs=sp.Symbol(r"\det(x - H_0)"), eq="20",
                        doc="The characteristic polynomial of $H_0$: a square, so every band is doubly "
                            "degenerate.")
    printed = d.state("toy_bands_printed", sp.sqrt(v**2 * (kx**2 + ky**2) + (m - b * (kx**2 + ky**2) + t * kx)**2),
                      lhs=sp.Symbol(r"\epsilon_{\mathbf k}"), eq="20")
    d.check("toy_bands_doubly_degenerate",
            lambda: symbolic_equal(charpoly, sp.expand((lam_**2 - printed**2)**2)),
            compares=("toy_characteristic_polynomial", "(x^2 - eps^2)^2 with eps printed"), eq="20")

    sx, sy, sz = TAU
    P = kron(sz, I2)
    Tm = kron(I2, sp.I * sy)  # T = i sigma_y K
    def parity(tt):
        return P * toy_hamiltonian(-kx, -ky, tt) * P
    def time_rev(tt):
        return Tm * toy_hamiltonian(-kx, -ky, tt).conjugate() * Tm.H
    def pt(tt):
        return (P * Tm) * toy_hamiltonian(kx, ky, tt).conjugate() * (P * Tm).H

    def c_n(n):
        phi = 2 * sp.pi / n
        half = sp.cos(phi / 2) - sp.I * sp.sin(phi / 2)  # exp(-i phi/2), as radicals
        U = kron(I2, sp.diag(half, sp.conjugate(half)))
        c, s_ = sp.cos(phi), sp.sin(phi)
        # U H(R^-1 k) U^+ must equal H(k)
        return lambda tt: U * toy_hamiltonian(c * kx + s_ * ky, -s_ * kx + c * ky, tt) * U.H

    def symmetries():
        out = [_symmetry_results("P = tau_z", parity), _symmetry_results("T = i sigma_y K", time_rev)]
        out += [_symmetry_results(f"C_{n}z", c_n(n)) for n in (2, 3, 4, 6)]
        pt_ok = symbolic_equal(pt(t), toy_hamiltonian())
        out.append(CheckResult(pt_ok.passed, "symbolic", 0.0, "PT = tau_z i sigma_y K is a symmetry for all t"))
        kramers = (P * Tm) * (P * Tm).conjugate()
        out.append(CheckResult(kramers == -sp.eye(4), "symbolic", 0.0, "(PT)^2 = -1: Kramers pairs"))
        return all_components(out)

    d.check("toy_symmetries", symmetries,
            compares=("explicit P, T, PT, C_n^z operators on Eq. (20)", "Sec. 6: PT kept; P, T, C_n^z broken by t"),
            eq="Sec. 6")

    # geometry of the degenerate pairs, in projector form with a unit vector n(k) and dn


def pair_geometry(d: Derivation) -> dict:
    """Quantum metric, BCP and Berry curvature of the upper band pair, by projectors and in closed form."""
    nvec = sp.Matrix(sp.symbols("n_1:4", real=True))
    dn = [sp.Matrix([sp.Symbol(f"n_{a}{q}", real=True) for a in (1, 2, 3)]) for q in ("x", "y")]
    ng = sum((nvec[a] * GAMMA_TOY[a] for a in range(3)), sp.zeros(4))
    dng = [sum((dq[a] * GAMMA_TOY[a] for a in range(3)), sp.zeros(4)) for dq in dn]
    P_up, P_dn = (sp.eye(4) + ng) / 2, (sp.eye(4) - ng) / 2
    dP_up, dP_dn = [x / 2 for x in dng], [-x / 2 for x in dng]
    eps_up = sp.Symbol("epsilon_+", positive=True)
    unit = {nvec[a]: d_toy[a] / band_toy for a in range(3)}
    for q, dq in enumerate(dn):
        unit.update({dq[a]: sp.diff(d_toy[a] / band_toy, (kx, ky)[q]) for a in range(3)})

    g_proj = projector_quantum_metric(P_up, dP_up)
    G_proj = projector_bcp(P_up, dP_up, eps_up, [(P_dn, dP_dn, -eps_up)])
    omega = projector_berry_curvature(P_up, *dP_up)
    d.derive("pair_quantum_metric_projector", g_proj, lhs=sp.Symbol(r"g_{+}"), eq="5",
             doc=r"$\operatorname{Re} \operatorname{Tr}[P \partial_i P \partial_j P]$ over the upper pair, $P = (1 + n\cdot "
                 r"\Gamma)/2$, $n = d/|d|$.")
    d.derive("pair_bcp_projector", G_proj, lhs=sp.Symbol(r"\mathcal{G}_{+}"), eq="5",
             doc="BCP of the upper degenerate pair from its projector (gauge invariant within the pair).")
    omega = d.derive("pair_berry_curvature", omega, lhs=sp.Symbol(r"\Omega_{+}"), eq="Sec. 6",
                     doc=r"$i \operatorname{Tr}(P[\partial_x P, \partial_y P])$ over the pair; zero because "
                         r"$\operatorname{Tr}(\Gamma_a \Gamma_b \Gamma_c) = 0$.")
    g_closed = clifford_quantum_metric(d_toy, (kx, ky), 4)
    G_closed = clifford_bcp(d_toy, (kx, ky), 4, +1)
    d.derive("pair_quantum_metric", g_closed, lhs=sp.Symbol(r"g_{+}"), eq="Sec. 6",
             doc=r"$(1/2)\, \partial_i \hat d \cdot \partial_j \hat d$: the two-band $1/4$ times two states.")
    d.derive("pair_bcp", G_closed, lhs=sp.Symbol(r"\mathcal{G}_{+}"), eq="Sec. 6", doc="$g/|d|$.")
    ranges = {v: (0.3, 2), m: (-0.5, 0.5), b: (0.2, 2), t: (-1, 1), kx: (-1, 1), ky: (-1, 1)}
    d.check("pair_geometry_closed_forms", lambda: all_components([
        symbolic_equal(g_proj.subs(unit), g_closed, exact=False, ranges=ranges),
        symbolic_equal(G_proj.subs(eps_up, band_toy).subs(unit), G_closed, exact=False, ranges=ranges)]),
        compares=("projector traces over the pair", "Clifford closed forms (dim/8) dn.dn, g/|d|"), eq="5")
    d.check("pair_geometry_vs_numeric_eigh", lambda: numeric_geometry_check(g_closed, G_closed, omega),
            compares=("closed forms and Omega = 0", "numpy eigh + perturbation sums at random k"), eq="5")
    return {"g": g_closed, "G": G_closed, "omega": omega}


def numeric_geometry_check(g_closed, G_closed, omega) -> CheckResult:
    """The closed forms and Omega = 0 against numpy eigh and perturbation sums at random k."""
    rng = np.random.default_rng(7)
    pts = rng.uniform(-1, 1, size=(40, 2))
    pars = dict(v_=1.0, m_=0.1, b_=1.0, t_=0.9)
    ref = eigh_geometry(pts[:, 0], pts[:, 1], **pars)
    subs = {v: 1, m: sp.Rational(1, 10), b: 1, t: sp.Rational(9, 10)}
    fg = sp.lambdify((kx, ky), [x.subs(subs) for x in (g_closed[0, 0], g_closed[0, 1], g_closed[1, 1])], "mpmath")
    fG = sp.lambdify((kx, ky), [x.subs(subs) for x in (G_closed[0, 0], G_closed[0, 1], G_closed[1, 1])], "mpmath")
    vals_g = np.array([[float(x) for x in fg(*p)] for p in pts])
    vals_G = np.array([[float(x) for x in fG(*p)] for p in pts])
    om = float(sp.sympify(omega).subs(subs)) if sp.sympify(omega).free_symbols == set() else None
    r1 = numeric_close(vals_g, ref["metric"], rtol=1e-10, atol=1e-14, what="quantum metric vs eigh")
    r2 = numeric_close(vals_G, ref["bcp"], rtol=1e-10, atol=1e-14, what="BCP vs eigh")
    r3 = CheckResult(om == 0.0 and float(np.max(np.abs(ref["curvature"]))) < 1e-9, "numeric",
                     float(np.max(np.abs(ref["curvature"]))), "pair Berry curvature: derived 0, eigh max |Omega| "
                     f"{float(np.max(np.abs(ref['curvature']))):.1e} nm^2")
    return all_of((r1, r2, r3))
