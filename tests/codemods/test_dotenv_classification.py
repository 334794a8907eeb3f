"""dotenv-config, one file at a time: which config names are secrets, which are settings the
deployment chooses, and which stay constants in code."""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod.codemods._dotenv_config_secrets import is_secret_name, is_setting_name
from helpers import run_codemods
from dotenv_support import dotenv_environ, edits, run_config

NAME = "dotenv-config"

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
