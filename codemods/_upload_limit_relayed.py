"""upload-limit: uploads the project's own code sends to the app.

An app whose upload route the project itself posts files to (FAME's agent, run in an analysis
VM: the main server hands it each sample, ``requests.post(url, files={"file": fd})`` through the
project's wrapper, to ``/<task>/module_each/<type>``) takes what the sending side accepts, not
what a user picks: a fixed limit there refuses the files the rest of the project lets through
(FAME's main server takes samples of any size). Such an app is left, with a finding.

The route is the literal path of a view of the app's module that reads ``request.files``
(``@app.route("/<task_id>/module_each/<file_type>", methods=["POST"])``); a call of the project's
application code sends files to it when it passes ``files=``, or ``**name`` where its function
puts ``"files"`` into ``name`` (``kwargs["files"] = ...``, ``{"files": ...}``, ``dict(files=...)``),
and its URL's literal text (a string, an f-string's or ``.format()``'s literal parts, a ``+``
concatenation's) holds every literal segment of the route as a segment of its own path.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ._upload_limit_views import files_readers

_ROUTE_METHODS = frozenset({"route", "post", "put", "patch"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class UploadRoute:
    view: str
    line: int
    route: str
    segments: tuple[str, ...]  # its literal segments, in order


@dataclass(frozen=True)
class FilesSent:
    line: int
    url: str  # the URL's literal text, ``{}`` for what is not literal
    segments: frozenset[str]


def upload_routes(tree: ast.Module) -> tuple[UploadRoute, ...]:
    """The views of ``tree`` that read ``request.files``, with a literal route of at least one literal segment."""
    readers = files_readers(tree)
    found: list[UploadRoute] = []
    for node in ast.walk(tree):
        if not isinstance(node, _FUNCTIONS) or node.name not in readers:
            continue
        for decorator in node.decorator_list:
            route = _route_of(decorator)
            segments = tuple(part for part in route.split("/") if part and "<" not in part) if route else ()
            if route is not None and segments:
                found.append(UploadRoute(node.name, node.lineno, route, segments))
    return tuple(found)


def files_sent(tree: ast.Module) -> tuple[FilesSent, ...]:
    """The calls of ``tree`` that send files (``files=``, or a ``**`` mapping given ``"files"``) to a URL with a literal path."""
    sent: list[FilesSent] = []
    for function in [node for node in ast.walk(tree) if isinstance(node, _FUNCTIONS)] + [tree]:
        holders = _given_files(function)
        for call in ast.walk(function):
            if not isinstance(call, ast.Call) or not _sends_files(call, holders):
                continue
            url = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "url"), None)
            text = _literal(url) if url is not None else ""
            segments = frozenset(part for part in text.split("/") if part and "{" not in part)
            if segments:
                sent.append(FilesSent(call.lineno, text, segments))
    return tuple(sent)


def relayed(route: UploadRoute, sent: FilesSent) -> bool:
    return set(route.segments) <= sent.segments


def _route_of(decorator: ast.expr) -> str | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
        return None
    if decorator.func.attr not in _ROUTE_METHODS or not decorator.args:
        return None
    first = decorator.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _given_files(function: ast.AST) -> set[str]:
    """Names a function binds to a mapping holding ``"files"`` or gives a ``"files"`` key."""
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and _is_files_key(target.slice):
                    names.add(target.value.id)
                if isinstance(target, ast.Name) and _holds_files(node.value):
                    names.add(target.id)
    return names


def _is_files_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "files"


def _holds_files(value: ast.AST) -> bool:
    if isinstance(value, ast.Dict):
        return any(key is not None and _is_files_key(key) for key in value.keys)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        return any(keyword.arg == "files" for keyword in value.keywords)
    return False


def _sends_files(call: ast.Call, holders: set[str]) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "files":
            return True
        if keyword.arg is None and (
            (isinstance(keyword.value, ast.Name) and keyword.value.id in holders) or _holds_files(keyword.value)
        ):
            return True
    return False


def _literal(node: ast.AST) -> str:
    """The literal text of a URL expression, ``{}`` standing for each part that is not literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)  # type: ignore[misc]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left) + _literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal(node.func.value)
    return "{}"
