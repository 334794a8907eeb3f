"""dotenv-config, one file at a time: what moves, how it is read back, what is refused."""

from __future__ import annotations

import ast
import io
import os
import textwrap

import pytest
from dotenv import dotenv_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod import diffs, project
from flask_codemod.codemods import select_codemods
from flask_codemod.codemods._dotenv_config_analysis import names_feeding_env_defaults
from flask_codemod.codemods._dotenv_config_secrets import NOT_SECRET, SECRET, is_secret_name, is_setting_name, judge
from flask_codemod.codemods._dotenv_config_values import secret_spellings
from helpers import REPO, assert_refused, finding_messages, rewrite, run_codemods

NAME = "dotenv-config"


def edits(result):
    return {e.key: e for e in result.project_edits if e.kind == "env"}


def run_config(source: str, result, environ: dict[str, str]) -> dict:
    """Execute ``source`` (a module that builds ``app``) with ``environ`` as the whole
    environment, as it is after ``load_dotenv()`` read the ``.env`` of ``result``'s edits."""
    import flask

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ)
    try:
        namespace: dict = {"__name__": "snippet", "load_dotenv": lambda: None}
        code = source.replace("from dotenv import load_dotenv\n", "")
        exec(compile(code, "snippet.py", "exec"), namespace)
        app = namespace["app"]
        assert isinstance(app, flask.Flask)
        return {k: (type(v), v) for k, v in app.config.items()}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def dotenv_environ(result, extra: str = "") -> dict[str, str]:
    """The environment python-dotenv builds from the .env the tool writes for ``result``."""
    text = "".join(f"{e.key}={project.format_env_value(e.value)}\n" for e in edits(result).values())
    values = dotenv_values(stream=io.StringIO(text + extra))  # interpolated, as load_dotenv() does
    return {k: v for k, v in values.items() if v is not None}


# -- classification ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["SECRET_KEY", "JWT_SECRET_KEY", "MAIL_PASSWORD", "DB_PASSWD", "GITHUB_TOKEN", "STRIPE_API_KEY",
     "RSA_PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "SECURITY_PASSWORD_SALT", "OAUTH_CREDENTIALS", "SECRET_KEY_FALLBACKS",
     "MAIL_PASS", "SMTP_PASS", "ADMIN_PASS", "REDIS_PASS", "PASS", "MAIL_PW", "JWT_SIGNING_KEY", "DATA_ENCRYPTION_KEY",
     "FERNET_KEY", "HMAC_KEY", "WEBHOOK_HMAC_KEYS"],
)
def test_secret_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["SECURITY_PASSWORD_HASH", "JWT_TOKEN_LOCATION", "PASSWORD_MIN_LENGTH", "JWT_ACCESS_TOKEN_EXPIRES",
     "ITEMS_PER_PAGE", "TOKEN_URL", "RECAPTCHA_PUBLIC_KEY", "JSON_SORT_KEYS", "BYPASS_CACHE", "CACHE_BYPASS",
     "COMPASS", "PASS_THROUGH", "STRIPE_PUBLISHABLE_KEY", "CACHE_KEY_PREFIX", "RECAPTCHA_SITE_KEY", "SIGNING_KEY_ID",
     "ENCRYPTION_KEY_FILE", "PWA_NAME"],
)
def test_not_secret_names(name):
    assert not is_secret_name(name)


@pytest.mark.parametrize("name", ["SQLALCHEMY_DATABASE_URI", "CELERY_BROKER_URL", "MAIL_SERVER", "MAIL_USE_TLS", "REDIS_HOST", "PORT", "SERVER_NAME"])
def test_setting_names(name):
    assert is_setting_name(name)


@pytest.mark.parametrize("name", ["DEBUG", "TESTING", "ENV", "FLASK_ENV"])
def test_flask_mode_switches_are_not_settings(name):
    assert not is_setting_name(name) and not is_secret_name(name)


def test_debug_mode_is_never_read_from_the_environment():
    """A variable named DEBUG is set for other software too; debug mode read from it would
    turn on the debugger of an app started with app.run(). The shared configuration's
    services move with its secret, its mode switches stay."""
    source = textwrap.dedent(
        """
        from flask import Flask

        app = Flask(__name__)
        app.config["DEBUG"] = False
        app.config.update(TESTING=False, MAIL_SERVER="smtp.example.org", MAIL_PASSWORD="pw-mail-5c2e91")
        app.debug = False
        """
    )
    result = run_codemods(source, NAME)
    assert set(edits(result)) == {"MAIL_SERVER", "MAIL_PASSWORD"}
    for kept in ('app.config["DEBUG"] = False', "TESTING=False", "app.debug = False"):
        assert kept in result.new_text, kept
    elsewhere = {**dotenv_environ(result), "DEBUG": "1", "TESTING": "true", "ENV": "development"}
    config = run_config(result.new_text, result, elsewhere)
    assert config["DEBUG"] == (bool, False) and config["TESTING"] == (bool, False)


