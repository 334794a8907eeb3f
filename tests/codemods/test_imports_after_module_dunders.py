"""A new import joins the module's import section below the module-level dunders (``__all__``,
``__version__``, ``__author__``) that PEP 8 puts between the docstring and the imports.

GARR's status page (``status_page_app/flask_influxdb.py``) starts with ``__all__ =
("FlaskInfluxDB")``, then imports influxdb and ``_app_ctx_stack``. app-context-stack moved the
per-context connection to ``flask.g`` and wrote ``from flask import g, has_app_context`` as the
module's first line, above ``__all__``: the import section was taken to start only at the very
top, so a module whose first statement is a dunder seemed to have none.
"""

from __future__ import annotations

import libcst as cst
import pytest
from flask import Flask

from flask_codemod.codemods._imports import add_imports

from helpers import load_source, run_at_target, run_codemods

EXTENSION = '''\
__all__ = ("FlaskStore")

from collections import Counter
from flask import _app_ctx_stack


class FlaskStore(object):

    def __init__(self, app=None):
        self.opened = Counter()
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        self.app = app
        app.teardown_appcontext(self.teardown)

    def connect(self):
        self.opened["connections"] += 1
        return object()

    def teardown(self, exception):
        ctx = _app_ctx_stack.top
        if hasattr(ctx, 'store_db'):
            del ctx.store_db

    @property
    def connection(self):
        ctx = _app_ctx_stack.top
        if ctx is not None:
            if not hasattr(ctx, 'store_db'):
                ctx.store_db = self.connect()
            return ctx.store_db
'''


def test_the_flask_import_goes_below_all_into_the_import_section(tmp_path):
    text, findings = run_at_target(EXTENSION, "app-context-stack", (2, 1), path="status/flask_store.py", dedent=False)
    assert findings == []
    assert text.startswith('__all__ = ("FlaskStore")\n\nfrom collections import Counter\n\nfrom flask import g, has_app_context\n\n\nclass'), text
    module = load_source(tmp_path, text, "flask_store")
    app = Flask(__name__)
    store = module.FlaskStore(app)
    with app.app_context():
        first = store.connection
        assert store.connection is first  # one connection per application context
    with app.app_context():
        assert store.connection is not first  # the teardown dropped it
    assert store.opened["connections"] == 2
    assert store.connection is None  # outside a context, as before


def test_a_dunder_block_under_a_docstring_stays_above_the_new_import():
    source = (
        '"""Helpers."""\n\n__version__ = "1.2"\n__author__ = "Someone"\n\nimport os\n\nimport flask\n\n'
        'app = flask.Flask(__name__)\nBOLD = flask.Markup("<b>%s</b>")\n'
    )
    text = run_codemods(source, "moved-imports", path="pkg/helpers.py", files={"requirements.txt": "Flask\n"}, dedent=False).new_text
    expected = source.replace("import flask\n", "import flask\nimport markupsafe\n").replace("flask.Markup", "markupsafe.Markup")
    assert text == expected, text


def test_a_dunder_computed_from_an_import_is_code_not_a_header():
    # ``__version__`` read from a library comes after the imports it needs: no section above it
    source = 'import pkg_resources\n__version__ = pkg_resources.get_distribution("x").version\n\nimport jinja2\n\nM = jinja2.Markup\n'
    text = run_codemods(source, "moved-imports", path="pkg/helpers.py", files={"requirements.txt": "Flask\n"}, dedent=False).new_text
    assert text.index("import pkg_resources") < text.index("__version__")
    compile(text, "helpers.py", "exec")


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            '__all__ = ["bold"]\n\n\ndef bold(t):\n    return t\n',
            '__all__ = ["bold"]\n\nimport os\n\n\ndef bold(t):\n    return t\n',
        ),
        ('"""Doc."""\n__version__ = "1"\nx = 1\n', '"""Doc."""\n__version__ = "1"\n\nimport os\n\nx = 1\n'),
        ('"""Doc."""\nx = 1\n', '"""Doc."""\nimport os\n\nx = 1\n'),  # as before: right under a docstring
    ],
    ids=["dunders then code", "docstring, dunder, code", "docstring then code"],
)
def test_a_module_without_imports_gets_its_first_below_the_dunders(source, expected):
    assert add_imports(cst.parse_module(source), [("os", None)]).code == expected
