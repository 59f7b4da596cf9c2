"""What a user model is: its Hamiltonian, momenta and parameters (:class:`Model`,
:class:`Parameter`), and the Pauli matrices to write it with. See :mod:`qsym.model`."""

from __future__ import annotations

import keyword
import math
import numbers
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.simplify.fu import TR8

__all__ = ["Parameter", "Model", "pauli", "label", "components", "curvature_pairs", "argument_name", "RESERVED",
           "parameter_values", "random_value"]

#: Names a generated function uses itself (its modules): an argument of that name gets a trailing
#: underscore, as Python keywords do (a Rashba coupling ``lambda`` becomes ``lambda_``).
RESERVED = frozenset({"numpy", "runtime", "scipy", "math", "self"})


def argument_name(symbol) -> str:
    """The Python argument name of a parameter's symbol in generated functions and in
    ``response(..., params=...)``: the symbol's name without backslashes, with ``_`` appended to
    a Python keyword or a name the generated code uses itself."""
    name = str(symbol).replace("\\", "")
    return name + "_" if keyword.iskeyword(name) or name in RESERVED else name


def _real_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(float(x))


def pauli() -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Matrix]:
    """(sigma_0, sigma_x, sigma_y, sigma_z)."""
    return (sp.eye(2), sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]),
            sp.Matrix([[1, 0], [0, -1]]))


@dataclass(frozen=True)
class Parameter:
    """A model parameter: its symbol, units, meaning, a typical value (used by checks and
    figures) and its allowed range (validated by the generated functions): ``lower``/``upper``
    bounds, and ``smallest`` allowed |value| other than 0 (e.g. a mass that keeps a gap open:
    ``smallest=0.01`` allows |m| >= 0.01). Every mistake here is a ``ValueError`` naming the
    parameter."""

    symbol: sp.Symbol
    units: str
    description: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    smallest: float = 0.0

    def __post_init__(self):
        if not isinstance(self.symbol, sp.Symbol):
            raise ValueError(f"Parameter: the first argument must be a sympy Symbol; got {self.symbol!r}")
        who = f"Parameter {self.symbol}"
        if self.value is None:
            raise ValueError(f"{who}: give its typical value=... (a real number, used by the checks and figures)")
        if isinstance(self.value, sp.Basic) and self.value.is_real and self.value.is_number:
            object.__setattr__(self, "value", float(self.value))
        if not _real_number(self.value):
            raise ValueError(f"{who}: value must be a finite real number; got {self.value!r}")
        for bound in ("lower", "upper", "smallest"):
            x = getattr(self, bound)
            if x is not None and not _real_number(x):
                raise ValueError(f"{who}: {bound} must be a finite real number or None; got {x!r}")
        if self.smallest < 0:
            raise ValueError(f"{who}: smallest is a magnitude, >= 0; got {self.smallest!r}")
        if (self.lower is not None and self.value < self.lower) or (self.upper is not None and self.value > self.upper):
            raise ValueError(f"{who}: value {self.value} outside [{self.lower}, {self.upper}]")
        if self.value != 0 and abs(self.value) < self.smallest:
            raise ValueError(f"{who}: value {self.value} is below its smallest allowed magnitude {self.smallest}")
        if not str(self.symbol).replace("\\", "").isidentifier():
            raise ValueError(f"{who}: its name cannot name a Python argument of the generated functions; use "
                             "letters, digits and _ (e.g. sp.Symbol('lambda_R'))")


