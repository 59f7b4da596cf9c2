"""Pages of the qsym documentation produced from the code when the site is built.

* one page per derivation and per demonstration model (``derivations/<name>.md``), rendered
  from the same document model as ``qsym show`` and the PDFs (:func:`qsym.document.blocks`,
  printed by :func:`qsym.document.to_markdown` in its MyST form):
  steps as mathematics, the symbol table, checks as sentences, errata boxed, its figures;
* the API reference (``api/``): one page per module of ``qsym`` and per generated module;
* the gallery (``gallery.md``): every figure ``qsym figure`` draws, drawn now;
* counts used in the text as MyST substitutions (``{{ n_checks }}``), so none is typed by hand;
* the ``qsym-run`` directive: runs a command while the site is built, shows what it printed,
  and fails the build if it fails, so every command in the guide is executed.

Generated pages are written only when their text changes (Sphinx then re-reads only those).
"""

from __future__ import annotations

import os
import importlib.util
import pkgutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

LOG = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]


# -- writing -------------------------------------------------------------------------------
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


# -- counts --------------------------------------------------------------------------------
def _inventory() -> list[dict]:
    from qsym import registry
    from qsym.derivation import Check

    rows = []
    for name in registry.names():
        d = registry.load(name)
        mod = registry.module(name)
        rows.append({"name": name, "title": d.title, "model": hasattr(mod, "MODEL"), "derivation": d,
                     "checks": sum(isinstance(s, Check) for s in d.steps),
                     "steps": sum(not isinstance(s, Check) for s in d.steps),
                     "kernels": len(d.kernels), "errata": len(d.errata)})
    return rows


def _substitutions(rows: list[dict]) -> dict:
    import sympy

    return {"n_derivations": str(len(rows)), "n_papers": str(sum(not r["model"] for r in rows)),
            "n_models": str(sum(r["model"] for r in rows)), "n_checks": str(sum(r["checks"] for r in rows)),
            "n_steps": str(sum(r["steps"] for r in rows)), "n_kernels": str(sum(r["kernels"] for r in rows)),
            "n_errata": str(sum(r["errata"] for r in rows)), "sympy_version": sympy.__version__,
            "python_version": ".".join(map(str, sys.version_info[:2]))}


# -- derivation pages ----------------------------------------------------------------------
def _derivation_page(row: dict, figures: list[Path], src: Path) -> str:
    from qsym.document import document, to_markdown

    kind = "a user model (a Bloch Hamiltonian file)" if row["model"] else "a paper's derivation"
    items = document(row["name"])
    head = [f"({row['name']})=", to_markdown(items[:1]), "",
            f"`{row['name']}` is {kind}: {row['steps']} steps, {row['checks']} checks, {row['kernels']} "
            f"generated kernels ([API](../api/generated.{row['name']}.rst)), {row['errata']} errata. "
            f"Print it with `qsym show {row['name']}`, check it with `qsym check {row['name']}`.", ""]
    body = to_markdown(items[1:], myst=True)
    if figures:
        body += "\n## Figures\n\n" + "\n\n".join(
            f"```{{figure}} {os.path.relpath(f, src / 'derivations')}\n:width: 100%\n\n`{f.stem}` "
            f"(`qsym figure {row['name']}`)\n```" for f in figures) + "\n"
    return "\n".join(head) + body


def _derivation_index(rows: list[dict]) -> str:
    def table(sel):
        return ("| name | title | steps | checks | kernels | errata |\n|---|---|---|---|---|---|\n"
                + "\n".join(f"| [{r['name']}]({r['name']}.md) | {r['title'].replace('|', '/')} | {r['steps']} | {r['checks']} "
                            f"| {r['kernels']} | {r['errata']} |" for r in sel))

    papers, models = [r for r in rows if not r["model"]], [r for r in rows if r["model"]]
    toc = "\n".join(r["name"] for r in rows)
    return ("# Derivations and models\n\nEach page is the derivation as `qsym show` prints it: the paper, "
            "the model, units and conventions, the symbols, then every step (model input, derived result, "
            "formula as printed) with its equation, every check as a sentence, and the errata boxed with "
            "their evidence.\n\n## Papers\n\n" + table(papers) + "\n\n## Demonstration models\n\n"
            "Bloch-Hamiltonian files in `derivations/`, derived and checked like a paper.\n\n" + table(models)
            + f"\n\n```{{toctree}}\n:hidden:\n\n{toc}\n```\n")


