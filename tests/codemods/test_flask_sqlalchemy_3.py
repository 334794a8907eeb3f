"""flask-sqlalchemy-3: a Flask-SQLAlchemy 2.x app under Flask-SQLAlchemy 3.1 silently loses its
pool settings and its commits, and fails on renamed names; after the rewrite it behaves as it
did on 2.x (the engine's real pool, rows really committed, the test client)."""

from __future__ import annotations

import textwrap
import warnings

import pytest

from helpers import assert_left_alone, assert_refused, finding_messages, load_source, rewrite, run_at_target, run_codemods

LEGACY_APP = '''
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///{database}"
app.config["SQLALCHEMY_POOL_SIZE"] = 7
app.config["SQLALCHEMY_POOL_TIMEOUT"] = 12
app.config["SQLALCHEMY_POOL_RECYCLE"] = 280  # the server drops idle connections
app.config["SQLALCHEMY_MAX_OVERFLOW"] = 3
app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = True
db = SQLAlchemy(app)


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.String(80))


with app.app_context():
    db.create_all()


@app.post("/notes")
def add_note():
    db.session.add(Note(body="kept"))
    return "", 201


@app.get("/notes")
def count_notes():
    return str(db.session.query(Note).count())


@app.get("/boom")
def boom():
    db.session.add(Note(body="rolled back"))
    raise RuntimeError("boom")
'''


def _pool(app, db):
    with app.app_context():
        pool = db.engine.pool
        return pool.size(), pool.timeout(), pool._recycle, pool._max_overflow


def test_pool_settings_and_commits_lost_on_3_1_come_back_after_the_rewrite(tmp_path):
    before = LEGACY_APP.format(database=tmp_path / "before.db")
    legacy = load_source(tmp_path, before)
    assert _pool(legacy.app, legacy.db) == (5, 30, -1, 10)  # the settings are silently ignored
    client = legacy.app.test_client()
    assert client.post("/notes").status_code == 201
    assert client.get("/notes").get_data(as_text=True) == "0"  # the write is silently lost

    result = run_codemods(before, "flask-sqlalchemy-3", dedent=False)
    after = result.new_text
    assert result.findings == []
    assert (
        'app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {\n'
        '    "pool_size": 7,\n'
        '    "pool_timeout": 12,\n'
        '    "pool_recycle": 280,  # the server drops idle connections\n'
        '    "max_overflow": 3,\n'
        "}\n"
    ) in after
    assert "SQLALCHEMY_COMMIT_ON_TEARDOWN" not in after
    module = load_source(tmp_path, after.replace("before.db", "after.db"))
    assert _pool(module.app, module.db) == (7, 12, 280, 3)
    client = module.app.test_client()
    assert client.post("/notes").status_code == 201
    assert client.get("/notes").get_data(as_text=True) == "1"  # committed at teardown, as on 2.x
    # ... but only when the request did not fail, as on 2.x
    module.app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/boom").status_code == 500
    assert client.get("/notes").get_data(as_text=True) == "1"


def test_config_class_families_get_the_same_options_they_had(tmp_path):
    with open(_sample("config_classes.before.py"), encoding="utf-8") as handle:
        source = handle.read()
    after = rewrite(source, "flask-sqlalchemy-3", dedent=False)
    module = load_source(tmp_path, after)
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy

    expected = {"ProductionConfig": (20, 10, -1, 2), "DevelopmentConfig": (5, 30, -1, 2), "Config": (5, 30, -1, 2)}
    for name, pool in expected.items():
        app = Flask(__name__)
        app.config.from_object(getattr(module, name))
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'family.db'}"
        db = SQLAlchemy(app)
        assert _pool(app, db) == pool, name
    # the base class's options are not changed by the subclass
    assert module.Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_size": 5, "max_overflow": 2}


def _sample(name: str) -> str:
    import os

    from helpers import SAMPLES

    return os.path.join(SAMPLES, "flask-sqlalchemy-3", name)


RENAMED = '''
from flask import Flask
from flask_sqlalchemy import BaseQuery, SQLAlchemy


class ActiveQuery(BaseQuery):
    def named(self, name):
        return self.filter_by(name=name)


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
app.config["SQLALCHEMY_BINDS"] = {"audit": "sqlite://"}
db = SQLAlchemy(app, query_class=ActiveQuery)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(20))


def engines():
    return db.get_engine(), db.get_engine(bind="audit")
'''


