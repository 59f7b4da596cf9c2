"""Figures of the helical-edge spin-texture derivation (filled in below)."""

FIGURES = ()
