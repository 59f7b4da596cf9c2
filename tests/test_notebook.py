"""The example notebook runs, and in a Jupyter kernel a derivation displays as a table of its
steps, a step as its equation, a check table and a kernel as themselves."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from qsym import registry

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_example_notebook_executes_and_displays_steps_checks_kernels_and_its_plot(tmp_path):
    nb = nbformat.read(EXAMPLES / "bhz_decoherence.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    data = [o.get("data", {}) for o in outputs]
    assert any("<table>" in d.get("text/html", "") and "tau_parallel" in d["text/html"] for d in data)
    assert any(d.get("text/latex", "").startswith("$$") for d in data)
    assert any("checks passed" in d.get("text/html", "") for d in data)
    assert any("allowed:" in d.get("text/markdown", "") for d in data)
    assert any("image/png" in d for d in data), "the plot cell shows no image (a non-inline backend?)"


def test_derivation_step_check_and_kernel_have_rich_displays():
    d = registry.get("bhz_decoherence")
    assert d._repr_html_().count("<tr>") == len(d.steps) + 1
    assert d["tau_parallel"]._repr_latex_().startswith("$$\\begin{aligned}")
    table = d.run_checks(only="band_energy_matches_paper")
    assert table.passed and "1 of 1 checks passed" in table._repr_html_()
    assert "pass" in table[0][1]._repr_html_()
    assert "allowed:" in d.kernels[0]._repr_markdown_()
