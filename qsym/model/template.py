"""``qsym new NAME``: the model file a physicist starts from."""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATE", "write_template"]

TEMPLATE = '''"""{name}: a Bloch Hamiltonian for qsym (written by `qsym new {name}`).

Edit the Hamiltonian line (and, if you need more, the symbols and parameters), then run
    qsym check {name}.py       # derived kernels against numpy eigh, gauge and sum-rule checks
    qsym show {name}.py        # the derivation as text or LaTeX (--format latex)
    qsym generate {name}.py --out gen    # NumPy kernels: energies, velocities, Berry
                                         # curvature, quantum metric, BCP per band group
    qsym figure {name}.py --out figs     # bands and geometry maps
Units: energies in eV, lengths in nm, wave numbers in nm^-1 (change energy_unit/length_unit).
"""

import sympy as sp

from qsym.model import Model, Parameter, pauli

kx, ky = sp.symbols("k_x k_y", real=True)
v, m, t = sp.symbols("v m t", real=True)
s0, sx, sy, sz = pauli()          # sigma_0, sigma_x, sigma_y, sigma_z

MODEL = Model(
    name="{name}",
    hamiltonian=v * (kx * sx + ky * sy) + m * sz,
    momenta=(kx, ky),
    parameters=(
        Parameter(v, "eV nm", r"Dirac velocity $\\hbar v$", value=1.0, lower=0.0, upper=100.0),
        Parameter(m, "eV", "mass", value=0.1, lower=-10.0, upper=10.0),
        Parameter(t, "eV nm", "tilt", value=0.5, lower=-100.0, upper=100.0),
    ),
    k_max=1.0,      # k-box [-k_max, k_max]^2 of checks, figures and response integrals [nm^-1]
    kT=0.01,        # temperature of the response check and figure [eV]
    # lattice=((1, 0), (0, 1)),   # a lattice model (H in sin/cos of k.a): its lattice vectors [nm];
    #                             # Chern numbers, Wilson loops, Z2 from qsym.model.topology;
    #                             # responses over the Brillouin zone (k_max unused)
    # points={{"G": (0, 0), "X": (0.5, 0), "M": (0.5, 0.5)}},   # high-symmetry points (reduced): band path
    # orbitals=((0, 0), (0, 0)),  # positions of the basis states in the cell [nm] (sublattices apart)
)
'''


def write_template(name: str, directory: Path) -> Path:
    """Write ``directory/NAME.py`` (never over an existing file) and return its path."""
    import keyword

    from ..registry import shipped_names

    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"the model name must be a Python identifier (letters, digits, _) and not a keyword; "
                         f"got {name!r}")
    if name in shipped_names():
        raise ValueError(f"{name!r} is the name of a derivation that ships with qsym; choose another model name")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.py"
    if path.exists():
        raise FileExistsError(f"{path} exists; choose another name or remove it")
    path.write_text(TEMPLATE.format(name=name), encoding="utf-8")
    return path