def test_renamed_names_and_get_engine(tmp_path):
    with pytest.raises(ImportError):
        load_source(tmp_path, RENAMED)
    after = rewrite(RENAMED, "flask-sqlalchemy-3", dedent=False)
    assert "from flask_sqlalchemy.query import Query\n" in after and "class ActiveQuery(Query):" in after
    assert "return db.engine, db.engines[\"audit\"]" in after
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        module = load_source(tmp_path, after)
        with module.app.app_context():
            module.db.create_all()
            module.db.session.add(module.User(name="ada"))
            assert module.User.query.named("ada").count() == 1
            default, audit = module.engines()
            assert default is module.db.engines[None] and audit is not default


def test_a_renamed_name_keeps_its_old_name_where_others_may_import_it():
    """The rename rule moved-imports shares (Names.renamable_uses): in a package's
    ``__init__``, or where a string spells the old name, the uses stay and the import says
    ``as``; elsewhere the uses take the new name."""
    source = "from flask_sqlalchemy import BaseQuery\n\n\nclass ActiveQuery(BaseQuery):\n    pass\n"
    aliased = "from flask_sqlalchemy.query import Query as BaseQuery\n\n\nclass ActiveQuery(BaseQuery):\n    pass\n"
    assert rewrite(source, "flask-sqlalchemy-3", path="app/__init__.py", dedent=False) == aliased
    exported = source + '__all__ = ["ActiveQuery", "BaseQuery"]\n'
    assert rewrite(exported, "flask-sqlalchemy-3", dedent=False).startswith(aliased)
    renamed = rewrite(source, "flask-sqlalchemy-3", path="app/queries.py", dedent=False)
    assert renamed == "from flask_sqlalchemy.query import Query\n\n\nclass ActiveQuery(Query):\n    pass\n"


def test_for_flask_2_0_only_what_exists_there_is_rewritten():
    source = RENAMED + 'app.config["SQLALCHEMY_POOL_SIZE"] = 3\n'
    text, findings = run_at_target(source, "flask-sqlalchemy-3", (2, 0), dedent=False)
    assert "from flask_sqlalchemy import BaseQuery, SQLAlchemy" in text
    # db.engine is Flask-SQLAlchemy 2.x's too; db.engines is new in 3.0
    assert "return db.engine, db.get_engine(bind=\"audit\")" in text
    assert "SQLALCHEMY_POOL_SIZE" in text  # set after SQLAlchemy(app): reported below
    findings.sort()
    assert [line for line, _ in findings] == [3, 23, 24]
    assert "renamed flask_sqlalchemy.query.Query in Flask-SQLAlchemy 3.0 (which needs Flask 2.2)" in findings[0][1]
    assert "db.engines exists from Flask-SQLAlchemy 3.0 on: not rewritten, the target Flask 2.0 predates 2.2" in findings[1][1]
    assert "creates the engine" in findings[2][1]
    # the pool keys' new form exists in Flask-SQLAlchemy 2.4, whatever the Flask version
    text, findings = run_at_target(
        "class Config:\n    SQLALCHEMY_POOL_SIZE = 3\n", "flask-sqlalchemy-3", (2, 0), dedent=False
    )
    assert text == 'class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 3}\n' and findings == []


@pytest.mark.parametrize(
    "source, reason",
    [
        ("class Base:\n    SQLALCHEMY_ENGINE_OPTIONS = {'pool_pre_ping': True}\n\n"
         "class Prod(Base):\n    SQLALCHEMY_POOL_SIZE = 20\n", "other classes of its family"),
        ("from settings import BaseConfig\n\nclass Prod(BaseConfig):\n    SQLALCHEMY_POOL_SIZE = 20\n",
         "a class defined elsewhere"),
        ("SQLALCHEMY_POOL_SIZE = 20\nSQLALCHEMY_MAX_OVERFLOW = SQLALCHEMY_POOL_SIZE // 2\n", "the module also reads it"),
        ("from flask import Flask\napp = Flask(__name__)\napp.config['SQLALCHEMY_POOL_SIZE'] = 5\n"
         "app.config.from_pyfile('local.cfg')\n", "config loaded later (line 4)"),
        ("settings = {**defaults, 'SQLALCHEMY_POOL_SIZE': 5}\n", "the unpacked mapping"),
        ("class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = make_options()\n    SQLALCHEMY_POOL_SIZE = 5\n",
         "not a dict literal"),
        # None meant "not set" to 2.x; create_engine(pool_size=None) is another thing
        ("import os\nfrom .util import number_or_none\n\n"
         "SQLALCHEMY_POOL_SIZE = number_or_none(os.environ.get('SQLALCHEMY_POOL_SIZE'))\n", "may be None"),
        ("SQLALCHEMY_POOL_RECYCLE = 280\nSQLALCHEMY_POOL_TIMEOUT = None\n", "SQLALCHEMY_POOL_TIMEOUT may be None"),
        ("import os\n\nclass Config:\n    SQLALCHEMY_MAX_OVERFLOW = os.environ.get('MAX_OVERFLOW')\n", "may be None"),
    ],
)
def test_pool_keys_that_cannot_be_merged_exactly_are_reported(source, reason):
    assert_refused("flask-sqlalchemy-3", source, reason)


