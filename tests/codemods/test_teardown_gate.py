"""The gates of teardown: see tests/gate_checks.py (GateCases); its project gate on projects
laid out on disk."""

from __future__ import annotations

import pytest

from gate_checks import GateCases, lay_out, output_on_disk_with_gates_open, project_gate_on_disk


class TestGates(GateCases):
    NAME = "teardown"
    REJECTED = [
        # flask, but nothing that opens a connection; a connection, but no flask
        ("from flask import Flask\napp = Flask(__name__)\n\n@app.after_request\ndef after(r):\n    return r\n", "app.py"),
        ("import sqlite3\n\ndef load():  # not a flask module\n    return sqlite3.connect('x.db')\n", "db.py"),
        ("import flask\n\ndef handler(signal):\n    signal.disconnect(handler)\n", "signals.py"),
        # an app that imports nothing of its own project; views that call a helper without g
        ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.urandom(8)\n", "app.py"),
        (
            "from flask import Blueprint\nfrom .db import get_db\n\nbp = Blueprint('x', __name__)\n\n"
            "@bp.route('/')\ndef index():\n    return str(get_db())\n",
            "views.py",
        ),
        # a signal connected, a connection opened and closed in the same function: nothing on g
        (
            "from flask_login import user_logged_in\n\ndef on_login(sender, user):\n    pass\n\n"
            "user_logged_in.connect(on_login)\n",
            "signals.py",
        ),
        (
            "import sqlite3\nfrom flask import current_app\n\ndef count():\n    with sqlite3.connect('x') as conn:\n"
            "        return conn.execute('SELECT 1').fetchone()\n",
            "stats.py",
        ),
        # on g: a user, a form; nothing a getter of the project opens
        (
            "from flask import g\nfrom app.models import User\n\ndef verify(name):\n"
            "    user = User.query.filter_by(name=name).first()\n    g.current_user = user\n"
            "    g.token_user = User.check(name) if name else None\n",
            "auth.py",
        ),
        # a connection opened in a function and kept in a local (an Alembic env.py), a scoped
        # session made in a method: nothing shared by every request
        (
            "from flask import current_app\nfrom sqlalchemy import engine_from_config\n\ndef run_online():\n"
            "    engine = engine_from_config({})\n    connection = engine.connect()\n    connection.close()\n",
            "migrations/env.py",
        ),
        (
            "from sqlalchemy.orm import scoped_session, sessionmaker\n\nclass Db:\n    def setup(self):\n"
            "        self.session = scoped_session(sessionmaker())\n        local = scoped_session(sessionmaker())\n",
            "db.py",
        ),
        # test code and setup.py, whatever they hold
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "tests/test_db.py"),
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "conftest.py"),
        ("from setuptools import setup\nimport sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "setup.py"),
    ]
    ACCEPTED = [
        (
            "import sqlite3\nfrom flask import Flask, g\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n    return g.db\n",
            "app.py",
        ),
        ("from sqlite3 import connect as sq\nfrom flask import g\n\ndef get_db():\n    g.db = sq('x')\n", "app.py"),
        ("import flask_sqlalchemy\nfrom sqlalchemy.orm import scoped_session\nSession = scoped_session(f)\n", "db.py"),
        # across modules: an app importing a module of its project, a getter whose factory is
        # imported, a scoped session in a module without flask
        ("from flask import Flask\nfrom .db import get_db\n\napp = Flask(__name__)\n", "pkg/__init__.py"),
        ("from flask import g\nfrom .factory import open_database\n\ndef get_db():\n    g.db = open_database()\n", "db.py"),
        ("from flask import *\nfrom .factory import open_database\n\ndef get_db():\n    g.db = open_database()\n", "db.py"),
        (
            "from flask import g\nfrom .factory import Database\n\ndatabase = Database()\n\ndef get_db():\n"
            "    conn = database.open()\n    setattr(g, 'db', conn)\n",
            "db.py",
        ),
        ("from sqlalchemy.orm import scoped_session, sessionmaker\n\ndb_session = scoped_session(sessionmaker())\n", "database.py"),
        ("import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\ndef get_db():\n    g.db = sqlite3.connect('x')\n", "app.py"),
        # one connection shared by every request (reported), with nothing on g
        ("import sqlite3\nfrom flask import Flask\n\napp = Flask(__name__)\nconn = sqlite3.connect('x.db')\n", "app.py"),
        (
            "from flask import Flask\nfrom sqlalchemy import create_engine\n\nengine = create_engine('sqlite://')\n"
            "conn = None\n\ndef connect():\n    global conn\n    conn = engine.connect()\n",
            "db.py",
        ),
    ]
    ACCEPTED += [
        # near misses of the rejections above: a connection kept in a global, a scoped
        # session at module level inside a block
        (
            "from flask import Flask\nfrom sqlalchemy import create_engine\n\napp = Flask(__name__)\nconn = None\n\n"
            "def open_it():\n    global conn\n    conn = create_engine('sqlite://').connect()\n",
            "app.py",
        ),
        (
            "from sqlalchemy.orm import scoped_session, sessionmaker\n\nif True:\n    Session = scoped_session(sessionmaker())\n",
            "db.py",
        ),
    ]
    # samples the codemod leaves alone without a word, which its gates reject (none: an app module
    # that imports anything but the standard library and Flask may release what another module opens)
    REJECTED_SAMPLES = []


