"""The gates of dotenv-config: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases, accepts


class TestGates(GateCases):
    NAME = "dotenv-config"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # UPPER_CASE constants outside a config module or a flask module
        ('SECRET_KEY = "abc123"\nDATABASE_URL = "postgres://u:p@h/db"\n', "tools/constants.py"),
        ("DEBUG = True\nPAGE_SIZE = 20\n", "settings_helpers/limits.py"),
        # a config module, but nothing that is a secret or a setting
        ("PAGE_SIZE = 20\nCOLORS = ('red', 'blue')\n", "config.py"),
        ("HELP_TEXT = 'see https://example.com/docs'\nPAGE_SIZE = 20\n", "config.py"),
        # a test file is left alone, whatever it holds
        ("from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'x'\n", "tests/test_app.py"),
        # classes that are not config classes
        ("class Meta:\n    SECRET_KEY = 'x'\n", "models.py"),
        ("import enum\n\nclass ColorSettings(enum.Enum):\n    RED_TOKEN = 'r'\n", "colors.py"),
    ]
    ACCEPTED = [
        ('SECRET_KEY = "abc123"\n', "config.py"),
        ('SECRET_KEY = "abc123"\n', "instance/local.py"),
        ('REDIS = "redis://cache:6379/0"\n', "myapp/settings.py"),
        ('BROKER = "see below " "amqp://guest@rabbit//"\n', "myapp/settings.py"),
        ('NOTE = "mirror: " "https://u:pw@mirror.example/"\n', "settings.py"),
        ("class ProdConfig:\n    DEBUG = False\n", "models.py"),
        ("class Base:\n    DB_PASSWORD = 'x'\n\nclass ProdConfig(Base):\n    pass\n", "models.py"),
        ("from flask import Flask\nDB_PASSWORD = 'hunter2'\n", "app.py"),
        ("from flask import Flask\nDB = 'postgres://u:' 'p@h/db'\n", "app.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.secret_key = 'x'\n", "app.py"),
        ("from shop import create_app\napp = create_app()\napp.run('0.0.0.0', 5000, True)\n", "run.py"),
        ("def make(app):\n    app.config.from_object(__name__)\n", "factory.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["not_a_flask_app", "plain_constants_stay"]


def test_paths_with_backslashes() -> None:
    # Windows separators: a test folder, a config folder
    flask_app = "from flask import Flask\napp = Flask(__name__)\n"
    assert not accepts(TestGates.NAME, flask_app, "project\\tests\\helpers.py")
    assert accepts(TestGates.NAME, 'SECRET_KEY = "abc"\n', "project\\instance\\local.py")
