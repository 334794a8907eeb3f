"""http-timeout: which timeout to write, as the code itself already says it.

1. The largest number this module already passes as the timeout of an HTTP client call (a
   request function, a session's or client's request method, ``urlopen``, a wrapper of the
   module's around them: _http_timeout_client_calls), lengthened by the waits of calls that
   may be ones (any call by a request's name: a session also bound to something else; never
   alone: a queue's ``jobs.get(timeout=1)``): the calls
   of one module usually talk to one service, and the author chose that wait for it. Not a
   call that is a statement of its own (a webhook fired and forgotten): its wait bounds a
   side effect, not an answer, and does not make the project one that times its HTTP calls
   (below).
2. Else the largest wait the project's application code passes to a call: a number given as
   a call's ``timeout=`` (or ``connect_timeout=``, ``read_timeout=`` ...) — a request's, a
   job's, a database client's, a query's. A call that legitimately runs that long elsewhere
   in the project (a query runner, a report) is not cut shorter than the project allows it.
   A wait shorter than the option counts only where the project gives some HTTP call a
   timeout itself: a database client's ``timeout=1`` or a kernel's ``timeout=40`` says how
   long that call may take, not how long a response may, and may only lengthen the wait. A
   number that is only named (``TIMEOUT = 1800``, a ``{"timeout": 1800}`` of server options:
   how long a gunicorn worker may take) is not a wait any call makes, and cache lifetimes
   and session, token or lock expiries are not waits at all: none of them count. Nor do
   modules that import a browser driver (Playwright, Pyppeteer: their timeouts are in
   milliseconds; a page handed to another module still counts, read as seconds: longer, never
   shorter, than meant), nor a wait above ten minutes: that is a
   batch's or a protocol's (an ACME client's ``timeout=3600``), not what a login or a
   webhook elsewhere should wait.
3. Else the codemod's option (60 seconds by default).

A wait the module names for its calls and gives none of them (``REQUEST_TIMEOUT = 30``, the
calls forgot it) comes before 1 to 3 where it is at least as long: it may lengthen their
wait, never shorten it (_http_timeout_named_wait).

Then, per call, the project's own wait for the call's host where it is longer: a call whose
URL starts with a literal scheme and host (``f"https://parser.example/parse?doi={doi}"``)
that the project's application code elsewhere calls with ``timeout=120`` (there, or in a
function it hands such a URL to) gets 120, not the 3 seconds the module gives a probe of
another service (_http_timeout_endpoints).

But no number at all where the code reads its request timeouts from its configuration
(``timeout=int(Setting().get("api_timeout"))``, ``timeout=app.config["HTTP_TIMEOUT"]``, a
lookup with a number as its default too: ``self.configuration.get("timeout", 600)``,
``int(os.getenv("X", "30"))``, also through a name, an attribute or a constant bound to
one, or a ``kwargs.setdefault("timeout", ...)``: _http_timeout_bound_reads — a setting's
default is what the call waits until a user configures more) for a call that may be an HTTP
client call, or for a call of one of the project's wrappers around them (known across modules
by name); a job's ``enqueue(f, timeout=job["timeout"])`` (a call by no request's name) is no
HTTP wait: in this module when it names no number of its own (before 2; a setting's default
names none: it may only lengthen a proven call's number, as in 1), anywhere in the project
for a call it proves an HTTP client call (before 2: the project's HTTP calls then wait what a
user configures, however long its jobs or webhooks wait), or anywhere in the project for a
wrapper's call when neither names a number (before 3). Any number picked then could be
shorter than the one a user configured: the call is reported, to be given that setting
(the project's answers: _http_timeout_configured). A value a function takes from its own
``**kwargs`` is its caller's, no setting; a parameter's numeric default (``def get(url,
timeout=10)``) counts as a number given there (_http_timeout_caller_waits).
The same where a call is given a wait no number can be read from (a ``**`` mapping that may
carry one, a ``partial``, a name bound to a call's answer: _http_timeout_unknown_waits), and,
for a proven HTTP call, also in a module that names numbers (any may be shorter); numbers given
through names, mappings and other modules' constants only lengthen the number written (_http_timeout_seconds).
A database client's ``connect_timeout=config.get("db_timeout", 120)`` is no HTTP wait: it
holds no call back, and in 2 its default counts as the wait the project allows that call
(counting a wait never shortens the number written).

A ``(connect, read)`` pair counts by its larger part, one whose read part is ``None`` (also
through a module constant: ``STREAM_TIMEOUT = (5, None)``) not at all (the read is left for
ever on purpose: _http_timeout_endpoints); ``x.get("timeout",
30)`` and ``int(os.environ.get("X", "600"))`` by their defaults where they count as numbers
(in 2, and per host).

What the codemod's other modules read here (its public names): ``seconds_of`` (a timeout's
seconds), ``reads_for_ever``, ``wait_constants``, ``is_wait_name``, ``unread_calls``,
``module_configured_waits``, ``may_give_waits``, ``TimeoutMentions``,
``callee_name``, ``gives_waits``, ``MILLISECOND_LIBRARIES``, ``MILLISECONDS_IN_NAME`` and ``LONGEST_WAIT``.
"""

