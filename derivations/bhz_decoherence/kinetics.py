r"""Section 3: the decoherence rates and times (Eqs. 3-4) derived from a kinetic equation.

The paper takes Eqs. (3)-(4), Gamma_k, Gamma^a_k and hbar/tau^0_k from an unpublished
reference. Here they follow from the quantum Liouville equation for the band-basis density
matrix of one spin sector, linearized in E, with the Born-approximation collision integral of
short-range scalar impurities (Culcer, Sekine, MacDonald, PRB 96, 035106 (2017), the paper's
Ref. [18]):

1. the general collision integral, stated once; the driving term from the commutator with
   the position operator (its interband part is the Berry connection);
2. the collision integral of an interband coherence, evaluated with the printed BHZ
   eigenstates: on-shell form factors <k' s eta'|k s eta>, their products, the average over
   the direction of k';
3. the ansatz of Eqs. (1)-(2) turns the steady state into a 2 x 2 linear system for
   (tau_||, tau_perp), solved by ``sympy.solve``.

Assumptions (stated in the steps that take them):

* Born approximation (second order in U), Markovian, with the principal-value (energy-shift)
  parts of the time integral dropped: only the on-shell delta functions are kept;
* the collision integral of the interband element is taken of the interband part of
  delta rho alone (the diagonal, Fermi-surface part of delta rho feeds other channels: the
  Drude term and side-jump-like corrections, outside Eqs. (3)-(4));
* the scattering is elastic and spin conserving (U is scalar and the BHZ spin sectors
  decouple), and the decoherence times depend on |k| only (the model is isotropic).
"""

from __future__ import annotations

import sympy as sp

from qsym.calculus import angular_average
from qsym.derivation import Derivation

from .geometry import Geometry
from .model import Model
from .symbols import NU as nu
from .symbols import SPINS, E, E_minus, Gamma, Gamma_a, Theta, U, n_i, s, theta

CULCER = "Culcer, Sekine, MacDonald, PRB 96, 035106 (2017) (the paper's Ref. [18])"

#: Band indices 0, 1 stand for eta = +, -.
ETA = {0: 1, 1: -1}
O, Ob = sp.IndexedBase("O"), sp.IndexedBase(r"\bar{O}")       # <u_k m|u_k' m'>, <u_k' m'|u_k n>
rho, rho_p = sp.IndexedBase(r"\rho"), sp.IndexedBase(r"\rho'")  # delta rho at k and at k'
eps_k, eps_kp = sp.IndexedBase(r"\epsilon"), sp.IndexedBase(r"\epsilon'")
m_, mpp, m1, n_ = sp.symbols("m m'' m' n", integer=True)
PREFACTOR = sp.pi * n_i * U**2  # (pi/hbar) n_i U^2, times hbar
D_on = sp.Symbol(r"\delta_{E'E}", positive=True)  # delta(E_k' - E_k): the on-shell delta function
X, Xp = sp.symbols(r"X_k X_{k'}")                 # the interband element at k and at k'
Delta = sp.Symbol(r"\Delta", real=True)           # eps_etabar - eps_eta
t_par, t_perp = sp.symbols(r"t_\parallel t_\perp")  # tau/hbar, the unknowns
eta = sp.Symbol("eta", real=True)
#: (etabar, eta) of the interband elements +- and -+
ELEMENTS = {(0, 1): (1, -1), (1, 0): (-1, 1)}


def born_collision_integral():
    """hbar J_k^{m m''} of the Born approximation (Culcer et al.), summed over k' (implicit)."""
    bands = (m1, 0, 1)
    terms = (O[m_, m1] * Ob[m1, n_] * sp.DiracDelta(eps_kp[m1] - eps_k[n_]) * rho[n_, mpp]
             + rho[m_, n_] * O[n_, m1] * Ob[m1, mpp] * sp.DiracDelta(eps_k[n_] - eps_kp[m1])
             - O[m_, m1] * rho_p[m1, n_] * Ob[n_, mpp]
             * (sp.DiracDelta(eps_kp[n_] - eps_k[mpp]) + sp.DiracDelta(eps_k[m_] - eps_kp[m1])))
    return PREFACTOR * sp.Sum(terms, bands, (n_, 0, 1))


#: hbar J and hbar D_E of the (m, m'') element, as symbols in the Liouville equation
J_el = sp.IndexedBase(r"\hbar J")
D_el = sp.IndexedBase(r"\hbar D_E")


