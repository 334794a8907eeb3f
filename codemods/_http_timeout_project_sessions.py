"""http-timeout: the objects of a ``requests.Session`` subclass the project defines
(``class BertESession(Session)`` overriding ``request()`` to retry, then ``self.session =
base.BertESession()``), read for what the subclass does with a call's keywords.

A name (or ``self.X``: every value its class gives it) every binding of which calls one class of
the project — defined in this module, or in a module of the project it imports it from, read
through the project's own bindings (``_http_timeout_imported``) — holds an object of it. The
class is a Session where its one base is requests' ``Session`` (or requests-oauthlib's), or a
class of the project that is one, a few steps at most. A call ``s.get(url)`` goes through the
subclasses' overrides of the method called, then of ``request``, then of ``send`` (the
Session's own hand a call on that way); each override met is read:

- it takes ``**kwargs`` and hands them on to the Session's own (``super().request(method, url,
  **kwargs)``: every ``super()`` call of its own name does, and nothing pops the timeout): the
  ``timeout=`` reaches the transport, as on a plain Session — the call is a session's call;
- it sets a timeout itself (``kwargs.setdefault("timeout", 10)``, ``kwargs["timeout"] = ...``,
  a ``timeout`` parameter with a default, ``timeout=`` written in its ``super()`` call): the
  waits are bounded already, and the call stays as it is;
- it takes no ``**kwargs`` and no ``timeout`` parameter: a ``timeout=`` would raise TypeError —
  the call stays, with a finding naming the override;
- anything else (its keywords go elsewhere, no ``super()`` call): not followed (None).

A class whose methods mount a transport adapter (``self.mount(...)``) is reported as a
session factory that mounts one is: the adapter may bound the waits itself.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._http_timeout_factory_sessions import bound_values, called_by_every
from ._http_timeout_imported import PROJECT_CLASS, bound_names, in_project, names_in, top_level_statements
from ._http_timeout_session_classes import REQUESTS_SESSIONS
from ._project_view import MAX_MODULE_CHARS, parsed

if TYPE_CHECKING:
    from ._base import Context

PASSES, SETS, TAKES_NONE = "passes", "sets its own timeout", "takes no timeout"
_VERBS = frozenset({"get", "options", "head", "post", "put", "patch", "delete"})
_DEPTH = 3


@dataclass(frozen=True)
class SessionClass:
    """What a call through an object of a project's Session subclass meets."""

    name: str  # the class called: ``AppSession``
    where: str  # where it is defined: ``pkg/base.py:9``
    outcome: str  # PASSES, SETS or TAKES_NONE
    override: str = ""  # the override that decides (``AppSession.post``), for SETS and TAKES_NONE
    mounts: bool = False  # a method of the classes mounts a transport adapter


def project_session(
    ctx: Context, wrapper: MetadataWrapper, tree: ast.Module | None, owner: cst.BaseExpression, given: Sequence[cst.BaseExpression], method: str
) -> SessionClass | None:
    """What the call ``owner.method(...)`` meets, where every binding of ``owner`` makes an
    object of one Session subclass of the project (see the module's docstring); else None."""
    values = bound_values(wrapper, owner, given)
    listing = ctx.project_files()
    name = called_by_every(wrapper, values, (cst.Name, cst.Attribute)) if values and listing is not None else None
    if name is None or listing is None:
        return None
    if "." not in name:
        found = (listing.this, tree, name) if tree is not None else None
    elif in_project(ctx, name):
        found = _class_at(ctx, bound_names(ctx, name))
    else:
        return None
    if found is None:
        return None
    overrides: dict[str, tuple[ast.FunctionDef, str]] = {}
    chain = _session_chain(ctx, *found, overrides, _DEPTH)
    if chain is None:
        return None
    path, _, cls = found
    where = f"{path}:{chain[0].lineno}"
    mounts = any(_mounts(node) for node in chain)
    for step in ([method] if method in _VERBS else []) + (["request", "send"] if method != "send" else ["send"]):
        if step in overrides:
            function, owner_name = overrides[step]
            outcome = _override(function)
            if outcome is None:
                return None
            if outcome != PASSES:
                return SessionClass(cls, where, outcome, f"{owner_name}.{step}", mounts)
    return SessionClass(cls, where, PASSES, mounts=mounts)


