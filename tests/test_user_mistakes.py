"""A user's mistake is one line and a non-zero exit, never a traceback, and nothing broken or
half-written is left behind: model files validated on load (with the file and line), output
paths checked before any work, generated code compiled before it is written, missing optional
packages named with the command that installs them. A hypothesis fuzz mutates a model file
and asserts the same of whatever comes out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qsym import cli, registry
from qsym.model.template import TEMPLATE

GOOD = TEMPLATE.format(name="{name}")
#: (what is wrong, a change to the template, a phrase the one-line message must contain)
BROKEN = [
    ("a syntax error", ("m * sz,", "m * sz,,,"), "SyntaxError"),
    ("a parameter without value", (', r"Dirac velocity $\\hbar v$", value=1.0,', ', r"Dirac velocity $\\hbar v$",'),
     "give its typical value"),
    ("a non-numeric value", ('"mass", value=0.1,', '"mass", value="x",'), "finite real number"),
    ("a parameter declared twice", ('Parameter(t, "eV nm", "tilt"', 'Parameter(m, "eV", "again"'),
     "declared more than once"),
    ("a non-Hermitian H", ("+ m * sz,", "+ sp.I * m * sz,"), "not Hermitian"),
    ("a file that raises", ("MODEL = Model(", "raise RuntimeError('boom')\nMODEL = Model("), "boom"),
    ("a scalar H", ("hamiltonian=v * (kx * sx + ky * sy) + m * sz,", "hamiltonian=v * kx,"), "square matrix"),
    ("a constant H", ("hamiltonian=v * (kx * sx + ky * sy) + m * sz,", "hamiltonian=0 * sx,"),
     "does not depend on the momenta"),
    ("an infinite k_max", ("k_max=1.0,", "k_max=float('inf'),"), "k_max must be a finite number"),
    ("the name of a shipped model", ('name="{name}"', 'name="tilted_dirac"'), "ships with qsym"),
    ("no MODEL", ("MODEL = Model(", "OTHER = Model("), "must define MODEL"),
    ("symbols not declared real", ('sp.symbols("k_x k_y", real=True)', 'sp.symbols("k_x k_y")'), "declare k_x real"),
]
QSYM = [sys.executable, "-m", "qsym"]


def _write(folder: Path, name: str, change=None) -> Path:
    text = GOOD.replace("{name}", name)
    if change is not None:
        old, new = (c.replace("{name}", name) for c in change)
        assert old in text, old
        text = text.replace(old, new)
    path = folder / f"{name}.py"
    path.write_text(text)
    return path


def _run(*args, cwd=None, env=None):
    return subprocess.run(QSYM + list(args), capture_output=True, text=True, cwd=cwd, env=env)


def _one_line_error(proc, *phrases):
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("qsym: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    return lines[0]


@pytest.mark.parametrize("what, change, phrase", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_model_file_is_one_line_naming_the_file_for_every_command(tmp_path, capsys, what, change, phrase):
    path = _write(tmp_path, f"mine_{BROKEN.index((what, change, phrase))}", change)
    for command in (["check"], ["show"], ["generate", "--out", str(tmp_path / "gen")],
                    ["figure", "--out", str(tmp_path / "figs")]):
        assert cli.main([command[0], str(path), *command[1:]]) == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("qsym: error: ") and phrase in lines[0], lines
        assert path.name in lines[0]
    assert not (tmp_path / "gen").exists() and not (tmp_path / "figs").exists()    # nothing written


@pytest.mark.parametrize("which", [0, 4, 9])
def test_the_same_in_a_process_of_its_own_exits_2_with_one_line(tmp_path, which):
    what, change, phrase = BROKEN[which]
    path = _write(tmp_path, "mine", change)
    for command in (["check"], ["generate", "--out", "gen"]):
        _one_line_error(_run(command[0], path.name, *command[1:], cwd=tmp_path), phrase, "mine.py")


def test_a_syntax_error_names_its_line(tmp_path):
    path = _write(tmp_path, "mine", BROKEN[0][1])
    line = _one_line_error(_run("show", str(path)), "SyntaxError")
    number = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if ",,," in text)
    assert f"mine.py:{number}:" in line


def test_traceback_shows_the_full_trace_for_a_bug_report(tmp_path):
    path = _write(tmp_path, "mine", BROKEN[5][1])
    proc = _run("--traceback", "show", str(path))
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_a_parameter_named_like_a_python_keyword_gets_working_kernels(tmp_path):
    """A Rashba coupling called lambda: its generated argument is lambda_ (and the response
    accepts either name)."""
    path = _write(tmp_path, "rashba_like", ('v, m, t = sp.symbols("v m t", real=True)',
                                            'v, m, t = sp.symbols("v lambda t", real=True)'))
    proc = _run("generate", str(path), "--out", str(tmp_path / "gen"))
    assert proc.returncode == 0, proc.stderr
    code = ("import sys; sys.path.insert(0, %r); import rashba_like as g; "
            "print(float(g.energy_lower(0.1, 0.2, v=1.0, lambda_=0.1)))" % str(tmp_path / "gen"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and abs(float(out.stdout) + (0.05 + 0.01) ** 0.5) < 1e-12, out.stderr


def test_output_paths_are_checked_before_any_work(tmp_path):
    (tmp_path / "afile").write_text("")
    _one_line_error(_run("check", "tilted_dirac", "--json", str(tmp_path / "missing" / "r.json")), "does not exist")
    _one_line_error(_run("figure", "tilted_dirac", "--out", str(tmp_path / "afile")), "not a folder")
    _one_line_error(_run("generate", "tilted_dirac", "--out", str(tmp_path / "afile" / "x")), "cannot be created")
    if os.geteuid() != 0:                               # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        _one_line_error(_run("figure", "tilted_dirac", "--out", str(locked / "figs")), "cannot be")


def test_a_failing_figure_leaves_no_empty_folder(tmp_path, monkeypatch, capsys):
    def boom(mod, out):
        raise ValueError("the figure failed")

    monkeypatch.setattr(registry, "figures", lambda name: {"broken": boom})
    assert cli.main(["figure", "tilted_dirac", "--out", str(tmp_path / "a" / "b")]) == 2
    assert "the figure failed" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_qsym_new_refuses_shipped_names_and_keywords(tmp_path):
    for name in ("tilted_dirac", "lambda"):
        _one_line_error(_run("new", name, "--dir", str(tmp_path)))
    assert not list(tmp_path.iterdir())


def test_a_missing_optional_package_is_one_line_saying_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
            "from qsym.cli import main; sys.exit(main(['sweep', 'semimagnetic_lattice.dos_sample', '--param', "
            "'L=4', '--store', %r]))" % str(tmp_path / "s.jsonl"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    _one_line_error(proc, "dask", "pip install")


def test_a_changed_model_file_is_read_again_and_a_failed_load_registers_nothing(tmp_path):
    path = _write(tmp_path, "evolving")
    assert registry.add_file(str(path)) == "evolving"
    first = registry.module("evolving").MODEL
    path.write_text(path.read_text().replace("value=0.1, lower=-10.0", "value=0.2, lower=-10.0"))
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
    registry.add_file(str(path))
    assert registry.module("evolving").MODEL is not first
    assert [p.value for p in registry.module("evolving").MODEL.parameters][1] == 0.2
    bad = _write(tmp_path, "broken_one", BROKEN[4][1])
    with pytest.raises(Exception, match="not Hermitian"):
        registry.add_file(str(bad))
    assert str(bad) not in os.environ.get(registry.MODEL_FILES, "")
    assert not any("broken_one" in name for name in sys.modules)


# ------------------------------------------------------------------------------------------
# the fuzz: random damage to a model file, through the command line in-process
# ------------------------------------------------------------------------------------------

DAMAGE = st.sampled_from([
    lambda text, i: "\n".join(ln for j, ln in enumerate(text.splitlines()) if j != i),          # drop a line
    lambda text, i: "\n".join(ln + (" )" if j == i else "") for j, ln in enumerate(text.splitlines())),
    lambda text, i: text.replace("value=1.0", ["value=None", "value=float('nan')", "value=True", "value=[1]"][i % 4]),
    lambda text, i: text.replace("k_max=1.0", ["k_max=0", "k_max=-1", "k_max='big'", "k_max=1e400"][i % 4]),
    lambda text, i: text.replace("momenta=(kx, ky)", ["momenta=(kx,)", "momenta=(kx, kx)", "momenta=kx",
                                                      "momenta=(kx, ky, v)"][i % 4]),
    lambda text, i: text.replace("name=", ["name=1 or ", "name='a b' or ", "name='class' or ", "name="][i % 4]),
    lambda text, i: text.replace("+ m * sz", ["+ m * sz * kx**-1", "+ m * s0[0]", "+ m", "* sz"][i % 4]),
])


@settings(max_examples=int(os.environ.get("QSYM_FUZZ_EXAMPLES", "12")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(damage=DAMAGE, where=st.integers(0, 40))
def test_any_damage_to_a_model_file_is_a_result_or_one_line_never_a_traceback(tmp_path_factory, capsys, damage,
                                                                             where):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzzed.py"
    path.write_text(damage(GOOD.replace("{name}", "fuzzed"), where))
    code = cli.main(["generate", str(path), "--out", str(folder / "gen")])
    err = capsys.readouterr().err
    assert code in (0, 2), (code, err)                     # 70 would be a bug: an unexpected exception
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("qsym: error: ") and "Traceback" not in err
        assert not (folder / "gen").exists()
    else:
        compile((folder / "gen" / "fuzzed.py").read_text(), "fuzzed", "exec")   # what was written compiles
