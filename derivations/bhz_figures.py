"""Figures of the BHZ decoherence paper (placeholder, filled below)."""


def register(d):
    pass
