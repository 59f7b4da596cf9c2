"""qsym's topological invariants against PythTB (the ``peers`` extra): Chern numbers of the
Qi-Wu-Zhang and Haldane models by PythTB's ``wf_array.berry_flux`` (Berry phases of the
plaquettes, ``-Im ln det`` of overlap products: the convention A = <u|i grad u> of qsym, so no
sign changes) on a 41 x 41 grid, against :func:`qsym.model.topology.chern_number`.

PythTB's models are written as hoppings: Qi-Wu-Zhang with two orbitals on one site, on-site
m sigma_z and hoppings T_x = (sigma_z - i sigma_x)/2, T_y = (sigma_z - i sigma_y)/2 (so that
T e^{ik} + h.c. = sigma_z cos k + sigma_x sin k); Haldane as in PythTB's own example
(orbitals at 1/3, 2/3 of the cell, t2 e^{i phi} along a1, a2 - a1, -a2 from the first). The
two Haldane gauges differ (PythTB puts the orbital positions in the Bloch phases); Chern
numbers do not depend on it."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from qsym.model import topology

pytest.importorskip("pythtb")

from peer_models import pythtb_chern, pythtb_haldane, pythtb_qwz  # noqa: E402
MODELS = Path(__file__).parent / "models"


def _model(name: str):
    """A test model of tests/models, or a demonstration of derivations/."""
    if not (MODELS / f"{name}.py").exists():
        return importlib.import_module(f"derivations.{name}").MODEL
    spec = importlib.util.spec_from_file_location(f"_peers_{name}", MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MODEL


@pytest.mark.parametrize("m", [-1.0, 1.0, 3.0, -1.5, 0.7, -2.6])
def test_qi_wu_zhang_chern_numbers_agree_with_pythtb(m):
    ours = topology.chern_number(_model("qwz"), params={"m": m})
    theirs = pythtb_chern(pythtb_qwz(m))
    assert abs(theirs - round(theirs)) < 1e-8 and ours.value == round(theirs)


@pytest.mark.parametrize("M, phi", [(0.2, 1.2), (-0.2, 1.2), (0.6, 1.2), (0.0, -0.7), (0.3, 2.5)])
def test_haldane_chern_numbers_agree_with_pythtb(M, phi):
    ours = topology.chern_number(_model("haldane"), params={"M": M, "phi": phi, "t_2": 0.1})
    theirs = pythtb_chern(pythtb_haldane(M, 0.1, phi))
    assert abs(theirs - round(theirs)) < 1e-8 and ours.value == round(theirs)
