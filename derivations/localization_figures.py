"""Figures for ``localization``: HLN curves, alpha_L(L), and the semimagnetic Hall plateau."""

from __future__ import annotations

FIGURES = ()
