"""http-timeout: the URL an assertion of a mock's exact arguments names, and the URL a call
passes, where both can be told; an assertion can equal only a call of that URL, and of
mappings of the keys it asserts (session 38).

``post.assert_called_once_with(twitter.CREATE_STATUS_URL, data=..., auth=ANY)`` compares the
URL the mock was given with a string: a call of another string fails it today if the test
compares that call, so where the test passes it does not, and a timeout added there leaves it
passing (silo-pub's Twitter test pins its Twitter POST, not the Goodreads POST of the same
keywords that the test client also reaches). The URL is the first positional argument (the
second of ``request(method, url)``) or ``url=``/``token_url=``; a token request of
requests-oauthlib hands its URL on, unchanged, to the Session's method a test patches.

Told only where the value is sure, on both sides: a string literal (also concatenated, or
joined by ``+``), or a name bound once to one (in the test module, at its top level; in the
calling module, in the function or at the top level: a second binding, a parameter, a loop's
variable are not sure); in a test module, also a constant of a module of the project it
imports (``from shop import twitter`` then ``twitter.CREATE_URL``, or ``from shop.twitter import
CREATE_URL``), read at that module's top level as above (a re-export followed once more).
Anything else — a URL built at run time, an f-string with holes, ``mock.ANY``, a name bound
twice, a module the project does not have — may equal anything: the call stays held back.

The call's URL may also be built from literal pieces around parts computed (session 39:
silo-pub's ``CREATE_POST_URL.format(site.domain)``, ``"https://tumblr.example/v2/blog/{}/post"``):
it is read as text with holes (``url_text``, the reading of _http_timeout_url_path), each hole
any string, and an asserted URL told whole that does not hold its literal pieces in order, from
its start to its end, cannot be equal to it (``may_equal``): another host, another path end.
A piece that is not surely the text the URL holds there (a template with ``{{``) is a hole.

Likewise a keyword both give a dict display of string keys (``data={"code": ..., "state":
...}``, no ``**``): a dict equals only a dict of the same keys, so a call whose mapping has
other keys cannot equal the assertion (redwind's login test asserts the IndieAuth POST's four
fields; the token endpoint's POST sends ``me`` too). Only a display written in the call
itself: a name bound to one may have been given more keys before the call.

A name is sure only while no other code writes it (session 39, _http_timeout_rebound): a
test's ``monkeypatch.setattr(blog, "POST_URL", ...)``, a conftest's ``patch``, the app's
``blog.POST_URL = ...``, a star import after it or a write through ``globals()`` in its own
module make it a name not told, on either side.
"""

from __future__ import annotations

import ast
import re
from typing import Any, NamedTuple, Union

import libcst as cst

from ._http_timeout_imported_numbers import modules_of
from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_rebound import Rebinding, unsure_here
from ._http_timeout_url_path import HOLE, url_text
from ._names import dotted_name
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS

Origin = tuple[int, tuple[str, ...]]  # (an import's dots, the dotted parts from there to the name)


class Named(NamedTuple):
    """A string told through names the module binds once (``URL = BASE + "/posts"``): sure
    only while no other code writes one of them (_http_timeout_rebound)."""

    value: str
    names: frozenset[str]


class ModuleStrings(NamedTuple):
    """What a module binds once at its top level: ``strings``, each name bound to a string
    told; ``via``, the names each of those reads (itself included); ``imported``, each name
    bound by an import, and where from."""

    strings: dict[str, str]
    via: dict[str, frozenset[str]]
    imported: dict[str, Origin]


# what an assertion names as its URL: the string (a literal, or read through the test module's
# names), where another module binds it, or None (not told)
AssertedUrl = Union[str, Named, Origin, None]
_URL_KEYWORDS = frozenset({"url", "token_url"})
_DEPTH = 4


def url_position(function: str | None) -> int:
    """Where the URL stands among the positional arguments of ``function`` (its last name):
    after the method in ``request(method, url)`` and httpx's ``stream(method, url)``."""
    return 1 if function in ("request", "stream") else 0


# ---- the test's side (the standard library's AST; plain facts) ----


