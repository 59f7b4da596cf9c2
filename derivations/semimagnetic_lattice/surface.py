"""The surface Dirac cones of the film, derived from the lattice model, against the clean slab
(paper 004, the model section and Eq. 2).

At k_par = 0 the film is a chain of layers along z: h_0 on each layer, T_z between them. A state
of the top surface at E = 0 is psi_n = (beta_1^n - beta_2^n) chi (n = 1, 2, ... from the top;
psi_0 = 0 is the missing layer above the film), with beta_1,2 the two roots inside the unit circle
of det(beta^2 T_z + beta h_0 + T_z^+) = 0 and chi in the null space common to both. Projecting
the model onto this doublet gives the surface theory:

* the velocity: dH/dk_x at k = 0 acts layer by layer, so the profile drops out and hbar v is the
  doublet matrix element of dH/dk_x, which the derivation finds to be A_par exactly (the
  continuum result of Shan, Lu & Shen, stated for comparison);
* the top surface's half gap: the Zeeman term V_0 tau_0 sigma_z on the top L_z^Mag layers is
  diagonal (+-1) on the doublet, so to first order m_top = V_0 w, with w the weight of the profile
  on those layers (geometric sums, closed form): slightly less than V_0 (the paper's value).

Both are compared with the clean slab's bands, and the Hall conductance with the continuum
``semimagnetic_sigma_xy`` at the derived velocity and gap.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation

from .model import fourier_coefficient
from .parameters import LATTICE, continuum_parameters
from .symbols import A_par, A_z, B_par, B_z, V_z, a, c, kx, ky, kz, m0

#: Fermi energies of the Hall comparison [eV]: inside the top gap, on the bottom cone.
FERMI_ENERGIES = (0.01,)
beta = sp.Symbol("beta")
B1, B2 = sp.symbols("beta_1 beta_2")
n_layers = sp.Symbol("N", positive=True, integer=True)


def _general_branch(e):
    """The generic branch of a Piecewise geometric sum (x != 1, or |x| < 1)."""
    return e.args[0][0] if isinstance(e, sp.Piecewise) and e.args[0][1] != sp.true and "Abs" in str(e.args[0][1]) \
        else (e.args[-1][0] if isinstance(e, sp.Piecewise) else e)


def slab_surface_cones(f) -> dict:
    """From the clean slab's bands at small in-plane k: the bottom (gapless) cone's velocity along
    x and y [eV nm] (from E at k = 0.01 nm^-1), its hybridization gap, and the top cone's half gap
    m_t [eV] at k = 0. Surfaces are told apart by the weight of the states on the top layers."""
    k = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.01]])
    e, v = np.linalg.eigh(f.hamiltonian(k))
    weight = (np.abs(v) ** 2).reshape(3, f.layers, f.orbitals, -1).sum(axis=2)
    top = weight[:, :LATTICE["L_z_mag"]].sum(axis=1) > 0.5
    near = [np.argsort(np.abs(e[i]))[:4] for i in range(3)]
    bottom_e = [np.sort(np.abs(e[i][near[i]][~top[i][near[i]]]))[0] for i in range(3)]
    top_e = np.sort(np.abs(e[0][near[0]][top[0][near[0]]]))[0]
    return {"v_x": bottom_e[1] / 0.01, "v_y": bottom_e[2] / 0.01, "hybridization": bottom_e[0], "m_top": top_e}


def _paper_values() -> dict:
    p = continuum_parameters()
    return {A_par: p["A_parallel"], A_z: p["A_z"], B_par: p["B_parallel"], B_z: p["B_z"], m0: p["M"],
            a: LATTICE["a"], c: LATTICE["c"]}


def surface_theory(d: Derivation, H: sp.Matrix, blocks: dict) -> dict:
    """The top-surface doublet of the chain at k_par = 0, its velocity and Zeeman gap."""
    h0 = fourier_coefficient(H, kz, 0).subs({kx: 0, ky: 0, V_z: 0}).applyfunc(sp.simplify)
    T = blocks["z"]
    chain = d.derive("surface_chain_matrix", (beta**2 * T + beta * h0 + T.H).applyfunc(sp.factor),
                     lhs=sp.Symbol(r"\beta^2 T_z + \beta h_0 + T_z^\dagger"),
                     doc=r"$\psi_n = \beta^n \chi$ solves the chain at $E = 0$, $k_\parallel = 0$ iff this "
                         r"matrix annihilates $\chi$ ($h_0$: the layer Hamiltonian at $k_\parallel = 0$).")
    poly = d.derive("surface_characteristic_polynomial", sp.factor(chain.det()), lhs=sp.Symbol(r"\det"),
                    doc=r"Two quadratics in $\beta$, each twice (the spin doublet).")
    values = _paper_values()
    quadratics = [f for f, _ in sp.factor_list(sp.numer(sp.together(poly)))[1] if sp.degree(f, beta) == 2]

    def product_of_roots(f):
        lead, *_, const = sp.Poly(f, beta).all_coeffs()
        return sp.simplify(const / lead)
    decaying = next(f for f in quadratics if abs(complex(product_of_roots(f).subs(values))) < 1)
    d.derive("surface_decay_quadratic", sp.expand(decaying), lhs=sp.Symbol("q(\\beta)"),
             doc=r"The factor whose roots have $|\beta_1 \beta_2| = (2 t_z - \lambda_z)/(2 t_z + \lambda_z) < "
                 "1$: both inside the unit circle at the paper's parameters (a complex pair: an oscillating "
                 "decay).")
    b1, b2 = sp.solve(decaying, beta)
    # M(beta) modulo q(beta) is M_0 + beta M_1; chi solves the chain at both (distinct) roots iff
    # M_0 chi = M_1 chi = 0: the doublet without the roots' radicals
    reduced = chain.applyfunc(lambda e: sp.rem(sp.expand(e), decaying, beta))
    parts = [reduced.applyfunc(lambda e, p=p: sp.factor(sp.expand(e).coeff(beta, p))) for p in (0, 1)]
    kernel = sp.Matrix.vstack(*parts).nullspace(simplify=True)
    d.derive("surface_doublet", sp.Matrix.hstack(*kernel), lhs=sp.Symbol(r"\left[\chi_1\;\chi_2\right]"),
             doc=r"The common null space of $M_0$ and $M_1$, where $M(\beta) = M_0 + \beta M_1$ modulo the "
                 "decay quadratic: the spinors that solve the chain at both roots (two: the doublet of the "
                 "surface cone).")
    common = max(float(sp.Abs(x).subs(values).evalf()) for r in (b1, b2) for v in kernel
                 for x in (chain.subs(beta, r) * v).applyfunc(sp.expand))
    chi = sp.Matrix.hstack(*[v / sp.sqrt((v.H * v)[0]) for v in kernel]).applyfunc(sp.simplify)
    vx = d["velocity_x"].expr.subs({kx: 0, ky: 0, kz: 0})
    projected = (chi.H * vx * chi).applyfunc(sp.simplify)
    speed = d.derive("surface_dirac_velocity_derived",
                     sp.simplify(sp.sqrt(sp.factor((projected.H * projected).trace() / 2))),
                     lhs=sp.Symbol(r"\hbar v_{\rm surface}"),
                     doc=r"$|\chi^+ (dH/dk_x) \chi|$ on the doublet (the profile is the same for both spinors "
                         "and drops out): the Dirac velocity of the surface cone.")
    zeeman = (chi.H * d["zeeman_matrix"].expr * chi).applyfunc(sp.simplify)
    d.derive("surface_decay_roots", sp.Matrix([b1, b2]), lhs=sp.Symbol(r"\left[\beta_1\;\beta_2\right]^T"),
             doc=r"The roots of the decay quadratic: $\psi_n = (\beta_1^n - \beta_2^n) \chi$ vanishes at $n = "
                 "0$.")
    x, n = sp.Symbol("x"), sp.Symbol("n", integer=True, positive=True)
    first_N = _general_branch(sp.summation(x**n, (n, 1, n_layers)))       # x != 1
    all_n = _general_branch(sp.summation(x**n, (n, 1, sp.oo)))            # |x| < 1
    pairs = ((B1 * sp.conjugate(B1), 1), (B2 * sp.conjugate(B2), 1), (B1 * sp.conjugate(B2), -1),
             (B2 * sp.conjugate(B1), -1))
    weight = d.derive("top_layer_weight", sum(s_ * first_N.subs(x, q) for q, s_ in pairs)
                      / sum(s_ * all_n.subs(x, q) for q, s_ in pairs), lhs=sp.Symbol("w_N"),
                      doc=r"$\sum_{n \le N} |\psi_n|^{2} / \sum_n |\psi_n|^{2}$ for $\psi_n = \beta_1^n - "
                          r"\beta_2^n$: geometric sums in the four products $\beta_i "
                          r"\operatorname{conj}(\beta_j)$.")
    roots = {B1: b1, B2: b2}
    mass = d.derive("top_surface_mass_derived", V_z * weight, lhs=sp.Symbol(r"m_{\rm top}"),
                    doc=r"First order in the Zeeman term on the top $N = L_z^{Mag}$ layers: $\tau_0 \sigma_z$ "
                        r"is diagonal ($\pm 1$) on the doublet, so the top cone's half gap is $V_0 w_N$.")
    d.state("surface_dirac_velocity", A_par, lhs=sp.Symbol(r"\hbar v_{\rm surface}"),
            doc=r"The continuum surface theory (no particle-hole term $D$): $\hbar v = A_\parallel$ (Shan, Lu "
                "& Shen, New J. Phys. 12, 043048 (2010)).")
    d.state("top_surface_mass", V_z, lhs=sp.Symbol(r"m_{\rm top}"),
            doc="The paper's top-surface gap $2 V_0$ (the surface state taken to lie within the magnetic "
                "layers).")
    d.check("surface_velocity_of_the_lattice_model_is_a_par", lambda: _velocity_is_a_par(speed, values, common, zeeman),
            compares=("surface_dirac_velocity_derived (doublet matrix element)", "surface_dirac_velocity (A_par)"),
            doc="Exact for the lattice model at $k = 0$, since $D = 0$; also: the doublet solves the chain "
                r"at both roots and the Zeeman matrix is $\pm 1$ on it.")
    d.check("slab_surface_cones_and_hall_conductance_match_the_derived_surface_theory",
            lambda: _slab_vs_surface_theory(speed, mass, roots, values),
            compares=("the clean slab (Lz = 10, 3 magnetic layers): bands at small k, Kubo sum of sigma_xy",
                      "surface_dirac_velocity_derived, top_surface_mass_derived; semimagnetic_sigma_xy at them"),
            doc=r"$|\sigma_{xy}| = 1/2$ to about 2e-4 in the top gap; the top gap to second order in $V_0$.")
    return {"velocity": speed, "mass": mass}


def _velocity_is_a_par(speed, values, common, zeeman) -> CheckResult:
    diff = sp.simplify(speed - A_par)
    z = sorted(float(sp.re(e)) for e in zeeman.subs(values).evalf().eigenvals())
    ok = diff == 0 and common < 1e-12 and np.allclose(z, [-1.0, 1.0], atol=1e-12)
    return CheckResult(ok, "symbolic", 0.0 if diff == 0 else None,
                       f"hbar v - A_par = {diff}; the doublet at both roots: residual {common:.1e}; Zeeman matrix on the "
                       f"doublet has eigenvalues {z[0]:+.12f}, {z[1]:+.12f}")


def top_surface_mass_value(mass, roots: dict, values: dict) -> float:
    """The derived top half gap at the paper's parameters (V_0, L_z^Mag) [eV]."""
    numbers = {B: complex(r.subs(values).evalf()) for B, r in roots.items()}
    value = complex(mass.subs(numbers).subs({V_z: LATTICE["V_0"], n_layers: LATTICE["L_z_mag"]}).evalf())
    if not abs(value.imag) < 1e-12 * abs(value):
        raise ArithmeticError(f"the top-layer weight is not real: {value}")
    return value.real


