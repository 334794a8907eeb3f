"""Template analysis for cache-views: is a Jinja2 template the same page for every caller?

Each template's text is read by Jinja2's own parser (``_cache_views_jinja``, imported only
once a template is read). A template, with everything it extends, includes or imports, must
read no ``request`` beyond its URL (``request.args`` keys the cache by the query string), no
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
from typing import TYPE_CHECKING, Callable, Sequence

from ._cache_views_catalog import REQUEST, SPECIFIC, Problem
from ._cache_views_gitignored import ignored_by
from ._projects_kept import dropped_with_projects

if TYPE_CHECKING:
    from ._cache_views_jinja import TemplateFacts

MAX_TEMPLATE_DEPTH = 20  # extends/include/import chains deeper than this are not followed

Reader = Callable[[str], "str | None"]

# Template folders that installed packages ship, by the prefix their templates are named with:
# a name under one that is not among the project's templates is the package's own, which the
# codemod does not read (it reads the project's files only).
PACKAGE_TEMPLATES = {
    "bootstrap/": "Flask-Bootstrap or Bootstrap-Flask",
    "bootstrap4/": "Bootstrap-Flask",
    "bootstrap5/": "Bootstrap-Flask",
    "flask_user/": "Flask-User",
}


class UnreadFolder(str):
    """A template folder the codemod cannot read (the code computes it, or it is under a
    ``root_path``): made with ``unread_folder``, it stands among the folders a view's templates
    are looked up in, says why it cannot be read and never equals a real folder's path."""

    @property
    def why(self) -> str:
        return self[1:-1]


class UnreadLoader(UnreadFolder):
    """A template loader the project sets (``unread_loader``): it may serve a template from a
    folder the codemod does not read, before the folders it reads, so a template the codemod
    finds may not be the one the app renders."""


def unread_folder(why: str) -> UnreadFolder:
    """A folder that cannot be read, and ``why`` ("the template folder is computed (...)")."""
    return UnreadFolder(f"<{why}>")


def unread_loader(why: str) -> UnreadLoader:
    """A loader the project sets, and ``why`` ("the project serves templates through ...")."""
    return UnreadLoader(f"<{why}>")


def _not_found(name: str, folders: Sequence[str]) -> str:
    """Why the template ``name``, in none of the readable ``folders``, was not read: it is a
    package's, or a folder it may be in is computed, or it was not found."""
    package = next((owner for prefix, owner in PACKAGE_TEMPLATES.items() if name.startswith(prefix)), None)
    if package is not None:
        return f"comes from a package's templates ({package}): the codemod reads only the project's own"
    unread = [folder.why for folder in folders if isinstance(folder, UnreadFolder)]
    if unread:
        return f"could not be read: {'; '.join(unread)}"
    return ""


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
    loops: bool = False  # it or a template it pulls in has a {% for %} loop


def template_paths(folders: Sequence[str], name: str) -> list[str]:
    """Where ``name`` may live, one path per template folder (relative to the module), as
    Jinja2's file loaders read a name (``split_template_path``): its pieces between slashes,
    empty ones and ``.`` dropped (``/layouts//base.html`` is ``layouts/base.html``); a ``..``
    piece they refuse, so such a name lives nowhere."""
    relative = _relative_pieces(name)
    if not relative:
        return []
    paths = []
    for folder in folders:
        if isinstance(folder, UnreadFolder):
            continue
        path = posixpath.normpath(posixpath.join(folder, relative))
        if path not in paths:
            paths.append(path)
    return paths


def _relative_pieces(name: str) -> str:
    """``name`` as Jinja2's file loaders read it ("" for a name they refuse: a ``..`` piece)."""
    pieces = [piece for piece in name.split("/") if piece and piece != "."]
    return "" if ".." in pieces else "/".join(pieces)


# what a template in none of the project's folders may be: the codemod reads only the project's
# files, and an installed package (an extension's blueprint: arxiv-base's) may serve it
_PACKAGE_MAY = "a package's templates, which the codemod does not read, may hold it"


