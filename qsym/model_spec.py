"""What a user model is: its Hamiltonian, momenta and parameters (:class:`Model`,
:class:`Parameter`), and the Pauli matrices to write it with. See :mod:`qsym.model`."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

__all__ = ["Parameter", "Model", "pauli", "label", "components", "curvature_pairs"]


def pauli() -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Matrix]:
    """(sigma_0, sigma_x, sigma_y, sigma_z)."""
    return (sp.eye(2), sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]),
            sp.Matrix([[1, 0], [0, -1]]))


@dataclass(frozen=True)
class Parameter:
    """A model parameter: its symbol, units, meaning, a typical value (used by checks and
    figures) and its allowed range (validated by the generated functions): ``lower``/``upper``
    bounds, and ``smallest`` allowed |value| other than 0 (e.g. a mass that keeps a gap open:
    ``smallest=0.01`` allows |m| >= 0.01)."""

    symbol: sp.Symbol
    units: str
    description: str
    value: float
    lower: float | None = None
    upper: float | None = None
    smallest: float = 0.0

    def __post_init__(self):
        if self.lower is not None and self.upper is not None and not self.lower <= self.value <= self.upper:
            raise ValueError(f"Parameter {self.symbol}: value {self.value} outside [{self.lower}, {self.upper}]")


@dataclass(frozen=True)
class Model:
    """A Bloch Hamiltonian H(k) with its momenta (2 or 3), parameters and units.

    ``closed_forms`` maps a derived step name (e.g. ``"berry_curvature_lower"``) to a known
    closed form of it; each becomes a ``state`` step and a symbolic check. ``k_max`` is the
    momentum range of checks and figures, and the k-box [-k_max, k_max]^d of response integrals
    [1/length]; ``kT`` the temperature of the response checks and figures [energy]. ``degeneracy`` groups the bands of a model
    that is not of Clifford form into consecutive sets of that many (e.g. 2 for PT-doubled
    bands); a Clifford-form model always has two groups of N/2.
    """

    name: str
    hamiltonian: sp.Matrix
    momenta: tuple
    parameters: tuple
    title: str = ""
    energy_unit: str = "eV"
    length_unit: str = "nm"
    k_max: float = 1.0
    kT: float = 0.01
    closed_forms: dict = field(default_factory=dict)
    source: str = "user model"
    degeneracy: int = 1

    def __post_init__(self):
        H = sp.Matrix(self.hamiltonian)
        if H.shape[0] != H.shape[1]:
            raise ValueError(f"{self.name}: the Hamiltonian must be square; got {H.shape}")
        if len(self.momenta) not in (2, 3):
            raise ValueError(f"{self.name}: give 2 or 3 momenta; got {len(self.momenta)}")
        unknown = H.free_symbols - set(self.momenta) - {p.symbol for p in self.parameters}
        if unknown:
            raise ValueError(f"{self.name}: the Hamiltonian uses symbols that are neither momenta nor parameters: "
                             f"{', '.join(sorted(map(str, unknown)))}")
        if int(self.degeneracy) != self.degeneracy or self.degeneracy < 1 or H.shape[0] % self.degeneracy:
            raise ValueError(f"{self.name}: degeneracy must divide the number of bands {H.shape[0]}; "
                             f"got {self.degeneracy!r}")
        if not (self.k_max > 0 and self.kT > 0):
            raise ValueError(f"{self.name}: k_max and kT must be > 0; got {self.k_max!r}, {self.kT!r}")
        if not self.name.isidentifier():
            raise ValueError(f"model name must be a Python identifier; got {self.name!r}")

    @property
    def used_parameters(self) -> tuple:
        """The parameters the Hamiltonian depends on, in declaration order."""
        free = sp.Matrix(self.hamiltonian).free_symbols
        return tuple(p for p in self.parameters if p.symbol in free)


def label(momenta, idx) -> str:
    """The axis letters of the component ``idx`` (indices into ``momenta``): (0, 1) -> "xy"."""
    return "".join(str(momenta[i]).replace("k_", "") for i in idx)


def components(momenta) -> list[tuple[int, int]]:
    n = len(momenta)
    return [(i, j) for i in range(n) for j in range(i, n)]


def curvature_pairs(momenta) -> list[tuple[int, int]]:
    """The independent components of the Berry curvature: xy in 2D; yz, zx, xy in 3D."""
    return [(0, 1)] if len(momenta) == 2 else [(1, 2), (2, 0), (0, 1)]
