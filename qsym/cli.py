"""The ``qsym`` command line: list, show, generate, check, figure, sweep, new, cache.

A mistake (a bad model file, an unwritable path, a missing optional package) is one line on
stderr, ``qsym: error: ...``, and exit status 2; ``qsym --traceback COMMAND`` shows the trace.

``list``, ``show``, ``generate`` and ``figure`` read derivations through the build cache
(:mod:`qsym.cache`; ``--no-cache`` builds afresh and leaves the cache alone); ``check``
always runs every check, in ``--jobs`` worker processes.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import textwrap
import time
from pathlib import Path

from . import cache, checking, codegen, registry, sweep_cli
from .codegen import config as codegen_config
from .check_table import CheckPrinter
from .errors import UserError
from .paths import output_directory, writable_directory, writable_file, write_text_atomic

__all__ = ["main", "generated_dir", "build_parser"]


def generated_dir() -> Path:
    """The ``generated/`` package directory (found without importing it; next to ``qsym/`` in a
    source checkout)."""
    import importlib.util

    spec = importlib.util.find_spec("generated")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]).resolve()
    return Path(__file__).resolve().parent.parent / "generated"


def _selected(name: str | None) -> list[str]:
    if name is None:
        return registry.names()
    if name.endswith(".py") or Path(name).is_file():
        if not Path(name).is_file():
            raise UserError(f"no model file {name!r}")
        try:
            return [registry.add_file(name)]
        except (ValueError, NotImplementedError) as exc:
            raise UserError(f"{name}: {exc}") from None
    if name not in registry.names():
        raise UserError(f"no derivation named {name!r}; try `qsym list`")
    return [name]


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path)


def _load(name: str, args):
    return registry.load(name, use_cache=not getattr(args, "no_cache", False))


def _announce_builds(names: list[str], args) -> None:
    """One line before a long wait: how many derivations must be built (not in the build cache)."""
    todo = names if getattr(args, "no_cache", False) else registry.not_cached(names)
    if len(todo) > 1:
        print(f"qsym: building {len(todo)} derivations that are not in the build cache "
              f"({', '.join(todo)}); later commands read them from the cache", file=sys.stderr, flush=True)


def _wrapped(label: str, items) -> str:
    return textwrap.fill(", ".join(items), width=100, initial_indent=f"  {label}",
                         subsequent_indent=" " * (len(label) + 2))


# ------------------------------------------------------------------------------------------
# list, show
# ------------------------------------------------------------------------------------------

def cmd_list(args) -> int:
    names = _selected(getattr(args, "name", None))
    _announce_builds(names, args)
    for name in names:
        d = _load(name, args)
        print(f"{name}: {d.title}")
        print(f"  source: {d.source}")
        for kind in ("define", "derive", "state", "check"):
            steps = [s for s in d.steps if s.kind == kind]
            print(_wrapped(f"{kind + ' (' + str(len(steps)) + '):':13s}", [s.name for s in steps]))
        print(_wrapped("kernels:     ", [k.name for k in d.kernels]))
        print(_wrapped("observables: ", [n for o in d.observables for n in o.public_names()]))
        if d.errata:
            print(_wrapped("errata:      ", [f"{e.name} (Eq. {e.reference.equation})" for e in d.errata]))
        figures = registry.figures(name)
        if figures:
            print(_wrapped("figures:     ", list(figures)))
    return 0


def cmd_show(args) -> int:
    from .document import blocks, document, render_blocks

    names = _selected(args.name)
    _announce_builds(names, args)
    for name in names:
        items = blocks(_load(name, args)) if args.no_cache else document(name)
        print(render_blocks(items, standalone=args.standalone, fmt=args.format))
    return 0


# ------------------------------------------------------------------------------------------
# generate
# ------------------------------------------------------------------------------------------

def cmd_generate(args) -> int:
    try:
        config = codegen_config.from_arguments(args)
    except ValueError as exc:
        raise UserError(f"{exc}") from None
    out = Path(args.out) if args.out else generated_dir()
    if args.check:
        if not out.is_dir():
            raise UserError(f"--out {str(out)!r} is not a folder of generated modules")
    else:
        writable_directory(out, "--out")      # before any work
    names = _selected(args.name)
    _announce_builds(names, args)
    if args.check:
        stale = []
        for name in names:
            d = codegen.diff(_load(name, args), out, config)
            if d:
                stale.append(name)
                sys.stdout.write(d)
        if args.name is None:
            extra = _not_produced(out, names)
            for p in extra:
                print(f"{p}: not produced by any derivation (stale)")
            stale += [str(p.relative_to(out)) for p in extra]
        if stale:
            print(f"qsym: generated code is out of date ({', '.join(stale)}); run `qsym generate`",
                  file=sys.stderr)
            return 1
        print(f"{_shown(out)} is up to date ({', '.join(names)})")
        return 0
    derivations = {name: _load(name, args) for name in names}       # every build first, then the writes
    for name in names:
        t0 = time.perf_counter()
        paths = codegen.write(derivations[name], out, config)
        print(f"wrote {' and '.join(str(p) for p in paths)} ({time.perf_counter() - t0:.1f} s)")
    if args.name is None:  # a full generation removes files no derivation produces
        for p in _not_produced(out, names):
            p.unlink()
            print(f"removed stale {p}")
    return 0


def _not_produced(out: Path, names) -> list[Path]:
    """The modules in ``out`` and its backend folders that none of ``names`` produces."""
    found = []
    for backend in codegen.backends.BACKENDS:
        folder = out / codegen.backends.get(backend).FOLDER
        keep = {f"{n}.py" for n in names} | {"__init__.py"}
        found += sorted(p for p in folder.glob("*.py") if p.name not in keep)
    return found


# ------------------------------------------------------------------------------------------
# check
# ------------------------------------------------------------------------------------------

def cmd_check(args) -> int:
    names = _selected(args.name)
    jobs = args.jobs if args.jobs is not None else checking.default_jobs()
    if jobs < 1:
        raise UserError(f"--jobs must be >= 1; got {jobs}")
    use_cache = not args.no_cache
    if args.json and args.json != "-":
        writable_file(args.json, "--json")     # before the checks run
    work = checking.plan(names, use_cache=use_cache)
    if args.only:
        work = [(n, [c for c in checks if c == args.only]) for n, checks in work]
        if not any(checks for _, checks in work):
            raise UserError(f"no check named {args.only!r} in {', '.join(names)}")
        work = [(n, c) for n, c in work if c]
    to_stdout_json = args.json == "-"
    printer = CheckPrinter(work, verbose=args.verbose, quiet=to_stdout_json, use_cache=use_cache)
    t0 = time.perf_counter()
    records = checking.run(work, jobs=jobs, on_record=printer.record, on_progress=printer.progress)
    wall = time.perf_counter() - t0
    printer._progress_clear()
    failed = sum(r.failed for r in records)
    if args.json:
        payload = {"passed": len(records) - failed, "failed": failed, "jobs": jobs, "seconds": round(wall, 3),
                   "checks": [r.as_json() for r in records]}
        text = json.dumps(payload, indent=2)
        if to_stdout_json:
            print(text)
        else:
            write_text_atomic(args.json, text + "\n")
    if not to_stdout_json:
        print(f"\n{len(records) - failed} passed, {failed} failed ({wall:.1f} s, {jobs} "
              f"{'job' if jobs == 1 else 'jobs'})")
    return 1 if failed else 0


# ------------------------------------------------------------------------------------------
# figure, cache
# ------------------------------------------------------------------------------------------

def cmd_figure(args) -> int:
    import matplotlib       # (missing: one line saying how to install it)

    matplotlib.use("Agg")
    writable_directory(args.out, "--out")        # before any work
    selected = []
    for name in _selected(args.name):
        figures = registry.figures(name)
        if args.only is not None and figures and args.only not in figures:
            raise UserError(f"{name}: no figure {args.only!r}; its figures: {', '.join(figures)}")
        selected.append((name, figures))
    with output_directory(args.out, "--out") as out:
        for name, figures in selected:
            _draw(name, figures, out, args)
    return 0


def _draw(name: str, figures: dict, out: Path, args) -> None:
    """Draw the figures of derivation ``name`` into ``out``."""
    if not figures:
        print(f"{name}: no figures")
        return
    module = codegen.load_module(_load(name, args))
    for fig_name, draw in figures.items():
        if args.only is not None and fig_name != args.only:
            continue
        if "scale" in inspect.signature(draw).parameters:
            paths = draw(module, out, scale=args.scale)
        elif args.scale != "reduced":
            print(f"{name}: {fig_name} has one size only; --scale {args.scale} ignored", file=sys.stderr)
            paths = draw(module, out)
        else:
            paths = draw(module, out)
        for path in paths:
            print(f"wrote {path}")


def cmd_new(args) -> int:
    if args.paper:
        from .paper_template import new_paper

        return new_paper(args)
    from .model.template import write_template

    try:
        path = write_template(args.name, Path(args.dir))
    except (ValueError, FileExistsError) as exc:
        raise UserError(f"{exc}") from None
    print(f"wrote {path}: edit its Hamiltonian line, then `qsym check {path.name}`, `qsym show {path.name}`, "
          f"`qsym generate {path.name} --out gen`, `qsym figure {path.name} --out figs`")
    return 0


def cmd_cache(args) -> int:
    if args.action == "clear":
        n = cache.clear()
        print(f"removed {n} build-cache {'entry' if n == 1 else 'entries'} from {cache.cache_dir()}")
        return 0
    entries = cache.entries()
    print(f"build cache: {cache.cache_dir()} ({len(entries)} {'entry' if len(entries) == 1 else 'entries'})")
    for p in entries:
        print(f"  {p.name}  {p.stat().st_size / 1024:.0f} KiB")
    return 0


# ------------------------------------------------------------------------------------------
# parser
# ------------------------------------------------------------------------------------------

def _no_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-cache", action="store_true",
                   help="build the derivation afresh; neither read nor write the build cache")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qsym", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--traceback", action="store_true",
                   help="show the full trace of an error (for bug reports; also QSYM_TRACEBACK=1)")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help="derivations, their steps, checks and kernels")
    s.add_argument("name", nargs="?", help="one derivation (default: all)")
    _no_cache(s)
    s.set_defaults(func=cmd_list)
    s = sub.add_parser("show", help="a derivation as a document (LaTeX or Markdown), step by step")
    s.add_argument("name", nargs="?")
    s.add_argument("--standalone", action="store_true", help="a complete LaTeX document for pdflatex")
    s.add_argument("--format", choices=("latex", "markdown", "text"), default="latex",
                   help="latex (default) or markdown with MathJax $$ blocks (GitHub, documentation sites)")
    _no_cache(s)
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("generate", help="write (or with --check verify) generated/")
    s.add_argument("name", nargs="?")
    s.add_argument("--check", action="store_true", help="fail if generated/ differs from a fresh generation")
    s.add_argument("--out", help="output directory (default: the generated/ package)")
    _no_cache(s)
    codegen_config.add_arguments(s)
    s.set_defaults(func=cmd_generate)
    s = sub.add_parser("check", help="run every check; non-zero exit on failure")
    s.add_argument("name", nargs="?")
    s.add_argument("-j", "--jobs", type=int, default=None,
                   help=f"worker processes (default: the number of processors, {checking.default_jobs()} here)")
    s.add_argument("--only", metavar="CHECK", help="run only the check named CHECK")
    s.add_argument("--json", metavar="FILE", help="write the results as JSON to FILE ('-': to stdout, no table)")
    s.add_argument("-v", "--verbose", action="store_true", help="print every check's detail")
    s.add_argument("--no-cache", action="store_true",
                   help="list the checks from a fresh build, not from the build cache (checks always run)")
    s.set_defaults(func=cmd_check)
    s = sub.add_parser("figure", help="reproduce a paper's figures as PNG")
    s.add_argument("name")
    s.add_argument("--out", default="figures")
    s.add_argument("--scale", choices=("reduced", "paper"), default="reduced",
                   help="sizes of the lattice figures: reduced (minutes on a laptop, the default) or the paper's "
                        "(a cluster: set QSYM_DASK_SCHEDULER)")
    s.add_argument("--only", metavar="FIGURE", help="draw only the figure named FIGURE (e.g. fig2a_phase_diagram)")
    _no_cache(s)
    s.set_defaults(func=cmd_figure)
    sweep_cli.add_parser(sub)
    s = sub.add_parser("new", help="write a model file to start from (your own k.p Hamiltonian), or with "
                                   "--paper a paper's derivation package")
    s.add_argument("name", help="the model's name (a Python identifier); writes NAME.py")
    s.add_argument("--paper", action="store_true",
                   help="write the package derivations/NAME/ of a paper's derivation (build(), symbols, notation, "
                        "a section, kernels, references, figures) and tests/test_NAME.py")
    s.add_argument("--title", help="the paper's title (with --paper)")
    s.add_argument("--dir", default=".", help="where to write it (default: here; with --paper: derivations/)")
    s.set_defaults(func=cmd_new)
    s = sub.add_parser("cache", help="the build cache: where it is, what it holds; 'clear' empties it")
    s.add_argument("action", nargs="?", choices=("info", "clear"), default="info")
    s.set_defaults(func=cmd_cache)
    return p


#: Exit status of a user's mistake (as argparse's usage errors) and of a bug.
USER_ERROR, INTERNAL_ERROR = 2, 70


def main(argv: list[str] | None = None) -> int:
    """The command line. A user's mistake (:class:`qsym.errors.UserError`, a bad input value,
    an unwritable path, a missing optional package) is one line on stderr and exit status 2;
    anything else is a bug, reported in one line with the advice to rerun with ``--traceback``
    (exit status 70). ``--traceback`` or ``QSYM_TRACEBACK=1`` shows the full trace instead."""
    import os

    args = build_parser().parse_args(argv)
    full = args.traceback or os.environ.get("QSYM_TRACEBACK", "") not in ("", "0")
    try:
        from .runtime.compiled import backend

        backend()                          # a misspelt QSYM_BACKEND: refused before any work
        return args.func(args)
    except BrokenPipeError:  # e.g. `qsym show NAME | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("qsym: interrupted", file=sys.stderr)
        return 130
    except (UserError, ValueError, OSError, ModuleNotFoundError) as exc:
        if full:
            raise
        print(f"qsym: error: {_one_line(exc)}", file=sys.stderr)
        return USER_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug: one line, and how to see the trace
        if full:
            raise
        print(f"qsym: internal error: {type(exc).__name__}: {_one_line(exc)} (a bug in qsym: rerun with --traceback "
              "and report the trace)", file=sys.stderr)
        return INTERNAL_ERROR


def _one_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line (a missing package says how to install it)."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        extra = {"matplotlib": "plot", "dask": "dask", "distributed": "dask", "numba": "fast"}.get(exc.name.split(".")[0])
        hint = f": pip install 'qsym[{extra}]'" if extra else ""
        return f"this needs the package {exc.name!r}, which is not installed{hint}"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
