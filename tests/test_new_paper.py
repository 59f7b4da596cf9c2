"""`qsym new --paper NAME` starts a paper the way the guide describes: the scaffold is a working
derivation (its checks pass, its kernel generates and agrees with numpy), laid out like the
shipped papers, and the registry finds it without touching the framework."""

import importlib
import sys

import numpy as np
import pytest

from qsym.codegen import load_module
from qsym.paper_template import write_paper
from qsym.prose import ascii_math


@pytest.fixture
def scaffold(tmp_path, monkeypatch):
    import derivations

    name = "scaffold_paper_for_tests"
    (tmp_path / "tests").mkdir()
    written = write_paper(name, tmp_path, title="A scaffold", tests_dir=tmp_path / "tests")
    monkeypatch.setattr(derivations, "__path__", list(derivations.__path__) + [str(tmp_path)])
    yield name, written
    for mod in [m for m in sys.modules if m.startswith(f"derivations.{name}")]:
        del sys.modules[mod]


def test_a_new_paper_is_a_package_laid_out_like_the_shipped_ones(scaffold):
    name, written = scaffold
    files = {p.name for p in written}
    assert {"__init__.py", "symbols.py", "notation.py", "model.py", "kernels.py", "references.py",
            "figures.py", f"test_{name}.py"} <= files


def test_a_new_paper_builds_checks_and_generates_its_kernel(scaffold):
    name, _ = scaffold
    d = importlib.import_module(f"derivations.{name}").build()
    table = d.run_checks()
    assert len(table) >= 2 and all(res.passed for _, res, _ in table), [(c.name, r.detail) for c, r, _ in table]
    assert {s.kind for s in d.steps} == {"define", "derive", "state", "check"}
    mod = load_module(d)
    assert np.isclose(mod.band_energy(0.5, v=1.0, m=0.1), np.sqrt(0.26), rtol=1e-15)
    with pytest.raises(ValueError, match="v"):
        mod.band_energy(0.5, v=-1.0, m=0.1)


def test_a_new_paper_writes_its_prose_as_mathematics(scaffold):
    name, _ = scaffold
    from qsym.document import Paragraph, blocks

    d = importlib.import_module(f"derivations.{name}").build()
    prose = [b.text for b in blocks(d) if isinstance(b, Paragraph)]
    assert prose and not [t for t in prose if ascii_math(t)]


def test_a_new_paper_refuses_a_bad_name_or_an_existing_package(tmp_path):
    with pytest.raises(ValueError, match="identifier"):
        write_paper("Not-a-name", tmp_path)
    write_paper("taken", tmp_path)
    with pytest.raises(FileExistsError):
        write_paper("taken", tmp_path)