def module_strings(tree: ast.Module) -> ModuleStrings:
    """``ModuleStrings`` of ``tree``: each name it binds once, by a plain assignment at its
    top level, to a string told, or by an import there; a name its own code may bind again
    otherwise (``unsure_here``: a later star import, ``globals()``) is none of them."""
    counts: dict[str, int] = {}
    for node in of_kinds(tree, _BINDING_KINDS):
        for name in _bound_names(node):
            counts[name] = counts.get(name, 0) + 1
    unsure = unsure_here(tree)
    strings: dict[str, str] = {}
    via: dict[str, frozenset[str]] = {}
    imported: dict[str, Origin] = {}
    if unsure is None:
        return ModuleStrings(strings, via, imported)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            read: set[str] = {name}
            value = _string(statement.value, strings, 0, read, via)
            if counts.get(name) == 1 and value is not None and name not in unsure:
                strings[name], via[name] = value, frozenset(read)
        elif isinstance(statement, ast.ImportFrom):
            base = tuple(part for part in (statement.module or "").split(".") if part)
            for alias in statement.names:
                name = alias.asname or alias.name
                if alias.name != "*" and counts.get(name) == 1 and name not in unsure:
                    imported[name] = (statement.level, (*base, alias.name))
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                name = alias.asname or alias.name.split(".")[0]
                if counts.get(name) == 1 and name not in unsure:
                    imported[name] = (0, tuple(alias.name.split(".")) if alias.asname else (name,))
    return ModuleStrings(strings, via, imported)


# the nodes that bind a name (``_bound_names``), read of the module's one walk (_http_timeout_node_kinds)
_BINDING_KINDS = (
    ast.Name, ast.arg, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.alias, ast.Global, ast.Nonlocal, ast.ExceptHandler,
)


def _bound_names(node: ast.AST) -> list[str]:
    """The names ``node`` binds (``global``/``nonlocal`` count twice: bound elsewhere too)."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.alias):
        return [node.asname or node.name.split(".")[0]]
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return [*node.names, *node.names]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    return []


def _string(node: ast.expr, strings: dict[str, str], depth: int, read: set[str], via: dict[str, frozenset[str]]) -> str | None:
    """The string ``node`` makes, where told; the names it reads through go to ``read``."""
    if depth > _DEPTH:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr) and all(isinstance(part, ast.Constant) for part in node.values):
        return "".join(str(part.value) for part in node.values)  # type: ignore[attr-defined]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left, strings, depth + 1, read, via), _string(node.right, strings, depth + 1, read, via)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Name) and node.id in strings:
        read.update(via.get(node.id, ()))
        return strings[node.id]
    return None


def asserted_url(call: ast.Call, function: str | None, bound: ModuleStrings) -> AssertedUrl:
    """The URL the assertion ``call`` (or a ``call(...)`` it lists) compares a mock of
    ``function`` with, from the test module's names ``bound`` (``module_strings``)."""
    given = next((keyword.value for keyword in call.keywords if keyword.arg in _URL_KEYWORDS), None)
    position = url_position(function)
    if given is None and len(call.args) > position and not any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
        given = call.args[position]
    if given is None:
        return None
    read: set[str] = set()
    told = _string(given, bound.strings, 0, read, bound.via)
    if told is not None:
        return Named(told, frozenset(read)) if read else told
    dotted = dotted_name(given)
    head, *rest = dotted.split(".") if dotted else [""]
    if head in bound.imported:
        level, parts = bound.imported[head]
        return (level, (*parts, *rest))
    return None


