"""A user's mistake, as opposed to a bug: a bad model file, path, option or input. The command
line reports it in one line (``qsym: error: ...``) and exits with status 2; ``--traceback``
(or ``QSYM_TRACEBACK=1``) shows the full trace for a bug report."""

from __future__ import annotations

import os
import traceback

__all__ = ["UserError", "where_in_file"]


class UserError(Exception):
    """A mistake the user can fix from the message alone."""


def where_in_file(exc: BaseException, path: str) -> str:
    """``path:line`` of the innermost frame of ``exc``'s traceback inside the file ``path``
    (the line of a syntax error), or ``path`` alone."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{path}:{exc.lineno}"
    target = os.path.realpath(path)
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.realpath(frame.filename) == target:
            line = frame.lineno
    return f"{path}:{line}" if line else str(path)