def test_a_number_read_from_an_environment_variable_of_the_same_name_moves():
    """os.environ.get("SQLALCHEMY_POOL_SIZE") reads the environment, not the config key."""
    source = "import os\n\nSQLALCHEMY_POOL_SIZE = int(os.environ.get('SQLALCHEMY_POOL_SIZE', '10'))\n"
    result = run_codemods(source, "flask-sqlalchemy-3", dedent=False)
    assert result.findings == []
    assert result.new_text.endswith(
        "SQLALCHEMY_ENGINE_OPTIONS = {\n    'pool_size': int(os.environ.get('SQLALCHEMY_POOL_SIZE', '10')),\n}\n"
    )


def test_commit_on_teardown_out_of_sight_of_the_app_is_reported():
    result = run_codemods("class Config:\n    SQLALCHEMY_COMMIT_ON_TEARDOWN = True\n", "flask-sqlalchemy-3", dedent=False)
    assert result.new_text == "class Config:\n    SQLALCHEMY_COMMIT_ON_TEARDOWN = True\n"
    assert "writes are silently lost" in finding_messages(result)[0]


COMMITTING_APP = """\
import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = True
db = SQLAlchemy(app)
"""


@pytest.mark.parametrize(
    "tail, reason",
    [
        # a branch that turns it off again: the handler would commit there
        ('if os.environ.get("DRY_RUN"):\n    app.config["SQLALCHEMY_COMMIT_ON_TEARDOWN"] = False\n', "line 10 sets or reads it too"),
        # settings loaded later may turn it off: 2.x read the key at every teardown
        ('app.config.from_envvar("SHOP_SETTINGS", silent=True)\n', "config loaded later (line 9, from_envvar())"),
        ('if app.config.get("SQLALCHEMY_COMMIT_ON_TEARDOWN"):\n    print("committing")\n', "line 9 sets or reads it too"),
    ],
)
def test_commit_on_teardown_that_may_not_stay_true_is_reported(tail, reason):
    source = COMMITTING_APP + tail
    result = run_codemods(source, "flask-sqlalchemy-3", dedent=False)
    assert result.new_text == source
    messages = finding_messages(result)
    assert len(messages) == 1 and messages[0].startswith("7: ") and reason in messages[0], messages
    # alone, the same lines get the handler
    assert "db.session.commit()" in rewrite(COMMITTING_APP, "flask-sqlalchemy-3", dedent=False)


@pytest.mark.parametrize(
    "source",
    [
        "class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = {'pool_size': 5}\n",
        "from flask_sqlalchemy.query import Query\nfrom flask_sqlalchemy import SQLAlchemy\n"
        "db = SQLAlchemy()\nengine = db.engine\n",
        "try:\n    from flask_sqlalchemy import BaseQuery\nexcept ImportError:\n"
        "    from flask_sqlalchemy.query import Query as BaseQuery\n",
        # a get_engine() that is not Flask-SQLAlchemy's
        "def engine(pool):\n    return pool.get_engine()\n",
        "class Config:\n    SQLALCHEMY_COMMIT_ON_TEARDOWN = False\n",
    ],
)
def test_modern_guarded_and_foreign_code_is_byte_identical(source):
    assert_left_alone("flask-sqlalchemy-3", source)


def test_requirements_pinning_flask_sqlalchemy_2_hold_back_the_3_0_names():
    source = textwrap.dedent(RENAMED)
    result = run_codemods(source, "flask-sqlalchemy-3", files={"requirements.txt": "Flask-SQLAlchemy==2.5.1\n"}, dedent=False)
    assert "from flask_sqlalchemy import BaseQuery, SQLAlchemy" in result.new_text
    assert "return db.engine, db.get_engine(bind=\"audit\")" in result.new_text  # 2.x has db.engine
    assert len(result.findings) == 2
    assert all("the project's requirement allows a Flask-SQLAlchemy older than 3.0" in f.message for f in result.findings)


def test_a_poetry_project_on_flask_sqlalchemy_2_keeps_the_2_x_names():
    """Poetry's [tool.poetry.dependencies] declares the extension (a caret range: 2.5 and up,
    below 3): the renamed names do not exist there."""
    source = textwrap.dedent(RENAMED)
    pyproject = '[tool.poetry]\nname = "shop"\n\n[tool.poetry.dependencies]\nFlask-SQLAlchemy = "^2.5"\n'
    result = run_codemods(source, "flask-sqlalchemy-3", files={"pyproject.toml": pyproject}, dedent=False)
    assert "from flask_sqlalchemy import BaseQuery, SQLAlchemy" in result.new_text
    assert len(result.findings) == 2
    assert all("the project's requirement allows a Flask-SQLAlchemy older than 3.0" in f.message for f in result.findings)


