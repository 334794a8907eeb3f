"""dotenv-config: a loader in another arm of the same ``if`` does not run after the one that
loads a module, so it overrides nothing there.

An app factory that picks its config class with ``if`` / ``elif`` / ``else`` runs exactly one
``from_object``: the classes it may load are alternatives, not a base and an override. A
placeholder in their shared base class must be reported as a placeholder, never as "defaults
the project overrides" (which names a loader that does not run after it)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "dotenv-config"

SETTINGS = """\
class BaseConfig:
    RECAPTCHA_PRIVATE_KEY = "to be added"


class DevConfig(BaseConfig):
    DEBUG = True


class TestConfig(BaseConfig):
    TESTING = True


class LiveConfig(BaseConfig):
    DEBUG = False
"""

FACTORY = """\
from flask import Flask

from shop.settings import DevConfig, LiveConfig, TestConfig


def create_app(name="live"):
    app = Flask(__name__)
    if name == "dev":
        app.config.from_object(DevConfig)
    elif name == "test":
        app.config.from_object(TestConfig)
    else:
        app.config.from_object(LiveConfig)
    return app
"""


def findings_on(factory: str) -> list[str]:
    result = run_codemods(
        SETTINGS, NAME, path="shop/settings.py", dedent=False,
        project={"shop/__init__.py": factory, "requirements.txt": "flask\n"},
    )
    assert result.error is None
    assert result.new_text == SETTINGS
    return finding_messages(result)


def test_loaders_in_other_arms_of_one_if_override_nothing():
    messages = findings_on(FACTORY)
    assert not any("overrides" in message for message in messages), messages
    assert any("RECAPTCHA_PRIVATE_KEY: placeholders" in message for message in messages), messages


def test_a_loader_after_the_if_still_overrides():
    factory = FACTORY.replace("    return app\n", "    app.config.from_pyfile('local.py', silent=True)\n    return app\n")
    messages = findings_on(factory)
    assert any("defaults the project overrides (from_pyfile() at shop/__init__.py:14)" in m for m in messages), messages
