"""Small helpers shared by the figure modules of the derivations (matplotlib imported lazily)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["save_figure"]


def save_figure(fig, out: Path, name: str, dpi: int = 120) -> Path:
    """Tight layout, write ``out/name`` and close the figure; returns the path."""
    import matplotlib.pyplot as plt

    path = Path(out) / name
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
