"""dotenv-config, one file at a time: which .env keys it writes, which modules it changes and which
it leaves alone, and the loader call the project's python-dotenv needs."""

from __future__ import annotations

import os
import textwrap

import pytest

from flask_codemod import diffs
from flask_codemod.codemods import select_codemods
from flask_codemod.codemods._dotenv_config_values import secret_spellings
from helpers import REPO, assert_refused, finding_messages, rewrite, run_codemods
from dotenv_support import edits

NAME = "dotenv-config"

# -- names -------------------------------------------------------------------------------------------

APP = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "ours-123"\napp.config["MAIL_SERVER"] = "smtp.example.org"\n'


def test_an_existing_dotenv_key_with_another_value_is_never_reused():
    result = run_codemods(APP, NAME, files={".env": "SECRET_KEY=theirs\nMAIL_SERVER=smtp.example.org\n", "requirements.txt": "flask\n"}, path="shop.py")
    assert 'os.environ["SHOP_SECRET_KEY"]' in result.new_text
    assert 'os.environ.get("MAIL_SERVER", "smtp.example.org")' in result.new_text  # same value: the same variable
    assert set(edits(result)) == {"SHOP_SECRET_KEY", "MAIL_SERVER"}
    assert any("SECRET_KEY already holds another value in .env" in m for m in finding_messages(result))
    assert all("theirs" not in m and "ours" not in m for m in finding_messages(result))


def test_the_dotenv_of_the_project_root_is_the_one_read():
    files = {"../.env": "SECRET_KEY=theirs\n", "../requirements.txt": "flask\n"}
    result = run_codemods(APP, NAME, files=files, path="pkg/views.py", listed=False)
    assert 'os.environ["VIEWS_SECRET_KEY"]' in result.new_text
    # a project root below the .env: that .env is not the project's
    files["requirements.txt"] = "flask\n"
    result = run_codemods(APP, NAME, files=files, path="pkg/views.py", listed=False)
    assert 'os.environ["SECRET_KEY"]' in result.new_text


def test_system_variables_are_not_reused_for_config():
    source = 'from flask import Flask\napp = Flask(__name__)\napp.config["HOSTNAME"] = "db.local"\napp.config["API_TOKEN"] = "tok-host-4f7a1b"\n'
    result = run_codemods(source, NAME, path="app.py")
    assert 'os.environ.get("APP_HOSTNAME", "db.local")' in result.new_text


def test_two_factories_in_one_module():
    source = textwrap.dedent(
        """
        from flask import Flask

        def create_admin_app():
            app = Flask(__name__)
            app.secret_key = "admin-key-1"
            return app

        def create_public_app():
            app = Flask(__name__)
            app.secret_key = "public-key-2"
            return app
        """
    )
    new = rewrite(source, NAME)
    assert 'os.environ["SECRET_KEY"]' in new and 'os.environ["PUBLIC_SECRET_KEY"]' in new


# -- where, and what is left alone -------------------------------------------------------------------

CONSTANTS = 'DEBUG = True\nSECRET_KEY = "k-123456"\nSERVER_NAME = "localhost"\nPER_PAGE = 20\n'


def test_a_config_module_the_app_loads_moves_settings_and_secrets():
    loads = {
        "myshop/__init__.py": "from flask import Flask\napp = Flask(__name__)\napp.config.from_object('myshop.config')\n",
        "requirements.txt": "flask\n",
    }
    new = rewrite(CONSTANTS, NAME, path="myshop/config.py", project=loads)
    assert 'SERVER_NAME = os.environ.get("SERVER_NAME", "localhost")' in new
    assert "DEBUG = True" in new  # Flask's mode switch stays
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in new
    assert "PER_PAGE = 20" in new
    pyfile = {
        "app.py": "from flask import Flask\napp = Flask(__name__, instance_relative_config=True)\napp.config.from_pyfile('production.py')\n",
        "requirements.txt": "flask\n",
    }
    assert rewrite(CONSTANTS, NAME, path="instance/production.py", project=pyfile) == new


def test_a_config_module_nothing_loads_is_left_alone():
    # a Django settings.py, a FastAPI config module: no from_object / from_pyfile reaches them
    result = run_codemods(CONSTANTS, NAME, path="mysite/settings.py", project={"mysite/urls.py": "urlpatterns = []\n"})
    assert result.new_text == CONSTANTS and not result.findings and not result.project_edits


