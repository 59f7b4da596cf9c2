"""The README's examples are executed: the numbers it publishes (sigma_parallel = 0.47265 at
mid gap, the sigma_perp row, the HLN fit) are what the code computes, so a change of physics
input (a prefactor, a factor of 2 pi) cannot drift past them silently."""

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: The README and every page of the guide: their Python examples are doctests.
PAGES = [README] + sorted((ROOT / "docs").rglob("*.md"))


def _python_blocks(path: Path = README) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(), flags=re.S | re.M)


def test_readme_and_guide_examples_print_what_the_code_computes():
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for page in PAGES:
        globs: dict = {}          # each page's examples run in order, in their own namespace
        for n, block in enumerate(_python_blocks(page)):
            test = doctest.DocTestParser().get_doctest(block, globs, f"{page.name} python block {n + 1}", str(page), 0)
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 20
    assert result.failed == 0, f"{result.failed} of {result.attempted} README examples differ (see output above)"
