"""qsym: derivations of quantum-transport papers, checked identities, generated kernels.

The symbolic layer (:mod:`qsym.derivation`, :mod:`qsym.geometry`, :mod:`qsym.calculus`,
:mod:`qsym.checks`, :mod:`qsym.codegen`, :mod:`qsym.latex`) imports SymPy;
:mod:`qsym.runtime`, used by ``generated/``, does not. This package's ``__init__`` imports
nothing, so ``from qsym import runtime`` stays SymPy-free.
"""

__version__ = "0.1.0"