def _slab_vs_surface_theory(speed, mass, roots, values) -> CheckResult:
    from generated.localization import semimagnetic_sigma_xy
    from qsym.lattice import scba

    from .effective_medium import LIGHT, clean_kubo_sum, semimagnetic_film

    f = semimagnetic_film()
    cones = slab_surface_cones(f)
    v = float(speed.subs(values))
    m = top_surface_mass_value(mass, roots, values)
    dv = largest([abs(cones["v_x"] / v - 1), abs(cones["v_y"] / v - 1)])
    dm = abs(cones["m_top"] / m - 1)
    rows = [f"bottom cone v = {cones['v_x']:.5f}, {cones['v_y']:.5f} eV nm (x, y) vs derived {v:.5f}; "
            f"hybridization gap {2 * cones['hybridization']:.1e} eV; top half gap {cones['m_top']:.6f} vs derived "
            f"V_0 w_3 = {m:.6f} (V_0 = {LATTICE['V_0']})"]
    worst = 0.0
    for E_F in FERMI_ENERGIES:
        sigma = -1e-7j * np.broadcast_to(np.eye(4), (f.layers, 4, 4))
        slab = clean_kubo_sum(f, E_F, scba.film_quadrature(f, E_F, sigma, c2=True, **LIGHT))
        cont = float(semimagnetic_sigma_xy(E_F, V0=m, v=v, b=1e-3))
        worst = largest([worst, abs(slab - cont)])
        rows.append(f"E_F = {E_F}: slab {slab:+.6f}, continuum {cont:+.6f}")
    # the velocity to O(k^2) (k = 0.01 nm^-1); the gap to second order in V_0 / bulk gap
    ok = dv < 1e-3 and dm < 1e-3 and worst < 5e-4
    return CheckResult(ok, "numeric", largest([dv, dm, worst]), "; ".join(rows) + " (e^2/h, qsym's sign)")
