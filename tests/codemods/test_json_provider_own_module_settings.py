"""json-provider's finding for a JSON key set as a constant of the module that creates the app
and loads its own constants (``app.config.from_object(__name__)``).

recon-ng's web package sets ``JSON_SORT_KEYS`` among its module constants and its
``create_app()``, a few lines down, loads them with ``from_object(__name__)``. The key is left
(the attribute would have to go after the load, inside the factory), but the finding said the
settings module "has no app in sight", which is untrue there: it names the app's line instead.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

OWN_CONSTANTS = """\
from flask import Flask

JSON_SORT_KEYS = False
DEBUG = False


def create_app():
    app = Flask(__name__)
    app.config.from_object(__name__)
    return app
"""

SETTINGS_ONLY = """\
JSON_SORT_KEYS = False
DEBUG = False
"""


def test_the_finding_names_the_app_the_module_creates():
    result = run_codemods(OWN_CONSTANTS, "json-provider", path="web/__init__.py", dedent=False)
    assert result.new_text == OWN_CONSTANTS
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "no app in sight" not in messages[0], messages
    assert "line 8" in messages[0], messages


def test_a_settings_module_without_an_app_still_says_so():
    result = run_codemods(SETTINGS_ONLY, "json-provider", path="settings.py", dedent=False)
    assert result.new_text == SETTINGS_ONLY
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "no app in sight" in messages[0], messages


def test_an_app_that_loads_other_settings_is_not_named():
    source = OWN_CONSTANTS.replace("from_object(__name__)", 'from_object("settings")')
    result = run_codemods(source, "json-provider", path="web/__init__.py", dedent=False)
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "line 8" not in messages[0], messages
