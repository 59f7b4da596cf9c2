"""Finding derivations: every module of the ``derivations`` package that defines ``NAME``
and ``build()``, plus modules registered under the ``qsym.derivations`` entry-point group
(for derivations that live in other packages). qsym never imports a derivation by name.

A derivation is a package ``derivations/<name>/`` whose ``__init__`` defines ``NAME`` and
``build()``; its figures are the ``FIGURES`` of its ``figures`` module (:func:`figures`).
A module that defines ``MODEL`` (a :class:`qsym.model.Model`) instead is a user model: its
derivation and figures come from :mod:`qsym.model`. Model files outside the repository are
registered with :func:`add_file` (the command line does it for ``qsym check path/model.py``);
the paths travel to worker processes in ``QSYM_MODEL_FILES``.

Two ways to get a derivation:

* :func:`get` builds it (once per process) with everything, checks included;
* :func:`load` is for reading it (``qsym show``, ``list``, ``generate``, ``figure``): it
  returns the build-cache entry when nothing the build depends on has changed
  (:mod:`qsym.cache`), else builds and stores it. Its checks cannot run.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import sys
from functools import lru_cache
from importlib.metadata import entry_points
from types import ModuleType

from . import cache
from .derivation import Derivation

__all__ = ["modules", "module", "names", "get", "load", "is_built", "not_cached", "figures", "add_file"]

#: Environment variable listing model files (``os.pathsep``-separated) registered by :func:`add_file`.
MODEL_FILES = "QSYM_MODEL_FILES"


def _as_model_module(mod: ModuleType) -> ModuleType:
    """Give a module that defines ``MODEL`` the ``NAME`` and ``build()`` of a derivation."""
    if hasattr(mod, "MODEL") and not hasattr(mod, "build"):
        from .model.band_geometry import derivation

        model = mod.MODEL
        mod.NAME = model.name
        mod.build = lru_cache(maxsize=None)(lambda: derivation(model, module=mod.__name__))
    return mod


#: Model files loaded in this process: absolute path -> ((mtime, size), module).
_FILES: dict[str, tuple] = {}


def shipped_names() -> set[str]:
    """Names of the derivations and models that ship with qsym (the modules of ``derivations``),
    found without importing them: a model file may not take one of them."""
    try:
        package = importlib.import_module("derivations")
    except ModuleNotFoundError:
        return set()
    return {info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")}


def _import_file(path: str) -> ModuleType:
    """Load the model file ``path`` (again if it changed since), checked: a syntax error, an
    error while it runs, a missing or invalid ``MODEL``, or the name of a shipped derivation is
    a :class:`~qsym.errors.UserError` naming the file (and line), and leaves nothing loaded."""
    from .errors import UserError, where_in_file
    from .model.spec import Model

    p = os.path.abspath(path)
    try:
        st = os.stat(p)
    except OSError:
        raise UserError(f"no model file {path!r}") from None
    stamp = (st.st_mtime_ns, st.st_size)
    if p in _FILES and _FILES[p][0] == stamp:
        return _FILES[p][1]
    name = "qsym_user_model_" + "".join(c if c.isalnum() else "_" for c in p)
    stale = _FILES.pop(p, None)
    if stale is not None:                      # the file changed: forget what was built from it
        _BUILT.pop(getattr(stale[1], "NAME", None), None)
    sys.modules.pop(name, None)
    spec = importlib.util.spec_from_file_location(name, p)
    if spec is None or spec.loader is None:
        raise UserError(f"{path}: not a Python file qsym can import")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
        model = getattr(mod, "MODEL", None)
        if model is None:
            raise UserError(f"{path}: a model file must define MODEL = qsym.model.Model(...) (see `qsym new`)")
        if not isinstance(model, Model):
            raise UserError(f"{path}: MODEL must be a qsym.model.Model; got {type(model).__name__}")
        if model.name in shipped_names():
            raise UserError(f"{path}: the model is named {model.name!r}, the name of a derivation that ships with "
                            "qsym; give it another name (Model(name=...))")
    except UserError:
        sys.modules.pop(name, None)
        raise
    except Exception as exc:                   # noqa: BLE001 - any error in the user's file
        sys.modules.pop(name, None)
        message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise UserError(f"{where_in_file(exc, path)}: {type(exc).__name__}: {' '.join(str(message).split())}") \
            from exc
    mod.__qsym_file__ = p
    _BUILT.pop(model.name, None)
    _FILES[p] = (stamp, _as_model_module(mod))
    return mod


def add_file(path: str) -> str:
    """Register the model file ``path`` (in this process and its workers); returns its name.
    A file that changed is read again; one that fails to load registers nothing."""
    mod = _import_file(path)
    files = [f for f in os.environ.get(MODEL_FILES, "").split(os.pathsep) if f]
    if mod.__qsym_file__ not in files:
        os.environ[MODEL_FILES] = os.pathsep.join(files + [mod.__qsym_file__])
    modules.cache_clear()
    return mod.NAME

_BUILT: dict[str, Derivation] = {}


@lru_cache(maxsize=None)
def modules() -> dict[str, ModuleType]:
    """Derivation modules by registry name, sorted by name."""
    found: dict[str, ModuleType] = {}
    try:
        package = importlib.import_module("derivations")
    except ModuleNotFoundError:
        package = None
    if package is not None:
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("_"):
                continue
            mod = _as_model_module(importlib.import_module(f"derivations.{info.name}"))
            if hasattr(mod, "NAME") and hasattr(mod, "build"):
                found[mod.NAME] = mod
    for ep in entry_points(group="qsym.derivations"):
        mod = ep.load()
        found.setdefault(mod.NAME, mod)
    for path in (f for f in os.environ.get(MODEL_FILES, "").split(os.pathsep) if f):
        mod = _import_file(path)
        found[mod.NAME] = mod
    return dict(sorted(found.items()))


def names() -> list[str]:
    return list(modules())


def module(name: str) -> ModuleType:
    """The module registered as ``name``: ``derivations.<name>`` directly when it is that
    derivation (no scan of the others), else the full registry."""
    if name.isidentifier():
        try:
            mod = _as_model_module(importlib.import_module(f"derivations.{name}"))
        except ModuleNotFoundError:
            mod = None
        if mod is not None and getattr(mod, "NAME", None) == name and hasattr(mod, "build"):
            return mod     # (a model file cannot take the name of a shipped derivation)
    mods = modules()
    if name not in mods:
        raise KeyError(f"no derivation named {name!r}; available: {', '.join(mods) or 'none'}")
    return mods[name]


def get(name: str) -> Derivation:
    """Build (once per process) and return the derivation registered as ``name``."""
    if name not in _BUILT:
        from .progress import announce

        with announce(f"building {name} (SymPy)"):
            _BUILT[name] = module(name).build()
    return _BUILT[name]


def not_cached(names: list[str]) -> list[str]:
    """Those of ``names`` that :func:`load` would have to build (neither built in this process
    nor in the build cache)."""
    out = []
    for name in names:
        mod = module(name)
        if name not in _BUILT and not hasattr(mod, "__qsym_file__") and not cache.has_entry(name, mod):
            out.append(name)
    return out


def is_built(name: str) -> bool:
    """Whether :func:`get` has built ``name`` in this process."""
    return name in _BUILT


def load(name: str, *, use_cache: bool = True) -> Derivation:
    """The derivation ``name`` for reading: built in this process, from the build cache, or
    built now (and stored). ``use_cache=False`` neither reads nor writes the cache."""
    if name in _BUILT:
        return _BUILT[name]
    mod = module(name)
    if hasattr(mod, "__qsym_file__"):   # a model file outside the repository: built fresh (it is quick)
        return get(name)
    if use_cache:
        cached = cache.load(name, mod)
        if cached is not None:
            return cached
    d = get(name)
    if use_cache:
        cache.store(d, mod)
    return d


def figures(name: str) -> dict:
    """The figures of derivation ``name``: ``{figure: draw}`` from the ``FIGURES`` of its
    package's ``figures`` module (never imported by ``build()``), in that order; each
    ``draw(generated_module, out_dir)`` returns the paths it wrote."""
    mod = module(name)
    if hasattr(mod, "MODEL"):
        from .model.figures import figures as model_figures

        return model_figures(mod.MODEL)
    if not hasattr(mod, "__path__"):  # a plain module, not a package: no figures module
        return {}
    try:
        fig = importlib.import_module(f"{mod.__name__}.figures")
    except ModuleNotFoundError as exc:
        if exc.name != f"{mod.__name__}.figures":
            raise
        return {}
    return {n: getattr(fig, n) for n in fig.FIGURES}
