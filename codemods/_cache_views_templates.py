"""Template analysis for cache-views: is a Jinja2 template the same page for every caller?

Templates are parsed with Jinja2's own parser (``Environment().parse``) and their syntax tree
is walked. A template, with everything it extends, includes or imports, must read no
``request`` beyond its URL (``request.args`` keys the cache by the query string), no
``session``, ``g``, ``current_user``, flashed messages, CSRF token or translation, and build
no external URL. What it reads that it does not define itself (Jinja2's own
``find_undeclared_variables``) is returned as ``free``: the view must pass each of those
names, or a context processor or template global the codemod cannot see would fill it in.
Filters and tests that are not Jinja2's or Flask's are returned too, for the caller to judge.
Templates are read only through the reader the codemod gets from its context (no file IO).
"""

from __future__ import annotations

import posixpath
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Sequence

from jinja2 import Environment, meta, nodes

from ._cache_views_catalog import (
    CHANGING,
    PATH_ATTRIBUTES,
    PER_REQUEST,
    PER_USER,
    QUERY_ATTRIBUTES,
    REQUEST,
    SPECIFIC,
    USER,
    Problem,
)

# names a template reads from Flask's (and the common extensions') context
_NAME_REASONS = {
    "session": Problem(USER, f"reads session: {PER_USER}"),
    "g": Problem(USER, "reads g: the page depends on per-request state"),
    "current_user": Problem(USER, f"reads current_user: {PER_USER}"),
    "current_identity": Problem(USER, f"reads current_identity: {PER_USER}"),
    "get_flashed_messages": Problem(USER, f"shows flashed messages: {PER_USER}"),
    "csrf_token": Problem(USER, "renders a CSRF token: it differs per user session"),
    "lipsum": Problem(CHANGING, "uses lipsum(), which makes random text"),
    **{
        name: Problem(USER, "translates text: the language may differ per user")
        for name in ("_", "gettext", "ngettext", "pgettext", "npgettext")
    },
}
_CSRF_ATTRIBUTES = ("csrf_token", "hidden_tag")
# free names that are fine: Flask's and Jinja2's own globals that do not vary per caller
SAFE_GLOBALS = frozenset({"config", "url_for", "range", "dict", "cycler", "joiner", "namespace", "request"})
_BUILTIN_FILTERS = frozenset(Environment().filters) | {"tojson"}
_BUILTIN_TESTS = frozenset(Environment().tests)

MAX_TEMPLATE_DEPTH = 20  # extends/include/import chains deeper than this are not followed

Reader = Callable[[str], "str | None"]


def _accept_any(*args, **kwargs):  # stands in for filters and tests the app defines
    return None


class _AnyName(dict):
    """Filters or tests: the known ones, and a stand-in for any other name, so that Jinja2's
    compiler can list a template's undeclared names whatever filters the app adds."""

    def get(self, key, default=None):
        return super().get(key, _accept_any)


_ENVIRONMENT = Environment()
_ENVIRONMENT.filters = _AnyName(_ENVIRONMENT.filters)
_ENVIRONMENT.tests = _AnyName(_ENVIRONMENT.tests)


@dataclass
class TemplateVerdict:
    """What one template (with everything it pulls in) depends on.

    ``problem`` completes the sentence "renders template 'x.html', which ..." (e.g. "extends
    'base.html', which reads session: the page differs per user"); None when it reads no
    per-caller state of its own.
    """

    found: bool = True
    problem: Problem | None = None
    query_string: bool = False  # reads request.args (only)
    free: set[str] = field(default_factory=set)  # names it reads but does not define
    declared: set[str] = field(default_factory=set)  # names its top level defines (set, import, macro)
    filters: set[str] = field(default_factory=set)  # filters and tests that are not Jinja2's


def template_paths(folders: Sequence[str], name: str) -> list[str]:
    """Where ``name`` may live, one path per template folder (relative to the module)."""
    paths = []
    for folder in folders:
        path = posixpath.normpath(posixpath.join(folder, name))
        if path not in paths:
            paths.append(path)
    return paths


