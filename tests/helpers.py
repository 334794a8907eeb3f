"""Helpers shared by the tests: run source text through the real engine."""

from __future__ import annotations

import ast
import glob
import os
import textwrap
import itertools
from typing import Any, Iterable, Iterator, Mapping

import libcst as cst

from flask_codemod.codemods import Codemod, get_codemod, select_codemods
from flask_codemod.codemods import ProjectFiles
from flask_codemod.engine import TextResult, transform_text

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(REPO, "samples")
_PACKAGE_NUMBERS = itertools.count()


def real_code(samples: str = "*/*.py", every: int = 1, legacy_app: bool = False, modules: Iterable[str] = ()) -> list[str]:
    """Files of real code to compare a cheaper analysis with LibCST's on: every ``every``-th of
    the samples matching ``samples`` (below samples/, in sorted order), the legacy sample app's
    modules when asked, and ``modules`` (paths from the repository root), sorted."""
    files = sorted(glob.glob(os.path.join(SAMPLES, samples)))[::every]
    if legacy_app:
        files += glob.glob(os.path.join(SAMPLES, "legacy_app", "**", "*.py"), recursive=True)
    return sorted(set(files) | {os.path.join(REPO, module) for module in modules})


def run_codemods(
    source: str,
    *names: str,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    files: Mapping[str, str] | None = None,
    path: str = "app.py",
    dedent: bool = True,
    project: Mapping[str, str] | None = None,
    listed: bool = True,
) -> TextResult:
    """Run the named codemods (all when none is named) through the engine's pure core.

    ``files`` maps paths relative to the transformed file to their text, for ctx.read_file;
    ctx.project_files() lists them (``listed``; else it is None), the project's root being
    the top folder of ``path``.
    ``project`` maps paths relative to the project root (``path`` among them or not: the
    source is the file at ``path``) to their text: read_file serves them, and
    ctx.project_files() lists them.
    """
    if dedent:
        source = textwrap.dedent(source)
    codemods = [get_codemod(n) for n in names] if names else list(select_codemods())
    reader = None
    if project is not None:
        reader = ProjectReader({**{k: textwrap.dedent(v) if dedent else v for k, v in project.items()}, path: source}, path)
    elif files is not None and not listed:
        reader = lambda relative: files.get(os.path.normpath(relative))  # noqa: E731
    elif files is not None:
        reader = _listed_project(files, path, source)
    return transform_text(source, codemods, path=path, options=options, read_file=reader)


def _listed_project(files: Mapping[str, str], path: str, source: str) -> "ProjectReader":
    """``files`` (relative to ``path``'s folder) as a project whose root is the top folder of
    ``path`` (a path relative to its project, as the pipeline gives one)."""
    folder = os.path.dirname(path)
    rooted = {os.path.normpath(os.path.join(folder, name)).replace(os.sep, "/"): text for name, text in files.items()}
    return ProjectReader({**rooted, path: source}, path)


class ProjectReader:
    """ctx.read_file for a project held in a dict (root-relative path -> text), with its listing."""

    def __init__(self, files: Mapping[str, str], path: str) -> None:
        self.files = dict(files)
        self.path = path

    def __call__(self, relative: str) -> str | None:
        folder = os.path.dirname(self.path)
        return self.files.get(os.path.normpath(os.path.join(folder, relative)).replace(os.sep, "/"))

    def project_files(self) -> ProjectFiles:
        return project_listing(self.path, self.files)


def project_listing(this: str, paths) -> ProjectFiles:
    """The ProjectFiles of a project whose files (root-relative) are ``paths``."""
    every = tuple(sorted(paths))
    return ProjectFiles(this, tuple(p for p in every if p.endswith(".py")), every)


CASE_SUFFIXES = (".before.py", ".after.py", ".findings")


def sample_reader(path: str):
    """ctx.read_file for a sample ``samples/<codemod>/<case>.before.py``: its folder is its
    project (ctx.project_files lists it), the other cases' files left out, so that no case
    sees another."""
    from flask_codemod.pipeline import sibling_reader

    folder = os.path.dirname(os.path.abspath(path))
    own = os.path.basename(path)
    names = []
    for root, _, found in os.walk(folder):
        for name in found:
            listed = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
            if listed == own or not name.endswith(CASE_SUFFIXES):
                names.append(listed)
    return _SampleReader(sibling_reader(path), project_listing(own, names))


class _SampleReader:
    def __init__(self, read, listing: ProjectFiles) -> None:
        self._read = read
        self._listing = listing

    def __call__(self, relative: str) -> str | None:
        return self._read(relative)

    def project_files(self) -> ProjectFiles:
        return self._listing


