"""_project_imports: one reading of which project modules a module imports, and which import
it. Where the readers each codemod kept before disagreed, the case is here with the answer
that is right."""

from __future__ import annotations

from helpers import ProjectReader

from flask_codemod.codemods._project_imports import ProjectImports, import_statements


class _Reader:
    """What a Context offers: the listing and ``read_file``."""

    def __init__(self, files: dict[str, str], path: str) -> None:
        self.project = ProjectReader(files, path)
        self.read_file = self.project
        self.project_files = self.project.project_files


def _imports(files: dict[str, str], path: str) -> frozenset[str]:
    return ProjectImports(_Reader(files, path)).imports(path)


def test_every_form_of_import_names_its_files():
    files = {
        "shop/__init__.py": "",
        "shop/views.py": (
            "from . import models, helpers as h\n"
            "from .db import (\n    get_db,  # the getter\n    close_db,\n)\n"
            "def create():\n    from shop.jobs import run\n"
            "try:\n    import shop.extra.things as things\nexcept ImportError:\n    things = None\n"
        ),
        "shop/models.py": "",
        "shop/helpers.py": "",
        "shop/db.py": "",
        "shop/jobs.py": "",
        "shop/extra/__init__.py": "",
        "shop/extra/things.py": "",
        "other.py": "",
    }
    assert _imports(files, "shop/views.py") == {
        "shop/__init__.py", "shop/models.py", "shop/helpers.py", "shop/db.py", "shop/jobs.py",
        "shop/extra/__init__.py", "shop/extra/things.py",
    }


def test_imports_after_a_semicolon_or_over_a_backslash_count():
    """Disagreement: _test_reach's line reading stopped at ``;`` and at a backslash, so a test
    importing ``import os; import app.views`` did not reach the views; the tree reads both."""
    files = {
        "app/__init__.py": "",
        "app/views.py": "",
        "app/forms.py": "",
        "tests/test_views.py": "import os; import app.views\nfrom app import \\\n    forms\n",
    }
    assert _imports(files, "tests/test_views.py") == {"app/__init__.py", "app/views.py", "app/forms.py"}


def test_a_relative_import_names_the_file_at_its_path_only():
    """Disagreement: _test_reach and gunicorn-config matched a relative import by the end of
    its path, so ``from .helpers import f`` in ``src/shop/views.py`` reached a vendored
    ``vendor/src/shop/helpers.py`` too; above the project's root, ``from .. import x``
    reached any ``x.py``. Python resolves it from the package: that file, and above the
    root's top package the root's own."""
    files = {
        "src/shop/views.py": "from .helpers import f\n",
        "src/shop/helpers.py": "",
        "vendor/src/shop/helpers.py": "",
        "a/b.py": "from .. import x\n",
        "x.py": "",
        "lib/x.py": "",
        "c.py": "from ... import x\n",
    }
    assert _imports(files, "src/shop/views.py") == {"src/shop/helpers.py"}
    assert _imports(files, "a/b.py") == {"x.py"}
    assert _imports(files, "c.py") == frozenset()


def test_an_absolute_import_names_the_file_python_looks_at_first_else_every_file_ending_in_it():
    """Disagreement: _test_reach, gunicorn-config and flask-wtf-names matched an absolute
    name to every file ending in it, so archive-term's ``run_test.py`` doing ``from test
    import *`` (its ``test/`` package at the root) was read as importing
    ``console/view/test.py`` too. Python looks at the working folder or the running script's
    first, and a Python 2 module beside itself (``import helpers``): a file there is the
    one. Only where neither holds the name may any folder be on ``sys.path``."""
    files = {
        "pkg/views.py": "import helpers\nprint 'python 2'\n",
        "pkg/helpers.py": "",
        "tools/helpers.py": "",
        "run_test.py": "from test import *\n",
        "test/__init__.py": "",
        "console/view/test.py": "",
        "tests/test_tools.py": "import helpers\n",
    }
    assert _imports(files, "pkg/views.py") == {"pkg/helpers.py"}
    assert _imports(files, "run_test.py") == {"test/__init__.py"}
    assert _imports(files, "tests/test_tools.py") == {"pkg/helpers.py", "tools/helpers.py"}


def test_a_module_that_does_not_parse_is_read_off_its_text():
    text = "import sys\nfrom app.models import (User,\n    Post)\ntry:\n    import json\nexcept ImportError, e:\n    pass\n"
    statements = import_statements(text)
    assert (0, "app.models", (("User", None), ("Post", None))) in statements
    assert (-1, "json", (("json", None),)) in statements


def test_a_star_import_names_its_module_and_a_module_is_not_its_own_import():
    files = {"apps/main.py": "from models import *\nfrom main import db\n", "models.py": "", "main.py": "", "apps/x/main.py": ""}
    assert _imports(files, "apps/main.py") == {"models.py", "main.py"}


