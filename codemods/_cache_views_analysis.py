"""Read-only analysis for cache-views: may a view's response be shared by every caller?

``Analysis.view(function, folders)`` scans a view (``_cache_views_scan.Scan``) and returns a
``Verdict``: the first ``Problem`` that makes its response differ per caller, go stale or have
an effect, else what it does (reads the database, renders templates, costs something). The
helpers it calls are followed: in this module, and through imports into the project's other
modules (``_cache_views_project``), each scanned once (memoised) and to a bounded depth.

What a name stands for is a ``Kind``: a value the code made itself, a file, a database query,
the app, a class of the project and so on; the scan allows a method call only where the kind
of its receiver says it reads (``VALUE`` strings and containers, ``QUERY`` reads, ``FILE``
reads). Names are resolved by qualified name and scope (LibCST metadata), never by spelling.
"""

from __future__ import annotations

import ast
from typing import Callable, Sequence

import libcst as cst

from ._ast_facts import facts
from ._ast_nodes import keyword_value
from ._cache_views_catalog import OPEN_CALLS, SPECIFIC, Problem
from ._cache_views_kinds import NameKinds, Verdict
from ._cache_views_project import Definition, Project, SourceModule, forget_parsed
from ._cache_views_scan import Scan
from ._cache_views_templates import TemplateAnalyser, forget_template_facts
from ._callee_spellings import callee_spellings, python_spelled_last, spelled_last
from ._cache_views_node_index import index_below

MAX_HELPER_DEPTH = 12  # helpers calling helpers: deeper chains are not followed (no cache)


class Analysis(NameKinds):
    """One transformed module's analysis state: memoised helpers, templates, kinds."""

    def __init__(
        self,
        project: Project,
        template_filters: dict[str, list[Definition]] | None = None,
        may_inject: Callable[[], bool] = lambda: True,
        per_user_names: Callable[[], dict[str, str]] = dict,
        origin: str | None = None,
        provided_names: Callable[[], dict[str, str]] = dict,
    ) -> None:
        self.project = project
        self.origin = origin  # the module's folder from the project root, when listed (templates)
        # whether a context processor or template global of the project may fill in a name
        self.may_inject = may_inject
        # the names the project's context processors fill in from the user (-> what they read)
        self.per_user_names = per_user_names
        # the names the project's own context processors and template globals give (-> which, where)
        self.provided_names = provided_names
        self.here = project.here
        self.template_filters = template_filters or {}
        self._memo: dict[tuple[int, tuple[str, ...], bool], Verdict] = {}
        self._active: set[int] = set()
        # per helper being scanned, the helpers still being scanned that its verdict waits on
        self._frames: list[set[int]] = []
        self._waiting: dict[tuple[int, tuple[str, ...], bool], tuple[Verdict, frozenset[int]]] = {}
        # per helper being scanned, whether a call below it was cut by the depth; a verdict so
        # cut, with the depth it was scanned at (served again only as deep or deeper)
        self._cut: list[bool] = []
        self._shallow: dict[tuple[int, tuple[str, ...], bool], tuple[Verdict, int]] = {}
        self._templates: dict[tuple[str, ...], TemplateAnalyser] = {}

    # -- entry points ----------------------------------------------------------------------
    def view(self, function: cst.FunctionDef, folders: Sequence[str], *, survey: bool = False) -> Verdict:
        """Scan a view's parameters and body (its decorators are judged by the planner);
        ``survey``: past open questions (see ``Scan``), its helpers too."""
        scan = Scan(self, self.here, function, tuple(folders), is_view=True, survey=survey)
        index_below(self.here.wrapper, function)  # the nodes the scan looks up, indexed at once
        function.params.visit(scan)
        if not scan.stopped():
            function.body.visit(scan)
        return scan.verdict

    def helper(self, definition: Definition, folders: Sequence[str], *, survey: bool = False) -> Verdict:
        """Scan a function, lambda or class body the code calls (memoised; a recursive call
        counts as clean while it is being scanned). A verdict reached through such a call
        lacks the reasons of the helper called back, still being scanned: it is kept only while
        that helper's scan goes on (whose own verdict holds those reasons), and the helpers
        using it wait on the same scan; asked once that scan is over, the helper is scanned again.
        Likewise a verdict that lacks what a helper below the depth limit would have added: it
        is served again only at its depth or deeper, where the same cut comes at least as soon;
        asked with more depth to spare, the helper is scanned again. A verdict is kept for good
        only whole, so a helper's verdict does not depend on which view asked first."""
        node = definition.node
        key = (id(node), tuple(folders), survey)
        if key in self._memo:
            return self._memo[key]
        waiting = self._waiting.get(key)
        if waiting is not None and waiting[1] <= self._active:
            self._wait_on(waiting[1])
            return waiting[0]
        shallow = self._shallow.get(key)
        if shallow is not None and len(self._active) >= shallow[1]:
            self._cut_below()
            return shallow[0]
        if id(node) in self._active:
            self._wait_on({id(node)})
            return Verdict(costly=True)
        if len(self._active) >= MAX_HELPER_DEPTH:
            self._cut_below()
            return Verdict(Problem(SPECIFIC, "uses helpers nested too deeply for the codemod to follow"))
        depth = len(self._active)
        self._active.add(id(node))
        self._frames.append(set())
        self._cut.append(False)
        try:
            scan = Scan(self, definition.module, node, tuple(folders), is_view=False, survey=survey)
            index_below(definition.module.wrapper, node)
            node.visit(scan)
        finally:
            self._active.discard(id(node))
            awaited = self._frames.pop() - {id(node)}
            cut = self._cut.pop()
        if awaited:
            self._waiting[key] = (scan.verdict, frozenset(awaited))
            self._wait_on(awaited)
        elif cut:
            self._shallow[key] = (scan.verdict, depth)
        else:
            self._memo[key] = scan.verdict
        return scan.verdict

    def _cut_below(self) -> None:
        """A call was cut by the depth limit: every helper being scanned lacks what it held."""
        self._cut[:] = [True] * len(self._cut)

    def _wait_on(self, helpers: set[int] | frozenset[int]) -> None:
        """The helper being scanned now waits, for its verdict, on ``helpers``' scans."""
        if self._frames:
            self._frames[-1].update(helpers)

    @staticmethod
    def writes(module: SourceModule, path: str) -> bool:
        """Whether ``module`` opens ``path`` for writing, spelled out: a page read from such a
        file is not a file shipped with the app. The exact answer (with the scopes of the
        calls spelled as open()) only for a path among those its stdlib AST may open so."""
        maybe = module.fact("maybe written files", _maybe_written_files)
        if maybe is not None and path not in maybe:  # type: ignore[operator]
            return False
        return path in module.fact("written files", _written_files)  # type: ignore[operator]

    def templates(self, folders: Sequence[str]) -> TemplateAnalyser:
        key = tuple(folders)
        if key not in self._templates:
            self._templates[key] = TemplateAnalyser(self.project.text, key, self.origin)
        return self._templates[key]