def test_a_requirement_that_allows_flask_sqlalchemy_before_2_4_keeps_the_pool_keys():
    """SQLALCHEMY_ENGINE_OPTIONS is read from Flask-SQLAlchemy 2.4 on: on the lowest release
    a range allows, the options would be silently dropped."""
    source = "class Config:\n    SQLALCHEMY_POOL_SIZE = 20\n"
    for declared in ("Flask-SQLAlchemy>=2.1,<3\n", "flask_sqlalchemy ~= 2.3.2\n"):
        result = run_codemods(source, "flask-sqlalchemy-3", files={"../requirements.txt": declared}, path="app/config.py", dedent=False)
        assert result.new_text == source, declared
        assert len(result.findings) == 1 and "Flask-SQLAlchemy 2.4 or newer" in result.findings[0].message
    result = run_codemods(source, "flask-sqlalchemy-3", files={"../requirements.txt": "Flask-SQLAlchemy>=2.4.1\n"}, path="app/config.py", dedent=False)
    assert result.new_text == 'class Config:\n    SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 20}\n'


def test_the_extension_imported_through_flask_ext_and_subclassed():
    """flask.ext.sqlalchemy (Flask before 1.0) and a subclass of the extension are the same
    Flask-SQLAlchemy: their renamed names and get_engine() are not missed."""
    source = (
        "from flask.ext.sqlalchemy import SQLAlchemy, get_debug_queries\n\n\n"
        "class Database(SQLAlchemy):\n    pass\n\n\ndb = Database()\n\n\n"
        "def slow():\n    return [q for q in get_debug_queries() if q.duration > 1]\n\n\n"
        "def engine():\n    return db.get_engine()\n"
    )
    text, findings = run_at_target(source, "flask-sqlalchemy-3", (3, 1), dedent=False)
    assert "from flask.ext.sqlalchemy import SQLAlchemy\nfrom flask_sqlalchemy.record_queries import get_recorded_queries\n" in text
    assert "for q in get_recorded_queries()" in text and "return db.engine\n" in text
    assert [message for _, message in findings if "SQLALCHEMY_RECORD_QUERIES" in message]
    text, findings = run_at_target(source, "flask-sqlalchemy-3", (0, 10), dedent=False)
    assert "get_debug_queries" in text and "return db.engine\n" in text
    assert any("renamed flask_sqlalchemy.record_queries.get_recorded_queries" in message for _, message in findings)


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("flask-sqlalchemy-3")()
    assert not codemod.applies_to_file("SQLALCHEMY_DATABASE_URI = 'x'\n", "config.py")
    assert codemod.applies_to_file("SQLALCHEMY_POOL_SIZE = 5\n", "config.py")


def test_a_renamed_import_keeps_the_blank_line_and_comment_above_it(tmp_path):
    """brewlog's ``brewery/utils.py``: the renamed import opens the third-party group, after a
    blank line below the standard library's. Rewritten in place, it keeps that line and a
    comment above it (isort's groups stay as they were); a statement that keeps other names
    gets the new line below it, as before."""
    source = (
        "from typing import List\n"
        "\n"
        "# the query class of every model\n"
        "from flask_sqlalchemy import BaseQuery\n"
        "\n"
        "from flask import Flask\n"
        "\n"
        "\n"
        "def first(query: BaseQuery) -> List[int]:\n"
        "    return query.limit(1).all()\n"
    )
    after = rewrite(source, "flask-sqlalchemy-3", path="app/utils.py", dedent=False)
    assert after == source.replace(
        "from flask_sqlalchemy import BaseQuery\n", "from flask_sqlalchemy.query import Query\n"
    ).replace("query: BaseQuery", "query: Query")
    module = load_source(tmp_path, after)
    assert module.first.__annotations__["query"].__name__ == "Query"
    kept = "from typing import List\n\nfrom flask_sqlalchemy import BaseQuery, SQLAlchemy\n\ndb = SQLAlchemy()\nq: BaseQuery\n"
    assert rewrite(kept, "flask-sqlalchemy-3", path="app/models.py", dedent=False) == (
        "from typing import List\n\nfrom flask_sqlalchemy import SQLAlchemy\nfrom flask_sqlalchemy.query import Query\n\n"
        "db = SQLAlchemy()\nq: Query\n"
    )