def liouville_equation(d: Derivation) -> dict:
    """The quantum Liouville equation in the band basis (stated) and, from it, the steady state
    of an interband element: i Delta delta rho^{m m''} + hbar J^{m m''} = hbar D_E^{m m''}."""
    R = sp.Matrix(2, 2, lambda i, j: rho[i, j])
    H0 = sp.Matrix([[eps_k[0], 0], [0, eps_k[1]]])
    rate = -sp.I * (H0 * R - R * H0) - sp.Matrix(2, 2, lambda i, j: J_el[i, j]) \
        + sp.Matrix(2, 2, lambda i, j: D_el[i, j])
    d.citing(CULCER).state(
        "quantum_liouville_equation", rate, lhs=sp.Symbol(r"\hbar\,\partial_t \delta\rho_{\mathbf k}"),
        doc=r"$d \rho/dt + (i/\hbar)[H_0, \rho] + J(\rho) = D_E$, linearized in $E$: $\delta \rho$ is first "
            r"order, $H_0 = \operatorname{diag}(\varepsilon_+, \varepsilon_-)$ in the band basis of one spin "
            "sector.")
    steady = {}
    for (a, b) in ((0, 1), (1, 0)):  # eps_a - eps_b = Delta
        steady[(a, b)] = sp.expand(-rate[a, b].subs(eps_k[a], Delta + eps_k[b]))
    d.derive("interband_kinetic_equation", sp.Matrix([steady[(0, 1)], steady[(1, 0)]]),
             lhs=sp.Symbol(r"0 \;(\text{steady state},\ \bar\eta\eta = +-, -+)"),
             doc=r"The off-diagonal elements of the stated equation with $d/dt = 0$ and $\Delta = "
                 r"\varepsilon_{\bar\eta} - \varepsilon_{\eta}$.")
    return steady


def kinetic_equation(d: Derivation) -> dict:
    """The Liouville equation, the collision integral (stated), the driving term and the
    interband kinetic equation."""
    steady = liouville_equation(d)
    J = d.citing(CULCER).state(
        "born_collision_integral", born_collision_integral(),
        lhs=sp.Symbol(r"\hbar J^{m m''}_{\mathbf k} \,/\, \textstyle\sum_{\mathbf k'}"),
        doc=r"Born approximation, Markovian, principal-value parts dropped: $J = (1/\hbar^{2}) "
            r"\int_0^{\infty} dt \langle[U, [U(t), \rho]]\rangle$, with $\langle U_{kk'} U_{k'k}\rangle = n_i U^{2} "
            "O_{kk'} O_{k'k}$ for scalar impurities ($O$ the band-basis form factors of spin sector $s$), "
            "summed over $k'$.")
    drive = driving_term(d)
    interband = {}
    for (a, b) in ((0, 1), (1, 0)):
        interband[(a, b)] = _interband_collisions(J, a, b)
    d.derive("collision_integral_interband",
             sp.Matrix([interband[(0, 1)], interband[(1, 0)]]),
             lhs=sp.Symbol(r"\hbar J^{\bar\eta\eta}_{\mathbf k}[\delta\rho]\;(\bar\eta\eta = +-, -+)"),
             doc=r"The stated sum at $(m, m'') = (+, -)$ and $(-, +)$, of a $\delta \rho$ with interband "
                 r"elements only (assumption: the diagonal part of $\delta \rho$ feeds other channels), with "
                 r"the BHZ bands $\varepsilon = \pm E_k$, $\varepsilon' = \pm E_{k'}$: only $\delta(E_{k'} - "
                 "E_k)$ survives ($E_k, E_{k'} > 0$).")
    return {"steady": steady, "interband": interband, "drive": drive}