from __future__ import annotations

import ast
import re

from ._ast_facts import facts
from ._ast_nodes import last_name
from ._ast_numbers import is_lookup_default, lookup_constants, number_of, numeric_constants
from ._base import Context
from ._http_timeout_bound_reads import bound_reads
from ._http_timeout_caller_waits import caller_values, parameter_default, reads_beyond_callers
from ._http_timeout_caught import handled_calls
from ._http_timeout_client_calls import REQUEST_METHOD_NAMES, client_calls
from ._http_timeout_nested_projects import in_nested_project, nested_project_folders
from ._parsed_modules import plain_fact
from ._http_timeout_node_kinds import of_kinds
from ._project_answers import remembered
from ._project_view import application_modules

# names of durations that are not how long something may wait
_NOT_A_WAIT = re.compile(
    r"(?i)cache|session|token|cookie|lifetime|expir|ttl|lock|remember|idle|login|jwt|password|otp|refresh|keep_?alive|"
    r"heartbeat|interval|delay|sleep|retry|backoff"
)
# calls whose timeout= is a lifetime: a cache's (cache.set(..., timeout=), @cache.cached), a lock's expiry (red.lock)
_CACHE_CALL = re.compile(r"(?i)cache|memoize|(?:^|[._])lock$|(?-i:[a-z]Lock)$")
_TIMEOUT_NAME = re.compile(r"(?i)timeout(_?(s|secs?|seconds|ms|millis|milliseconds))?$")
MILLISECONDS_IN_NAME = re.compile(r"(?i)(^|_)(ms|millis|milliseconds)(_|$)")
_MENTIONS = re.compile(r"(?i)timeout")
# in an ASCII text, lower-cased: where a keyword named like a wait may be given (``timeout=``,
# ``read_timeout_ms  # note`` + newline + ``= 5``): without one, no call is given a wait. (Each
# comment is taken to the end of its line, or to the ``=`` on it: one way to split a text, not
# the exponentially many of ``(?:...|#[^\n]*)*`` over a run of comment lines.)
_MAY_GIVE_WAIT = re.compile(
    r"timeout(?:_?(?:s|secs?|seconds|ms|millis|milliseconds))?(?:[ \t\f\r\n\\]|#[^\n]*\n)*(?:#[^\n]*)?=|timeout[\"']\s*[,\]:]"
)


class TimeoutMentions:
    """``_MENTIONS.search``, with a much cheaper answer for an ASCII text (most of them):
    there, ignoring case is lower-casing."""

    @staticmethod
    def search(text: str) -> bool:
        if text.isascii():
            return "timeout" in text.lower()
        return _MENTIONS.search(text) is not None


def may_give_waits(text: str) -> bool:
    """False when ``text`` surely gives no call a keyword named like a wait (see
    ``is_wait_name``): then it need not be parsed. Only an ASCII text is read so (an
    identifier's other letters may stand for ASCII ones: the parser normalizes them)."""
    return not text.isascii() or _MAY_GIVE_WAIT.search(text.lower()) is not None
