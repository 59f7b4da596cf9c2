"""The paper's parameter set (Fig. 2), once: v in eV nm, m in eV, b in eV nm^2, t in eV nm,
eF in eV."""

from __future__ import annotations

__all__ = ["MODEL", "T_OVER_V", "EF", "FIG2"]

#: Fig. 2: v = 1 eV nm, m = 0.1 eV, b = 1 eV nm^2.
MODEL = dict(v=1.0, m=0.1, b=1.0)
#: The tilts of Fig. 2 (b) and (c), t/v.
T_OVER_V = (0.0, 0.5, 0.9)
#: The Fermi energy of panels (a), (b), (d).
EF = 0.25
#: The point the numeric checks use: Fig. 2's model at t/v = 0.9 (keys in the order v, m, b, t).
FIG2 = dict(MODEL, t=0.9 * MODEL["v"])
