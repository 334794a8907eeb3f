"""The modules a codemod reads besides its file are parsed once per process, whoever asks
(codemods/_parsed_modules.py), and a file's FlaskIndex once per tree. Nothing kept may
change a result, nor what a codemod reads through its context (the result cache checks
those reads): every codemod on every module of a small project gives the same output,
findings, project edits and reads whether the memory is forgotten before each file, kept in
order, or kept in the reverse order; a file changed between two transforms is read afresh;
what is kept stays within its budget."""

from __future__ import annotations

import ast
import posixpath
import textwrap

import libcst as cst
import pytest

from flask_codemod.codemods import Context, ProjectFiles, all_codemods
from flask_codemod.codemods import _parsed_modules
from flask_codemod.codemods._flask import FLASK_METADATA, FlaskIndex
from flask_codemod import engine, parse_apart
from flask_codemod.engine import transform_text

PROJECT = {
    "requirements.txt": "Flask==1.1\nFlask-Caching\nrequests\n",
    "Procfile": "web: gunicorn shop:create_app()\n",
    "shop/__init__.py": """
        from flask import Flask

        from . import db
        from .extensions import cache


        def create_app():
            app = Flask(__name__)
            app.config["SECRET_KEY"] = "not-so-secret-value-1234"
            cache.init_app(app)
            db.init_app(app)
            from .pages import bp as pages
            from .uploads import bp as uploads
            app.register_blueprint(pages)
            app.register_blueprint(uploads)
            return app
    """,
    "shop/extensions.py": """
        from flask_caching import Cache

        cache = Cache()
    """,
    "shop/db.py": """
        import sqlite3

        from flask import g


        def get_db():
            if "db" not in g:
                g.db = sqlite3.connect("shop.db")
            return g.db


        def init_app(app):
            app.before_first_request(lambda: get_db())
    """,
    "shop/helpers.py": """
        import json

        import requests

        LIMITS = dict(page=10)


        def describe(name):
            return json.dumps({"name": name.title()})


        def fetch(url):
            return requests.get(url).text
    """,
    "shop/pages.py": """
        from flask import Blueprint, render_template
        from flask import _app_ctx_stack

        from .db import get_db
        from .extensions import cache
        from .helpers import LIMITS, describe

        bp = Blueprint("pages", __name__)


        @bp.route("/about")
        def about():
            return render_template("about.html", text=describe("about"))


        @bp.route("/count")
        def count():
            rows = get_db().execute("select count(*) from books").fetchall()
            return render_template("about.html", text=str(rows), limit=LIMITS["page"])


        def log(name):
            handle = open(name, "a")
            handle.write(str(_app_ctx_stack.top))
    """,
    "shop/uploads.py": """
        from flask import Blueprint, request

        bp = Blueprint("uploads", __name__)


        @bp.route("/upload", methods=["POST"])
        def upload():
            data = request.files["file"].read()
            return str(len(data))
    """,
    "shop/templates/about.html": "<p>{{ text }}</p>",
}
MODULES = sorted(path for path in PROJECT if path.endswith(".py"))
CODEMODS = [codemod() for codemod in all_codemods()]


class _Reader:
    """``ctx.read_file`` of one module of ``project``, recording what it reads."""

    def __init__(self, project: dict[str, str], path: str) -> None:
        self.project = project
        self.path = path
        self.reads: set[tuple[str, str | None]] = set()

    def __call__(self, relative: str) -> str | None:
        text = self.project.get(posixpath.normpath(posixpath.join(posixpath.dirname(self.path), relative)))
        self.reads.add((relative, text))
        return text

    def project_files(self) -> ProjectFiles:
        every = tuple(sorted(self.project))
        return ProjectFiles(self.path, tuple(p for p in every if p.endswith(".py")), every)


def _transform(project: dict[str, str], path: str):
    reader = _Reader(project, path)
    result = transform_text(project[path], CODEMODS, path=path, read_file=reader)
    findings = [(f.codemod, f.line, f.column, f.message) for f in result.findings]
    return result.new_text, result.error, findings, result.project_edits, result.codemod_errors, sorted(reader.reads, key=repr)


