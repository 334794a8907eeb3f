"""gunicorn-config: an object of a database-mapped class is a row, not a value of the process
(findings audit, session 27). busy-beaver's dev script ``scripts/dev/populate_database.py``
makes a ``CallForProposalsConfiguration(...)`` (a Flask-SQLAlchemy model) at its top level,
and the model's ``toggle_configuration_enabled_status()`` stores ``self.enabled``: that was
read as a module-level object whose state a request changes. A row's columns live in the
database, which every worker reads; the file is generated. An object of a plain class a
module holds is still state."""

from __future__ import annotations

import ast

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\nflask-sqlalchemy\n", "Procfile": "web: gunicorn app:app\n"}

MODELS = """\
from extensions import db


class Configuration(db.Model):
    __tablename__ = "configuration"

    id = db.Column(db.Integer, primary_key=True)
    enabled = db.Column(db.Boolean, default=False)

    def toggle(self):
        self.enabled = not self.enabled
"""

PLAIN = """\
class Configuration:
    def __init__(self):
        self.enabled = False

    def toggle(self):
        self.enabled = not self.enabled
"""

SCRIPT = """\
from app import app
from models import Configuration

ctx = app.app_context()
ctx.push()
config = Configuration()
"""

APP = """\
from flask import Flask

from models import Configuration

app = Flask(__name__)


@app.post("/toggle/<int:id>")
def toggle(id):
    config = Configuration.query.get(id)
    config.toggle()
    return "ok"
"""


def _run(models: str):
    files = {**FILES, "models.py": models, "extensions.py": "db = None\n", "populate.py": SCRIPT}
    result = run_codemods(APP, "gunicorn-config", files=files, path="app.py")
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_model_object_a_script_makes_keeps_no_value_of_the_process():
    messages, created = _run(MODELS)
    assert not any("keep values between requests" in message for message in messages), messages
    assert "gunicorn.conf.py" in created


def test_an_object_of_a_plain_class_still_does():
    messages, created = _run(PLAIN)
    assert created == {}
    assert any("self.enabled of a Configuration object" in message for message in messages), messages


def test_what_is_a_mapped_class():
    from flask_codemod.codemods._gunicorn_config_classes import mapped_classes

    tree = ast.parse(
        MODELS
        + "\n\nclass Row(Base):\n    __tablename__ = 'row'\n"
        + "\n\nclass Typed(Base):\n    name: Mapped[str] = mapped_column()\n"
        + "\n\nclass Store:\n    items = {}\n"
    )
    assert mapped_classes(tree) == {"Configuration", "Row", "Typed"}
