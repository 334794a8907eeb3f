"""dotenv-config on configuration modules that load ``.env`` themselves, or read their
environment through a reader of their own (environs, python-decouple).

A module that already loads ``.env`` before a value gets the value moved and no second
loader; a settings module that runs other code at its top level, or a module that loads
``.env`` from a path of its own, keeps the value, with a finding that names it and says
why. A module reading through environs gets environs' own typed reads; one reading through
another reader keeps its values, with a finding.
"""

from __future__ import annotations

import pytest

from dotenv_support import SETTINGS_APP, on_settings, starts_the_same
from helpers import finding_messages

APP = SETTINGS_APP


# -- A. a module that loads .env itself ------------------------------------------------------------

LOADS_FIRST = """\
from dotenv import load_dotenv

load_dotenv()

SECRET_KEY = "Qm7vX2pL9sK4rT8w"
MAIL_SERVER = "smtp.example.org"
"""


def test_a_module_that_loads_env_first_gets_its_secret_moved_without_a_second_loader():
    result = on_settings(LOADS_FIRST)
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text
    assert 'MAIL_SERVER = os.environ.get("MAIL_SERVER", "smtp.example.org")' in result.new_text
    assert result.new_text.count("load_dotenv()") == 1


@pytest.mark.parametrize(
    "before, after, says",
    [
        ("import logging\n", "logging.basicConfig()\n", "top level (line 3)"),
        ("import os\nfrom dotenv import load_dotenv\n", "load_dotenv(os.path.join('deploy', '.env'))\n", "a place of its own (line 4)"),
        ("from environs import Env\n\nenv = Env()\n", "env.read_env(recurse=False)\n", "a place of its own (line 5)"),
    ],
)
def test_a_module_running_other_code_or_loading_from_its_own_path_keeps_its_secret_with_a_finding(before, after, says):
    settings = before + "\n" + after + '\nSECRET_KEY = "Qm7vX2pL9sK4rT8w"\n'
    result = on_settings(settings)
    assert result.new_text == settings
    messages = finding_messages(result)
    assert any("dotenv-config: SECRET_KEY: " in m and says in m for m in messages), messages


# -- B. the app's own reader -------------------------------------------------------------------------

ENVIRONS = """\
from environs import Env

env = Env()
env.read_env()

SECRET_KEY = "Qm7vX2pL9sK4rT8w"
MAIL_SERVER = "smtp.example.org"
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_TIMEOUT = 2.5
ADMINS = ["ops@example.org", "dev@example.org"]
"""


def test_environs_reads_the_moved_values_itself():
    result = on_settings(ENVIRONS, "flask\nenvirons\n")
    text = result.new_text
    assert 'SECRET_KEY = env.str("SECRET_KEY")' in text
    assert 'MAIL_SERVER = env.str("MAIL_SERVER", default="smtp.example.org")' in text
    assert 'MAIL_PORT = env.int("MAIL_PORT", default=587)' in text
    assert 'MAIL_USE_TLS = env.bool("MAIL_USE_TLS", default=True)' in text
    assert "load_dotenv" not in text and "import os" not in text and "os.environ" not in text


def test_environs_project_starts_with_the_same_values_and_types(tmp_path):
    files = {"requirements.txt": "flask\nenvirons\n", "app.py": APP, "settings.py": ENVIRONS}
    starts_the_same(tmp_path, files, "settings.py", "env.str(")


@pytest.mark.parametrize(
    "settings, reader",
    [
        ("from environs import Env\n\nenv = Env()\n\nSECRET_KEY = 'Qm7vX2pL9sK4rT8w'\n", "environs"),
        ("from decouple import config\n\nDEBUG = config('DEBUG', default=False, cast=bool)\nSECRET_KEY = 'Qm7vX2pL9sK4rT8w'\n", "decouple"),
    ],
)
def test_another_reader_or_one_that_loads_no_env_keeps_the_value_with_a_finding(settings, reader):
    result = on_settings(settings, f"flask\n{reader}\n")
    assert result.new_text == settings
    messages = finding_messages(result)
    assert any("dotenv-config: SECRET_KEY: " in m and reader in m for m in messages), messages