def _run(project: dict[str, str], order: list[str], *, forget_each: bool) -> dict:
    results = {}
    for path in order:
        if forget_each:
            _parsed_modules.forget()
        results[path] = _transform(project, path)
    return results


@pytest.fixture
def project() -> dict[str, str]:
    _parsed_modules.forget()
    yield {path: textwrap.dedent(text).lstrip("\n") for path, text in PROJECT.items()}
    _parsed_modules.forget()


def test_the_project_is_worth_comparing(project) -> None:
    """Several codemods act, and some read other modules of the project."""
    results = _run(project, MODULES, forget_each=True)
    changed = [path for path, result in results.items() if result[0] != project[path]]
    assert len(changed) >= 2
    assert all(result[1] is None and not result[4] for result in results.values())
    assert any(text == project["shop/db.py"] for _path, text in results["shop/pages.py"][5])


def test_kept_trees_change_no_result_nor_read(project) -> None:
    fresh = _run(project, MODULES, forget_each=True)
    assert _run(project, MODULES, forget_each=False) == fresh
    _parsed_modules.forget()
    assert _run(project, MODULES[::-1], forget_each=False) == fresh
    assert _run(project, MODULES, forget_each=False) == fresh


def test_a_module_changed_between_transforms_is_read_afresh(project) -> None:
    _run(project, MODULES, forget_each=False)
    # the connection is now released by a handler next to the getter: nothing left to add
    project["shop/db.py"] += "\n\n@bp.teardown_app_request\ndef close_db(error):\n    g.pop('db').close()\n"
    project["shop/db.py"] = project["shop/db.py"].replace("from flask import g", "from flask import g\nfrom .pages import bp")
    kept = _run(project, MODULES, forget_each=False)
    assert kept == _run(project, MODULES, forget_each=True)


def test_a_text_is_parsed_once_and_the_kept_ones_stay_within_budget(monkeypatch) -> None:
    _parsed_modules.forget()
    text = "import os\nx = os.environ['X']\n"
    assert _parsed_modules.python_tree(text) is _parsed_modules.python_tree(text)
    assert _parsed_modules.libcst_module(text) is _parsed_modules.libcst_module(text)
    assert _parsed_modules.python_tree("def broken(:\n") is None
    asked = []
    names = lambda tree: asked.append(tree) or [node.id for node in ast.walk(tree) if isinstance(node, ast.Name)]  # noqa: E731
    assert _parsed_modules.python_fact(text, "names", names) == ["x", "os"]
    assert _parsed_modules.python_fact(text, "names", names) == ["x", "os"] and len(asked) == 1
    assert _parsed_modules.python_fact("def broken(:\n", "names", names) is None
    assert _parsed_modules.libcst_module("def broken(:\n") is None
    monkeypatch.setattr(_parsed_modules._PYTHON_TREES, "chars", 1_000)
    texts = [f"value_{number} = {number}\n" * 20 for number in range(40)]
    for one in texts:
        _parsed_modules.python_tree(one)
    kept = _parsed_modules._PYTHON_TREES
    assert kept.kept_chars <= 1_000 and kept.kept_chars == sum(map(len, kept.values))
    assert texts[-1] in kept.values and texts[0] not in kept.values
    _parsed_modules.forget()


def test_the_libcst_trees_are_kept_by_their_size_not_their_number(monkeypatch) -> None:
    """A project whose views modules read many small modules (bibi's 47) parses each once:
    LibCST's trees are kept within a budget of characters (the memory they take), however
    many they are; past that budget the oldest go."""
    _parsed_modules.forget()
    parsed = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda source, *rest, **named: parsed.append(source) or real(source, *rest, **named))
    texts = [f"value_{number} = {number}\n" for number in range(60)]
    for _ in range(2):
        for one in texts:
            assert _parsed_modules.libcst_module(one) is not None
    assert parsed == texts  # each parsed once
    monkeypatch.setattr(_parsed_modules._LIBCST_MODULES, "chars", sum(map(len, texts[:10])))
    _parsed_modules.libcst_module("value = 0\n")
    kept = _parsed_modules._LIBCST_MODULES
    assert kept.kept_chars <= kept.chars and kept.kept_chars == sum(map(len, kept.values))
    assert "value = 0\n" in kept.values and texts[0] not in kept.values
    _parsed_modules.forget()


