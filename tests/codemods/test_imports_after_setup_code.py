"""A new import of a library goes to the module's imports of libraries, also where the module
runs setup code before them (warnings filters, ``sys.path`` edits, monkey-patching).

Blender Cloud's Pillar (``pillar/__init__.py``, a package's ``__init__``, where ``import jinja2``
stays for the modules that may take the name from it) imports only the standard library first, then
sets two ``warnings.filterwarnings(...)`` under the comment "These warnings have to be
suppressed before the first import.", then imports jinja2, flask, eve ... moved-imports spelled
``jinja2.Markup`` as ``markupsafe.Markup`` and put ``import markupsafe`` above the filters, at
the end of the leading standard-library section, as if the module had no imports of libraries:
against the module's own order, and where the setup is a ``sys.path.insert`` the library may
not even be importable yet. The new line joins the first group of its kind after such code,
unless that code binds a name (a module's own code has begun) or reads the name the import binds
(a ``load_dotenv()`` inserted there needs its import above it).
"""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod.codemods._imports import add_imports

from helpers import load_source, run_codemods

PILLAR_LIKE = '''\
"""Server."""

import os
import warnings

# These warnings have to be suppressed before the first import.
warnings.filterwarnings('ignore', category=DeprecationWarning, message="type testing is deprecated")

import jinja2
import flask


def sidebar(links):
    return jinja2.Markup(''.join(links))


def root():
    return os.path.basename(flask.__file__)
'''


def test_the_library_import_goes_below_the_warning_filters_the_module_sets_first(tmp_path):
    result = run_codemods(PILLAR_LIKE, "moved-imports", path="pkg/__init__.py", files={"requirements.txt": "Flask\n"}, dedent=False)
    text = result.new_text
    assert text.index("warnings.filterwarnings") < text.index("import markupsafe"), text
    assert "import jinja2\nimport flask\nimport markupsafe\n\n\ndef sidebar" in text, text
    assert "import warnings\n\n# These warnings" in text, text  # the standard-library section is left as it was
    module = load_source(tmp_path, text, "server")
    assert module.sidebar(["<b>", "x"]) == "<b>x"
    assert type(module.sidebar(["a"])).__name__ == "Markup"


@pytest.mark.parametrize(
    "source, expected",
    [
        (  # a sys.path edit the library imports wait for
            "import os\nimport sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n\nimport requests\n\nX = 1\n",
            "import os\nimport sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n\nimport markupsafe\nimport requests\n\nX = 1\n",
        ),
        (  # an environment entry set, then the libraries
            "import os\nos.environ['MPLBACKEND'] = 'Agg'\nimport matplotlib\n",
            "import os\nos.environ['MPLBACKEND'] = 'Agg'\nimport markupsafe\nimport matplotlib\n",
        ),
    ],
    ids=["sys.path", "environ entry"],
)
def test_a_library_import_joins_the_libraries_after_setup_code(source, expected):
    assert add_imports(cst.parse_module(source), [("markupsafe", None)]).code == expected


@pytest.mark.parametrize(
    "source",
    [
        # the module's code has begun: a name bound before the later imports
        "import logging\n\nlog = logging.getLogger(__name__)\n\nfrom .models import Item\n",
        # a definition before them (a late import at the bottom of a package's __init__)
        "import os\n\n\ndef f():\n    return os.sep\n\n\nimport requests\n",
        # the setup code reads the name the new import binds (load_dotenv() put there)
        "import os\n\nload_dotenv()\n\nimport requests\n",
    ],
    ids=["a name bound", "a def", "the name read"],
)
def test_the_import_stays_at_the_end_of_the_leading_section_otherwise(source):
    module = cst.parse_module(source)
    leading_end = source.index("\n\n")
    name = "load_dotenv" if "load_dotenv" in source else "markupsafe"
    new = add_imports(module, [("dotenv", "load_dotenv") if name == "load_dotenv" else ("markupsafe", None)]).code
    line = "from dotenv import load_dotenv" if name == "load_dotenv" else "import markupsafe"
    assert new.index(line) == leading_end + 2, new  # right after the leading section, as before


def test_a_standard_library_import_still_joins_the_leading_standard_library_group():
    source = "import sys\n\nsys.path.insert(0, 'lib')\n\nimport requests\n"
    assert add_imports(cst.parse_module(source), [("os", None)]).code == (
        "import os\nimport sys\n\nsys.path.insert(0, 'lib')\n\nimport requests\n"
    )
