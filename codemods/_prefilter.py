"""The codemods' prefilters: cheap facts from the text and from the standard library's AST.

The engine compiles every file with CPython before LibCST sees it (its compile gate), and
hands that ``ast.Module`` to each codemod's ``applies_to_tree``. ``facts(tree)`` collects
what the gates ask about, memoized per tree so that nine gates pay for it once, in two
passes made only when asked: over the statements (the imports and the names they bind,
functions, assignments, with items: a few percent of a compile) and over every expression
(calls, attribute names, ``stack.enter_context(...)`` arguments: about a sixth of a compile,
with a walker that skips what ``ast.walk`` visits in vain).

The first prefilter, ``applies_to(source)``, gets two helpers here too: ``starts_word`` and
``starts_statement`` (regexes that start with a literal run much faster than ones that
start with ``\b`` or ``^``).

Each gate below says whether a codemod MAY act on a module: change it, report a finding, or
ask for a project edit. It must never say False when the codemod would; so every test here
is a necessary condition of the codemod's own rules, read off its code, and a gate says
True whenever it cannot tell. Names are resolved the way LibCST's QualifiedNameProvider
resolves them, from the module's imports (``import gzip as gz`` makes ``gz.open`` mean
``gzip.open``), and conservatively: every import of a name anywhere in the file counts, and
the name as spelled is a candidate too.

Pure: no LibCST, no file access; the path is only looked at as a string.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Collection, Iterable, Iterator

_Name, _Attribute, _Call, _Constant = ast.Name, ast.Attribute, ast.Call, ast.Constant
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

# The statement lists of compound statements (handlers and cases: their bodies).
_BLOCKS: dict[type, tuple[str, ...]] = {
    ast.FunctionDef: ("body",),
    ast.AsyncFunctionDef: ("body",),
    ast.ClassDef: ("body",),
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
    ast.Try: ("body", "handlers", "orelse", "finalbody"),
    ast.Match: ("cases",),
}
if hasattr(ast, "TryStar"):  # Python 3.11
    _BLOCKS[ast.TryStar] = _BLOCKS[ast.Try]

# Fields that never hold a node worth visiting (names, flags, the Load/Store context).
_LEAF_FIELDS = frozenset(
    {
        "ctx", "id", "attr", "arg", "name", "module", "asname", "level", "kind", "type_comment", "is_async",
        "conversion", "simple",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: ()}
# Values not worth pushing on the walk's stack (anything else without fields is popped harmlessly).
_LEAVES = frozenset({ast.Name, ast.Constant, str, int, type(None)})


def _child_fields(kind: type) -> tuple[str, ...]:
    return tuple(name for name in getattr(kind, "_fields", ()) if name not in _LEAF_FIELDS)


class Facts:
    """What a module's AST says, in two passes made only when a gate asks: the statements
    (cheap: imports, functions, assignments of calls, with items), and every expression
    (calls, attribute names, enter_context arguments)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        # local name -> what it may stand for: "gzip" (import gzip), "flask.Flask" (from flask import Flask)
        self.bound: dict[str, set[str]] = {}
        self.modules: set[str] = set()  # every module imported or imported from; relative ones start with "."
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.assigned_calls: list[ast.Call] = []  # ``target = call(...)`` (Assign, AnnAssign), anywhere
        self.assignments: list[ast.Assign | ast.AnnAssign] = []  # every Assign and AnnAssign
        self._with_items: set[int] = set()  # ids of with items
        self._module_level: list[ast.stmt] | None = None
        self._calls: list[ast.Call] | None = None
        self._attributes: set[str] = set()
        self._managed: set[int] = set()
        self._scan_statements()

    # -- the two passes --------------------------------------------------------------------
    def _scan_statements(self) -> None:
        functions, assigned, assignments = self.functions, self.assigned_calls, self.assignments
        with_items = self._with_items
        stack: list[ast.stmt] = list(self.tree.body)
        pop, extend = stack.pop, stack.extend
        while stack:
            node = pop()
            kind = type(node)
            if kind is ast.Assign or kind is ast.AnnAssign:
                assignments.append(node)  # type: ignore[arg-type]
                if type(node.value) is _Call:  # type: ignore[attr-defined]
                    assigned.append(node.value)  # type: ignore[attr-defined]
                continue
            if kind is ast.Expr:
                continue
            if kind is ast.Import:
                for alias in node.names:  # type: ignore[attr-defined]
                    self.modules.add(alias.name)
                    if alias.asname:
                        self._bind(alias.asname, alias.name)
                    else:
                        root = alias.name.split(".", 1)[0]
                        self._bind(root, root)
                continue
            if kind is ast.ImportFrom:
                source = "." * node.level + (node.module or "")  # type: ignore[attr-defined]
                self.modules.add(source)
                for alias in node.names:  # type: ignore[attr-defined]
                    if alias.name != "*":
                        joiner = "" if source.endswith(".") else "."
                        self._bind(alias.asname or alias.name, f"{source}{joiner}{alias.name}")
                continue
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                functions.append(node)  # type: ignore[arg-type]
            elif kind is ast.With or kind is ast.AsyncWith:
                with_items.update(id(item.context_expr) for item in node.items)  # type: ignore[attr-defined]
            for name in _BLOCKS.get(kind, ()):
                if name in ("handlers", "cases"):
                    for part in getattr(node, name):
                        extend(part.body)
                else:
                    extend(getattr(node, name))

    def _scan_expressions(self) -> None:
        """Every node, but not the contexts (Load, Store) and other leaves: a plain
        ``ast.walk`` costs about as much as the compile itself, this a small part of it."""
        calls: list[ast.Call] = []
        attributes, managed = self._attributes, self._managed
        managed |= self._with_items
        children, leaves = _CHILD_FIELDS, _LEAVES
        stack: list[ast.AST] = [self.tree]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            kind = type(node)
            if kind is _Attribute:
                attributes.add(node.attr)  # type: ignore[attr-defined]
            elif kind is _Call:
                calls.append(node)  # type: ignore[arg-type]
                func = node.func  # type: ignore[attr-defined]
                if type(func) is _Attribute and func.attr in ("enter_context", "push"):
                    managed.update(id(a) for a in node.args if type(a) is not ast.Starred)  # type: ignore[attr-defined]
                    managed.update(id(k.value) for k in node.keywords if k.arg is not None)  # type: ignore[attr-defined]
            fields = children.get(kind)
            if fields is None:
                fields = children[kind] = _child_fields(kind)
            for name in fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if type(item) not in leaves:
                            push(item)
                elif type(value) not in leaves:
                    push(value)
        self._calls = calls

    @property
    def calls(self) -> list[ast.Call]:
        """Every call in the module."""
        if self._calls is None:
            self._scan_expressions()
        return self._calls  # type: ignore[return-value]

    @property
    def attributes(self) -> set[str]:
        """Every attribute name spelled (``x.NAME``)."""
        if self._calls is None:
            self._scan_expressions()
        return self._attributes

    @property
    def managed(self) -> set[int]:
        """The ids of the expressions already managed: with items, ``enter_context``/``push``
        arguments."""
        if self._calls is None:
            self._scan_expressions()
        return self._managed

    def _bind(self, name: str, target: str) -> None:
        self.bound.setdefault(name, set()).add(target)

    # -- questions -----------------------------------------------------------------------
    def qualified(self, node: ast.AST) -> set[str]:
        """What a Name or an attribute chain (``a.b.c``) may refer to: the spelling itself,
        ``builtins.<name>`` for a plain name, and the spelling with its first name replaced
        by whatever an import binds to it. Empty for other expressions."""
        parts: list[str] = []
        while type(node) is _Attribute:
            parts.append(node.attr)  # type: ignore[attr-defined]
            node = node.value  # type: ignore[attr-defined]
        if type(node) is not _Name:
            return set()
        root: str = node.id  # type: ignore[attr-defined]
        rest = "".join("." + part for part in reversed(parts))
        found = {root + rest}
        if not parts:
            found.add("builtins." + root)
        for target in self.bound.get(root, ()):
            found.add(target + rest)
        return found

    def imports(self, root: str, *, prefix: bool = False) -> bool:
        """Whether the module imports ``root`` (or a submodule of it) anywhere; with
        ``prefix``, any module whose first name starts with ``root`` (``flask_sqlalchemy``)."""
        for module in self.modules:
            first = module.lstrip(".").split(".", 1)[0]
            if first == root or (prefix and first.startswith(root)):
                return True
        return False

    def module_level(self, *, runtime: bool = False) -> list[ast.stmt]:
        """The statements that run at import, through if/try/with/for/while blocks but not
        into functions or classes; with ``runtime``, not those under ``if TYPE_CHECKING:``."""
        if self._module_level is None:
            self._module_level = list(_statements(self.tree.body))
        if not runtime:
            return self._module_level
        return list(_statements(self.tree.body, skip_type_checking=True))

    def creates(self, qualified_name: str) -> bool:
        """Whether a call that may be ``qualified_name`` is assigned to something."""
        last = qualified_name.rsplit(".", 1)[-1]
        renamed = {name for name, targets in self.bound.items() if any(t.rsplit(".", 1)[-1] == last for t in targets)}
        for call in self.assigned_calls:
            func = call.func
            spelled = _last_name(func)
            if (spelled == last or spelled in renamed) and qualified_name in self.qualified(func):
                return True
        return False