@pytest.mark.parametrize("name", ["ITEMS_PER_PAGE", "MAX_CONTENT_LENGTH", "SEND_FILE_MAX_AGE_DEFAULT", "SQLALCHEMY_TRACK_MODIFICATIONS", "PREFERRED_LANGUAGE", "CACHE_TYPE"])
def test_plain_constants(name):
    assert not is_setting_name(name) and not is_secret_name(name)


# -- values and types ------------------------------------------------------------------------------

TYPED = '''
from flask import Flask

app = Flask(__name__)
app.config.update(
    API_TOKEN="s3cr3t-Ω-'quoted'\\\\slash",
    MAIL_USE_TLS=True,
    MAIL_USE_SSL=False,
    MAIL_PORT=587,
    MAIL_TIMEOUT=-2.5e-3,
    REDIS_PORT=0x18EB,
    DATABASE_URL="sqlite:///dev.db",
    ALLOWED_HOSTS=["a.example.org", "b.example.org"],
    PROXY_HOSTS=("p1",),
    SECRET_KEY_FALLBACKS=["old-k3y-9f2a81", "old-k3y-77b1c4"],
    ITEMS_PER_PAGE=20,
)
app.secret_key = b"bytes-key\\x01\\xff"
'''


def test_every_type_comes_back_from_dotenv_exactly():
    source = textwrap.dedent(TYPED)
    result = run_codemods(source, NAME)
    assert result.error is None and not result.findings
    before = run_config(source, result, {})
    after = run_config(result.new_text, result, dotenv_environ(result))
    assert after == before
    assert before["SECRET_KEY"] == (bytes, b"bytes-key\x01\xff")
    assert before["API_TOKEN"] == (str, "s3cr3t-Ω-'quoted'\\slash")
    assert "ITEMS_PER_PAGE" not in edits(result)


def test_settings_fall_back_to_their_literal_and_the_environment_wins():
    source = textwrap.dedent(TYPED)
    result = run_codemods(source, NAME)
    secrets_only = {k: v for k, v in dotenv_environ(result).items() if edits(result)[k].secret}
    assert run_config(result.new_text, result, secrets_only) == run_config(source, result, {})
    overridden = run_config(result.new_text, result, {**dotenv_environ(result), "MAIL_PORT": "2525", "MAIL_USE_TLS": "0", "ALLOWED_HOSTS": "x"})
    assert overridden["MAIL_PORT"] == (int, 2525)
    assert overridden["MAIL_USE_TLS"] == (bool, False)
    assert overridden["ALLOWED_HOSTS"] == (list, ["x"])


ENV_DEFAULTS = '''
import os

from flask import Flask


class Config:
    SECRET_KEY = "Hs8dK2mW5qZ9xT3v"
    DATABASE_FILE = "shop.db"
    DB_HOST = "db.internal"
    replica = f"postgresql://{DB_HOST}/shop"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{DATABASE_FILE}"
    REPLICA_URL = os.getenv("REPLICA_URL", default=replica)
    MAIL_SERVER = "smtp.example.org"


app = Flask(__name__)
app.config.from_object(Config)
'''


def test_a_setting_that_builds_the_default_of_an_environment_read_stays():
    """The database URL is read from the environment already; the file name and host its
    defaults are built from (directly, or through another name) are configurable by it: a
    variable of their own would be a second one for the same thing."""
    result = run_codemods(ENV_DEFAULTS, NAME)
    assert set(edits(result)) == {"SECRET_KEY", "MAIL_SERVER"}
    for kept in ('DATABASE_FILE = "shop.db"', 'DB_HOST = "db.internal"'):
        assert kept in result.new_text, kept
    before = run_config(ENV_DEFAULTS, result, {})
    assert run_config(result.new_text, result, dotenv_environ(result)) == before
    assert run_config(result.new_text, result, {"SECRET_KEY": "Hs8dK2mW5qZ9xT3v"}) == before


