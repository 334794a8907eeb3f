"""cache-views on a module that binds a top-level name from its own earlier value
(``URL = URL.rstrip("/")``, the usual fix-up of a setting read from the environment) or
from a name bound from it in turn. Following such a name back to its definition led to
itself, and the analysis recursed until Python stopped it: the whole module lost its
change. A definition that leads back to itself tells nothing of the name: it is unknown."""

from __future__ import annotations

from cache_views_support import Calls, apply, load, messages, project, write  # noqa: F401  (project: a fixture)

APP = '''
import os

from flask import Flask

from {work} import expensive

app = Flask(__name__)

API_ROOT = os.environ.get("SELF_BOUND_API_ROOT", "http://localhost:9000/")
if API_ROOT.endswith("/"):
    API_ROOT = API_ROOT.rstrip("/")

LABEL = "shop"
TITLE = LABEL.title()
LABEL = TITLE.lower()


@app.route("/about")
def about():
    return expensive("about")


@app.route("/root")
def root():
    return API_ROOT + expensive("root")


@app.route("/label")
def label():
    return LABEL + expensive("label")
'''


def test_a_name_bound_from_itself_leaves_the_module_transformable(project):
    root, work = project
    write(root, {"self_bound_app.py": APP.format(work=work)})
    result = apply(root / "self_bound_app.py")  # asserts no error and a fixed point
    assert result.changed
    assert '@app.route("/about")\n@cache.cached(timeout=300)\ndef about' in result.new_text
    assert not any("nesting" in m for m in messages(result))

    module = load(root / "self_bound_app.py", f"self_bound_app_{work}")
    calls = Calls(module, "expensive")  # the name the views look up
    client = module.app.test_client()
    for _ in range(2):
        assert client.get("/about").get_data(as_text=True) == "computed"
        assert client.get("/root").get_data(as_text=True) == "http://localhost:9000computed"
        assert client.get("/label").get_data(as_text=True) == "shopcomputed"
    calls.restore()
    assert calls.args.count("about") == 1  # cached: the view ran once
