"""Every public generated function honours the domain its docstring states: anywhere inside
it (magnitudes at their documented bounds included) the result is finite, and just outside
it a ValueError names the parameter before any work is done."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from domains import arguments, domains, finite, is_constraint_error, public_functions

FUNCTIONS = public_functions()
IDS = [f"{m}.{n}" for m, n, _ in FUNCTIONS]
#: the exact master-equation routes cost ~1e5 quadrature nodes per point at their bounds
SLOW = {"delta_G_exact", "impurity_polarization_exact"}


@pytest.mark.parametrize("module,name,function", FUNCTIONS, ids=IDS)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_result_is_finite_everywhere_in_the_documented_domain(module, name, function, data):
    if name in SLOW:
        assume(data.draw(st.integers(0, 5)) == 0)  # a sixth of the examples
    kwargs = arguments(function, data.draw)
    try:
        result = function(**kwargs)
    except ValueError as error:
        assert is_constraint_error(function, error), f"{name}({kwargs}): {error}"
        assume(False)
    assert finite(result), f"{name}({kwargs}) = {result}"


@pytest.mark.parametrize("module,name,function", FUNCTIONS, ids=IDS)
def test_every_parameter_states_a_bounded_domain(module, name, function):
    """No parameter is left at 'any real': double precision needs a stated magnitude."""
    for dom in domains(function).values():
        bounded = (dom.largest < np.inf) or (dom.upper < np.inf and dom.lower > -np.inf)
        assert bounded or name in ("Ic", "Is", "hln"), f"{name}: {dom.name} has no upper magnitude"


def _bounded_parameters(function):
    return [d for d in domains(function).values() if not d.channel and not d.optional and d.largest < np.inf]


@pytest.mark.parametrize("module,name,function", FUNCTIONS, ids=IDS)
@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_magnitude_beyond_the_documented_bound_is_refused_naming_the_parameter(module, name, function, data):
    """Outside the stated magnitudes a clear ValueError names the parameter (instead of a NaN,
    an inf or a hang): |x| = 10 x the bound, or a tenth of the smallest allowed |x|."""
    kwargs = arguments(function, data.draw)
    for dom in _bounded_parameters(function):
        beyond = [10 * dom.largest] + ([dom.smallest / 10] if dom.smallest > 0 else [])
        for value in beyond:
            with pytest.raises(ValueError, match=rf"^{dom.name}\b.*\|{dom.name}\|"):
                function(**dict(kwargs, **{dom.name: value}))


@pytest.mark.parametrize("module,name,function", FUNCTIONS, ids=IDS)
@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_an_empty_array_gives_an_empty_result(module, name, function, data):
    kwargs = arguments(function, data.draw)
    first = next(d.name for d in domains(function).values() if not d.channel and not d.optional)
    try:
        result = function(**dict(kwargs, **{first: np.array([])}))
    except ValueError as error:  # a coupled constraint among the other (drawn) parameters
        assert is_constraint_error(function, error), f"{name}: {error}"
        assume(False)
    for array in result if isinstance(result, tuple) else (result,):
        assert np.asarray(array).size == 0
