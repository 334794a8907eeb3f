"""cache-views: a view that reads the visitor's own id from the query string by name
(``request.args["workerId"]``, ``participant_id``: the id an experiment or crowd-work platform
hands each person's link) makes one page per person, each cache entry asked for again only by
them. It is left uncached as a page that differs per user, which leaves a reviewer nothing to
decide, so nothing is said: psiTurk's consent page was reported instead for a string helper it
calls later, as if that call were what held the page back (codemods/_cache_views_query.py)."""

from __future__ import annotations

import pytest

from cache_views_support import apply, messages, write

PAGE = "{% for n in range(20) %}<a>{{ n }}</a>{% endfor %}{{ who }}"


def _project(tmp_path, body: str) -> None:
    write(tmp_path, {
        "site.py": f'''
import re

from flask import Flask, render_template, request

app = Flask(__name__)


def marked(text):
    found = re.search("x", text)
    return text[:found.end()]


@app.route("/consent")
def consent():
{body}
''',
        "requirements.txt": "flask\n",
        "templates/page.html": PAGE,
    })


VISITOR = {
    "a subscript": "    who = request.args['workerId']\n    return render_template('page.html', who=marked(who))\n",
    "get": "    who = request.args.get('participant_id')\n    return render_template('page.html', who=marked(who))\n",
    "in": (
        "    if 'assignmentId' not in request.args:\n        return 'missing'\n"
        "    return render_template('page.html', who=marked('a'))\n"
    ),
}


@pytest.mark.parametrize("label", sorted(VISITOR))
def test_a_view_reading_the_visitors_id_differs_per_user_and_nothing_else_is_blamed(tmp_path, label):
    _project(tmp_path, VISITOR[label])
    result = apply(tmp_path / "site.py")
    assert not result.changed
    assert messages(result) == []


def test_a_parameter_naming_no_visitor_is_keyed_by_the_query_string_as_before(tmp_path):
    _project(tmp_path, VISITOR["a subscript"].replace("workerId", "page"))
    result = apply(tmp_path / "site.py")
    assert "query_string=True" in result.new_text


def test_an_id_of_something_else_is_no_visitors():
    from flask_codemod.codemods._cache_views_query import visitor_id_read
    import libcst as cst

    def read(code: str) -> str | None:
        expression = cst.parse_expression(code)
        node = expression.value if isinstance(expression, cst.Subscript) else expression
        return visitor_id_read([], node, lambda child: expression if child is node else None)

    assert read("request.args['workerId']") == "workerId"
    assert read("request.args['worker_id']") == "worker_id"
    assert read("request.args['post_id']") is None
    assert read("request.args['hitId']") is None
    assert read("request.args['workers']") is None
