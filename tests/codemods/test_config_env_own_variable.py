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


@pytest.mark.parametrize(
    "factory",
    [
        'import os\n\nconfigs = {}\nenv = os.getenv("FLASK_ENV", "production")\nSETTINGS = configs[env]\n',
        'import os\n\nconfigs = {}\n\n\ndef create_app():\n    env = os.environ.get("FLASK_ENV")\n    return configs[env]\n',
        'import os\n\n\ndef load_settings(name):\n    return name\n\n\ndef create_app():\n    mode = os.environ["FLASK_ENV"]\n'
        '    print(mode)\n    return load_settings(mode)\n',
        # flask-api-example's manage.py and wsgi.py: the value or a default
        'import os\n\n\ndef create_app(name):\n    return name\n\n\nenv = os.getenv("FLASK_ENV") or "test"\napp = create_app(env)\n',
        'import os\n\n\ndef create_app(name):\n    return name\n\n\napp = create_app(os.getenv("FLASK_ENV") or "test")\n',
    ],
    ids=["a module's name, a key", "a function's name, a key", "a function's name, an argument", "a name, or a default",
         "or a default"],
)
def test_a_value_bound_once_to_a_name_is_followed(factory):
    """``env = os.getenv("FLASK_ENV")`` and then ``configs[env]``: the value picks the app's
    configuration through the name, as it does read in place."""
    result = run({"app/settings.py": factory})
    assert result.new_text == textwrap.dedent(AUTH), finding_messages(result)
    assert any("own setting" in message and "app/settings.py" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "factory",
    [
        # only compared and shown through the name: Flask's variable
        'import os\n\n\ndef create_app():\n    env = os.environ.get("FLASK_ENV")\n    print(env)\n    return env == "development"\n',
        # the name is bound again: what the key reads is not the variable's value
        'import os\n\nconfigs = {}\nenv = os.getenv("FLASK_ENV")\nenv = "production"\nSETTINGS = configs[env]\n',
        # the key reads another scope's name of the same spelling
        'import os\n\nconfigs = {}\nenv = os.getenv("FLASK_ENV")\n\n\ndef pick(env):\n    return configs[env]\n',
    ],
    ids=["compared", "bound twice", "a parameter of the same name"],
)
def test_a_name_that_does_not_carry_the_value_into_a_pick_is_not_followed(factory):
    result = run({"app/settings.py": factory})
    assert "if get_debug_flag():" in result.new_text, finding_messages(result)
