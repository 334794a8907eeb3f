"""cache-views keeps, per process, what it derives from a text alone (a module's tree and
facts, a template's facts): the views modules of one app share it. Nothing kept may change a
result, nor what the codemod reads through its context (the result cache checks those
reads): every module below gives the same output, findings and reads whether the memory is
forgotten before each file, kept in order, or kept in the reverse order; and a file that
changes between two transforms is read afresh."""

from __future__ import annotations

import posixpath
import textwrap

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.codemods._cache_views_analysis import forget_kept
from flask_codemod.engine import transform_text

# the reasons of the analysis, said whatever a reviewer has to decide (tests/codemods/conftest.py)
pytestmark = pytest.mark.usefixtures("every_refusal_said")

CODEMOD = get_codemod("cache-views")

PROJECT = {
    "requirements.txt": "Flask\nFlask-Caching\n",
    "shop/__init__.py": """
        from flask import Flask

        from .extensions import cache


        def create_app():
            app = Flask(__name__)
            cache.init_app(app)
            from .pages import bp as pages
            from .blog import bp as blog
            app.register_blueprint(pages)
            app.register_blueprint(blog)
            return app
    """,
    "shop/extensions.py": """
        from flask_caching import Cache

        cache = Cache()
    """,
    "shop/helpers.py": """
        import json

        LIMITS = dict(page=10)
        VISITS = dict(total=0)


        def describe(name):
            return json.dumps({"name": name.title()})


        def count_visit():
            VISITS["total"] += 1
            return VISITS["total"]


        class Shelf:
            size = 3

            def __init__(self, name):
                self.name = name

            def label(self):
                return self.name.upper()
    """,
    "shop/pages.py": """
        from flask import Blueprint, render_template

        from .extensions import cache
        from .helpers import LIMITS, Shelf, count_visit, describe

        bp = Blueprint("pages", __name__)


        @bp.route("/about")
        def about():
            return render_template("about.html", text=describe("about"))


        @bp.route("/shelf/<name>")
        def shelf(name):
            return render_template("page.html", title=Shelf(name).label(), limit=LIMITS["page"])


        @bp.route("/visits")
        def visits():
            return render_template("page.html", title=str(count_visit()), limit=1)


        @bp.route("/me")
        def me():
            return render_template("me.html", title="me")
    """,
    "shop/blog.py": """
        from flask import Blueprint, render_template

        from .extensions import cache
        from .helpers import LIMITS, describe

        bp = Blueprint("blog", __name__)


        @bp.route("/blog")
        def index():
            return render_template("page.html", title=describe("blog"), limit=LIMITS["page"])


        @bp.route("/blog/<slug>")
        def post(slug):
            return render_template("post.html", title=slug, limit=2)
    """,
    "shop/templates/base.html": "<title>{{ title }}</title>{% block body %}{% endblock %}",
    "shop/templates/about.html": "<p>{{ text }}</p>",
    "shop/templates/page.html": '{% extends "base.html" %}{% block body %}{{ limit }}{% endblock %}',
    "shop/templates/post.html": '{% extends "base.html" %}{% block body %}{% include "footer.html" %}{% endblock %}',
    "shop/templates/footer.html": "<footer>{{ title|upper }}</footer>",
    "shop/templates/me.html": '{% extends "base.html" %}{% block body %}{{ session["user"] }}{% endblock %}',
}
VIEWS = ["shop/pages.py", "shop/blog.py"]


def _transform(project: dict[str, str], path: str):
    """(output, findings, project edits, reads) of cache-views on ``path`` of ``project``."""
    folder = posixpath.dirname(path)
    reads: list[tuple[str, str | None]] = []

    def read(relative: str) -> str | None:
        text = project.get(posixpath.normpath(posixpath.join(folder, relative)))
        reads.append((relative, text))
        return text

    result = transform_text(project[path], [CODEMOD], path=path, read_file=read)
    assert result.error is None, result.error
    findings = [(f.line, f.column, f.message) for f in result.findings]
    return result.new_text, findings, result.project_edits, sorted(set(reads), key=repr)


def _run(project: dict[str, str], order: list[str], *, forget_each: bool) -> dict:
    results = {}
    for path in order:
        if forget_each:
            forget_kept()
        results[path] = _transform(project, path)
    return results


@pytest.fixture
def project() -> dict[str, str]:
    forget_kept()
    yield {path: textwrap.dedent(text).lstrip("\n") for path, text in PROJECT.items()}
    forget_kept()


