"""dotenv-config, one file at a time: how what moves is read back (every type, the literal as a
default, secrets that must be set), and which values are placeholders that stay."""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod import diffs
from flask_codemod.codemods._dotenv_config_env_reads import names_feeding_env_defaults
from flask_codemod.codemods._dotenv_config_secrets import NOT_SECRET, SECRET, judge
from helpers import finding_messages, run_codemods
from dotenv_support import dotenv_environ, edits, run_config

NAME = "dotenv-config"

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