# libraries whose timeouts are in milliseconds
MILLISECOND_LIBRARIES = ("playwright", "pyppeteer")
# calls whose keywords are fields of the value they build, not options of something that waits
_BUILDS_VALUES = frozenset({"format", "format_map", "dict"})
# the longest wait (seconds) of the project's that may serve as any HTTP call's
LONGEST_WAIT = 600


def module_http_timeout(tree: ast.Module, handled_below: float | None = None) -> float | None:
    """The largest number ``tree`` passes as the timeout of a call whose answer it reads and
    that may be an HTTP client call (_http_timeout_client_calls.may_be_http), where one such
    call is proven an HTTP client call and given a number that is no setting's default: an
    unproven one (a queue's ``jobs.get(timeout=1)``, a session also bound to something else)
    and a setting's default (``timeout=self.configuration.get("timeout", 600)``: what the call
    waits until a user configures more) may lengthen the proven calls' wait, never choose one
    alone. Not of a call it fires and forgets (see ``unread_calls``). With ``handled_below``, not
    a wait shorter than that of a call whose timeout a handler in its function may catch: that
    call's failure budget (_http_timeout_caught)."""
    http = client_calls(tree)
    requests = [
        (node, keyword.value)
        for node in facts(tree).calls
        if http.may_be_http(node)
        for keyword in node.keywords
        if keyword.arg == "timeout"
    ]
    if not requests:
        return None
    unread = unread_calls(tree)
    requests = [(node, value) for node, value in requests if id(node) not in unread]
    constants = wait_constants(tree)
    seconds = {id(value): seconds_of(value, constants) or parameter_default(tree, value) for _, value in requests}
    if requests and handled_below is not None:
        handled = handled_calls(tree)
        requests = [(node, value) for node, value in requests if id(node) not in handled or (seconds[id(value)] or 0) >= handled_below]
    if not any(http.is_http(node) for node, _ in requests):
        return None
    settings = lookup_constants(tree)
    proven = _largest([seconds[id(value)] for node, value in requests if http.is_http(node) and not is_lookup_default(value, settings)])
    if proven is None:
        return None
    return _largest([proven, *(seconds[id(value)] for _, value in requests)])


def unread_calls(tree: ast.Module) -> set[int]:
    """The ids of the calls that are statements of their own (also awaited): their answer is
    never read. Their timeout (a webhook's ``requests.post(hook, data=d, timeout=5)``) bounds
    how long the code blocks for a side effect, not how long a service takes to answer, so it
    is not the wait of the module's or the project's other HTTP calls; as a wait of the
    project's it may still lengthen the option's (see ``project_wait``)."""
    unread = set()
    for node in of_kinds(tree, ast.Expr):
        value = node.value.value if isinstance(node.value, ast.Await) else node.value
        if isinstance(value, ast.Call):
            unread.add(id(value))
    return unread


def module_configured_timeout(tree: ast.Module, wrappers: frozenset[str] = frozenset()) -> int | None:
    """The line of the first call in ``tree`` (in ``ast.walk``'s order) that is an HTTP client
    call (_http_timeout_client_calls), or a call of a function by a name in ``wrappers`` (the
    project's wrappers around them), given a wait the code reads from its configuration
    (``fetch_json(url, timeout=int(Setting().get("api_timeout")))``,
    ``requests.get(url, timeout=app.config["HTTP_TIMEOUT"])``, a setting's default:
    ``timeout=self.configuration.get("timeout", 600)``). A job's ``timeout=job["timeout"]``
    is no HTTP wait."""
    for line, callee, _ in module_configured_waits(tree):
        if callee is None or callee in wrappers:
            return line
    return None


