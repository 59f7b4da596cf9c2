"""The compiled backend (numba, ``pip install "qsym[fast]"``) computes what the NumPy backend
computes. Every public generated function whose work a compiled twin does is compared with a copy
of its module kept on the NumPy backend, over its documented domain: the same numbers, the same
refusals of bad input, word for word, and the same empty results.

"The same numbers": to 1e-14 relative for pointwise kernels (1e-12, far inside the route's
documented accuracy, for the fused quadratures, whose sums run in another order), plus ten times
how far NumPy's own result moves, under one-rounding-error moves of the inputs and between its
whole-array and its one-point evaluation (NumPy's SIMD ``pow``, ``exp``, ``sin`` and the C
library's, which compiled code calls, differ by an ulp): where a formula cancels (an overtilted
cone, say) no two evaluations agree better than that, and a wrong formula would still differ by
far more."""

from __future__ import annotations

import importlib
import inspect

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings, strategies as st

pytest.importorskip("numba", reason="the compiled backend needs the fast extra: pip install 'qsym[fast]'")

from compiled_twins import MODULES, agree, worst, numba_backend, numpy_backend, pairs, rounding_spread, sample  # noqa: E402
from domains import CHOICES, arguments, domains, is_constraint_error  # noqa: E402
from qsym.runtime import compiled  # noqa: E402

PAIRS = pairs()
IDS = [f"{m}.{n}" for m, n, _, _ in PAIRS]
#: Points per comparison: every numeric argument is an array of this many drawn values.
POINTS = 12
#: Observables that integrate (a fused quadrature sums in another order than numpy.sum).
#: A failing example is a dozen points already: reported as drawn, not shrunk (shrinking
#: hundreds of draws would take minutes).
NO_SHRINKING = [Phase.explicit, Phase.reuse, Phase.generate]
QUADRATURES = {"sigma_parallel", "sigma_perp", "sigma_drude"}


def _tolerance(name: str) -> float:
    return 1e-12 if name in QUADRATURES else 1e-14


def _point_arguments(function):
    """The numeric, non-channel, non-optional parameters: each gets one value per point."""
    doms = domains(function)
    return [n for n in inspect.signature(function).parameters
            if n in doms and not doms[n].channel and not doms[n].optional and n not in CHOICES]


def _draw_points(function, twin, draw) -> tuple[dict, list] | None:
    """Arguments with ``POINTS`` values per numeric parameter (options and per-channel values
    drawn once), each point inside the documented domain and accepted by the NumPy twin
    (coupled constraints included), and the NumPy twin's result at each point alone (scalar
    arguments); None if fewer than two points were accepted."""
    base = arguments(function, draw)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    doms = domains(function)
    names = [n for n in _point_arguments(function) if n in base]
    drawn = {n: sample(doms[n], rng, POINTS) for n in names}
    keep, alone = [], []
    for i in range(POINTS):
        try:
            with numpy_backend():
                alone.append(twin(**dict(base, **{n: v[i] for n, v in drawn.items()})))
        except ValueError as error:
            assert is_constraint_error(function, error), f"{function.__name__}: {error}"
            continue
        keep.append(i)
    if len(keep) < 2:
        return None
    return dict(base, **{n: v[keep] for n, v in drawn.items()}), alone


def _stacked(results: list) -> tuple:
    """Per-point results stacked into the arrays one call over all points returns."""
    if isinstance(results[0], tuple):
        return tuple(np.stack([r[c] for r in results]) for c in range(len(results[0])))
    return (np.stack(results),)


@pytest.mark.parametrize("module,name,function,twin", PAIRS, ids=IDS)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), phases=NO_SHRINKING)
@given(data=st.data())
def test_compiled_and_numpy_backends_agree_over_the_documented_domain(module, name, function, twin, data):
    drawn = _draw_points(function, twin, data.draw)
    assume(drawn is not None)
    kwargs, alone = drawn
    with numba_backend():
        got = function(**kwargs)
    with numpy_backend():
        want = twin(**kwargs)
        doms = {n: domains(function)[n] for n in _point_arguments(function) if n in kwargs}
        spread = rounding_spread(twin, kwargs, doms, np.random.default_rng(1))
    # NumPy itself: its whole-array loops (SIMD pow, exp, sin) and its scalar ones (the C
    # library's, as compiled code calls) differ by an ulp, which cancellations magnify
    spread = tuple(np.maximum(s, np.abs(w - a).reshape(s.shape))
                   for s, w, a in zip(spread, (want if isinstance(want, tuple) else (want,)), _stacked(alone)))
    assert agree(got, want, _tolerance(name), spread), f"{name}: {worst(got, want, _tolerance(name), spread)}"


