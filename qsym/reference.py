"""Where a step, a kernel or a check comes from: a paper and an equation, or ``derived``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Reference"]


@dataclass(frozen=True)
class Reference:
    """Where a step comes from: a paper file and equation number, or ``derived``.

    Parameters
    ----------
    source : str
        Paper file name in ``shared/papers`` (or a citation), or ``"derived"``.
    equation : str, optional
        Equation number as printed, e.g. ``"3"`` or ``"6"``; ``None`` for text statements.
    """

    source: str
    equation: str | None = None

    @property
    def tag(self) -> str:
        """Short tag for LaTeX ``\\tag{}`` and tables, e.g. ``"3"`` or ``"text"``."""
        if self.equation:
            return self.equation
        return "derived" if self.source == "derived" else "text"

    def __str__(self) -> str:
        if self.source == "derived":
            return "derived" + (f" (cf. Eq. {self.equation})" if self.equation else "")
        return f"Eq. ({self.equation})" if self.equation else "text"
