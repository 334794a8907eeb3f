"""Request-independence analysis for cache-views: may this function's result be shared?

``Analysis.view(function, folders)`` scans a view's body (and, recursively, the helpers,
classes and decorators of the same module it uses, and the templates it renders) and returns
the first reason it is not provably the same for every request to its URL, or None. Names
are resolved by qualified name; other files are read only through the context's reader.

The rule for code in other modules (which one module does not show): a call into another
module is allowed unless its name says it is per-user (``get_current_user``) or writes
(its first word is a write verb: ``save_book``, ``send_mail``, ``update_stats``). That is
what makes a view whose expensive work lives in ``services.py`` cacheable; the residual risk
(a helper elsewhere that quietly reads ``flask.request``) is stated in the codemod's docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import libcst as cst
from libcst.metadata import (
    Assignment,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)

from ._base import metadata_value
from ._cache_views_templates import PATH_ATTRIBUTES, TemplateAnalyser
from ._names import dotted_name

PER_USER = "the page differs per user"
PER_REQUEST = "the page differs per request"
SKIPS_WRITE = "a cached page would skip it"

REQUEST_ROOTS = ("flask.request", "flask.globals.request")

# qualified-name prefix -> reason ({name}: the qualified name found)
_SESSION = f"reads session: {PER_USER}"
_G = "reads g: the page depends on per-request state"
_FLASHED = f"shows flashed messages: {PER_USER}"
_FLASH = "flashes a message, which writes to the user's session"
_CURRENT_USER = f"reads current_user: {PER_USER}"
_LOGIN = "uses {name}: the page depends on who is logged in"
_STREAM = "streams its response ({short}): a stream cannot be cached"
_FILE = "sends a file ({short}): file responses are streamed and cannot be cached"
_CONTEXT = "depends on the request context ({short})"
_CHANGING = "uses {short}: the page would change with every request"
_SIDE_EFFECT = f"calls {{short}}, which changes things outside the view: {SKIPS_WRITE}"

PREFIX_REASONS: tuple[tuple[str, str], ...] = (
    ("flask.session", _SESSION),
    ("flask.globals.session", _SESSION),
    ("flask.g", _G),
    ("flask.globals.g", _G),
    ("flask.get_flashed_messages", _FLASHED),
    ("flask.helpers.get_flashed_messages", _FLASHED),
    ("flask.flash", _FLASH),
    ("flask.helpers.flash", _FLASH),
    ("flask_login.current_user", _CURRENT_USER),
    ("flask_login.utils.current_user", _CURRENT_USER),
    ("flask_login", _LOGIN),
    ("flask_security", _LOGIN),
    ("flask_principal", _LOGIN),
    ("flask_jwt_extended", _LOGIN),
    ("flask_jwt", _LOGIN),
    ("flask_httpauth", _LOGIN),
    ("flask_user", _LOGIN),
    ("flask_praetorian", _LOGIN),
    ("flask_babel", "translates text ({short}): the language may differ per user"),
    ("flask_babelex", "translates text ({short}): the language may differ per user"),
    ("flask_wtf", "uses {short}: its forms carry a per-user CSRF token"),
    ("flask.stream_with_context", _STREAM),
    ("flask.helpers.stream_with_context", _STREAM),
    ("flask.stream_template", _STREAM),
    ("flask.stream_template_string", _STREAM),
    ("flask.templating.stream_template", _STREAM),
    ("flask.templating.stream_template_string", _STREAM),
    ("flask.send_file", _FILE),
    ("flask.send_from_directory", _FILE),
    ("flask.helpers.send_file", _FILE),
    ("flask.helpers.send_from_directory", _FILE),
    ("werkzeug.utils.send_file", _FILE),
    ("werkzeug.utils.send_from_directory", _FILE),
    ("flask.after_this_request", "changes its response after the request (after_this_request)"),
    ("flask.ctx.after_this_request", "changes its response after the request (after_this_request)"),
    ("flask.copy_current_request_context", _CONTEXT),
    ("flask.ctx.copy_current_request_context", _CONTEXT),
    ("flask.has_request_context", _CONTEXT),
    ("flask.ctx.has_request_context", _CONTEXT),
    ("flask.request_ctx", _CONTEXT),
    ("flask.globals.request_ctx", _CONTEXT),
    # time-, random- and id-dependent
    ("datetime.datetime.now", _CHANGING),
    ("datetime.datetime.utcnow", _CHANGING),
    ("datetime.datetime.today", _CHANGING),
    ("datetime.date.today", _CHANGING),
    ("time.time", _CHANGING),
    ("time.time_ns", _CHANGING),
    ("time.monotonic", _CHANGING),
    ("time.monotonic_ns", _CHANGING),
    ("time.perf_counter", _CHANGING),
    ("time.perf_counter_ns", _CHANGING),
    ("time.process_time", _CHANGING),
    ("time.localtime", _CHANGING),
    ("time.gmtime", _CHANGING),
    ("time.ctime", _CHANGING),
    ("time.asctime", _CHANGING),
    ("time.strftime", _CHANGING),
    ("random", _CHANGING),
    ("uuid", _CHANGING),
    ("secrets", _CHANGING),
    ("numpy.random", _CHANGING),
    ("os.urandom", _CHANGING),
    ("os.getrandom", _CHANGING),
    ("arrow.now", _CHANGING),
    ("arrow.utcnow", _CHANGING),
    ("pendulum.now", _CHANGING),
    ("pendulum.today", _CHANGING),
    # side effects outside the process
    ("subprocess", _SIDE_EFFECT),
    ("shutil", _SIDE_EFFECT),
    ("smtplib", _SIDE_EFFECT),
    ("os.system", _SIDE_EFFECT),
    ("os.popen", _SIDE_EFFECT),
    ("os.remove", _SIDE_EFFECT),
    ("os.unlink", _SIDE_EFFECT),
    ("os.rename", _SIDE_EFFECT),
    ("os.replace", _SIDE_EFFECT),
    ("os.makedirs", _SIDE_EFFECT),
    ("os.mkdir", _SIDE_EFFECT),
    ("os.rmdir", _SIDE_EFFECT),
    ("os.kill", _SIDE_EFFECT),
    ("builtins.exec", "runs code with exec/eval, which the codemod cannot see into"),
    ("builtins.eval", "runs code with exec/eval, which the codemod cannot see into"),
)

RENDER_TEMPLATE = ("flask.render_template", "flask.templating.render_template")
RENDER_TEMPLATE_STRING = ("flask.render_template_string", "flask.templating.render_template_string")
URL_FOR = ("flask.url_for", "flask.helpers.url_for")
OPEN = ("builtins.open", "io.open", "codecs.open")
RESPONSES = (
    "flask.Response",
    "flask.wrappers.Response",
    "werkzeug.Response",
    "werkzeug.wrappers.Response",
    "werkzeug.wrappers.response.Response",
    "flask.make_response",
    "flask.helpers.make_response",
)
FRESH_CALLS = (
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "builtins.frozenset",
    "builtins.tuple",
    "builtins.sorted",
    "builtins.str",
    "builtins.bytearray",
    "collections.defaultdict",
    "collections.OrderedDict",
    "collections.Counter",
    "collections.deque",
    "copy.copy",
    "copy.deepcopy",
)

# The first word of a called name that says it writes (whatever the receiver) ...
WRITE_VERBS = frozenset(
    """commit flush rollback save send sendall sendmail emit publish write writelines upsert create
    drop truncate store persist post put patch increment decrement incr incrby decr decrby setex
    hset hmset hincrby lpush rpush sadd zadd srem lrem expire enqueue delay notify upload unlink
    rename mkdir makedirs rmdir touch kill bulk executemany executescript writerow writerows
    writeheader""".split()
)
# ... and the first words that write unless the receiver is a container the function made itself
MUTATING_VERBS = frozenset(
    "add append extend insert update delete remove pop popitem clear discard setdefault set push".split()
)
# names (their words) that say "per user" when they come from another module
_USER_WORDS = frozenset({"current_user", "current_identity", "whoami"})
_SQL_WRITE = re.compile(
    r"\b(insert|update|delete|merge|create|drop|alter|replace|truncate|grant|revoke|into|upsert|vacuum|attach)\b",
    re.IGNORECASE,
)
_SQL_READ = re.compile(r"^\s*(?:--[^\n]*\n\s*)*(select|with|show|explain|describe)\b", re.IGNORECASE)
# decorators whose names say authentication or permission
AUTH_WORDS = frozenset(
    """login logged auth authenticated authenticate authorize authorized authorization permission
    permissions perm perms role roles admin token jwt required requires principal user users
    identity privileged staff superuser""".split()
)
_CACHE_DECORATORS = ("cached", "memoize")
MAX_HELPER_DEPTH = 12  # helpers calling helpers: deeper chains are not followed (no cache)


def words(name: str) -> list[str]:
    """``getCurrentUser`` / ``get_current_user`` -> ["get", "current", "user"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w.lower() for w in spaced.split("_") if w]


