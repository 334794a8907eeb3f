"""End to end: every codemod over the bundled legacy app, then run the rewritten app."""

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
from flask_codemod.codemods import codemod_names
from helpers import SAMPLES

# psycopg2 is not installed in the test environment: a stand-in that hands out sqlite
# connections and records them, so the test can see whether they were closed.
FAKE_PSYCOPG2 = '''
import sqlite3
OPENED = []

def connect(**kwargs):
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE orders (id, total)")
    OPENED.append(connection)
    return connection
'''

PROBE = '''
import json, sqlite3, sys
sys.path.insert(0, ".")
import psycopg2
import app as legacy

flask_app = legacy.app
flask_app.config["TESTING"] = True
client = flask_app.test_client()
pages = {path: client.get(path) for path in ("/", "/about", "/shop/catalogue", "/shop/orders", "/books")}

def closed(connection):
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False

print(json.dumps({
    "status": {path: response.status_code for path, response in pages.items()},
    "index": pages["/"].get_data(as_text=True),
    "secret_key": flask_app.config["SECRET_KEY"],
    "debug": flask_app.config["DEBUG"],
    "database": flask_app.config["DATABASE"],
    "items_per_page": flask_app.config["ITEMS_PER_PAGE"],
    "shop_connections_closed": [closed(c) for c in psycopg2.OPENED],
    "static_max_age": client.get("/static/style.css").cache_control.max_age,
}))
'''


def _prepare(folder) -> None:
    (folder / "psycopg2.py").write_text(FAKE_PSYCOPG2)
    (folder / "CHANGELOG.txt").write_text("0.1: first release\n")
    (folder / "catalogue.csv").write_text("book,price\n")
    connection = sqlite3_connect(folder / "bookshelf.db")
    connection.execute("CREATE TABLE books (title)")
    connection.commit()
    connection.close()


def sqlite3_connect(path):
    import sqlite3

    return sqlite3.connect(str(path))


def _probe(folder) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE", "DB_PASSWORD")}
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture
def legacy_copy(tmp_path):
    target = tmp_path / "legacy_app"
    shutil.copytree(os.path.join(SAMPLES, "legacy_app"), target)
    return target


EVERY_CODEMOD = ["--select", ",".join(codemod_names())]


@pytest.mark.parametrize("selection", [[], EVERY_CODEMOD], ids=["default selection", "every codemod"])
def test_the_codemods_on_the_legacy_app_keep_it_working(legacy_copy, selection):
    """``make demo``'s run (the default selection: no policy codemod), and every codemod."""
    original_copy = legacy_copy.parent / "original"
    shutil.copytree(legacy_copy, original_copy)
    _prepare(original_copy)
    before = _probe(original_copy)

    result = CliRunner().invoke(cli, ["apply", "-j", "1", *selection, str(legacy_copy)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # static-max-age is a policy codemod: it runs only when selected
    assert ("SEND_FILE_MAX_AGE_DEFAULT" in (legacy_copy / "app.py").read_text()) is bool(selection)
    for secret in ("dev-3f9a1c2b7e", "hunter2-shop"):
        assert secret not in result.stdout and secret not in result.stderr
        assert secret not in (legacy_copy / "app.py").read_text()
        assert secret not in (legacy_copy / ".env.example").read_text()
    assert stat.S_IMODE((legacy_copy / ".env").stat().st_mode) == 0o600
    assert (legacy_copy / ".gitignore").read_text().splitlines().count(".env") == 1

    again = CliRunner().invoke(cli, ["apply", "--check", "-j", "1", *selection, str(legacy_copy)], catch_exceptions=False)
    assert again.exit_code == 0, again.output

    _prepare(legacy_copy)
    after = _probe(legacy_copy)
    assert after["status"] == before["status"]
    assert after["index"] == before["index"]
    for key in ("secret_key", "debug", "database", "items_per_page"):
        assert after[key] == before[key], key
    # the shop's per-request connection is closed by the new teardown handler
    assert before["shop_connections_closed"] == [False]
    assert after["shop_connections_closed"] == [True]
    # the static files: no max-age before (Flask >= 2.0), an hour once static-max-age ran
    assert before["static_max_age"] is None
    assert after["static_max_age"] == (3600 if selection else None)