@pytest.mark.parametrize("module,name,function,twin", PAIRS, ids=IDS)
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), phases=NO_SHRINKING)
@given(data=st.data())
def test_bad_input_is_refused_with_the_same_words(module, name, function, twin, data):
    """One bad value among good ones (beyond the stated magnitude, NaN, inf): both backends
    refuse it with the same message (the compiled fast path only ever says 'all good')."""
    drawn = _draw_points(function, twin, data.draw)
    assume(drawn is not None)
    kwargs = drawn[0]
    for parameter in _point_arguments(function):
        dom = domains(function)[parameter]
        bad = [np.nan, -np.inf] + ([10 * dom.largest] if dom.largest < np.inf else [])
        for value in bad:
            if parameter not in kwargs:
                continue
            values = kwargs[parameter].copy()
            values[len(values) // 2] = value
            messages = []
            for f, backend in ((function, numba_backend), (twin, numpy_backend)):
                with pytest.raises(ValueError) as error, backend():
                    f(**dict(kwargs, **{parameter: values}))
                messages.append(str(error.value))
            assert messages[0] == messages[1]


@pytest.mark.parametrize("module,name,function,twin", PAIRS, ids=IDS)
@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), phases=NO_SHRINKING)
@given(data=st.data())
def test_an_empty_array_gives_the_same_empty_result(module, name, function, twin, data):
    drawn = _draw_points(function, twin, data.draw)
    assume(drawn is not None)
    kwargs = drawn[0]
    kwargs.update({n: np.array([]) for n in _point_arguments(function)})
    with numba_backend():
        got = function(**kwargs)
    with numpy_backend():
        want = twin(**kwargs)
    for x, y in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
        assert np.shape(x) == np.shape(y) and np.size(x) == 0


def test_the_generated_modules_run_compiled_where_numba_is_installed():
    """Adoption happens: on the numba backend the tilted Dirac metric is a compiled twin, and
    every module with a numba twin has functions compared above (none silently left on NumPy)."""
    import generated.tilted_dirac as g

    assert isinstance(compiled.compiled_twin(g)._quantum_metric_lower, compiled.Twin)
    with_twins = {m for m in MODULES if importlib.import_module(f"generated.numba.{m}").TWINS}
    assert with_twins and with_twins <= {m for m, _, _, _ in PAIRS}


def test_the_agreement_check_can_fail():
    """NaN, inf, a shape change, a 1e-13 relative error and a wrong sign are all caught; the
    rounding spread excuses only differences of its own size."""
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert agree(want * (1 + 1e-15), want, 1e-14)
    for got in (want * np.nan, want + np.inf, want[0], want * (1 + 1e-13), -want):
        assert not agree(got, want, 1e-14)
    assert not agree(want + 1e-9, want, 1e-14, (np.full(want.shape, 1e-12),))
    assert agree(want + 1e-12, want, 1e-14, (np.full(want.shape, 1e-12),))


def test_a_wrong_compiled_kernel_would_be_caught():
    """The comparison is not vacuous: the compiled metric agrees with its NumPy original to
    1e-14, and a loop off by a relative 1e-6 in one parameter (as a slightly wrong formula
    would be) does not."""
    import generated.tilted_dirac as g

    twin = compiled.compiled_twin(g)._quantum_metric_lower
    kx, ky = np.linspace(-0.5, 0.5, 7), np.linspace(0.3, -0.2, 7)
    numpy_result = np.stack(twin.original(kx, ky, 1.0, 0.1, 0.5), axis=-1)
    assert agree(twin.evaluate(kx, ky, 1.0, 0.1, 0.5), numpy_result, 1e-14)
    assert not agree(twin.evaluate(kx, ky, 1.0, 0.1 * (1 + 1e-6), 0.5), numpy_result, 1e-14)
