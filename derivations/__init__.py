"""Derivations, one module per paper; found by qsym.registry."""