@dataclass(frozen=True)
class Model:
    """A Bloch Hamiltonian H(k) with its momenta (2 or 3), parameters and units.

    ``closed_forms`` maps a derived step name (e.g. ``"berry_curvature_lower"``) to a known
    closed form of it; each becomes a ``state`` step and a symbolic check. ``touchings`` lists
    the k-points where the model's band groups touch by design (a Weyl node, a spin-1 crossing;
    expressions in the parameters allowed): ``qsym check`` fails, naming the point, if the bands
    touch anywhere else inside the box, or not at a stated point. ``k_max`` is the
    momentum range of checks and figures, and the k-box [-k_max, k_max]^d of response integrals
    [1/length]; ``kT`` the temperature of the response checks and figures [energy]. ``degeneracy`` groups the bands of a model
    that is not of Clifford form into consecutive sets of that many (e.g. 2 for PT-doubled
    bands); a Clifford-form model always has two groups of N/2. ``lattice`` gives the lattice
    vectors of a periodic model (d vectors of d Cartesian components [length]; momenta stay
    Cartesian): H(k + G) = H(k) is then checked for the reciprocal vectors, and the model has
    topological invariants (:mod:`qsym.model.topology`); its responses are integrals over the
    Brillouin zone (:mod:`qsym.model.zone`), and ``k_max`` is unused. ``points`` names its
    high-symmetry points in reduced coordinates (``{"G": (0, 0), "X": (0.5, 0), ...}``) and
    ``path`` the order of the band path through them (default: as given, back to the first).
    ``orbitals`` gives the Cartesian positions [length] of the basis states inside the cell, one
    per row of H (default: all at the origin). H stays in the periodic gauge (H(k + G) = H(k));
    its geometry (Berry curvature, metric, BCP, and every response but the AHE and the Drude
    term) is that of the position operator, so it is derived from U^+ H U with
    U = diag(exp(i k . tau)): with sublattices apart (Haldane, Kane-Mele) the periodic gauge's
    own curvature differs point by point and breaks the lattice's rotations (a Berry curvature
    dipole where C3 forbids one). Chern numbers and the AHE do not depend on it.
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
    touchings: tuple = ()
    lattice: tuple = ()
    points: dict = field(default_factory=dict)
    path: tuple = ()
    orbitals: tuple = ()

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier() or keyword.iskeyword(self.name):
            raise ValueError(f"model name must be a Python identifier that is not a keyword; got {self.name!r}")
        H = _matrix(self.name, self.hamiltonian)
        if H.shape[0] != H.shape[1] or H.shape[0] < 2:
            raise ValueError(f"{self.name}: the Hamiltonian must be a square matrix of at least 2 x 2; got {H.shape}")
        if len(self.momenta) not in (2, 3) or not all(isinstance(k, sp.Symbol) for k in self.momenta) \
                or len(set(self.momenta)) != len(self.momenta):
            raise ValueError(f"{self.name}: momenta must be 2 or 3 distinct sympy Symbols; got {self.momenta!r}")
        if not all(isinstance(p, Parameter) for p in self.parameters):
            raise ValueError(f"{self.name}: parameters must be qsym.model.Parameter(...) entries")
        symbols = [p.symbol for p in self.parameters]
        twice = sorted({str(s) for s in symbols if symbols.count(s) > 1})
        if twice:
            raise ValueError(f"{self.name}: the parameter {', '.join(twice)} is declared more than once")
        names = [argument_name(s) for s in symbols]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            raise ValueError(f"{self.name}: two parameters have the argument name {', '.join(clash)}; rename one")
        k_names = {"k" + label(self.momenta, (a,)) for a in range(len(self.momenta))}
        if k_names & set(names):
            raise ValueError(f"{self.name}: the parameter {', '.join(sorted(k_names & set(names)))} has the name of a "
                             "momentum argument of the generated functions; rename it")
        for s in list(self.momenta) + symbols:
            if s.is_real is not True:
                raise ValueError(f"{self.name}: declare {s} real (sp.symbols(..., real=True)): momenta and parameters "
                                 "are real, and the Hamiltonian's hermiticity depends on it")
        unknown = H.free_symbols - set(self.momenta) - set(symbols)
        if unknown:
            raise ValueError(f"{self.name}: the Hamiltonian uses symbols that are neither momenta nor parameters: "
                             f"{', '.join(sorted(map(str, unknown)))}")
        if not H.free_symbols & set(self.momenta):
            raise ValueError(f"{self.name}: the Hamiltonian does not depend on the momenta "
                             f"{', '.join(map(str, self.momenta))}: no bands to derive")
        _hermitian(self.name, H)
        if isinstance(self.degeneracy, bool) or int(self.degeneracy) != self.degeneracy or self.degeneracy < 1 \
                or H.shape[0] % self.degeneracy:
            raise ValueError(f"{self.name}: degeneracy must divide the number of bands {H.shape[0]}; "
                             f"got {self.degeneracy!r}")
        for what in ("k_max", "kT"):
            x = getattr(self, what)
            if not (_real_number(x) and x > 0):
                raise ValueError(f"{self.name}: {what} must be a finite number > 0; got {x!r}")
        if self.lattice:
            _check_lattice(self.name, H, self.momenta, self.parameters, self.lattice)
        _check_points(self)
        _check_orbitals(self, H)
        for point in self.touchings:
            if len(point) != len(self.momenta) or not all(
                    sp.sympify(c).free_symbols <= set(symbols) for c in point):
                raise ValueError(f"{self.name}: each touching is a k-point of {len(self.momenta)} coordinates in the "
                                 f"parameters; got {point!r}")

    @property
    def geometry_hamiltonian(self) -> sp.Matrix:
        """U^+ H U, U = diag(exp(i k . tau_alpha)) with the orbitals' positions tau: the Bloch
        Hamiltonian whose eigenvectors give the physical geometry (H itself without orbitals)."""
        H = sp.Matrix(self.hamiltonian)
        if not self.orbitals:
            return H
        phase = [sum(k * sp.nsimplify(c) for k, c in zip(self.momenta, tau)) for tau in self.orbitals]

        def entry(i, j):        # (re + i im) e^{i phi}, the phase kept whole (no trig expansion)
            if H[i, j] == 0:
                return sp.Integer(0)
            phi = sp.expand(phase[j] - phase[i])
            if phi == 0:
                return H[i, j]
            re, im = (sp.expand(x) for x in sp.expand_complex(H[i, j]).as_real_imag())
            c, s = sp.cos(phi), sp.sin(phi)
            # products of trigonometric functions to sums (cos a cos b -> cos(a +- b)/2): each term
            # a plane wave again, whose k-derivatives stay one term each
            return sp.expand(TR8(sp.expand(re * c - im * s))) + sp.I * sp.expand(TR8(sp.expand(re * s + im * c)))
        return sp.Matrix(H.shape[0], H.shape[1], entry)

    @property
    def used_parameters(self) -> tuple:
        """The parameters the Hamiltonian depends on, in declaration order."""
        free = sp.Matrix(self.hamiltonian).free_symbols
        return tuple(p for p in self.parameters if p.symbol in free)


def _check_orbitals(model: "Model", H: sp.Matrix) -> None:
    """Orbital positions need a lattice and one position of d real components per row of H."""
    if not model.orbitals:
        return
    d = len(model.momenta)
    if not model.lattice:
        raise ValueError(f"{model.name}: orbitals are positions inside a lattice's cell: give lattice=")
    ok = isinstance(model.orbitals, (tuple, list)) and len(model.orbitals) == H.shape[0]
    try:
        ok = ok and all(len(t) == d and all(math.isfinite(float(c)) for c in t) for t in model.orbitals)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"{model.name}: orbitals must give {H.shape[0]} positions (one per row of H) of {d} real "
                         f"Cartesian components [{model.length_unit}]; got {model.orbitals!r}")


def _check_points(model: "Model") -> None:
    """High-symmetry points need a lattice, d real reduced coordinates each, and a path of
    their names."""
    if not isinstance(model.points, dict) or not isinstance(model.path, (tuple, list)):
        raise ValueError(f"{model.name}: points must be a dict name -> reduced coordinates and path a tuple of names")
    if (model.points or model.path) and not model.lattice:
        raise ValueError(f"{model.name}: high-symmetry points are in reduced coordinates of a lattice: give lattice=")
    d = len(model.momenta)
    for name, kappa in model.points.items():
        ok = isinstance(name, str) and isinstance(kappa, (tuple, list)) and len(kappa) == d
        try:
            ok = ok and all(math.isfinite(float(c)) for c in kappa)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"{model.name}: the high-symmetry point {name!r} must be named by a string and have "
                             f"{d} real reduced coordinates (e.g. (0.5, 0)); got {kappa!r}")
    missing = [n for n in model.path if n not in model.points]
    if missing or len(model.path) == 1:
        raise ValueError(f"{model.name}: path must list at least two names of points {sorted(model.points)}; "
                         f"unknown: {missing}" if missing else f"{model.name}: path needs at least two points")


def _check_lattice(name: str, H: sp.Matrix, momenta, parameters, lattice) -> None:
    """Refuse lattice vectors of the wrong shape, linearly dependent ones, or a Hamiltonian that
    is not periodic under the reciprocal vectors (at random points, at the typical parameter
    values and at random ones in range), naming the reciprocal vector."""
    d = len(momenta)
    try:
        A = np.array([[float(sp.sympify(c)) for c in a] for a in lattice], float)
    except (TypeError, ValueError, sp.SympifyError):
        A = None
    if A is None or A.shape != (d, d) or not np.all(np.isfinite(A)):
        raise ValueError(f"{name}: lattice must be {d} lattice vectors of {d} real Cartesian components each "
                         f"(the model has {d} momenta); got {lattice!r}")
    if abs(np.linalg.det(A)) <= 1e-12 * float(np.prod(np.linalg.norm(A, axis=1))):
        raise ValueError(f"{name}: the lattice vectors {lattice!r} are linearly dependent")
    B = 2 * np.pi * np.linalg.inv(A).T
    syms = [p.symbol for p in parameters if p.symbol in H.free_symbols]
    f = sp.lambdify(list(momenta) + syms, H, "numpy")
    rng = np.random.default_rng(0)
    typical = [p.value for p in parameters if p.symbol in H.free_symbols]
    scale = 1.0 / float(np.min(np.linalg.norm(A, axis=1)))
    for trial in range(4):
        values = typical if trial < 2 else [random_value(p, rng) for p in parameters if p.symbol in H.free_symbols]
        k = rng.uniform(-np.pi, np.pi, d) * scale
        h0 = np.asarray(f(*k, *values), complex)
        for j, G in enumerate(B):
            h1 = np.asarray(f(*(k + G), *values), complex)
            if not np.allclose(h1, h0, rtol=1e-9, atol=1e-9 * (1.0 + float(np.max(np.abs(h0))))):
                raise ValueError(f"{name}: H(k + G) != H(k) for the reciprocal vector G = b{j + 1} = "
                                 f"({', '.join(f'{x:.6g}' for x in G)}) of the lattice given (at k = "
                                 f"({', '.join(f'{x:.4g}' for x in k)})): the Hamiltonian is not periodic on this "
                                 "lattice; check the lattice vectors or write H with sin/cos of k . a")


def random_value(p: "Parameter", rng) -> float:
    """A random value of parameter ``p`` for the checks: uniform within its range, and within
    twice its typical magnitude (at least 0.1) of its typical value."""
    lo = p.lower if p.lower is not None else p.value - max(1.0, abs(p.value))
    hi = p.upper if p.upper is not None else p.value + max(1.0, abs(p.value))
    lo, hi = max(lo, p.value - 2 * max(abs(p.value), 0.1)), min(hi, p.value + 2 * max(abs(p.value), 0.1))
    return float(rng.uniform(lo, hi))


def parameter_values(model: "Model", params: dict | None) -> dict:
    """The model's typical parameter values by argument name, updated by ``params`` (keys: the
    argument names of the generated functions, or the symbols' names: ``lambda`` for
    ``lambda_``); an unknown key is a ValueError naming the model's parameters."""
    values = {argument_name(p.symbol): p.value for p in model.used_parameters}
    alias = {str(p.symbol).replace("\\", ""): argument_name(p.symbol) for p in model.used_parameters}
    if params is not None and not isinstance(params, dict):
        raise ValueError(f"params must be a dict of parameter values; got {params!r}")
    for key, x in (params or {}).items():
        name = alias.get(key, key)
        if name not in values:
            raise ValueError(f"unknown parameter {key!r}; {model.name} has {', '.join(sorted(values)) or 'none'}")
        values[name] = x
    return values