def _interband_collisions(J, a: int, b: int):
    """The stated J at (m, m'') = (a, b) for a delta rho with off-diagonal entries only."""
    Ep = sp.Symbol("E'", positive=True)
    expr = J.subs({m_: a, mpp: b}).doit()
    energies = {eps_k[0]: E, eps_k[1]: -E, eps_kp[0]: Ep, eps_kp[1]: -Ep}
    entries = {rho[a, b]: X, rho[b, a]: sp.conjugate(X), rho[0, 0]: 0, rho[1, 1]: 0,
               rho_p[a, b]: Xp, rho_p[b, a]: sp.conjugate(Xp), rho_p[0, 0]: 0, rho_p[1, 1]: 0}
    expr = expr.subs(entries).subs(energies)

    def on_shell(arg):
        arg = sp.expand(arg)
        if arg in (Ep - E, E - Ep):
            return D_on
        if arg in (Ep + E, -Ep - E):
            return sp.Integer(0)  # E, E' > 0: no state of the other band on shell
        raise ArithmeticError(f"unexpected energy conservation {arg}")

    expr = expr.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: on_shell(e.args[0]))
    return sp.expand(expr)


def driving_term(d: Derivation):
    """(i e/hbar) E . [r, rho_0] in the band basis: the interband position is the Berry connection."""
    e, Ex = sp.symbols("e E_x", real=True)
    f_p, f_m = sp.symbols(r"f_{k+} f_{k-}", real=True)
    Rm = sp.Matrix(2, 2, lambda i, j: sp.Symbol(rf"\mathcal{{R}}^{{{'+-'[i]}{'+-'[j]}}}_x"))
    rho0 = sp.Matrix([[f_p, 0], [0, f_m]])
    drive = d.derive("driving_term", sp.I * e * Ex * (Rm * rho0 - rho0 * Rm),
                     lhs=sp.Symbol(r"\hbar D_E"),
                     doc=r"$H_E = -e E \cdot r$, $E$ along $x$; $d \rho/dt = -(i/\hbar)[H_E, \rho_0]$ with "
                         r"$\rho_0 = \operatorname{diag}(f_k+, f_k-)$ and the interband matrix elements of "
                         "$r$ equal to the Berry connection $R$.")
    return {"D": drive, "e E_x": e * Ex, "f": (f_p, f_m), "R_x": Rm}


def form_factors(d: Derivation, model: Model) -> dict:
    """<k s m|k' s m'> on shell (|k'| = |k|, same Theta), k' at angle theta - phi."""
    phi = sp.Symbol("phi", real=True)
    states = (model.up, model.dn)
    O_kkp = sp.Matrix(2, 2, lambda a, b: (states[a].H * states[b].subs(theta, theta - phi))[0, 0])
    O_kpk = sp.Matrix(2, 2, lambda a, b: (states[a].subs(theta, theta - phi).H * states[b])[0, 0])
    simplify = lambda z: sp.simplify(sp.expand(z)).subs(s**2, 1)
    O_kkp, O_kpk = O_kkp.applyfunc(simplify), O_kpk.applyfunc(simplify)
    d.derive("scattering_form_factors", O_kkp, lhs=sp.Symbol(r"\langle \mathbf k s\eta|\mathbf k' s\eta'\rangle"),
             doc=r"From the printed eigenstates, on shell: $|k'| = |k|$, so $\Theta' = \Theta$; $\phi = "
                 r"\theta - \theta'$.")
    return {"phi": phi, "O": O_kkp, "Ob": O_kpk}


def _polar(R):
    """(a, b) with R = a k^ + b theta^ for an in-plane vector written in Cartesian components."""
    Rx, Ry = sp.expand(R[0]), sp.expand(R[1])
    a, b = Rx.coeff(sp.cos(theta)), -Rx.coeff(sp.sin(theta))
    if sp.expand(Rx - (a * sp.cos(theta) - b * sp.sin(theta))) != 0 or \
            sp.expand(Ry - (a * sp.sin(theta) + b * sp.cos(theta))) != 0:
        raise ArithmeticError(f"not of the form a k^ + b theta^: {R}")
    return a, b


def _rotated(a, b, angle):
    """Cartesian components of a k^ + b theta^ at polar angle ``angle``."""
    return (a * sp.cos(angle) - b * sp.sin(angle), a * sp.sin(angle) + b * sp.cos(angle))


