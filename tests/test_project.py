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
