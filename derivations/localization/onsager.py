"""003: Onsager parities of the Drude magnetoconductivity tensor."""

from __future__ import annotations

import sympy as sp

from qsym.checks import CheckResult
from qsym.derivation import Derivation

from .symbols import (
    e, tau,
)


def onsager(der: Derivation) -> None:
    """sigma_xx even and sigma_xy odd in B; sigma_ij(B) = sigma_ji(-B)."""
    vx, vy, Ex, Ey, Bz, me, n_e = sp.symbols("v_x v_y E_x E_y B_z m_e n", real=True)
    vel = sp.Matrix([vx, vy, 0])
    force = -e * (sp.Matrix([Ex, Ey, 0]) + vel.cross(sp.Matrix([0, 0, Bz]))) - me * vel / tau
    sol = sp.solve([force[0], force[1]], [vx, vy], dict=True)[0]
    j = -n_e * e * sp.Matrix([sol[vx], sol[vy]])
    sigma = der.derive("drude_magnetoconductivity", sp.simplify(j.jacobian([Ex, Ey])),
                       lhs=sp.Symbol(r"\sigma_{ij}(B)"),
                       doc=r"Steady state of $m\, dv/dt = -e(E + v \times B) - m v/\tau$; $j = -n e v$.")

    def parities():
        flip = sigma.subs(Bz, -Bz)
        even = sp.simplify(sigma[0, 0] - flip[0, 0]) == 0 and sp.simplify(sigma[1, 1] - flip[1, 1]) == 0
        odd = sp.simplify(sigma[0, 1] + flip[0, 1]) == 0 and sp.simplify(sigma[0, 1]) != 0
        onsager = sp.simplify(sigma - flip.T) == sp.zeros(2, 2)
        ok = even and odd and onsager
        return CheckResult(ok, "symbolic", 0.0 if ok else None,
                           f"sigma_xx even: {even}; sigma_xy odd and nonzero: {odd}; sigma_ij(B) = sigma_ji(-B): {onsager}")

    der.check("drude_sigma_xx_even_and_sigma_xy_odd_in_B", parities,
              compares=("drude_magnetoconductivity", "Onsager: sigma_ij(B) = sigma_ji(-B)"))