def _class_at(ctx: Context, names: list[str] | None) -> tuple[str, ast.Module, str] | None:
    """The module (path, tree) and name of the one project class ``names`` holds."""
    if not names or len(names) != 1 or not names[0].startswith(PROJECT_CLASS):
        return None
    path, _, cls = names[0][len(PROJECT_CLASS) :].rpartition(":")
    listing = ctx.project_files()
    text = ctx.read_file(listing.relative(path)) if listing is not None else None
    tree = parsed(text) if text is not None and len(text) <= MAX_MODULE_CHARS else None
    return (path, tree, cls) if tree is not None else None


def _session_chain(ctx: Context, path: str, tree: ast.Module, name: str, overrides: dict, depth: int) -> list[ast.ClassDef] | None:
    """The class ``name`` of the module and the project classes it derives from, down to
    requests' Session, filling ``overrides`` (method -> (the first definition met, its class));
    None where a class is not one, or is read only in part."""
    classes = [s for s in top_level_statements(tree.body) if isinstance(s, ast.ClassDef) and s.name == name]
    if depth <= 0 or len(classes) != 1 or len(classes[0].bases) != 1 or classes[0].keywords:
        return None
    cls = classes[0]
    for statement in cls.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            overrides.setdefault(statement.name, (statement, name))
    base = names_in(ctx, path, tree, cls.bases[0])
    if base is not None and len(base) == 1 and base[0] in REQUESTS_SESSIONS:
        return [cls]
    below = _class_at(ctx, base)
    if below is None:
        return None
    rest = _session_chain(ctx, *below, overrides, depth - 1)
    return [cls, *rest] if rest is not None else None


def _override(function: ast.AST) -> str | None:
    """What an override does with a call's timeout (see the module's docstring)."""
    if not isinstance(function, ast.FunctionDef):
        return None
    arguments = function.args
    kwargs = arguments.kwarg.arg if arguments.kwarg is not None else None
    named = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    if any(a.arg == "timeout" for a in named):
        return SETS if _timeout_default(arguments) else None
    if kwargs is None:
        return TAKES_NONE
    nodes = list(ast.walk(function))
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is(node.func.value, kwargs):
            if node.func.attr == "setdefault" and node.args and _says_timeout(node.args[0]):
                return SETS
            if node.func.attr in ("pop", "popitem", "clear", "update"):
                return None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            for target in getattr(node, "targets", None) or [getattr(node, "target", None)]:
                if isinstance(target, ast.Subscript) and _is(target.value, kwargs):
                    if isinstance(node, ast.Assign) and _says_timeout(target.slice):
                        return SETS
                    return None
                if _is(target, kwargs):
                    return None  # bound to something else
    supers = [
        node
        for node in nodes
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == function.name
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "super"
    ]
    if not supers:
        return None
    if any(k.arg == "timeout" for call in supers for k in call.keywords):
        return SETS
    if all(any(k.arg is None and _is(k.value, kwargs) for k in call.keywords) for call in supers):
        return PASSES
    return None


def _timeout_default(arguments: ast.arguments) -> bool:
    """Whether the ``timeout`` parameter has a default other than None."""
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = dict(zip([a.arg for a in positional][len(positional) - len(arguments.defaults) :], arguments.defaults))
    defaults.update({a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None})
    default = defaults.get("timeout")
    return default is not None and not (isinstance(default, ast.Constant) and default.value is None)


def _is(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _says_timeout(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "timeout"


def _mounts(cls: ast.ClassDef) -> bool:
    """Whether a method of the class mounts a transport adapter on its object."""
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mount" and _is(node.func.value, "self")
        for node in ast.walk(cls)
    )
