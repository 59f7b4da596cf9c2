"""Turn a derivation's kernel and observable specs into ``generated/<name>.py`` (NumPy) and
``generated/numba/<name>.py`` (its compiled twins).

The output is byte-for-byte deterministic (no timestamps or versions; SymPy's minor version is
pinned) and carries a sha256 of the canonical form of every spec it came from. The NumPy module
imports only ``numpy`` (SciPy where a kernel needs it) and :mod:`qsym.runtime`; the numba module
is imported by it only where numba is installed.

Layout: :mod:`.specs` (what derivations hand over), :mod:`.config` (the options, API and
command line), :mod:`.canonical` (the source hash), :mod:`.context` (what emitters share, the
record of private functions), :mod:`.public` (the one public-function builder), :mod:`.kernels`
(kernel emission), :mod:`.observables` (one module per observable kind, spec + emitter),
:mod:`.backends` (one folder per backend: printer and module assembly), :mod:`.module`
(generation by backend, writing, diffing, loading). ``README.md`` beside this file says how to
add a kind, ``backends/README.md`` how to add a backend.
"""

from . import backends
from .backends.numpy.printer import KernelPrinter
from .canonical import canonical, source_hash
from .config import CodegenConfig
from .module import diff, generate_source, load_module, module_paths, write

__all__ = ["CodegenConfig", "KernelPrinter", "backends", "canonical", "diff", "generate_source", "load_module",
           "module_paths", "source_hash", "write"]
