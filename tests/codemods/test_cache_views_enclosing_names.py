"""cache-views on views defined inside an app factory, which use names the factory binds.

The factory's ``site = Flask(__name__)`` was judged as if the view made that call, so a view
that only reads a file of the app (``site.open_resource``) was left uncached "because it calls
Flask()". A name bound in an enclosing function is no call the view makes: it is what the
factory bound it to (the app here), and the view's own use of it is what is judged. A name
the factory bound to something the codemod cannot see into is state it cannot vouch for."""

from __future__ import annotations

import libcst as cst

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._cache_views_analysis import Analysis
from flask_codemod.codemods._cache_views_project import Project, SourceModule
from cache_views_support import apply, load, messages, project, write  # noqa: F401  (project: a fixture)

FACTORY = '''
from flask import Flask, render_template


def make_site():
    site = Flask(__name__)

    @site.route("/notes")
    def notes():
        with site.open_resource("notes/front.txt") as handle:
            text = handle.read().decode()
        return render_template("page.html", words=text.split())

    return site
'''

UNSEEN = """
from flask import Flask

from unseen_library import Directory, fetch_entries


def make_site():
    site = Flask(__name__)
    entries = fetch_entries()
    directory = Directory()
    title = "Entries"

    @site.route("/entries")
    def listing():
        return title + ", ".join(entries)

    @site.route("/lookup")
    def lookup():
        return directory.find("front")

    @site.route("/fresh")
    def fresh():
        latest = fetch_entries()

        def first():
            return latest[0]

        return first()

    return site
"""


def test_a_view_reading_a_file_of_the_app_its_factory_made_is_cached(project):
    root, _work = project
    write(root, {
        "notes_pkg/__init__.py": FACTORY,
        "notes_pkg/notes/front.txt": "one two three",
        "notes_pkg/templates/page.html": "{% for word in words %}<b>{{ word }}</b>{% endfor %}",
    })
    result = apply(root / "notes_pkg" / "__init__.py")
    assert not any("Flask()" in m for m in messages(result)), messages(result)
    assert result.changed
    assert '@site.route("/notes")\n    @cache.cached(timeout=300)\n    def notes' in result.new_text

    package = load(root / "notes_pkg" / "__init__.py", f"notes_pkg_{_work}", root / "notes_pkg")
    client = package.make_site().test_client()
    for _ in range(2):
        assert client.get("/notes").get_data(as_text=True) == "<b>one</b><b>two</b><b>three</b>"


def _problems(text: str) -> dict[str, str | None]:
    """Each view's first problem as the analysis sees it (None: nothing stands in the way)."""
    here = SourceModule("site.py", _metadata.new_wrapper(cst.parse_module(text), unique=True), text=text)
    analysis = Analysis(Project(lambda path: None, here))
    found = {}
    for node in here.every_node():
        if isinstance(node, cst.FunctionDef) and node.name.value != "make_site":
            problem = analysis.view(node, ()).problem
            found[node.name.value] = problem.text if problem is not None else None
    return found


def test_a_name_the_factory_bound_from_code_unseen_is_judged_where_the_view_uses_it():
    problems = _problems(UNSEEN)
    # neither view calls what the factory called: the reasons are the views' own
    assert problems["listing"] == (
        "reads entries (line 9), which the function around it binds to what the codemod cannot see into: "
        "state that may change while a page is cached"
    )
    assert problems["lookup"] == "calls directory.find(), which the codemod cannot prove read-only and deterministic"
    # a view's own binding is the view's call, judged by its own scan before its helper reads it
    assert problems["fresh"] == "calls fetch_entries(), which the codemod cannot prove read-only and deterministic"
