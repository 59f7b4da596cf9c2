"""Derivations as sequences of named steps.

A derivation is built by a plain function (the ``build()`` of a package in
``derivations/``); it records

* ``define`` steps: the paper's model input (a Hamiltonian, a definition, a parameter);
* ``derive`` steps: results qsym computes from earlier steps;
* ``state`` steps: the paper's printed formulas, transcribed once, with equation numbers;
* ``check`` steps: comparisons of two independently obtained results, run by ``qsym check``;

plus the specs ``qsym generate`` turns into NumPy code (:mod:`qsym.codegen.specs`: kernels;
:mod:`qsym.codegen.observables`: one list of observables of any kind) and :class:`Erratum`
records (where the paper's printed formula is wrong). Every step carries its own paper
reference: a derivation that draws on two papers records the second one's steps through
``d.citing(paper)``, a view that changes nothing in ``d``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal

import sympy as sp

from .checks import CheckResult
from .reference import Reference

if TYPE_CHECKING:  # pragma: no cover
    from .codegen.specs import Kernel

__all__ = ["Reference", "Step", "Check", "CheckResult", "CheckTable", "Erratum", "Derivation", "Citing",
           "kernel_provenance"]

StepKind = Literal["define", "derive", "state", "check"]


@dataclass(frozen=True)
class Step:
    """One define/derive/state step: ``lhs = expr`` with a reference and a docstring."""

    name: str
    kind: StepKind
    expr: sp.Basic
    lhs: sp.Basic | None
    reference: Reference
    doc: str = ""
    order: str | None = None   # "as-written": polynomial terms printed constant first
    names: dict | None = field(default=None, repr=False, compare=False)  # the derivation's symbol_names

    def latex(self, symbol_names: dict | None = None) -> str:
        """The step as one LaTeX equation (``lhs = expr``), long results broken or
        abbreviated as in ``qsym show``."""
        from .display import display
        from .latex import latex

        symbol_names = self.names if symbol_names is None else symbol_names
        lhs = latex(self.lhs, symbol_names) if self.lhs is not None else ""
        rows = display(self.expr, lhs, symbol_names=symbol_names, order=self.order).rows
        body = r" \\ ".join(f"{r.lhs} &{r.relation} {r.rhs}" for r in rows)
        return r"\begin{aligned}" + body + r"\end{aligned}"

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"


@dataclass(frozen=True)
class Check:
    """A comparison of two independently obtained results, run lazily by ``qsym check``.

    ``erratum`` names the erratum this check proves; ``kernel`` the kernel whose expression
    it compares with the kernel's step.
    """

    name: str
    compares: tuple[str, str]
    reference: Reference
    run: Callable[[], CheckResult]
    doc: str = ""
    kind: StepKind = "check"
    erratum: str | None = None
    kernel: str | None = None

    def _repr_markdown_(self) -> str:
        a, b = self.compares
        return f"**check** `{self.name}`: compares `{a}` with `{b}`. {' '.join(self.doc.split())}"


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


class _Recorder:
    """define/derive/state/check with a default paper for the references."""

    def _target(self) -> "Derivation":
        raise NotImplementedError

    def _paper(self) -> str:
        raise NotImplementedError

    def define(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = "", order=None):
        """Record the paper's model input and return ``expr``. ``order="as-written"`` prints
        polynomial terms constant first (``M - B k^2``), as papers do."""
        self._target()._add(Step(name, "define", sp.sympify(expr), lhs, Reference(self._paper(), eq), doc, order,
                                 self._target().symbol_names))
        return expr

    def derive(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = "", order=None):
        """Record a result computed by qsym and return ``expr``. ``eq`` names the paper
        equation this result corresponds to (the tag shows "derived, cf. eq")."""
        self._target()._add(Step(name, "derive", sp.sympify(expr), lhs, Reference("derived", eq), doc, order,
                                 self._target().symbol_names))
        return expr

    def state(self, name: str, expr, *, lhs=None, eq: str | None = None, doc: str = "", order=None):
        """Record the paper's printed formula (transcribed once) and return ``expr``."""
        self._target()._add(Step(name, "state", sp.sympify(expr), lhs, Reference(self._paper(), eq), doc, order,
                                 self._target().symbol_names))
        return expr

    def check(self, name: str, run: Callable[[], CheckResult], *, compares: tuple[str, str],
              eq: str | None = None, doc: str = "", erratum: str | None = None, kernel: str | None = None) -> None:
        """Record a check comparing two independently obtained results.

        ``run`` is called by ``qsym check``; ``compares`` names the two sides (step names
        or a description of an independent route). ``kernel`` names the kernel whose
        expression the check compares with the kernel's step (see ``Kernel.checked_by``).
        """
        ref = Reference(self._paper(), eq) if eq else Reference("derived")
        self._target()._add(Check(name, compares, ref, run, doc, erratum=erratum, kernel=kernel))


