"""Numerical methods for disordered tight-binding models (paper-agnostic; NumPy and SciPy only).

One module per method: :mod:`~qsym.lattice.kpm` (kernel polynomial method: Chebyshev moments,
Jackson kernel, arithmetic and typical densities of states). A model enters as a sparse
Hermitian matrix; its construction from symbolic hoppings lives with the derivation.
"""

from .kpm import (chebyshev_moments, density_of_states, jackson_kernel, local_moments, random_phase_vectors,
                  spectral_bounds, typical_and_arithmetic_dos)

__all__ = ["chebyshev_moments", "density_of_states", "jackson_kernel", "local_moments", "random_phase_vectors",
           "spectral_bounds", "typical_and_arithmetic_dos"]