def _statements(body: Iterable[ast.stmt], *, skip_type_checking: bool = False) -> Iterator[ast.stmt]:
    """``body`` and the blocks of its compound statements, except functions and classes
    (and, with ``skip_type_checking``, the body of ``if TYPE_CHECKING:``)."""
    stack = list(body)
    stack.reverse()
    while stack:
        statement = stack.pop()
        yield statement
        kind = type(statement)
        if kind in _FUNCTIONS or kind is ast.ClassDef:
            continue
        inner: list[ast.stmt] = []
        if skip_type_checking and kind is ast.If and _is_type_checking(statement.test):  # type: ignore[attr-defined]
            stack.extend(reversed(statement.orelse))  # type: ignore[attr-defined]
            continue
        for name in _BLOCKS.get(kind, ()):
            if name in ("handlers", "cases"):
                for part in getattr(statement, name):
                    inner.extend(part.body)
            else:
                inner.extend(getattr(statement, name))
        stack.extend(reversed(inner))


# -- the first prefilter: text -------------------------------------------------------------------


def starts_word(pattern: re.Pattern[str], source: str) -> bool:
    """Whether ``pattern`` matches ``source`` at the start of a word. (A ``\\b`` at the start
    of the pattern would do the same, but it stops the regex engine from skipping ahead to
    the pattern's first characters: several times slower on a large file.)"""
    for match in pattern.finditer(source):
        start = match.start()
        if start == 0:
            return True
        before = source[start - 1]
        if not (before.isalnum() or before == "_"):
            return True
    return False