def test_what_is_derived_from_a_kept_tree_is_found_by_the_tree_while_it_is_kept(monkeypatch) -> None:
    _parsed_modules.forget()
    asked = []
    count = lambda tree: asked.append(tree) or len(tree.body)  # noqa: E731
    text = "a = 1\nb = 2\n"
    tree = _parsed_modules.python_tree(text)
    assert _parsed_modules.tree_fact(tree, "count", count) == _parsed_modules.tree_fact(tree, "count", count) == 2
    assert len(asked) == 1 and _parsed_modules.python_fact(text, "count", count) == 2 and len(asked) == 1
    stranger = ast.parse(text)  # the same text, a tree not kept here (the engine's): derived once
    assert _parsed_modules.tree_fact(stranger, "count", count) == _parsed_modules.tree_fact(stranger, "count", count) == 2
    assert len(asked) == 2 and asked[-1] is stranger
    monkeypatch.setattr(_parsed_modules._PYTHON_TREES, "chars", 100)
    _parsed_modules.python_tree("c = 3\n" * 30)  # pushes the first out: its tree is no longer found
    kept = _parsed_modules._PYTHON_TREES
    assert text not in kept.values and id(tree) not in kept.by_tree
    assert set(kept.by_tree) == {id(value[0]) for value in kept.values.values() if value is not None}
    _parsed_modules.forget()


def test_what_is_derived_from_a_tree_not_kept_is_kept_for_the_newest_trees_asked_about() -> None:
    _parsed_modules.forget()
    asked = []
    names = lambda tree: asked.append(tree) or [s.targets[0].id for s in tree.body]  # noqa: E731
    trees = [ast.parse(f"a{i} = 1\n") for i in range(_parsed_modules.RECENT_TREES + 1)]
    first = trees[0]
    assert _parsed_modules.tree_fact(first, "names", names) == ["a0"]
    assert _parsed_modules.tree_fact(first, "names", names) == ["a0"] and asked == [first]  # once
    assert _parsed_modules.tree_fact(first, "other", names) == ["a0"] and asked == [first, first]  # per name
    for tree in trees[1:]:  # newer trees push the oldest out: derived afresh, with the same answer
        assert _parsed_modules.tree_fact(tree, "names", names) == [tree.body[0].targets[0].id]
    assert _parsed_modules.tree_fact(first, "names", names) == ["a0"] and asked.count(first) == 3
    # each tree is held with its facts (so its id names no other tree meanwhile), the newest only
    assert len(_parsed_modules._RECENT) == _parsed_modules.RECENT_TREES
    assert all(id(held) == key for key, (held, _facts) in _parsed_modules._RECENT.items())
    _parsed_modules.forget()
    assert not _parsed_modules._RECENT


def test_the_engine_compiles_no_module_a_gate_parsed(monkeypatch) -> None:
    _parsed_modules.forget()
    text = "from flask import Flask\n\napp = Flask(__name__)\n"
    compiled = []
    real = engine._compile_gate  # what python_tree is, with whether an error follows from the text
    monkeypatch.setattr(engine, "_compile_gate", lambda text, path: compiled.append(path) or real(text, path))
    assert transform_text(text, all_codemods(), path="app.py").error is None
    assert compiled == ["app.py"] and _parsed_modules.known_python_tree(text) is None  # not kept
    parsed = _parsed_modules.python_tree(text)  # as a gate asks for it, for another file
    assert _parsed_modules.known_python_tree(text) is parsed
    assert transform_text(text, all_codemods(), path="app.py").error is None
    assert compiled == ["app.py"]
    _parsed_modules.forget()


def _index(module: cst.Module, ctx: Context) -> FlaskIndex:
    return FlaskIndex.build(ctx.metadata(module, FLASK_METADATA))


