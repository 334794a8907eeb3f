"""static-max-age on code that runs on Python 2 only: no Flask from 2.0 on installs there, and
every Flask before 2.0 already sends static files with a 12 hour max-age, so an hour would
only shorten it. An unpinned Flask does not change that: the install on Python 2 stops at 1.1.
"""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import DEPLOYED, _listed_project, finding_messages, load_source, run_codemods

SHOP = textwrap.dedent(
    """\
    from flask import Flask

    app = Flask(__name__)


    @app.get("/")
    def home():
        return "shop"
    """
)

PY2_LINKS = "from urlparse import urljoin\n\n\ndef absolute(base, path):\n    return urljoin(base, path)\n"
BOTH_LINKS = (
    "try:\n    from urlparse import urljoin\nexcept ImportError:\n    from urllib.parse import urljoin\n\n\n"
    "def absolute(base, path):\n    return urljoin(base, path)\n"
)


def _files(links: str) -> dict[str, str]:
    return {**DEPLOYED, "requirements.txt": "Flask\n", "links.py": links, "static/shop.css": "p { margin: 0 }\n"}


def test_an_app_whose_code_imports_a_python_2_module_outside_a_try_is_left_alone():
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(PY2_LINKS))
    assert result.new_text == SHOP
    [message] = finding_messages(result)
    assert "runs on Python 2 only (urlparse in links.py, imported outside any try)" in message


def test_a_guarded_python_2_import_is_code_for_both_and_still_gets_the_max_age(tmp_path):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(BOTH_LINKS))
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "shop.css").write_text("p { margin: 0 }\n")
    with load_source(tmp_path, result.new_text, stem="shop_app").app.test_client() as client:
        assert client.get("/static/shop.css").cache_control.max_age == 3600


@pytest.mark.parametrize("where", ["tests/test_links.py", "../tools/links.py"])
def test_python_2_imports_in_tests_or_beside_the_app_folder_do_not_count(where):
    """Tests are no application code; a maintainer's script in a folder beside the app's is not
    the app's code either (the app lives in ``site/``)."""
    files = {**DEPLOYED, "../requirements.txt": "Flask\n", where: PY2_LINKS, "static/shop.css": ""}
    result = run_codemods(SHOP, "static-max-age", dedent=False, path="site/app.py", files=files)
    assert "SEND_FILE_MAX_AGE_DEFAULT" in result.new_text


@pytest.mark.parametrize("own", ["commands.py", "cli/commands.py", "commands/__init__.py"])
def test_a_module_of_the_project_named_like_a_python_2_module_is_no_evidence(own):
    """``from commands import cli`` imports the project's own ``commands`` on Python 3: the
    app gets the max-age, and no finding claims it runs on Python 2."""
    app = SHOP.replace("from flask import Flask\n", "from flask import Flask\n\nfrom commands import cli\n")
    files = {**DEPLOYED, "requirements.txt": "Flask\n", own: "def cli():\n    pass\n", "static/shop.css": ""}
    result = run_codemods(app, "static-max-age", dedent=False, files=files)
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    assert not any("Python 2" in message for message in finding_messages(result))


def test_a_python_2_module_the_project_does_not_have_still_counts_beside_one_it_has():
    app = SHOP.replace("from flask import Flask\n", "from flask import Flask\n\nfrom commands import cli\n")
    files = {**DEPLOYED, "requirements.txt": "Flask\n", "commands.py": PY2_LINKS, "static/shop.css": ""}
    result = run_codemods(app, "static-max-age", dedent=False, files=files)
    assert result.new_text == app
    assert any("urlparse in commands.py" in message for message in finding_messages(result))


def _werkzeug_stdlib_at_flask_1_1(source: str, files: dict[str, str]) -> str:
    reader = _listed_project(files, "app.py", source)
    return transform_text(source, [get_codemod("werkzeug-stdlib")], path="app.py", read_file=reader, target_version=(1, 1)).new_text


def test_werkzeug_stdlib_takes_no_own_module_for_python_2_evidence():
    """The same rule for werkzeug-stdlib's evidence (codemods/_werkzeug_stdlib_python2.py): at
    Flask 1.1, ``url_parse(x).netloc`` becomes ``urlsplit`` only when nothing says Python 2."""
    source = "from werkzeug.urls import url_parse\n\nfrom commands import cli\n\n\ndef host(url):\n    try:\n        return url_parse(url).netloc\n"
    source += "    except ValueError:\n        return None\n"
    assert "urlsplit" in _werkzeug_stdlib_at_flask_1_1(source, {"commands.py": "def cli():\n    pass\n"})
    assert "urlsplit" not in _werkzeug_stdlib_at_flask_1_1(source, {})


def test_an_app_module_that_calls_a_python_2_builtin_at_import_is_left_alone():
    """Python 3 stops the import of a module whose top-level code calls ``execfile`` with a
    NameError: the app runs on Python 2 only, as with a Python-2-only import."""
    activating = "import os\n\nexecfile(os.path.join('env', 'activate_this.py'))\n"
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(activating))
    assert result.new_text == SHOP
    [message] = finding_messages(result)
    assert "runs on Python 2 only (execfile in links.py, called at import)" in message


# A list sorted with a comparison function when a module is imported: Python 2's
# ``list.sort(f)`` and ``sorted(xs, cmp=f)`` take one, Python 3's take none (``sort()`` takes no
# positional argument, ``cmp=`` is no keyword of either), so the import raises TypeError there.
BY_GROUP = "def by_group(a, b):\n    return (a > b) - (a < b)\n\n\n"


@pytest.mark.parametrize(
    ("links", "said"),
    [
        (BY_GROUP + "groups = list(set(['b', 'a']))\ngroups.sort(by_group)\n", "groups.sort() with a comparison function"),
        (BY_GROUP + "groups = ['b', 'a']\ngroups.sort(cmp=by_group)\n", "groups.sort() with a comparison function"),
        (BY_GROUP + "ordered = sorted(['b', 'a'], cmp=by_group)\n", "sorted() with a comparison function"),
    ],
)
def test_a_module_sorting_with_a_comparison_function_at_import_runs_on_python_2_only(links, said):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(links))
    assert result.new_text == SHOP
    [message] = finding_messages(result)
    assert f"runs on Python 2 only ({said} in links.py, called at import)" in message


@pytest.mark.parametrize(
    "links",
    [
        # Python 3's own sorts: by a key, or reversed
        "groups = ['b', 'a']\ngroups.sort(key=len)\nordered = sorted(groups, reverse=True)\n",
        # not a list: another object's sort method may take an argument
        "import table\n\nframe = table.load()\nframe.sort('name')\n",
        # a name bound to something else as well
        BY_GROUP + "groups = ['b', 'a']\nif table:\n    groups = table.Groups()\ngroups.sort(by_group)\n",
        # inside a function: nothing runs at import
        BY_GROUP + "def ordered(groups):\n    groups = list(groups)\n    groups.sort(by_group)\n    return groups\n",
    ],
)
def test_other_sorts_are_no_evidence(links):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(links))
    assert "SEND_FILE_MAX_AGE_DEFAULT" in result.new_text