def chain(how: str, problem: str) -> str:
    """"calls f() (line 3), which" + problem; a long chain of helpers keeps its first hops
    and the reason at its end."""
    parts = f"{how} {problem}".split(", which ")
    if len(parts) > 4:
        last = parts[-1].removeprefix("(through more helpers) ")
        parts = parts[:3] + ["(through more helpers) " + last]
    return ", which ".join(parts)


def short_name(qualified: str) -> str:
    parts = qualified.split(".")
    return ".".join(parts[-2:]) if len(parts) > 1 else qualified


def reason_for_name(qualified: str) -> str | None:
    """The reason a reference to ``qualified`` makes a page per-user or changing, if any."""
    for prefix, reason in PREFIX_REASONS:
        if qualified == prefix or qualified.startswith(prefix + "."):
            # "datetime.datetime.now.isoformat" -> "datetime.now"; "random.randint" stays
            kept = qualified.split(".")[: max(len(prefix.split(".")), 2)]
            return reason.format(name=".".join(kept), short=short_name(".".join(kept)))
    return None


def is_cache_decorator(decorator: cst.Decorator) -> str | None:
    """``@cache.cached(...)`` / ``@cache.memoize(...)``: the name of the Cache object, else None."""
    expression = decorator.decorator
    if isinstance(expression, cst.Call):
        expression = expression.func
    if isinstance(expression, cst.Attribute) and expression.attr.value in _CACHE_DECORATORS:
        return dotted_name(expression.value)
    return None


