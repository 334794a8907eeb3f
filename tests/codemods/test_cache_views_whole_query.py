"""cache-views leaves alone a view that hands on the whole query string (a copy of
``request.args``, ``.to_dict()``, ``**request.args``, a loop over its parameters): its page is
made of every parameter each link carries, one entry per link, and such a page (SatSale's
payment page, whose links carry each checkout's amount and order) is never asked for again.
A view that reads parameters by name is cached as before, keyed by the query string
(codemods/_cache_views_query.py)."""

from __future__ import annotations

import pytest

from cache_views_support import apply, messages, write

PAGE = "{% for n in range(20) %}<a>{{ n }}</a>{% endfor %}{% for key in params %}{{ key }}{% endfor %}"


def _project(tmp_path, body: str) -> None:
    write(tmp_path, {
        "site.py": f'''
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/pay")
def pay():
{body}
''',
        "requirements.txt": "flask\n",
        "templates/pay.html": PAGE,
    })


WHOLE = {
    "a copy": "    params = dict(request.args)\n    return render_template('pay.html', params=params)\n",
    "to_dict": "    return render_template('pay.html', params=request.args.to_dict())\n",
    "items": "    return render_template('pay.html', params=sorted(request.args.items()))\n",
    "a spread": "    return render_template('pay.html', params=[], **request.args)\n",
    "a loop": "    params = [key for key in request.args]\n    return render_template('pay.html', params=params)\n",
}
BY_NAME = {
    "get": "    return render_template('pay.html', params=[request.args.get('page', '1')])\n",
    "a subscript and in": (
        "    params = []\n    if 'page' in request.args:\n        params = [request.args['page']]\n"
        "    return render_template('pay.html', params=params)\n"
    ),
}


@pytest.mark.parametrize("label", sorted(WHOLE))
def test_a_view_that_hands_on_the_whole_query_string_is_left_alone_without_a_word(tmp_path, label):
    _project(tmp_path, WHOLE[label])
    result = apply(tmp_path / "site.py")
    assert not result.changed and not result.project_edits
    assert messages(result) == []


@pytest.mark.parametrize("label", sorted(BY_NAME))
def test_a_view_that_reads_parameters_by_name_is_cached_keyed_by_the_query_string(tmp_path, label):
    _project(tmp_path, BY_NAME[label])
    result = apply(tmp_path / "site.py")
    assert result.changed
    assert "@cache.cached(timeout=300, query_string=True)" in result.new_text
