"""Task functions for tests/test_sweep.py (importable by dask workers)."""

import time
import uuid
from pathlib import Path

import numpy as np


def noisy_square(x: float, marks: str, delay: float, seed: int) -> dict:
    """x^2 plus seeded noise; leaves a marker file per call so a test can count calls."""
    Path(marks, f"{x}_{seed}_{uuid.uuid4().hex}").touch()
    time.sleep(delay)
    return {"value": x * x + 0.1 * np.random.default_rng(seed).standard_normal()}


def checked_square(x: float, seed: int) -> dict:
    """x^2, for x >= 0 only: its ``validate`` refuses negative x before any worker starts."""
    return {"value": x * x}


def _validate_checked_square(x: float, seed: int) -> None:
    if x < 0:
        raise ValueError(f"x must be >= 0; got {x}")


checked_square.validate = _validate_checked_square
