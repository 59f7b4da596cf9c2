"""Every check of the BHZ derivation passes (derived vs printed, series, numeric routes)."""

import pytest

from derivations.bhz_decoherence import build

CHECKS = [c.name for c in build().checks]


@pytest.mark.parametrize("name", CHECKS)
def test_derivation_check(bhz, name):
    [(check, result, _)] = bhz.run_checks(only=name)
    assert result.passed, f"{name}: {result.detail}"


def test_eq10_erratum_is_recorded_with_its_evidence(bhz):
    [erratum] = bhz.errata
    assert erratum.reference.equation == "10"
    assert erratum.evidence in CHECKS


def test_drude_numeric_route_converges(bhz):
    from derivations.bhz_decoherence import drude_numeric_route, paper_parameters

    p = paper_parameters()
    coarse = drude_numeric_route(0.05, 0.01, 1e-3, points=801, **p)
    fine = drude_numeric_route(0.05, 0.01, 1e-3, points=1201, **p)
    assert abs(coarse - fine) < 1e-8 * abs(fine)
