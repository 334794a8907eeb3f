"""The other modules of a project, as the ``teardown`` codemod reads them (read-only).

Codemods never open files: every read goes through ``ctx.read_file``, with paths relative to
the transformed file's folder. Here a module is named by such a path, normalized
(``db.py``, ``pkg/database.py``, ``../app.py``); two spellings of one file are told apart by
``Project.same``. Imports are resolved as ``_teardown_import_targets`` says.

What it answers: which modules a module imports (``imports``), whether a module creates a
Flask app (``is_app``), whether an app reaches a module through its imports (``reaches``),
which apps use a module (``apps_using``: the files of ``APP_FILES`` in the module's folder
and the one above it; where none does, any other module of the project that creates an app
and imports it), the teardown analysis of another module (``parsed``),
and what the teardown handlers of some modules do (``teardowns``).
"""

from __future__ import annotations

import ast
import functools
import posixpath
from typing import Any, Callable, Hashable, Iterable, Iterator, TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._ast_facts import facts
from ._contract_records import ProjectFiles
from ._code_kinds import APPLICATION, code_kind
from ._metadata import resolve
from ._names import dotted_name
from ._parsed_modules import libcst_module, python_tree
from ._project_memo import DerivedMemo, Read, same_text
from ._project_imports import import_statements, tree_statements
from ._projects_kept import dropped_with_projects
from ._teardown_analysis import analyze
from ._teardown_connections import Definition, Elsewhere
from ._teardown_facts import ANALYSIS_METADATA, Analysis, Teardowns
from ._teardown_import_targets import ImportTarget, import_targets, module_files, targets_of
from ._teardown_names import may_hold_teardowns

# Files next to (and one level above) a module where the app that uses it, or a teardown
# handler for what it opens, is looked for.
APP_FILES = (
    "__init__.py",
    "app.py",
    "application.py",
    "main.py",
    "wsgi.py",
    "server.py",
    "run.py",
    "factory.py",
    "extensions.py",
    "db.py",
    "database.py",
    "../__init__.py",
    "../app.py",
    "../application.py",
    "../main.py",
    "../wsgi.py",
    "../server.py",
    "../run.py",
    "../manage.py",
)
_MAX_DEPTH = 3  # app -> blueprint module -> helper module -> the module opening the resource
_MAX_MODULES = 60  # modules parsed (stdlib ast) per transformed file, at the most
_DERIVED = DerivedMemo()  # ``Project.remembered``'s answers, by question, transformed file's folder and module
_T = TypeVar("_T")


