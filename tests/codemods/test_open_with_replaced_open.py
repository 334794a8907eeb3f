"""open-with: an ``open`` the project's tests replace with something no with-block can enter.

Seen on the corpus (session 37, anticompositetools): the app factory reads its settings with
``json.load(open(path))``; the project's test patches ``builtins.open`` with a plain
``mock.Mock()`` and imports the module that builds the app. Calling a ``Mock`` gives another
``Mock``, which has no ``__enter__``: wrapped in a with-block, the factory raises where it read
the fake, and the project's test fails though the program is right. ``MagicMock`` and
``mock_open()`` support the protocol, and so do the handles ``StringIO`` gives.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on

from flask_codemod import pipeline
from flask_codemod.codemods import get_codemod

FACTORY = """\
import json
import os

import flask


def create_app():
    app = flask.Flask(__name__)
    folder = os.path.dirname(__file__)
    try:
        conf = json.load(open(os.path.join(folder, "config.json")))
    except OSError:
        conf = {"secret_key": "default"}
    app.secret_key = conf["secret_key"]
    return app


def notes(path):
    return open(path).read()
"""

WRAPPED = FACTORY.replace(
    '        conf = json.load(open(os.path.join(folder, "config.json")))\n',
    '        with open(os.path.join(folder, "config.json")) as f:\n            conf = json.load(f)\n',
)

APP = """\
from blog import create_app

app = create_app()
"""

TEST = """\
import builtins
from unittest import mock


def test_app():
    loaded = mock.Mock(return_value={{"secret_key": "k"}})
    with mock.patch("json.load", loaded):
        with {patch}:
            from blog.app import app
    assert app.secret_key == "k"
"""

HELPERS = """\
class Handle:
    def read(self):
        return "{}"


def handle(*args, **kwargs):
    return Handle()


def entered(*args, **kwargs):
    import io

    return io.StringIO("{}")
"""


def _lay_out(root, patch: str, factory: str = FACTORY) -> None:
    (root / "requirements.txt").write_text("Flask\n")
    (root / "blog").mkdir(exist_ok=True)
    (root / "blog" / "__init__.py").write_text(factory)
    (root / "blog" / "app.py").write_text(APP)
    (root / "blog" / "jobs.py").write_text("def size(path):\n    return len(open(path).read())\n")
    (root / "tests").mkdir(exist_ok=True)
    test = TEST.format(patch=patch)
    if "helpers." in patch:
        test = test.replace("import builtins\n", "import builtins\n\nfrom tests import helpers\n")
        (root / "tests" / "__init__.py").write_text("")
        (root / "tests" / "helpers.py").write_text(HELPERS)
    (root / "tests" / "test_app.py").write_text(test)


def _result(path):
    result = pipeline.process_file(str(path), [get_codemod("open-with")])
    assert result.error is None, result.error
    return result


UNENTERABLE = [
    'mock.patch("builtins.open", mock.Mock())',
    'mock.patch("builtins.open", mock.Mock(return_value="{}"))',
    'mock.patch("builtins.open", new=mock.Mock())',
    'mock.patch.object(builtins, "open", mock.Mock())',
    'mock.patch("blog.open", mock.Mock(), create=True)',
    'mock.patch("builtins.open", lambda *args, **kwargs: None)',
    'mock.patch("builtins.open", helpers.handle)',
    'mock.patch("builtins.open", return_value=mock.Mock())',
]


@pytest.mark.parametrize("patch", UNENTERABLE)
def test_an_open_the_tests_replace_with_what_cannot_be_entered_is_left_with_a_finding(tmp_path, patch):
    _lay_out(tmp_path, patch)
    result = _result(tmp_path / "blog" / "__init__.py")
    assert result.new_text in (None, FACTORY)  # every open of the module the test reaches is the fake
    messages = [finding.message for finding in result.findings]
    assert any("tests/test_app.py:" in m and "__enter__" in m for m in messages), messages


def test_a_mock_bound_to_a_name_first_counts(tmp_path):
    _lay_out(tmp_path, 'mock.patch("builtins.open", opened)')
    test = (tmp_path / "tests" / "test_app.py").read_text().replace("    with mock.patch(\"json.load\"", "    opened = mock.Mock()\n    with mock.patch(\"json.load\"")
    (tmp_path / "tests" / "test_app.py").write_text(test)
    result = _result(tmp_path / "blog" / "__init__.py")
    assert result.new_text in (None, FACTORY)


def test_monkeypatch_setattr_counts(tmp_path):
    _lay_out(tmp_path, "mock.patch('json.load', loaded)")
    (tmp_path / "tests" / "test_app.py").write_text(
        "import builtins\nfrom unittest import mock\n\n\ndef test_app(monkeypatch):\n"
        '    monkeypatch.setattr(builtins, "open", mock.Mock())\n'
        '    monkeypatch.setattr("json.load", mock.Mock(return_value={"secret_key": "k"}))\n'
        "    from blog.app import app\n"
        '    assert app.secret_key == "k"\n'
    )
    result = _result(tmp_path / "blog" / "__init__.py")
    assert result.new_text in (None, FACTORY)


@pytest.mark.parametrize(
    "patch",
    [
        'mock.patch("builtins.open", mock.MagicMock())',
        'mock.patch("builtins.open", mock.mock_open(read_data="{}"))',
        'mock.patch("builtins.open")',  # a MagicMock
        'mock.patch("builtins.open", helpers.entered)',  # a StringIO can be entered
        'mock.patch("builtins.open", mock.Mock(return_value=mock.MagicMock()))',
    ],
)
def test_what_can_be_entered_lets_the_with_block_be_written(tmp_path, patch):
    _lay_out(tmp_path, patch)
    result = _result(tmp_path / "blog" / "__init__.py")
    assert result.new_text is not None and "conf = json.load(f)" in result.new_text


def test_a_module_the_test_does_not_reach_is_wrapped(tmp_path):
    _lay_out(tmp_path, 'mock.patch("builtins.open", mock.Mock())')
    result = _result(tmp_path / "blog" / "jobs.py")
    assert result.new_text is not None and "with open(path) as" in result.new_text


def test_the_project_s_test_passes_before_and_fails_with_the_with_block(tmp_path):
    """The behaviour behind the rule: the project's own test, run on the factory as it was
    and as the with-block would make it."""
    _lay_out(tmp_path, 'mock.patch("builtins.open", mock.Mock())')
    outcomes = project_tests_on(tmp_path, tmp_path / "blog" / "__init__.py", (FACTORY, WRAPPED))
    assert [code for code, _ in outcomes] == [0, 1], outcomes
