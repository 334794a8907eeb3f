"""moved-imports: extensions that moved from ``flaskext.X`` to ``flask_X`` late.

Flask-Scss shipped ``flaskext/scss.py`` (a namespace package) up to 0.3; its next release on
the index, 0.5, is the first with a top-level ``flask_scss`` module. An app pinning 0.3 imported
``flask.ext.scss`` through Flask's hook, which found ``flaskext.scss``: ``flask_scss`` would
raise ImportError there. The check imports both forms from a site laid out like 0.3.
"""

from __future__ import annotations

from helpers import run_codemods, run_on_site

NAME = "moved-imports"

# Flask 0.8-0.12 resolved flask.ext.X to flask_X, else to flaskext.X: a stand-in of that.
HOOK = """
import importlib
import importlib.util
import sys


class _Finder:
    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith("flask.ext."):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        rest = spec.name[len("flask.ext."):]
        for candidate in ("flask_" + rest, "flaskext." + rest):
            try:
                return importlib.import_module(candidate)
            except ImportError:
                pass
        raise ImportError(spec.name)

    def exec_module(self, module):
        pass


sys.meta_path.append(_Finder())
"""

SOURCE = "from flask.ext.scss import Scss\n\nprint(Scss.__module__)\n"

# What Flask-Scss 0.3 installs: the namespace package only.
RELEASE_0_3 = {
    "flask/__init__.py": "",
    "flask/ext/__init__.py": HOOK,
    "flaskext/__init__.py": "",
    "flaskext/scss.py": "class Scss:\n    pass\n",
}


def _imports(tmp_path, text: str):
    return run_on_site(tmp_path / "site", RELEASE_0_3, text)


def test_a_pin_before_the_move_keeps_the_import_the_hook_resolved(tmp_path):
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": "Flask==0.10.1\nFlask-Scss==0.3\n"}, dedent=False)
    before = _imports(tmp_path, SOURCE)
    assert before.returncode == 0, before.stderr
    assert before.stdout == "flaskext.scss\n"
    assert result.new_text == SOURCE
    messages = [finding.message for finding in result.findings]
    assert len(messages) == 1
    assert "allows a Flask-Scss older than 0.5, which ships no flask_scss" in messages[0]


def test_a_release_with_the_module_gets_it():
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": "Flask==0.12\nFlask-Scss==0.5\n"}, dedent=False)
    assert result.new_text == "from flask_scss import Scss\n\nprint(Scss.__module__)\n"
    assert result.findings == []
