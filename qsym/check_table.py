"""The table ``qsym check`` prints: rows in registry order as records arrive, errata after each
derivation, and on a terminal a progress line on stderr (so a long run is never silent)."""

from __future__ import annotations

import sys
import time

from . import checking, registry

__all__ = ["CheckPrinter"]

_HEAD = ("check", "kind", "reference", "result", "worst error", "s")


def _fmt_err(x) -> str:
    return "" if x is None else f"{x:.1e}"


def _widths(checks: list[str]) -> tuple[int, ...]:
    return (max([5] + [len(c) for c in checks]), 21, 14, 7, 11, 6)


def _row(rec: checking.CheckRecord, widths) -> str:
    cells = (rec.check, rec.kind, rec.reference, rec.result, _fmt_err(rec.worst_error), f"{rec.seconds:.2f}")
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()


class CheckPrinter:
    """Prints the check table in registry order as records arrive; on a terminal, a progress
    line on stderr shows what has finished (so a long run is never silent)."""

    def __init__(self, work, *, verbose: bool, quiet: bool, use_cache: bool):
        self.work = dict(work)
        self.verbose = verbose
        self.quiet = quiet
        self.use_cache = use_cache
        self.current = None
        self.seen = 0
        self.tty = sys.stderr.isatty() and not quiet
        self.t0 = time.perf_counter()

    def _progress_clear(self):
        if self.tty:
            sys.stderr.write("\r\033[K")

    def record(self, rec: checking.CheckRecord) -> None:
        if self.quiet:
            return
        self._progress_clear()
        if rec.derivation != self.current:
            if self.current is not None:
                self._errata(self.current)
            self.current = rec.derivation
            title = registry.load(rec.derivation, use_cache=self.use_cache).title
            self.widths = _widths(self.work[rec.derivation])
            print(f"\n{rec.derivation}: {title}")
            print("  ".join(h.ljust(w) for h, w in zip(_HEAD, self.widths)).rstrip())
            print("  ".join("-" * w for w in self.widths))
        print(_row(rec, self.widths), flush=True)
        if rec.failed or self.verbose:
            for line in rec.detail.splitlines():
                print("      " + line)
        self.seen += 1
        if self.seen == sum(len(c) for c in self.work.values()):
            self._errata(self.current)

    def progress(self, done: int, total: int, rec: checking.CheckRecord) -> None:
        if self.tty:
            text = (f"[{done}/{total}] {time.perf_counter() - self.t0:5.1f} s  last: "
                    f"{rec.derivation}: {rec.check} ({rec.result}, {rec.seconds:.1f} s)")
            sys.stderr.write("\r\033[K" + text[:150])
            sys.stderr.flush()

    def _errata(self, name: str) -> None:
        for e in checking.errata(name, use_cache=self.use_cache):
            print(f"\nerratum {e.name} ({e.reference}): {e.note}")
            print(f"  printed: {e.printed}")
            print(f"  derived: {e.derived}")
            print(f"  evidence: check {e.evidence}")
