"""Section 2: the interband Berry connection from the printed eigenstates, the velocity
identity after Eq. (5), the quantum metric and gauge invariance; the Berry curvature of the
valence band and the spin Chern number."""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from qsym.calculus import polar_gradient
from qsym.checks import CheckResult, all_of, largest, symbolic_equal
from qsym.derivation import Derivation
from qsym.geometry import (
    berry_connection, berry_curvature, gauge_transform, quantum_metric, velocity_matrix_element,
)

from .model import Model
from .symbols import (
    RANGES, SPINS, THETA_K, A, B, E, E_explicit, E_minus, M, Theta, dTheta, explicit, k, kx, ky, reduce_spin, s,
    theta, to_band_variables,
)

COS_THETA = E_minus / E_explicit  # cos of the mixing angle Theta_k


@dataclass(frozen=True)
class Geometry:
    """The interband connection R^{+-}, R^{-+} (polar k) and Theta' = dTheta/dk."""

    dtheta: sp.Basic
    R_pm: sp.Matrix
    R_mp: sp.Matrix

    def to_band(self, expr):
        """The mixing angle written with band quantities (sin = A k/E, cos = E^-/E, Theta')."""
        return to_band_variables(expr, self.dtheta)


def _connection(bra, ket, deriv):
    """<bra| i deriv |ket> with Theta = Theta(k) while differentiating."""
    r = berry_connection(bra.subs(Theta, THETA_K), ket.subs(Theta, THETA_K), deriv)
    r = r.subs(sp.Derivative(THETA_K, k), dTheta).subs(THETA_K, Theta)
    return sp.trigsimp(reduce_spin(sp.expand(r)))


def interband_connection(d: Derivation, model: Model) -> Geometry:
    """R^{+-} = <k s +| i grad_k |k s ->, and its checks: velocity identity, quantum metric,
    invariance under k-dependent phases."""
    dtheta = sp.factor(sp.simplify(-sp.diff(COS_THETA, k) / (A * k / E_explicit)))
    dtheta = d.derive("mixing_angle_derivative", dtheta.subs(sp.expand(E_explicit**2), E**2),
                      lhs=dTheta, doc=r"$\Theta' = -(d \cos \Theta/dk)/\sin \Theta$.")
    d_kx, d_ky = polar_gradient(k, theta)
    up, dn = model.up, model.dn
    R_pm = sp.Matrix([_connection(up, dn, d_kx), _connection(up, dn, d_ky)])
    R_mp = sp.Matrix([_connection(dn, up, d_kx), _connection(dn, up, d_ky)])
    d.derive("berry_connection_interband", R_pm, lhs=sp.Symbol(r"\mathcal{R}^{+-}_{ks}"),
             doc=r"$\langle k s +| i \nabla_k |k s -\rangle$ by differentiating the printed eigenstates "
                 "(polar $k$).")
    geo = Geometry(dtheta, R_pm, R_mp)
    d.check("velocity_identity", lambda: _check_velocity_identity(model, geo),
            compares=("berry_connection_interband", "<+|dH/dk|-> from hamiltonian"), eq="5",
            doc="The identity stated after Eq. (5).")
    d.check("interband_connection_gives_quantum_metric", lambda: _check_metric(model, geo),
            compares=("berry_connection_interband", "quantum metric from d-vector (qsym.geometry)"))
    d.check("interband_connection_gauge_invariant", lambda: _check_gauge(model, geo),
            compares=("berry_connection_interband", "the same in an arbitrary k-dependent gauge"))
    return geo


def _check_velocity_identity(model: Model, geo: Geometry) -> CheckResult:
    # v^{+-} = i (eps_+ - eps_-) R^{+-} / hbar  vs  <+| dH/dk |-> / hbar computed directly
    results = []
    for spin in SPINS:
        h = model.H.subs(s, spin)
        for i, var in enumerate((kx, ky)):
            dh = sp.diff(h, var).subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})
            direct = velocity_matrix_element(model.up.subs(s, spin), dh, model.dn.subs(s, spin))
            via_r = sp.I * 2 * E * geo.R_pm[i].subs(s, spin)
            results.append(symbolic_equal(explicit(geo.to_band(direct)), explicit(geo.to_band(via_r)),
                                          ranges={**RANGES, theta: (-3, 3)}))
    return all_of(results, "v^{+-}_i = i(eps_+ - eps_-) R^{+-}_i/hbar equals <+|dH/dk_i|->/hbar, "
                           "i = x, y, s = +-1")


def _check_metric(model: Model, geo: Geometry) -> CheckResult:
    # Re R^{+-}_i R^{-+}_j from the eigenstates vs the gauge-invariant 1/4 d^_i . d^_j
    out = []
    for spin in SPINS:
        g = quantum_metric([c.subs(s, spin) for c in model.d_vec], (kx, ky))
        g = g.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)})
        for i in range(2):
            for j in range(2):
                prod = sp.re(sp.expand(geo.R_pm[i] * geo.R_mp[j]).subs(s, spin))
                out.append(symbolic_equal(explicit(geo.to_band(prod)), g[i, j],
                                          ranges={**RANGES, theta: (0, 6)}, exact=False))
    return all_of(out, "Re R^{+-}_i R^{-+}_j = g_ij = (1/4) d_i(d^).d_j(d^) for i, j in {x, y}, s = +-1")


