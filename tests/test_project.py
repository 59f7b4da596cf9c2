"""The project's promises about itself: the README's test command is what CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_command() -> str:
    text = (ROOT / "README.md").read_text()
    match = re.search(r"Test suite[^\n]*\n+```sh\n(.+?)\n```", text)
    assert match, "README: no 'Test suite' block with the test command"
    return match.group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = _readme_test_command()
    ci_lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines, f".ci/run does not run the README's test command {command!r}"
    # no environment variable set elsewhere in .ci/run can change what the command does
    assert not any(ln.startswith("export ") for ln in ci_lines), ".ci/run exports variables the README omits"


# ------------------------------------------------------------------------------------------
# The shape of the code: small modules and functions, imports that flow one way
# ------------------------------------------------------------------------------------------

import ast  # noqa: E402

SOURCE_DIRS = ("qsym", "derivations")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
#: Functions allowed to be longer, with the reason (none today).
LONG_FUNCTIONS: dict[str, str] = {}


def _python_files(*dirs):
    for d in dirs:
        yield from sorted((ROOT / d).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _python_files(*SOURCE_DIRS)
            if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_is_over_80_lines():
    long = {}
    for path in _python_files(*SOURCE_DIRS):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [dec.lineno for dec in node.decorator_list])
                length = node.end_lineno - start + 1
                where = f"{_module_name(path)}.{node.name}"
                if length > MAX_FUNCTION_LINES and where not in LONG_FUNCTIONS:
                    long[where] = length
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def _imports(path: Path) -> set[str]:
    """Every module a file imports (top level and inside functions), as absolute names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in _python_files("qsym", "derivations")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imp in _imports(path):
            while imp and imp not in modules:
                imp = imp.rpartition(".")[0]
            if imp and imp != name:
                targets.add(imp)
        graph[name] = targets
    return graph


def test_the_framework_imports_no_paper_and_no_generated_module():
    bad = {m: sorted(t for t in imports if t.split(".")[0] in ("derivations", "generated"))
           for m, imports in _graph().items() if m.startswith("qsym")}
    bad.update({str(p.relative_to(ROOT)): sorted(i for i in _imports(p) if i.split(".")[0] in ("derivations", "generated"))
                for p in _python_files("qsym")})
    assert not {k: v for k, v in bad.items() if v}, f"qsym/ imports papers or generated code: {bad}"


def test_import_graph_has_no_cycles():
    graph = _graph()
    # package __init__ files re-export their submodules: an import of the package from one of
    # its own submodules is not a cycle through code that runs at import, so drop pkg -> sub edges
    graph = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_runtime_imports_neither_sympy_nor_the_symbolic_framework():
    for path in _python_files("qsym/runtime"):
        imports = _imports(path)
        assert not any(i.split(".")[0] == "sympy" for i in imports), path
        assert all(not i.startswith("qsym.") or i.startswith("qsym.runtime") for i in imports), path


def test_runtime_exports_exactly_what_generated_code_calls():
    import re

    import qsym.runtime as runtime

    used = set()
    for path in (ROOT / "generated").glob("*.py"):
        code = "\n".join(ln for ln in path.read_text().splitlines() if not ln.lstrip().startswith(("#",)))
        used |= set(re.findall(r"(?<![\w.])runtime\.([A-Za-z_]\w*)", code))
    assert used == set(runtime.__all__), (f"generated code uses {sorted(used - set(runtime.__all__))} not exported; "
                                          f"exported but unused {sorted(set(runtime.__all__) - used)}")