# -- API reference -------------------------------------------------------------------------
def _modules() -> list[str]:
    import qsym

    mods = ["qsym"] + [m.name for m in pkgutil.walk_packages(qsym.__path__, "qsym.") if m.name != "qsym.__main__"]
    if importlib.util.find_spec("numba") is None:      # the compiled backend's scalar helpers import numba
        mods.remove("qsym.runtime.jit")
    return sorted(mods)


def _api(src: Path, names: list[str]) -> None:
    mods = _modules()
    for m in mods:     # each object once, in the module that defines it (re-exports not repeated)
        _write(src / "api" / f"{m}.rst", f"{m}\n{'=' * len(m)}\n\n.. automodule:: {m}\n   :members:\n"
                                          "   :ignore-module-all:\n")
    for n in names:
        m = f"generated.{n}"
        _write(src / "api" / f"{m}.rst", f"{m}\n{'=' * len(m)}\n\n.. automodule:: {m}\n   :members:\n")
    framework = "\n".join(f"{m}" for m in mods)
    kernels = "\n".join(f"generated.{n}" for n in names)
    _write(src / "api" / "index.md",
           "# API reference\n\nFrom the NumPy-style docstrings. The framework (`qsym`) is paper-agnostic; "
           "the generated modules (`generated`) hold the kernels and observables `qsym generate` writes, each "
           "with its units, allowed ranges and the paper's equation.\n\n## The framework\n\n"
           f"```{{toctree}}\n:maxdepth: 1\n\n{framework}\n```\n\n## Generated kernels\n\n"
           f"```{{toctree}}\n:maxdepth: 1\n\n{kernels}\n```\n")


# -- gallery -------------------------------------------------------------------------------
#: Figures left out of the default build: paper-scale sweeps that take minutes, and figures
#: whose responses are integrated over numerically diagonalized bands (15 s and more).
SLOW = {"semimagnetic_lattice"}
SLOW_FIGURES = {("dirac_spectator", "responses"), ("spin1", "responses")}


def _gallery(app, rows: list[dict], src: Path) -> dict[str, list[Path]]:
    import matplotlib

    matplotlib.use("Agg")
    from qsym import codegen, registry

    out = src / "gallery" / "_img"
    out.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, list[Path]] = {}
    for r in rows:
        name = r["name"]
        if name in SLOW and not app.config.qsym_full_gallery:
            continue
        figures = registry.figures(name)
        if not figures:
            continue
        t0 = time.perf_counter()
        module = codegen.load_module(r["derivation"])
        paths = []
        for fig, draw in figures.items():
            if (name, fig) in SLOW_FIGURES and not app.config.qsym_full_gallery:
                continue
            paths += [Path(p) for p in draw(module, out)]
        LOG.info(f"qsym gallery: {name}: {len(paths)} figures in {time.perf_counter() - t0:.1f} s")
        drawn[name] = sorted(paths)
    sections = []
    for name, paths in drawn.items():
        imgs = "\n".join(f"```{{image}} _img/{p.name}\n:width: 48%\n:target: _images/{p.name}\n```"
                         for p in paths)
        sections.append(f"## [{name}](../derivations/{name}.md)\n\n{imgs}")
    skipped = [f"`{n}`" for n in sorted(SLOW) if n not in drawn]
    skipped += [f"`{n}`'s {f}" for n, f in sorted(SLOW_FIGURES) if not app.config.qsym_full_gallery]
    note = (f"\n\nNot drawn here: {', '.join(skipped)} (dask sweeps of several minutes, or responses of "
            "numerically diagonalized bands; `QSYM_DOCS_FULL=1` draws them, as does "
            "`qsym figure NAME --out DIR`).") if skipped else ""
    _write(src / "gallery" / "index.md",
           "# Gallery\n\nEvery figure `qsym figure` draws, drawn when this site was built" + note + "\n\n"
           + "\n\n".join(sections) + "\n")
    return drawn