@dataclass
class Derivation(_Recorder):
    """A paper (or topic) worked through as named steps.

    Parameters
    ----------
    name : str
        Registry name, also the name of ``generated/<name>.py``.
    title : str
        One-line title.
    source : str
        Paper file in ``shared/papers`` (and citation): the default reference of its steps.
    module : str
        Python module that builds it (``derivations.<name>``); recorded in generated code.
    symbol_names : dict
        LaTeX names for symbols, passed to the LaTeX printer.
    intro : str
        The opening of its document: the model, units and conventions (sign conventions
        included), in prose with ``$...$`` mathematics.
    glossary : list of (str, str, str)
        The symbols it uses: (LaTeX, meaning, units).
    explicit_forms : dict
        Explicit forms of intermediate symbols (a model's ``d_a`` and their derivatives as
        functions of k): its document shows a derived step in them where that is shorter.

    ``d["step_name"]`` returns a step; ``d.checks`` the checks; ``d.run_checks()`` runs them.
    In Jupyter a derivation displays as its table of steps, a step as its equation.
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
    intro: str = ""
    glossary: list = field(default_factory=list)
    explicit_forms: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Derivation {self.name}: {len(self.steps)} steps, {len(self.kernels)} kernels>"

    def _repr_html_(self) -> str:
        from .notebook import derivation_html

        return derivation_html(self)

    def _target(self) -> "Derivation":
        return self

    def _paper(self) -> str:
        return self.source

    def _add(self, step) -> None:
        if any(s.name == step.name for s in self.steps):
            raise ValueError(f"{self.name}: duplicate step name {step.name!r}")
        self.steps.append(step)

    def citing(self, paper: str) -> "Citing":
        """A view of this derivation whose steps cite ``paper`` (it records into ``self``)."""
        return Citing(self, paper)

    def record_erratum(self, erratum: Erratum) -> None:
        self.errata.append(erratum)

    def kernel(self, kernel: "Kernel") -> "Kernel":
        """Register a kernel. If it names a ``step`` and its expression is not that step's
        (after ``step_map``), a check comparing the two is added (unless ``checked_by``
        names one): see :mod:`qsym.provenance`."""
        self.kernels.append(kernel)
        self._tie_to_step(kernel)
        return kernel

    def _tie_to_step(self, kernel: "Kernel") -> None:
        from .provenance import is_by_reference, kernel_check

        if kernel.step is None or kernel.checked_by is not None or is_by_reference(self, kernel):
            return
        step = "_and_".join(kernel.step) if isinstance(kernel.step, tuple) else kernel.step
        self._add(Check(f"kernel_{kernel.name}_evaluates_{step}", (f"kernel {kernel.name}", step),
                        Reference("derived"), kernel_check(self, kernel),
                        doc=f"The kernel's form of step `{step}` (e.g. series and asymptotic regimes) "
                            "against the step itself.", kernel=kernel.name))

    def observable(self, observable):
        """Register an observable spec of any kind (:mod:`qsym.codegen.observables`); kernels
        it evaluates that are not also registered as kernels are tied to their steps."""
        self.observables.append(observable)
        for kernel in observable.kernels():
            if kernel not in self.kernels:
                self._tie_to_step(kernel)
        return observable

    def all_kernels(self) -> list:
        """The registered kernels and the integrands of the observables."""
        out = list(self.kernels)
        out += [k for o in self.observables for k in o.kernels() if k not in out]
        return out

    # -- access -------------------------------------------------------------------------
    def __getitem__(self, name: str):
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"{self.name}: no step named {name!r}")

    @property
    def checks(self) -> list[Check]:
        return [s for s in self.steps if isinstance(s, Check)]

    def run_checks(self, only: str | None = None) -> "CheckTable":
        """Run every check (or the one named ``only``); returns rows (check, result, seconds)
        (a list; in Jupyter it displays as a table)."""
        out = CheckTable()
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


class CheckTable(list):
    """Rows (check, result, seconds) of :meth:`Derivation.run_checks`."""

    @property
    def passed(self) -> bool:
        return all(r.passed for _, r, _ in self)

    def _repr_html_(self) -> str:
        from .notebook import check_table_html

        return check_table_html(self)


@dataclass(frozen=True)
class Citing(_Recorder):
    """Records steps into ``derivation`` with ``paper`` as their default reference."""

    derivation: Derivation
    paper: str

    def _target(self) -> Derivation:
        return self.derivation

    def _paper(self) -> str:
        return self.paper

    def __getitem__(self, name: str):
        return self.derivation[name]

    def __getattr__(self, name):  # kernels, observables, errata, symbol_names, ...
        return getattr(self.derivation, name)


def kernel_provenance(derivation: Derivation, kernel: "Kernel") -> str | None:
    """How a kernel's expression is tied to a step (see :mod:`qsym.provenance`)."""
    from .provenance import kernel_provenance as provenance

    return provenance(derivation, kernel)