def test_a_flask_index_is_built_once_per_tree() -> None:
    text = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return "hi"\n'
    ctx = Context("app.py")
    module = cst.parse_module(text)
    first = _index(module, ctx)
    assert _index(module, ctx) is first
    assert [o.name for o in first.objects] == ["app"] and len(first.views) == 1
    # a codemod that rewrites the tree hands the next one a new tree: a new index, of its nodes
    rewritten = module.with_changes(body=[*module.body, *cst.parse_module("other = Flask('x')\n").body])
    second = _index(rewritten, ctx)
    assert second is not first
    assert [o.name for o in second.objects] == ["app", "other"]
    assert second.objects[0].statement is rewritten.body[1]


def test_the_engine_borrows_the_libcst_tree_a_codemod_parsed_of_its_text(monkeypatch) -> None:
    from flask_codemod.codemods._base import Codemod

    _parsed_modules.forget()
    text = "from flask import Flask\n\napp = Flask(__name__)\n"
    seen = []

    class Asks(Codemod):
        """Notes its tree, and the tree a codemod asking for its own text gets meanwhile."""

        NAME = "asks"
        TRIGGERS = ("Flask",)
        ask = True

        def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
            seen.append((module, _parsed_modules.libcst_module(text)[0].module if self.ask else None))
            return module.with_changes(body=[*module.body, *cst.parse_module("x = 1\n").body])

    kept = _parsed_modules.libcst_module(text)[0].module  # as a codemod asks for it, for another file
    parsed = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda source, *rest, **named: parsed.append(source) or real(source, *rest, **named))
    result = transform_text(text, [Asks()], path="app.py")
    assert result.error is None and result.new_text == text + "x = 1\n"
    assert seen[0][0] is kept  # borrowed, not parsed again
    assert seen[0][1] is not kept and parsed == [text, "x = 1\n"]  # the asker meanwhile: a tree of its own
    assert _parsed_modules.libcst_module(text)[0].module is seen[0][1]  # kept: the one parsed meanwhile
    quiet = Asks()
    quiet.ask = False
    seen.clear()
    parsed.clear()
    assert transform_text(text, [quiet], path="app.py").new_text == text + "x = 1\n"
    assert seen[0][0] is not kept and parsed == ["x = 1\n"]  # the tree kept then, borrowed
    assert _parsed_modules.libcst_module(text)[0].module is seen[0][0]  # and given back
    assert transform_text("app = Flask(:\n", [quiet], path="b.py").error  # nothing kept: compiled (and refused)
    _parsed_modules.forget()


def test_a_value_taken_is_kept_no_longer() -> None:
    kept = _parsed_modules._KeptTrees(100, 10)
    tree = ast.parse("x = 1\n")
    kept.put("x = 1\n", (tree, {}))
    assert kept.take("x = 1\n") == (tree, {})
    assert kept.get("x = 1\n") == (False, None) and kept.kept_chars == 0 and id(tree) not in kept.by_tree


