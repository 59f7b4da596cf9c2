"""Sphinx configuration of the qsym documentation (``sphinx-build -W docs docs/_build/html``).

The guide is Markdown (MyST); the API reference comes from the NumPy-style docstrings
(autodoc + napoleon); the pages of the derivations and models, the gallery and the counts in
the text are produced at build time by ``_ext/qsym_pages.py`` from the code itself, so no
count in the documentation is typed by hand. MathJax is served from the site itself
(``sphinx-mathjax-offline``): the pages render without a network.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "qsym"
author = "the qsym developers"
copyright = "2026, the qsym developers"
release = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",
    "qsym_pages",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "README.md"]
myst_enable_extensions = ["dollarmath", "amsmath", "substitution", "colon_fence", "deflist"]
myst_heading_anchors = 3
# "ref.python": a type named in a docstring (Reference, Model) is found both where it is defined
# and where it is re-exported; the link goes to either
suppress_warnings = ["myst.header", "ref.python"]

autodoc_member_order = "bysource"
autodoc_typehints = "none"
# each object documented once, in the module that defines it (re-exports are not repeated)
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_ivar = True
nitpicky = False

html_theme = "alabaster"
html_title = "qsym"
html_static_path = ["_static"]
html_css_files = ["qsym.css"]
html_theme_options = {
    "description": "Derivations of quantum-transport papers, checked, with fast generated kernels",
    "fixed_sidebar": True,
    "page_width": "1180px",
    "sidebar_width": "230px",
    "show_powered_by": False,
}
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}

#: QSYM_DOCS_FULL=1: the gallery also draws the lattice figures of paper 004 (minutes of sweeps).
qsym_full_gallery = os.environ.get("QSYM_DOCS_FULL") == "1"