def test_names_feeding_env_defaults():
    tree = ast.parse(
        textwrap.dedent(
            """
            url = os.getenv("URL", f"sqlite:///{A}")
            B_URL = os.environ.get("B_URL") or base
            base = "x" + B
            os.putenv("C", C)
            D_URL = os.environ["D_URL"] + D
            E_URL = config("E_URL", default=E, cast=F)
            """
        )
    )
    assert names_feeding_env_defaults(tree) == {"A", "base", "B", "E"}


def test_a_missing_secret_fails_with_its_name():
    result = run_codemods('from flask import Flask\napp = Flask(__name__)\napp.config["API_TOKEN"] = "t0k3n-abc"\n', NAME)
    with pytest.raises(KeyError) as raised:
        run_config(result.new_text, result, {})
    assert raised.value.args == ("API_TOKEN",)


MAIL_ACCOUNT = """
from flask import Flask

app = Flask(__name__)
app.config.update(
    SECRET_KEY="Hs8dK2mW5qZ9xT3vQ1",
    MAIL_SERVER="smtp.example.org",
    MAIL_USERNAME="shop@example.org",
    MAIL_PASS="{mail}",
    ADMIN_PASS="letmein77",
    SMTP_PW="pw-relay-1",
    FERNET_KEY="a-simple-k3y",
    RECAPTCHA_PUBLIC_KEY="6LcPublic-abc123",
)
"""


def test_a_password_named_pass_moves_as_a_secret_without_a_default_in_code():
    """MAIL_PASS, ADMIN_PASS, SMTP_PW: passwords of low entropy, and a key named by its use,
    move as secrets (no default left in the code); the public key stays."""
    source = MAIL_ACCOUNT.format(mail="hunter2-shop")
    result = run_codemods(source, NAME)
    assert result.error is None and not result.findings, finding_messages(result)
    moved = edits(result)
    assert {key for key, edit in moved.items() if edit.secret} == {"SECRET_KEY", "MAIL_PASS", "ADMIN_PASS", "SMTP_PW", "FERNET_KEY"}
    for password in ("hunter2-shop", "letmein77", "pw-relay-1", "a-simple-k3y"):
        assert password not in result.new_text, password
    assert 'RECAPTCHA_PUBLIC_KEY="6LcPublic-abc123"' in result.new_text
    assert run_config(result.new_text, result, dotenv_environ(result)) == run_config(source, result, {})
    with pytest.raises(KeyError):
        run_config(result.new_text, result, {})


def test_a_placeholder_password_named_pass_stays_and_keeps_its_login_beside_it():
    """MAIL_PASS = "changeme" is no real password: it stays, said so, and its user name stays
    with it (one pair in one place); the real secrets beside it still move."""
    source = MAIL_ACCOUNT.format(mail="changeme")
    result = run_codemods(source, NAME)
    assert result.error is None
    assert "MAIL_PASS" not in edits(result) and "MAIL_USERNAME" not in edits(result)
    assert 'MAIL_PASS="changeme"' in result.new_text and 'MAIL_USERNAME="shop@example.org"' in result.new_text
    assert any("placeholders" in message and "MAIL_PASS" in message for message in finding_messages(result))
    assert run_config(result.new_text, result, dotenv_environ(result)) == run_config(source, result, {})


def test_a_placeholder_password_alone_stays_with_a_finding_and_the_app_unchanged():
    source = 'from flask import Flask\napp = Flask(__name__)\napp.config.update(MAIL_SERVER="smtp.example.org", MAIL_PASS="changeme")\n'
    result = run_codemods(source, NAME)
    assert result.new_text == source and not edits(result)
    assert any("placeholders" in message and "MAIL_PASS" in message for message in finding_messages(result))


def test_pass_as_part_of_a_word_names_no_secret():
    source = 'from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY="Hs8dK2mW5qZ9xT3vQ1", CACHE_BYPASS="x9-route-2")\n'
    result = run_codemods(source, NAME)
    assert set(edits(result)) == {"SECRET_KEY"} and 'CACHE_BYPASS="x9-route-2"' in result.new_text


@pytest.mark.parametrize("value", ["very secret!", "Change me, please.", "not so secret?", "'dev key'", "shh: it's secret!"])
def test_a_phrase_where_a_secret_belongs_is_a_placeholder_and_the_app_still_starts(value):
    """Words with sentence punctuation are a phrase a person typed, not a key: like "dev" or
    "hard to guess string", it stays (with a finding), and the app starts without a .env."""
    source = f"from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = {value!r}\n"
    result = run_codemods(source, NAME)
    assert result.new_text == source and not edits(result)
    assert any("SECRET_KEY: placeholders" in message for message in finding_messages(result))
    assert run_config(result.new_text, result, {})["SECRET_KEY"] == (str, value)


