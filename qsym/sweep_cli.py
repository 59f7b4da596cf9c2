"""``qsym sweep``: a parameter sweep or disorder average of a task function, on dask.

    qsym sweep semimagnetic_lattice.hall_sample --param L=4,6 --param Lz=4 --param W=0.5,1.0 \\
        --param E_F=0.01 --seeds 10 --store hall.jsonl [--scheduler tcp://host:8786] [--workers 2]

``TASK`` is ``DERIVATION.FUNCTION`` (a function of ``derivations/<DERIVATION>/tasks.py``) or
``module:function``. The grid is the product of the ``--param`` values; each point runs with
seeds 0 ... N-1. Records go to ``--store`` as they finish; run the same command again to
resume. At the end a table gives, per point and result, the mean, standard error and count.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import inspect
import itertools

from .errors import UserError

__all__ = ["add_parser", "cmd_sweep"]


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _param(text: str) -> tuple[str, list]:
    name, sep, values = text.partition("=")
    if not sep or not name or not values:
        raise argparse.ArgumentTypeError(f"--param must read NAME=V1,V2,...; got {text!r}")
    return name, [_value(v) for v in values.split(",")]


def resolve_task(name: str):
    """The task function named ``DERIVATION.FUNCTION`` or ``module:function``."""
    module, sep, function = name.partition(":") if ":" in name else (None, None, None)
    if module is None:
        derivation, sep, function = name.partition(".")
        if not sep:
            raise UserError(f"sweep: TASK must be DERIVATION.FUNCTION or module:function; got {name!r}")
        module = f"derivations.{derivation}.tasks"
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise UserError(f"sweep: no task module {module!r} ({exc})") from exc
    if not callable(getattr(mod, function, None)):
        raise UserError(f"sweep: {module} has no task function {function!r}")
    return getattr(mod, function)


def cmd_sweep(args) -> int:
    from .lattice.sweep import run_sweep, summarize

    task = resolve_task(args.task)
    names = [n for n, _ in args.param]
    grid = [dict(zip(names, combo)) for combo in itertools.product(*(v for _, v in args.param))]
    if args.seeds < 1:
        raise UserError(f"sweep: --seeds must be >= 1; got {args.seeds}")
    version = hashlib.sha256(inspect.getsource(inspect.getmodule(task)).encode()).hexdigest()[:12]
    try:
        records = run_sweep(task, grid, range(args.seeds), args.store, version=version, scheduler=args.scheduler,
                            workers=args.workers, progress=not args.quiet)
    except (TypeError, ValueError) as exc:
        raise UserError(f"sweep: {exc}") from exc
    for quantity in sorted(records[0]["result"]):
        print(f"{quantity} (mean +- standard error, n samples):")
        for row in summarize(records, quantity):
            point = ", ".join(f"{n} = {row[n]}" for n in names)
            print(f"  {point}: {row['mean']:.6g} +- {row['error']:.2g} (n = {row['n']})")
    return 0


def add_parser(sub) -> None:
    s = sub.add_parser("sweep", help="a parameter sweep / disorder average on dask, resumable",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("task", help="DERIVATION.FUNCTION (derivations/<DERIVATION>/tasks.py) or module:function")
    s.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=V1,V2,...",
                   help="a parameter and its values (repeat for a grid)")
    s.add_argument("--seeds", type=int, default=1, help="disorder realizations per point (seeds 0 ... N-1)")
    s.add_argument("--store", required=True, help="JSON-lines file of results (appended; reused to resume)")
    s.add_argument("--scheduler", default=None,
                   help="address of an existing dask scheduler (default: $QSYM_DASK_SCHEDULER or a LocalCluster)")
    s.add_argument("--workers", type=int, default=None, help="LocalCluster worker processes (default: one per core)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    s.set_defaults(func=cmd_sweep)