# -- build hook ----------------------------------------------------------------------------
def generate(app) -> None:
    src = Path(app.srcdir)
    t0 = time.perf_counter()
    rows = _inventory()
    app.config.myst_substitutions.update(_substitutions(rows))
    drawn = _gallery(app, rows, src)
    for r in rows:
        _write(src / "derivations" / f"{r['name']}.md", _derivation_page(r, drawn.get(r["name"], []), src))
    _write(src / "derivations" / "index.md", _derivation_index(rows))
    _api(src, [r["name"] for r in rows])
    LOG.info(f"qsym pages: {len(rows)} derivations, gallery and API written in {time.perf_counter() - t0:.1f} s")


# -- qsym-run ------------------------------------------------------------------------------
class RunDirective(Directive):
    """Run a shell command (from a scratch folder, the repository's ``tests/models`` copied
    in as ``models/``) and show it with what it printed; a failure fails the build.

    Options: ``:hide-lines: N-M`` drops output lines (long listings), ``:stderr:`` shows stderr too.
    """

    has_content = True
    required_arguments = 0
    option_spec = {"hide-lines": directives.unchanged, "stderr": directives.flag, "cwd": directives.unchanged}

    def run(self):
        command = " ".join(self.content).strip().replace("{ROOT}", str(ROOT))
        env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
                   PYTHONPATH=str(ROOT), COLUMNS="110")
        cwd = self.state.document.settings.env.app.config.qsym_run_dir
        t0 = time.perf_counter()
        run = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        if run.returncode != 0:
            raise self.error(f"qsym-run: `{command}` exited {run.returncode}:\n{run.stderr[-2000:]}")
        lines = run.stdout.rstrip("\n").splitlines()
        if "stderr" in self.options:
            lines = run.stderr.rstrip("\n").splitlines() + lines
        if "hide-lines" in self.options:
            a, b = (int(x) for x in self.options["hide-lines"].split("-"))
            lines = lines[:a - 1] + ["..."] + lines[b:]
        shown = " ".join(self.content).strip().replace("cd {ROOT} && ", "")
        text = "$ " + shown + "\n" + "\n".join(lines)
        block = nodes.literal_block(text, text, language="console")
        caption = nodes.paragraph(text=f"(run when this page was built: {seconds:.1f} s)")
        caption["classes"].append("qsym-run-time")
        return [block, caption]


_BARS = __import__("re").compile(r"(?<![\\|`])\|(?=[^\s|])([^|\n`]*?[^\s\\|])\|(?![|_`])")


def _escape_bars(app, what, name, obj, options, lines) -> None:
    """Docstrings write |x| for absolute values; reStructuredText would read a substitution."""
    for n, line in enumerate(lines):
        lines[n] = _BARS.sub(lambda m: "\\|" + m.group(1) + "\\|", line)


def _run_dir(app) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="qsym-docs-"))
    (scratch / "models").symlink_to(ROOT / "tests" / "models")
    app.config.qsym_run_dir = str(scratch)


def setup(app):
    app.add_config_value("qsym_full_gallery", False, "env")
    app.add_config_value("qsym_run_dir", "", "env")
    app.add_directive("qsym-run", RunDirective)
    app.connect("builder-inited", _run_dir)
    app.connect("autodoc-process-docstring", _escape_bars)
    app.connect("builder-inited", generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