class TemplateAnalyser:
    """Analyses templates found in ``folders`` (relative paths for ``read``). Memoised.

    A template found in several folders is analysed in each (the folder Flask really uses
    depends on the application's loader order, which one module does not show).
    """

    def __init__(self, read: Reader, folders: Sequence[str]) -> None:
        self.read = read
        self.folders = tuple(folders)
        self._memo: dict[str, TemplateVerdict] = {}
        self._active: set[str] = set()

    def analyse(self, name: str) -> TemplateVerdict:
        """The verdict for the template ``name``; not found is a problem."""
        verdict = self._analyse(name)
        verdict.free -= verdict.declared  # a child's blocks see what the chain's top levels define
        if not verdict.found:
            where = ", ".join(f"{folder.rstrip('/')}/" for folder in self.folders) or "no known template folder"
            problem = Problem(SPECIFIC, f"was not found (looked in {where})")
            return TemplateVerdict(False, problem, verdict.query_string, verdict.free, verdict.filters)
        return verdict

    def analyse_source(self, source: str) -> TemplateVerdict:
        """The verdict for template text given inline (render_template_string)."""
        verdict = TemplateVerdict()
        self._check_text(source, verdict)
        verdict.free -= verdict.declared
        return verdict

    # -- internals -------------------------------------------------------------------------
    def _analyse(self, name: str) -> TemplateVerdict:
        if name in self._memo:
            return self._memo[name]
        if name in self._active:  # a cycle: the templates on it are being analysed already
            return TemplateVerdict()
        if len(self._active) >= MAX_TEMPLATE_DEPTH:
            return TemplateVerdict(problem=Problem(SPECIFIC, "pulls in templates nested too deeply to follow"))
        self._active.add(name)
        try:
            verdict = TemplateVerdict(found=False)
            for path in template_paths(self.folders, name):
                text = self.read(path)
                if text is None:
                    continue
                verdict.found = True
                self._check_text(text, verdict)
                if verdict.problem is not None:
                    break
        finally:
            self._active.discard(name)
        self._memo[name] = verdict
        return verdict

    def _check_text(self, text: str, verdict: TemplateVerdict) -> None:
        facts = template_facts(text)
        verdict.query_string |= facts.query_string
        verdict.free |= facts.free
        verdict.declared |= facts.declared
        verdict.filters |= facts.filters
        if facts.problem is not None:
            verdict.problem = facts.problem
            return
        for verb, names, ignore_missing in facts.references:
            if names is None:
                verdict.problem = Problem(SPECIFIC, f"{verb} a template chosen at run time")
                return
            found_any = False
            for other in names:
                sub = self._analyse(other)
                verdict.query_string |= sub.query_string
                verdict.free |= sub.free
                verdict.declared |= sub.declared
                verdict.filters |= sub.filters
                if sub.problem is not None:
                    verdict.problem = Problem(sub.problem.category, f"{verb} {other!r}, which {sub.problem.text}")
                    return
                found_any = found_any or sub.found
            if not found_any and not ignore_missing:
                verdict.problem = Problem(SPECIFIC, f"{verb} {names[0]!r}, which was not found")
                return


@dataclass(frozen=True)
class TemplateFacts:
    """What one template's text says on its own (without what it pulls in)."""

    problem: Problem | None = None
    query_string: bool = False
    free: frozenset[str] = frozenset()  # names it reads but does not define (Flask's safe globals left out)
    declared: frozenset[str] = frozenset()  # names its top level defines
    filters: frozenset[str] = frozenset()  # filters and tests that are not Jinja2's
    references: tuple[tuple[str, tuple[str, ...] | None, bool], ...] = ()  # (verb, names or None, ignore_missing)


# A template's text is parsed once per process: every views module that renders it, in every
# folder it is found in, gets the same facts. The newest are kept (the texts are the keys).
_KEPT = 512
_FACTS: OrderedDict[str, TemplateFacts] = OrderedDict()


def template_facts(text: str) -> TemplateFacts:
    """Parse ``text`` with Jinja2 and walk its syntax tree (a template that cannot be parsed
    or walked is a problem). Too deep a nesting depends on how deep the caller's stack is
    already: that answer is not kept."""
    facts = _FACTS.get(text)
    if facts is not None:
        _FACTS.move_to_end(text)
        return facts
    try:
        facts = _template_facts(text)
    except RecursionError:
        return TemplateFacts(Problem(SPECIFIC, "is nested too deeply for the codemod to analyse"))
    _FACTS[text] = facts
    if len(_FACTS) > _KEPT:
        _FACTS.popitem(last=False)
    return facts