def _matrix(name: str, hamiltonian) -> sp.Matrix:
    """The Hamiltonian as a SymPy matrix, or a clear error (a scalar, a list of the wrong shape)."""
    if isinstance(hamiltonian, sp.Basic) and not isinstance(hamiltonian, sp.MatrixBase):
        raise ValueError(f"{name}: the Hamiltonian must be a square matrix (e.g. v*(kx*sx + ky*sy) + m*sz with "
                         f"pauli()); got the scalar {hamiltonian}")
    try:
        return sp.Matrix(hamiltonian)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: the Hamiltonian must be a square sympy Matrix; got {hamiltonian!r} ({exc})") from None


def _hermitian(name: str, H: sp.Matrix) -> None:
    """Refuse a Hamiltonian that is not Hermitian, naming an entry that shows it."""
    n = H.shape[0]
    for i in range(n):
        for j in range(i, n):
            diff = sp.expand(H[i, j] - sp.conjugate(H[j, i]))
            if diff != 0 and sp.simplify(diff) != 0:
                what = (f"H[{i},{i}] = {H[i, i]} is not real" if i == j
                        else f"H[{i},{j}] = {H[i, j]} but conj(H[{j},{i}]) = {sp.conjugate(H[j, i])}")
                raise ValueError(f"{name}: the Hamiltonian is not Hermitian: {what}")


def label(momenta, idx) -> str:
    """The axis letters of the component ``idx`` (indices into ``momenta``): (0, 1) -> "xy"."""
    return "".join(str(momenta[i]).replace("k_", "") for i in idx)


def components(momenta) -> list[tuple[int, int]]:
    n = len(momenta)
    return [(i, j) for i in range(n) for j in range(i, n)]


def curvature_pairs(momenta) -> list[tuple[int, int]]:
    """The independent components of the Berry curvature: xy in 2D; yz, zx, xy in 3D."""
    return [(0, 1)] if len(momenta) == 2 else [(1, 2), (2, 0), (0, 1)]