def module_configured_waits(tree: ast.Module) -> tuple[tuple[int, str | None, bool], ...]:
    """``(line, callee, proven)`` of the calls of ``tree`` given a wait read from its
    configuration (see ``module_configured_timeout``), in ``ast.walk``'s order, that may be
    HTTP client calls (callee None; ``proven`` when the code proves it one) or are calls by a
    name another module's wrapper may have (that name): the same calls and names as the
    waits counted, cache lifetimes and expiries left out."""
    calls = calls_given_waits(tree)
    constants = wait_constants(tree)
    settings, callers = lookup_constants(tree), caller_values(tree)
    bound = bound_reads(tree, lambda value: reads_configuration(value, constants, settings, callers), is_wait_name)
    if bound.handed_on and not any(facts(tree).imports(library) for library in MILLISECOND_LIBRARIES):
        calls = [*calls, *(node for node in facts(tree).calls if id(node) in bound.handed_on and gives_waits(node))]
    if not calls:
        return ()
    http = client_calls(tree)
    found = {}
    for node in calls:
        if id(node) not in bound.handed_on and not any(
            keyword.arg
            and is_wait_name(keyword.arg)
            and (reads_configuration(keyword.value, constants, settings, callers) or bound.reads(keyword.value))
            for keyword in node.keywords
        ):
            continue
        callee = None if http.may_be_http(node) else callee_name(node.func)
        if callee != "" and callee not in REQUEST_METHOD_NAMES:  # an unknown object's get(): no known HTTP call
            found[id(node)] = (node.lineno, callee, callee is None and http.is_http(node))
    if len(found) <= 1:
        return tuple(found.values())
    return tuple(found[id(node)] for node in of_kinds(tree, ast.Call) if id(node) in found)  # the walk's order


def calls_given_waits(tree: ast.Module) -> list[ast.Call]:
    """The calls of ``tree`` (in no particular order) that may give a wait: a keyword named
    like one (``timeout=``, ``read_timeout=``), not a cache's lifetime nor a value's field;
    none in a module that drives a browser (its timeouts are in milliseconds)."""
    if any(facts(tree).imports(library) for library in MILLISECOND_LIBRARIES):
        return []
    return [
        node
        for node in facts(tree).calls
        if any(keyword.arg and is_wait_name(keyword.arg) for keyword in node.keywords) and gives_waits(node)
    ]


def gives_waits(node: ast.AST) -> bool:
    """A call whose ``timeout=`` may be a wait: not a cache's (``cache.set(k, v, timeout=300)``,
    ``@cache.cached(timeout=60)``: lifetimes) nor a lock's, not text or data built with that field
    (``"{timeout} minutes".format(timeout=...)``, ``dict(timeout=...)``)."""
    return (
        isinstance(node, ast.Call)
        and not _CACHE_CALL.search(_dotted(node.func))
        and callee_name(node.func) not in _BUILDS_VALUES
    )


def is_wait_name(name: str) -> bool:
    return bool(_TIMEOUT_NAME.search(name)) and not _NOT_A_WAIT.search(name)


def reads_configuration(value: ast.AST, constants: dict[str, float], settings: frozenset[str], callers: frozenset[int] = frozenset()) -> bool:
    """Whether the wait ``value`` is read from configuration: a lookup with a number default
    (``config.get("timeout", 30)``, a name in ``settings``: ``lookup_constants``) or any other
    call or subscript (``app.config["X"]``), not a number (of ``constants`` too). ``callers``:
    the ids of the nodes that take a value from their function's caller (``kwargs["timeout"]``:
    _http_timeout_caller_waits.caller_values), its wait, not configuration (a default in it is)."""
    if seconds_of(value, constants) is not None:  # a number; or a setting's default: the setting
        return is_lookup_default(value, settings) and id(value) not in callers
    return reads_beyond_callers(value, callers)


def project_wait(ctx: Context) -> tuple[float, str, bool] | None:
    """The largest wait the project's application code passes to a call, where (``path:line``),
    and whether that code gives an HTTP call a timeout anywhere; kept per project
    (``_project_answers``)."""
    return remembered(ctx, "http-timeout: waits", _largest_wait)


def _largest_wait(ctx: Context) -> tuple[float, str, bool] | None:
    best: tuple[float, str] | None = None
    times_http = False
    for path, text in application_modules(ctx, TimeoutMentions):  # type: ignore[arg-type]
        if not may_give_waits(text) or in_nested_project(path, nested_project_folders(ctx)):  # their projects' waits
            continue
        wait = plain_fact(text, "http-timeout longest wait", module_longest_wait)
        if wait is not None and (best is None or wait[0] > best[0]):
            best = (wait[0], f"{path}:{wait[1]}")
        times_http = times_http or plain_fact(text, "http-timeout request timeout", module_http_timeout) is not None
    return None if best is None else (*best, times_http)


