"""A build cache for the command line: derivations built once, reused until a source changes.

Building a derivation runs SymPy for seconds; ``qsym show``, ``list``, ``generate`` and
``figure`` only need its steps, kernel specs and figures. After a build they store the
derivation (without the closures of its checks, which cannot be pickled and which only
``qsym check`` runs) under a key that changes whenever anything the build depends on
changes:

* the derivation's own source: its module (or package) and every module of the same
  top-level package that it imports, transitively (read from the files' ``import``
  statements);
* the source of the ``qsym`` package;
* the versions of SymPy, NumPy and Python, and :data:`FORMAT`.

An entry whose key does not match is never read, so an edit is seen by the next command.
The cache lives in the user cache directory (``$XDG_CACHE_HOME/qsym``, ``~/.cache/qsym``,
``~/Library/Caches/qsym`` or ``%LOCALAPPDATA%\\qsym``); ``QSYM_CACHE_DIR`` overrides it. An
unreadable or corrupt entry is rebuilt with a warning.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib.util
import os
import pickle
import sys
import warnings
from pathlib import Path
from types import ModuleType

__all__ = ["FORMAT", "cache_dir", "source_files", "key", "has_entry", "load", "store", "artifact", "clear", "entries", "CachedCheck"]

#: Bumped when the layout of a cache entry changes.
FORMAT = 1
_SUFFIX = ".pickle"


def cache_dir() -> Path:
    """Where entries are kept: ``QSYM_CACHE_DIR`` if set, else the platform's user cache."""
    override = os.environ.get("QSYM_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "qsym"
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "qsym"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qsym"


# ------------------------------------------------------------------------------------------
# What a derivation's build depends on
# ------------------------------------------------------------------------------------------

def _module_file(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imports(path: Path, package: str | None, root: str) -> set[str]:
    """Absolute names of the modules under ``root`` that the file at ``path`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if package is None:
                    continue
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)  # `from pkg import submodule`
    return {m for m in found if m == root or m.startswith(root + ".")}


def source_files(module_name: str) -> list[Path]:
    """The files a derivation module's build reads: the module (for a package, every file of
    the package) and, transitively, every module of its top-level package that it imports."""
    root = module_name.split(".")[0]
    seen: dict[str, Path] = {}
    todo = [module_name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        is_package = path.name == "__init__.py"
        package = name if is_package else (name.rpartition(".")[0] or None)
        todo.extend(_imports(path, package, root))
        if is_package and name == module_name:  # the derivation's own package: all of it
            for sub in sorted(path.parent.rglob("*.py")):
                rel = sub.relative_to(path.parent).with_suffix("")
                parts = [p for p in rel.parts if p != "__init__"]
                todo.append(".".join([name, *parts]) if parts else name)
    return sorted(set(seen.values()))


def _framework_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return sorted(here.rglob("*.py"))


def key(module_name: str) -> str:
    """sha256 of everything a derivation's build depends on (see the module docstring)."""
    import numpy
    import sympy

    h = hashlib.sha256()
    h.update(f"qsym-cache-{FORMAT} python-{sys.version_info[:3]} sympy-{sympy.__version__} "
             f"numpy-{numpy.__version__} module-{module_name}\n".encode())
    for group, files in (("derivation", source_files(module_name)), ("qsym", _framework_files())):
        for path in files:
            h.update(f"{group}:{path.name}:{len(path.parts)}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# ------------------------------------------------------------------------------------------
# Entries
# ------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class CachedCheck:
    """Stands in for a check's closure in a cached derivation: it names the check and
    refuses to run (``qsym check`` always builds afresh)."""

    derivation: str
    check: str

    def __call__(self):
        raise RuntimeError(f"{self.derivation}: check {self.check!r} comes from the build cache and cannot "
                           "run; build the derivation (qsym.registry.get) to run its checks")


def _entry_path(name: str, digest: str) -> Path:
    return cache_dir() / f"{name}-{digest[:32]}{_SUFFIX}"


def _strip(derivation):
    from .derivation import Check

    steps = [dataclasses.replace(s, run=CachedCheck(derivation.name, s.name)) if isinstance(s, Check) else s
             for s in derivation.steps]
    return dataclasses.replace(derivation, steps=steps)


def has_entry(name: str, module: ModuleType | str) -> bool:
    """Whether an entry with the current key exists for ``name`` (it may still be unreadable)."""
    module_name = module if isinstance(module, str) else module.__name__
    return _entry_path(name, key(module_name)).exists()


def load(name: str, module: ModuleType | str):
    """The cached derivation ``name`` if an entry with the current key exists, else None.
    A corrupt or unreadable entry is removed with a warning and None is returned."""
    module_name = module if isinstance(module, str) else module.__name__
    path = _entry_path(name, key(module_name))
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
        if payload.get("format") != FORMAT or payload.get("name") != name:
            raise ValueError("entry of another format or derivation")
        return payload["derivation"]
    except Exception as exc:  # noqa: BLE001 - any unreadable entry is rebuilt, never fatal
        warnings.warn(f"qsym: ignoring unreadable build-cache entry {path} ({type(exc).__name__}: {exc}); "
                      "rebuilding", RuntimeWarning, stacklevel=2)
        try:
            path.unlink()
        except OSError:
            pass
        return None


def store(derivation, module: ModuleType | str) -> Path | None:
    """Store ``derivation`` under the current key (atomically); returns the path, or None
    (with a warning) if it cannot be written. Stale entries of the same name are removed."""
    module_name = module if isinstance(module, str) else module.__name__
    path = _entry_path(derivation.name, key(module_name))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps({"format": FORMAT, "name": derivation.name, "derivation": _strip(derivation)},
                            protocol=pickle.HIGHEST_PROTOCOL)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - caching is an optimization; never fatal
        warnings.warn(f"qsym: could not write the build cache ({type(exc).__name__}: {exc})", RuntimeWarning,
                      stacklevel=2)
        return None
    for old in path.parent.glob(f"{derivation.name}-*{_SUFFIX}"):
        if old != path and old.name[len(derivation.name) + 1:-len(_SUFFIX)].isalnum():
            try:
                old.unlink()
            except OSError:
                pass
    return path


def artifact(name: str, module: ModuleType | str, kind: str, compute):
    """``compute()`` for derivation ``name``, kept beside its build-cache entry under the same
    key (``kind`` names it: ``"document"`` for its rendered blocks), so that what is slow to
    derive from a derivation (printing its LaTeX) is done once per change of its sources."""
    module_name = module if isinstance(module, str) else module.__name__
    path = cache_dir() / f"{name}-{key(module_name)[:32]}-{kind}{_SUFFIX}"
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
        if payload.get("format") == FORMAT and payload.get("name") == name:
            return payload["value"]
    except Exception:  # noqa: BLE001 - missing or unreadable: computed again
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps({"format": FORMAT, "name": name, "value": value}, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - caching is an optimization; never fatal
        warnings.warn(f"qsym: could not write the build cache ({type(exc).__name__}: {exc})", RuntimeWarning,
                      stacklevel=2)
    for old in path.parent.glob(f"{name}-*-{kind}{_SUFFIX}"):
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass
    return value


def _is_entry(path: Path) -> bool:
    """A build entry (``name-<digest>.pickle``), not an artifact kept beside it."""
    return path.stem.rsplit("-", 1)[-1].isalnum() and len(path.stem.rsplit("-", 1)[-1]) == 32


def entries() -> list[Path]:
    """The cache's build entries (the artifacts kept beside them are not counted)."""
    d = cache_dir()
    return sorted(p for p in d.glob(f"*{_SUFFIX}") if _is_entry(p)) if d.is_dir() else []


def clear() -> int:
    """Remove every entry (and stray temporary files); returns how many entries were removed."""
    d = cache_dir()
    removed = 0
    if d.is_dir():
        for p in list(d.glob(f"*{_SUFFIX}")) + list(d.glob("*.tmp")):
            try:
                p.unlink()
                removed += p.suffix == _SUFFIX and _is_entry(p)
            except OSError:
                pass
    return removed
