"""qsym.runtime: Fermi functions, validation and the radial quadrature against exact results."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, strategies as st

from qsym import runtime
from qsym.runtime.quadrature import geometric_fill, radial_rule
from qsym.runtime.radial import fermi_edge_energies, integrate_radial


def _conditioned_tolerance(x, kT):
    """Rounding x/kT perturbs exp(-x/kT) by a relative |x/kT| eps: the problem's own condition."""
    return 4e-16 * (1 + abs(x / kT))


@given(st.floats(-50, 50), st.floats(1e-6, 10))
@example(10.0, 0.05078125)  # x/kT ~ 197 in the exponentially small tail (found by hypothesis)
def test_fermi_function_matches_mpmath(x, kT):
    ref = 1 / (mpmath.exp(mpmath.mpf(x) / mpmath.mpf(kT)) + 1)
    assert math.isclose(runtime.fermi(x, kT), float(ref), rel_tol=_conditioned_tolerance(x, kT), abs_tol=1e-300)


@given(st.floats(-50, 50), st.floats(1e-6, 10))
@example(-17.02682835009078, 0.3303702439271507)  # failed against the old mpmath.diff oracle (15 digits)
def test_thermal_window_is_minus_derivative_of_fermi(x, kT):
    # -df/dx = 1/(4 kT cosh^2(x/2kT)) exactly; evaluated by mpmath at 40 digits
    with mpmath.workdps(40):
        x_, kT_ = mpmath.mpf(x), mpmath.mpf(kT)
        ref = 1 / (4 * kT_ * mpmath.cosh(x_ / (2 * kT_)) ** 2)
    assert math.isclose(runtime.fermi_window(x, kT), float(ref), rel_tol=1e-12 + _conditioned_tolerance(x, kT),
                        abs_tol=1e-300)


def test_thermal_window_oracle_is_the_derivative_of_the_fermi_function():
    """The closed form used above is -df/dx: checked against mpmath.diff at 50 digits."""
    with mpmath.workdps(50):
        for x, kT in ((-17.02682835009078, 0.3303702439271507), (0.3, 0.1), (2.0, 0.7)):
            num = -mpmath.diff(lambda y: 1 / (mpmath.exp(y / mpmath.mpf(kT)) + 1), mpmath.mpf(x))
            closed = 1 / (4 * mpmath.mpf(kT) * mpmath.cosh(mpmath.mpf(x) / (2 * mpmath.mpf(kT))) ** 2)
            assert abs(num / closed - 1) < mpmath.mpf(10) ** -30  # mpmath.diff: 1e-39 at x/kT ~ -50


def test_fermi_function_at_zero_temperature_is_a_step():
    x = np.array([-1.0, -1e-300, 0.0, 1e-300, 1.0])
    assert np.array_equal(runtime.fermi(x, 0.0), [1, 1, 0.5, 0, 0])
    assert np.array_equal(runtime.fermi_window(x, 0.0), np.zeros(5))


def test_fermi_function_never_overflows():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        vals = runtime.fermi(np.array([-1e6, 1e6]), 1e-9)
    assert np.array_equal(vals, [1.0, 0.0])


def test_radial_rule_integrates_power_law_tail_exactly():
    # int_0^inf k/(1+k^2)^3 dk = 1/4
    nodes, w = radial_rule([0.5, 1.0, 2.0], order=20)
    assert math.isclose(np.sum(w * nodes / (1 + nodes**2) ** 3), 0.25, rel_tol=1e-13)


@pytest.mark.parametrize("kT", [1e-6, 1e-3, 0.1])
@pytest.mark.parametrize("mu", [0.3, 1.0, 3.0])
def test_fermi_edge_panels_resolve_a_sharp_edge(mu, kT):
    # int_0^inf f(k^2 - mu) 2k dk = int_0^inf f(e - mu) de = kT log(1 + exp(mu/kT)), exact
    edges = fermi_edge_energies(mu, kT, 0.0)
    k_edges = np.sqrt(edges)
    breaks = np.concatenate([geometric_fill([1.0], 6), k_edges])
    nodes, w = radial_rule(breaks, order=20)
    val = np.sum(w * 2 * nodes * runtime.fermi(nodes**2 - mu, kT))
    ref = kT * mpmath.log(1 + mpmath.exp(mpmath.mpf(mu) / kT))
    assert math.isclose(val, float(ref), rel_tol=1e-12)


def test_integrate_radial_chunks_give_the_same_result():
    breaks = np.broadcast_to([0.5, 1.0, 2.0], (7, 3))
    a = np.linspace(1, 2, 7)
    f = lambda k, a: k / (a + k**2) ** 3  # noqa: E731
    big = integrate_radial(f, breaks, (a,), order=16)
    small = integrate_radial(f, breaks, (a,), order=16, block=10)
    assert np.array_equal(big, small)
    np.testing.assert_allclose(big, 1 / (4 * a**2), rtol=1e-13)


@pytest.mark.parametrize("value, message", [
    (-0.1, "kT [eV] must be >= 0; got -0.1"),
    (float("nan"), "kT [eV] must be finite"),
    (float("inf"), "kT [eV] must be finite"),
    (1j, "kT [eV] must be real"),
    ("warm", "kT [eV] must be a real number"),
])
def test_bad_input_names_parameter_and_range(value, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        runtime.as_real_array("kT", value, units="eV", lower=0.0)


def test_nonzero_parameter_rejects_zero():
    with pytest.raises(ValueError, match="B must be != 0"):
        runtime.as_real_array("B", [1.0, 0.0], nonzero=True)
