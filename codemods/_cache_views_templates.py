"""Template analysis for cache-views: does a Jinja2 template read per-user or per-request state?

Templates are parsed with Jinja2's own parser (``Environment().parse``) and their syntax tree
is walked. A template is per-user when it, or anything it extends, includes or imports,
reads ``request`` (other than ``request.args``), ``session``, ``g``, ``current_user``,
flashed messages, a CSRF token, translations, or builds an external URL. Templates are read
only through the reader the codemod gets from its context (no file IO here).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

PER_USER = "the page differs per user"
PER_REQUEST = "the page differs per request"

# names a template reads from Flask's (and the common extensions') context
_NAME_REASONS = {
    "session": f"reads session: {PER_USER}",
    "g": "reads g: the page depends on per-request state",
    "current_user": f"reads current_user: {PER_USER}",
    "current_identity": f"reads current_identity: {PER_USER}",
    "get_flashed_messages": f"shows flashed messages: {PER_USER}",
    "csrf_token": "renders a CSRF token: it differs per user session",
    "_": "translates text: the language may differ per user",
    "gettext": "translates text: the language may differ per user",
    "ngettext": "translates text: the language may differ per user",
    "pgettext": "translates text: the language may differ per user",
    "npgettext": "translates text: the language may differ per user",
}
_CSRF_ATTRIBUTES = ("csrf_token", "hidden_tag")
# request attributes the URL path alone decides (the path is the cache key)
PATH_ATTRIBUTES = frozenset({"path", "endpoint", "url_rule", "view_args", "blueprint", "blueprints"})

_ENVIRONMENT = Environment()
MAX_TEMPLATE_DEPTH = 20  # extends/include/import chains deeper than this are not followed

Reader = Callable[[str], "str | None"]


@dataclass
class TemplateVerdict:
    """What one template (with everything it pulls in) depends on.

    ``problem`` completes the sentence "renders template 'x.html', which ..." (e.g. "extends
    'base.html', which reads session: the page differs per user"); None when cacheable.
    """

    found: bool = True
    problem: str | None = None
    query_string: bool = False  # reads request.args (only)


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
        if not verdict.found:
            where = ", ".join(f"{folder.rstrip('/')}/" for folder in self.folders) or "no known template folder"
            return TemplateVerdict(False, f"was not found (looked in {where})", verdict.query_string)
        return verdict

    def analyse_source(self, source: str) -> TemplateVerdict:
        """The verdict for template text given inline (render_template_string)."""
        verdict = TemplateVerdict()
        self._check_text(source, verdict)
        return verdict

    # -- internals -------------------------------------------------------------------------
    def _analyse(self, name: str) -> TemplateVerdict:
        if name in self._memo:
            return self._memo[name]
        if name in self._active:  # a cycle: the templates on it are being analysed already
            return TemplateVerdict()
        if len(self._active) >= MAX_TEMPLATE_DEPTH:
            return TemplateVerdict(problem="pulls in templates nested too deeply for the codemod to follow")
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
        try:
            tree = _ENVIRONMENT.parse(text)
        except TemplateSyntaxError as error:
            verdict.problem = f"cannot be parsed by Jinja2 (line {error.lineno}: {error.message})"
            return
        except Exception as error:  # defensive: text Jinja2 cannot even tokenize
            verdict.problem = f"cannot be parsed by Jinja2 ({type(error).__name__})"
            return
        walker = _Walker()
        try:
            walker.walk(tree)
        except RecursionError:
            verdict.problem = "is nested too deeply for the codemod to analyse"
            return
        if walker.query_string:
            verdict.query_string = True
        if walker.problem is not None:
            verdict.problem = walker.problem
            return
        for verb, names, ignore_missing in walker.references:
            if names is None:
                verdict.problem = f"{verb} a template chosen at run time"
                return
            found_any = False
            for other in names:
                sub = self._analyse(other)
                if sub.query_string:
                    verdict.query_string = True
                if sub.problem is not None:
                    verdict.problem = f"{verb} {other!r}, which {sub.problem}"
                    return
                found_any = found_any or sub.found
            if not found_any and not ignore_missing:
                verdict.problem = f"{verb} {names[0]!r}, which was not found"
                return


class _Walker:
    """Walks one template's syntax tree."""

    def __init__(self) -> None:
        self.problem: str | None = None
        self.query_string = False
        # (verb, [names] or None for a run-time choice, ignore_missing)
        self.references: list[tuple[str, list[str] | None, bool]] = []

    def walk(self, node: nodes.Node) -> None:
        if self.problem is not None:
            return
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            if node.attr == "args":
                self.query_string = True
            elif node.attr in PATH_ATTRIBUTES:
                pass  # decided by the path, which is the cache key
            else:
                self.problem = f"reads request.{node.attr}: {PER_REQUEST}"
            return
        if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            self.problem = f"reads the request: {PER_REQUEST}"
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name == "request":
                self.problem = f"reads the request: {PER_REQUEST}"
                return
            reason = _NAME_REASONS.get(node.name)
            if reason is not None:
                self.problem = reason
                return
        if isinstance(node, nodes.Getattr) and node.attr in _CSRF_ATTRIBUTES:
            self.problem = f"renders a CSRF token ({node.attr}): it differs per user session"
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "url_for":
            if any(keyword.key == "_external" for keyword in node.kwargs) or node.dyn_kwargs is not None:
                self.problem = "builds an external URL (url_for with _external): it depends on the request's host"
                return
        if isinstance(node, nodes.Extends):
            self.references.append(("extends", _constant_names(node.template), False))
        elif isinstance(node, nodes.Include):
            self.references.append(("includes", _constant_names(node.template), bool(node.ignore_missing)))
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            self.references.append(("imports", _constant_names(node.template), False))
        for child in node.iter_child_nodes():
            self.walk(child)


def _constant_names(expression: nodes.Expr) -> list[str] | None:
    """The template names of a constant expression (a string or a list of strings)."""
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, (nodes.List, nodes.Tuple)):
        names: Iterable = [_constant_names(item) for item in expression.items]
        flat: list[str] = []
        for item in names:
            if item is None:
                return None
            flat.extend(item)
        return flat or None
    return None