def forget_template_facts() -> None:
    _FACTS.clear()


def _template_facts(text: str) -> TemplateFacts:
    try:
        tree = _ENVIRONMENT.parse(text)
        free = meta.find_undeclared_variables(tree)
    except RecursionError:
        raise
    except Exception as error:  # a syntax error, or text Jinja2 cannot even tokenize
        line = getattr(error, "lineno", None)
        message = getattr(error, "message", None) or type(error).__name__
        where = f"line {line}: {message}" if line else message
        return TemplateFacts(Problem(SPECIFIC, f"cannot be parsed by Jinja2 ({where})"))
    walker = _Walker()
    walker.walk(tree)
    return TemplateFacts(
        walker.problem,
        walker.query_string,
        frozenset(name for name in free if name not in SAFE_GLOBALS),
        frozenset(_top_level_names(tree.body)),
        frozenset(walker.filters),
        tuple((verb, tuple(names) if names is not None else None, ignore) for verb, names, ignore in walker.references),
    )


class _Walker:
    """Walks one template's syntax tree."""

    def __init__(self) -> None:
        self.problem: Problem | None = None
        self.query_string = False
        self.filters: set[str] = set()
        # (verb, [names] or None for a run-time choice, ignore_missing)
        self.references: list[tuple[str, list[str] | None, bool]] = []

    def fail(self, category: str, text: str) -> None:
        self.problem = Problem(category, text)

    def walk(self, node: nodes.Node) -> None:
        if self.problem is not None:
            return
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            if node.attr in QUERY_ATTRIBUTES:
                self.query_string = True
            elif node.attr not in PATH_ATTRIBUTES:
                self.fail(REQUEST, f"reads request.{node.attr}: {PER_REQUEST}")
            return
        if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            self.fail(REQUEST, f"reads the request: {PER_REQUEST}")
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name == "request":
                self.fail(REQUEST, f"reads the request: {PER_REQUEST}")
                return
            reason = _NAME_REASONS.get(node.name)
            if reason is not None:
                self.problem = reason
                return
        if isinstance(node, nodes.Getattr) and node.attr in _CSRF_ATTRIBUTES:
            self.fail(USER, f"renders a CSRF token ({node.attr}): it differs per user session")
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "url_for":
            if any(keyword.key == "_external" for keyword in node.kwargs) or node.dyn_kwargs is not None:
                self.fail(REQUEST, "builds an external URL (url_for with _external): it depends on the request's host")
                return
        if isinstance(node, nodes.Filter) and node.name not in _BUILTIN_FILTERS:
            self.filters.add(node.name)
        elif isinstance(node, nodes.Test) and node.name not in _BUILTIN_TESTS:
            self.filters.add(node.name)
        if isinstance(node, nodes.Extends):
            self.references.append(("extends", _constant_names(node.template), False))
        elif isinstance(node, nodes.Include):
            self.references.append(("includes", _constant_names(node.template), bool(node.ignore_missing)))
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            self.references.append(("imports", _constant_names(node.template), False))
        for child in node.iter_child_nodes():
            self.walk(child)


def _top_level_names(body: list) -> set[str]:
    """Names a template's top level binds (also inside a top-level ``if``)."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, nodes.Assign):
            names |= {n.name for n in node.target.find_all(nodes.Name)} | (
                {node.target.name} if isinstance(node.target, nodes.Name) else set()
            )
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names |= {item[1] if isinstance(item, tuple) else item for item in node.names}
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        elif isinstance(node, nodes.If):
            names |= _top_level_names(node.body) | _top_level_names(node.else_)
    return names


def _constant_names(expression: nodes.Expr) -> list[str] | None:
    """The template names of a constant expression (a string or a list of strings)."""
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, (nodes.List, nodes.Tuple)):
        flat: list[str] = []
        for item in expression.items:
            names = _constant_names(item)
            if names is None:
                return None
            flat.extend(names)
        return flat or None
    return None