def resolved_url(reader: Any, importer: str, url: AssertedUrl, rebinding: Rebinding, follow: int = 1) -> str | None:
    """The string ``url`` (told in the test module at ``importer``) is: read in the module of
    the project its import names, at that module's top level; None where it cannot be told,
    or where code may write a name it reads (``rebinding``)."""
    if url is None or isinstance(url, str):
        return url
    if isinstance(url, Named):
        return None if rebinding.rebound_elsewhere(url.names) else url.value
    listing = reader.project_files()
    if listing is None:
        return None
    told: set[str | None] = set()
    for path, rest in modules_of(frozenset(listing.files), importer, url):
        text = reader.read_file(listing.relative(path))
        bound = plain_fact(text, "http-timeout module strings", module_strings) if text and len(text) <= MAX_MODULE_CHARS else None
        if bound is None or len(rest) != 1:
            return None
        if rest[0] in bound.strings:
            told.add(resolved_url(reader, path, Named(bound.strings[rest[0]], bound.via[rest[0]]), rebinding))
        elif rest[0] in bound.imported and follow > 0:
            told.add(resolved_url(reader, path, bound.imported[rest[0]], rebinding, follow - 1))
        else:
            return None
    return told.pop() if len(told) == 1 else None


class Unresolved(NamedTuple):
    """An asserted URL read through names (``Named``) or another module (``Origin``): what
    string it is (``resolved_url``) is asked only of an assertion that may compare a call
    otherwise (its shape and its keys fit), once per project (``remembered``)."""

    importer: str  # the test module that asserts it (its path from the project root)
    url: Named | Origin

    def resolved(self, ctx: Any) -> str | None:
        return remembered(ctx, ("http-timeout: the string an asserted URL is", self), self._resolve)

    def _resolve(self, reader: Any) -> str | None:
        return resolved_url(reader, self.importer, self.url, Rebinding(reader))


def unresolved(importer: str, url: AssertedUrl) -> str | Unresolved | None:
    """``url`` as a string where the test module tells it whole (or None: not told), else to
    be resolved where it is asked (``Unresolved``)."""
    return url if url is None or isinstance(url, str) else Unresolved(importer, url)


# ---- the call's side (LibCST, with the module's scopes) ----


def call_url(wrapper: Any, call: cst.Call, token: bool) -> tuple[str | None, frozenset[str]]:
    """The URL ``call`` passes, as the text it makes with ``HOLE`` for each part computed
    (``url_text``: ``CREATE_POST_URL.format(domain)``), and the names of the module's top level
    it reads through (sure only while no other code writes them); (None, ...) where no URL is
    given as told here. ``token``: a token request of requests-oauthlib (its URL first,
    ``url=`` or ``token_url=``)."""
    read: set[str] = set()
    if any(arg.star for arg in call.args):
        return None, frozenset()
    given = next((arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value in _URL_KEYWORDS), None)
    if given is None:
        func = call.func
        function = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        position = 0 if token else url_position(function)
        positional = [arg for arg in call.args if arg.keyword is None]
        given = positional[position].value if len(positional) > position else None
    if given is None:
        return None, frozenset()
    text = url_text(wrapper, given, read)
    return (text if text != HOLE else None), frozenset(read)


def may_equal(text: str, url: str) -> bool:
    """Whether a URL of the text ``text`` (``HOLE`` for each part computed, which may be any
    string, the empty one too) may be the string ``url``: its literal pieces there, in order,
    from its start to its end (a different literal start or end cannot be formatted away)."""
    if HOLE not in text:
        return text == url
    return re.fullmatch(".*".join(re.escape(piece) for piece in text.split(HOLE)), url, re.DOTALL) is not None


def asserted_keys(call: ast.Call) -> tuple[tuple[str, frozenset[str]], ...]:
    """(keyword, its keys) for each keyword of the asserted ``call`` given a dict display of
    string keys."""
    told = []
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg and isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys):
            told.append((keyword.arg, frozenset(k.value for k in value.keys)))  # type: ignore[union-attr]
    return tuple(told)


def call_keys(call: cst.Call) -> dict[str, frozenset[str]]:
    """Keyword -> its keys, for each keyword of ``call`` given a dict display of string keys."""
    told = {}
    for arg in call.args:
        if arg.keyword is None or not isinstance(arg.value, cst.Dict):
            continue
        keys = [element.key.evaluated_value if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString) else None for element in arg.value.elements]
        if all(isinstance(key, str) for key in keys):
            told[arg.keyword.value] = frozenset(keys)  # type: ignore[arg-type]
    return told
