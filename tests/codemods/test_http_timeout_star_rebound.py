"""http-timeout: a star import of a project module after ``import requests`` may bind
``requests`` again, to the project's own object, whose ``get()`` need not take ``timeout=``.

Found by probing this widening's slice (code that defeats static reading): ``import
requests`` then ``from app.helpers import *``, where ``helpers`` binds ``requests`` to a client
of its own, got ``requests.get(url, timeout=60)``: a TypeError on every call. What the name
stands for is what the star-imported module binds, which the codemod can read when the module
is the project's: a binding by the same import (``import requests`` there too) changes nothing;
any other leaves the call, with a finding.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from helpers import run_codemods

HELPERS = '''\
class _Client:
    """The project's own client: it takes the URL alone."""

    def get(self, url):
        return "fetched " + url


requests = _Client()
'''

VIEWS = '''\
import requests
from app.helpers import *


def fetch(url):
    return requests.get(url)
'''


def _run(views: str, helpers: str):
    return run_codemods(views, "http-timeout", path="app/views.py",
                        project={"app/__init__.py": "", "app/helpers.py": helpers, "requirements.txt": "flask\nrequests\n"})


def test_a_star_import_that_binds_requests_again_leaves_the_call(tmp_path) -> None:
    result = _run(VIEWS, HELPERS)
    assert result.error is None
    assert result.new_text == VIEWS
    (finding,) = [f for f in result.findings if "star" in f.message or "import *" in f.message]
    assert "from app.helpers import *" in finding.message and "requests" in finding.message
    # what the rewrite would have made of it: the project's client takes no timeout
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "helpers.py").write_text(HELPERS)
    (tmp_path / "app" / "views.py").write_text(VIEWS)
    (tmp_path / "app" / "rewritten.py").write_text(VIEWS.replace("requests.get(url)", "requests.get(url, timeout=60)"))
    probe = textwrap.dedent("""\
        import sys, types
        sys.modules["requests"] = types.ModuleType("requests")
        from app import views, rewritten
        print(views.fetch("x"))
        try:
            rewritten.fetch("x")
        except TypeError:
            print("TypeError")
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["fetched x", "TypeError"]


def test_a_star_import_of_a_module_importing_requests_too_changes_nothing() -> None:
    helpers = "import requests\n\nTIMEOUT_HINT = 'none'\n\n\ndef helper():\n    return requests\n"
    result = _run(VIEWS, helpers)
    assert "requests.get(url, timeout=" in result.new_text


def test_a_star_import_whose_all_leaves_requests_out_changes_nothing() -> None:
    result = _run(VIEWS, '__all__ = ["helper"]\n\nrequests = object()\n\n\ndef helper():\n    return 1\n')
    assert "requests.get(url, timeout=" in result.new_text


def test_a_star_import_before_the_import_changes_nothing() -> None:
    views = "from app.helpers import *\nimport requests\n\n\ndef fetch(url):\n    return requests.get(url)\n"
    result = _run(views, HELPERS)
    assert "requests.get(url, timeout=" in result.new_text


def test_a_star_import_of_a_module_that_star_imports_the_rebinding_one() -> None:
    """A re-export: ``app.common`` star-imports ``app.helpers``, which binds ``requests``."""
    views = VIEWS.replace("app.helpers", "app.common")
    result = run_codemods(views, "http-timeout", path="app/views.py", project={
        "app/__init__.py": "", "app/helpers.py": HELPERS, "app/common.py": "from .helpers import *\n",
        "requirements.txt": "flask\nrequests\n"})
    assert result.new_text == views
