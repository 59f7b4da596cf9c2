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
