"""gunicorn-config: the classes a module holds objects of at module level (``store = Store()``:
their methods' stores into ``self`` are the process's), and those mapped to a database table
(their objects are rows, which the database keeps for every worker), read on the standard
library's AST for ``_gunicorn_config_containers``."""

from __future__ import annotations

import ast

from ._ast_nodes import last_name
from ._gunicorn_config_process_calls import own_nodes


def instantiated_classes(tree: ast.Module) -> frozenset[str]:
    """The classes of which a module-level name holds an object (``store = Store()``,
    ``rooms = {"lobby": Room()}``), by name; not an object made and dropped (``Domain().update()``)."""
    found: set[str] = set()
    for node in own_nodes(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for part in ast.walk(node.value):
                if isinstance(part, ast.Call) and (name := last_name(part.func)) is not None and name[:1].isupper():
                    found.add(name)
    return frozenset(found)


# what declares a class mapped to a database table: its objects are rows
_MAPPING_CALLS = frozenset({"Column", "mapped_column", "relationship", "column_property", "synonym"})


def mapped_classes(tree: ast.Module) -> frozenset[str]:
    """The classes of ``tree`` mapped to a database table (SQLAlchemy's declarative classes:
    ``__tablename__`` or a ``Column(...)``/``relationship(...)`` in the body, or a subclass of
    ``db.Model``), by name: an attribute stored into one of their objects is a column of a row
    the session writes to the database, which every worker reads, not a value of the process."""
    found: set[str] = set()
    for node in own_nodes(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if any(last_name(base) == "Model" for base in node.bases):
            found.add(node.name)
            continue
        for statement in node.body:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target] if isinstance(statement, ast.AnnAssign) else []
            if any(isinstance(target, ast.Name) and target.id == "__tablename__" for target in targets):
                found.add(node.name)
            value = getattr(statement, "value", None) if targets else None
            if isinstance(value, ast.Call) and last_name(value.func) in _MAPPING_CALLS:
                found.add(node.name)
    return frozenset(found)
