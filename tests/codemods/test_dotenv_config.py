"""dotenv-config: behaviour first — the rewritten project, with the .env the tool writes, must
give every app exactly the configuration (values and types) the original code gave it.

One small project holds every source form (a single-module app, an app factory, config
classes, a plain config module loaded with ``from_object("config")``, one loaded with
``from_pyfile``, a blueprint module with a password constant), several of them sharing keys
with different values. It is rewritten once with the real command line; the apps are
imported in fresh interpreters (clean environment, current directory elsewhere, so that
``load_dotenv()`` must find ``.env`` from the files themselves).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli

FILES = {
    "requirements.txt": "Flask>=2.2\n",
    ".gitignore": "__pycache__/\n*.pyc\n# local files\n",
    ".env": "# the developer's own settings\nEXISTING_TOKEN='keep-me'\nMAIL_SERVER=smtp.other.org\n",
    "single.py": '''
        """One module, one app: every way of writing config inline."""
        from flask import Flask

        app = Flask(__name__)
        app.config["DEBUG"] = True
        app.config["TESTING"] = False
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://shop:pw-single-77@db.internal/shop"
        app.config["ITEMS_PER_PAGE"] = 20
        app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_USE_TLS=True)
        app.config.update({"REDIS_URL": "redis://localhost:6379/0", "MAIL_TIMEOUT": 2.5})
        app.config.from_mapping(
            API_TOKEN="tok-single-9d8e",
            TRUSTED_HOSTS=["a.example.org", "b.example.org"],
            PROXY_HOSTS=("p1.internal", "p2.internal"),
        )
        # the key from the Flask documentation, pasted as is
        app.secret_key = b'_5#y2L"F4Q8z\\n\\xec]/'
        app.debug = True
    ''',
    "factory.py": '''
        import flask


        def create_app():
            app = flask.Flask(__name__)
            app.config.from_mapping(SECRET_KEY="factory-secret-2b7c", DATABASE="factory.db", PAGE_SIZE=50)
            app.config["DEBUG"] = False
            app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=2525)
            app.testing = True
            app.config["SERVER_NAME"] = "localhost:5000"
            return app
    ''',
    "classes.py": '''
        from flask import Flask


        class Config:
            SECRET_KEY = "classes-secret-0a0b"
            SQLALCHEMY_DATABASE_URI = "sqlite:///classes-dev.db"
            SQLALCHEMY_TRACK_MODIFICATIONS = False


        class ProductionConfig(Config):
            SQLALCHEMY_DATABASE_URI = "postgresql://app:pw-prod-31@db/prod"
            PORT = 8000


        app = Flask(__name__)
        app.config.from_object(ProductionConfig)
    ''',
    "config.py": '''
        """Settings for uses_config.py, loaded with from_object("config")."""
        SECRET_KEY = "module-secret-6c6d"
        DEBUG = False
        MAIL_DEFAULT_SENDER = "shop@example.org"
        CACHE_DEFAULT_TIMEOUT = 300
    ''',
    "uses_config.py": '''
        from flask import Flask

        app = Flask(__name__)
        app.config.from_object("config")
    ''',
    "settings.py": '''
        REDIS_URL = "redis://cache:6379/1"
        SESSION_COOKIE_DOMAIN = ".example.org"
    ''',
    "pyfile_app.py": '''
        from flask import Flask

        app = Flask(__name__)
        app.config.from_pyfile("settings.py")
    ''',
    "shop/__init__.py": "",
    "shop/views.py": '''
        from flask import Blueprint

        shop_bp = Blueprint("shop", __name__)

        DB_PASSWORD = "hunter2-views"
    ''',
}

# every secret literal of FILES, as written and as a value
SECRETS = [
    "pw-single-77",
    "tok-single-9d8e",
    '_5#y2L"F4Q8z\\n\\xec]/',
    '_5#y2L"F4Q8z',
    "factory-secret-2b7c",
    "classes-secret-0a0b",
    "pw-prod-31",
    "module-secret-6c6d",
]

# what each app is, for the dump script: module -> expression giving the app
APPS = {
    "single": "module.app",
    "factory": "module.create_app()",
    "classes": "module.app",
    "uses_config": "module.app",
    "pyfile_app": "module.app",
}

DUMP = '''
import importlib, json, sys
apps = json.loads(sys.argv[1])
out = {}
for name, expression in apps.items():
    module = importlib.import_module(name)
    app = eval(expression, {"module": module})
    out[name] = {key: [type(value).__name__, repr(value)] for key, value in sorted(app.config.items())}
views = importlib.import_module("shop.views")
out["shop.views"] = {"DB_PASSWORD": [type(views.DB_PASSWORD).__name__, repr(views.DB_PASSWORD)]}
print(json.dumps(out))
'''


def write_project(root, files=FILES) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    if (root / ".env").exists():
        os.chmod(root / ".env", 0o644)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def clean_env(**extra: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def dump(project, scripts_dir, apps=APPS, **env):
    """Import the apps in a fresh interpreter; their config as {app: {key: [type, repr]}}."""
    script = scripts_dir / "dump_config.py"
    script.write_text(DUMP)
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(apps)],
        cwd="/",
        env=clean_env(PYTHONPATH=str(project), **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done


class Projects:
    """The project before and after one real run, and its apps' config (computed once)."""

    def __init__(self, base) -> None:
        self.base = base
        self.original = base / "original"
        self.rewritten = base / "rewritten"
        self.original.mkdir()
        write_project(self.original)
        shutil.copytree(self.original, self.rewritten)
        # what a reviewer sees first: the dry run (with reports), on the original
        self.report = base / "report.json"
        self.markdown = base / "report.md"
        self.dry_run = invoke(
            "apply", "--dry-run", "-v", "--select", "dotenv-config", "-j", "1", "--no-config",
            "--report", str(self.report), "--report", str(self.markdown), str(self.original),
        )
        self.result = invoke("apply", "--select", "dotenv-config", "-j", "2", "--no-config", str(self.rewritten))
        assert self.result.exit_code == 0, self.result.output
        self._config: dict = {}

    def config(self, which: str) -> dict:
        if which not in self._config:
            done = dump(getattr(self, which), self.base)
            assert done.returncode == 0, done.stderr
            self._config[which] = json.loads(done.stdout)
        return self._config[which]


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    return Projects(tmp_path_factory.mktemp("dotenv"))


