"""Numerical methods for disordered tight-binding models (paper-agnostic; NumPy and SciPy only).

One module per method: :mod:`~qsym.lattice.kpm` (kernel polynomial method: Chebyshev moments,
Jackson kernel, arithmetic and typical densities of states) and :mod:`~qsym.lattice.transfer`
(transfer matrices of quasi-1D bars: Lyapunov exponents and localization lengths) and
:mod:`~qsym.lattice.kubo` (the non-commutative Kubo formula for the Hall conductance) and
:mod:`~qsym.lattice.scba` (self-consistent Born approximation of layered films and the
Kubo-Bastin formula, on :mod:`~qsym.lattice.layered` Bloch Hamiltonians and the
:mod:`~qsym.lattice.brillouin` zone quadrature);
:mod:`~qsym.lattice.sweep` runs sweeps and disorder averages on dask.distributed (imported on
use: ``from qsym.lattice.sweep import run_sweep``). A model enters as a sparse
Hermitian matrix; its construction from symbolic hoppings lives with the derivation.
"""

from .kpm import (chebyshev_moments, density_of_states, jackson_kernel, local_moments, random_phase_vectors,
                  spectral_bounds, typical_and_arithmetic_dos)
from .kubo import hall_conductance, hall_conductance_bloch, minimal_image
from .layered import LayeredFilm
from .transfer import LyapunovResult, lyapunov_exponents

__all__ = ["chebyshev_moments", "density_of_states", "jackson_kernel", "local_moments", "random_phase_vectors",
           "spectral_bounds", "typical_and_arithmetic_dos", "LyapunovResult", "lyapunov_exponents",
           "hall_conductance", "hall_conductance_bloch", "minimal_image", "LayeredFilm"]
