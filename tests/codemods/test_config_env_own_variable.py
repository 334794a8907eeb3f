"""config-env: where the project picks its own configuration by ``FLASK_ENV``'s value
(``create_app(run_mode=os.getenv("FLASK_ENV", "production"))`` looking the mode up in a dict
of config classes, bcgov/namex), the variable is the app's own setting: its deployments set
it (``FLASK_ENV=migration``) for the app, whatever Flask makes of it, and still do after
Flask 2.3. A test ``os.getenv("FLASK_ENV") == "development"`` there asks for that run mode,
not for debug mode: it is left as it is (reported), not turned into ``get_debug_flag()``.
Where every read of the variable only compares it, it was Flask's, and is rewritten as before.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from helpers import finding_messages, run_codemods

NAME = "config-env"

FACTORY = """
import os

from flask import Flask


class DevConfig:
    DEBUG = False
    TOKEN_SOURCE = "console"


class ProdConfig:
    DEBUG = False
    TOKEN_SOURCE = "metadata server"


CONFIGURATION = {"development": DevConfig, "production": ProdConfig, "migration": ProdConfig}


def create_app(run_mode=os.getenv("FLASK_ENV", "production")):
    app = Flask(__name__)
    app.config.from_object(CONFIGURATION[run_mode])
    return app
"""

AUTH = """
import os


def token_source():
    if os.getenv("FLASK_ENV") == "development":
        return "a token pasted from the console"
    return "the metadata server"
"""

# the same comparison where nothing else reads FLASK_ENV: Flask's own variable
ALONE = {"app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n"}


def run(project_files, source=AUTH):
    return run_codemods(source, NAME, path="app/auth.py", project=project_files)


def test_a_run_mode_test_of_the_apps_own_variable_is_left_with_a_finding():
    result = run({"app/__init__.py": FACTORY})
    assert result.new_text == textwrap.dedent(AUTH)
    messages = finding_messages(result)
    assert any("own" in message and "app/__init__.py" in message for message in messages), messages


@pytest.mark.parametrize("debug", [None, "0"])
def test_the_app_left_still_takes_the_development_path_its_deployment_asks_for(monkeypatch, debug):
    """A developer's FLASK_ENV=development (no FLASK_DEBUG, or FLASK_DEBUG=0: debug off)."""
    monkeypatch.setenv("FLASK_ENV", "development")
    if debug is None:
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
    else:
        monkeypatch.setenv("FLASK_DEBUG", debug)
    namespace: dict = {"os": os}
    exec(run({"app/__init__.py": FACTORY}).new_text, namespace)  # noqa: S102
    assert namespace["token_source"]() == "a token pasted from the console"


def test_where_the_variable_is_only_compared_it_is_flasks_and_still_rewritten():
    result = run(ALONE)
    assert "if get_debug_flag():" in result.new_text, finding_messages(result)


@pytest.mark.parametrize(
    "use",
    [
        'configs[os.environ.get("FLASK_ENV", "production")]',
        'load_settings(os.environ["FLASK_ENV"])',
    ],
    ids=["a mapping's key", "an argument"],
)
def test_other_ways_of_picking_by_the_value(use):
    factory = f"import os\n\nconfigs = {{}}\n\n\ndef load_settings(name):\n    return name\n\n\nSETTINGS = {use}\n"
    result = run({"app/settings.py": factory})
    assert result.new_text == textwrap.dedent(AUTH), finding_messages(result)
