"""teardown: an app made by a ``Flask`` that only ``from flask import *`` binds.

Ruqqus' ``ruqqus/__main__.py`` opens with ``from flask import *`` (then ``from sqlalchemy
import *``) and makes its app as ``app = Flask(__name__, ...)``. Names a star import binds have
no qualified name, so the codemod does not take that ``Flask`` for ``flask.Flask`` and finds no
app to register a handler on. The finding said there was "no app, app factory, init_app(app)
or blueprint in this module", sending the reader away from the app thirty lines down. It now
says what stops it: the app is made by a name the star import binds. The code stays as it is."""

from __future__ import annotations

from helpers import finding_messages, load_source, run_codemods

SOURCE = '''\
from flask import *
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

app = Flask(__name__)
engine = create_engine("sqlite://")
db_session = scoped_session(sessionmaker(bind=engine))


@app.route("/")
def index():
    return str(db_session().execute(text("select 1")).scalar())
'''


def test_the_finding_names_the_star_import_that_makes_the_app(tmp_path):
    result = run_codemods(SOURCE, "teardown", path="site/__main__.py", project={"site/__init__.py": ""}, dedent=False)
    assert result.codemod_errors == []
    assert result.new_text == SOURCE
    messages = finding_messages(result)
    assert messages, messages
    assert not any("no app, app factory" in message for message in messages), messages
    assert any("app = Flask(...)" in message and "from flask import *" in message for message in messages), messages
    assert load_source(tmp_path, result.new_text, stem="star_app").app.test_client().get("/").data == b"1"