def _check_gauge(model: Model, geo: Geometry) -> CheckResult:
    phase_p = sp.Function("phi_plus", real=True)(k, theta)
    phase_m = sp.Function("phi_minus", real=True)(k, theta)
    up_g, dn_g = gauge_transform(model.up, phase_p), gauge_transform(model.dn, phase_m)
    out = []
    for i, deriv in enumerate(polar_gradient(k, theta)):
        new = sp.expand(sp.powsimp(_connection(up_g, dn_g, deriv) * _connection(dn_g, up_g, deriv)))
        out.append(reduce_spin(sp.expand(new - geo.R_pm[i] * geo.R_mp[i])) == 0)
    return CheckResult(all(out), "symbolic", 0.0,
                       "|R^{+-}_i|^2 unchanged under |n> -> exp(i phi_n(k, theta)) |n> with "
                       "arbitrary real phases phi_+, phi_-")


def berry_curvature_and_chern(d: Derivation, model: Model) -> sp.Basic:
    """Omega^-_{ks} from the d-vector, k A_theta from the eigenstate, and C_s (Stokes)."""
    omega = {}
    for spin in SPINS:
        o = berry_curvature([c.subs(s, spin) for c in model.d_vec], kx, ky, band=-1)
        omega[spin] = sp.simplify(o.subs({kx: k * sp.cos(theta), ky: k * sp.sin(theta)}))
    omega_s = sp.simplify((omega[1] - omega[-1]) / 2) * s
    d.derive("berry_curvature_lower_band", omega_s.subs(E_explicit, E),
             lhs=sp.Symbol(r"\Omega^{-}_{ks}"),
             doc=r"$-\frac{1}{2} \hat d \cdot (\partial_x \hat d \times \partial_y \hat d)$ of the valence band, from the d-vector (gauge invariant).")
    # k A_theta of the valence band from the printed eigenstate; k Omega = d(k A_theta)/dk
    dn = model.dn
    k_a_theta = sp.simplify(reduce_spin(sp.trigsimp(sp.expand((dn.H * (sp.I * sp.diff(dn, theta)))[0, 0]))))
    d.derive("berry_connection_azimuthal", k_a_theta, lhs=sp.Symbol(r"k\mathcal{A}^{-}_{\theta}"),
             doc=r"$k$ times the azimuthal intraband connection of $|k s -\rangle$.")
    d.check("berry_curvature_is_curl_of_connection",
            lambda: symbolic_equal(reduce_spin(sp.diff(k_a_theta.subs(Theta, sp.acos(COS_THETA)), k)),
                                   k * omega_s, ranges=RANGES),
            compares=("berry_curvature_lower_band", "d(k A_theta)/dk from eigenstates"))
    chern = _chern_numbers(k_a_theta)
    d.derive("chern_number", sp.Matrix([[chern[(1, 1)], chern[(1, -1)]], [chern[(-1, 1)], chern[(-1, -1)]]]),
             lhs=sp.Symbol(r"C_s\,[\mathrm{sgn}M=\pm;\ \mathrm{sgn}B=\pm]"),
             doc=r"$(1/2\pi) \int d^{2}k \Omega = [k A_{\theta}]_{k=0}^{\infty}$ (Stokes), for each sign of "
                 "$M$ and $B$.")
    printed_chern = s * (sp.sign(M) + sp.sign(B)) / 2
    d.state("chern_number_printed", printed_chern, lhs=sp.Symbol("C_s"),
            doc="The model 'realises a 2D topological insulator for MB > 0' (text): spin Chern number "
                r"$s(\operatorname{sgn} M + \operatorname{sgn} B)/2$, nonzero exactly when MB > 0.")
    d.check("spin_chern_number", lambda: _check_chern(chern, printed_chern, omega_s),
            compares=("chern_number", "chern_number_printed"))
    return omega_s


def _chern_numbers(k_a_theta) -> dict:
    """k A_theta depends on k only through cos Theta; C_s = [k A_theta]_{k=0}^{k=inf}."""
    m_, b_ = sp.symbols("m b", positive=True)
    c_sym = sp.Symbol("c", real=True)
    ka_of_c = sp.simplify(sp.expand_trig(k_a_theta.subs(Theta, sp.acos(c_sym))))
    chern = {}
    for sM in (1, -1):
        for sB in (1, -1):
            ct = COS_THETA.subs({M: sM * m_, B: sB * b_})
            value = ka_of_c.subs(c_sym, sp.limit(ct, k, sp.oo)) - ka_of_c.subs(c_sym, sp.limit(ct, k, 0, "+"))
            chern[(sM, sB)] = sp.simplify(value)
    return chern


def _check_chern(chern, printed_chern, omega_s) -> CheckResult:
    bad = []
    for (sM, sB), v in chern.items():
        want = printed_chern.subs({M: sM, B: sB})
        if sp.simplify(v - want) != 0:
            bad.append(((sM, sB), v, want))
    # independent numeric route: mpmath quadrature of 2 pi int k Omega dk
    f = sp.lambdify((k, M, A, B), (k * omega_s).subs(s, 1), "mpmath")
    errors = []
    with mpmath.workdps(30):
        for (mv, av, bv) in ((0.01, 0.3, 0.5), (-0.02, 0.2, 0.8), (0.03, 0.4, -0.3), (-0.01, 0.5, -1.0)):
            num = mpmath.quad(lambda q: f(q, mv, av, bv), [0, abs(mv) / av, 1, mpmath.inf])
            want = (np.sign(mv) + np.sign(bv)) / 2
            errors.append(float(abs(num - want)))
    worst = largest(errors)
    ok = not bad and worst < 1e-15
    return CheckResult(ok, "symbolic+numeric", worst,
                       "C_s = s(sgn M + sgn B)/2 in all four sign cases; mpmath quadrature of "
                       f"int k Omega dk agrees to {worst:.1e}" + (f"; mismatches {bad}" if bad else ""))