def test_a_long_text_is_parsed_with_nothing_kept_and_no_result_changes(project, monkeypatch) -> None:
    """Before LibCST parses a long text (not one it keeps), the kept trees are dropped (its
    parse needs, for a moment, far more memory than they hold); short texts keep them; every
    result and read stays what a fresh run gives."""
    fresh = _run(project, MODULES, forget_each=True)
    other = "from flask import Flask\n\napp = Flask(__name__)\n"
    _parsed_modules.python_tree(other)
    _parsed_modules.libcst_module(other)
    long_text = "from flask import Flask\n\napp = Flask(__name__)\n" + "value = 1\n" * (_parsed_modules.LONG_TEXT_CHARS // 10)
    assert transform_text("from flask import Flask\n\napp = Flask(__name__)\nvalue = 2\n", CODEMODS, path="short.py").error is None
    assert _parsed_modules.known_python_tree(other) is not None and other in _parsed_modules._LIBCST_MODULES.values
    parsed = []
    real = cst.parse_module

    def parse(source, *rest, **named):
        parsed.append((len(source), _parsed_modules._PYTHON_TREES.kept_chars, len(_parsed_modules._LIBCST_MODULES.values)))
        return real(source, *rest, **named)

    monkeypatch.setattr(cst, "parse_module", parse)
    monkeypatch.setattr(parse_apart, "APART_CHARS", len(long_text) + 1)  # parsed here, to see what is kept meanwhile
    assert transform_text(long_text, CODEMODS, path="long.py").error is None
    assert (len(long_text), 0, 0) in parsed  # nothing kept while the long text was parsed
    monkeypatch.setattr(_parsed_modules, "LONG_TEXT_CHARS", 1)  # every module of the project is long
    _parsed_modules.forget()
    assert _run(project, MODULES, forget_each=False) == fresh


def test_the_file_at_hand_s_own_tree_serves_its_text_until_the_file_ends():
    from flask_codemod.codemods._kept_per_file import forget_file_memos

    _parsed_modules.forget()
    text = "import requests\n\nWAIT = 5  # at hand\n"
    own = ast.parse(text)
    _parsed_modules.hold_at_hand(text, own)
    assert _parsed_modules.python_tree(text) is own
    assert _parsed_modules.plain_fact(text, "test names", lambda tree: (tree is own, len(tree.body))) == (True, 2)
    assert _parsed_modules.known_python_tree(text) is None  # not kept with the others
    forget_file_memos()  # (the file's transform ended)
    again = _parsed_modules.python_tree(text)
    assert again is not None and again is not own
    assert _parsed_modules.plain_fact(text, "test names", lambda tree: (tree is own, len(tree.body))) == (True, 2)  # kept by text
    _parsed_modules.forget()


def test_the_engine_s_own_parse_serves_the_next_asker_where_there_is_room(monkeypatch) -> None:
    """The tree the engine parsed of a file, once its transform is over, is what a codemod
    asking for that text as another module gets, instead of a parse of its own; it only
    takes room nothing else needs: it pushes nothing kept out, is the first dropped, and a
    text of LONG_TEXT_CHARS or more is not kept (its parse drops everything anyway)."""
    from flask_codemod.codemods._base import Codemod

    _parsed_modules.forget()
    text = "from flask import Flask\n\napp = Flask(__name__)\n"
    seen = []

    class Notes(Codemod):
        NAME = "notes"
        TRIGGERS = ("Flask",)

        def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
            seen.append(module)
            return module

    parsed = []
    real = cst.parse_module
    monkeypatch.setattr(cst, "parse_module", lambda source, *rest, **named: parsed.append(source) or real(source, *rest, **named))
    assert transform_text(text, [Notes()], path="app.py").new_text == text
    assert parsed == [text]
    asked = _parsed_modules.libcst_module(text)
    assert asked[0].module is seen[0] and parsed == [text]  # the engine's tree, not parsed again
    assert asked[0].module.code == real(text).code
    # no room: what is kept stays, and the engine's tree is not kept
    _parsed_modules.forget()
    monkeypatch.setattr(_parsed_modules._LIBCST_MODULES, "chars", 2 * len("value_0 = 0\n"))
    others = [f"value_{number} = {number}\n" for number in range(2)]
    for other in others:
        _parsed_modules.libcst_module(other)
    assert transform_text(text, [Notes()], path="app.py").new_text == text
    assert list(_parsed_modules._LIBCST_MODULES.values) == others
    # room: kept, ahead of nothing (the first one dropped when another text comes)
    monkeypatch.setattr(_parsed_modules._LIBCST_MODULES, "chars", 2 * len("value_0 = 0\n") + len(text))
    assert transform_text(text, [Notes()], path="app.py").new_text == text
    assert list(_parsed_modules._LIBCST_MODULES.values) == [text, *others]
    _parsed_modules.libcst_module("third = 3\n")
    assert list(_parsed_modules._LIBCST_MODULES.values) == [*others, "third = 3\n"]
    # a long text: not kept
    _parsed_modules.forget()
    long_text = text + "value = 1\n" * (_parsed_modules.LONG_TEXT_CHARS // 10)
    monkeypatch.setattr(parse_apart, "APART_CHARS", len(long_text) + 1)
    assert transform_text(long_text, [Notes()], path="long.py").new_text == long_text
    assert long_text not in _parsed_modules._LIBCST_MODULES.values
    _parsed_modules.forget()