@dataclass
class Verdict:
    problem: str | None = None
    query_string: bool = False
    renders: bool = False  # renders a template (context processors matter then)


class Analysis:
    """Per-module analysis state; memoises helpers and templates."""

    def __init__(
        self,
        wrapper: MetadataWrapper,
        read: Callable[[str], str | None],
    ) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.read = read
        self._memo: dict[tuple[int, tuple[str, ...]], Verdict] = {}
        self._active: set[int] = set()
        self._templates: dict[tuple[str, ...], TemplateAnalyser] = {}

    # -- metadata helpers ------------------------------------------------------------------
    def qualified(self, node: cst.CSTNode) -> set:
        found = metadata_value(self.wrapper, QualifiedNameProvider, node)
        return set(found) if found else set()

    def names(self, node: cst.CSTNode) -> set[str]:
        return {q.name for q in self.qualified(node)}

    def scope(self, node: cst.CSTNode):
        return metadata_value(self.wrapper, ScopeProvider, node)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def line(self, node: cst.CSTNode) -> int:
        position = metadata_value(self.wrapper, PositionProvider, node)
        return position.start.line if position is not None else 0

    def code(self, node: cst.CSTNode) -> str:
        text = " ".join(self.module.code_for_node(node).split())
        return text if len(text) <= 40 else text[:37] + "..."

    def templates(self, folders: Sequence[str]) -> TemplateAnalyser:
        key = tuple(folders)
        if key not in self._templates:
            self._templates[key] = TemplateAnalyser(self.read, key)
        return self._templates[key]

    # -- entry points ----------------------------------------------------------------------
    def view(self, function: cst.FunctionDef, folders: Sequence[str]) -> Verdict:
        """Scan a view's parameters and body (its decorators are judged by the caller)."""
        scan = _Scan(self, function, tuple(folders), is_view=True)
        function.params.visit(scan)
        if scan.verdict.problem is None:
            function.body.visit(scan)
        return scan.verdict

    def helper(self, node: cst.CSTNode, folders: Sequence[str]) -> Verdict:
        """Scan a function, class or expression of this module that a view uses (memoised;
        a recursive use counts as clean while it is being scanned)."""
        key = (id(node), tuple(folders))
        if key in self._memo:
            return self._memo[key]
        if id(node) in self._active:
            return Verdict()
        if len(self._active) >= MAX_HELPER_DEPTH:
            return Verdict(problem="uses helpers nested too deeply for the codemod to follow")
        self._active.add(id(node))
        try:
            scan = _Scan(self, node, tuple(folders), is_view=False)
            node.visit(scan)
        finally:
            self._active.discard(id(node))
        self._memo[key] = scan.verdict
        return scan.verdict

    def same_module_targets(self, name: cst.Name, inside: set[int]) -> list[tuple[cst.CSTNode, str]]:
        """Functions, classes and lambdas of this module that ``name`` refers to (not those
        defined inside the function being scanned, which is scanned as a whole)."""
        scope = self.scope(name)
        if scope is None or name.value not in scope:
            return []
        found: list[tuple[cst.CSTNode, str]] = []
        for assignment in scope[name.value]:
            if not isinstance(assignment, Assignment):
                continue
            node = assignment.node
            if id(node) in inside:
                continue
            if isinstance(node, cst.FunctionDef):
                found.append((node, f"calls {node.name.value}() (line {self.line(node)}), which"))
            elif isinstance(node, cst.ClassDef):
                found.append((node, f"uses class {node.name.value} (line {self.line(node)}), which"))
            elif isinstance(node, cst.Name):
                parent = self.parent(node)
                if isinstance(parent, cst.AssignTarget):
                    parent = self.parent(parent)
                value = getattr(parent, "value", None)
                if isinstance(value, cst.Lambda) or (
                    isinstance(value, cst.Call) and self.names(value.func) & {"functools.partial"}
                ):
                    found.append((value, f"uses {name.value} (line {self.line(node)}), which"))
        return found


