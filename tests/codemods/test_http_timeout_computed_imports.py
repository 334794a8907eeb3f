"""http-timeout: a test reaches the modules the code it imports loads by a computed name.

Seen on the corpus (redwind): ``create_app`` loads its plugins with
``importlib.import_module('redwind.plugins.' + plugin)``; a test that patches ``requests.get``
for every caller and asserts the exact arguments of the call a plugin makes reaches that
plugin through the test client, but the reach read import statements only, so the plugin's
call was given a timeout and the project's test failed. A name built from a literal start
reaches every module under it; a name the code does not spell reaches any module.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result


APP = """\
import importlib

from flask import Flask

app = Flask(__name__)

for name in ["weather"]:
    {LOAD}.register(app)
"""

WEATHER = """\
import requests


def register(app):
    @app.route("/weather")
    def weather():
        return requests.get("https://weather.example/today").text
"""

TEST = """\
from unittest import mock

from shop.app import app


@mock.patch("requests.get")
def test_weather(get):
    get.return_value.text = "sunny"
    assert app.test_client().get("/weather").data == b"sunny"
    get.assert_called_once_with("https://weather.example/today")
"""


def _lay_out(root, load: str, plugins_init: str = "", extra: dict[str, str] | None = None) -> None:
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    (root / "shop" / "plugins").mkdir(parents=True, exist_ok=True)
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "app.py").write_text(APP.replace("{LOAD}", load))
    (root / "shop" / "plugins" / "__init__.py").write_text(plugins_init)
    (root / "shop" / "plugins" / "weather.py").write_text(WEATHER)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_app.py").write_text(TEST)
    for relative, text in (extra or {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)


def _new_text(path) -> str | None:
    return http_timeout_result(path).new_text


@pytest.mark.parametrize(
    "load",
    [
        'importlib.import_module("shop.plugins." + name)',
        'importlib.import_module(f"shop.plugins.{name}")',
        'importlib.import_module("shop.plugins.%s" % name)',
        'importlib.import_module("shop.plugins.{}".format(name))',
        '__import__("shop.plugins." + name, fromlist=["register"])',
        'importlib.import_module("." + name, "shop.plugins")',
        'importlib.import_module(f"{__package__}.plugins.{name}")',
        "importlib.import_module(app.config.get('PLUGIN_PACKAGE', 'shop.plugins') + '.' + name)",  # not told: any module
    ],
    ids=["sum", "f-string", "percent", "format", "dunder-import", "relative", "own-package", "not-told"],
)
def test_a_plugin_loaded_by_a_computed_name_is_reached_and_its_asserted_call_held_back(tmp_path, load):
    _lay_out(tmp_path, load)
    module = tmp_path / "shop" / "plugins" / "weather.py"
    assert _new_text(module) in (None, WEATHER)


def test_a_loader_over_a_package_s_modules_reaches_them(tmp_path):
    """A loader in the plugins package itself, over the package's own modules."""
    init = (
        "import importlib\nimport pkgutil\n\n\ndef load_all(app):\n"
        "    for info in pkgutil.iter_modules(__path__):\n"
        "        importlib.import_module('.' + info.name, __name__).register(app)\n"
    )
    _lay_out(tmp_path, "importlib.import_module('shop.plugins')", plugins_init=init)
    app = (tmp_path / "shop" / "app.py").read_text().replace(
        "for name in [\"weather\"]:\n    importlib.import_module('shop.plugins').register(app)\n",
        "importlib.import_module('shop.plugins').load_all(app)\n")
    (tmp_path / "shop" / "app.py").write_text(app)
    assert _new_text(tmp_path / "shop" / "plugins" / "weather.py") in (None, WEATHER)


def test_a_computed_name_under_another_package_does_not_reach_the_plugin(tmp_path):
    _lay_out(tmp_path, 'importlib.import_module("shop.themes." + name)', extra={"shop/themes/__init__.py": ""})
    after = _new_text(tmp_path / "shop" / "plugins" / "weather.py")
    assert after is not None and 'requests.get("https://weather.example/today", timeout=60)' in after


def test_the_project_s_test_reaches_the_plugin_and_fails_with_the_timeout(tmp_path):
    """The behaviour behind the rule: the project's own test passes on the plugin as it was and
    fails once its call gets timeout=; the engine leaves the plugin as it was."""
    _lay_out(tmp_path, 'importlib.import_module("shop.plugins." + name)')
    module = tmp_path / "shop" / "plugins" / "weather.py"
    assert _new_text(module) in (None, WEATHER)
    timed = WEATHER.replace('"https://weather.example/today")', '"https://weather.example/today", timeout=60)')
    assert [code for code, _ in project_tests_on(tmp_path, module, (WEATHER, timed))] == [0, 1]


def test_a_name_not_told_loads_no_example_of_the_documentation(tmp_path):
    """dtale: its CLI loads a user's loader module by a path the command line gives
    (``spec_from_file_location``); a test reaching that code may reach any module of the
    application, not the documentation's examples, which the application never loads."""
    _lay_out(tmp_path, "importlib.import_module(app.config['PLUGIN_PACKAGE'] + '.' + name)",
             extra={"docs/example.py": 'import requests\n\nprint(requests.get("https://weather.example/today").text)\n'})
    after = _new_text(tmp_path / "docs" / "example.py")
    assert after is not None and 'requests.get("https://weather.example/today", timeout=60)' in after
    assert _new_text(tmp_path / "shop" / "plugins" / "weather.py") in (None, WEATHER)
