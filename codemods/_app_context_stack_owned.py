"""Which names kept on ``_app_ctx_stack.top`` are the project's own storage.

The app context object is shared: Flask extensions of the same years kept their own data on
it (Flask-JWT-Extended 3 stores the decoded token and the loaded user there, Flask-Babel 2 the
locale, Flask-SQLAlchemy 2 the recorded queries), and read it back there. Moving a name to
``g`` is right only where everything that stores and reads it moves with it: the project must
both store the name and read it back, in the module being rewritten or across the project's
application code (tests do not count there: a fixture resetting a library's ``jwt_user`` is
not the library). A name the project only reads is stored by someone else; one it only stores
is read by someone else (a decorator handing a user to the library); the extensions' names are
theirs whatever the project does with them. Names no codemod.
"""

from __future__ import annotations

import ast
import re

from . import _ast_facts
from ._base import Context
from ._project_answers import remembered
from ._project_view import application_modules, parsed

# what Flask extensions keep on the app context object themselves
EXTENSION_NAMES = frozenset(
    {
        "jwt", "jwt_header", "jwt_user", "jwt_location", "expired_jwt",  # Flask-JWT-Extended 3
        "babel_locale", "babel_tzinfo", "babel_translations", "babel_domain",  # Flask-Babel 2
        "sqlalchemy_queries",  # Flask-SQLAlchemy 2
    }
)
_APP_STACKS = frozenset({"flask._app_ctx_stack", "flask.globals._app_ctx_stack"})
_STORES = frozenset({"builtins.setattr"})
_READS = frozenset({"builtins.getattr", "builtins.hasattr"})
_MENTIONS_STACK = re.compile(r"_app_ctx_stack")


def stores_and_reads(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """(names stored, names read) on ``_app_ctx_stack.top`` in ``tree``: ``top.NAME = ...``,
    ``setattr(top, "NAME", ...)``; ``top.NAME`` read, ``getattr``/``hasattr(top, "NAME")``;
    ``top`` spelled out or as a name bound to it (``ctx = _app_ctx_stack.top``)."""
    facts = _ast_facts.facts(tree)
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_top(node.value, facts):
            aliases.update(target.id for target in node.targets if isinstance(target, ast.Name))

    def is_top(node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id in aliases) or _is_top(node, facts)

    stored: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_top(node.value):
            if isinstance(node.ctx, ast.Store):
                stored.add(node.attr)
            elif isinstance(node.ctx, ast.Load):
                read.add(node.attr)
        elif isinstance(node, ast.Call) and len(node.args) >= 2 and is_top(node.args[0]):
            name = node.args[1]
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                continue
            accessor = facts.qualified(node.func)
            if accessor & _STORES:
                stored.add(name.value)
            elif accessor & _READS:
                read.add(name.value)
    return frozenset(stored), frozenset(read)


def _is_top(node: ast.AST, facts: _ast_facts.Facts) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "top" and bool(facts.qualified(node.value) & _APP_STACKS)


def project_owned_names(ctx: Context) -> frozenset[str]:
    """The names the project's application code both stores on ``_app_ctx_stack.top`` and
    reads back there (in any of its modules). Kept per project."""
    return remembered(ctx, ("app context storage",), _owned)


def _owned(reader) -> frozenset[str]:
    stored: set[str] = set()
    read: set[str] = set()
    for _, text in application_modules(reader, _MENTIONS_STACK):
        tree = parsed(text)
        if tree is None:
            continue
        module_stored, module_read = stores_and_reads(tree)
        stored |= module_stored
        read |= module_read
    return frozenset(stored & read)


def owned_names(ctx: Context, tree: ast.Module) -> frozenset[str]:
    """The names that are the project's own storage, for the module ``tree``: stored and read
    back by this module, or by the project's application code; never an extension's."""
    module_stored, module_read = stores_and_reads(tree)
    return ((module_stored & module_read) | project_owned_names(ctx)) - EXTENSION_NAMES