def rewrite(source: str, *names: str, **kwargs: Any) -> str:
    """The rewritten text; fails the test on an engine error. Checks the output is valid."""
    result = run_codemods(source, *names, **kwargs)
    assert result.error is None, result.error
    assert result.codemod_errors == [], result.codemod_errors  # a crash costs its change silently
    ast.parse(result.new_text)
    return result.new_text


def finding_messages(result: TextResult) -> list[str]:
    return [f"{f.line}: {f.codemod}: {f.message}" for f in result.findings]


def assert_left_alone(name: str, source: str, **kwargs: Any) -> None:
    """The codemod ``name`` leaves ``source`` byte for byte, and says nothing about it."""
    result = run_codemods(source, name, dedent=False, **kwargs)
    assert result.codemod_errors == [], result.codemod_errors  # (left alone by a crash proves nothing)
    assert result.new_text == source and result.findings == [], finding_messages(result)


def assert_refused(name: str, source: str, says: str, **kwargs: Any) -> None:
    """The codemod ``name`` leaves ``source`` byte for byte with one finding, which says ``says``."""
    result = run_codemods(source, name, dedent=False, **kwargs)
    assert result.codemod_errors == [], result.codemod_errors
    assert result.new_text == source
    messages = finding_messages(result)
    assert len(messages) == 1 and says in result.findings[0].message, messages


def all_nodes(module: Any) -> list:
    """Every node of a LibCST tree, in LibCST's visiting order."""
    import libcst as cst

    found: list = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node):
            found.append(node)
            return True

    module.visit(Collect())
    return found


def track_sqlite_connections(monkeypatch) -> Iterator[list]:
    """For a fixture: every sqlite3 connection opened while the test runs (closed at its end)."""
    import sqlite3

    real_connect = sqlite3.connect
    connections: list = []

    def tracking_connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connections.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", tracking_connect)
    yield connections
    for connection in connections:
        connection.close()


def project_tests_on(root: Any, module: Any, texts: tuple[str, ...], folder: str = "tests") -> list[tuple[int, str]]:
    """``run_project_tests`` with the file ``module`` written as each of ``texts`` in turn (the
    module as it was, then as a rewrite makes it): their outcomes, in order."""
    outcomes = []
    for text in texts:
        module.write_text(text)
        outcomes.append(run_project_tests(root, folder))
    return outcomes


def run_project_tests(root: Any, folder: str = "tests") -> tuple[int, str]:
    """Runs a laid-out project's own test suite (``folder`` under ``root``, the project on
    ``PYTHONPATH``) with pytest in a process of its own: (exit code, the end of its output)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root), folder],
        cwd=root, capture_output=True, text=True, check=False, env={"PYTHONPATH": str(root), "PATH": ""},
    )
    return done.returncode, done.stdout[-400:]


def run_on_site(site: Any, files: Mapping[str, str], code: str) -> Any:
    """Runs ``code`` with ``python -c`` in a process of its own whose ``PYTHONPATH`` is ``site``
    (a pathlib folder), where ``files`` (site-relative path -> text) are written first: a
    stand-in for the releases a project pins. The CompletedProcess (text output)."""
    import subprocess
    import sys

    for relative, body in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def write_package(root: Any, files: Mapping[str, str]) -> str:
    """Writes ``files`` (dedented; ``{PKG}`` in their text: the package name) into a package
    of a name no other package of this run has, under ``root`` (a pathlib folder); returns
    the name."""
    name = f"case_{next(_PACKAGE_NUMBERS)}"
    folder = root / name
    folder.mkdir(parents=True)
    for relative, text in files.items():
        (folder / relative).write_text(textwrap.dedent(text).replace("{PKG}", name), encoding="utf-8")
    return name


def import_package(name: str, module: str = "") -> Any:
    """Imports the package ``name`` (or its ``module``), written by ``write_package`` into a
    folder on sys.path."""
    import importlib

    importlib.invalidate_caches()
    return importlib.import_module(f"{name}.{module}" if module else name)


def forget_packages(names: Iterable[str]) -> None:
    """Drops the packages ``names`` and their modules from sys.modules."""
    import sys

    names = tuple(names)
    for module in list(sys.modules):
        if any(module == name or module.startswith(name + ".") for name in names):
            del sys.modules[module]


def is_closed(connection) -> bool:
    """Whether a sqlite3 connection was closed (executing on a closed one raises)."""
    import sqlite3

    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def run_at_target(
    source: str,
    name: str,
    target: tuple[int, int] | None,
    *,
    path: str = "app.py",
    files: Mapping[str, str] | None = None,
    dedent: bool = True,
) -> tuple[str, list]:
    """One codemod on ``source`` through the engine, for the Flask version ``target``
    (``Context.target_version``; None: the newest known): the new text (checked to compile)
    and the findings' ``(line, message)``."""
    if dedent:
        source = textwrap.dedent(source)
    reader = (lambda relative: files.get(os.path.normpath(relative))) if files is not None else None
    result = transform_text(source, [get_codemod(name)], path=path, read_file=reader, target_version=target)
    assert result.error is None, result.error
    compile(result.new_text, path, "exec", dont_inherit=True)
    return result.new_text, [(f.line, f.message) for f in result.findings]


