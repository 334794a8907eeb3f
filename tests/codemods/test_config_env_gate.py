"""The gates of config-env: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "config-env"
    REJECTED = [
        # words that start like the old names
        ("import os\n\nENVIRONMENT = os.environ.get('ENVIRONMENT', 'production')\n", "settings.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.environment = 'x'\napp.config['DEBUG'] = True\n", "app.py"),
        # a .env file name, or ENV in other text, is no read of the setting
        ("import os\nfrom dotenv import load_dotenv\n\nload_dotenv(os.path.join(os.getcwd(), '.env'))\n", "config.py"),
        ("import logging\n\nlogger = logging.getLogger('alembic.env')\n", "migrations/env.py"),
        ("print('set ENV=production in the environment')\n", "notes.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "setup.py",
        ),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "tests/test_config.py",
        ),
        ("from flask import Flask\n\napp = Flask(__name__)\nif app.config['ENV'] == 'development':\n    pass\n", "app.py"),
        ("import os\n\nDEBUG = os.getenv('FLASK_ENV') == 'development'\n", "settings.py"),
        ("class Config:\n    ENV = 'production'\n", "config.py"),
        ("import os\n\nif os.environ['FLASK_ENV'] == 'development':\n    pass\n", "boot.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(ENV='production')\n", "app.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update({'ENV': 'production'})\n", "app.py"),
        ("from flask import current_app\n\ndef debug():\n    return current_app.config.get('ENV') == 'development'\n", "util.py"),
        # test code is upgraded too: it breaks like the app does
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\ndef test_env():\n    assert app.env == 'development'\n",
            "tests/test_config.py",
        ),
    ]
