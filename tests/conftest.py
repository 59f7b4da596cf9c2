"""Shared fixtures and hypothesis profiles.

Profiles: ``ci`` (derandomized, fixed example counts, no deadline, no example database) is
the default, so the suite is reproducible wherever it runs: the README's test command is
exactly what CI runs. ``QSYM_HYPOTHESIS_PROFILE=explore`` explores with fresh random
examples (use it when changing a kernel); failures it finds are kept as ``@example``s.

Every derivation is built once per test session (``registry.get`` caches the build), so
tests reach a derivation through the ``derivation`` fixture or the per-paper fixtures below.
Helpers shared by several test modules live in :mod:`helpers`, not here.
"""

import os

import mpmath
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=25, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("explore", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("QSYM_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def derivation():
    """``derivation(name)``: the derivation registered as ``name``, built once per session."""
    from qsym import registry

    return registry.get


@pytest.fixture(scope="session")
def bhz(derivation):
    return derivation("bhz_decoherence")


@pytest.fixture(scope="session")
def bhz_generated():
    import generated.bhz_decoherence as mod

    return mod


@pytest.fixture(scope="session")
def qmn(derivation):
    return derivation("quantum_metric_nonlinear")


@pytest.fixture(scope="session")
def qmn_generated():
    import generated.quantum_metric_nonlinear as mod

    return mod


@pytest.fixture(autouse=True)
def _mp_precision():
    with mpmath.workdps(30):
        yield


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch):
    """A build cache of its own (QSYM_CACHE_DIR) for a test."""
    path = tmp_path / "qsym-cache"
    monkeypatch.setenv("QSYM_CACHE_DIR", str(path))
    return path


@pytest.fixture(scope="session", autouse=True)
def _session_build_cache(tmp_path_factory):
    """The suite never reads or writes the user's build cache."""
    old = os.environ.get("QSYM_CACHE_DIR")
    os.environ["QSYM_CACHE_DIR"] = str(tmp_path_factory.mktemp("qsym-cache"))
    yield
    if old is None:
        os.environ.pop("QSYM_CACHE_DIR", None)
    else:
        os.environ["QSYM_CACHE_DIR"] = old


# ------------------------------------------------------------------------------------------
# A table of every derivation check at the end of the run (also under pytest-xdist: the
# rows travel with the test reports), so the log shows each check, its result and error.
# ------------------------------------------------------------------------------------------

_CHECK_ROWS: list = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _CHECK_ROWS.extend(value for key, value in report.user_properties if key == "qsym_check")


def pytest_terminal_summary(terminalreporter):
    if not _CHECK_ROWS:
        return
    rows = sorted(_CHECK_ROWS, key=lambda r: (r[0], r[1]))  # registry order: derivation, then position
    tr = terminalreporter
    tr.section(f"qsym checks: {len(rows)} run")
    by_derivation: dict = {}
    for r in rows:
        by_derivation.setdefault(r[0], []).append(r)
    for name, group in by_derivation.items():
        tr.write_line(f"{name}: {len(group)} checks")
        for _, _, check, kind, ref, status, err, secs in group:
            err_text = "" if err is None else f"{err:.1e}"
            tr.write_line(f"  {check:62s} {kind:18s} {ref:15s} {status:7s} {err_text:>8s} {secs:6.2f}s")
    failed = sum(r[5] == "FAIL" for r in rows)
    errata = sum(r[5] == "erratum" for r in rows)
    tr.write_line(f"{len(rows) - failed} of {len(rows)} checks passed ({errata} as errata), {failed} failed")


def pytest_addoption(parser):
    parser.addoption("--derivation", metavar="NAME", default=None,
                     help="only the tests parametrized by derivation NAME (and those not parametrized by a "
                          "derivation): the quick loop while writing a paper, e.g. "
                          "`pytest -n 0 --derivation NAME tests/test_derivations.py tests/test_documents.py`")


def pytest_collection_modifyitems(config, items):
    only = config.getoption("--derivation")
    if not only:
        return
    from qsym import registry

    names = set(registry.names())
    if only not in names:
        raise pytest.UsageError(f"--derivation {only!r}: no such derivation; try `qsym list`")
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        named = {v for v in params.values() if isinstance(v, str) and v in names}
        whole = item.get_closest_marker("all_derivations") is not None   # regenerates everything
        (drop if whole or (named and only not in named) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
