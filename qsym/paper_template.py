"""``qsym new --paper NAME``: the scaffold of a paper's derivation package.

It writes ``derivations/NAME/`` laid out as ``derivations/bhz_decoherence/`` is: ``build()`` as
the paper's table of contents, ``symbols.py``, ``notation.py`` (the document's opening and
symbol table, prose with ``$...$`` mathematics), one module per section (``model.py``: define,
derive, state and check steps), ``kernels.py`` (a kernel tied to the step it evaluates),
``references.py`` (an independent numeric route), ``figures.py`` and a test file. The
scaffold is a working derivation of a massive Dirac cone: ``qsym check NAME`` passes,
``qsym generate NAME`` writes its kernel, ``qsym figure NAME`` draws it; replace it section by
section with the paper's.
"""

from __future__ import annotations

import keyword
from pathlib import Path

__all__ = ["write_paper"]

FILES = {
    "__init__.py": '''r"""{title}.

``shared/papers/{paper}``. ``build()`` reads top to bottom like the paper:

1. model: the Hamiltonian, its bands (derived) against the printed ones, the velocity.

Units: energies in eV, wave numbers in nm^-1, v in eV nm.
"""

from __future__ import annotations

from functools import lru_cache

from qsym.derivation import Derivation

from .kernels import kernels
from .model import dirac_model
from .notation import GLOSSARY, INTRO
from .symbols import NAME, PAPER, SYMBOL_NAMES

__all__ = ["NAME", "PAPER", "build"]


@lru_cache(maxsize=None)
def build() -> Derivation:
    """The derivation, section by section as in the paper."""
    d = Derivation(NAME, "{title}", PAPER, __name__, dict(SYMBOL_NAMES))
    d.intro, d.glossary = INTRO, list(GLOSSARY)
    model = dirac_model(d)               # 1. H, bands, velocity (Eqs. 1-2)
    kernels(d, model)                    #    the kernels, each tied to its step
    return d
''',
    "symbols.py": '''"""The symbols of the paper, its file name and the LaTeX names of its symbols."""

import sympy as sp

NAME = "{name}"
#: The paper's text in shared/papers (and its citation).
PAPER = "{paper}"

kx, ky = sp.symbols("k_x k_y", real=True)
k = sp.Symbol("k", nonnegative=True)
v = sp.Symbol("v", positive=True)
m = sp.Symbol("m", real=True)
E = sp.Symbol("E_k", positive=True)

#: LaTeX names where SymPy's own would differ from the paper's.
SYMBOL_NAMES = {{E: r"\\mathcal{{E}}_k"}}
''',
    "notation.py": '''"""The opening of the document and its table of symbols: prose with $...$ mathematics."""

INTRO = (
    r"A massive Dirac cone $H = v(k_x \\sigma_x + k_y \\sigma_y) + m \\sigma_z$ (replace this paragraph "
    r"with the paper's model, its units and its sign conventions). Units: energies in eV, wave numbers "
    r"in nm$^{{-1}}$, $v$ in eV nm. Conventions: $\\hbar$ is absorbed in $v$ ($\\hbar v$ in eV nm)."
)

#: (LaTeX symbol, meaning, units) of every symbol the document shows.
GLOSSARY = (
    ("k, k_x, k_y", "wave number and its components", "nm^-1"),
    ("v", r"Dirac velocity $\\hbar v$", "eV nm"),
    ("m", "mass", "eV"),
    (r"\\mathcal{{E}}_k", r"band energy, bands at $\\pm\\mathcal{{E}}_k$", "eV"),
    ("H", "the Bloch Hamiltonian", "eV"),
    (r"\\partial \\mathcal{{E}}_k/\\partial k", r"band velocity $\\hbar v_k$", "eV nm"),
    ("X_n", "intermediate symbols of a long result, defined where they appear", "-"),
    (r"\\sigma_i", "Pauli matrices", "-"),
)
''',
    "model.py": '''"""Section 1: the model, its bands and velocity (Eqs. 1-2 of the paper)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from qsym.checks import all_of, numeric_close, symbolic_equal
from qsym.derivation import Derivation

from .references import bands_by_diagonalization
from .symbols import E, k, kx, ky, m, v

#: (k, v, m) where the derived band is compared with numpy's eigenvalues.
POINTS = ((0.3, 1.0, 0.1), (2.0, 0.5, -0.2))


@dataclass(frozen=True)
class Model:
    """What later sections use: the Hamiltonian and the derived band energy."""

    H: sp.Matrix
    energy: sp.Expr


def dirac_model(d: Derivation) -> Model:
    """H (model input), its bands by diagonalization (derived) against Eq. (1) (as printed)."""
    H = d.define("hamiltonian", sp.Matrix([[m, v * (kx - sp.I * ky)], [v * (kx + sp.I * ky), -m]]),
                 lhs=sp.Symbol("H"), doc=r"The massive Dirac cone $H = v(k_x \\sigma_x + k_y \\sigma_y) + m \\sigma_z$.")
    upper = max(H.eigenvals(), key=lambda e: e.subs({{kx: 1, ky: 0, m: 1, v: 1}}))
    polar = sp.sqrt(sp.factor(sp.expand(upper**2).subs(kx**2 + ky**2, k**2).subs(ky**2, k**2 - kx**2)))
    energy = d.derive("band_energy", polar, lhs=E,
                      doc=r"The upper eigenvalue of $H$, in $k = |\\mathbf k|$: the bands are $\\pm\\mathcal{{E}}_k$.")
    d.state("band_energy_printed", sp.sqrt(v**2 * k**2 + m**2), lhs=E, eq="1",
            doc=r"As printed: $\\mathcal{{E}}_k = \\sqrt{{v^2 k^2 + m^2}}$.")
    d.check("band_energy_matches_eq1", lambda: all_of([
        symbolic_equal(energy, d["band_energy_printed"].expr),
        numeric_close([float(energy.subs({{k: kk, v: vv, m: mm}})) for kk, vv, mm in POINTS],
                      [bands_by_diagonalization(*p) for p in POINTS], rtol=1e-13, what="numpy eigvalsh"),
    ]), compares=("band_energy", "band_energy_printed"),
        doc="Symbolically, and against numpy's eigenvalues of $H$ at two points.")
    velocity = d.derive("band_velocity", sp.simplify(sp.diff(energy, k)), lhs=sp.Symbol(r"\\partial \\mathcal{{E}}_k/\\partial k"),
                        doc=r"By differentiation of $\\mathcal{{E}}_k$.")
    d.state("band_velocity_printed", v**2 * k / sp.sqrt(v**2 * k**2 + m**2),
            lhs=sp.Symbol(r"\\partial \\mathcal{{E}}_k/\\partial k"), eq="2")
    d.check("band_velocity_matches_eq2", lambda: symbolic_equal(velocity, d["band_velocity_printed"].expr),
            compares=("band_velocity", "band_velocity_printed"))
    return Model(H, energy)
''',
    "references.py": '''"""Independent numeric routes (for checks, tests and benchmarks): no SymPy."""

import numpy as np


def bands_by_diagonalization(k: float, v: float, m: float) -> float:
    """The upper band at |k| = k (along k_x) from numpy's eigenvalues of H [eV]."""
    H = np.array([[m, v * k], [v * k, -m]], dtype=float)
    return float(np.linalg.eigvalsh(H)[-1])
''',
    "kernels.py": '''"""Kernel specs, each tied to the step it evaluates (nothing typed twice)."""

from qsym.codegen.specs import Arg, Kernel
from qsym.derivation import Derivation, Reference

from .symbols import k, m, v


def kernels(d: Derivation, model) -> None:
    args = (Arg(k, "k", "nm^-1", "wave number |k|", lower=0.0, magnitude=(0.0, 1e3)),
            Arg(v, "v", "eV nm", "Dirac velocity", lower=0.0, lower_open=True, keyword_only=True,
                magnitude=(1e-3, 1e2)),
            Arg(m, "m", "eV", "mass", keyword_only=True, magnitude=(0.0, 10.0)))
    d.kernel(Kernel("band_energy", args, model.energy, "eV", "Upper band energy (Eq. 1).",
                    Reference(d.source, "1"), step="band_energy"))
''',
    "figures.py": '''"""The paper's figures, drawn with the generated kernels: FIGURES names them in order and
each ``draw(generated_module, out_dir)`` returns the paths it wrote."""

from pathlib import Path

import numpy as np

from qsym.plotting import save_figure

FIGURES = ("fig1",)


def fig1(mod, out: Path) -> list[Path]:
    """Fig. 1: the bands against k for three masses."""
    import matplotlib.pyplot as plt

    k = np.linspace(0.0, 1.0, 201)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for mass in (0.0, 0.1, 0.2):
        e = mod.band_energy(k, v=1.0, m=mass)
        ax.plot(k, e, label=f"$m$ = {{mass:g}} eV")
        ax.plot(k, -e, color=ax.lines[-1].get_color())
    ax.set(xlabel=r"$k$ (nm$^{{-1}}$)", ylabel=r"$E$ (eV)", title="Fig. 1: bands, $v$ = 1 eV nm")
    ax.legend(fontsize=8)
    return [save_figure(fig, out, "{name}_fig1.png")]
''',
}