class _Scan(cst.CSTVisitor):
    """One pass over a function (or class, or expression): the first problem wins."""

    def __init__(self, analysis: Analysis, root: cst.CSTNode, folders: tuple[str, ...], *, is_view: bool) -> None:
        self.a = analysis
        self.root = root
        self.folders = folders
        self.is_view = is_view
        self.verdict = Verdict()
        self.functions: list[cst.FunctionDef] = []  # enclosing functions, innermost last
        self.inside: set[int] = set()
        collector = _Definitions()
        root.visit(collector)
        self.inside = collector.ids
        self.root_scope = None
        if isinstance(root, (cst.FunctionDef, cst.ClassDef)):
            self.root_scope = analysis.scope(root.body)

    # -- control ---------------------------------------------------------------------------
    def fail(self, reason: str) -> None:
        if self.verdict.problem is None:
            self.verdict.problem = reason

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.verdict.problem is not None:
            return False
        return super().on_visit(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.functions.pop()

    def _in_view_body(self) -> bool:
        """True where a ``yield`` makes the view itself a generator."""
        return self.is_view and not self.functions

    # -- statements that write -------------------------------------------------------------
    def visit_Global(self, node: cst.Global) -> None:
        names = ", ".join(n.name.value for n in node.names)
        self.fail(f"declares global {names}: it changes module state, and {SKIPS_WRITE}")

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        names = ", ".join(n.name.value for n in node.names)
        self.fail(f"declares nonlocal {names}: it changes state outside the view, and {SKIPS_WRITE}")

    def visit_Yield(self, node: cst.Yield) -> None:
        if self._in_view_body():
            self.fail("streams its response (yield): a stream cannot be cached")

    def visit_Await(self, node: cst.Await) -> None:
        if self._in_view_body():
            self.fail("is a coroutine view: Flask-Caching cannot cache it safely")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._target(node.target)

    def _target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value)
            return
        if isinstance(target, cst.StarredElement):
            self._target(target.value)
            return
        if isinstance(target, (cst.Attribute, cst.Subscript)):
            root = _root_name(target)
            if root is not None and (self._fresh(root) or self._self_in_init(root)):
                return
            if root is not None:
                for qualified in sorted(self.a.names(root)):
                    reason = reason_for_name(qualified)
                    if reason is not None:
                        self.fail(reason)
                        return
            self.fail(f"changes {self.a.code(target)} (line {self.a.line(target)}), state outside the view: {SKIPS_WRITE}")

    def _self_in_init(self, name: cst.Name) -> bool:
        if not self.functions:
            return False
        function = self.functions[-1]
        params = function.params.params
        return (
            function.name.value in ("__init__", "__post_init__")
            and bool(params)
            and params[0].name.value == name.value
        )

    def _fresh(self, name: cst.Name) -> bool:
        """True when ``name`` is a local of the scanned code bound only to a container it
        made itself (``rows = []``, ``data = dict(...)``, a comprehension)."""
        scope = self.a.scope(name)
        if scope is None or name.value not in scope or self.root_scope is None:
            return False
        assignments = list(scope[name.value])
        if not assignments:
            return False
        for assignment in assignments:
            if not isinstance(assignment, Assignment) or not self._local_scope(assignment.scope):
                return False
            node = assignment.node
            if not isinstance(node, cst.Name):
                return False
            parent = self.a.parent(node)
            if isinstance(parent, cst.AssignTarget):
                parent = self.a.parent(parent)
            if isinstance(parent, cst.AugAssign):
                continue
            if not isinstance(parent, (cst.Assign, cst.AnnAssign, cst.NamedExpr)) or parent.value is None:
                return False
            if not self._fresh_value(parent.value):
                return False
        return True

    def _local_scope(self, scope) -> bool:
        while scope is not None:
            if scope is self.root_scope:
                return True
            if scope.parent is scope:
                return False
            scope = scope.parent
        return False

    def _fresh_value(self, value: cst.BaseExpression) -> bool:
        if isinstance(
            value,
            (cst.List, cst.Dict, cst.Set, cst.Tuple, cst.ListComp, cst.DictComp, cst.SetComp, cst.SimpleString,
             cst.FormattedString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.BinaryOperation),
        ):
            return True
        if isinstance(value, cst.Call):
            if self.a.names(value.func) & set(FRESH_CALLS):
                return True
            if isinstance(value.func, cst.Name):
                return any(isinstance(node, cst.ClassDef) for node, _ in self.a.same_module_targets(value.func, self.inside))
        return False

    # -- references ------------------------------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if self._reference(node):
            return False
        node.value.visit(self)  # the attribute name itself is no reference
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if self._reference(node):
            return
        for target, how in self.a.same_module_targets(node, self.inside):
            verdict = self.a.helper(target, self.folders)
            self.verdict.query_string |= verdict.query_string
            self.verdict.renders |= verdict.renders
            if verdict.problem is not None:
                self.fail(chain(how, verdict.problem))
                return

    def _reference(self, node: cst.CSTNode) -> bool:
        """Judge a Name/Attribute by what it refers to; True when it was decided here."""
        for qualified in self.a.qualified(node):
            name = qualified.name
            for root in REQUEST_ROOTS:
                if name == root:
                    self.fail(f"uses the request object: {PER_REQUEST}")
                    return True
                if name.startswith(root + "."):
                    attribute = name[len(root) + 1 :].split(".")[0]
                    if attribute == "args":
                        self.verdict.query_string = True
                    elif attribute in PATH_ATTRIBUTES:
                        pass  # decided by the path, which is the cache key
                    elif attribute in ("cookies", "headers", "authorization", "remote_addr", "user_agent"):
                        self.fail(f"reads request.{attribute}: {PER_USER}")
                    else:
                        self.fail(f"reads request.{attribute}: {PER_REQUEST}")
                    return True
            reason = reason_for_name(name)
            if reason is not None:
                self.fail(reason)
                return True
            if qualified.source == QualifiedNameSource.IMPORT and name.rsplit(".", 1)[-1] in _USER_WORDS:
                self.fail(f"uses {short_name(name)}: {PER_USER}")
                return True
        return False

    # -- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        qualified = self.a.qualified(node.func)
        names = {q.name for q in qualified}
        for name in sorted(names):
            reason = reason_for_name(name)
            if reason is not None:
                self.fail(reason)
                return
        if names & set(RENDER_TEMPLATE):
            self._render_template(node)
        elif names & set(RENDER_TEMPLATE_STRING):
            self._render_template_string(node)
        elif names & set(URL_FOR):
            if any(a.keyword is not None and a.keyword.value == "_external" for a in node.args) or any(
                a.star == "**" for a in node.args
            ):
                self.fail("builds an external URL (url_for with _external): it depends on the request's host")
        elif names & set(OPEN):
            self._open(node, positional_mode=1)
        elif names & set(RESPONSES) or (
            isinstance(node.func, cst.Attribute) and node.func.attr.value == "response_class"
        ):
            self._response(node)
        elif names & {"builtins.setattr", "builtins.delattr"}:
            first = _positional(node, 0)
            root = _root_name(first) if first is not None else None
            if root is None or not self._fresh(root):
                self.fail(f"changes an attribute with {self.a.code(node.func)}(): {SKIPS_WRITE}")
        elif names & {"builtins.next"}:
            first = _positional(node, 0)
            root = _root_name(first) if not isinstance(first, cst.Call) else None
            if root is not None and not self._local_name(root):
                self.fail("advances an iterator shared between requests (next()): the page would change every time")
        if self.verdict.problem is not None:
            return
        if isinstance(node.func, cst.Attribute):
            self._method_call(node, node.func)
        elif isinstance(node.func, cst.Name) and any(q.source == QualifiedNameSource.IMPORT for q in qualified):
            self._imported_call(node, node.func.value)

    def _local_name(self, name: cst.Name) -> bool:
        scope = self.a.scope(name)
        if scope is None or name.value not in scope:
            return False
        return all(isinstance(a, Assignment) and self._local_scope(a.scope) for a in scope[name.value])

    def _method_call(self, node: cst.Call, func: cst.Attribute) -> None:
        attribute = func.attr.value
        first = (words(attribute) or [attribute])[0]
        if attribute in ("execute",):
            if not _read_only_sql(node, self.a):
                self.fail(f"runs SQL that may write ({self.a.code(node.func)}): {SKIPS_WRITE}")
            return
        if attribute == "open":
            self._open(node, positional_mode=0)
            return
        if attribute == "apply_async" or first in WRITE_VERBS:
            self.fail(f"calls {self.a.code(func)}(), which writes: {SKIPS_WRITE}")
            return
        if first in MUTATING_VERBS:
            root = _root_name(func.value)
            if root is not None and self._fresh(root):
                return
            self.fail(f"calls {self.a.code(func)}(), which changes state outside the view: {SKIPS_WRITE}")
            return
        imported = [q for q in self.a.qualified(func) if q.source == QualifiedNameSource.IMPORT]
        if imported:
            self._imported_call(node, attribute)

    def _imported_call(self, node: cst.Call, name: str) -> None:
        """A call into another module: judged by its name (its code is not visible)."""
        parts = words(name)
        if not parts:
            return
        if parts[0] in WRITE_VERBS or parts[0] in MUTATING_VERBS:
            self.fail(f"calls {self.a.code(node.func)}(), whose name says it writes: {SKIPS_WRITE}")
        elif "user" in parts and parts[0] in ("current", "get", "load", "fetch", "this") or name in _USER_WORDS:
            self.fail(f"calls {self.a.code(node.func)}(), whose name says it depends on the user: {PER_USER}")
        elif {"cookie", "cookies", "request", "login", "csrf", "locale"} & set(parts):
            self.fail(f"calls {self.a.code(node.func)}(), whose name says it depends on the request: {PER_REQUEST}")

    def _open(self, node: cst.Call, *, positional_mode: int) -> None:
        mode_arg = None
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value == "mode":
                mode_arg = arg.value
        if mode_arg is None:
            mode_arg = _positional(node, positional_mode)
        if mode_arg is None:
            return
        mode = _string(mode_arg)
        if mode is None or any(c in mode for c in "wax+"):
            self.fail(f"opens a file for writing ({self.a.code(node)}): {SKIPS_WRITE}")

    def _response(self, node: cst.Call) -> None:
        body = _positional(node, 0)
        if isinstance(body, cst.GeneratorExp):
            self.fail("streams its response (a generator): a stream cannot be cached")
            return
        if isinstance(body, cst.Call) and isinstance(body.func, cst.Name):
            scope = self.a.scope(body.func)
            if scope is not None and body.func.value in scope:
                for assignment in scope[body.func.value]:
                    if isinstance(assignment, Assignment) and isinstance(assignment.node, cst.FunctionDef):
                        if _is_generator(assignment.node):
                            self.fail(f"streams its response ({assignment.node.name.value}() yields): a stream cannot be cached")
                            return

    def _render_template(self, node: cst.Call) -> None:
        self.verdict.renders = True
        arg = _positional(node, 0)
        for candidate in node.args:
            if candidate.keyword is not None and candidate.keyword.value == "template_name_or_list":
                arg = candidate.value
        names = _literal_names(arg)
        if names is None:
            self.fail("renders a template whose name is chosen at run time")
            return
        analyser = self.a.templates(self.folders)
        for name in names:
            verdict = analyser.analyse(name)
            self.verdict.query_string |= verdict.query_string
            if verdict.problem is not None:
                self.fail(f"renders template {name!r}, which {verdict.problem}")
                return

    def _render_template_string(self, node: cst.Call) -> None:
        self.verdict.renders = True
        source = _string(_positional(node, 0))
        if source is None:
            self.fail("renders a template string that is not a literal")
            return
        verdict = self.a.templates(self.folders).analyse_source(source)
        self.verdict.query_string |= verdict.query_string
        if verdict.problem is not None:
            self.fail(f"renders a template string, which {verdict.problem}")


