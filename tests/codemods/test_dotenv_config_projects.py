"""dotenv-config on whole projects shaped like the ones it got wrong (each written here, in our
own words): the project is rewritten with the real command line, then its app is STARTED in a
fresh interpreter, with the .env the tool wrote and without any .env (a fresh clone, CI, a
container). Without .env, every setting keeps its value and type; a secret that moved is
required, and present with .env; what must stay, stays.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dotenv_support import apply, both_ways, config_of, make, start
from flask_codemod.cli import app as cli


# -- per-environment classes: settings stay, test secrets stay, production's secret moves ------

PER_ENVIRONMENT = {
    "requirements.txt": "flask\n",
    "shop/__init__.py": """
        from flask import Flask

        from .settings import configs


        def create_app(name="production"):
            app = Flask(__name__)
            app.config.from_object(configs[name])
            return app
    """,
    "shop/settings.py": """
        class BaseConfig:
            SECRET_KEY = "Wn4k8ZpQ2rT6vY1x"
            MAIL_PORT = 465


        class DevConfig(BaseConfig):
            DEBUG = True
            SQLALCHEMY_DATABASE_URI = "sqlite:///dev.db"


        class TestConfig(BaseConfig):
            TESTING = True
            SECRET_KEY = "t3st-k3y-0042"
            SQLALCHEMY_DATABASE_URI = "sqlite://"


        class ProdConfig(BaseConfig):
            DEBUG = False
            SQLALCHEMY_DATABASE_URI = "postgresql://shop@db.internal/shop"


        configs = {"development": DevConfig, "testing": TestConfig, "production": ProdConfig}
    """,
}


def test_per_environment_classes_keep_their_settings_and_test_secrets(tmp_path):
    for name in ("testing", "development"):  # (a folder named "testing" would hold test code)
        before, with_env, without_env, result = both_ways(tmp_path / f"run_{name[:3]}", PER_ENVIRONMENT, "shop", f"module.create_app({name!r})")
        assert config_of(with_env) == before
        assert without_env.returncode != 0 and "KeyError: 'SECRET_KEY'" in without_env.stderr  # the base class's secret
    settings = (tmp_path / "run_tes" / "after" / "project" / "shop" / "settings.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in settings  # production's (the base class's) moved
    for kept in ('SECRET_KEY = "t3st-k3y-0042"', 'SQLALCHEMY_DATABASE_URI = "sqlite://"', "DEBUG = True", "TESTING = True", "MAIL_PORT = 465"):
        assert kept in settings, kept
    assert "DEV_" not in settings and "TEST_" not in settings  # no invented names
    assert "shop/settings.py:13: dotenv-config" not in result.stderr  # a test's secret: nothing to change, nothing said


# -- a placeholder overridden by an instance file: stays, and the app starts without .env -----

OVERRIDDEN = {
    "requirements.txt": "flask\n",
    "shop/__init__.py": """
        from flask import Flask


        def create_app(test_config=None):
            app = Flask(__name__, instance_relative_config=True)
            app.config.from_mapping(SECRET_KEY="dev", DEBUG=False, MAIL_SERVER="localhost")
            app.config.from_pyfile("config.py", silent=True)
            if test_config:
                app.config.update(test_config)
            return app
    """,
    "shop/default_settings.py": """
        SECRET_KEY = "Yt7Gm2Kd9Qw4Zx1P"
        SERVER_NAME = "localhost:5000"
    """,
    "wsgi.py": """
        import os

        from shop import create_app

        app = create_app()
        app.config.from_object("shop.default_settings")
        app.config.from_envvar("SHOP_SETTINGS", silent=True)
        if os.environ.get("SERVER_NAME"):
            app.config["SERVER_NAME"] = os.environ["SERVER_NAME"]
    """,
}


def test_overridden_defaults_and_names_read_elsewhere_stay(tmp_path):
    before, with_env, without_env, result = both_ways(tmp_path, OVERRIDDEN, "wsgi", "module.app")
    assert config_of(with_env) == before
    assert config_of(without_env) == before  # nothing became required
    after = tmp_path / "after" / "project"
    assert (after / "shop" / "__init__.py").read_text() == (tmp_path / "before" / "project" / "shop" / "__init__.py").read_text()
    assert (after / "shop" / "default_settings.py").read_text() == (tmp_path / "before" / "project" / "shop" / "default_settings.py").read_text()
    assert not (after / ".env").exists()
    assert "shop/default_settings.py:1: dotenv-config: SECRET_KEY: defaults the project overrides (from_envvar() at wsgi.py:7)" in result.stderr


# -- not secrets by value, and a name another module reads from the environment ----------------

SHARED = {
    "requirements.txt": "flask\npython-dotenv==0.6.5\n",
    "setup.py": "from setuptools import setup\nsetup(name='shop', classifiers=['Programming Language :: Python :: 2.7'])\n",
    "app.py": """
        from flask import Flask

        app = Flask(__name__)
        app.config.from_object("settings")
    """,
    "settings.py": """
        SECRET_KEY = "Jf8sL2pQ9xW4mZ7v"
        DEBUG = True
        MAIL_USE_TLS = True
        MAIL_PORT = 587
        LIMITER_TOKEN_KEY = "shop_limiter.token"
        RESET_PASSWORD = "reset-password"
        SECRET_MASK = "--------"
        TOKEN_PREFIX = "shp_"  # noqa: S105
        AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
        REDIS_URL = "redis://localhost:6379/0"
    """,
    "worker.py": """
        import os

        REDIS = os.getenv("REDIS_URL", "redis://cache:6379/1")
    """,
}


def test_a_shared_configuration_moves_real_secrets_and_settings_only(tmp_path):
    before, with_env, without_env, result = both_ways(tmp_path, SHARED, "app", "module.app")
    assert config_of(with_env) == before
    assert without_env.returncode != 0 and "KeyError: 'SECRET_KEY'" in without_env.stderr
    after = tmp_path / "after" / "project"
    settings = (after / "settings.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in settings
    assert 'MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true")' in settings
    assert 'MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))' in settings
    for kept in (
        "DEBUG = True",  # Flask's mode switch: never read from a variable other software sets
        'LIMITER_TOKEN_KEY = "shop_limiter.token"', 'RESET_PASSWORD = "reset-password"', 'SECRET_MASK = "--------"',
        'TOKEN_PREFIX = "shp_"  # noqa: S105', '["client_secret_basic", "client_secret_post"]',
        'REDIS_URL = "redis://localhost:6379/0"',  # worker.py reads REDIS_URL from the environment
    ):
        assert kept in settings, kept
    # the pinned python-dotenv 0.6.5 needs a path; the requirement fits Python 2.7
    assert "load_dotenv(find_dotenv())" in settings and "from dotenv import find_dotenv, load_dotenv" in settings
    env_names = [line.split("=")[0] for line in (after / ".env").read_text().splitlines() if line]
    assert env_names == ["SECRET_KEY", "MAIL_USE_TLS", "MAIL_PORT"]
    # the terminal diff hides the moved secret, never the harmless values
    dry = CliRunner().invoke(cli, ["apply", "--dry-run", "--select", "dotenv-config", "-j", "1", "--no-config", str(tmp_path / "before" / "project")])
    assert "Jf8sL2pQ9xW4mZ7v" not in dry.stdout + dry.stderr
    assert "-MAIL_USE_TLS = True" in dry.stdout and "-MAIL_PORT = 587" in dry.stdout
    # python-dotenv is already declared: not added again
    assert (after / "requirements.txt").read_text() == "flask\npython-dotenv==0.6.5\n"


def test_the_requirement_added_fits_the_projects_python(tmp_path):
    """The lowest release the added load_dotenv() runs on: pip then picks the newest one the
    project's Python supports, declared (Python 2.7 in setup.py) or not (a Python 2 site with
    a bare requirements.txt): ``>=1.0`` would not install there."""
    for name, drop in (("declared", ()), ("undeclared", ("setup.py",))):
        files = {k: v for k, v in SHARED.items() if k != "requirements.txt" and k not in drop}
        files["requirements.txt"] = "flask\n"
        root = tmp_path / name
        make(root, files)
        apply(root)
        assert (root / "requirements.txt").read_text().splitlines()[-1] == "python-dotenv>=0.10", name
        assert "\nload_dotenv()\n" in (root / "settings.py").read_text()


def test_a_project_on_a_current_python_gets_a_current_python_dotenv(tmp_path):
    """Into a file of exact pins goes the first release of the requirement: 1.0.0 when every
    declaration of the project's Python says 3.8 or later, 0.10.0 (which runs on 2.7) when one
    allows an older Python or none is declared."""
    pinned = "Flask==3.0.0\ngunicorn==21.2.0\n"
    for name, declared, pin in (
        ("heroku", {"runtime.txt": "python-3.12.0\n"}, "1.0.0"),
        ("pyenv", {".python-version": "3.11\n", "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.9"\n'}, "1.0.0"),
        ("old", {"runtime.txt": "python-3.12.0\n", "setup.cfg": "[options]\npython_requires = >=3.6\n"}, "0.10.0"),
        ("unknown", {}, "0.10.0"),
    ):
        root = tmp_path / name
        make(root, {**{k: v for k, v in SHARED.items() if k not in ("requirements.txt", "setup.py")}, "requirements.txt": pinned, **declared})
        apply(root)
        assert (root / "requirements.txt").read_text() == pinned + f"python-dotenv=={pin}\n", name


# -- settings alone make no .env; a login stays beside the password that stays -------------------

LOGIN = """
import importlib, json, sys
app = importlib.import_module(sys.argv[1]).app
client = app.test_client()
answers = [client.post("/login", data={"username": user, "password": word}).status_code for user, word in json.loads(sys.argv[2])]
print(json.dumps({"answers": answers, "config": {k: [type(v).__name__, repr(v)] for k, v in sorted(app.config.items())}}))
"""

NOTEBOOK = """
    import os

    from flask import Flask, abort, request

    # settings
    DATABASE = "notebook.db"
    USERNAME = "admin"
    PASSWORD = "admin"
    SECRET_KEY = "change_me"
    url = os.getenv("DATABASE_URL", f"sqlite:///{DATABASE}")
    SQLALCHEMY_DATABASE_URI = url

    app = Flask(__name__)
    app.config.from_object(__name__)


    @app.route("/login", methods=["POST"])
    def login():
        if request.form["username"] != app.config["USERNAME"] or request.form["password"] != app.config["PASSWORD"]:
            abort(401)
        return "in"
