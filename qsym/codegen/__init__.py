"""Turn a derivation's kernel and observable specs into ``generated/<name>.py``.

The output is plain NumPy code that imports only ``numpy`` (SciPy where a kernel needs it)
and :mod:`qsym.runtime`, is byte-for-byte deterministic (no timestamps or versions; SymPy's
minor version is pinned), and carries a sha256 of the canonical form of every spec it came
from.

Layout: :mod:`.specs` (what derivations hand over), :mod:`.config` (the options, API and
command line), :mod:`.printer` (NumPy printing by dispatch), :mod:`.canonical` (the source
hash), :mod:`.public` (the one public-function builder), :mod:`.kernels` (kernel emission),
:mod:`.observables` (one module per observable kind, spec + emitter), :mod:`.module`
(assembly, writing, diffing, loading). ``README.md`` beside this file says how to add a kind.
"""

from .canonical import canonical, source_hash
from .config import CodegenConfig
from .module import diff, generate_source, load_module, write
from .printer import KernelPrinter

__all__ = ["CodegenConfig", "KernelPrinter", "canonical", "diff", "generate_source", "load_module", "source_hash",
           "write"]