@functools.lru_cache(maxsize=1 << 16)
def _relative_path_of(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


@functools.lru_cache(maxsize=1 << 16)
def _normalized(path: str) -> str:
    """``posixpath.normpath(path)``, kept per path: each Project spells the same few hundred
    paths again for every question it is asked."""
    return posixpath.normpath(path)


# (kept by path: of no use to the next project, and a batch at -j 1 would fill them to their size)
dropped_with_projects(_relative_path_of.cache_clear)
dropped_with_projects(_normalized.cache_clear)


@functools.lru_cache(maxsize=64)
def _application_modules(files: tuple[str, ...], folder: str) -> tuple[tuple[str, str], ...]:
    """``(path from the root, path from ``folder``)`` of each application module of the
    listing ``files``, in order: what ``Project.app_modules`` looks at, the same for every
    transformed file of one folder (a function of paths alone)."""
    start = folder or "."
    return tuple((path, _relative_path(path, start)) for path in files if code_kind(path) == APPLICATION)


dropped_with_projects(_application_modules.cache_clear)  # (of no use to the next project)


def _relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``, kept per pair of relative paths that do not climb
    (``..``): each transformed file of a project asks it for every listed file, and such a
    pair gives the same answer whatever the working folder."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    return _relative_path_of(path, start)


class Project:
    """The files around the transformed one, read through ``read_file`` (``ctx.read_file``)
    and parsed with the standard library's ``ast`` once each; the transformed file itself is
    ``own_text()`` when given (what is being transformed, not what is on disk)."""

    def __init__(
        self,
        read_file: Callable[[str], str | None],
        own_path: str,
        own_text: Callable[[], str] | None = None,
        own_tree: ast.Module | None = None,
        listing: Callable[[], ProjectFiles | None] | None = None,
    ) -> None:
        self.read_file = read_file
        self.listing = listing  # ctx.project_files: where the project's other apps are found
        self._app_modules: list[str] | None = None
        normalized = own_path.replace("\\", "/")
        self.folder = posixpath.dirname(normalized)  # of the transformed file, as ctx.path says
        self.own = posixpath.basename(normalized)
        self.own_text = own_text
        self._texts: dict[str, str | None] = {}
        # ``own_tree``: the transformed file's stdlib AST, when at hand (the gates have it)
        self._trees: dict[str, ast.Module | None] = {self.own: own_tree} if own_tree is not None else {}
        self._imports: dict[str, list[ImportTarget]] = {}
        self._parsed: dict[tuple[str, tuple[str, ...]], tuple[MetadataWrapper, Analysis] | None] = {}
        self._logs: list[list[Read]] = []  # of the derivations under way (``remembered``)
        self._parsed_reads: dict[tuple[str, tuple[str, ...]], tuple[Read, ...]] = {}  # what each ``parsed`` read
        self._identities: dict[str, str] = {}  # path -> ``identity(path)``

    # -- reading ------------------------------------------------------------------------------
    def same(self, first: str, second: str) -> bool:
        """Whether two paths (relative to the transformed file's folder) name one file."""
        return self.identity(first) == self.identity(second)

    def identity(self, path: str) -> str:
        """``path`` from where ``ctx.path`` starts: one spelling per file."""
        found = self._identities.get(path)
        if found is None:
            found = self._identities[path] = posixpath.normpath(posixpath.join(self.folder, path))
        return found

    def beside(self, path: str) -> bool:
        """Whether the file at ``path`` is in the transformed file's folder."""
        return posixpath.dirname(self.identity(path)) == posixpath.dirname(self.identity(self.own))

    def text(self, path: str) -> str | None:
        path = _normalized(path)
        if path not in self._texts:
            own = path == self.own and self.own_text is not None
            self._texts[path] = self.own_text() if own else self.read_file(path)  # type: ignore[misc]
        self._note(("text", path), self._texts[path])
        return self._texts[path]

    def exists(self, path: str) -> bool:
        return self.text(path) is not None

    def tree(self, path: str) -> ast.Module | None:
        """The stdlib AST of the module at ``path``; None when missing, not Python, or past
        the budget of modules parsed (``over_budget``)."""
        path = _normalized(path)
        if path not in self._trees:
            text = self.text(path)
            tree = None
            if text is not None and len(self._trees) < _MAX_MODULES:
                tree = python_tree(text)
            self._trees[path] = tree
        self._note(("tree", path), (self._texts.get(path), self._trees[path] is None))
        return self._trees[path]

    def over_budget(self) -> bool:
        """Whether the budget of modules parsed is spent: ``tree`` answers None from now on."""
        spent = len(self._trees) >= _MAX_MODULES
        self._note(("budget", ""), spent)
        return spent

    def find_module(self, folder: str, level: int, parts: list[str]) -> str | None:
        """The file of module ``parts`` imported from ``folder`` (``level`` dots), if it exists."""
        for candidate in module_files(folder, level, tuple(parts)):
            if self.exists(candidate):
                return candidate
        return None

    # -- questions --------------------------------------------------------------------------------
    def imports(self, path: str) -> list[ImportTarget]:
        """Every module of the project the module at ``path`` imports, anywhere in it."""
        path = _normalized(path)
        if path not in self._imports:
            self._imports[path] = list(self.remembered("imports", path, lambda: self._imports_of(path)))
        self._note(("imports", path), tuple(self._imports[path]))
        return self._imports[path]

    def _imports_of(self, path: str) -> tuple[ImportTarget, ...]:
        text = self.text(path)  # without "import" (a data module of megabytes), not parsed: it imports nothing
        tree = self.tree(path) if text and "import" in text else None  # Python 2, say: its imports read off its text
        if tree is not None:
            return tuple(targets_of(self, path, tree_statements(tree)))
        return tuple(targets_of(self, path, import_statements(text))) if text and not self.over_budget() else ()

    # -- what is derived from other modules, once per process ----------------------------------------
    def remembered(self, question: str, path: str, derive: Callable[[], _T]) -> _T:
        """``derive()``, an answer about the module at ``path`` (not the transformed one) that
        depends only on what this Project reads and parses (``text``, ``tree``,
        ``over_budget``, ``imports``): kept for the process (``DerivedMemo``), and given
        again to a Project of the same folder once the same reads, made again in order through
        this one (its ``read_file`` records them), return the same."""
        path = posixpath.normpath(path)
        own = self.identity(self.own)
        if self.identity(path) == own:
            return derive()
        key = (question, self.folder, path)
        found, answer = _DERIVED.recall(key, self._same_again)
        if found:
            return answer
        log: list[Read] = []
        self._logs.append(log)
        try:
            answer = derive()
        finally:
            self._logs.pop()
        if all(self.identity(read[0][1]) != own for read in log if read[0][0] != "budget"):  # type: ignore[index]
            _DERIVED.keep(key, log, answer)
        return answer

    def _note(self, question: Hashable, returned: Any) -> None:
        for log in self._logs:
            log.append((question, returned))

    def _same_again(self, question: Hashable, returned: Any) -> bool:
        kind, path = question  # type: ignore[misc]
        if kind == "budget":
            return self.over_budget() == returned
        if self.identity(path) == self.identity(self.own):
            return False  # what this Project reads of the transformed file is not the file on disk
        if kind == "text":
            return same_text(self.text(path), returned)
        if kind == "tree":
            none = self.tree(path) is None
            return none == returned[1] and same_text(self._texts.get(path), returned[0])
        return tuple(self.imports(path)) == returned

    def is_app(self, path: str) -> bool:
        """The module creates a Flask app (``x = Flask(...)``, at module level or in a factory)."""
        tree = self.tree(path)
        return tree is not None and facts(tree).creates("flask.Flask")

    def reaches(self, start: str, target: str) -> bool:
        """The module ``start`` imports ``target``, itself or through modules it imports."""
        seen = {self.identity(start)}
        frontier = [start]
        for _ in range(_MAX_DEPTH):
            following = []
            for path in frontier:
                for imported in self.imports(path):
                    if self.same(imported.path, target):
                        return True
                    identity = self.identity(imported.path)
                    if identity not in seen:
                        seen.add(identity)
                        following.append(imported.path)
            frontier = following
        return False

    def neighbours(self, module: str) -> Iterator[str]:
        """The files of ``APP_FILES`` around ``module`` (not the module itself), each once."""
        seen = {self.identity(module)}
        folder = posixpath.dirname(module)
        for name in APP_FILES:
            path = posixpath.normpath(posixpath.join(folder, name))
            identity = self.identity(path)
            if identity not in seen and self.exists(path):
                seen.add(identity)
                yield path

    def handler_modules(self, module: str) -> list[str]:
        """Where a teardown handler for what ``module`` opens may be: its ``neighbours``, then
        the project's other modules that create an app and import it (``app_modules``)."""
        found = list(self.neighbours(module))
        seen = {self.identity(path) for path in (module, *found)}
        for path in self.app_modules():
            if self.identity(path) not in seen and self.reaches(path, module):
                seen.add(self.identity(path))
                found.append(path)
        return found

    def app_modules(self) -> list[str]:
        """The application modules of the project (as the tool lists it) that create a Flask
        app, wherever they are and whatever their name (``pkg/app_config.py``); [] when the
        project is not listed."""
        if self._app_modules is None:
            listing = self.listing() if self.listing is not None else None
            self._app_modules = []
            modules = _application_modules(listing.files, posixpath.dirname(listing.this)) if listing is not None else ()
            for path, relative in modules:
                if path != listing.this and "Flask(" in (self.text(relative) or "") and self.is_app(relative):
                    self._app_modules.append(relative)
        return self._app_modules

    def apps_using(self, module: str) -> list[str]:
        """The apps next to ``module`` that import it (directly or through their modules); where
        there is none, the project's other modules that create an app and import it."""
        found = [path for path in self.neighbours(module) if self.is_app(path) and self.reaches(path, module)]
        return found or [path for path in self.handler_modules(module) if self.is_app(path) and self.reaches(path, module)]

    # -- the teardown analysis of other modules ------------------------------------------------------
    def parsed(self, path: str, session_names: Iterable[str] = ()) -> tuple[MetadataWrapper, Analysis] | None:
        """The module at ``path`` parsed by LibCST and analyzed (``session_names``: scoped
        sessions it imports from elsewhere); None when it cannot be read or parsed."""
        key = (posixpath.normpath(path), tuple(sorted(session_names)))
        if key in self._parsed:
            for read in self._parsed_reads.get(key, ()):  # a derivation under way made them too
                self._note(*read)
            return self._parsed[key]
        self._parsed[key] = None  # while it is analyzed: an import cycle back to it finds nothing
        log: list[Read] = []
        self._logs.append(log)
        try:
            self._parsed[key] = _parse(self.text(path), session_names, self.definer(path))
        finally:
            self._logs.pop()
        self._parsed_reads[key] = tuple(log)
        return self._parsed[key]

    def definer(self, importer: str) -> Elsewhere:
        """For the module at ``importer``: what a name one of its import statements binds
        stands for in the module of the project it comes from (see ``Definition``)."""

        def find(node: cst.CSTNode, bound: str) -> Definition | None:
            if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
                return None
            member = next(
                (dotted_name(a.name) for a in node.names if dotted_name(a.asname.name if a.asname else a.name) == bound),
                None,
            )
            module = dotted_name(node.module) if node.module is not None else None
            if member is None:
                return None
            for target in import_targets(self, importer, len(node.relative), module, [(member, None)]):
                if (member, member) in target.names:
                    return self._defined(target.path, member)
            return None

        return find

    def _defined(self, path: str, name: str) -> Definition | None:
        """The module-level definition of ``name`` in the module at ``path``."""
        parsed = self.parsed(path)
        if parsed is None:
            return None
        wrapper, analysis = parsed
        found: cst.CSTNode | None = None
        for statement in wrapper.module.body:
            if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == name:
                found = statement
            elif isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign) and any(
                        isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                    ):
                        found = small.value
        return Definition(analysis.connections, found, path) if found is not None else None

    def teardowns(self, paths: Iterable[str], words: set[str], sessions: list[str]) -> "Teardowns":
        """What the teardown handlers of the modules at ``paths`` do. Only modules that mention
        teardown and one of ``words`` (the attributes, sessions and functions in question)
        are parsed; ``sessions``: the scoped sessions they may import."""
        seen = Teardowns()
        for path in paths:
            if not may_hold_teardowns(self.text(path) or "", words):
                continue
            found = self.parsed(path, sessions)
            if found is not None:
                seen.add(path, found[1])
        return seen


def _parse(
    text: str | None, session_names: Iterable[str], elsewhere: Elsewhere
) -> tuple[MetadataWrapper, Analysis] | None:
    parsed = libcst_module(text) if text is not None else None
    tree = python_tree(text) if parsed is not None else None
    if parsed is None or tree is None:  # not Python LibCST and CPython can read: the module is left out
        return None
    wrapper = parsed[0]
    try:
        resolve(wrapper, ANALYSIS_METADATA)
        return wrapper, analyze(wrapper, session_names, elsewhere, tree)
    except Exception:  # the analysis cannot read it: the module is left out
        return None
