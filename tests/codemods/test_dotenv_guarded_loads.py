"""dotenv-config on modules whose ``.env`` load sits inside a top-level ``try`` or ``if``, and on
settings modules with loops and ``with`` blocks at their top level.

- A load in a ``try`` that only guards the import of python-dotenv runs wherever python-dotenv
  is installed (which the requirement the tool adds makes sure): it is the module's load, and
  no second one is added.
- A load under an ``if`` runs only when its condition holds: a required secret moved there
  would stop the app wherever it does not, so the value stays, with a finding.
- A settings module with a loop or a ``with`` at its top level is still a settings module:
  what makes a value's move unsafe is code that sets it again after its line (the literal is
  then a default the module overrides) or writes the module's names where we cannot see
  which (``globals()[name] = ...``, a call); reading the values is not.
"""

from __future__ import annotations

import pytest

from dotenv_support import SETTINGS_APP, on_settings, starts_the_same
from helpers import finding_messages, run_codemods

NAME = "dotenv-config"
SECRET = "Qm7vX2pL9sK4rT8w"
APP = SETTINGS_APP


def on_app(source: str):
    result = run_codemods(source, NAME, dedent=False, project={"requirements.txt": "flask\npython-dotenv\n"})
    assert result.error is None
    return result


# -- A. a load guarded by a try or an if ---------------------------------------------------------------

TRY_LOAD_APP = f"""\
from flask import Flask

try:
    from dotenv import load_dotenv

    load_dotenv()
except ImportError:
    pass

app = Flask(__name__)
app.config["SECRET_KEY"] = "{SECRET}"
"""


def test_a_load_in_a_try_around_its_import_is_the_modules_load_and_no_second_one_is_added():
    result = on_app(TRY_LOAD_APP)
    text = result.new_text
    assert 'app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]' in text
    assert text.count("load_dotenv()") == 1
    assert text.count("from dotenv import load_dotenv") == 1


def test_a_settings_module_with_a_load_in_a_try_gets_its_secret_moved():
    settings = f"""\
try:
    from dotenv import load_dotenv
except ImportError:
    load_dotenv = None
else:
    load_dotenv()

SECRET_KEY = "{SECRET}"
"""
    result = on_settings(settings)
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text
    assert result.new_text.count("load_dotenv()") == 1


@pytest.mark.parametrize(
    "guard",
    [
        'if os.path.exists(".env"):\n    load_dotenv()\n',
        'if __name__ == "__main__":\n    load_dotenv()\n',
        # after a statement that may raise, a handler or a context manager may skip the load
        "try:\n    import optional_thing\n    load_dotenv()\nexcept ImportError:\n    pass\n",
        "with contextlib.suppress(Exception):\n    optional_setup()\n    load_dotenv()\n",
        "try:\n    import optional_thing\nexcept ImportError:\n    pass\nelse:\n    load_dotenv()\n",
    ],
    ids=["if exists", "main block", "try after a risky import", "with after a risky call", "else of a risky try"],
)
def test_a_load_under_an_if_keeps_the_value_with_a_finding(guard):
    source = f"""\
import os

from dotenv import load_dotenv
from flask import Flask

{guard}
app = Flask(__name__)
app.config["SECRET_KEY"] = "{SECRET}"
"""
    result = on_app(source)
    assert result.new_text == source
    messages = finding_messages(result)
    assert any("SECRET_KEY: " in m and "only when" in m for m in messages), messages
    line = next(number for number, text in enumerate(source.splitlines(), 1) if "load_dotenv()" in text)
    assert any(f"(line {line})" in m for m in messages), messages


def test_a_project_loading_env_in_a_try_starts_with_the_same_values(tmp_path):
    files = {"requirements.txt": "flask\npython-dotenv\n", "app.py": TRY_LOAD_APP}
    starts_the_same(tmp_path, files, "app.py", 'app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]')
    assert (tmp_path / "after" / "app.py").read_text().count("load_dotenv()") == 1


# -- B. loops and with blocks in a settings module ------------------------------------------------------

QUIET_BLOCKS = f"""\
import os

basedir = os.path.abspath(os.path.dirname(__file__))

SECRET_KEY = "{SECRET}"
MAIL_SERVER = "smtp.example.org"
MAIL_PORT = 587

with open(os.path.join(basedir, "settings.py")) as handle:
    FIRST_LINE = handle.readline().strip()

MIME_TYPES = {{}}
for extension in ("png", "jpg"):
    MIME_TYPES[extension] = "image/" + extension
MAIL_LABEL = "%s:%s" % (MAIL_SERVER, MAIL_PORT)
"""


def test_a_settings_module_with_a_loop_and_a_with_that_leave_its_values_alone_gets_them_moved():
    result = on_settings(QUIET_BLOCKS)
    text = result.new_text
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in text
    assert 'MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))' in text
    assert "for extension in" in text and "with open(" in text


def test_a_settings_module_with_blocks_starts_with_the_same_values_and_types(tmp_path):
    files = {"requirements.txt": "flask\npython-dotenv\n", "app.py": APP, "settings.py": QUIET_BLOCKS}
    starts_the_same(tmp_path, files, "settings.py", 'SECRET_KEY = os.environ["SECRET_KEY"]')


@pytest.mark.parametrize(
    "block, says",
    [
        # set again after the literal, in a with, an if or a loop: the literal is a default
        ('with open("key.txt") as handle:\n    SECRET_KEY = handle.read()\n', "set again at line 5"),
        ('if os.path.exists("key.txt"):\n    SECRET_KEY = open("key.txt").read()\n', "set again at line 5"),
        ('for SECRET_KEY in os.environ.get("KEYS", "").split():\n    break\n', "set again at line 4"),
        # an assignment expression: the literal is the fallback of another variable
        ('if (SECRET_KEY := os.environ.get("APP_SECRET", SECRET_KEY)):\n    pass\n', "set again at line 4"),
        # names written where the module cannot tell which
        ('for name in ("SECRET_KEY",):\n    globals()[name] = os.environ.get(name, globals()[name])\n', "top level (line 5)"),
        ('for name in ("SECRET_KEY",):\n    print(name)\n', "top level (line 5)"),
    ],
)
def test_a_block_that_sets_the_values_again_keeps_them_with_a_finding(block, says):
    settings = f'import os\n\nSECRET_KEY = "{SECRET}"\n' + block
    result = on_settings(settings)
    assert result.new_text == settings
    messages = finding_messages(result)
    assert any("dotenv-config: SECRET_KEY: " in m and says in m for m in messages), messages


def test_a_plain_reassignment_after_the_literal_keeps_it_with_a_finding():
    settings = f'import os\n\nSECRET_KEY = "{SECRET}"\nSECRET_KEY = open("key.txt").read()\n'
    result = on_settings(settings)
    assert result.new_text == settings
    assert any("set again at line 4" in m for m in finding_messages(result)), finding_messages(result)


def test_a_config_class_attribute_set_again_at_the_top_level_keeps_its_value_with_a_finding():
    settings = f"""\
import os

from dotenv import load_dotenv

load_dotenv()


class Config:
    SECRET_KEY = "{SECRET}"


Config.SECRET_KEY = os.environ.get("APP_SECRET", "fallback")
"""
    project = {"app.py": SETTINGS_APP.replace('"settings"', '"settings.Config"'), "requirements.txt": "flask\npython-dotenv\n"}
    result = run_codemods(settings, NAME, path="settings.py", dedent=False, project=project)
    assert result.error is None and result.new_text == settings
    assert any("SECRET_KEY: set again at line 12" in m for m in finding_messages(result)), finding_messages(result)
