"""Honest waits: anything that can take more than a couple of seconds says so on stderr.

:func:`announce` is a context manager for one long step (a derivation's build, a k-integral
at kT = 0): silent if the step is done within ``after`` seconds, otherwise one line when the
wait starts being noticeable and one with the time it took. :class:`Countdown` reports the
tasks of a batch as they finish, with an estimate of the time left.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

__all__ = ["announce", "Countdown", "QUIET"]

#: Set to True (or the environment variable QSYM_QUIET=1) to silence progress lines.
QUIET = False


def _quiet() -> bool:
    import os

    return QUIET or os.environ.get("QSYM_QUIET") == "1"


def _say(text: str) -> None:
    print(f"qsym: {text}", file=sys.stderr, flush=True)


@contextmanager
def announce(label: str, after: float = 1.5):
    """Say ``label`` on stderr if the block runs for more than ``after`` seconds, then say how
    long it took."""
    if _quiet():
        yield
        return
    said = threading.Event()
    t0 = time.perf_counter()

    def start():
        said.set()
        _say(f"{label} ...")

    timer = threading.Timer(after, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if said.is_set():
            _say(f"{label}: done in {time.perf_counter() - t0:.1f} s")


class Countdown:
    """Progress of ``total`` tasks: :meth:`done` after each one prints what finished, how many
    are left and the time left at the rate so far."""

    def __init__(self, total: int, what: str = "task", out=None):
        self.total, self.what, self.n = total, what, 0
        self.t0 = time.perf_counter()
        self.out = out or sys.stderr

    def done(self, detail: str = "") -> str:
        self.n += 1
        elapsed = time.perf_counter() - self.t0
        left = elapsed / self.n * (self.total - self.n)
        eta = f", about {_duration(left)} left" if self.n < self.total else f", all done in {_duration(elapsed)}"
        line = f"{self.n}/{self.total} {self.what}s done{eta}" + (f" ({detail})" if detail else "")
        if not _quiet():
            print(line, file=self.out, flush=True)
        return line


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
