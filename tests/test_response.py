"""Responses of user models (qsym.response): the general k-integrals reproduce paper 002's own
Fermi-line sigma_qm; symmetry zeros of the Rashba gas; the sea/surface check can fail."""

import numpy as np
import pytest

from generated import quantum_metric_nonlinear as paper002
from qsym import registry
from qsym.codegen import load_module
from qsym.response import component_labels, evaluate, response

FIG2 = dict(v=1.0, m=0.1, b=1.0, t=0.9)


@pytest.mark.parametrize("kT", [0.01, 0.0])
def test_general_k_integral_reproduces_sigma_qm_of_paper_002(kT):
    """The toy model of Eq. (20) as a user model, its derived Lambda^ijk integrated on a grid
    (kT > 0) or on refined Fermi-surface cells (kT = 0), against the paper derivation's
    Fermi-line integral: 1e-6 relative to the largest value."""
    mus = np.array([0.09, 0.12, 0.25, 0.4])
    comps = ["xyy", "yxy", "xxx", "yyy"]
    r = response("deformed_dirac_pair", "qmd", mus, kT, component=comps, rtol=1e-8)
    ref = np.stack([paper002.sigma_qm(c, mus, kT, **FIG2) for c in comps], -1)
    assert np.all(np.isfinite(r.value))
    assert np.max(np.abs(r.value - ref)) < 1e-6 * np.max(np.abs(ref))


def test_rashba_gas_with_in_plane_field_has_no_bcd_but_a_quantum_metric_dipole():
    r = registry.modules()["rashba_zeeman"].MODEL
    mus = np.array([-0.06, -0.05, -0.04])
    bcd = response("rashba_zeeman", "bcd", mus, r.kT, rtol=1e-7)
    qmd = response("rashba_zeeman", "qmd", mus, r.kT, rtol=1e-7)
    assert np.all(bcd.value == 0)                        # Omega vanishes off the crossing point
    labels = component_labels(r, "qmd")
    # B along x keeps the mirror k_x -> -k_x (with sigma_y -> -sigma_y): components with an odd
    # number of x vanish, the others do not; sigma_iii = 0 for the WPD formula
    top = np.max(np.abs(qmd.value))
    assert top > 1e3 * np.max(qmd.error)
    for c in labels:
        col = np.abs(qmd.value[:, labels.index(c)])
        if c.count("x") % 2 or c in ("xxx", "yyy"):
            assert np.max(col) < 1e-9 * top, c
        else:
            assert np.max(col) > 1e-3 * top, c


def test_sea_surface_check_catches_a_wrong_curvature_derivative(monkeypatch):
    from qsym.model_checks import sea_surface_check

    module = registry.modules()["tilted_dirac"]
    d = registry.get("tilted_dirac")
    mod = load_module(d)
    assert sea_surface_check(d, module.MODEL).passed
    good = mod.berry_curvature_dipole_upper
    monkeypatch.setattr(mod, "berry_curvature_dipole_upper", lambda **kw: 1.001 * good(**kw))
    assert not sea_surface_check(d, module.MODEL).passed


def test_unknown_response_component_and_form_are_refused():
    module = registry.modules()["tilted_dirac"]
    mod = load_module(registry.get("tilted_dirac"))
    with pytest.raises(ValueError, match="response must be"):
        evaluate(mod, module.MODEL, "shg", 0.1, 0.01)
    with pytest.raises(ValueError, match="component of qmd"):
        evaluate(mod, module.MODEL, "qmd", 0.1, 0.01, component="zzz")
    with pytest.raises(ValueError, match="form must be"):
        evaluate(mod, module.MODEL, "qmd", 0.1, 0.01, form="bulk")