def load_source(folder: Any, source: str, stem: str = "legacy") -> Any:
    """Import ``source`` as a fresh module written into ``folder`` (a pathlib folder), with
    ``folder`` on sys.path while it runs, so that it can import its neighbours."""
    import importlib.util
    import sys
    import uuid

    name = f"{stem}_{uuid.uuid4().hex}"
    path = folder / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # kept: Flask finds an app's root path through it
    sys.path.insert(0, str(folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(folder))
    return module


def with_failing_gate(codemod: type, gate: str) -> type:
    """A subclass of the test codemod ``codemod`` whose gate ``gate`` (``applies_to_tree``,
    ``applies_to_project`` ...) raises, as a bug in it would."""

    def fails(self, *args: Any) -> bool:
        raise RuntimeError("a bug in the gate")

    name = f"{codemod.NAME}-failing-{gate.replace('_', '-')}"
    return type(f"{codemod.__name__}FailingGate", (codemod,), {"NAME": name, gate: fails})


def transform_changed_tree(name: str, module: Any, ctx: Any, *, whole_module: bool) -> Any:
    """Codemod ``name``'s transform of ``module``, a tree never declared freshly parsed (as
    one an earlier codemod changed), in ``ctx``; ``whole_module``: with no stdlib AST at
    hand (``ctx.python_tree`` gives None), the route of a whole-module analysis."""
    from flask_codemod.codemods._reading import reading

    codemod = get_codemod(name)()
    ctx.codemod = codemod
    if whole_module:
        ctx.python_tree = lambda tree, render=True: None
    with reading():
        return codemod.transform(module, ctx)


# a project file that deploys the app behind a WSGI server (static-max-age acts only on such)
DEPLOYED = {"Procfile": "web: gunicorn app:app\n"}


class Rename(Codemod):
    """Test codemod: renames every name ``old`` to ``new`` (the engine's tests)."""

    NAME = "rename"
    SUMMARY = "Rename old to new."
    TRIGGERS = ("old",)

    def transform(self, module, ctx):
        class T(cst.CSTTransformer):
            def leave_Name(self, original, updated):
                return updated.with_changes(value="new") if updated.value == "old" else updated

        ctx.rewrote()
        return module.visit(T())


def session_in_another_process(root: Any, app_source: str, environment: Mapping[str, str] | None = None) -> str:
    """What a second process of ``app.py`` (written to ``root``) answers at ``GET /who`` given the
    session cookie a first process signed after ``POST /who`` with ``name=ada``: ``"ada"`` where
    both share one secret key. ``environment``: variables both processes start with."""
    import subprocess
    import sys

    (root / "app.py").write_text(app_source)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **(environment or {})}
    first = (
        "import app; c = app.app.test_client(); c.post('/who', data={'name': 'ada'});"
        "print(c.get_cookie('session').value)"
    )
    second = (
        "import sys, app; c = app.app.test_client(); c.set_cookie('session', sys.argv[1]);"
        "print(c.get('/who').get_data(as_text=True))"
    )
    made = subprocess.run([sys.executable, "-c", first], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    other = subprocess.run(
        [sys.executable, "-c", second, made.stdout.strip()], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert other.returncode == 0, other.stderr
    return other.stdout.strip()


def one_finding_and_files(source: str, name: str, files: Mapping[str, str], path: str = "app.py") -> tuple[str, dict[str, str]]:
    """The one finding ``name`` makes on ``source`` (at ``path`` in a project of ``files``), and
    the files it creates (path -> text)."""
    result = run_codemods(source, name, files=files, path=path)
    assert result.error is None, result.error
    [message] = finding_messages(result)
    return message, {e.key: e.value for e in result.project_edits if e.kind == "file"}
