"""cache-views' tree gate on the URLs of views (``routed_as_endpoint`` in
codemods/_cache_views_gate.py): a view every URL of which FlaskIndex may register it with
says a word of an endpoint (``/status``, ``/api/jobs/<int:job_id>``) is refused by the planner
for a settled reason, without a word; a module of such views only is not parsed. Where the
gate cannot be sure which URL the planner reads, the module is let through."""

from __future__ import annotations

import ast

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from gate_checks import accepts, assert_rejected_rightly, output_with_gates_open
from flask_codemod.codemods._ast_facts import facts
from flask_codemod.codemods._cache_views_catalog import endpoint_word
from flask_codemod.codemods._cache_views_gate import routed_as_endpoint
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex
from flask_codemod.codemods._metadata import resolve
from helpers import real_code

_HEAD = "from flask import Flask, Blueprint\napp = Flask(__name__)\nmain = Blueprint('main', __name__)\n\n"
_BODY = "    return open('x').read()\n"


REJECTED = [
    # the URL of the route decorator, positional or rule=, on the app or a blueprint made here
    (_HEAD + "@app.route('/api/status')\ndef about():\n" + _BODY, "views.py"),
    (_HEAD + "@main.route(rule='/jobs/<int:job_id>')\ndef show(job_id):\n" + _BODY, "views.py"),
    (_HEAD + "@main.get('/' 'feed.xml')\ndef rss():\n" + _BODY, "views.py"),
    # the first route decorator is the one FlaskIndex takes: the second URL is not read
    (_HEAD + "@app.route('/latest')\n@app.route('/about')\ndef about():\n" + _BODY, "views.py"),
    # a decorator on a name no object FlaskIndex knows: the next one is the view's
    (_HEAD + "@site.route('/about')\n@app.route('/progress')\ndef about():\n" + _BODY, "views.py"),
    # add_url_rule, every call naming the function
    ("def about():\n" + _BODY + "\napp.add_url_rule('/stats', 'about', about)\n"
     "app.add_url_rule(rule='/ping', view_func=about)\n", "views.py"),
    # a POST view beside it, skipped anyway
    (_HEAD + "@app.route('/poll')\ndef about():\n" + _BODY + "\n@app.post('/about')\ndef send():\n" + _BODY,
     "views.py"),
]
ACCEPTED = [
    (_HEAD + "@app.route('/statuses')\ndef about():\n" + _BODY, "views.py"),  # no word of an endpoint
    # not a literal string: the planner reads no word in it
    (_HEAD + "@app.route(f'/status')\ndef about():\n" + _BODY, "views.py"),
    (_HEAD + "STATUS = '/status'\n\n@app.route(STATUS)\ndef about():\n" + _BODY, "views.py"),
    # which argument is the rule is not sure
    (_HEAD + "@app.route(*['/status'])\ndef about():\n" + _BODY, "views.py"),
    (_HEAD + "@app.route(**{'rule': '/status'})\ndef about():\n" + _BODY, "views.py"),
    # the first route decorator FlaskIndex takes says nothing of an endpoint
    (_HEAD + "@app.route('/about')\n@app.route('/latest')\ndef about():\n" + _BODY, "views.py"),
    # a blueprint the module may make: FlaskIndex may take the decorator on it or the next
    ("from flask import Blueprint as Made\nmain = Made('main', __name__)\n\n"
     "@main.route('/about')\n@app.route('/stats')\ndef about():\n" + _BODY, "views.py"),
    # one of the add_url_rule calls says nothing of an endpoint
    ("def about():\n" + _BODY + "\napp.add_url_rule('/about', 'about', about)\n"
     "app.add_url_rule('/stats', 'stats', about)\n", "views.py"),
    # a view beside the endpoint, which may be cached
    (_HEAD + "@app.route('/status')\ndef status_page():\n" + _BODY + "\n@app.route('/about')\ndef about():\n" + _BODY,
     "views.py"),
]


@pytest.mark.parametrize("source, path", REJECTED)
def test_a_module_of_views_routed_as_endpoints_is_rejected_rightly(source: str, path: str) -> None:
    assert_rejected_rightly("cache-views", source, path)


@pytest.mark.parametrize("source, path", ACCEPTED)
def test_a_url_the_gate_cannot_be_sure_of_is_let_through(source: str, path: str) -> None:
    assert accepts("cache-views", source, path)


@pytest.mark.parametrize(
    "source",
    [
        _HEAD + "@app.route('/statuses')\ndef about():\n" + _BODY,
        _HEAD + "STATUS = '/status'\n\n@app.route(STATUS)\ndef about():\n" + _BODY,
        _HEAD + "@app.route('/about')\n@app.route('/latest')\ndef about():\n" + _BODY,
    ],
)
def test_the_near_misses_are_acted_on(source: str) -> None:
    assert output_with_gates_open("cache-views", source, "views.py") != []


@pytest.mark.parametrize(
    ("name", "rule", "word"),
    [
        ("about", "/api/v1/status", "status"),
        ("about", "/<int:job_id>", "job"),
        ("health_page", "/about", "health"),  # the name first
        ("about", "/readme.md", None),
        ("about", None, None),
        ("about", "/statusCode", "status"),
        ("about", "/stat-us", None),
    ],
)
def test_endpoint_words_of_a_name_and_a_url(name: str, rule: str | None, word: str | None) -> None:
    assert endpoint_word(name, rule) == word


def test_the_planner_refuses_without_a_word_every_view_routed_as_an_endpoint() -> None:
    """On real code: every view FlaskIndex finds on a function the gate takes for routed as
    an endpoint is one the planner neither caches nor says anything of."""
    from flask_codemod.codemods import Context, get_codemod
    from flask_codemod.codemods._cache_views_plan import Planner
    from flask_codemod.codemods._function_defs import ast_function_defs, cst_function_defs

    checked = 0
    for path in real_code("cache-views/*.py", legacy_app=True) + real_code(every=4):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        wrapper = MetadataWrapper(cst.parse_module(text))
        resolve(wrapper, FLASK_METADATA)
        index = FlaskIndex.build(wrapper, tree)
        if not index.views:
            continue
        found = facts(tree)
        pairs = {id(function): python for (function, _), python in zip(cst_function_defs(wrapper.module), ast_function_defs(tree))}
        ctx = Context(path)
        ctx.codemod = get_codemod("cache-views")()
        planner = Planner(wrapper, index, ctx, tree)
        for view in index.views:
            if routed_as_endpoint(pairs[id(view.function)], found):
                checked += 1
                decision = planner.decide(view)
                assert decision.skip or decision.quiet, (path, view.function.name.value, decision.problem)
    assert checked >= 3, checked
