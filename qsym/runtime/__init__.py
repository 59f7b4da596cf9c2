"""Numerical runtime for generated kernels: input validation, Fermi functions, blockwise
evaluation; one module per observable kind (:mod:`.radial`, :mod:`.fermi_line`,
:mod:`.phase_integral`, :mod:`.bloch`), which a generated module imports when it uses that
kind.

Everything here stays free of SymPy (and of anything that imports SymPy), so that numerics
users do not pay SymPy's import time; a test imports each generated module in a fresh
interpreter and asserts ``'sympy' not in sys.modules``.

This ``__init__`` exports exactly the names generated code calls as ``runtime.<name>`` (a
test reads every generated module and compares).

Conventions
-----------
Energies, chemical potentials and temperatures (``kT`` means k_B T) share one energy unit,
eV unless a derivation says otherwise. ``kT = 0`` is allowed everywhere and means the step
Fermi function.
"""

from .arrays import blockwise, blockwise_components, broadcast, channel_sum
from .compiled import adopt
from .fermi import KT_RESOLUTION, THERMAL_CUTOFF, fermi, fermi_window, thermally_unresolved
from .validation import as_channels, as_real_array, broadcastable, check_optional, choose, holds, require

__all__ = [
    "as_real_array",
    "as_channels",
    "broadcastable",
    "require",
    "holds",
    "check_optional",
    "choose",
    "fermi",
    "fermi_window",
    "thermally_unresolved",
    "blockwise",
    "blockwise_components",
    "broadcast",
    "channel_sum",
    "THERMAL_CUTOFF",
    "KT_RESOLUTION",
    "adopt",
]
