"""teardown: a hook defined in one module and registered on the app in another
(``app.before_request(hooks.open_connection)``, ``from member.hooks import open_connection``
then ``app.before_request(open_connection)``, in a factory too) runs on every request as a
decorated one does, so its ``g`` connection overwrites another hook's (runbook's rule,
``_teardown_overwritten_hooks``). Session 38 followed registrations by a call only within the
hook's own module (yeti registers imported set-up functions so); the modules that import the
hook's module are now read, through the shared reading of the project's imports. A blueprint's
own ``bp.before_request(...)`` still runs only for its views."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods
from teardown_support import closed_after_a_request_to

NAME = "teardown"

HOOKS = """\
import rethinkdb as r
from flask import g


def open_connection():
    try:
        g.rdb_conn = r.connect(host='db')
    except Exception:
        pass
"""

PUBLIC = """\
import rethinkdb as r
from flask import Blueprint, g

public_blueprint = Blueprint("public", __name__)


@public_blueprint.before_app_request
def open_connection():
    try:
        g.rdb_conn = r.connect(host='db')
    except Exception:
        pass


@public_blueprint.teardown_app_request
def close_connection(exception):
    g.rdb_conn.close()
"""

BY_MODULE = """\
from flask import Flask

from member import hooks
from public.views import public_blueprint

app = Flask(__name__)
app.before_request(hooks.open_connection)
app.register_blueprint(public_blueprint)
"""

BY_NAME = """\
from flask import Flask

from member.hooks import open_connection as open_member_connection
from public.views import public_blueprint

app = Flask(__name__)
app.before_request(open_member_connection)
app.register_blueprint(public_blueprint)
"""

IN_A_FACTORY = """\
from flask import Flask

from member import hooks
from public.views import public_blueprint


def create_app():
    app = Flask(__name__)
    app.before_request(hooks.open_connection)
    app.register_blueprint(public_blueprint)
    return app
"""

ON_A_BLUEPRINT = """\
from flask import Blueprint, Flask

from member import hooks
from public.views import public_blueprint

app = Flask(__name__)
member_blueprint = Blueprint("member", __name__)
member_blueprint.before_request(hooks.open_connection)
app.register_blueprint(member_blueprint)
app.register_blueprint(public_blueprint)
"""


def _project(web: str) -> dict[str, str]:
    return {"web.py": web, "member/__init__.py": "", "public/__init__.py": "", "member/hooks.py": HOOKS, "public/views.py": PUBLIC}


def _messages(files: dict[str, str], path: str) -> list[str]:
    result = run_codemods(files[path], NAME, path=path, project=files, dedent=False)
    assert result.error is None, result.error
    return finding_messages(result)


@pytest.mark.parametrize("web", [BY_MODULE, BY_NAME, IN_A_FACTORY])
def test_a_hook_registered_on_the_app_in_another_module_is_one_of_them(web):
    files = _project(web)
    [member] = _messages(files, "member/hooks.py")
    assert member.startswith("7: teardown: g.rdb_conn") and "public/views.py:10" in member, member
    [public] = _messages(files, "public/views.py")
    assert public.startswith("10: teardown: g.rdb_conn") and "member/hooks.py:7" in public, public


def test_one_registered_on_a_blueprint_s_own_before_request_is_not():
    files = _project(ON_A_BLUEPRINT)
    assert _messages(files, "member/hooks.py") == []
    assert _messages(files, "public/views.py") == []


def test_what_the_finding_says_the_connection_of_one_of_them_stays_open(tmp_path, monkeypatch):
    """The two hooks run, the first registered's connection is overwritten in ``g`` and only the
    last is closed: run through Flask's test client, one ``sqlite3`` connection stays open."""
    sqlite_hooks = HOOKS.replace("import rethinkdb as r", "import sqlite3").replace("r.connect(host='db')", "sqlite3.connect(':memory:')")
    public = PUBLIC.replace("import rethinkdb as r", "import sqlite3").replace("r.connect(host='db')", "sqlite3.connect(':memory:')")
    web = BY_MODULE.replace("from member import hooks", "from {PKG} import hooks").replace("from public.views", "from {PKG}.views")
    web += "\n\n@app.route('/')\ndef index():\n    return 'ok'\n"
    closed = closed_after_a_request_to(tmp_path, monkeypatch, {"__init__.py": web, "hooks.py": sqlite_hooks, "views.py": public})
    assert len(closed) == 2 and closed.count(False) == 1


# the hook's module releases the connection itself, in a teardown handler next to the hook
RELEASING_HOOKS = """\
import rethinkdb as r
from flask import Blueprint, g

member_blueprint = Blueprint("member", __name__)


def open_connection():
    try:
        g.rdb_conn = r.connect(host='db')
    except Exception:
        pass


@member_blueprint.teardown_app_request
def close_connection(exception):
    g.rdb_conn.close()
"""


def test_a_hook_registered_elsewhere_whose_module_releases_its_connection_passes_the_gate():
    """The project gate asks the planner's rule (``_registered_elsewhere``), not a hook attribute of
    the module itself: with the gate open or as the engine asks it, the same finding (session 39's
    gate turned the module away, the finding lost)."""
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from gate_checks import opened
    from helpers import ProjectReader

    files = {**_project(BY_MODULE), "member/hooks.py": RELEASING_HOOKS}
    reader = ProjectReader(files, "member/hooks.py")
    forced = transform_text(RELEASING_HOOKS, [opened(get_codemod(NAME))], path="member/hooks.py", read_file=reader)
    assert forced.error is None, forced.error
    [wanted] = [f.message for f in forced.findings]
    assert "g.rdb_conn" in wanted and "public/views.py:10" in wanted, wanted
    [member] = _messages(files, "member/hooks.py")
    assert member == f"{forced.findings[0].line}: teardown: {wanted}", (member, wanted)


def test_the_importers_of_the_project_are_mapped_once_per_transform(tmp_path, monkeypatch):
    """The gate and the transform both ask which functions of the module the modules importing
    it register (``_registered_elsewhere``): one map of the project's importers serves both
    (and every other module asked about in the same transform), not one map each; the
    change is the same."""
    from flask_codemod import pipeline
    from flask_codemod.codemods import _teardown_overwritten_hooks, get_codemod

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\ndependencies = ["flask"]\n')
    (tmp_path / "member").mkdir()
    (tmp_path / "member" / "__init__.py").write_text("")
    (tmp_path / "member" / "hooks.py").write_text(HOOKS)
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "__init__.py").write_text("")
    (tmp_path / "public" / "views.py").write_text(PUBLIC)
    (tmp_path / "app.py").write_text(BY_MODULE)
    mapped = []

    class Counted(_teardown_overwritten_hooks.ProjectImports):
        def importers(self, path):
            if self._importers is None:
                mapped.append(path)
            return super().importers(path)

    monkeypatch.setattr(_teardown_overwritten_hooks, "ProjectImports", Counted)
    result = pipeline.process_file(str(tmp_path / "public" / "views.py"), [get_codemod(NAME)()])
    assert result.error is None and result.findings  # the two hooks overwrite one connection
    assert len(mapped) == 1