def starts_statement(pattern: re.Pattern[str], source: str) -> bool:
    """Whether ``pattern`` matches ``source`` where a statement may start: at the start of
    a line (after indentation), or after ``;`` or ``:`` (``try: import x``)."""
    for match in pattern.finditer(source):
        start = match.start()
        line = source.rfind("\n", 0, start) + 1
        before = source[line:start].rstrip(" \t\f")
        if not before or before.endswith((";", ":")):
            return True
    return False


# -- the second prefilter: facts of the tree ----------------------------------------------------

_LAST: list = [None, None]  # (tree, facts): the tree is kept, so its id cannot be reused


def facts(tree: ast.Module) -> Facts:
    """The facts of ``tree``, computed once however many gates ask."""
    if _LAST[0] is not tree:
        _LAST[1] = Facts(tree)
        _LAST[0] = tree
    return _LAST[1]


# -- small shared tests ------------------------------------------------------------------------


def _assigned(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """``(name, value)`` for ``NAME = value`` (one target) or ``NAME: T = value``."""
    if type(statement) is ast.Assign and len(statement.targets) == 1:  # type: ignore[attr-defined]
        target, value = statement.targets[0], statement.value  # type: ignore[attr-defined]
    elif type(statement) is ast.AnnAssign and statement.value is not None:  # type: ignore[attr-defined]
        target, value = statement.target, statement.value  # type: ignore[attr-defined]
    else:
        return None
    return (target.id, value) if type(target) is _Name else None


def _is_true(node: ast.AST | None) -> bool:
    return type(node) is _Constant and node.value is True  # type: ignore[attr-defined]


def _last_name(func: ast.AST) -> str | None:
    """``c`` for a callee spelled ``c`` or ``a.b.c``."""
    if type(func) is _Attribute:
        return func.attr  # type: ignore[attr-defined]
    return func.id if type(func) is _Name else None  # type: ignore[attr-defined]


def _is_type_checking(test: ast.AST) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``: code for type checkers only."""
    return (_dotted(test) or "").endswith("TYPE_CHECKING")


def _is_string(node: ast.AST) -> bool:
    """A string or bytes literal, or an f-string (LibCST may see it as a concatenation of
    plain literals, which dotenv-config takes as a docstring: erring towards True)."""
    if type(node) is ast.JoinedStr:
        return True
    return type(node) is _Constant and isinstance(node.value, (str, bytes))  # type: ignore[attr-defined]


def _dotted(node: ast.AST) -> str | None:
    if type(node) is _Name:
        return node.id  # type: ignore[attr-defined]
    if type(node) is _Attribute:
        base = _dotted(node.value)  # type: ignore[attr-defined]
        return f"{base}.{node.attr}" if base is not None else None  # type: ignore[attr-defined]
    return None


def creates_flask_app(tree: ast.Module) -> bool:
    """``x = Flask(...)`` somewhere, with ``Flask`` resolving to ``flask.Flask``: what
    FlaskIndex needs to find an app (its qualified names come from an import of flask)."""
    return facts(tree).creates("flask.Flask")


# -- open-with -----------------------------------------------------------------------------------


def open_with(tree: ast.Module, call_names: Collection[str], openers: Collection[str]) -> bool:
    """A call spelled like an opener (``call_names``: ``open``, ``urlopen`` ...) that is not
    already managed (a ``with`` item, an ``enter_context``/``push`` argument): a plain
    ``open(...)`` always (a non-builtin ``open`` gets a finding), ``Path(p).open(...)``, or an
    attribute call that may resolve to one of ``openers`` (``gzip.open``)."""
    found = facts(tree)
    for call in found.calls:
        func = call.func
        kind = type(func)
        if kind is _Name:
            if func.id in call_names and id(call) not in found.managed:  # type: ignore[attr-defined]
                return True
        elif kind is _Attribute and func.attr in call_names and id(call) not in found.managed:  # type: ignore[attr-defined]
            if func.attr == "open" and type(func.value) is _Call:  # type: ignore[attr-defined]
                return True
            if not found.qualified(func).isdisjoint(openers):
                return True
    return False


# -- http-timeout -------------------------------------------------------------------------------------


def http_timeout(
    tree: ast.Module,
    functions: Collection[str],
    positional_timeout: Collection[str],
    clients: Collection[str],
) -> bool:
    """A client constructor (a session may be put in a with-block, its calls get timeouts),
    or a call of one of the HTTP ``functions`` that passes no timeout, or ``timeout=None``.
    ``positional_timeout``: functions whose third positional argument is the timeout
    (``urlopen(url, data, 30)``)."""
    found = facts(tree)
    keyword_only = set(functions) - set(positional_timeout)
    for call in found.calls:
        names = found.qualified(call.func)
        if not names:
            continue
        if not names.isdisjoint(clients):
            return True
        if names.isdisjoint(functions):
            continue
        given = next((k.value for k in call.keywords if k.arg == "timeout"), None)
        if given is not None:
            if type(given) is _Constant and given.value is None:  # type: ignore[attr-defined]
                return True  # reported
            continue
        positional = sum(1 for a in call.args if type(a) is not ast.Starred)
        if positional > 2 and names.isdisjoint(keyword_only):
            continue
        return True
    return False


# -- atexit-cleanup ---------------------------------------------------------------------------------


def atexit_cleanup(tree: ast.Module, creators: Collection[str]) -> bool:
    """A module-level ``NAME = creator(...)`` whose callee may be one of ``creators``."""
    found = facts(tree)
    for statement in tree.body:
        assigned = _assigned(statement)
        if assigned is None or type(assigned[1]) is not _Call:
            continue
        if not found.qualified(assigned[1].func).isdisjoint(creators):  # type: ignore[attr-defined]
            return True
    return False


# -- teardown ---------------------------------------------------------------------------------------


def teardown(
    tree: ast.Module,
    factories: Collection[str],
    looks_like_connect: Callable[[str], bool],
) -> bool:
    """A flask import (``flask`` or ``flask_*``) and a call that may open a connection: one
    that may resolve to one of ``factories`` (DB-API connect, Redis, scoped_session), or
    whose name looks like a connect. Every resource teardown reports or closes is created
    by such a call (directly, or in a function the module defines)."""
    found = facts(tree)
    if not found.imports("flask", prefix=True):
        return False
    for call in found.calls:
        func = call.func
        spelled = _last_name(func)
        if spelled is None:
            continue
        if looks_like_connect(spelled) or not found.qualified(func).isdisjoint(factories):
            return True
    return False


# -- static-max-age, upload-limit -------------------------------------------------------------------


def static_max_age(tree: ast.Module) -> bool:
    """The module creates a Flask app (nothing is done for a module without one)."""
    return creates_flask_app(tree)


def upload_limit(tree: ast.Module) -> bool:
    """The module creates a Flask app, and reads ``.files`` or registers a blueprint."""
    return creates_flask_app(tree) and bool(facts(tree).attributes & {"files", "register_blueprint"})


# -- cache-views ------------------------------------------------------------------------------------


def cache_views(
    tree: ast.Module,
    route_decorators: Collection[str],
    looks_like_app_name: Callable[[str], bool],
) -> bool:
    """A view FlaskIndex can find: a function decorated with ``@X.<route_decorators>(...)``
    where ``X`` is named like an app or blueprint, or is a plain name in a module that
    imports flask (it may be a Flask object); or an ``add_url_rule`` call whose view is a
    name, in a module that defines functions."""
    found = facts(tree)
    imports_flask: bool | None = None
    for function in found.functions:
        for decorator in function.decorator_list:
            if type(decorator) is not _Call or type(decorator.func) is not _Attribute:  # type: ignore[attr-defined]
                continue
            if decorator.func.attr not in route_decorators:  # type: ignore[attr-defined]
                continue
            owner = decorator.func.value  # type: ignore[attr-defined]
            dotted = _dotted(owner)
            if dotted is not None and looks_like_app_name(dotted):
                return True
            if type(owner) is _Name:
                if imports_flask is None:
                    imports_flask = found.imports("flask")
                if imports_flask:
                    return True
    if "add_url_rule" in found.attributes and found.functions:
        for call in found.calls:
            func = call.func
            if type(func) is _Attribute and func.attr == "add_url_rule":  # type: ignore[attr-defined]
                view = next((k.value for k in call.keywords if k.arg == "view_func"), None)
                if view is None:
                    positional = [a for a in call.args if type(a) is not ast.Starred]
                    view = positional[2] if len(positional) >= 3 else None
                if type(view) is _Name:
                    return True
    return False


# -- gunicorn-config --------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
_APP_WORDS = frozenset({"app", "apps", "application", "applications"})


def app_word(name: str) -> bool:
    """Whether a name ends with a word that names an app: ``app``, ``application``,
    ``create_app``, ``myapp``, ``WebApp``, ``flask_app``; not ``append``, ``wrapper``,
    ``mapping``, ``apply``, nor ``AppDirs``."""
    if "app" not in name.lower():
        return False
    words = _WORD.findall(re.split(r"[._]+", name.strip("._"))[-1]) if name.strip("._") else []
    if not words:
        return False
    last = words[-1].lower()
    return last in _APP_WORDS or last.endswith("app")


# the text any name app_word or _APP_FACTORY accepts must contain (gunicorn-config's text stage)
APP_NAME_TEXT = re.compile(r"(?i)(?:app(?:s|lications?)?|factory)\b")

# a function gunicorn may call to get the app (``gunicorn "shop:create_app()"``)
_APP_FACTORY = re.compile(r"(?i)(?:create|make|build|get|init|setup|new)_?\w*app(?:lication)?$|app_factory$|factory$")


def app_module_path(path: str) -> bool:
    """A module named like one gunicorn loads: ``wsgi.py``, ``app.py``, ``myapp.py``."""
    parts = _path_parts(path)
    if not parts:
        return False
    stem = parts[-1].split(".", 1)[0]
    return app_word(stem) or "wsgi" in stem.lower()


def gunicorn_config(tree: ast.Module, path: str) -> bool:
    """A module gunicorn may load: one that creates a Flask app (found without a gunicorn
    command naming it), or one a command names (``gunicorn wsgi:app``). The gate cannot read
    the command; such a module binds the WSGI callable at import, so it is taken when it is
    named like an app module (``wsgi.py``, ``app.py``) or binds an app at module level: an
    import (``from app import app``, ``import myapp``, a star import from an app module), an
    assignment (``application = create_app()``), a function (``create_app``) or a class.
    This gate alone is a heuristic: gunicorn may be told to load any name from any module."""
    if app_module_path(path):
        return True
    found = facts(tree)
    if creates_flask_app(tree):
        return True
    for statement in found.module_level(runtime=True):
        kind = type(statement)
        if kind is ast.Import:
            names = [a.asname or a.name for a in statement.names]  # type: ignore[attr-defined]
        elif kind is ast.ImportFrom:
            names = [a.asname or a.name for a in statement.names]  # type: ignore[attr-defined]
            if names == ["*"]:
                names = [statement.module or ""]  # type: ignore[attr-defined]
        elif kind is ast.Assign:
            names = [n.id for t in statement.targets for n in ast.walk(t) if type(n) is _Name]  # type: ignore[attr-defined]
        elif kind is ast.AnnAssign or kind is ast.AugAssign:
            names = [statement.target.id] if type(statement.target) is _Name else []  # type: ignore[attr-defined]
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            if _APP_FACTORY.match(statement.name):  # type: ignore[attr-defined]
                return True  # ``gunicorn "shop:create_app()"``
            continue
        else:
            continue
        # an app is an object (``app``, ``application``, ``APP``), not a class (``App``)
        if any(app_word(name) and not (name[:1].isupper() and not name.isupper()) for name in names):
            return True
    return False


# -- dotenv-config ----------------------------------------------------------------------------------

# Substrings of every token and key looks_like_credential accepts.
_TOKEN_MARKERS = (
    "-----BEGIN", "sk_live_", "rk_live_", "sk_test_", "rk_test_", "ghp_", "gho_", "ghu_", "ghs_",
    "github_pat_", "xox", "glpat-", "AKIA", "AIza",
)


def _text_may_be_sensitive(
    text: str, looks_like_credential: Callable[[str], bool], looks_like_service_url: Callable[[str], bool]
) -> bool:
    """Whether one of the string literals ``text`` is made of may be a credential or a
    service URL. dotenv-config asks that of each literal, matching at its start; CPython
    joins implicitly concatenated literals into one constant, so each place where a
    literal with a URL could start (the letters before each ``://``) is tried."""
    if any(marker in text for marker in _TOKEN_MARKERS):
        return True
    index = text.find("://")
    while index != -1:
        start = index
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "+.-_"):
            start -= 1
        for begin in range(start, index):
            if text[begin].isalpha():
                rest = text[begin:]
                if looks_like_credential(rest) or looks_like_service_url(rest):
                    return True
        index = text.find("://", index + 1)
    return False


def _value_may_be_sensitive(
    value: ast.AST, looks_like_credential: Callable[[str], bool], looks_like_service_url: Callable[[str], bool]
) -> bool:
    for node in ast.walk(value):
        if type(node) is _Constant:
            text = node.value  # type: ignore[attr-defined]
            if isinstance(text, bytes):
                text = text.decode("latin-1")
            if isinstance(text, str) and _text_may_be_sensitive(text, looks_like_credential, looks_like_service_url):
                return True
    return False


def _config_like_class(node: ast.ClassDef, not_config_bases: re.Pattern[str]) -> bool:
    """dotenv-config's test of a class of settings (only attributes, methods, docstrings and
    ``pass``; no base that makes it something else), erring towards True: an f-string
    statement counts as a docstring, a one-line class body as a block."""
    if any(not_config_bases.search(_dotted(base) or "") for base in node.bases):
        return False
    for statement in node.body:
        kind = type(statement)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign, ast.Pass):
            continue
        if kind is ast.Expr and _is_string(statement.value):  # type: ignore[attr-defined]
            continue
        return False
    return True


