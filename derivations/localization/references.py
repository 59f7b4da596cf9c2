"""Independent numeric routes for checks and tests: mpmath quadrature of the occupied Berry
curvature of a Wilson-regularized Dirac cone."""

from __future__ import annotations

import mpmath

def numeric_wilson_sigma_xy(eF_val: float, m_val: float, b_val: float, v_val: float, dps: int = 30):
    """sigma_xy of a Wilson cone at T = 0 by mpmath quadrature of the Berry curvature over the
    occupied states: -(sum_n int k dk f_n Omega_n), Omega_+ = -Omega_-."""
    with mpmath.workdps(dps):
        eF_, m_, b_, v_ = (mpmath.mpf(x) for x in (eF_val, m_val, b_val, v_val))

        def E(kk):
            return mpmath.sqrt(v_ ** 2 * kk ** 2 + (m_ - b_ * kk ** 2) ** 2)

        def omega_lower(kk):
            return v_ ** 2 * (m_ + b_ * kk ** 2) / (2 * E(kk) ** 3)

        # breakpoints: Fermi radii and the band extremum
        pts = [mpmath.mpf(0)]
        P = v_ ** 2 - 2 * m_ * b_
        for sgn in (-1, 1):
            disc = P ** 2 + 4 * b_ ** 2 * (eF_ ** 2 - m_ ** 2)
            if disc >= 0 and b_ != 0:
                s = (-P + sgn * mpmath.sqrt(disc)) / (2 * b_ ** 2)
                if s > 0:
                    pts.append(mpmath.sqrt(s))
        if b_ != 0 and P < 0:
            pts.append(mpmath.sqrt(-P / (2 * b_ ** 2)))
        pts = sorted(set(pts)) + [mpmath.inf]

        def occupied_flux(kk):
            f_lower = 1 if -E(kk) <= eF_ else 0
            f_upper = 1 if E(kk) <= eF_ else 0
            return kk * omega_lower(kk) * (f_lower - f_upper)

        total = mpmath.mpf(0)
        for a, c in zip(pts[:-1], pts[1:]):
            total += mpmath.quad(occupied_flux, [a, c])
        return -total
