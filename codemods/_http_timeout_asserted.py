"""http-timeout: calls whose exact arguments the project's own tests assert.

A test that replaces an HTTP function with a mock (``mock.patch("app.auth.requests.post")``,
``patch.object(requests, "post")``, ``mocker.patch(...)``, a Mock put in by ``monkeypatch.setattr``,
also one a fixture hands on: _http_timeout_mock_bindings) and compares the arguments it was called with
(``assert_called_with``, ``assert_called_once_with``, ``assert_any_call``, ``assert_has_calls``,
``call_args``, ``call_args_list``, ``mock_calls``) fails once the call passes one more
argument; a read of ``call_args`` that looks at some arguments only (``kwargs["data"]``) does
not (_http_timeout_argument_reads). The timeout and those assertions are one change for the
maintainer to make together: such a call is left as it is, and reported with the test that pins it.
What each test module pins is read off its tree alone (_http_timeout_pinning_in); here it is
matched to the calls of the project.

A patch pins the call when the test module compares the arguments of its mock (through the
name the mock is bound to: ``with patch(...) as post``, ``post = mocker.patch(...)``, what
an ``ExitStack`` hands back, ``post = stack.enter_context(patch(...))``, the argument a
``@patch`` decorator passes, also one on a test class; or through the patched
name itself) and its target names the call: as the call's module spells it (the module's
dotted path, or the end of it as the tests import it, then a leading part of the callee:
``app.auth.requests`` or ``app.auth.requests.post``), or as the library's function for every
caller (``requests.post``, or the method every requests function ends in,
``requests.Session.request``) in a test module that reaches the calling module through the
project's own imports (``_test_reach``: the view module it imports, the helper module that
view imports, what its conftest imports; every module, for a patch a conftest or a helper of
the tests makes, which runs under whichever test uses it; a client class's method of the function's name,
``requests.Session.post``, is not the function: the function never calls it), or, for a
call through what an object holds (``self.requests_session.post``), by that attribute and
method at the end of any path (``app.preview_client.requests_session.post``: the test reaches
the object by whatever name the app binds it to). A patch of
the library's function for every caller pins whichever call the test reaches (through a view
it requests, say), which is not told here: every call of the modules the test reaches is left,
and the finding says that the test fails only if it reaches that call. A mock's
arguments compared in one test count for the module's other patches of the same name too: a
refusal too many costs a finding, a timeout too many costs the project a red test suite.
An assertion that can equal only calls of other arguments than this call's (another number
of positional arguments, other keyword names: _http_timeout_asserted_shapes; another URL, or
a mapping of other keys, where both are told: _http_timeout_asserted_values) is not comparing
this call where the test passes, and holds nothing back. The finding cites the patch and the
assertion that can equal the call, those of one test where one test has both.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from ._base import TESTS, Context, code_kind
from ._http_timeout_asserted_shapes import Shape, call_shape
from ._http_timeout_asserted_values import Unresolved, call_keys, call_url, may_equal, unresolved
from ._http_timeout_rebound import written_otherwise
from ._http_timeout_pinning_in import COMPARES_ARGUMENTS, STAND_IN_HINT, pinning_in
from ._mock_patches import module_parts
from ._names import dotted_name
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS
from ._code_kinds import runs_alone
from ._test_reach import ImportReach
from ._http_timeout_exercised import holders
from ._http_timeout_token_requests import LIBRARIES as TOKEN_LIBRARIES, TokenRequest

# what every call of a library's functions goes through, besides the function itself
_LIBRARY_ENDS = {
    "requests": frozenset({"request", "send"}), "urllib": frozenset({"urlopen", "open"}),
    "urllib3": frozenset({"request", "urlopen", "request_encode_url", "request_encode_body"}),  # a pool's request() ends in urlopen()
}


def pinned_by_tests(
    ctx: Context, call: cst.Call, library: str, spelling: str | None, function: bool = False,
    token: TokenRequest | None = None, wrapper: Any = None,
) -> str | None:
    """The finding for ``call`` (an HTTP call of ``library`` spelled ``spelling`` in its
    module, as ``requests.post``; ``function``: one of the library's functions, no client's
    method; ``token``: a token request of requests-oauthlib, which hands its arguments on to
    the Session's methods it goes through; ``wrapper``: the module's, to read the call's URL)
    when a test of the project pins its arguments; else None. It cites first the patch of a test
    that calls what holds the call and asserts there (_http_timeout_exercised), then one of a
    test module that imports the call's module itself, then one whose own test has an assertion
    that can equal the call."""
    patches = remembered(ctx, "http-timeout: argument-pinning patches", _pinning_patches)
    if not patches:
        return None
    module = module_parts(ctx)
    listing = ctx.project_files()
    this = listing.this if listing is not None else ctx.path
    fits = _Fits(ctx, call, token is not None, wrapper)
    holding = holders(wrapper, call)
    best: tuple[tuple[bool, bool, bool, int], str] | None = None
    for index, (target, where, reached, assertions, stand_in_spelled, runs, direct) in enumerate(patches):
        parts = target.split(".")
        if parts[0] == library or (token is not None and parts[0] in TOKEN_LIBRARIES):  # for every caller the test runs
            if this not in reached:
                continue
            # a held session's method is no library function a patch of one replaces
            method = spelling.split(".")[-1] if spelling and spelling.split(".")[0] not in ("self", "cls") else None
            if parts[-1] != method and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and parts[-1] not in (token.through if token else ()):
                continue
            if function and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and _names_a_class_method(parts):
                continue  # requests.Session.post: the function never calls its namesake
            if not function and parts[-1] not in _LIBRARY_ENDS.get(library, ()) and not _names_a_class_method(parts):
                continue  # requests.post: a session's post is its class's method, which that leaves
            fitting = _fitting(fits, where, assertions, stand_in_spelled)
            if fitting is None:
                continue
            # the function for every caller: the compared call is whichever the test reaches
            finding = _stand_in_finding(where, target, stand_in_spelled, " for every caller") or (
                f"not changed: {where} patches {target} for every caller and {fitting[0]} asserts the exact "
                "arguments of a call the test makes: if the test reaches this call, it would fail with timeout= "
                "added (add it here and to that assertion together)"
            )
        elif not (_names_module_call(parts, module, spelling) or _names_held_call(parts, spelling)):
            continue
        elif (fitting := _fitting(fits, where, assertions, stand_in_spelled)) is None:
            continue
        else:
            finding = _stand_in_finding(where, target, stand_in_spelled, "") or (
                f"not changed: {where} patches {target} and {fitting[0]} asserts the exact arguments of the call, "
                "so the test would fail with timeout= added: add it here and to that assertion together"
            )
        # a test that calls what holds this call and compares it (or answers it with a stand-in) runs it
        # surely; then one whose module imports this module itself; then an assertion of the patch's own test
        rank = (not (runs & holding and fitting[1]), this not in direct, not fitting[1], index)
        if best is None or rank < best[0]:
            best = (rank, finding)
            if not any(rank[:3]):
                break
    return best[1] if best is not None else None


def _fitting(fits: _Fits, where: str, assertions: tuple[Asserted, ...], stand_in_spelled: str | None) -> tuple[str, bool] | None:
    """(``path:line``, whether in the patch's own test), asked after the target (it reads the call's URL); None where
    its assertions hold only for calls of other arguments (a stand-in taking no timeout raises whatever the call)."""
    return (where, True) if stand_in_spelled is not None else fits.first(assertions)


def _stand_in_finding(where: str, target: str, spelled: str | None, callers: str) -> str | None:
    """The finding for a call the test answers with ``spelled``, a function of its own that takes
    no ``timeout`` keyword (_http_timeout_stand_ins); None for a mock."""
    if spelled is None:
        return None
    reach = "if the test reaches this call, it would fail" if callers else "the test would fail"
    return (
        f"not changed: {where} puts {spelled}, which takes no timeout keyword, in place of {target}{callers}: "
        f"{reach} with a TypeError once timeout= is added (let the stand-in take it, then add it here)"
    )


class _Fits:
    """Which asserted calls may equal ``call``: of its shape (not told for a token request,
    which reshapes what it hands on), and of its URL where both are told."""

    def __init__(self, ctx: Context, call: cst.Call, token: bool, wrapper: Any) -> None:
        self.shape = call_shape(call) if not token else None
        self.ctx, self.call, self.token, self.wrapper = ctx, call, token, wrapper
        self.url: list[str | None] = []  # read once, on the first asserted URL told
        self.keys = call_keys(call) if not token else {}  # (fetch_token adds headers of its own)

    def first(self, assertions: tuple[Asserted, ...]) -> tuple[str, bool] | None:
        """(``path:line``, whether in the patch's own test) of the first assertion that fits."""
        for where, own, shape, url, keys in assertions:
            if shape is not None and self.shape is not None and shape != self.shape:
                continue
            if any(self.keys.get(keyword, mapped) != mapped for keyword, mapped in keys):
                continue  # a mapping of other keys
            if isinstance(url, Unresolved) and self.wrapper is not None:
                url = url.resolved(self.ctx)  # (read only for an assertion that fits otherwise)
            if url is not None and self.wrapper is not None:
                if not self.url:
                    self.url.append(self._url())
                if self.url[0] is not None and not may_equal(self.url[0], url):
                    continue  # another literal URL, or one whose literal start, end or middle differs
            return where, own
        return None

    def _url(self) -> str | None:
        """The call's URL (its text, holes for what is computed), where no code may write a name
        it reads (_http_timeout_rebound); None else."""
        told, names = call_url(self.wrapper, self.call, self.token)
        if told is not None and names and written_otherwise(self.ctx, self.ctx.python_tree(self.wrapper.module), names):
            return None
        return told


def _names_a_class_method(parts: list[str]) -> bool:
    """``requests.Session.post``, ``httpx.Client.get``: a class (capitalised, by the libraries'
    naming) holds the patched method."""
    return any(part[:1].isupper() for part in parts[1:-1])


def _suffix_of(head: list[str], module: list[str]) -> bool:
    return bool(head) and head == module[len(module) - len(head):]


def _names_module_call(target: list[str], module: list[str], spelling: str | None) -> bool:
    """The module's name (the end of its path, as the tests import it), then a leading part of
    the callee as the module spells it."""
    callee = spelling.split(".") if spelling else []
    for length in range(1, len(callee) + 1):
        if target[len(target) - length:] == callee[:length] and _suffix_of(target[: len(target) - length], module):
            return True
    return False


def _names_held_call(target: list[str], spelling: str | None) -> bool:
    """A call through what an object holds (``self.requests_session.post``): the target ends
    in the attribute and the method, whatever name the test reaches the object by (an
    instance the package binds, ``app.preview_client.requests_session.post``)."""
    callee = spelling.split(".") if spelling else []
    held = callee[1:] if callee[:1] in (["self"], ["cls"]) else []
    return len(held) >= 2 and target[len(target) - len(held):] == held


# (``path:line`` of an assertion, whether it is in the test that makes the patch, the shape
# of the calls it can equal, their URL: None where any, Unresolved where read through names,
# the keys of the mappings it asserts)
Keys = tuple[tuple[str, frozenset[str]], ...]
Asserted = tuple[str, bool, "Shape | None", "str | Unresolved | None", Keys]


Pinning = tuple[str, str, frozenset[str], tuple[Asserted, ...], "str | None", frozenset[str], frozenset[str]]


def _pinning_patches(ctx: Context) -> tuple[Pinning, ...]:
    """(target, ``path:line`` of the patch, the project files the test reaches:
    ``_test_reach``, the assertions that compare its mock's arguments, the keywordless stand-in
    it puts in: None for a mock, the functions called where it is in force, the files the test
    module imports itself) of every patch in a test module whose mock's arguments the
    module compares, or that puts in a function taking no ``timeout`` keyword
    (``_http_timeout_stand_ins``); kept per project (``remembered``)."""
    listing = ctx.project_files()
    found: list[Pinning] = []
    reach = ImportReach(ctx)
    for path in listing.files if listing is not None else ():
        if code_kind(path) != TESTS:
            continue
        text = ctx.read_file(listing.relative(path))
        if text is None or len(text) > MAX_MODULE_CHARS or ("patch" not in text and "setattr" not in text):
            continue
        if not COMPARES_ARGUMENTS.search(text) and not STAND_IN_HINT.search(text):
            continue
        pinning = plain_fact(text, "http-timeout patches pinning asserted calls", pinning_in) or ()
        if pinning:
            # a patch of a conftest or a helper runs under whichever test uses it: every module
            reached = reach.reached(path) if runs_alone(path) else frozenset(listing.files)
            direct = reach.imports_directly(path)
            for target, line, told, spelled, runs in pinning:
                asserted = tuple((f"{path}:{at}", own, shape, unresolved(path, url), keys) for at, own, shape, url, keys in told)
                found.append((target, f"{path}:{line}", reached, asserted, spelled, runs, direct))
    return tuple(found)


def callee_spelling(call: cst.Call) -> str | None:
    """``requests.post`` for ``requests.post(...)``, ``post`` for ``post(...)``,
    ``self.session.get`` for a call through what the object holds (a patch target names it
    by its end); None for a callee no patch target can spell (``make()()``)."""
    return dotted_name(call.func)
