"""Derivations as sequences of named steps, and the kernel specs they hand to the generator.

A derivation is built by a plain function in a module of ``derivations/``; it records

* ``define`` steps: the paper's model input (a Hamiltonian, a definition, a parameter);
* ``derive`` steps: results qsym computes from earlier steps;
* ``state`` steps: the paper's printed formulas, transcribed once, with equation numbers;
* ``check`` steps: comparisons of two independently obtained results, run by ``qsym check``;

plus :class:`Kernel` and :class:`Observable` specs (what ``qsym generate`` turns into NumPy
code), :class:`Erratum` records (where the paper's printed formula is wrong), and figures.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Literal

import sympy as sp

__all__ = [
    "Reference",
    "Step",
    "CheckResult",
    "Check",
    "Erratum",
    "Arg",
    "Constraint",
    "Kernel",
    "Observable",
    "FermiEdge",
    "PhaseIntegral",
    "BlochResponse",
    "Derivation",
    "kernel_provenance",
]

StepKind = Literal["define", "derive", "state", "check"]


@dataclass(frozen=True)
class Reference:
    """Where a step comes from: a paper file and equation number, or ``derived``.

    Parameters
    ----------
    source : str
        Paper file name in ``shared/papers`` (or a citation), or ``"derived"``.
    equation : str, optional
        Equation number as printed, e.g. ``"3"`` or ``"6"``; ``None`` for text statements.
    """

    source: str
    equation: str | None = None

    @property
    def tag(self) -> str:
        """Short tag for LaTeX ``\\tag{}`` and tables, e.g. ``"3"`` or ``"text"``."""
        if self.equation:
            return self.equation
        return "derived" if self.source == "derived" else "text"

    def __str__(self) -> str:
        if self.source == "derived":
            return "derived" + (f" (cf. Eq. {self.equation})" if self.equation else "")
        return f"Eq. ({self.equation})" if self.equation else "text"


@dataclass(frozen=True)
class Step:
    """One define/derive/state step: ``lhs = expr`` with a reference and a docstring."""

    name: str
    kind: StepKind
    expr: sp.Basic
    lhs: sp.Basic | None
    reference: Reference
    doc: str = ""


@dataclass(frozen=True)
class CheckResult:
    """Outcome of a check.

    Parameters
    ----------
    passed : bool
        Whether the two results agree (for an erratum check: whether the discrepancy is
        confirmed and the independent route supports the derived form).
    method : str
        ``"symbolic"``, ``"series"``, ``"numeric"``, ``"random-point"`` ...
    worst_error : float, optional
        For numeric checks: the worst relative (or stated) error found.
    detail : str
        Human-readable explanation; on failure it shows both expressions or values.
    """

    passed: bool
    method: str
    worst_error: float | None = None
    detail: str = ""

    def __post_init__(self):
        # A NaN or infinite error is a failure whatever the check concluded from it.
        if self.worst_error is not None:
            err = float(self.worst_error)
            if not math.isfinite(err):
                object.__setattr__(self, "passed", False)
                object.__setattr__(self, "detail", f"non-finite worst error ({err}): a NaN or infinity "
                                                   f"is a failure; {self.detail}")
            object.__setattr__(self, "worst_error", err)


@dataclass(frozen=True)
class Check:
    """A comparison of two independently obtained results, run lazily by ``qsym check``."""

    name: str
    compares: tuple[str, str]
    reference: Reference
    run: Callable[[], CheckResult]
    doc: str = ""
    kind: StepKind = "check"
    erratum: str | None = None
    kernel: str | None = None  # the kernel whose expression this check compares with its step


@dataclass(frozen=True)
class Erratum:
    """A printed formula that disagrees with the derivation.

    ``printed`` is the paper's formula as transcribed, ``derived`` what qsym computes; the
    kernels use ``derived``. ``evidence`` names the check that proves which one is right by
    an independent numeric route.
    """

    name: str
    reference: Reference
    printed: sp.Basic
    derived: sp.Basic
    note: str
    evidence: str


@dataclass(frozen=True)
class Arg:
    """A kernel argument with units and allowed range (validated by generated code).

    Parameters
    ----------
    symbol : sympy.Symbol
        The symbol as it appears in the kernel expression.
    name : str
        The Python argument name.
    units : str
        Units for docstrings and error messages, e.g. ``"eV"``.
    description : str
        One line for the docstring.
    lower, upper : float, optional
        Allowed range; ``lower_open`` makes the lower bound strict.
    nonzero : bool
        Exact zero not allowed.
    keyword_only : bool
        Model parameters are keyword-only in the generated signature.
    optional : bool
        Defaults to ``None`` in the generated signature: needed only by some option values
        (the generated function says which, and rejects it where it is unused).
    allow_infinite : bool
        ``+inf`` is allowed (a length that may be infinite, e.g. no Cooperon gap).
    channel : bool
        One value per channel (a 1-D sequence); the generated function sums the kernel over
        channels. All channel arguments of a kernel must have the same length.
    """

    symbol: sp.Symbol
    name: str
    units: str
    description: str
    lower: float | None = None
    upper: float | None = None
    lower_open: bool = False
    nonzero: bool = False
    keyword_only: bool = False
    optional: bool = False
    allow_infinite: bool = False
    channel: bool = False

    def range_text(self) -> str:
        parts = []
        if self.lower is not None:
            parts.append(f"{'>' if self.lower_open else '>='} {self.lower:g}")
        if self.upper is not None:
            parts.append(f"<= {self.upper:g}")
        if self.nonzero:
            parts.append("!= 0")
        if self.allow_infinite:
            parts.append("inf allowed")
        return ", ".join(parts) if parts else "any real"


@dataclass(frozen=True)
class Constraint:
    """A condition coupling several arguments, e.g. ``A**2 - 2*M*B > 0``."""

    condition: sp.Basic
    message: str


@dataclass(frozen=True)
class Option:
    """A discrete choice of a generated function, e.g. ``ijk`` or ``theory``.

    The generated function validates it (ValueError listing ``values``) and dispatches to
    one private function per combination of option values. Values are strings or integers
    (e.g. ``dim`` in 1, 2, 3). Without a default the option is positional, unless
    ``keyword_only``.
    """

    name: str
    values: tuple
    description: str
    default: str | int | None = None
    keyword_only: bool = False


@dataclass(frozen=True)
class Kernel:
    """A pointwise expression to be generated as a vectorized NumPy function.

    The expression must depend only on the symbols of ``args``. Units and reference flow
    into the generated docstring.

    ``components`` names the entries when ``expr`` is a tuple (stacked on a last axis).
    With ``options``, ``expr`` is a dict from a tuple of option values (in the order of
    ``options``) to an expression.

    One source of truth: ``step`` names the derivation step whose expression the kernel
    evaluates. The kernel's expression is that step's expression after the substitutions
    ``step_map`` (applied in order: symbol renames, explicit forms of intermediate symbols,
    guards; all visible here), read entry by entry for component kernels (``step_entries``:
    indices into the step's matrix, default its entries in order) and option kernels (the
    step's matrix indexed by the option values, in the order the options list them). A kernel
    that is not identical to its step so transformed (a series and an asymptotic form stitched
    together, say) gets a check comparing the two at random points of ``step_ranges`` (to
    ``step_rtol``, or as an identity at 50 digits when ``step_rtol`` is None), unless
    ``checked_by`` names a check of the derivation that does so. ``step`` may be a tuple of
    step names, one per component; ``step_ranges`` a dict of sampling intervals per symbol or
    a tuple of such dicts (one region per regime of a piecewise kernel).
    """

    name: str
    args: tuple[Arg, ...]
    expr: object
    units: str
    summary: str
    reference: Reference
    constraints: tuple[Constraint, ...] = ()
    latex: str | None = None
    components: tuple[str, ...] | None = None
    options: tuple[Option, ...] = ()
    step: str | None = None
    step_map: dict | None = None
    step_entries: tuple | None = None
    step_rtol: float | None = None
    step_ranges: dict | None = None
    checked_by: str | None = None


@dataclass(frozen=True)
class FermiEdge:
    """Where an integrand over k has its Fermi edge, for the quadrature's breakpoints.

    ``energy`` is the edge on the band-energy axis (e.g. ``|eF|`` for bands ``+-E_k``),
    ``bottom`` the lowest band energy, ``k_of_energy`` a ``sympy.Lambda`` inverting the
    band energy on k >= 0, and ``kT`` the temperature symbol.
    """

    energy: sp.Basic
    kT: sp.Symbol
    bottom: sp.Basic
    k_of_energy: sp.Lambda


@dataclass(frozen=True)
class Observable:
    """An integral over k in [0, inf) of a kernel, generated as a quadrature.

    Parameters
    ----------
    name, summary, units, reference
        As for :class:`Kernel`.
    integrand : Kernel
        Its first argument is the integration variable; the measure (e.g. ``k dk``) is
        part of the integrand.
    scales : tuple of sympy expressions
        Characteristic momentum scales of the integrand (positive), filled geometrically
        with breakpoints by :func:`qsym.runtime.geometric_fill`.
    fermi_edge : FermiEdge
        Breakpoints around the Fermi edge (:func:`qsym.runtime.fermi_edge_energies`).
    zero_temperature : sympy expression, optional
        Closed form used where ``kT == 0`` when the integrand contains a thermal window
        (a delta function at T = 0), e.g. a Fermi-surface formula.
    """

    name: str
    summary: str
    units: str
    reference: Reference
    integrand: Kernel
    scales: tuple[sp.Basic, ...]
    fermi_edge: FermiEdge
    zero_temperature: sp.Basic | None = None

    @property
    def args(self) -> tuple[Arg, ...]:
        return self.integrand.args[1:]


@dataclass(frozen=True)
class FermiLineObservable:
    r"""A 2D Fermi-surface response ``prefactor * sum_pairs int d^2k F(k) f0'(eps_k)``.

    Generated as an exact Fermi-line integral at kT = 0 and, at kT > 0, as the thermal
    average ``-int dE w_T(E - eF) S(E)`` of the Fermi-line density
    ``S(E) = oint_{eps = E} F / |grad eps|``, computed in polar coordinates around the band
    minimum (see :func:`qsym.runtime.fermi_line_response`).

    Parameters
    ----------
    integrand : Kernel
        ``F(kx, ky, *params)`` of the upper band; may have options.
    energy_squared : sympy expression
        The upper band energy squared, a polynomial in ``kx``, ``ky`` (bands +-eps).
    kx, ky : sympy.Symbol
    energy, temperature : Arg
        The Fermi energy and kT arguments.
    prefactor : sympy expression
        In the model parameters and ``extra_args``.
    lower_sign : int
        The lower band contributes ``lower_sign * S(-E)`` (a derived symmetry).
    extra_args : tuple of Arg
        Positional arguments after kT that enter only the prefactor (e.g. tau).
    """

    name: str
    summary: str
    units: str
    reference: Reference
    integrand: Kernel
    energy_squared: sp.Basic
    kx: sp.Symbol
    ky: sp.Symbol
    energy: Arg
    temperature: Arg
    prefactor: sp.Basic = sp.Integer(1)
    lower_sign: int = 1
    extra_args: tuple[Arg, ...] = ()

    @property
    def params(self) -> tuple[Arg, ...]:
        return self.integrand.args[2:]



@dataclass(frozen=True)
class PhaseIntegral:
    r"""Spec of :math:`F(x) = \int_0^\infty e^{ixe^2} g(e)\,de` (``x >= 0``, ``g`` even, analytic
    and decaying in the sector :math:`0 \le \arg e \le \pi/4`).

    The generated module gets a private complex function ``_<name>(x)``: the exact series
    ``sum_n series[n] x^n`` below ``series_below``, the rotated-contour rule
    (:func:`qsym.runtime.sector_rule` with ``rule_edges``, ``rule_order``) in between, and
    ``x^{-1/2} sum_m asymptotic[m] x^{-m}`` from ``asymptotic_above`` on. In between, the rule
    is tabulated at import as ``table_pieces`` Chebyshev interpolants of degree
    ``table_degree`` on geometric pieces. ``parts`` maps the
    name of a SymPy function of one argument to ``"real"`` or ``"imag"``: kernels that use
    it are printed as that part of ``_<name>``.
    """

    name: str
    variable: sp.Symbol
    weight: sp.Basic
    series: tuple
    series_below: float
    asymptotic: tuple
    asymptotic_above: float
    rule_edges: tuple
    rule_order: int
    parts: tuple  # ((function name, "real" | "imag"), ...)
    reference: Reference
    table_pieces: int = 24
    table_degree: int = 24


@dataclass(frozen=True)
class BlochResponse:
    r"""Spec of a two-level master equation whose rates are Fermi-window energy integrals.

    ``d r/dt = M r + b`` for ``rho = (1 + r.sigma)/2``; ``M``, ``b`` and an observable
    ``X = c0 + c.r`` are linear in the integrals ``integrals[p][k]`` =
    ``int de f(e - a_p V)[1 - f(e - b_p V)] functions[k](e)`` with
    ``windows[p] = (a_p, b_p)``. The generated ``<name>`` returns ``prefactor * dX/dV`` at
    the steady state (solved numerically by :func:`qsym.runtime.bloch_response`, energy
    integrals by quadrature, no expansion); ``<state_name>`` returns the steady-state spin
    ``<S> = r/2``.
    """

    name: str
    state_name: str
    summary: str
    state_summary: str
    units: str
    reference: Reference
    temperature: Arg
    bias: Arg
    couplings: tuple
    energy: sp.Symbol
    windows: tuple
    functions: tuple
    integrals: tuple
    bloch_matrix: sp.Matrix
    bloch_drive: sp.Matrix
    observable: tuple  # (c0, (c_x, c_y, c_z))
    prefactor: sp.Basic = sp.Integer(1)
    phase_rate: float = 0.0

@dataclass
class Derivation:
    """A paper (or topic) worked through as named steps.

    Parameters
    ----------
    name : str
        Registry name, also the name of ``generated/<name>.py``.
    title : str
        One-line title.
    source : str
        Paper file in ``shared/papers`` (and citation).
    module : str
        Python module that builds it (``derivations.<name>``); recorded in generated code.
    symbol_names : dict
        LaTeX names for symbols, passed to the LaTeX printer.
    """

    name: str
    title: str
    source: str
    module: str
    symbol_names: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    kernels: list = field(default_factory=list)
    observables: list = field(default_factory=list)
    errata: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    phase_integrals: list = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Derivation {self.name}: {len(self.steps)} steps, {len(self.kernels)} kernels>"

    # -- recording ----------------------------------------------------------------------
    def _ref(self, eq: str | None, derived: bool) -> Reference:
        return Reference("derived", eq) if derived else Reference(self.source, eq)

    def _add(self, step) -> None:
        if any(s.name == step.name for s in self.steps):
            raise ValueError(f"{self.name}: duplicate step name {step.name!r}")
        self.steps.append(step)

    def define(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = ""):
        """Record the paper's model input and return ``expr``."""
        self._add(Step(name, "define", sp.sympify(expr), lhs, Reference(self.source, eq), doc))
        return expr

    def derive(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = ""):
        """Record a result computed by qsym and return ``expr``.

        ``eq`` names the paper equation this result corresponds to (``\\tag`` shows
        "derived, cf. eq")."""
        self._add(Step(name, "derive", sp.sympify(expr), lhs, Reference("derived", eq), doc))
        return expr

    def state(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = ""):
        """Record the paper's printed formula (transcribed once) and return ``expr``."""
        self._add(Step(name, "state", sp.sympify(expr), lhs, Reference(self.source, eq), doc))
        return expr

    def check(
        self,
        name: str,
        run: Callable[[], CheckResult],
        *,
        compares: tuple[str, str],
        eq: str | None = None,
        doc: str = "",
        erratum: str | None = None,
        kernel: str | None = None,
    ) -> None:
        """Record a check comparing two independently obtained results.

        ``run`` is called by ``qsym check``; ``compares`` names the two sides (step names
        or a description of an independent route). ``kernel`` names the kernel whose
        expression the check compares with the kernel's step (see ``Kernel.checked_by``).
        """
        ref = Reference(self.source, eq) if eq else Reference("derived")
        self._add(Check(name, compares, ref, run, doc, erratum=erratum, kernel=kernel))

    def record_erratum(self, erratum: Erratum) -> None:
        self.errata.append(erratum)

    def kernel(self, kernel: Kernel) -> Kernel:
        """Register a kernel. If it names a ``step`` and its expression is not that step's
        (after ``step_map``), a check comparing the two is added (unless ``checked_by``
        names one): see :mod:`qsym.provenance`."""
        self.kernels.append(kernel)
        self._tie_to_step(kernel)
        return kernel

    def _tie_to_step(self, kernel: Kernel) -> None:
        from .provenance import is_by_reference, kernel_check

        if kernel.step is None or kernel.checked_by is not None or is_by_reference(self, kernel):
            return
        step = "_and_".join(kernel.step) if isinstance(kernel.step, tuple) else kernel.step
        self._add(Check(f"kernel_{kernel.name}_evaluates_{step}",
                        (f"kernel {kernel.name}", step), Reference("derived"),
                        kernel_check(self, kernel),
                        doc=f"The kernel's form of step {kernel.step} (e.g. series and asymptotic regimes) "
                            "against the step itself.", kernel=kernel.name))

    def observable(self, observable):
        """Register an :class:`Observable`, :class:`FermiLineObservable` or
        :class:`BlochResponse`; an integrand kernel that is not also registered as a kernel
        is tied to its step like one."""
        self.observables.append(observable)
        integrand = getattr(observable, "integrand", None)
        if integrand is not None and integrand not in self.kernels:
            self._tie_to_step(integrand)
        return observable

    def phase_integral(self, spec: PhaseIntegral) -> PhaseIntegral:
        """Register a :class:`PhaseIntegral` (emitted before the kernels that use it)."""
        self.phase_integrals.append(spec)
        return spec

    def figure(self, name: str, draw: Callable) -> None:
        """Register a figure: ``draw(module, out_dir) -> list[Path]`` with the generated
        module of this derivation."""
        self.figures[name] = draw

    # -- access -------------------------------------------------------------------------
    def __getitem__(self, name: str):
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"{self.name}: no step named {name!r}")

    @property
    def checks(self) -> list[Check]:
        return [s for s in self.steps if isinstance(s, Check)]

    def run_checks(self, only: str | None = None) -> list[tuple[Check, CheckResult, float]]:
        """Run every check (or the one named ``only``); returns (check, result, seconds)."""
        out = []
        for c in self.checks:
            if only is not None and c.name != only:
                continue
            t0 = time.perf_counter()
            try:
                res = c.run()
            except Exception as exc:  # a crashing check is a failing check, with its reason
                res = CheckResult(False, "error", None, f"{type(exc).__name__}: {exc}")
            out.append((c, res, time.perf_counter() - t0))
        return out


def kernel_provenance(derivation: Derivation, kernel: Kernel) -> str | None:
    """How a kernel's expression is tied to a step (see :mod:`qsym.provenance`)."""
    from .provenance import kernel_provenance as provenance

    return provenance(derivation, kernel)
