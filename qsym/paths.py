"""Output paths of the command line: checked before any work is done, written atomically, and
no empty folder left behind by a command that fails."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UserError

__all__ = ["writable_file", "writable_directory", "write_text_atomic", "output_directory"]


def writable_file(path: str | os.PathLike, what: str) -> Path:
    """``path`` as a Path after checking that a file can be written there (its folder exists and
    is writable, and it is not a folder itself); nothing is created."""
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{what} {str(path)!r} is a folder, not a file")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"{what} {str(path)!r}: its folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise UserError(f"{what} {str(path)!r} cannot be written (permission denied)")
    return p


def writable_directory(path: str | os.PathLike, what: str) -> Path:
    """``path`` as a Path after checking that files can be written into it: an existing,
    writable folder, or a folder that can be created (its nearest existing parent is a writable
    folder). Nothing is created here: callers create it when they write (so a failure leaves
    no empty folder behind)."""
    p = Path(path)
    if p.exists():
        if not p.is_dir():
            raise UserError(f"{what} {str(path)!r} exists and is not a folder")
        if not os.access(p, os.W_OK):
            raise UserError(f"{what} {str(path)!r} cannot be written (permission denied)")
        return p
    parent = p.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise UserError(f"{what} {str(path)!r} cannot be created: {str(parent)!r} is not a writable folder")
    return p


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename: a
    reader sees the old file or the new one, never half of it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


@contextlib.contextmanager
def output_directory(path: str | os.PathLike, what: str):
    """The folder ``path``, created for the block's writes (checked first by
    :func:`writable_directory`); if the block fails or writes nothing into a folder it
    created, the folder (with the empty parents it created) is removed again."""
    target = writable_directory(path, what)
    created = []
    p = target
    while not p.exists():
        created.append(p)
        p = p.parent
    target.mkdir(parents=True, exist_ok=True)
    try:
        yield target
    finally:
        for folder in created:                 # innermost first
            try:
                folder.rmdir()                 # only if empty
            except OSError:
                break