def _system(ke: dict, ff: dict, element: tuple, spin: int) -> sp.Matrix:
    """The steady state of the interband element as M (t_par, t_perp)^T = (1, 0)^T.

    delta rho = -e E_x (f_etabar - f_eta) [t_par R.E^ + t_perp R.(E^ x z)] (Eqs. 1-2, E along x,
    so R.(E^ x z) = -R_y); R = a k^ + b theta^ with a, b kept as symbols (they drop out).
    The mixing angle enters through c = cos(Theta_k) and s_ = sin(Theta_k), s_^2 = 1 - c^2, so
    every entry comes out a polynomial in c without a general simplification."""
    phi = ff["phi"]
    a_R, b_R, c, s_ = sp.symbols("a_R b_R c s_Theta")
    half = {sp.cos(Theta / 2) ** 2: (1 + c) / 2, sp.sin(Theta / 2) ** 2: (1 - c) / 2, sp.sin(Theta): s_}
    local = {K_: sp.expand(v.subs(s, spin).subs(half)) for K_, v in (
        [(O[i, j], ff["O"][i, j]) for i in range(2) for j in range(2)]
        + [(Ob[i, j], ff["Ob"][i, j]) for i in range(2) for j in range(2)])}
    if any(v.has(Theta) for v in local.values()):
        raise ArithmeticError(f"form factors not in cos(Theta), sin(Theta): {local}")
    ansatz = lambda angle: t_par * _rotated(a_R, b_R, angle)[0] - t_perp * _rotated(a_R, b_R, angle)[1]
    J = ke["interband"][element].subs(local).subs({X: ansatz(theta), Xp: ansatz(theta - phi), D_on: 1})
    J = nu * angular_average(sp.expand(J), phi)  # sum_k' delta(E_k' - E_k) F(theta') = nu_k <F>_phi
    a, b = element
    dr = ke["drive"]
    # hbar D_E in units of -e E_x (f_etabar - f_eta), with R^{ab}_x = a_R cos(theta) - b_R sin(theta)
    drive = sp.cancel(dr["D"][a, b] / (-dr["e E_x"] * (dr["f"][a] - dr["f"][b])))
    drive = drive.subs(dr["R_x"][a, b], _rotated(a_R, b_R, theta)[0])
    equation = sp.expand(ke["steady"][element].subs({rho[a, b]: ansatz(theta), J_el[a, b]: J, D_el[a, b]: drive}))
    equation = sp.expand(equation.subs(s_**2, 1 - c**2))
    # project on R.E^ and R.(E^ x z): two independent functions of theta
    alpha, beta = sp.symbols("alpha beta")
    z, w, wb = sp.symbols("z w wbar")  # z = exp(i theta), w = a_R + i b_R, wbar = a_R - i b_R
    rest = sp.expand((equation - alpha * _rotated(a_R, b_R, theta)[0] + beta * _rotated(a_R, b_R, theta)[1])
                     .subs({a_R: (w + wb) / 2, b_R: (w - wb) / (2 * sp.I)})
                     .rewrite(sp.exp).subs(sp.exp(sp.I * theta), z))
    Cab, rhs_ab = sp.linear_eq_to_matrix([rest.coeff(z, 1), rest.coeff(z, -1)], [alpha, beta])
    ab = Cab.LUsolve(rhs_ab).applyfunc(lambda v: sp.expand(sp.cancel(v)))
    if sp.expand(rest.subs({alpha: ab[0], beta: ab[1]})) != 0:
        raise ArithmeticError("the collision term is not a combination of R.E and R.(E x z)")
    C, rhs = sp.linear_eq_to_matrix(list(ab), [t_par, t_perp])
    if rhs[1] != 0 or rhs[0] == 0:
        raise ArithmeticError(f"unexpected right-hand side {rhs}")
    if (C / rhs[0]).has(s_, w, wb):
        raise ArithmeticError(f"the system depends on sin(Theta) or on R itself: {C / rhs[0]}")
    return (C / rhs[0]).applyfunc(lambda v: sp.collect(sp.expand(sp.cancel(v)), Delta).subs(c, sp.cos(Theta)))


def steady_state_systems(d: Derivation, ke: dict, ff: dict, geo: Geometry) -> dict:
    """The 2 x 2 linear systems for (tau_||, tau_perp)/hbar, both interband elements, both spins."""
    for R in (geo.R_pm, geo.R_mp):  # the ansatz below writes R^{etabar eta} = a k^ + b theta^
        _polar(R)
    systems = {(el, spin): _system(ke, ff, el, spin) for el in ELEMENTS for spin in SPINS}
    d.derive("interband_steady_state", systems[((0, 1), 1)],
             lhs=sp.Symbol(r"\mathsf{M}^{+-}_{\uparrow}:\ \mathsf{M}\,(\tau_\parallel, \tau_\perp)^T/\hbar = (1, 0)^T"),
             doc=r"$i \Delta \delta \rho + \hbar J[\delta \rho] = \hbar D_E$ with the ansatz of Eqs. (1)-(2), "
                 r"the sum over $k'$ as $\nu_k$ times the average over $\theta'$ (on shell), projected on "
                 r"$R\cdot E$ and $R\cdot(E \times \hat z)$; shown for the $+-$ element of spin up, $\Delta = "
                 r"\varepsilon_{\bar\eta} - \varepsilon_{\eta}$.")
    return systems


