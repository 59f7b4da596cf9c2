"""The README's examples are executed: the numbers it publishes (sigma_parallel = 0.47265 at
mid gap, the sigma_perp row, the HLN fit) are what the code computes, so a change of physics
input (a prefactor, a factor of 2 pi) cannot drift past them silently."""

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text(), flags=re.S | re.M)


def test_readme_examples_print_what_the_code_computes():
    blocks = _python_blocks()
    assert len(blocks) >= 2, "the README's python examples were not found"
    globs: dict = {}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for n, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, globs, f"README.md python block {n + 1}", str(README), 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10
    assert result.failed == 0, f"{result.failed} of {result.attempted} README examples differ (see output above)"
