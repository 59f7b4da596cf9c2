"""Shared fixtures and hypothesis profiles.

Profiles: ``ci`` (derandomized, fixed example counts, no deadline) is loaded when the
environment variable CI is set or QSYM_HYPOTHESIS_PROFILE=ci; ``default`` explores.
Failures hypothesis finds are kept as ``@example``s in the tests.
"""

import os

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("QSYM_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))


@pytest.fixture(scope="session")
def bhz():
    from derivations.bhz_decoherence import build

    return build()


@pytest.fixture(scope="session")
def bhz_generated():
    import generated.bhz_decoherence as mod

    return mod


_MP_CACHE = {}


def mp_function(kernel):
    """mpmath evaluation (30 digits) of a kernel's SymPy expression: the reference route."""
    from qsym.functions import MPMATH_FUNCTIONS

    if kernel.name not in _MP_CACHE:
        _MP_CACHE[kernel.name] = sp.lambdify(
            [a.symbol for a in kernel.args], kernel.expr, modules=[MPMATH_FUNCTIONS, "mpmath"])
    return _MP_CACHE[kernel.name]


@pytest.fixture(autouse=True)
def _mp_precision():
    with mpmath.workdps(30):
        yield


@pytest.fixture(scope="session")
def qmn():
    from derivations.quantum_metric_nonlinear import build

    return build()


@pytest.fixture(scope="session")
def qmn_generated():
    import generated.quantum_metric_nonlinear as mod

    return mod
