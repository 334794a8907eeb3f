"""dotenv-config where the project reads its environment through a reader of its own in another
module, and where secrets are handed over in a dict.

- A module that imports the project's environs ``Env`` (whose module loads ``.env`` with
  ``read_env()`` at import) gets environs' typed reads through that name: no ``os``, no
  ``load_dotenv``, no python-dotenv requirement.
- A module of a project that reads its environment through environs or python-decouple
  elsewhere, without that reader at hand, keeps its values, with a finding naming the module
  that reads: a second mechanism beside the project's own is not what its maintainer would
  write.
- ``app.config.update(dict(SECRET_KEY=...))`` is the keyword form of ``update``: it moves.
- A dict of secrets handed to an app factory (``create_app({"SECRET_KEY": ...})``) is
  configuration the tool cannot follow into the factory: a finding, never a change.
"""

from __future__ import annotations

import pytest

from dotenv_support import starts_the_same
from helpers import finding_messages, run_codemods

NAME = "dotenv-config"
SECRET = "Qm7vX2pL9sK4rT8w"
ENVIRONS_CONFIG = """\
from environs import Env

env = Env()
env.read_env()

DEBUG = env.bool("DEBUG", default=False)
"""
APP_WITH_ENV = f"""\
from flask import Flask

from config import env

app = Flask(__name__)
app.config["SECRET_KEY"] = "{SECRET}"
app.config["MAIL_SERVER"] = "smtp.example.org"
app.config["MAIL_PORT"] = 587
"""


def on_app(source: str, project: dict[str, str]):
    result = run_codemods(source, NAME, dedent=False, project=project)
    assert result.error is None
    return result


# -- A. the project's own reader ------------------------------------------------------------------------


def test_a_module_importing_the_projects_environs_reads_through_it():
    result = on_app(APP_WITH_ENV, {"config.py": ENVIRONS_CONFIG, "requirements.txt": "flask\nenvirons\n"})
    text = result.new_text
    assert 'app.config["SECRET_KEY"] = env.str("SECRET_KEY")' in text
    assert 'app.config["MAIL_SERVER"] = env.str("MAIL_SERVER", default="smtp.example.org")' in text
    assert 'app.config["MAIL_PORT"] = env.int("MAIL_PORT", default=587)' in text
    assert "load_dotenv" not in text and "import os" not in text
    assert not [e for e in result.project_edits if e.kind == "requirement"]


@pytest.mark.parametrize(
    "binding",
    [
        'import os\n\nif os.environ.get("USE_ENVIRONS"):\n    from config import env\n',  # not bound when false
        "try:\n    from config import env\nexcept ImportError:\n    env = None\n",  # maybe None
    ],
    ids=["under an if", "in a try with a fallback"],
)
def test_an_environs_object_the_module_may_not_have_is_not_read_through(binding):
    source = APP_WITH_ENV.replace("from config import env\n", binding)
    result = on_app(source, {"config.py": ENVIRONS_CONFIG, "requirements.txt": "flask\nenvirons\n"})
    assert result.new_text == source
    assert any("SECRET_KEY" in message and "left in place" in message for message in finding_messages(result))


def test_a_project_reading_through_an_imported_environs_starts_with_the_same_values(tmp_path):
    files = {"requirements.txt": "flask\nenvirons\n", "config.py": ENVIRONS_CONFIG, "app.py": APP_WITH_ENV}
    starts_the_same(tmp_path, files, "app.py", 'env.str("SECRET_KEY")')


def test_an_environs_that_loads_no_env_is_no_reader_to_borrow():
    config = 'from environs import Env\n\nenv = Env()\n'
    result = on_app(APP_WITH_ENV, {"config.py": config, "requirements.txt": "flask\nenvirons\n"})
    assert result.new_text == APP_WITH_ENV
    assert any("environs" in m for m in finding_messages(result)), finding_messages(result)


def test_a_module_without_the_projects_reader_keeps_its_values_with_a_finding():
    source = f'from flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "{SECRET}"\n'
    for path, reader_module, says in (
        ("config.py", ENVIRONS_CONFIG, "environs (config.py)"),
        ("settings.py", "from decouple import config\n\nDEBUG = config('DEBUG', default=False, cast=bool)\n", "python-decouple (settings.py)"),
    ):
        result = on_app(source, {path: reader_module, "requirements.txt": "flask\n"})
        assert result.new_text == source
        messages = finding_messages(result)
        assert any("SECRET_KEY: " in m and says in m for m in messages), messages


# -- B. secrets in dicts ------------------------------------------------------------------------------


def test_a_config_update_with_a_dict_call_moves_like_its_keywords():
    source = f"""\
from flask import Flask

app = Flask(__name__)
app.config.update(dict(SECRET_KEY="{SECRET}", MAIL_SERVER="smtp.example.org"))
"""
    result = on_app(source, {"requirements.txt": "flask\n"})
    text = result.new_text
    assert 'SECRET_KEY=os.environ["SECRET_KEY"]' in text
    assert 'MAIL_SERVER=os.environ.get("MAIL_SERVER", "smtp.example.org")' in text


@pytest.mark.parametrize(
    "update",
    [
        f'app.config.update(dict(SECRET_KEY="{SECRET}"), **EXTRA)',
        f'app.config.update({{"SECRET_KEY": "{SECRET}"}}, **EXTRA)',
    ],
    ids=["dict call", "dict display"],
)
def test_a_config_update_unpacking_more_settings_after_its_values_is_left_alone(update):
    source = f"""\
from flask import Flask

EXTRA = {{"SECRET_KEY": "set-by-the-deployment"}}
app = Flask(__name__)
{update}
"""
    result = on_app(source, {"requirements.txt": "flask\n"})
    assert result.new_text == source  # the unpacked mapping may set the key again: the value may be dead


def test_secrets_handed_to_an_app_factory_in_a_dict_get_a_finding_and_no_change():
    source = f"""\
from shop import create_app

app = create_app({{"SECRET_KEY": "{SECRET}", "DEBUG": False}})
admin = create_app(config=dict(SECRET_KEY="dev"))
"""
    result = on_app(source, {"requirements.txt": "flask\n", "shop/__init__.py": "def create_app(config=None):\n    pass\n"})
    assert result.new_text == source
    messages = finding_messages(result)
    assert any(m.startswith("3: ") and "SECRET_KEY: " in m and "create_app()" in m and "hard-coded secret" in m for m in messages), messages
    assert any(m.startswith("4: ") and "SECRET_KEY: " in m and "placeholder" in m for m in messages), messages


def test_a_dict_handed_to_other_calls_is_not_configuration():
    source = f'import requests\n\nrequests.post("https://example.org", json={{"SECRET_KEY": "{SECRET}"}})\n'
    result = on_app(source, {"requirements.txt": "flask\n"})
    assert result.new_text == source and not [m for m in finding_messages(result) if "SECRET_KEY" in m]
