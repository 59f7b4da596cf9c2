"""The paper's parameter sets (units: T, V in hbar v_F k0; J in v_F)."""

from __future__ import annotations

__all__ = ["FIG2_COUPLINGS"]

#: Fig. 2's coupling sets (Jx, Jy, Jz) in units of v_F, with the paper's colours.
FIG2_COUPLINGS = (
    ("isotropic, $J_{x,y,z} = 0.25$", (0.25, 0.25, 0.25), "k"),
    ("$J_x = 0.25, J_y = 0, J_z = 0.35$", (0.25, 0.0, 0.35), "C0"),
    ("easy $xz$-plane, $J_{x,z} = 0.25, J_y = 0$", (0.25, 0.0, 0.25), "C2"),
    ("easy $x$-axis, $J_x = 0.25, J_{y,z} = 0$", (0.25, 0.0, 0.0), "C3"),
)