def test_every_config_value_and_type_is_unchanged(projects):
    old, new = projects.config("original"), projects.config("rewritten")
    assert set(old) == set(APPS) | {"shop.views"}
    assert new == old
    # the secrets really come from .env now: the code holds none of them
    for path in projects.rewritten.rglob("*.py"):
        text = path.read_text()
        for secret in SECRETS:
            assert secret not in text, (path, secret)


def test_the_rewritten_code_reads_the_environment(projects):
    rewritten = projects.rewritten
    single = (rewritten / "single.py").read_text()
    # a URI with a password is a secret: no default
    assert 'app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["SINGLE_SQLALCHEMY_DATABASE_URI"]\n' in single
    assert 'app.secret_key = os.environ["SINGLE_SECRET_KEY"].encode("latin-1")\n' in single
    assert 'app.config["ITEMS_PER_PAGE"] = 20\n' in single  # a plain constant stays
    assert '"MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", 2.5))' in single
    assert 'TRUSTED_HOSTS=os.environ.get("TRUSTED_HOSTS", "a.example.org,b.example.org").split(",")' in single
    assert single.count("\nload_dotenv()\n") == 1
    assert single.index("\nload_dotenv()\n") < single.index("app = Flask(__name__)")
    config = (rewritten / "config.py").read_text()
    assert config.index("\nload_dotenv()\n") < config.index("SECRET_KEY =")


def test_the_environment_overrides_dotenv(projects):
    rewritten = projects.rewritten
    secret_name = _variable_read_for(rewritten / "factory.py", "SECRET_KEY")
    server_name = _variable_read_for(rewritten / "factory.py", "SERVER_NAME")
    apps = {"factory": APPS["factory"]}
    overridden = dump(rewritten, projects.base, apps, **{secret_name: "from-the-environment", server_name: "shop.example:9000"})
    assert overridden.returncode == 0, overridden.stderr
    config = json.loads(overridden.stdout)
    assert config["factory"]["SECRET_KEY"] == ["str", "'from-the-environment'"]
    assert config["factory"]["SERVER_NAME"] == ["str", "'shop.example:9000'"]
    assert projects.config("rewritten")["factory"]["SECRET_KEY"] == ["str", "'factory-secret-2b7c'"]


def test_a_secret_outside_the_configuration_stays_with_a_finding(projects):
    views = (projects.rewritten / "shop" / "views.py").read_text()
    assert 'DB_PASSWORD = "hunter2-views"' in views
    assert "shop/views.py:5: dotenv-config: DB_PASSWORD: hard-coded secrets outside the Flask configuration" in (
        projects.dry_run.stderr
    )


