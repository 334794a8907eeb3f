"""cache-views' project stage on views whose page costs nothing to make
(codemods/_cache_views_costless.py): no loop, no call but of a library's pure and cheap
function, no read but of the view's own names, a library's or a builtin. The planner skips
such a view (nothing to gain) or finds its refusal not worth a word, whatever decorator or
call it cannot see into: a module of such views is not parsed, and the codemod, gates
forced open, leaves it alone without a word. A close view that may cost something (a loop,
a call of the project, a module's global, a name of an outside service) is let through."""

from __future__ import annotations

import pytest

from gate_checks import in_project

NAME = "cache-views"
PATH = "shop/views.py"
_HEAD = (
    "import os\nimport json\nfrom flask import Flask, Response, jsonify, make_response, render_template, request\n"
    "from shop import catalogue, guard\napp = Flask(__name__)\nROWS = [3, 1, 2]\nPIXEL: bytes = b'GIF89a'\n"
    "LATER = lambda: catalogue.rows()\n\n\ndef reset():\n    global TOTAL\n    TOTAL = 0\n\n\nTOTAL = 1\n\n"
)


def _view(name: str, *body: str, decorators: str = "", parameters: str = "") -> str:
    lines = "".join(f"    {line}\n" for line in body)
    return f"@app.route('/{name}')\n{decorators}def {name}({parameters}):\n{lines}\n"


def _module(*views: str) -> dict[str, str]:
    return {PATH: _HEAD + "".join(views), "shop/__init__.py": "", "shop/templates/about.html": "<h1>{{ title }}</h1>\n"}


@pytest.mark.parametrize(
    "views",
    [
        # a mapping built from values the view spells or gets from pure library calls
        (
            _view("version", "info = {'name': 'shop'}", "info['version'] = os.getenv('VERSION', 'dev')",
                  "return jsonify(info)"),
        ),
        # a decorator the codemod cannot see into, and a parameter: nothing costs
        (
            _view("hello", "greeting = 'Hello ' + str(name)", "return make_response(jsonify(text=greeting), 200)",
                  decorators="@guard.checked\n", parameters="name"),
            _view("about", "'''About.'''", "try:", "    size = len(json.dumps({'a': 1}))", "except ValueError:",
                  "    size = 0", "return {'size': size}"),
        ),
        # the URL's parts, a builtin the module binds nowhere, a conditional
        (
            _view("echo", "path = request.path", "if not path:", "    return 'none', 404",
                  "return jsonify(path=path, length=max(len(path), 1))"),
        ),
        # a method of the request (a value of it), a response class given a literal, a call
        # the scan refuses by its name (random bytes) or cannot see into: no cost counted
        (
            _view("errors", "error = request.args.get('error', None)", "return jsonify(error=error)"),
            _view("robots", "return Response('User-agent: *', mimetype='text/plain')"),
            _view("stamp", "return jsonify(t=os.getenv('T'), salt=str(os.urandom(4)))"),
            _view("listing", "return jsonify(os.listdir('.'))"),  # a call it cannot see into
        ),
        # a name of the module bound only by top-level assignments: a value the scan follows not
        (_view("pixel", "return PIXEL, 200, {'Content-Type': 'image/gif', 'X-Rows': str(len(ROWS))}"),),
        # a template that does no work, given constants by keyword (the template gate)
        (_view("about", "return render_template('about.html', title='About')"),),
    ],
)
def test_a_module_of_views_that_cost_nothing_is_not_parsed(views: tuple[str, ...]) -> None:
    asked, output = in_project(NAME, _module(*views), PATH)
    assert output == []
    assert not asked


@pytest.mark.parametrize(
    "body",
    [
        ["return jsonify([n * 2 for n in range(10)])"],  # a comprehension: a cost
        ["total = 0", "for n in range(10):", "    total += n", "return jsonify(total=total)"],  # a loop
        ["return jsonify(rows=catalogue.rows())"],  # a call of the project
        ["return jsonify(rows=sorted(ROWS))"],  # a global of the module
        ["rows = catalogue.ROWS", "return jsonify(rows)"],  # a name of the project
        ["return jsonify(ok=catalogue.check)"],  # a function of the project, passed on
        ["return jsonify(rows=LATER)"],  # a lambda of the module, passed on
        ["text = 'x'", "return jsonify(text.upper())"],  # a method call
        ["def inner():", "    return 1", "return jsonify(inner())"],  # a function of its own
        ["import socket", "return jsonify(socket.gethostname())"],  # an import in the view
        ["requests = os.getenv('N')", "return jsonify(requests)"],  # an outside service's name
        ["return jsonify(json.loads(os.getenv('ROWS')))"],  # a pure call the scan counts as work
        ["return jsonify(sorted(os.getenv('ROWS')))"],
        ["return Response(c for c in 'ab')"],  # a stream
        ["return render_template('about.html', title=catalogue.title)"],  # a value computed
    ],
)
def test_a_view_that_may_cost_something_is_let_through(body: list[str]) -> None:
    asked, _output = in_project(NAME, _module(_view("page", *body)), PATH)
    assert asked


def test_a_view_reading_a_global_a_function_binds_too_is_not_parsed() -> None:
    """Not costless to ``costs_nothing``, but a name declared ``global`` is state to the
    planner (``_cache_views_rebound_state``): the view is refused for a settled reason."""
    asked, output = in_project(NAME, _module(_view("page", "return jsonify(total=TOTAL)")), PATH)
    assert output == []
    assert not asked


def test_a_view_with_defaults_is_let_through() -> None:
    asked, _output = in_project(NAME, _module(_view("page", "return jsonify(n=n)", parameters="n=len(ROWS)")), PATH)
    assert asked


def test_a_costly_view_beside_a_costless_one_is_still_acted_on() -> None:
    """Sorting a list of the module costs something: cached, or said why not (here: no
    dependency file to declare Flask-Caching in)."""
    asked, output = in_project(
        NAME, _module(_view("version", "return jsonify(v=os.getenv('V'))"), _view("sorted_rows", "return jsonify(sorted(ROWS))")), PATH
    )
    assert asked
    assert output