# -- the project gate: what the modules around the transformed one say -------------------------------

APP = "from flask import Flask\nfrom .views import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n"
VIEWS = "from flask import Blueprint, g\nfrom .db import {getter}\n\nbp = Blueprint('v', __name__)\n\n@bp.route('/')\ndef index():\n    {body}\n    return 'x'\n"
STORES = "from flask import g\nfrom .models import Store, open_store\n\ndef remember():\n    g.store = {value}\n"
MODELS = (
    "import sqlite3\n\nclass Store:\n    def __init__(self):\n        self.items = []\n\n"
    "def open_store():\n    return sqlite3.connect('x.db')\n"
)


def _asks(folder, name: str) -> bool:
    return project_gate_on_disk(TestGates.NAME, folder, name)


def _output_with_gates_open(folder, name: str) -> list[str]:
    return output_on_disk_with_gates_open(TestGates.NAME, folder, name)


def test_an_app_whose_modules_keep_nothing_on_g_is_rejected_rightly(tmp_path):
    views = VIEWS.format(getter="get_user", body="print(get_user())")
    db = "def get_user():\n    return 'ann'\n"
    folder = lay_out(tmp_path, {"shop/__init__.py": APP, "shop/views.py": views, "shop/db.py": db})
    assert not _asks(folder, "shop/__init__.py")
    assert _output_with_gates_open(folder, "shop/__init__.py") == []


def test_an_app_whose_module_keeps_a_connection_on_g_two_imports_away_is_let_through(tmp_path):
    views = VIEWS.format(getter="get_db", body="get_db().execute('SELECT 1')")
    db = "import sqlite3\nfrom flask import g\n\ndef get_db():\n    if 'db' not in g:\n        g.db = sqlite3.connect('x.db')\n    return g.db\n"
    folder = lay_out(tmp_path, {"shop/__init__.py": APP, "shop/views.py": views, "shop/db.py": db})
    assert _asks(folder, "shop/__init__.py")
    assert _output_with_gates_open(folder, "shop/__init__.py") != []


@pytest.mark.parametrize(
    "value", ["Store()", "str(len([]))", "None", "Store().items"], ids=["class", "builtin", "none", "attribute"]
)
def test_what_is_kept_on_g_is_no_connection_rejected_rightly(tmp_path, value):
    folder = lay_out(tmp_path, {"shop/models.py": MODELS, "shop/cache.py": STORES.format(value=value)})
    assert not _asks(folder, "shop/cache.py")
    assert _output_with_gates_open(folder, "shop/cache.py") == []