def test_a_missing_secret_stops_the_app_naming_the_variable(projects, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(projects.rewritten, copy)
    name = _variable_read_for(copy / "classes.py", "SECRET_KEY")
    env_file = copy / ".env"
    kept = [line for line in env_file.read_text().splitlines() if not line.startswith(f"{name}=")]
    env_file.write_text("\n".join(kept) + "\n")
    failed = dump(copy, projects.base, apps={"classes": "module.app"})
    assert failed.returncode != 0
    assert f"KeyError: '{name}'" in failed.stderr
    assert f'os.environ["{name}"]' in failed.stderr  # the traceback shows the line that reads it


def test_dotenv_gitignore_and_example(projects):
    original, rewritten = projects.original, projects.rewritten
    env = (rewritten / ".env").read_text()
    old_env = (original / ".env").read_text()
    assert env.startswith(old_env)  # every existing line kept, in place
    assert stat.S_IMODE(os.stat(rewritten / ".env").st_mode) == 0o600
    assert "MAIL_SERVER=smtp.other.org" in env  # never overwritten ...
    assert [line for line in env.splitlines() if line.startswith("MAIL_SERVER=")] == ["MAIL_SERVER=smtp.other.org"]
    gitignore = (rewritten / ".gitignore").read_text()
    assert gitignore.startswith((original / ".gitignore").read_text())
    assert gitignore.splitlines().count(".env") == 1
    example = (rewritten / ".env.example").read_text()
    for secret in SECRETS:
        assert secret not in example
    from dotenv import dotenv_values

    example_values = dotenv_values(rewritten / ".env.example")
    env_values = dotenv_values(rewritten / ".env")
    assert set(example_values) == set(env_values) - {"EXISTING_TOKEN", "MAIL_SERVER"}
    assert example_values[_variable_read_for(rewritten / "factory.py", "SECRET_KEY")] == ""
    assert example_values["MAIL_PORT"] in ("587", "2525")
    assert "python-dotenv" in (rewritten / "requirements.txt").read_text()


def test_apps_keep_their_own_value_of_a_shared_key(projects):
    config = projects.config("rewritten")
    keys = {config[app]["SECRET_KEY"][1] for app in ("factory", "classes", "uses_config", "single")}
    assert len(keys) == 4
    rewritten = projects.rewritten
    names = {
        _variable_read_for(rewritten / "factory.py", "SECRET_KEY"),
        _variable_read_for(rewritten / "classes.py", "SECRET_KEY"),
        _variable_read_for(rewritten / "config.py", "SECRET_KEY"),
    }
    assert len(names) == 3


def test_a_second_run_changes_nothing(projects):
    result = invoke("apply", "--check", "--select", "dotenv-config", "-j", "1", "--no-config", str(projects.rewritten))
    assert result.exit_code == 0, result.output


def test_dry_run_output_never_holds_a_secret(projects):
    result = projects.dry_run
    assert result.exit_code == 0, result.output
    output = result.stdout + result.stderr
    assert 'os.environ["FACTORY_SECRET_KEY"]' in output  # the diff is there ...
    assert "********" in output  # ... with the removed secrets masked
    assert "+ FACTORY_SECRET_KEY=…" in output  # .env: keys only
    for text in (output, projects.report.read_text(), projects.markdown.read_text()):
        for secret in SECRETS:
            assert secret not in text, secret
    assert not (projects.original / ".env.example").exists()  # a dry run writes nothing


def test_show_secrets_unmasks_the_terminal_diff(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "app.py").write_text('from flask import Flask\napp = Flask(__name__)\napp.secret_key = "s3cr3t-value"\n')
    masked = invoke("apply", "--dry-run", "--select", "dotenv-config", "-j", "1", "--no-config", str(tmp_path))
    shown = invoke("apply", "--dry-run", "--show-secrets", "--select", "dotenv-config", "-j", "1", "--no-config", str(tmp_path))
    assert "s3cr3t-value" not in masked.stdout + masked.stderr
    assert '-app.secret_key = "s3cr3t-value"' in shown.stdout
    assert "s3cr3t-value" not in shown.stdout.split("values hidden")[1]  # .env values stay hidden


def _variable_read_for(path, key: str) -> str:
    """The variable the rewritten ``path`` reads for config ``key``."""
    import re

    text = path.read_text()
    for line in text.splitlines():
        if re.search(rf"\b{key}\b", line) and "os.environ" in line:
            match = re.search(r"os\.environ(?:\.get)?[\[(]\"([A-Z0-9_]+)\"", line)
            if match:
                return match.group(1)
    raise AssertionError(f"{path} reads no variable for {key}")