def test_other_modules_only_name_their_secrets():
    assert rewrite(CONSTANTS, NAME, path="helpers.py") == CONSTANTS
    source = "from flask import Blueprint\n" + CONSTANTS
    result = run_codemods(source, NAME, path="views.py")
    assert result.new_text == source
    assert [m.split(": ", 1)[1] for m in finding_messages(result)] == [
        "dotenv-config: SECRET_KEY: hard-coded secrets outside the Flask configuration; move them out of the code by hand"
    ]


def test_a_module_creating_an_app_is_not_a_config_module():
    source = "from flask import Flask\n" + CONSTANTS + "app = Flask(__name__)\n"
    loads = {"wsgi.py": "from config import app\napp.config.from_object('config')\n"}
    result = run_codemods(source, NAME, path="config.py", project=loads)
    assert result.new_text == source
    assert any("SECRET_KEY: hard-coded secrets outside the Flask configuration" in m for m in finding_messages(result))


@pytest.mark.parametrize("path", ["tests/test_app.py", "test_app.py", "conftest.py", "app_test.py", "tests/factories.py", "tests.py"])
def test_test_files_are_left_alone(path):
    source = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "4e9b1c7d20fa83e6"\n'
    assert 'os.environ["SECRET_KEY"]' in rewrite(source, NAME, path="app.py")  # a real secret: it moves from the app
    result = run_codemods(source, NAME, path=path)
    assert result.new_text == source and not result.project_edits


def test_a_name_is_read_from_the_environment_by_code_not_by_text():
    """A module that spells ``os.environ["SECRET_KEY"]`` in its docstring or a comment does not
    read it; one that reads it in code, or sets it, does (moving the secret would hand it our
    value, or theirs to us)."""
    source = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "4e9b1c7d20fa83e6"\n'
    documented = {"docs.py": '"""Set it: ``os.environ["SECRET_KEY"]``."""\n# os.getenv("SECRET_KEY") works too\n', "requirements.txt": "flask\n"}
    assert 'os.environ["SECRET_KEY"]' in rewrite(source, NAME, path="app.py", project=documented)
    for reader in (
        'import os\nKEY = os.environ.get("SECRET_KEY")\n',
        'from os import getenv\nKEY = getenv("SECRET_KEY", "")\n',
        'import os\nos.environ["SECRET_KEY"] = "for-the-tests"\n',
        "from environs import Env\nenv = Env()\nKEY = env.str('SECRET_KEY')\n",
        'print "python 2: read by its text"\nimport os\nKEY = os.environ["SECRET_KEY"]\n',
    ):
        result = run_codemods(source, NAME, path="app.py", project={"other.py": reader, "requirements.txt": "flask\n"})
        assert result.new_text == source, reader
        assert any("SECRET_KEY: already read from the environment in other.py" in m for m in finding_messages(result)), reader


def test_resolved_by_qualified_name():
    source = textwrap.dedent(
        """
        import flask as f
        from mylib import Flask

        real = f.Flask(__name__)
        real.config["SECRET_KEY"] = "real-key-1"
        fake = Flask(__name__)
        fake.config["SECRET_KEY"] = "fake-key-2"
        """
    )
    new = rewrite(source, NAME)
    assert 'real.config["SECRET_KEY"] = os.environ["SECRET_KEY"]' in new
    assert 'fake.config["SECRET_KEY"] = "fake-key-2"' in new


def test_a_local_os_is_respected():
    source = textwrap.dedent(
        """
        from flask import Flask

        def create_app(os):
            app = Flask(__name__)
            app.config["SECRET_KEY"] = "l0cal-0s-k3y"
            return app
        """
    )
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    assert any("'os' is a local name here" in m for m in finding_messages(result))


def test_an_existing_load_dotenv_is_reused():
    source = "import os\nfrom dotenv import load_dotenv\nfrom flask import Flask\n\nload_dotenv()\napp = Flask(__name__)\napp.secret_key = 'k-123456'\n"
    new = rewrite(source, NAME)
    assert new.count("load_dotenv()") == 1
    assert "app.secret_key = os.environ['SECRET_KEY']" in new


def test_a_late_load_dotenv_gets_one_before_the_first_read():
    source = "from flask import Flask\napp = Flask(__name__)\napp.secret_key = 'k-123456'\nfrom dotenv import load_dotenv\nload_dotenv()\n"
    new = rewrite(source, NAME)
    assert new.index("load_dotenv()") < new.index("app.secret_key")


def test_secrets_spelled_in_pieces_are_refused():
    source = 'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "abc1" "def2"\napp.config["API_KEY"] = "\\x61bc123xyz"\n'
    result = run_codemods(source, NAME)
    assert result.new_text == source
    assert len([m for m in finding_messages(result) if "one plain string literal" in m]) == 2


