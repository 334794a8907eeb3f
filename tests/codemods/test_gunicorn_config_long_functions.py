"""gunicorn-config's reading of what a function changes, on a function of thousands of
statements (skf-flask's ``load_initial_data()``, 12,268 lines of ``db.session.add(...)`` and
``item.field = value``): the screen ran for more than 20 minutes on that one module, as each
change walked the whole function again to find what it imports ``current_app`` as. A
function is read a bounded number of times whatever its length, and what it changes is
found as before."""

from __future__ import annotations

import ast

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

APP = """\
from flask import Flask

from seed import load_initial_data

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
"""


def seed(rows: int, tail: str = "") -> str:
    """A loader of ``rows`` objects, each given a field after it is made, as skf-flask's is."""
    lines = ["from flask import current_app", "from models import Item, db", "", "", "def load_initial_data():"]
    for n in range(rows):
        lines += [f"    item{n} = Item('row {n}')", f"    item{n}.weight = {n}", f"    db.session.add(item{n})"]
    lines += ["    db.session.commit()", tail]
    return "\n".join(lines) + "\n"


MODELS = "class Item:\n    def __init__(self, name):\n        self.name = name\n\n\nclass db:\n    session = None\n"


def walks_of_the_loader(monkeypatch, rows: int, tail: str = ""):
    """How many times the loader's own node is read for its children while gunicorn-config runs."""
    reads: list[int] = []
    real_children = ast.iter_child_nodes

    def counting_children(node):
        if isinstance(node, ast.FunctionDef) and node.name == "load_initial_data":
            reads.append(1)
        return real_children(node)

    monkeypatch.setattr(ast, "iter_child_nodes", counting_children)
    result = run_codemods(APP, "gunicorn-config", path="app.py", files={**FILES, "seed.py": seed(rows, tail), "models.py": MODELS})
    monkeypatch.undo()
    assert result.error is None, result.error
    return len(reads), result


def test_a_long_function_is_read_a_bounded_number_of_times(monkeypatch):
    short, _ = walks_of_the_loader(monkeypatch, 20)
    long, result = walks_of_the_loader(monkeypatch, 400)
    assert long <= short + 5, (short, long)  # not once per change it makes
    created = {e.key for e in result.project_edits if e.kind == "file"}
    assert created == {"gunicorn.conf.py"}, finding_messages(result)


def test_a_write_through_current_app_at_its_end_is_still_found(monkeypatch):
    _, result = walks_of_the_loader(monkeypatch, 400, "    current_app.seeded = Item(\"last\")\n")
    assert not [e for e in result.project_edits if e.kind == "file"]
    assert any("current_app.seeded" in m for m in finding_messages(result)), finding_messages(result)
