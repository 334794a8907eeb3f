"""http-timeout: a session a function of another module of the project makes, whatever its name.

``from ..helpers import prepare_global_session`` then ``self.session = prepare_global_session()``
(lookyloo's lookup modules): the name says nothing of requests, so the words that make another
library's factory (_http_timeout_factory_names) do not see it; but the function is the
project's own, and its module can be read. It is read as the module's own factories are
(_http_timeout_own_factories.factory_in): where it creates a ``requests.Session()`` and every
``return`` gives one (or its annotation says so), mounting no adapter of another kind, its
calls are a session's calls and get a timeout; where it may return something else, or mounts
such an adapter, they are reported. A name (or ``self.X``: every value its class gives it)
counts when every binding of it calls one name imported from the project (a relative import,
or a module beside the file or above it: _http_timeout_imported.in_project) and that module
defines it as one undecorated top-level function. Anything else (a library's function, a
module too large or that does not parse, a name bound otherwise too) is not read here.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._http_timeout_factory_sessions import bound_values, called_by_every
from ._http_timeout_imported import in_project, module_and_name
from ._http_timeout_own_factories import OwnFactory, factory_in
from ._parsed_modules import plain_tree_fact, walked
from ._project_view import MAX_MODULE_CHARS, parsed

if TYPE_CHECKING:
    from ._base import Context


def spelled(owner: ast.expr | cst.BaseExpression) -> str | None:
    """``session`` for a name, ``self.session`` for an attribute of a name; else None."""
    if isinstance(owner, ast.Name):
        return owner.id
    if isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name):
        return f"{owner.value.id}.{owner.attr}"
    if isinstance(owner, cst.Name):
        return owner.value
    if isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name):
        return f"{owner.value.value}.{owner.attr.value}"
    return None


def imported_makers(tree: ast.Module) -> frozenset[str]:
    """The names and attributes (``self.session``) the module binds to a call of a name it
    imports with ``from ... import`` (read once per module: the gate's and the planner's question)."""
    return plain_tree_fact(tree, "http-timeout imported makers", _imported_makers)


def _imported_makers(tree: ast.Module) -> frozenset[str]:
    nodes = walked(tree)
    imported = {alias.asname or alias.name for node in nodes if isinstance(node, ast.ImportFrom) for alias in node.names}
    if not imported:
        return frozenset()
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and func.id in imported:
                found.update(name for name in map(spelled, node.targets) if name is not None)
    return frozenset(found)


def project_factory(
    ctx: Context, wrapper: MetadataWrapper, owner: cst.BaseExpression, given: Sequence[cst.BaseExpression]
) -> OwnFactory | None:
    """What the project's function every binding of ``owner`` calls returns (``given``: the
    values a class gives ``self.X``), or None when it is not such a function."""
    values = bound_values(wrapper, owner, given)
    name = called_by_every(wrapper, values) if values is not None else None
    if name is None or "." not in name or not in_project(ctx, name):
        return None
    listing = ctx.project_files()
    found = module_and_name(listing, name) if listing is not None else None
    if listing is None or found is None:
        return None
    text = ctx.read_file(listing.relative(found[0]))
    tree = parsed(text) if text is not None and len(text) <= MAX_MODULE_CHARS else None
    return factory_in(tree, found[1]) if tree is not None else None