"""


def log_in(root, attempts) -> dict:
    """Start the app in a fresh interpreter (clean environment, another folder) and log in."""
    return config_of(start(root, "notebook", json.dumps(attempts), script=LOGIN))


def test_settings_without_a_secret_that_moves_stay_and_make_no_env(tmp_path):
    """A one-module app whose secret key and password are placeholders: its database file name
    (the default of a URL read from the environment) and its login name are settings, but a
    .env holding only copies of the code's values would help nobody: nothing changes."""
    files = {"requirements.txt": "Flask==3.0.0\ngunicorn==21.2.0\n", ".gitignore": "__pycache__\n", "notebook.py": NOTEBOOK}
    before, after = tmp_path / "before" / "project", tmp_path / "after" / "project"
    make(before, files)
    make(after, files)
    result = apply(after)
    for name in files:
        assert (after / name).read_text() == (before / name).read_text(), name
    assert not (after / ".env").exists() and not (after / ".env.example").exists()
    assert "notebook.py:8: dotenv-config: PASSWORD, SECRET_KEY: placeholders" in result.stderr
    attempts = [["admin", "admin"], ["adminx", "admin"]]
    assert log_in(after, attempts) == log_in(before, attempts)
    assert log_in(after, attempts)["answers"] == [200, 401]


