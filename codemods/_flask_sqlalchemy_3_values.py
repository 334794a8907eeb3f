"""flask-sqlalchemy-3: what the pool-key planner asks of config entries and their values.

Their source text, the quote they use, their comments, whether a value can be None, the
names a statement binds, and a dict literal with pool options merged in.
"""

from __future__ import annotations

import libcst as cst

from ._config_entries import ConfigContainer, ConfigEntry, assigned_name
from ._flask import dotted_name, qualified_names, string_value

POOL_OPTIONS = {
    "SQLALCHEMY_POOL_SIZE": "pool_size",
    "SQLALCHEMY_POOL_TIMEOUT": "pool_timeout",
    "SQLALCHEMY_POOL_RECYCLE": "pool_recycle",
    "SQLALCHEMY_MAX_OVERFLOW": "max_overflow",
}
NUMBER_TYPES = frozenset({"builtins.int", "builtins.float"})


def code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def dotted(node: cst.CSTNode) -> str:
    return dotted_name(node) or ""


def node_key(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    return string_value(node) or ""


def never_none(wrapper, node: cst.BaseExpression) -> bool:
    """A number, or arithmetic on numbers and ``int()``/``float()`` calls: never None."""
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return never_none(wrapper, node.expression)
    if isinstance(node, cst.BinaryOperation):
        return never_none(wrapper, node.left) and never_none(wrapper, node.right)
    if isinstance(node, cst.Call):
        return bool(qualified_names(wrapper, node.func) & NUMBER_TYPES)
    return False


def plain_dict(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Dict) and all(
        isinstance(e, cst.DictElement) and string_value(e.key) is not None for e in node.elements
    )


def has_comments(entries: list[ConfigEntry]) -> bool:
    return any("#" in code(e.node) for e in entries)


def trailing_comment(node: cst.CSTNode) -> str:
    if isinstance(node, cst.SimpleStatementLine) and node.trailing_whitespace.comment is not None:
        return node.trailing_whitespace.comment.value
    return ""


def quote_of(entry: ConfigEntry) -> str:
    """The quote the entry's own strings use (its key's first), else a double quote."""
    strings: list[str] = []

    class _Strings(cst.CSTVisitor):
        def visit_SimpleString(self, string: cst.SimpleString) -> None:
            strings.append(string.quote[:1])

    entry.node.visit(_Strings())
    return strings[0] if strings else '"'


def class_sets(cls: cst.ClassDef, key: str) -> bool:
    return isinstance(cls.body, cst.IndentedBlock) and any(
        (assigned_name(s) or ("",))[0] == key for s in cls.body.body
    )


def sets_pool(cls: cst.ClassDef) -> bool:
    return any(class_sets(cls, key) for key in POOL_OPTIONS)


def body_of(container: ConfigContainer):
    node = container.node
    if isinstance(node, cst.ClassDef):
        return node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    return getattr(node, "body", ())


def names_in(node: cst.CSTNode) -> set[str]:
    found: set[str] = set()

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.add(name.value)

    node.visit(_Collect())
    return found


def bound_names(statement: cst.CSTNode) -> set[str]:
    """Names a statement may (re)bind (over-approximated: every name it spells on the left)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return {statement.name.value}
    if isinstance(statement, cst.SimpleStatementLine):
        bound: set[str] = set()
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    bound |= names_in(target.target)
            elif isinstance(small, (cst.AugAssign, cst.AnnAssign)):
                bound |= names_in(small.target)
            elif isinstance(small, (cst.Import, cst.ImportFrom)):
                bound |= names_in(small)
        return bound
    return names_in(statement)  # compound statements: whatever they spell


def merged(existing: cst.Dict, added: list[ConfigEntry], quote: str) -> cst.Dict:
    if not added:
        return existing
    elements = list(existing.elements)
    # between two items, the dict's own layout: what separates its items, or one item a line
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if len(elements) >= 2 and isinstance(elements[-2].comma, cst.Comma):
        comma = elements[-2].comma
    elif isinstance(existing.lbrace.whitespace_after, cst.ParenthesizedWhitespace):
        comma = cst.Comma(whitespace_after=existing.lbrace.whitespace_after)
    last_comma = elements[-1].comma if elements else cst.MaybeSentinel.DEFAULT
    # (a copy of ``comma`` for each item: a node object twice in a tree costs the next
    # codemod's metadata a deep copy of the whole tree)
    if elements:
        elements[-1] = elements[-1].with_changes(comma=comma.deep_clone())
    for position, entry in enumerate(added):
        element = cst.DictElement(cst.SimpleString(f"{quote}{POOL_OPTIONS[entry.key]}{quote}"), entry.value)
        elements.append(element.with_changes(comma=comma.deep_clone() if position < len(added) - 1 else last_comma))
    return existing.with_changes(elements=elements)
