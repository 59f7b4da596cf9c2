"""How qsym's objects display in Jupyter: a derivation as its table of steps, a step as its
equation, a check result and a table of check results as HTML, a kernel as its signature and
formula. The ``_repr_*_`` methods of those classes call these functions."""

from __future__ import annotations

import html

__all__ = ["derivation_html", "check_html", "check_table_html", "kernel_markdown"]


def _cell(text) -> str:
    return f"<td style='text-align:left'>{html.escape(str(text))}</td>"


def _tag(step) -> str:
    eq = step.reference.equation
    if step.kind == "derive":
        return f"derived, cf. Eq. ({eq})" if eq else "derived"
    if step.kind == "check":
        return f"Eq. ({eq})" if eq else ""
    return f"Eq. ({eq})" if eq else ""


def derivation_html(d) -> str:
    """The table of steps: kind, name, equation, what the step says (``d["name"]`` shows one)."""
    rows = []
    for s in d.steps:
        what = s.doc or ("compares %s with %s" % s.compares if s.kind == "check" else "")
        rows.append("<tr>" + _cell(s.kind) + f"<td style='text-align:left'><code>{html.escape(s.name)}</code></td>"
                    + _cell(_tag(s)) + _cell(" ".join(what.split())) + "</tr>")
    counts = {k: sum(s.kind == k for s in d.steps) for k in ("define", "derive", "state", "check")}
    head = (f"<p><b>{html.escape(d.title)}</b> ({html.escape(d.name)}; {html.escape(d.source)}): "
            + ", ".join(f"{n} {k}" for k, n in counts.items())
            + f" steps, {len(d.kernels)} kernels, {len(d.observables)} observables. "
            "Display a step with <code>d[\"name\"]</code>; run the checks with <code>d.run_checks()</code>.</p>")
    table = ("<table><thead><tr><th>kind</th><th>step</th><th>equation</th><th>what it says</th></tr></thead>"
             "<tbody>" + "".join(rows) + "</tbody></table>")
    return head + table


def _result_cells(result) -> str:
    colour = "green" if result.passed else "red"
    word = "pass" if result.passed else "FAIL"
    err = "" if result.worst_error is None else f"{result.worst_error:.1e}"
    return (f"<td style='color:{colour};text-align:left'><b>{word}</b></td>" + _cell(result.method) + _cell(err)
            + _cell(" ".join(result.detail.split())[:300]))


def check_html(result) -> str:
    return "<table><tr><th>result</th><th>kind</th><th>worst error</th><th>detail</th></tr><tr>" \
        + _result_cells(result) + "</tr></table>"


def check_table_html(rows) -> str:
    """Rows of (check, result, seconds), as returned by ``Derivation.run_checks``."""
    body = "".join("<tr>" + f"<td style='text-align:left'><code>{html.escape(c.name)}</code></td>"
                   + _result_cells(r) + _cell(f"{t:.2f}") + "</tr>" for c, r, t in rows)
    passed = sum(r.passed for _, r, _ in rows)
    return (f"<p>{passed} of {len(rows)} checks passed</p><table><thead><tr><th>check</th><th>result</th>"
            "<th>kind</th><th>worst error</th><th>detail</th><th>s</th></tr></thead><tbody>" + body
            + "</tbody></table>")


def kernel_markdown(kernel) -> str:
    """Signature with units, and the kernel's formula."""
    from .latex import latex

    args = ", ".join(a.name for a in kernel.args)
    lines = [f"**`{kernel.name}({args})`** [{kernel.units}]: {kernel.summary}", ""]
    lines += [f"- `{a.name}` [{a.units or '-'}]: {a.description}; allowed: {a.range_text()}" for a in kernel.args]
    expr = kernel.expr
    tex = latex(expr) if len(str(expr)) < 2000 else r"\text{(long; see generated/)}"
    lines += ["", f"$$ {tex} $$"]
    return "\n".join(lines)