def _maybe_written_files(module: SourceModule) -> frozenset[str] | None:
    """Every path ``_written_files`` finds and more, off the stdlib AST (None without one):
    the literal paths of the calls spelled as the open() calls may be, with a literal mode
    that writes (a concatenation of literals included; what a name stands for unasked)."""
    tree = module.python_tree()
    if tree is None:
        return None
    found = facts(tree)
    spellings = callee_spellings(found, OPEN_CALLS)
    paths: set[str] = set()
    for call in found.calls:
        if python_spelled_last(call.func) not in spellings:
            continue
        literal = [a for a in call.args if type(a) is not ast.Starred]
        mode = keyword_value(call, "mode")
        mode = mode if mode is not None else (literal[1] if len(literal) > 1 else None)
        path = literal[0] if literal else None
        if type(mode) is not ast.Constant or type(path) is not ast.Constant or type(path.value) is not str:
            continue
        if any(c in str(mode.value) for c in "wax+"):
            paths.add(path.value)
    return frozenset(paths)


def _written_files(module: SourceModule) -> frozenset[str]:
    """The literal paths ``module`` passes to open() with a writing mode."""
    tree = module.python_tree()
    spellings = None
    if tree is not None:  # the callees spelled as open() may be; no other needs its scope
        found = facts(tree)
        spellings = callee_spellings(found, OPEN_CALLS)
        if not any(python_spelled_last(call.func) in spellings for call in found.calls):
            return frozenset()
    written: set[str] = set()
    for node in module.every_node():
        if type(node) is not cst.Call or (spellings is not None and spelled_last(node.func) not in spellings):  # type: ignore[attr-defined]
            continue
        if not {q.name for q in module.qualified(node.func)} & set(OPEN_CALLS):  # type: ignore[attr-defined]
            continue
        literal = [a.value for a in node.args if a.keyword is None and not a.star]  # type: ignore[attr-defined]
        mode = next((a.value for a in node.args if a.keyword and a.keyword.value == "mode"), None)  # type: ignore[attr-defined]
        mode = mode if mode is not None else (literal[1] if len(literal) > 1 else None)
        path = literal[0] if literal else None
        opened_to_write = isinstance(mode, cst.SimpleString) and any(c in str(mode.evaluated_value) for c in "wax+")
        if opened_to_write and isinstance(path, cst.SimpleString) and isinstance(path.evaluated_value, str):
            written.add(path.evaluated_value)
    return frozenset(written)


def forget_kept() -> None:
    """Drop what this process keeps between transforms: parsed modules and template facts
    (for tests: nothing kept may change a result)."""
    forget_parsed()
    forget_template_facts()