def rates_from_collisions(d: Derivation, systems: dict, geo: Geometry) -> tuple:
    """Gamma_k (the damping of delta rho^{etabar eta}) and Gamma^a_k (the rotation of R.E into
    R.(E x z)) read off the systems; the same for both elements and spins once s eta is out."""
    structure, gammas, anomalous = [], set(), set()
    for (el, spin), Mx in systems.items():
        eta_ = ELEMENTS[el][1]
        structure.append(sp.simplify(Mx[1, 1] - Mx[0, 0]) == 0 and sp.simplify(Mx[1, 0] + Mx[0, 1]) == 0)
        gammas.add(sp.simplify(sp.I * (Mx[0, 0] - Delta)))
        anomalous.add(sp.simplify(Mx[0, 1] / (spin * eta_)))
    if not all(structure) or len(gammas) != 1 or len(anomalous) != 1:
        raise ArithmeticError(f"systems not of the form of Eqs. (3)-(4): {systems}")
    band = lambda v: geo.to_band(v.subs(sp.cos(Theta), E_minus / E))
    gamma = d.derive("gamma_from_collision_integral", band(gammas.pop()), lhs=Gamma,
                     doc=r"$i (M_{11} - \Delta)$: the same for both interband elements and both spins.")
    gamma_a = d.derive("gamma_anomalous_from_collision_integral", band(anomalous.pop()), lhs=Gamma_a,
                       doc=r"$M_{12} / (s \eta)$: the rotation of $R\cdot E$ into $R\cdot(E \times \hat z)$ changes "
                           r"sign with $s \eta$.")
    return gamma, gamma_a


def _over_resonance(tau):
    """``tau`` over the determinant (Delta - i Gamma)^2 + (Gamma^a)^2, using (s eta)^2 = 1."""
    num, den = sp.fraction(sp.cancel(sp.together(tau)))
    det = (Delta - sp.I * Gamma) ** 2 + Gamma_a**2
    ratio = sp.cancel(sp.expand(den).subs({s**2: 1, eta**2: 1}) / sp.expand(det))
    if ratio.free_symbols:
        raise ArithmeticError(f"the denominator of {tau} is not the determinant {det}")
    return sp.Mul(sp.expand(num / ratio), sp.Pow(det, -1), evaluate=False)


def decoherence_times(d: Derivation, gamma, gamma_a) -> tuple:
    """Eqs. (3)-(4) solved from the structure of the systems (``sympy.solve``)."""
    Mg = sp.Matrix([[Delta - sp.I * Gamma, s * eta * Gamma_a], [-s * eta * Gamma_a, Delta - sp.I * Gamma]])
    sol = sp.solve(list(Mg * sp.Matrix([t_par, t_perp]) - sp.Matrix([1, 0])), [t_par, t_perp], dict=True)[0]
    tpar = d.derive("tau_parallel_from_kinetic_equation", _over_resonance(sol[t_par]), eq="3",
                    lhs=sp.Symbol(r"\tau^{\bar\eta\eta}_{ks,\parallel}/\hbar"),
                    doc=r"Solution of $M (\tau_\parallel, \tau_\perp)/\hbar = (1, 0)$ with $M = [[\Delta - i \Gamma, "
                        r"s \eta \Gamma^a], [-s \eta \Gamma^a, \Delta - i \Gamma]]$, the form every "
                        "system above has.")
    tperp = d.derive("tau_perp_from_kinetic_equation", _over_resonance(sol[t_perp]), eq="4",
                     lhs=sp.Symbol(r"\tau^{\bar\eta\eta}_{ks,\perp}/\hbar"),
                     doc=r"The anomalous time from the same $2 \times 2$ system (the $R\cdot(E \times \hat z)$ component).")
    return tpar, tperp
