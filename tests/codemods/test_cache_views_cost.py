"""cache-views caches only a view whose response costs something to make: rendering a
template with no values, with literals, or with the URL's and query string's values passed on
is a constant page Jinja keeps compiled; a value the view computes, a loop in the template, an
inline template (compiled on every call) or a file read is work worth a cache."""

from __future__ import annotations

import pytest

from cache_views_support import Renders, apply, load, messages, write

BASE = '<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}\n'


def _app(body: str, imports: str = "render_template") -> str:
    return f'''
from flask import Flask, request, url_for, {imports}

app = Flask(__name__)


{body}
'''


CHEAP = {
    "no values": '''
@app.route("/")
def index():
    return render_template("page.html")
''',
    "literals": '''
@app.route("/")
def index():
    return render_template("page.html", title="Home", sizes=[1, 2], flags={"a": True})
''',
    "url parameter passed on": '''
@app.route("/<int:number>")
def index(number):
    return render_template("page.html", title=number)
''',
    "query string value, converted": '''
@app.route("/")
def index():
    title = 10
    if "title" in request.args:
        title = int(request.args["title"])
    return render_template("page.html", title=title)
''',
    "query string value and a link": '''
@app.route("/")
def index():
    return render_template("page.html", title=request.args.get("q", ""), link=url_for("index"))
''',
}

COSTLY = {
    "a value the view computes": '''
@app.route("/")
def index():
    return render_template("page.html", title=", ".join(sorted(["b", "a"])))
''',
    "a name bound to a computed value": '''
@app.route("/<name>")
def index(name):
    title = name.upper()
    return render_template("page.html", title=title)
''',
    "a name one branch computes": '''
@app.route("/")
def index():
    title = "Home"
    if "sorted" in request.args:
        title = ", ".join(sorted(request.args.getlist("sorted")))
    return render_template("page.html", title=title)
''',
    "a file read": '''
@app.route("/")
def index():
    with open("notes.txt") as notes:
        return render_template("page.html", title=notes.read())
''',
}


def _project(tmp_path, body: str, page: str = "{% block body %}{{ title }}{% endblock %}") -> None:
    write(tmp_path, {
        "site.py": _app(body),
        "requirements.txt": "flask\n",  # where the tool can add Flask-Caching
        "notes.txt": "notes\n",
        "templates/base.html": BASE,
        "templates/page.html": "{% extends 'base.html' %}" + page,
    })


@pytest.mark.parametrize("label", sorted(CHEAP))
def test_a_constant_template_is_left_alone_without_a_word(tmp_path, label):
    page = "{% block body %}Hello{% endblock %}" if label == "no values" else "{% block body %}{{ title }}{% endblock %}"
    _project(tmp_path, CHEAP[label], page)
    result = apply(tmp_path / "site.py")
    assert not result.changed and not result.project_edits
    assert messages(result) == []


@pytest.mark.parametrize("label", sorted(COSTLY))
def test_work_the_view_does_is_cached(tmp_path, label):
    _project(tmp_path, COSTLY[label])
    result = apply(tmp_path / "site.py")
    assert result.changed
    assert "@cache.cached(timeout=300" in result.new_text


def test_a_loop_in_a_template_it_pulls_in_is_work(tmp_path, monkeypatch):
    """Given no values, the page still loops (here in an included menu): cached, and the
    cached view renders once for two requests."""
    write(tmp_path, {
        "site.py": _app(CHEAP["no values"]),
        "requirements.txt": "flask\n",
        "templates/base.html": BASE,
        "templates/menu.html": "{% for n in range(50) %}<a>{{ n }}</a>{% endfor %}",
        "templates/page.html": "{% extends 'base.html' %}{% block body %}{% include 'menu.html' %}{% endblock %}",
    })
    result = apply(tmp_path / "site.py")
    assert result.changed and "@cache.cached(timeout=300)" in result.new_text
    monkeypatch.syspath_prepend(str(tmp_path))
    module = load(tmp_path / "site.py", "cost_loop_site")
    renders = Renders(module.app)
    client = module.app.test_client()
    first, second = client.get("/"), client.get("/")
    assert first.status_code == 200 and first.data == second.data and b"<a>49</a>" in first.data
    assert renders.count("page.html") == 1


@pytest.mark.parametrize("page", [
    "{% import 'macros.html' as m %}{% block body %}{{ m.shout(title) }}{% endblock %}",
    "{% block body %}{{ range(10) | join(title) }}{% endblock %}",
    "{% block body %}{{ title | shout }}{% endblock %}",
])
def test_a_template_that_works_by_itself_is_cached(tmp_path, page):
    """A macro (it may call itself), range() (a long sequence from a short text) or a filter
    of the project: given only literals, the page is still work."""
    body = CHEAP["literals"] + '''

def shout(text):
    return text.upper()


app.add_template_filter(shout)
'''
    _project(tmp_path, body, page)
    write(tmp_path, {"templates/macros.html": "{% macro shout(text) %}{{ text | upper }}{% endmacro %}"})
    result = apply(tmp_path / "site.py")
    assert result.changed and "@cache.cached(timeout=300)" in result.new_text, messages(result)


def test_an_inline_template_is_compiled_on_every_call(tmp_path):
    write(tmp_path, {"requirements.txt": "flask\n", "site.py": _app('''
@app.route("/")
def index():
    return render_template_string("<p>{{ 1 + 1 }}</p>")
''', imports="render_template_string")})
    result = apply(tmp_path / "site.py")
    assert result.changed and "@cache.cached(timeout=300)" in result.new_text


def test_a_helper_given_the_view_s_values_is_not_judged_by_its_parameters(tmp_path):
    """A helper's parameter may hold anything the view computed: rendering it is work."""
    _project(tmp_path, '''
def page(title):
    return render_template("page.html", title=title)


@app.route("/")
def index():
    return page(", ".join(sorted(["b", "a"])))
''')
    result = apply(tmp_path / "site.py")
    assert result.changed and "@cache.cached(timeout=300)" in result.new_text


def test_a_fresh_json_response_s_status_is_the_view_s_own(tmp_path):
    """Setting the status of a response the view made is no state outside the view."""
    write(tmp_path, {"requirements.txt": "flask\n", "site.py": _app('''
def missing():
    response = jsonify({"error": "not found"})
    response.status_code = 404
    return response


@app.route("/<int:number>")
def number(number):
    with open("numbers.txt") as numbers:
        lines = numbers.read().splitlines()
    if number >= len(lines):
        return missing()
    return jsonify(value=lines[number])
''', imports="jsonify"), "numbers.txt": "zero\none\n"})
    result = apply(tmp_path / "site.py")
    assert not any("state outside the view" in m for m in messages(result))
    assert result.changed and "@cache.cached(timeout=300)" in result.new_text