@pytest.mark.parametrize("value", ["kB7!xQ;w-2Lp", "xK!qZ;pW?mR,tY", "Qx!vTr;Kp?mZw,Yb!Nd"])
def test_punctuation_inside_random_text_is_still_a_secret(value):
    assert judge("SECRET_KEY", value) == SECRET


@pytest.mark.parametrize("value", ["bookshelf-browser-0.3.1", "notes_app_v2", "Recipe Box 1.4", "tiny-wiki.2.0.7", "mailer v12"])
def test_a_name_with_a_release_number_is_a_placeholder_and_the_app_still_starts(value):
    """A phrase followed by a version number is the app's name and release, which anyone
    reading the project (or the package it ships as) knows: a label where a key belongs. Made
    required, it would stop every install without a .env (an installed command never finds
    the checkout's .env); so it stays, with a finding, like "dev"."""
    source = f"from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = {value!r}\n"
    result = run_codemods(source, NAME)
    assert result.new_text == source and not edits(result) and not result.project_edits
    assert any("SECRET_KEY: placeholders" in message for message in finding_messages(result))
    assert run_config(result.new_text, result, {})["SECRET_KEY"] == (str, value)


@pytest.mark.parametrize("value", ["ours-123", "Xq7mK2vR9tLp-1.0", "Xq7mK-1.0", "release-0.1.0-f3a9c2e1b7d4", "9f86d081884c7d65.1.2"])
def test_a_number_that_is_no_release_or_a_random_part_keeps_a_secret_a_secret(value):
    """Only a trailing version after words makes a label: a plain number, random letters
    before the version or hex after it are a key's own characters."""
    assert judge("SECRET_KEY", value) == SECRET


@pytest.mark.parametrize("value", ["MySuperSecretKey", "SessionSigningKeyForCookies", "ThisIsOurKey-ChangeIt", "keyForSigningTheSession"])
def test_words_joined_in_camel_case_are_a_placeholder_and_the_app_still_starts(value):
    """Words run together with capitals (a CamelCase phrase naming what the key is for) read
    as words, however many capitals they hold: a placeholder like "hard to guess string",
    left in place with a finding, so the app starts without a .env."""
    source = f"from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = {value!r}\n"
    result = run_codemods(source, NAME)
    assert result.new_text == source and not edits(result) and not result.project_edits
    assert any("SECRET_KEY: placeholders" in message for message in finding_messages(result))
    assert run_config(result.new_text, result, {})["SECRET_KEY"] == (str, value)


@pytest.mark.parametrize("value", ["qWeRtYuIoPaSdF", "xKcdPqRwzTvbNmLo", "HtqWvbKjzPfdLxMo", "vOtEsKaLiMeRoWa"])
def test_mixed_case_letters_that_are_no_words_stay_a_secret(value):
    """Random letters of mixed case break into pieces no word has (one letter, no vowel, or
    capitals in a row): still a secret."""
    assert judge("SECRET_KEY", value) == SECRET


@pytest.mark.parametrize(("name", "value"), [("SECRET_KEY", "135792468"), ("SECURITY_PASSWORD_SALT", "20240917"), ("API_TOKEN", "987654321012")])
def test_a_short_number_where_a_generated_key_belongs_is_a_placeholder(name, value):
    """A key, salt or token is made by a machine, as random text; a number of a few digits
    there is filler a person typed (Flask-Admin's examples ship one): made required, it would
    stop every fresh checkout at import. It stays, with a finding, and the app starts."""
    source = f"from flask import Flask\napp = Flask(__name__)\napp.config[{name!r}] = {value!r}\n"
    result = run_codemods(source, NAME)
    assert result.new_text == source and not edits(result) and not result.project_edits
    assert any(f"{name}: placeholders" in message for message in finding_messages(result))
    assert run_config(result.new_text, result, {})[name] == (str, value)


@pytest.mark.parametrize(("name", "value"), [("MAIL_PASSWORD", "73019468"), ("DB_PASS", "19870412"), ("SECRET_KEY", "83920174658392017465")])
def test_a_number_a_person_chose_as_a_password_or_a_long_number_stays_a_secret(name, value):
    """A password is chosen by a person and may well be digits; a long number carries as much
    as a generated key: both still move."""
    assert judge(name, value) == SECRET