def module_longest_wait(tree: ast.Module) -> tuple[float, int] | None:
    """The longest wait ``tree`` passes to a call, and the line of the first call (in
    ``ast.walk``'s order) that passes it; None when it passes none (see ``_waits``)."""
    calls = calls_given_waits(tree)
    if not calls:
        return None
    constants = wait_constants(tree)
    found = [wait for node in calls for wait in _call_waits(tree, node, constants)]
    if not found:
        return None
    longest = max(seconds for seconds, _ in found)
    lines = {line for seconds, line in found if seconds == longest}
    if len(lines) > 1:  # on several lines: the first in the walk's order
        return next(wait for wait in _waits(tree) if wait[0] == longest)
    return longest, lines.pop()


def _waits(tree: ast.Module) -> list[tuple[float, int]]:
    """Every wait ``tree`` passes to a call, with the call's line, in ``ast.walk``'s order."""
    if any(facts(tree).imports(library) for library in MILLISECOND_LIBRARIES):
        return []
    constants = wait_constants(tree)
    return [
        wait
        for node in of_kinds(tree, ast.Call)
        if gives_waits(node)
        for wait in _call_waits(tree, node, constants)  # type: ignore[arg-type]
    ]


def _call_waits(tree: ast.Module, node: ast.Call, constants: dict[str, float]) -> list[tuple[float, int]]:
    """The waits one call of ``tree`` is given (a parameter's default too), and its line."""
    found: list[tuple[float, int]] = []
    for keyword in node.keywords:
        name = keyword.arg
        if not name or not is_wait_name(name):
            continue
        seconds = seconds_of(keyword.value, constants) or parameter_default(tree, keyword.value)
        if seconds is not None and MILLISECONDS_IN_NAME.search(name):
            seconds /= 1000
        if seconds is not None and 0 < seconds <= LONGEST_WAIT:
            found.append((seconds, node.lineno))
    return found


def wait_constants(tree: ast.Module) -> dict[str, float]:
    """The module's numeric constants, a ``(connect, read)`` pair by its larger part."""
    constants = numeric_constants(tree)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            if isinstance(statement.value, ast.Tuple):
                pair = seconds_of(statement.value, constants)
                if pair is not None:
                    constants[statement.targets[0].id] = pair
    return constants


def seconds_of(node: ast.AST, constants: dict[str, float]) -> float | None:
    """A timeout's value; a ``(connect, read)`` pair by its larger part. None for a pair
    whose read part is ``None`` (``(5, None)``: a connection bound, the read left for ever on
    purpose): no bound in seconds (see ``reads_for_ever``)."""
    if isinstance(node, ast.Tuple):
        if reads_for_ever(node):
            return None
        parts = [number_of(element, constants) for element in node.elts]
        return _largest(parts)
    return number_of(node, constants)


def reads_for_ever(node: ast.AST, tree: ast.Module | None = None) -> bool:
    """Whether a timeout's value lets the read wait for ever: ``None``, or a ``(connect,
    read)`` pair whose read part is ``None``; with ``tree``, also a name its top level binds
    to one (``STREAM_TIMEOUT = (5, None)``)."""
    if tree is not None and isinstance(node, ast.Name):
        return any(reads_for_ever(value) for value in _top_level_values(tree, node.id))
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        node = node.elts[1]
    return isinstance(node, ast.Constant) and node.value is None


def _top_level_values(tree: ast.Module, name: str) -> list[ast.AST]:
    """The values the top level of ``tree`` assigns to ``name`` (``NAME = value``)."""
    return [
        statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in statement.targets)
    ]


def _largest(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None and value > 0]
    return max(known) if known else None


def callee_name(node: ast.AST) -> str:
    """``c`` for a callee spelled ``c`` or ``a.b.c``; "" for any other."""
    return last_name(node) or ""


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))