def _class_attributes(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr]]:
    for statement in node.body:
        assigned = _assigned(statement)
        if assigned is not None:
            yield assigned


def _path_parts(path: str) -> list[str]:
    return [part for part in path.replace("\\", "/").split("/") if part]


def config_module_named(path: str, stems: tuple[str, ...], folders: Collection[str]) -> bool:
    """dotenv-config's test of a config module's path: ``config.py``, ``*_settings.py``, a
    module in a ``config/`` or ``instance/`` folder ..."""
    parts = _path_parts(path)
    if not parts:
        return False
    stem = parts[-1].split(".", 1)[0].lower()
    folder = parts[-2].lower() if len(parts) > 1 else ""
    return (stem.endswith(stems) and not stem.startswith(("test", "configure"))) or folder in folders


def _settings_module_shape(tree: ast.Module) -> bool:
    """No top-level loop, with statement or expression other than a string: dotenv-config's
    test of a config module, erring towards True (an f-string counts as a string)."""
    for statement in tree.body:
        kind = type(statement)
        if kind in (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith):
            return False
        if kind is ast.Expr and not _is_string(statement.value):  # type: ignore[attr-defined]
            return False
    return True


def dotenv_config(
    tree: ast.Module,
    path: str,
    *,
    is_test_path: Callable[[str], bool],
    module_stems: tuple[str, ...],
    module_folders: Collection[str],
    is_config_key: Callable[[str], bool],
    is_secret_name: Callable[[str], bool],
    is_setting_name: Callable[[str], bool],
    looks_like_credential: Callable[[str], bool],
    looks_like_service_url: Callable[[str], bool],
    class_suffixes: tuple[str, ...],
    not_config_bases: re.Pattern[str],
    app_attributes: Collection[str],
) -> bool:
    """Where dotenv-config finds values, each a necessary condition of its collector:

    - not a test file (``is_test_path``: left alone);
    - a Flask app, and a secret or setting given to it: ``X.config["KEY"] = value``,
      ``X.<app_attributes> = value`` (secret_key, debug ...), ``X.config.update(KEY=value)``
      or ``from_mapping``;
    - ``X.config.from_object(...)`` / ``from_pyfile(...)`` (a module loading itself, a
      loaded config class, a .cfg file with secrets);
    - ``X.run(debug=True)`` (also on an app imported or made by a factory);
    - module-level UPPER_CASE constants that may move: a secret (by name or value) in a
      module that imports flask; a secret or a setting in a module named like a config
      module (a stem ending with one of ``module_stems``, or in one of ``module_folders``)
      and shaped like one;
    - attributes of config classes (named ``...Config``/``...Settings``, or any config-like
      class of a config module, and their family by inheritance) holding a secret or setting.
    """
    if is_test_path(path):
        return False
    found = facts(tree)

    def sensitive(key: str, value: ast.AST, settings: bool) -> bool:
        return is_config_key(key) and (
            is_secret_name(key)
            or (settings and is_setting_name(key))
            or _value_may_be_sensitive(value, looks_like_credential, looks_like_service_url)
        )

    config_module = config_module_named(path, module_stems, module_folders) and _settings_module_shape(tree)
    if config_module or found.imports("flask"):
        for statement in tree.body:
            assigned = _assigned(statement)
            if assigned is not None and sensitive(assigned[0], assigned[1], config_module):
                return True

    classes = {
        statement.name: statement
        for statement in tree.body
        if type(statement) is ast.ClassDef and _config_like_class(statement, not_config_bases)
    }
    if classes and _config_class_may_move(classes, config_module, class_suffixes, is_config_key, sensitive):
        return True
    app = creates_flask_app(tree)
    if app:
        for statement in found.assignments:
            if type(statement) is ast.Assign and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif type(statement) is ast.AnnAssign and statement.value is not None:
                target, value = statement.target, statement.value
            else:
                continue
            if type(target) is _Attribute and target.attr in app_attributes:
                return True
            if type(target) is ast.Subscript and type(target.value) is _Attribute and target.value.attr == "config":
                key = target.slice
                if type(key) is _Constant and isinstance(key.value, str) and sensitive(key.value, value, True):
                    return True
    # last, as it needs a walk over every expression: from_object, from_pyfile, run(debug=True),
    # config.update(...) and config.from_mapping(...) of an app
    for call in found.calls:
        func = call.func
        if type(func) is not _Attribute:
            continue
        if func.attr in ("from_object", "from_pyfile"):  # type: ignore[attr-defined]
            if type(func.value) is _Attribute and func.value.attr == "config":  # type: ignore[attr-defined]
                return True
        elif func.attr == "run":  # type: ignore[attr-defined]
            debug = next((k.value for k in call.keywords if k.arg == "debug"), None)
            if _is_true(debug) or (debug is None and len(call.args) >= 3 and _is_true(call.args[2])):
                return True
        elif app and func.attr in ("update", "from_mapping"):  # type: ignore[attr-defined]
            if type(func.value) is _Attribute and func.value.attr == "config":  # type: ignore[attr-defined]
                if any(k.arg is not None and sensitive(k.arg, k.value, True) for k in call.keywords):
                    return True
                for argument in call.args:
                    if type(argument) is ast.Dict:
                        for key, value in zip(argument.keys, argument.values):
                            if type(key) is _Constant and isinstance(key.value, str):
                                if sensitive(key.value, value, True):
                                    return True
    return False


def class_family(chosen: set[str], bases: dict[str, set[str]]) -> set[str]:
    """``chosen`` config classes with their family in one module: the classes they derive
    from and the classes deriving from them, transitively. ``bases``: class -> base names."""
    family = set(chosen)
    changed = True
    while changed:
        changed = False
        for name, names in bases.items():
            if name in family:
                new = {base for base in names if base in bases and base not in family}
            elif names & family:
                new = {name}
            else:
                new = set()
            if new:
                family |= new
                changed = True
    return family


def _config_class_may_move(
    classes: dict[str, ast.ClassDef],
    config_module: bool,
    class_suffixes: tuple[str, ...],
    is_config_key: Callable[[str], bool],
    sensitive: Callable[[str, ast.AST, bool], bool],
) -> bool:
    """Whether a config class (or one of its family in the module) holds a value that may move."""
    chosen = {
        name
        for name, node in classes.items()
        if name.endswith(class_suffixes)
        or (config_module and any(is_config_key(key) for key, _ in _class_attributes(node)))
    }
    chosen = class_family(chosen, {name: {_dotted(base) for base in node.bases} for name, node in classes.items()})
    return any(
        sensitive(key, value, True) for name in chosen for key, value in _class_attributes(classes[name])
    )