class TemplateAnalyser:
    """Analyses templates found in ``folders`` (relative paths for ``read``). Memoised.

    A template found in several folders is analysed in each (the folder Flask really uses
    depends on the application's loader order, which one module does not show).
    """

    def __init__(self, read: Reader, folders: Sequence[str], origin: str | None = None) -> None:
        self.read = read
        self.folders = tuple(folders)
        self.origin = origin  # the module's folder from the project root, when known: a template
        # the project's .gitignore leaves out is then said to be one (``_gitignored``)
        self._memo: dict[str, TemplateVerdict] = {}
        self._active: set[str] = set()

    def analyse(self, name: str) -> TemplateVerdict:
        """The verdict for the template ``name``; not found is a problem."""
        verdict = self._analyse(name)
        verdict.free -= verdict.declared  # a child's blocks see what the chain's top levels define
        loaders = [folder.why for folder in self.folders if isinstance(folder, UnreadLoader)]
        if verdict.found and verdict.problem is None and loaders:
            # settled, said nothing of: such a loader may pick the file per request (kerbalstuff's
            # mobile templates), and no reviewer can prove otherwise from the project
            problem = Problem(REQUEST, f"may not be the file the app renders: {'; '.join(loaders)}, which the codemod does not read")
            return TemplateVerdict(True, problem, verdict.query_string, verdict.free, verdict.declared, verdict.filters, verdict.loops)
        if not verdict.found:
            readable = [folder for folder in self.folders if not isinstance(folder, UnreadFolder)]
            where = ", ".join(f"{folder.rstrip('/')}/" for folder in readable) or "no known template folder"
            problem = Problem(SPECIFIC, self._why_missing(name) or f"was not found (looked in {where}; {_PACKAGE_MAY})")
            return TemplateVerdict(False, problem, verdict.query_string, verdict.free, verdict.filters)
        return verdict

    def analyse_source(self, source: str) -> TemplateVerdict:
        """The verdict for template text given inline (render_template_string)."""
        verdict = TemplateVerdict()
        self._check_text(source, verdict)
        verdict.free -= verdict.declared
        return verdict

    # -- internals -------------------------------------------------------------------------
    def _why_missing(self, name: str) -> str:
        """Why ``name``, in none of the readable folders, was not read (``_not_found``), or that
        the project's ``.gitignore`` leaves it out of the checkout: a file its build makes."""
        if ".." in name.split("/"):
            return "was not found: Jinja2's loaders refuse a name with a '..' piece"
        why = _not_found(name, self.folders)
        if why or self.origin is None:
            return why
        for path in template_paths(self.folders, name):
            ignored = ignored_by(self.read, self.origin, path)
            if ignored is not None:
                return f"is not in the checkout: {ignored} leaves it out, a file made by the project's build, which the codemod cannot read"
        return ""

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
        verdict.loops |= facts.loops
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
                verdict.loops |= sub.loops
                if sub.problem is not None:
                    verdict.problem = Problem(sub.problem.category, f"{verb} {other!r}, which {sub.problem.text}")
                    return
                found_any = found_any or sub.found
            if not found_any and not ignore_missing:
                why = self._why_missing(names[0]) or f"was not found ({_PACKAGE_MAY})"
                verdict.problem = Problem(SPECIFIC, f"{verb} {names[0]!r}, which {why}")
                return


# A template's text is parsed once per process: every views module that renders it, in every
# folder it is found in, gets the same facts. The newest are kept (the texts are the keys).
_KEPT = 512
_FACTS: OrderedDict[str, TemplateFacts] = OrderedDict()
dropped_with_projects(_FACTS.clear)  # (of no use to the next project)


def template_facts(text: str) -> TemplateFacts:
    """Parse ``text`` with Jinja2 and walk its syntax tree (a template that cannot be parsed
    or walked is a problem). Too deep a nesting depends on how deep the caller's stack is
    already: that answer is not kept."""
    facts = _FACTS.get(text)
    if facts is not None:
        _FACTS.move_to_end(text)
        return facts
    # lazy: Jinja2 (about 40 ms of imports) only once a template is read
    from ._cache_views_jinja import TemplateFacts, read_facts

    try:
        facts = read_facts(text)
    except RecursionError:
        return TemplateFacts(Problem(SPECIFIC, "is nested too deeply for the codemod to analyse"))
    _FACTS[text] = facts
    if len(_FACTS) > _KEPT:
        _FACTS.popitem(last=False)
    return facts


def forget_template_facts() -> None:
    _FACTS.clear()
