"""A module whose import surely stops on a name it never binds: open-with and http-timeout leave
it as it is, nothing after that line runs (codemods/_import_stop.py, asked in their tree gates).
moin's UI-test helpers read an attribute of a module ``pytest.importorskip`` returned but nothing
bound, then probe a server with ``urlopen``: the with-block and the timeout the tool wrote there
changed nothing that runs. A name bound anywhere, a builtin of Python 3 or 2, a ``*`` import, a
namespace reached by hand, a read that may not happen, or a statement before it that may hold
the import leaves the module to the codemods. The engine does not ask it: a fragment that calls
a name it never defines is still rewritten by every other codemod (session 35 asked it for every
file, and the project's own test fragments stopped being rewritten)."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods._import_stop import import_stop
from helpers import run_codemods

PROBE = (
    "import urllib.request\n\n"
    "import pytest\n\n"
    "pytest.importorskip('selenium')\n"
    "webdriver = selenium.webdriver\n\n"
    "try:\n"
    "    page = urllib.request.urlopen('http://localhost:8080/')\n"
    "except OSError:\n"
    "    page = None\n"
)


def test_a_module_that_stops_at_import_is_left_as_it_is():
    assert import_stop(ast.parse(PROBE)) == (6, "selenium")
    with pytest.raises(NameError):
        exec(compile(PROBE.replace("pytest.importorskip('selenium')\n", ""), "utils.py", "exec"), {})
    for names in (("open-with", "http-timeout"), ("http-timeout",)):
        result = run_codemods(PROBE, *names, dedent=False)
        assert result.new_text == PROBE and result.findings == []


def test_the_engine_still_rewrites_a_fragment_that_stops():
    """Only the codemods whose changes are worth something at run time ask: an upgrade of a
    legacy import is made in the same module, and so in a test's fragment of one."""
    source = "from flask.ext.login import LoginManager\n\nmanager = make_manager(LoginManager)\nmanager.init_app(app)\n"
    assert import_stop(ast.parse(source)) == (3, "make_manager")
    result = run_codemods(source, "moved-imports", dedent=False)
    assert "from flask_login import LoginManager" in result.new_text


def test_once_the_name_is_bound_the_codemods_act():
    source = PROBE.replace("import pytest\n", "import pytest\nimport selenium.webdriver\n")
    assert import_stop(ast.parse(source)) is None
    result = run_codemods(source, "http-timeout", dedent=False)
    assert "timeout=" in result.new_text


@pytest.mark.parametrize(
    "source",
    [
        "x = unicode('a')\n",  # a builtin of Python 2
        "x = len('a')\nprint(__file__)\n",
        "label = _('Home')\n",  # gettext's install() puts it among the builtins
        "from helpers import *\nx = helper.name\n",
        "globals()['helper'] = 1\nx = helper.name\n",
        "x = helper()\n\ndef helper():\n    pass\n",  # bound, later: not told here
        "def f():\n    global helper\n    helper = 1\n\nx = helper.name\n",
        "x = [helper.name for _ in ()]\n",  # a comprehension may not run its body
        "x = lambda: helper()\n",
        "flag = True\nx = flag or helper.name\n",
        "flag = True\nx = 1 if flag else helper()\n",
        "if flag:\n    x = helper.name\n",
        "try:\n    x = helper.name\nexcept NameError:\n    x = 1\n",
        "while True:\n    pass\nx = helper.name\n",  # a statement before it may hold the import
        "with server():\n    pass\nx = helper.name\n",
    ],
)
def test_what_it_cannot_be_sure_of_leaves_the_module_to_the_codemods(source):
    assert import_stop(ast.parse(source)) is None


def test_a_bare_value_may_be_a_placeholder_to_fill_in():
    """stock-scraper's connection string quotes ``{password}``: a template its user completes
    before the first run; the views below it are the app's."""
    assert import_stop(ast.parse("import urllib.parse\n\nURI = 'db://u:' + urllib.parse.quote({password})\n")) is None