def test_the_app_reads_as_expected(project) -> None:
    """The app is worth the comparisons below: some views cached, others refused for what a
    helper module or a template does."""
    pages, pages_findings, _edits, reads = _run(project, VIEWS, forget_each=True)["shop/pages.py"]
    assert '@bp.route("/about")\n@cache.cached(timeout=300)\ndef about' in pages
    assert '@bp.route("/shelf/<name>")\n@cache.cached(timeout=300)\ndef shelf' in pages
    assert "def visits" in pages and "cached(timeout=300)\ndef visits" not in pages
    assert "cached(timeout=300)\ndef me" not in pages
    said = " ".join(message for _line, _column, message in pages_findings)
    assert "visits()" in said and "me()" in said
    assert ("../helpers.py", None) not in reads and any(path == "helpers.py" for path, _ in reads)


def test_kept_facts_change_no_result_nor_read(project) -> None:
    fresh = _run(project, VIEWS, forget_each=True)
    assert _run(project, VIEWS, forget_each=False) == fresh
    forget_kept()
    assert _run(project, VIEWS[::-1], forget_each=False) == fresh
    # and once more, everything already kept from the runs before
    assert _run(project, VIEWS, forget_each=False) == fresh


@pytest.mark.parametrize(
    "path, old, new",
    [
        ("shop/helpers.py", 'VISITS["total"] += 1', 'LIMITS["page"] += 1'),  # now LIMITS changes
        ("shop/helpers.py", "        return self.name.upper()", "        Shelf.size += 1\n        return self.name"),
        ("shop/templates/footer.html", "{{ title|upper }}", "{{ session.user }}"),
        ("shop/templates/about.html", "{{ text }}", "{{ text }}{{ g.user }}"),
    ],
)
def test_a_file_changed_between_transforms_is_read_afresh(project, path, old, new) -> None:
    _run(project, VIEWS, forget_each=False)  # keeps what the old texts say
    assert old in project[path]
    project[path] = project[path].replace(old, new)
    kept = _run(project, VIEWS, forget_each=False)
    fresh = _run(project, VIEWS, forget_each=True)
    assert kept == fresh
    before = _run({**project, path: project[path].replace(new, old)}, VIEWS, forget_each=True)
    assert kept != before  # the change matters to the result


@pytest.mark.parametrize(
    "change",
    [
        'LIMITS["page"] = 5',
        '(LIMITS)["page"] = 5',
        'LIMITS.update(page=5)',
        'del LIMITS["page"]',
        "global LIMITS\n    LIMITS = dict(page=5)",
        "global LIMITS\n    del LIMITS",
        'LIMITS["page"]["x"] = 1',
    ],
)
def test_state_a_helper_module_changes_is_seen_however_spelled(project, change) -> None:
    """What another module's functions change, however they spell it, makes a view that
    reads it uncached (the names a module could change are first found by Python's own
    parser, without LibCST's scopes: it must never miss one)."""
    project["shop/helpers.py"] += f"\n\ndef reset():\n    {change}\n"
    output, findings, _edits, _reads = _transform(project, "shop/blog.py")
    assert "cached(timeout=300)\ndef index" not in output
    assert any("reads LIMITS" in message for _line, _column, message in findings)


def test_a_local_of_the_same_name_is_no_change_of_the_helper_module(project) -> None:
    project["shop/helpers.py"] += '\n\ndef local():\n    LIMITS = {}\n    LIMITS["page"] = 5\n    return LIMITS\n'
    output, _findings, _edits, _reads = _transform(project, "shop/blog.py")
    assert '@bp.route("/blog")\n@cache.cached(timeout=300)\ndef index' in output


def test_a_helper_modules_bodies_are_analysed_only_when_asked_and_its_shared_tree_gets_nothing(project) -> None:
    """Another module's scopes, parents and expression contexts are cache-views' own (kept
    with its text), a function body's resolved only when the analysis asks; the tree shared
    with other codemods gets no metadata from it."""
    from libcst.metadata import ExpressionContextProvider, ParentNodeProvider, ScopeProvider

    from flask_codemod.codemods._parsed_modules import libcst_module

    project["shop/helpers.py"] += "\n\ndef unused(name):\n    return name * 2\n"
    _transform(project, "shop/pages.py")
    shared, facts = libcst_module(project["shop/helpers.py"])
    assert not {ScopeProvider, ParentNodeProvider, ExpressionContextProvider} & set(shared._metadata)
    scopes = facts["cache-views"]["lazy metadata"].resolve(ScopeProvider)
    unused = next(s for s in shared.module.body if getattr(s, "name", None) and s.name.value == "unused")
    describe = next(s for s in shared.module.body if getattr(s, "name", None) and s.name.value == "describe")
    assert id(unused.body) in scopes._left_out and id(describe.body) not in scopes._left_out
