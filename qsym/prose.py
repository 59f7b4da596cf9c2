"""Prose with inline mathematics: ``$...$`` spans in step texts, symbol tables and notes.

Every text a document prints (a step's ``doc``, a check's sentence, a symbol's meaning and
units, an erratum's note) writes its mathematics as LaTeX between dollars, as a paper does:
``"the bands are $\\eta \\mathcal{E}_k$, $\\eta = \\pm 1$"``. LaTeX documents and Markdown
(Sphinx, Jupyter, GitHub) keep the spans; a terminal gets :func:`plain`, the same sentence in
Unicode (``the bands are η 𝓔_k, η = ±1``). :func:`ascii_math` finds mathematics written in
ASCII outside the spans (``E_k = sqrt(A^2 k^2 + ...)``); the test suite runs it on every
rendered document, so prose cannot fall back to it.
"""

from __future__ import annotations

import re

__all__ = ["GREEK", "ascii_math", "plain", "spans", "unit_latex"]

#: Greek letters (lower and upper case) that prose must write as mathematics.
GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "iota",
         "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
         "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega")

_UNICODE = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "hbar": "ħ", "to": "→", "rightarrow": "→",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "pm": "±", "mp": "∓", "cdot": "·",
    "times": "×", "langle": "⟨", "rangle": "⟩", "infty": "∞", "parallel": "∥", "perp": "⊥",
    "partial": "∂", "nabla": "∇", "sum": "Σ", "int": "∫", "sim": "~", "approx": "≈", "ll": "≪", "gg": "≫",
    "equiv": "≡", "propto": "∝", "dagger": "†", "ldots": "...", "dots": "...", "cdots": "...",
    "in": "∈", "prime": "'", "mathcal": "", "mathbf": "", "mathrm": "", "operatorname": "", "text": "",
    "left": "", "right": "", "quad": " ", "qquad": "  ",
}

_PREFIX = ("pm", "mp", "langle", "partial", "nabla")
#: Accents as combining characters (\bar\eta reads η̄, not η).
_ACCENTS = {"bar": "\u0304", "overline": "\u0305", "hat": "\u0302", "tilde": "\u0303", "dot": "\u0307"}
#: Operator names printed as words, kept apart from what follows.
_OPERATORS = ("cos", "sin", "tan", "cot", "cosh", "sinh", "tanh", "coth", "exp", "ln", "log", "det", "lim", "max",
              "min", "arctan")

_SPAN = re.compile(r"\$[^$]+\$|`[^`]*`")


def spans(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (is_math_or_code, piece); math pieces keep their dollars."""
    out, pos = [], 0
    for m in _SPAN.finditer(text):
        if m.start() > pos:
            out.append((False, text[pos:m.start()]))
        out.append((True, m.group()))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


_ASCII = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(GREEK) + r"|hbar|sqrt|infinity)(?![A-Za-z])"   # Greek, hbar, sqrt
    r"|[A-Za-z0-9)\]}][_^]"              # sub- and superscripts: E_k, k^2
    r"|\s=\s|->|<=|>=|\+-|!="            # relations and arrows
    r"|<[A-Za-z|]|[A-Za-z|]>")           # bras and kets


def ascii_math(text: str) -> list[str]:
    """Mathematics written in ASCII outside the ``$...$`` and ```...``` spans of ``text``
    (empty when the prose is clean): each finding with a little context."""
    found = []
    for is_span, piece in spans(text):
        if is_span:
            continue
        for m in _ASCII.finditer(piece):
            found.append(piece[max(0, m.start() - 12):m.end() + 12].strip())
    return found


def _strip_group(tex: str, pos: int) -> tuple[str, int]:
    """The brace group (or single character) of ``tex`` at ``pos`` and the position after it."""
    if pos < len(tex) and tex[pos] == "{":
        depth = 0
        for n in range(pos, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[n], 0)
            if depth == 0:
                return tex[pos + 1:n], n + 1
        return tex[pos + 1:], len(tex)
    return tex[pos:pos + 1], pos + 1


def _plain_math(tex: str) -> str:
    out, n = [], 0
    while n < len(tex):
        c = tex[n]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[n:])
            name = m.group(1)
            n += m.end()
            if name in _PREFIX and tex[n:n + 1] == " ":
                n += 1          # a sign or bracket binds to what follows: ±1, ⟨S_x⟩
            if name in ("frac", "tfrac", "dfrac"):
                a, n = _strip_group(tex, n)
                b, n = _strip_group(tex, n)
                a, b = _plain_math(a), _plain_math(b)
                wrap = (lambda s: s if re.fullmatch(r"[\w.]+", s) else f"({s})")
                out.append(f"{wrap(a)}/{wrap(b)}")
            elif name == "sqrt":
                a, n = _strip_group(tex, n)
                out.append(f"√({_plain_math(a)})")
            elif name in _ACCENTS:            # \bar\eta -> η̄: the accent on what follows
                if tex[n:n + 1] == "\\":
                    m2 = re.match(r"\\([A-Za-z]+)", tex[n:])
                    target, n = _plain_math(m2.group()), n + m2.end()
                else:
                    group, n = _strip_group(tex, n)
                    target = _plain_math(group)
                out.append(target + _ACCENTS[name] if len(target) == 1 else f"{target}{_ACCENTS[name]}")
            elif name in _OPERATORS:         # \cos\Theta -> cos Θ
                out.append(name + ("" if tex[n:n + 1] in ("", " ", "(", "{", "^", "_") else " "))
            elif name in (",", ";", ":", "!", " "):
                out.append(" " if name != "!" else "")
            elif name in ("{", "}", "|", "%", "&", "#", "_", "$"):
                out.append(name if name != "|" else "‖")
            else:
                out.append(_UNICODE.get(name, name))
        elif c in "{}":
            n += 1
        else:
            out.append(c)
            n += 1
    return "".join(out)


def plain(text: str) -> str:
    """``text`` for a terminal: math spans in Unicode without dollars, code spans kept."""
    out = []
    for is_span, piece in spans(text):
        out.append(_plain_math(piece[1:-1]) if is_span and piece.startswith("$") else piece)
    return re.sub(r"[ \t]+", " ", "".join(out))


_UNIT_WORDS = r"\b(eV|meV|nm|rad|Hz|s|T|V|K)\b"


def _unit_text(text: str) -> str:
    tex = re.sub(r"\b(hbar|tau)\b", r"\\\1", text)
    tex = re.sub(r"\^\((-?[0-9./]+)\)|\^(-?[0-9.]+)", lambda m: "^{%s}" % (m.group(1) or m.group(2)), tex)
    tex = re.sub(r"(?<![A-Za-z])m\*", r"m^*", tex)
    return re.sub(_UNIT_WORDS, r"\\mathrm{\1}", tex)


def unit_latex(unit: str) -> str:
    """A unit as written in a model file or a symbol table (``"eV nm^2"``, ``"hbar^2/2m*"``,
    ``"eV nm$^2$"``, ``"-"``) as one inline-mathematics span
    (``$\\mathrm{eV}\\,\\mathrm{nm}^{2}$``); ``"-"`` (dimensionless) is an en dash, and a
    comma-separated list is converted item by item."""
    unit = unit.strip()
    if "," in unit:
        return ", ".join(unit_latex(u) for u in unit.split(","))
    if not unit or unit in ("-", "1"):
        return "--"
    tex = "".join(piece[1:-1] if is_span else _unit_text(piece) for is_span, piece in spans(unit))
    tex = re.sub(r"\s+", r"\\,", tex.strip())
    return "$" + tex + "$"