TEST = '''"""{title}: the physics the derivation promises (run with `pytest tests/test_{name}.py -n 0`)."""

import numpy as np

from generated import {name} as gen
from derivations.{name}.references import bands_by_diagonalization


def test_band_energy_kernel_equals_numpy_eigenvalues():
    for k, v, m in ((0.0, 1.0, 0.1), (0.5, 2.0, -0.3), (3.0, 0.1, 0.0)):
        assert np.isclose(gen.band_energy(k, v=v, m=m), bands_by_diagonalization(k, v, m), rtol=1e-14, atol=1e-15)
'''


def write_paper(name: str, derivations_dir: Path, title: str = "", paper: str = "", tests_dir: Path | None = None) -> list[Path]:
    """Write the package ``derivations_dir/name`` (and ``tests_dir/test_<name>.py``); returns
    the files written. Refuses an invalid name or an existing package."""
    if not name.isidentifier() or keyword.iskeyword(name) or name != name.lower():
        raise ValueError(f"--paper name must be a lower-case Python identifier (it names a package); got {name!r}")
    target = derivations_dir / name
    if target.exists():
        raise FileExistsError(f"{target} exists; choose another name or remove it")
    title = title or name.replace("_", " ").capitalize()
    paper = paper or f"{name}.txt"
    target.mkdir(parents=True)
    written = []
    for fname, text in FILES.items():
        path = target / fname
        path.write_text(text.format(name=name, title=title, paper=paper))
        written.append(path)
    if tests_dir is not None and tests_dir.is_dir():
        path = tests_dir / f"test_{name}.py"
        if not path.exists():
            path.write_text(TEST.format(name=name, title=title))
            written.append(path)
    return written


def new_paper(args) -> int:
    """``qsym new --paper NAME [--title T] [--dir D]``: the package in ``derivations/`` (found
    without importing it) or in ``D``, and the test file beside ``derivations/`` in ``tests/``."""
    import importlib.util

    from .errors import UserError

    if args.dir != ".":
        root = Path(args.dir)
    else:
        spec = importlib.util.find_spec("derivations")
        if spec is None or not spec.submodule_search_locations:
            raise UserError("no derivations package here: run from the repository, or give --dir")
        root = Path(list(spec.submodule_search_locations)[0])
    try:
        written = write_paper(args.name, root, title=args.title or "", tests_dir=root.parent / "tests")
    except (ValueError, FileExistsError) as exc:
        raise UserError(f"{exc}") from None
    for path in written:
        print(f"wrote {path}")
    print(f"next: qsym check {args.name}, qsym generate {args.name}, qsym figure {args.name} --out figs; "
          "then replace each section with the paper's (the guide's 'Adding a paper')")
    return 0
