"""dotenv-config: a secret whose very text stays elsewhere in the module is not moved.

Moving the production copy of a password that the base, development or test class keeps,
letter for letter, hides nothing (the value is still committed) and only makes one more
variable required: it stays with a finding. A production value of its own still moves."""

from __future__ import annotations

import os

from flask_codemod import project
from helpers import finding_messages, run_codemods

NAME = "dotenv-config"

SETTINGS = '''\
import os

from flask import Flask


class BaseSettings:
    SECRET_KEY = "Zq8v1LmT0pWc3XyR7nB4kD9sF2gH6jA5"
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:Tr0ub4dor-77@localhost/shop"


class LocalSettings(BaseSettings):
    DEBUG = True


class LiveSettings(BaseSettings):
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:LIVE_URI_PASSWORD@localhost/shop"


class TestSettings(BaseSettings):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:Tr0ub4dor-77@localhost/shop"


CHOICES = {"local": LocalSettings, "live": LiveSettings, "test": TestSettings}
app = Flask(__name__)
app.config.from_object(CHOICES[os.environ.get("SHOP_SETTINGS", "live")])
'''


def env_edits(result):
    return {e.key: e.value for e in result.project_edits if e.kind == "env"}


def config_of(source: str, environ: dict[str, str]) -> dict:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ)
    try:
        namespace: dict = {"__name__": "settings_under_test"}
        code = source.replace("from dotenv import load_dotenv\n", "").replace("load_dotenv()\n", "")
        exec(compile(code, "settings.py", "exec"), namespace)
        return dict(namespace["app"].config)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_a_production_password_the_other_classes_keep_verbatim_stays():
    source = SETTINGS.replace("LIVE_URI_PASSWORD", "Tr0ub4dor-77")
    result = run_codemods(source, NAME, path="settings.py", dedent=False)
    assert result.error is None
    moved = env_edits(result)
    assert list(moved) == ["SECRET_KEY"]  # the key, committed once, still moves
    assert result.new_text.count("Tr0ub4dor-77") == 3
    assert any("same value stays in the code at line 8" in message for message in finding_messages(result))
    environ = {key: project.format_env_value(value).strip('"') for key, value in moved.items()}
    for choice in ("live", "local", "test"):
        before = config_of(source, {"SHOP_SETTINGS": choice})
        after = config_of(result.new_text, {**environ, "SHOP_SETTINGS": choice})
        assert after == before


def test_a_production_password_of_its_own_still_moves():
    result = run_codemods(SETTINGS.replace("LIVE_URI_PASSWORD", "n0t-the-local-0ne"), NAME, path="settings.py", dedent=False)
    assert result.error is None
    assert sorted(env_edits(result)) == ["SECRET_KEY", "SQLALCHEMY_DATABASE_URI"]
    assert "n0t-the-local-0ne" not in result.new_text
    assert not any("same value stays" in message for message in finding_messages(result))
