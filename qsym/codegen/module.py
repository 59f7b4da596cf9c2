"""Module assembly: ``generated/<name>.py`` from a derivation's specs, byte-for-byte
deterministic; writing it, diffing it against a fresh generation, loading it in memory."""

from __future__ import annotations

import difflib
import types
from pathlib import Path

from . import backends
from .canonical import source_hash
from .config import CodegenConfig

__all__ = ["generate_source", "compiled", "write", "diff", "load_module", "module_paths"]

def generate_source(derivation, config: CodegenConfig = CodegenConfig(), digest: str | None = None,
                    backend: str = "numpy") -> str:
    """The full text of the ``backend``'s module for ``derivation``: ``generated/<name>.py``
    for ``numpy``, ``generated/numba/<name>.py`` for ``numba`` (see
    :mod:`qsym.codegen.backends`). ``digest``: the derivation's :func:`source_hash`, where the
    caller has it already. Remembered by digest in this process (``generate --check`` and then
    ``generate`` print each module once)."""
    digest = digest or source_hash(derivation, config)
    key = (derivation.name, digest, backend)
    if key not in _SOURCES:
        if backend == "numpy":
            _SOURCES[key], _CONTEXTS[key[:2]] = backends.numpy.module_source(derivation, config, digest)
        else:
            generate_source(derivation, config, digest)          # the NumPy module: what the others compile
            _SOURCES[key] = backends.get(backend).module_source(derivation, config, digest, _CONTEXTS[key[:2]])
    return _SOURCES[key]


#: Module texts generated in this process, by (name, source hash, backend), and the emission
#: context of each NumPy module (its private functions), by (name, source hash).
_SOURCES: dict[tuple[str, str, str], str] = {}
_CONTEXTS: dict[tuple[str, str], object] = {}


def module_paths(derivation, out_dir: Path) -> dict[str, Path]:
    """Where each backend's module for ``derivation`` lives under ``out_dir`` (backend -> path)."""
    return {b: out_dir / backends.get(b).FOLDER / f"{derivation.name}.py" for b in backends.BACKENDS}


def compiled(derivation, source: str):
    """``source`` compiled, or an error: generated code that does not compile is a bug in qsym
    (the derivation's names are checked when the model is loaded), never written."""
    try:
        return compile(source, f"<generated {derivation.name}>", "exec")
    except SyntaxError as exc:
        raise RuntimeError(f"the code generated for {derivation.name} does not compile (line {exc.lineno}: "
                           f"{exc.msg}); nothing was written. This is a bug in qsym's code generator") from exc


def write(derivation, out_dir: Path, config: CodegenConfig = CodegenConfig()) -> list[Path]:
    """Write every backend's module for ``derivation`` under ``out_dir`` and return their paths.
    Every module is generated and compiled first, then each is written to a temporary file
    beside its target and renamed over the old one: a failure leaves the old files (or none),
    never a half-written or broken one."""
    from ..paths import write_text_atomic

    sources = {b: generate_source(derivation, config, backend=b) for b in backends.BACKENDS}
    for source in sources.values():
        compiled(derivation, source)
    written = []
    for b, path in module_paths(derivation, out_dir).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        init = path.parent / "__init__.py"
        if not init.exists():
            init.write_text(backends.get(b).PACKAGE_DOC, encoding="utf-8")
        written.append(write_text_atomic(path, sources[b]))
    return written


def diff(derivation, out_dir: Path, config: CodegenConfig = CodegenConfig()) -> str:
    """Unified diff between every backend's module under ``out_dir`` and a fresh generation
    ('' if all are equal)."""
    out = []
    for b, path in module_paths(derivation, out_dir).items():
        fresh = generate_source(derivation, config, backend=b)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old != fresh:
            out += difflib.unified_diff(old.splitlines(keepends=True), fresh.splitlines(keepends=True),
                                        fromfile=f"{path} (committed)", tofile=f"{path} (fresh generation)")
    return "".join(out)


_LOADED: dict[str, types.ModuleType] = {}


def load_module(derivation, config: CodegenConfig = CodegenConfig()) -> types.ModuleType:
    """Generate the module in memory and import it (cached); used by numeric checks so that
    they test the current derivation, not a possibly stale file."""
    digest = source_hash(derivation, config)
    key = derivation.name + digest
    if key not in _LOADED:
        mod = types.ModuleType(f"qsym_generated_{derivation.name}")
        code = compiled(derivation, generate_source(derivation, config, digest))
        exec(code, mod.__dict__)
        _LOADED[key] = mod
    return _LOADED[key]