def test_what_is_kept_on_g_comes_from_a_connecting_function_of_the_project_let_through(tmp_path):
    folder = lay_out(tmp_path, {"shop/models.py": MODELS, "shop/cache.py": STORES.format(value="open_store()")})
    assert _asks(folder, "shop/cache.py")
    assert _output_with_gates_open(folder, "shop/cache.py") != []


DATABASE = (
    "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import scoped_session, sessionmaker\n\n"
    "engine = create_engine('sqlite://')\ndb_session = scoped_session(sessionmaker(bind=engine))\n"
)
REMOVING_APP = (
    "from flask import Flask\nfrom .database import {imported}\n\napp = Flask(__name__)\n\n"
    "@app.teardown_appcontext\ndef shutdown(exception=None):\n    {name}.remove()\n"
)


def test_a_scoped_session_an_app_next_to_it_removes_is_rejected_rightly(tmp_path):
    app = REMOVING_APP.format(imported="db_session", name="db_session")
    folder = lay_out(tmp_path, {"shop/__init__.py": app, "shop/database.py": DATABASE})
    for module in ("shop/database.py", "shop/__init__.py"):
        assert not _asks(folder, module), module
        assert _output_with_gates_open(folder, module) == [], module


def test_a_scoped_session_nothing_removes_is_let_through_to_the_app(tmp_path):
    app = "from flask import Flask\nfrom .database import db_session\n\napp = Flask(__name__)\n"
    folder = lay_out(tmp_path, {"shop/__init__.py": app, "shop/database.py": DATABASE})
    assert _asks(folder, "shop/__init__.py")
    assert _output_with_gates_open(folder, "shop/__init__.py") != []  # the app gets a handler
    # the module of the session imports no flask and one app next to it imports it: that app
    # releases it, the module itself has nothing to say
    assert not _asks(folder, "shop/database.py")
    assert _output_with_gates_open(folder, "shop/database.py") == []


def test_a_scoped_session_removed_under_another_name_is_let_through_to_the_app(tmp_path):
    # the gate knows only a handler that removes it by the name its module gives it: unsure here
    app = REMOVING_APP.format(imported="db_session as session", name="session")
    folder = lay_out(tmp_path, {"shop/__init__.py": app, "shop/database.py": DATABASE})
    assert _asks(folder, "shop/__init__.py")
    assert not _asks(folder, "shop/database.py")
    assert _output_with_gates_open(folder, "shop/database.py") == []


def test_a_scoped_session_no_app_imports_is_rejected_rightly(tmp_path):
    # no flask, no init_app, no app next to it: nothing says the module is part of a Flask app
    folder = lay_out(tmp_path, {"example/database/base.py": DATABASE, "example/api.py": "import os\n"})
    assert not _asks(folder, "example/database/base.py")
    assert _output_with_gates_open(folder, "example/database/base.py") == []


def test_a_scoped_session_several_apps_import_is_let_through(tmp_path):
    app = "from flask import Flask\nfrom .database import db_session\n\napp = Flask(__name__)\n"
    folder = lay_out(tmp_path, {"shop/app.py": app, "shop/wsgi.py": app, "shop/database.py": DATABASE})
    assert _asks(folder, "shop/database.py")
    assert _output_with_gates_open(folder, "shop/database.py") != []  # which app should remove it


def test_a_scoped_session_with_an_init_app_is_let_through(tmp_path):
    database = DATABASE + "\n\ndef init_app(app):\n    pass\n"
    folder = lay_out(tmp_path, {"shop/database.py": database})
    assert _asks(folder, "shop/database.py")
    assert _output_with_gates_open(folder, "shop/database.py") != []  # registered in init_app