def test_a_url_setting_that_is_a_path_of_the_app_is_a_route_and_stays():
    """LOGIN_URL = "/login/" names a route on the app's own host, the same everywhere it runs:
    no setting of the environment, so no variable is invented for it. A service URL beside it
    still moves with the secret."""
    source = textwrap.dedent(
        """
        from flask import Flask

        app = Flask(__name__)
        app.config.update(
            SECRET_KEY="Hs8dK2mW5qZ9xT3vQ1",
            CELERY_BROKER_URL="redis://cache.internal:6379/0",
            SECURITY_LOGIN_URL="/login/",
            STATIC_URLS=["/assets/", "/media/"],
            UPLOADS_URL="//cdn.example.org/uploads/",
        )
        """
    )
    result = run_codemods(source, NAME)
    assert set(edits(result)) == {"SECRET_KEY", "CELERY_BROKER_URL", "UPLOADS_URL"}
    assert 'SECURITY_LOGIN_URL="/login/"' in result.new_text and 'STATIC_URLS=["/assets/", "/media/"]' in result.new_text
    assert run_config(result.new_text, result, dotenv_environ(result)) == run_config(source, result, {})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30))
def test_any_secret_text_moves_exactly_or_is_refused(secret):
    source = f"from flask import Flask\napp = Flask(__name__)\napp.config['MAIL_PASSWORD'] = {secret!r}\n"
    result = run_codemods(source, NAME)
    assert result.error is None
    verdict = judge("MAIL_PASSWORD", secret)
    if "MAIL_PASSWORD" not in edits(result):
        assert result.new_text == source
        refused = any("MAIL_PASSWORD not moved" in m for m in finding_messages(result))
        assert refused == ("\x00" in secret or "\r" in secret or "${" in secret) or verdict != SECRET
        return
    if not edits(result)["MAIL_PASSWORD"].secret:  # no secret (a mask ...): a MAIL_* setting
        assert verdict == NOT_SECRET and f"os.environ.get('MAIL_PASSWORD', {secret!r})" in result.new_text
        return
    assert verdict == SECRET
    assert repr(secret) not in result.new_text
    assert run_config(result.new_text, result, dotenv_environ(result))["MAIL_PASSWORD"] == (str, secret)
    diff = diffs.file_diff("app.py", source, result.new_text)
    masked = diffs.mask_secrets(diff, [edits(result)["MAIL_PASSWORD"].value])
    removed = [line for line in masked.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert len(removed) == 1 and repr(secret) not in removed[0]


def test_app_run_debug_is_left_alone():
    # the development server: its debugger is the developer's choice, and nothing sets FLASK_DEBUG
    for source in (
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(debug=True)\n",
        "from myshop import create_app\napp = create_app()\napp.run('0.0.0.0', 5000, True)\n",
    ):
        result = run_codemods(source, NAME)
        assert result.new_text == source and not result.findings and not result.project_edits


# -- names -------------------------------------------------------------------------------------------

APP = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "ours-123"\napp.config["MAIL_SERVER"] = "smtp.example.org"\n'


def test_an_existing_dotenv_key_with_another_value_is_never_reused():
    result = run_codemods(APP, NAME, files={".env": "SECRET_KEY=theirs\nMAIL_SERVER=smtp.example.org\n"}, path="shop.py")
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
    loads = {"myshop/__init__.py": "from flask import Flask\napp = Flask(__name__)\napp.config.from_object('myshop.config')\n"}
    new = rewrite(CONSTANTS, NAME, path="myshop/config.py", project=loads)
    assert 'SERVER_NAME = os.environ.get("SERVER_NAME", "localhost")' in new
    assert "DEBUG = True" in new  # Flask's mode switch stays
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in new
    assert "PER_PAGE = 20" in new
    pyfile = {"app.py": "from flask import Flask\napp = Flask(__name__, instance_relative_config=True)\napp.config.from_pyfile('production.py')\n"}
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
    documented = {"docs.py": '"""Set it: ``os.environ["SECRET_KEY"]``."""\n# os.getenv("SECRET_KEY") works too\n'}
    assert 'os.environ["SECRET_KEY"]' in rewrite(source, NAME, path="app.py", project=documented)
    for reader in (
        'import os\nKEY = os.environ.get("SECRET_KEY")\n',
        'from os import getenv\nKEY = getenv("SECRET_KEY", "")\n',
        'import os\nos.environ["SECRET_KEY"] = "for-the-tests"\n',
        "from environs import Env\nenv = Env()\nKEY = env.str('SECRET_KEY')\n",
        'print "python 2: read by its text"\nimport os\nKEY = os.environ["SECRET_KEY"]\n',
    ):
        result = run_codemods(source, NAME, path="app.py", project={"other.py": reader})
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