class _Definitions(cst.CSTVisitor):
    """ids of every function, class and lambda inside a node (the node included)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.ids.add(id(node))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.ids.add(id(node))

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.ids.add(id(node))


def _root_name(node: cst.BaseExpression | None) -> cst.Name | None:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _positional(call: cst.Call, index: int) -> cst.BaseExpression | None:
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[index].value if len(positional) > index else None


def _string(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _literal_names(node: cst.CSTNode | None) -> list[str] | None:
    value = _string(node)
    if value is not None:
        return [value]
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        names = [_string(e.value) for e in node.elements]
        if all(isinstance(n, str) for n in names):
            return names  # type: ignore[return-value]
    return None


def _sql_prefix(node: cst.CSTNode | None, analysis: Analysis) -> str | None:
    if node is None:
        return None
    value = _string(node)
    if value is not None:
        return value
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.Call):
        if isinstance(node.func, (cst.Name, cst.Attribute)):
            last = node.func.value if isinstance(node.func, cst.Name) else node.func.attr.value
            if last == "select":
                return "SELECT"
        return _sql_prefix(_positional(node, 0), analysis)
    return None


def _read_only_sql(call: cst.Call, analysis: Analysis) -> bool:
    sql = _sql_prefix(_positional(call, 0), analysis)
    return sql is not None and bool(_SQL_READ.match(sql)) and not _SQL_WRITE.search(sql)


def _is_generator(function: cst.FunctionDef) -> bool:
    class _Yields(cst.CSTVisitor):
        found = False

        def visit_Yield(self, node: cst.Yield) -> None:
            self.found = True

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    finder = _Yields()
    function.visit(finder)
    return finder.found


def iter_decorator_names(decorators: Iterable[cst.Decorator]) -> Iterable[tuple[cst.Decorator, str | None]]:
    for decorator in decorators:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        yield decorator, dotted_name(expression)