def test_a_login_stays_beside_its_password_when_a_secret_moves(tmp_path):
    """The secret key moves, and settings with it; but the admin's login stays beside its
    placeholder password (one pair, one place), while the mail login moves with its password;
    the database file, the default of a URL read from the environment, stays too."""
    notebook = NOTEBOOK.replace('"change_me"', '"Qm7xT2vK9pL4wZ8n"').replace(
        '    # settings\n', '    # settings\n    MAIL_SERVER = "smtp.example.org"\n    MAIL_USERNAME = "notes@example.org"\n    MAIL_PASSWORD = "Vb3nR8sJ1kF6hD5c"\n'
    )
    files = {"requirements.txt": "Flask==3.0.0\n", "notebook.py": notebook}
    before, after = tmp_path / "before" / "project", tmp_path / "after" / "project"
    make(before, files)
    make(after, files)
    apply(after)
    code = (after / "notebook.py").read_text()
    for kept in ('USERNAME = "admin"\n', 'PASSWORD = "admin"\n', 'DATABASE = "notebook.db"\n'):
        assert kept in code, kept
    for moved in ('SECRET_KEY = os.environ["SECRET_KEY"]', 'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]', 'MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "notes@example.org")', 'MAIL_SERVER = os.environ.get("MAIL_SERVER", "smtp.example.org")'):
        assert moved in code, moved
    env_names = [line.split("=")[0] for line in (after / ".env").read_text().splitlines() if line]
    assert env_names == ["MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "SECRET_KEY"]
    attempts = [["admin", "admin"], ["admin", "adminx"]]
    assert log_in(after, attempts) == log_in(before, attempts)
    assert log_in(after, attempts)["answers"] == [200, 401]