def test_a_connection_opened_only_when_run_as_a_script_is_rejected_rightly(tmp_path):
    # the analysis leaves ``if __name__ == "__main__":`` out: no connection shared by requests
    script = (
        "import sqlite3\nfrom flask import Flask\n\napp = Flask(__name__)\n\n"
        "def connect_photo():\n    return sqlite3.connect('photo.db')\n\n"
        "if __name__ == '__main__':\n    db = connect_photo()\n"
    )
    folder = lay_out(tmp_path, {"site/database/photos.py": script})
    assert not _asks(folder, "site/database/photos.py")
    assert _output_with_gates_open(folder, "site/database/photos.py") == []
    shared = script.replace("if __name__ == '__main__':\n    db", "db")
    folder = lay_out(tmp_path / "shared", {"site/database/photos.py": shared})
    assert _asks(folder, "site/database/photos.py")
    assert _output_with_gates_open(folder, "site/database/photos.py") != []  # shared by every request


def test_an_app_whose_views_close_their_own_connection_is_rejected_rightly(tmp_path):
    views = (
        "import psycopg2\nfrom flask import g\nfrom . import app\n\n@app.before_request\n"
        "def before_request():\n    g.db = psycopg2.connect('dbname=x')\n\n@app.teardown_request\n"
        "def teardown_request(exception):\n    db = getattr(g, 'db', None)\n    if db is not None:\n        db.close()\n"
    )
    app = "from flask import Flask\n\napp = Flask(__name__)\n\nfrom . import views\n"
    folder = lay_out(tmp_path, {"app/__init__.py": app, "app/views.py": views})
    assert not _asks(folder, "app/__init__.py")
    assert _output_with_gates_open(folder, "app/__init__.py") == []
    # without the handler there, the app gets one
    leaking = views.split("@app.teardown_request")[0]
    folder = lay_out(tmp_path / "leaking", {"app/__init__.py": app, "app/views.py": leaking})
    assert _asks(folder, "app/__init__.py")
    assert _output_with_gates_open(folder, "app/__init__.py") != []


def test_a_connection_a_closure_hands_out_is_let_through(tmp_path):
    closure = (
        "import sqlite3\nfrom flask import g\n\ndef remember():\n    conn = sqlite3.connect('x.db')\n\n"
        "    def get():\n        return conn\n\n    g.db = get()\n"
    )
    folder = lay_out(tmp_path, {"shop/cache.py": closure})
    assert _asks(folder, "shop/cache.py")
    assert _output_with_gates_open(folder, "shop/cache.py") != []


@pytest.mark.parametrize(
    "queries",
    ["from .db import get_db\n", "try: from .db import get_db\nexcept ImportError: get_db = None\n"],
    ids=["imports-read-off-the-text", "imports-parsed"],
)
def test_a_connection_on_g_behind_modules_that_mention_neither_flask_nor_g_is_let_through(tmp_path, queries):
    # the modules between the app and the one keeping the connection cannot hold one
    # themselves (their texts say so), yet their imports are followed
    app = "from flask import Flask\nfrom .views import index\n\napp = Flask(__name__)\n"
    views = "from .queries import get_db\n\ndef index():\n    return get_db()\n"
    db = "import sqlite3\nfrom flask import g\n\ndef get_db():\n    if 'db' not in g:\n        g.db = sqlite3.connect('x.db')\n    return g.db\n"
    files = {"shop/__init__.py": app, "shop/views.py": views, "shop/queries.py": queries, "shop/db.py": db}
    folder = lay_out(tmp_path, files)
    assert _asks(folder, "shop/__init__.py")
    # one import further, the module keeping it is past what the gate (and the codemod) follows
    files = {**files, "shop/db.py": "from .store import get_db\n", "shop/store.py": db}
    folder = lay_out(tmp_path / "further", files)
    assert not _asks(folder, "shop/__init__.py")
    assert _output_with_gates_open(folder, "shop/__init__.py") == []


