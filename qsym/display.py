"""Long results displayed the way a paper displays them.

A step's expression becomes a list of :class:`Row`\\ s of an aligned display:

* a sum whose LaTeX is longer than :data:`ROW_CHARS` is broken at its top-level ``+``
  into continuation rows;
* a fraction or product too long for a row is written with intermediate symbols
  ``X_1, X_2, ...`` (the numerator, the denominator, the largest factors), each then
  displayed as its own definition below ("where X_1 = ...");
* a matrix is displayed element by element (its nonzero elements), a ``Piecewise`` case by
  case;
* beyond :data:`MAX_ROWS` rows, or for a single term longer than :data:`LINE_LIMIT` that
  cannot be split, the display is elided (``\\ldots``) and says so: the full expression is
  ``d["name"].expr`` and, where a kernel uses it, in ``generated/``.

No displayed row is longer than :data:`LINE_LIMIT` characters of LaTeX (tested for every
step of every derivation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .latex import QsymLatexPrinter

__all__ = ["LINE_LIMIT", "ROW_CHARS", "MAX_ROWS", "Row", "Display", "display", "explicit_form"]

#: Hard limit on the LaTeX of one displayed row (characters).
LINE_LIMIT = 400
#: A row is filled with terms up to this many characters (fits a landscape A4 line).
ROW_CHARS = 260
#: Rows of one step's display, definitions included, before the rest is elided.
MAX_ROWS = 24
#: A square root over a radicand longer than this (LaTeX characters) that occurs twice is named.
RADICAND_CHARS = 40
#: Intermediate symbols introduced for one step, at most.
MAX_SYMBOLS = 8


@dataclass(frozen=True)
class Row:
    """One row of an aligned display: ``lhs & rhs``; ``lhs`` empty on continuation rows."""

    lhs: str
    rhs: str
    relation: str = "="


@dataclass
class Display:
    """The rows of one step and a note on what was abbreviated or elided (or "")."""

    rows: list[Row] = field(default_factory=list)
    elided: bool = False
    symbols: int = 0

    @property
    def note(self) -> str:
        parts = []
        if self.symbols:
            parts.append("intermediate symbols $X_n$ are defined below the result")
        if self.elided:
            parts.append("shown: leading terms; the full expression is the step's expr "
                         "(and, where a kernel evaluates it, in generated/)")
        return "; ".join(parts)


class _Builder:
    def __init__(self, printer: QsymLatexPrinter):
        self.printer = printer
        self.out = Display()
        self.pending: list[tuple[sp.Symbol, sp.Basic]] = []
        self._tex: dict = {}

    # -- helpers -------------------------------------------------------------------
    def tex(self, expr) -> str:
        """The LaTeX of ``expr``, printed once per builder (abbreviating a long result asks
        for the same parts many times)."""
        try:
            return self._tex[expr]
        except KeyError:
            out = self._tex[expr] = self.printer.doprint(expr)
            return out
        except TypeError:             # unhashable (a mutable matrix)
            return self.printer.doprint(expr)

    def room(self) -> bool:
        return len(self.out.rows) < MAX_ROWS

    def add(self, lhs: str, rhs: str, relation: str = "=") -> None:
        if not self.room():
            self.out.elided = True
            return
        if len(lhs) + len(rhs) > LINE_LIMIT:
            rhs, self.out.elided = r"\ldots", True
        self.out.rows.append(Row(lhs, rhs, relation))

    def symbol(self, expr) -> sp.Symbol:
        """An intermediate symbol for ``expr``, displayed later as a definition."""
        self.out.symbols += 1
        sym = sp.Symbol("X_{%d}" % self.out.symbols)
        self.pending.append((sym, expr))
        return sym

    # -- one expression -------------------------------------------------------------
    def expression(self, lhs: str, expr, relation: str = "=") -> None:
        if isinstance(expr, sp.MatrixBase):
            return self.matrix(lhs, expr)
        if isinstance(expr, sp.Piecewise):
            return self.piecewise(lhs, expr)
        text = self.tex(expr)
        if len(text) <= ROW_CHARS:
            return self.add(lhs, text, relation)
        if isinstance(expr, sp.Add):
            return self.sum(lhs, expr, relation)
        return self.add(lhs, self.tex(self.shorten(expr)), relation)

    def shorten(self, expr):
        """``expr`` with its long parts replaced by intermediate symbols."""
        if self.out.symbols >= MAX_SYMBOLS:
            return expr
        if isinstance(expr, sp.Mul):
            num, den = sp.fraction(expr)
            if den != 1:
                negative = num.could_extract_minus_sign()   # -A/B, not (-1) A/B
                num = -num if negative else num
                num, den = self.part(num, ROW_CHARS // 2), self.part(den, ROW_CHARS // 2)
                out = sp.Mul(num, sp.Pow(den, -1, evaluate=False), evaluate=False)
                return sp.Mul(-1, out, evaluate=False) if negative else out
            return self.part(expr, ROW_CHARS)
        if isinstance(expr, sp.Pow) and not expr.base.is_Atom:
            return sp.Pow(self.symbol(expr.base), expr.exp, evaluate=False)
        if isinstance(expr, sp.Function) and expr.args:
            return expr.func(*[self.part(a, ROW_CHARS // 2) for a in expr.args])
        return expr

    def part(self, expr, budget: int):
        """``expr`` if short enough; a product with its long factors abbreviated (the
        coefficients stay in place); otherwise one intermediate symbol."""
        if len(self.tex(expr)) <= budget or self.out.symbols >= MAX_SYMBOLS or expr.is_Atom:
            return expr
        if not isinstance(expr, sp.Mul):
            return self.symbol(expr)
        swap = {}
        for f in sorted(expr.args, key=lambda f: -len(self.tex(f))):
            if len(self.tex(expr.xreplace(swap))) <= budget or self.out.symbols >= MAX_SYMBOLS:
                break
            if not f.is_Atom:
                swap[f] = self.symbol(f)
        return expr.xreplace(swap)

    def sum(self, lhs: str, expr: sp.Add, relation: str) -> None:
        rows, current = [], ""
        for t in self.printer._as_ordered_terms(expr, order=self.printer._settings["order"]):
            term = self.tex(t)
            if len(term) > ROW_CHARS:
                term = self.tex(self.shorten(t))
            joined = term if not current else current + (" " if term.startswith("-") else " + ") + term
            if current and len(joined) > ROW_CHARS:
                rows.append(current)
                current = term
            else:
                current = joined
        rows.append(current)
        self.add(lhs, rows[0], relation)
        for row in rows[1:]:
            self.add("", r"\quad " + ("" if row.startswith("-") else "+ ") + row, "")

    def matrix(self, lhs: str, m: sp.MatrixBase) -> None:
        if len(lhs) + len(self.tex(m)) <= LINE_LIMIT:
            return self.add(lhs, self.tex(m))
        shown = False
        for i in range(m.rows):
            for j in range(m.cols):
                if m[i, j] == 0:
                    continue
                index = f"{i + 1}" if m.cols == 1 else (f"{j + 1}" if m.rows == 1 else f"{i + 1}{j + 1}")
                self.expression(r"\left[%s\right]_{%s}" % (lhs or r"\cdot", index), m[i, j])
                shown = True
        if not shown:
            self.add(lhs, "0")
        else:
            self.add("", r"\text{(other elements zero)}" if any(x == 0 for x in m) else "", "")
            if self.out.rows and not self.out.rows[-1].rhs:
                self.out.rows.pop()

    def piecewise(self, lhs: str, pw: sp.Piecewise) -> None:
        for n, (value, cond) in enumerate(pw.args):
            where = r"\text{otherwise}" if cond == sp.true else r"\text{if } " + self.tex(cond)
            value = value if len(self.tex(value)) <= ROW_CHARS else self.shorten(value)
            text = self.tex(value)
            if len(text) + len(where) > ROW_CHARS and len(text) > ROW_CHARS // 2:
                text = self.tex(self.symbol(value))
            self.add(lhs if n == 0 else "", text + r",\quad " + where, "=" if n == 0 else "")

    def name_repeated_radicals(self, expr):
        """A square root of a long radicand that occurs more than once (a nested radical
        repeated over a Fermi-surface formula) becomes one symbol, defined below the result."""
        if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
            return expr
        roots = [p for p in sp.preorder_traversal(expr) if isinstance(p, sp.Pow) and p.exp.is_Rational
                 and p.exp.q == 2 and len(self.tex(p.base)) > RADICAND_CHARS]
        counts: dict = {}
        for p in roots:
            counts[p.base] = counts.get(p.base, 0) + 1
        swap = {}
        for base, n in sorted(counts.items(), key=lambda kv: -len(self.tex(kv[0]))):
            if n < 2 or self.out.symbols >= MAX_SYMBOLS or any(base.has(b) for b in swap):
                continue
            sym = self.symbol(sp.sqrt(base))
            swap.update({p: sym ** int(2 * p.exp) for p in roots if p.base == base})
        self.radicals = swap
        return expr.xreplace(swap) if swap else expr

    def definitions(self) -> None:
        """The intermediate symbols, each displayed (and possibly abbreviated) in turn."""
        first = True
        while self.pending:
            sym, expr = self.pending.pop(0)
            radicals = {p: v for p, v in getattr(self, "radicals", {}).items() if p != expr}
            expr = expr.xreplace(radicals) if radicals else expr
            self.expression((r"\text{where }" if first else "") + self.tex(sym), expr)
            first = False


def display(expr, lhs: str = "", *, symbol_names: dict | None = None, order: str | None = None) -> Display:
    """The rows displaying ``lhs = expr`` within :data:`LINE_LIMIT`.

    Parameters
    ----------
    expr : sympy expression or matrix
    lhs : str
        LaTeX of the left-hand side ("" for none).
    symbol_names : dict, optional
        LaTeX names of symbols (a derivation's ``symbol_names``).
    order : {None, "as-written"}
        ``"as-written"``: polynomial terms with the constant first, as papers write
        ``M - B k^2`` (SymPy's default prints ``-B k^2 + M``).
    """
    settings = {"symbol_names": symbol_names or {}, "omit_function_arguments": True}
    if order == "as-written":
        settings["order"] = "rev-lex"
    elif order is not None:
        raise ValueError(f"order must be None or 'as-written'; got {order!r}")
    builder = _Builder(QsymLatexPrinter(settings))
    expr = builder.name_repeated_radicals(expr)
    builder.expression(lhs, expr)
    builder.definitions()
    return builder.out


#: Largest expression (SymPy operation count, after substitution) :func:`explicit_form` simplifies.
EXPLICIT_OPS = 800


def explicit_form(expr, forms: dict):
    """``expr`` with the intermediate symbols of ``forms`` replaced by their explicit forms
    and put over a common denominator (``cancel``, then common factors pulled out), or None
    when it contains none of them or is too large to simplify quickly."""
    if not forms or not (expr.free_symbols & set(forms)):
        return None
    full = expr.xreplace(forms)
    if sp.count_ops(full) > EXPLICIT_OPS:
        return None

    def tidy(x):
        return sp.factor_terms(sp.cancel(sp.together(x)))

    return full.applyfunc(tidy) if isinstance(full, sp.MatrixBase) else tidy(full)