def test_who_imports_a_module_and_what_reaches_it():
    files = {
        "wsgi.py": "from web import app\n",
        "web/__init__.py": "from . import views\n",
        "web/views.py": "from helpers.db import get\n",
        "helpers/__init__.py": "",
        "helpers/db.py": "",
        "clean.py": "from helpers import db\nprint 'python 2'\n",
    }
    imports = ProjectImports(_Reader(files, "web/__init__.py"))
    assert imports.importers("helpers/db.py") == {"web/views.py", "clean.py"}
    assert imports.reaching(["web/views.py"]) == {"web/views.py", "web/__init__.py", "wsgi.py"}
    assert imports.reached(["wsgi.py"]) == {"wsgi.py", "web/__init__.py", "web/views.py", "helpers/__init__.py", "helpers/db.py"}


def test_a_changed_module_is_read_afresh():
    files = {"a.py": "import b\n", "b.py": "", "c.py": ""}
    assert _imports(files, "a.py") == {"b.py"}
    assert _imports({**files, "a.py": "import c\n"}, "a.py") == {"c.py"}


def test_the_map_of_importers_is_built_again_only_when_a_module_imports_otherwise():
    """Every asker reads every module (the result cache records each read); the reverse map
    is built once per project, and again only when some module's imports changed."""
    files = {"a.py": "import b\n", "b.py": "", "c.py": "import b\n", "d.py": "x = 1\n"}
    first = ProjectImports(_Reader(files, "a.py"))
    assert first.importers("b.py") == {"a.py", "c.py"}
    again = ProjectImports(_Reader(files, "c.py"))
    assert again.importers("b.py") == {"a.py", "c.py"} and again._importers is first._importers
    words = ProjectImports(_Reader({**files, "d.py": "y = 2\n"}, "a.py"))  # another text, the same imports
    assert words.importers("b.py") == {"a.py", "c.py"}
    changed = ProjectImports(_Reader({**files, "d.py": "import b\n"}, "a.py"))
    assert changed.importers("b.py") == {"a.py", "c.py", "d.py"} and changed._importers is not first._importers
    assert ProjectImports(_Reader(files, "a.py")).importers("b.py") == {"a.py", "c.py"}


def test_teardown_reads_a_python_2_modules_imports_as_its_gate_does():
    """Disagreement: teardown's gate read a module's imports off its text (a Python 2 module
    too), its Project from the tree only, so a module that does not parse imported nothing
    there. Both read them as every codemod does now."""
    from flask_codemod.codemods._teardown_project import Project

    files = {"app/views.py": "import helpers\nprint 'python 2'\n", "app/helpers.py": "", "app/__init__.py": ""}
    reader = ProjectReader(files, "app/__init__.py")
    project = Project(reader, "app/__init__.py", listing=reader.project_files)
    assert [target.path for target in project.imports("views.py")] == ["helpers.py"]


def test_a_module_named_after_the_library_it_imports_is_not_that_library():
    """mcarchive (wb44): ``shop/util/flask.py`` wraps Flask (``from flask import Markup``), so
    its folder is not on ``sys.path`` (else that import would be the module itself): ``from
    flask import session`` elsewhere imports the library, not it. Beside it (a script run
    from that folder, Python 2's implicit relative import) it may still be; a module that does
    not take from the name it bears what it has not bound at its top keeps the suffix match
    (under ``try:``, in a function, a name bound before), and so does a vendored library whose
    modules import each other by their absolute names (``lib/`` on the path)."""
    files = {
        "shop/__init__.py": "",
        "shop/util/__init__.py": "",
        "shop/util/flask.py": "from flask import Markup, request\n",
        "shop/util/helpers.py": "",
        "shop/util/sibling.py": "from flask import session\n",
        "shop/login.py": "from flask import session\nimport helpers\n",
        "shop/app.py": "from shop.util.flask import Markup\n",
        "lib/__init__.py": "",
        "lib/google/__init__.py": "",
        "lib/google/auth/__init__.py": "from google.auth import _helpers\n",
        "lib/google/auth/_helpers.py": "",
        "lib/google/oauth.py": "from google.auth import _helpers\n",
        "shop/cache/__init__.py": "",
        "shop/cache/redis.py": "try:\n    from redis import Redis\nexcept ImportError:\n    Redis = None\n",
        "shop/cache/rq.py": "def queue():\n    from rq import Queue\n",
        "shop/cache/store.py": "KEYS = {}\nfrom store import KEYS\n",
        "shop/jobs.py": "import redis\nfrom rq import Queue\nfrom store import KEYS\n",
    }
    assert _imports(files, "shop/login.py") == {"shop/util/helpers.py"}
    assert _imports(files, "shop/util/sibling.py") == {"shop/util/flask.py"}
    assert _imports(files, "shop/app.py") == {"shop/__init__.py", "shop/util/__init__.py", "shop/util/flask.py"}
    assert _imports(files, "shop/jobs.py") == {"shop/cache/redis.py", "shop/cache/rq.py", "shop/cache/store.py"}
    assert _imports(files, "lib/google/oauth.py") == {
        "lib/google/__init__.py", "lib/google/auth/__init__.py", "lib/google/auth/_helpers.py",
    }