@pytest.mark.parametrize(
    "text",
    [
        "from sqlalchemy.orm import scoped_session as registry, sessionmaker\n\nsession = registry(sessionmaker())\n",
        "import flask as f\n\ndef remember(conn):\n    f.g.db = conn\n",
        "from flask import *\n\ndef remember(conn):\n    setattr(g, 'db', conn)\n",
        "from flask import \uff47\n\ndef remember(conn):\n    \uff47.db = conn\n",  # a fullwidth g, read as g
    ],
    ids=["scoped-session", "flask-module", "star", "nfkc"],
)
def test_what_holds_request_resources_passes_the_text_test(text):
    import ast

    from flask_codemod.codemods._teardown_gate import holds_request_resources, text_may_hold_request_resources

    assert holds_request_resources(ast.parse(text))
    assert text_may_hold_request_resources(text)


def test_a_text_not_ascii_only_outside_its_names_is_read_by_its_words():
    from flask_codemod.codemods._teardown_gate import text_may_hold_request_resources

    assert not text_may_hold_request_resources("# \u00a9 2024 Jos\u00e9\nfrom .db import db\n\nclass Fee(db.Model):\n    pass\n")
    assert text_may_hold_request_resources("# \u00a9 2024\nfrom flask import g\n")


def test_an_app_importing_many_modules_with_a_copyright_sign_is_rejected_rightly(tmp_path):
    # sbc-pay-api's 179 models, each with a copyright sign in its header: parsed one by one (text
    # and imports not read off a text that is not ASCII), they spent the gate's budget of 60
    # modules, and the gate said yes to the app, unsure
    models = {f"shop/models/m{n}.py": f"# \u00a9 2024 Jos\u00e9\nfrom .base import Base\n\nclass M{n}(Base):\n    pass\n" for n in range(70)}
    imports = "".join(f"from .m{n} import M{n}\n" for n in range(70))
    files = {
        "shop/__init__.py": "from flask import Flask\nfrom . import models\n\napp = Flask(__name__)\n",
        "shop/models/__init__.py": "# \u00a9 2024\n" + imports,
        "shop/models/base.py": "class Base:\n    pass\n",
        **models,
    }
    folder = lay_out(tmp_path, files)
    assert _output_with_gates_open(folder, "shop/__init__.py") == []
    assert not _asks(folder, "shop/__init__.py")
    # a near miss: one of them keeps a connection on g, nowhere to register a handler but the app
    keeping = "# \u00a9 2024\nimport sqlite3\nfrom flask import g\n\ndef get_db():\n    g.db = sqlite3.connect('x.db')\n    return g.db\n"
    folder = lay_out(tmp_path / "near", {**files, "shop/models/m3.py": keeping})
    assert _output_with_gates_open(folder, "shop/__init__.py") != []
    assert _asks(folder, "shop/__init__.py")


def test_the_text_test_of_request_resources_is_a_necessary_condition_on_real_code():
    import ast

    from helpers import real_code

    from flask_codemod.codemods._teardown_gate import holds_request_resources, text_may_hold_request_resources

    rejected = 0
    for path in real_code(legacy_app=True):
        text = open(path, encoding="utf-8").read()
        if not text_may_hold_request_resources(text):
            rejected += 1
            assert not holds_request_resources(ast.parse(text)), path
    assert rejected  # the test says no to some real modules


def test_the_functions_around_a_node_are_those_whose_walk_meets_it():
    import ast

    from helpers import real_code

    from flask_codemod.codemods._ast_facts import facts
    from flask_codemod.codemods._teardown_project_gate import _functions_around

    decorated = "def deco(f):\n    return f\n\n@deco(lambda: open('x'))\ndef outer():\n    def inner():\n        return g()\n    return inner\n"
    texts = [decorated] + [open(path, encoding="utf-8").read() for path in real_code(every=7)]
    for text in texts:
        found = facts(ast.parse(text))
        nodes = [n for f in found.functions for d in f.decorator_list for n in ast.walk(d) if isinstance(n, ast.expr)]
        nodes += [n for n in ast.walk(found.tree) if type(n) in (ast.Return, ast.Call)][:200]
        for node in nodes:
            expected = [f for f in found.functions if any(inner is node for inner in ast.walk(f))]
            assert _functions_around(found, node) == expected
