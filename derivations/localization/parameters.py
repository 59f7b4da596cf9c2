"""Parameter values used by the figures (004's Fig. 2 for the surface cones)."""

from __future__ import annotations

__all__ = ["B_PHI", "V0", "V_DIRAC"]

#: Dephasing field of the HLN curves [T].
B_PHI = 0.05
#: Magnetic gap of the top surface [eV] and Dirac velocity hbar v [eV nm] (004, Fig. 2).
V0, V_DIRAC = 0.1, 0.41
