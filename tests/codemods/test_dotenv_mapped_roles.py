"""dotenv-config: a config class's role (test, development, production) also from the name it
is picked by. A class whose own name says nothing a word list knows (a misspelling such as
``DevlopmentConfig``) but that the module's mapping picks under ``"dev"`` is development
configuration: its secret stays, and it overrides nothing production uses."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "dotenv-config"

SETTINGS = """\
class Config:
    SECRET_KEY = "Qm7vX2pL9sK4rT8wZ3"


class DevlopmentConfig(Config):
    SECRET_KEY = "c9Lr2VbN7xQe4TzK1p"


class ProductionConfig(Config):
    DEBUG = False


configs = {"dev": DevlopmentConfig, "pro": ProductionConfig}
"""

FACTORY = """\
from flask import Flask

from shop.settings import configs


def create_app(name="pro"):
    app = Flask(__name__)
    app.config.from_object(configs[name])
    return app
"""


def run(settings: str = SETTINGS):
    result = run_codemods(
        settings, NAME, path="shop/settings.py", dedent=False,
        project={"shop/__init__.py": FACTORY, "requirements.txt": "flask\n"},
    )
    assert result.error is None
    return result


def test_the_class_picked_as_dev_keeps_its_secret_and_the_production_base_moves():
    result = run()
    text = result.new_text
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in text  # the base class, which production uses
    assert 'SECRET_KEY = "c9Lr2VbN7xQe4TzK1p"' in text  # the development class's own
    messages = finding_messages(result)
    assert messages == []  # a developer's secret needs no real one: nothing to change, nothing said


def test_a_class_picked_under_a_production_name_too_stays_production():
    settings = SETTINGS.replace('"pro": ProductionConfig', '"pro": ProductionConfig, "default": DevlopmentConfig')
    result = run(settings)
    assert result.new_text.count("os.environ") == 1  # the development-named key alone does not decide
    assert 'SECRET_KEY = "Qm7vX2pL9sK4rT8wZ3"' in result.new_text  # overridden by a class that may be production
