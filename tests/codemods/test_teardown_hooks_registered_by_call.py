"""teardown: hooks run on every request that overwrite one another's ``g`` connection (runbook's
rule, ``_teardown_overwritten_hooks``) whatever way they are registered. ``app.before_request(fn)``
and ``bp.before_app_request(fn)`` register ``fn`` as the decorators do: it runs on every request of
the app, so its connection overwrites another hook's as a decorated one does. A blueprint's own
``bp.before_request(fn)`` runs for its views alone, called or decorated."""

from __future__ import annotations

from helpers import finding_messages, run_codemods
from teardown_support import closed_after_a_request

NAME = "teardown"


def _views(bp: str, registration: str, connect: str = "r.connect(host='db')") -> str:
    """A blueprint module whose hook opens into g.rdb_conn; ``registration``: "decorator",
    "call" (``bp.before_app_request(fn)``) or "own" (``bp.before_request(fn)``)."""
    decorator = f"@{bp}_blueprint.before_app_request\n" if registration == "decorator" else ""
    text = f"""\
import rethinkdb as r
from flask import Blueprint, g

{bp}_blueprint = Blueprint("{bp}", __name__)


{decorator}def open_connection():
    try:
        g.rdb_conn = {connect}
    except Exception:
        pass


def close_connection(exception):
    g.rdb_conn.close()


{bp}_blueprint.teardown_app_request(close_connection)
"""
    if registration == "call":
        text += f"{bp}_blueprint.before_app_request(open_connection)\n"
    elif registration == "own":
        text += f"{bp}_blueprint.before_request(open_connection)\n"
    return text


APP = """\
from flask import Flask

app = Flask(__name__)

from member.views import member_blueprint
from public.views import public_blueprint

app.register_blueprint(member_blueprint)
app.register_blueprint(public_blueprint)
"""


def _project(member: str, public: str) -> dict[str, str]:
    return {
        "web.py": APP,
        "member/__init__.py": "",
        "public/__init__.py": "",
        "member/views.py": _views("member", member),
        "public/views.py": _views("public", public),
    }


def _run(files: dict[str, str], path: str):
    return run_codemods(files[path], NAME, path=path, project=files, dedent=False)


def test_a_blueprint_hook_registered_by_a_call_overwrites_as_a_decorated_one_does():
    files = _project(member="call", public="decorator")
    for bp, other in (("member", "public"), ("public", "member")):
        result = _run(files, f"{bp}/views.py")
        assert result.new_text == files[f"{bp}/views.py"]
        messages = finding_messages(result)
        assert len(messages) == 1, messages
        assert messages[0].startswith(f"{10 if bp == 'public' else 9}: teardown: g.rdb_conn"), messages
        assert f"{other}/views.py:{10 if other == 'public' else 9}" in messages[0], messages[0]


def test_two_hooks_registered_by_calls_are_both_reported():
    files = _project(member="call", public="call")
    assert "public/views.py:9" in " ".join(finding_messages(_run(files, "member/views.py")))
    assert "member/views.py:9" in " ".join(finding_messages(_run(files, "public/views.py")))


def test_a_blueprint_s_own_before_request_called_runs_only_for_its_views():
    files = _project(member="call", public="own")
    assert finding_messages(_run(files, "member/views.py")) == []
    assert finding_messages(_run(files, "public/views.py")) == []


FACTORY = """\
import sqlite3
from flask import Flask, g


def create_app():
    app = Flask(__name__)

    def open_main():
        g.db = sqlite3.connect("main.db")

    @app.before_request
    def open_audit():
        g.db = sqlite3.connect("audit.db")

    def close_db(exception=None):
        db = g.pop("db", None)
        if db is not None:
            db.close()

    app.before_request(open_main)
    app.teardown_appcontext(close_db)
    return app
"""


def test_an_app_s_before_request_called_in_a_factory_is_one_of_them():
    result = run_codemods(FACTORY, NAME, path="app.py", project={}, dedent=False)
    assert result.new_text == FACTORY
    messages = finding_messages(result)
    assert [m.split(":", 1)[0] for m in messages] == ["9", "13"], messages
    assert "app.py:13" in messages[0] and "app.py:9" in messages[1]


def test_a_blueprint_s_before_request_called_on_it_in_a_factory_is_not():
    source = FACTORY.replace("app.before_request(open_main)", "bp = Blueprint('bp', __name__)\n    bp.before_request(open_main)")
    source = source.replace("from flask import Flask, g", "from flask import Blueprint, Flask, g")
    assert finding_messages(run_codemods(source, NAME, path="app.py", project={}, dedent=False)) == []


def test_what_the_finding_says_the_first_connection_registered_by_a_call_stays_open(tmp_path, monkeypatch):
    member = _views("member", "call", "sqlite3.connect(':memory:')").replace("import rethinkdb as r\n", "import sqlite3\n")
    public = _views("public", "decorator", "sqlite3.connect(':memory:')").replace("import rethinkdb as r\n", "import sqlite3\n")
    closed = closed_after_a_request(tmp_path, monkeypatch, member, public)
    assert len(closed) == 2 and closed.count(False) == 1  # one hook's connection, overwritten, stays open