def test_masking_covers_every_spelling():
    secret = '_5#y2L"F4Q8z\nì]/'
    diff = "-app.secret_key = b'_5#y2L\"F4Q8z\\n\\xec]/'\n-KEY = '''_5#y2L\"F4Q8z\n-ì]/'''\n"  # a triple-quoted literal: two removed lines
    masked = diffs.mask_secrets(diff, [secret])
    assert "F4Q8z" not in masked and "ì]/" not in masked
    assert set(secret_spellings("abc")) == {"abc"}


def test_all_codemods_twice_change_nothing_the_second_time():
    with open(os.path.join(REPO, "samples", "legacy_app", "app.py"), encoding="utf-8") as handle:
        source = handle.read()
    first = run_codemods(source, dedent=False)
    assert first.error is None, first.error
    assert 'os.environ["SECRET_KEY"]' in first.new_text
    again = run_codemods(first.new_text, dedent=False)
    assert again.error is None and again.new_text == first.new_text
    assert NAME in [c.NAME for c in select_codemods()]


def test_a_settings_file_that_is_not_python_is_named_with_its_secrets():
    source = 'from flask import Flask\napp = Flask(__name__, instance_relative_config=True)\napp.config.from_pyfile("settings.cfg")\n'
    files = {"instance/settings.cfg": 'SECRET_KEY = "cfg-secret-1"\nDEBUG = False\nDB_URL = "postgresql://u:pw-9f8e7d@db/x"\n'}
    result = run_codemods(source, NAME, files=files)
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "settings.cfg holds hard-coded secrets (SECRET_KEY, DB_URL)" in message
    assert "cfg-secret-1" not in message and "pw-9f8e7d" not in message


def test_classes_that_are_not_settings_are_left_alone():
    source = textwrap.dedent(
        """
        import enum
        from flask import Flask

        class TokenSettings(enum.Enum):
            ACCESS_TOKEN = "access-token-kind"

        class MailConfig:
            MAIL_PASSWORD = "mail-pw-42"

        app = Flask(__name__)
        app.config.from_object(MailConfig)
        """
    )
    new = rewrite(source, NAME)
    assert 'ACCESS_TOKEN = "access-token-kind"' in new
    assert 'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]' in new


def test_a_star_import_in_a_try_after_a_secret_of_a_module_that_loads_itself_keeps_it():
    """A module loaded whole (``from_object(__name__)``) star-imports local settings in a
    ``try`` after its secret: the secret is a default they override, and stays. The star
    import is found among the module's statements, those of compound statements included."""
    source = textwrap.dedent(
        """\
        from flask import Flask

        SECRET_KEY = "9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c"
        try:
            from local_settings import *
        except ImportError:
            pass

        app = Flask(__name__)
        app.config.from_object(__name__)
        """
    )
    assert_refused("dotenv-config", source, "defaults the project overrides (a star import at line 5)")


# -- the declared python-dotenv ----------------------------------------------------------------------

POETRY_LOCK_DOTENV_08 = '[[package]]\nname = "python-dotenv"\nversion = "0.8.2"\n\n[[package]]\nname = "flask"\nversion = "1.1.4"\n'


@pytest.mark.parametrize(
    "files, needs_path",
    [
        # a lock pins what an install gets: 0.8's load_dotenv() searches from dotenv's own folder
        ({"pyproject.toml": '[tool.poetry.dependencies]\npython-dotenv = "*"\n', "poetry.lock": POETRY_LOCK_DOTENV_08}, True),
        ({"Pipfile": '[packages]\nflask = "*"\npython-dotenv = "==0.8.2"\n'}, True),
        ({"requirements.txt": "flask\npython-dotenv<0.10\n"}, True),
        # a comment, a development-only entry, a range whose newest release needs no path: no pin
        ({"requirements.txt": "flask\n# python-dotenv==0.6.5 was too old for us\npython-dotenv\n"}, False),
        ({"Pipfile": '[packages]\nflask = "*"\n\n[dev-packages]\npython-dotenv = "==0.8.2"\n'}, False),
        ({"requirements.txt": "flask\npython-dotenv<1.0\n"}, False),
    ],
)
def test_the_loader_call_follows_the_python_dotenv_the_project_installs(files, needs_path):
    """load_dotenv() finds .env from the calling module only since python-dotenv 0.10: a project
    whose declarations (lock files too) allow an older one gets load_dotenv(find_dotenv())."""
    result = run_codemods(APP, NAME, files=files)
    assert ("load_dotenv(find_dotenv())" in result.new_text) is needs_path
    assert "load_dotenv(" in result.new_text
