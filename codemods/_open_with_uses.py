"""open-with, uses: how an expression holding a handle uses it.

``UseReader.use_of(expr, family)`` looks at what surrounds ``expr`` (the opener call, or a later
occurrence of the handle's name) and says: a safe use that finishes within its statement
(``.read()``, a for loop, ``json.load(f)``), the close, a use that already manages the handle
(a with item, ``contextlib.closing``), a binding to a name (plain, or of a derived object such
as ``csv.reader(f)``), a call that may keep the handle, or an escape (returned, stored …),
with the reason a user reads.
"""

from __future__ import annotations

import libcst as cst

from ._flask import string_value
from ._open_with_catalog import (
    CLOSER_METHODS,
    CLOSERS,
    CONTAINER_METHODS,
    DERIVED_ATTRIBUTES,
    DERIVED_MAKERS,
    DERIVED_METHODS,
    EAGER_CONSUMERS,
    EAGER_ITERATION,
    EAGER_METHODS,
    KEEPERS,
    LAZY_WRAPPERS,
    SAFE_ATTRIBUTES,
    SAFE_METHODS,
    handle_parameter_matches,
)
from ._open_with_messages import (
    ALIAS,
    ANNOTATED,
    ATTRIBUTE_CLOSED_HERE,
    BOUND_ATTRIBUTE,
    CONTAINER,
    DERIVED_ESCAPES,
    DERIVED_RETURNED,
    KEEPER,
    LATE_RESULT,
    MAY_KEEP,
    STORED_BY_METHOD,
    UNKNOWN_USE,
    YIELDED,
)
from ._open_with_plan import BIND, CLOSE, DERIVED_BIND, DISCARDED, ESCAPE, MANAGED, MAY_KEEP_USE, SAFE, Use
from ._open_with_tree import Tree, positional_index, source_excerpt


# what open() raises when the file cannot be opened (and the classes above them): every opener's
_OPEN_FAILURES = frozenset(
    {"FileNotFoundError", "PermissionError", "IsADirectoryError", "NotADirectoryError", "OSError", "IOError",
     "EnvironmentError", "Exception", "BaseException"}
)
# what an opener of a family raises, besides, when its input is no such thing: an archive's format
# errors, a URL's answer or its failure to come
_FAMILY_FAILURES: dict[str, frozenset[str]] = {
    "zip": frozenset({"BadZipFile", "BadZipfile"}),
    "tar": frozenset({"ReadError", "CompressionError", "TarError"}),
    "url": frozenset({"URLError", "HTTPError"}),
}


class UseReader:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def caught_open_failure(self, statement: cst.Expr, family: str) -> str | None:
        """For a bare ``open(p)`` statement directly in a ``try`` body whose handlers catch the
        open's failure (``except FileNotFoundError``, ``OSError``, a bare ``except``; for an
        opener of archives or URLs its own too: ``zipfile.BadZipFile``, ``tarfile.ReadError``,
        ``URLError``): the exception caught. Such an open is a probe that the input opens (or
        does not); the object of one that opens is dropped at once."""
        failures = _OPEN_FAILURES | _FAMILY_FAILURES.get(family, frozenset())
        line = self.tree.parents.get(statement)
        block = self.tree.parents.get(line) if line is not None else None
        owner = self.tree.parents.get(block) if block is not None else None
        if not isinstance(owner, cst.Try) or owner.body is not block:
            return None
        for handler in owner.handlers:
            if handler.type is None:
                return "(everything)"
            types = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
            for element in types:
                node = element.value if isinstance(element, cst.Element) else element
                name = node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", None)
                if name in failures:
                    return name
        return None

    def closed_through_attribute_later(self, assign: cst.Assign, targets: list[cst.BaseAssignTargetExpression]) -> int | None:
        """For ``self.out = open(...)`` alone on its line: the line of a later statement of the
        same block that closes the handle through the same attribute (``self.out.close()``);
        None when there is none (the handle then outlives the block)."""
        if len(targets) != 1 or not isinstance(targets[0], cst.Attribute):
            return None
        line = self.tree.parents.get(assign)
        block = self.tree.parents.get(line) if line is not None else None
        body = getattr(block, "body", None)
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1 or not isinstance(body, (list, tuple)):
            return None
        spelled = _code(targets[0])
        for statement in body[body.index(line) + 1 :]:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                call = small.value if isinstance(small, cst.Expr) else None
                if (
                    isinstance(call, cst.Call)
                    and not call.args
                    and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value == "close"
                    and _code(call.func.value) == spelled
                ):
                    return self.tree.cited_line(statement)
        return None

    def use_of(self, expr: cst.CSTNode, family: str) -> Use:
        parent = self.tree.parents.get(expr)
        if isinstance(parent, cst.Attribute) and parent.value is expr:
            attr = parent.attr.value
            grand = self.tree.parents.get(parent)
            if isinstance(grand, cst.Call) and grand.func is parent:
                if attr == "close" and not grand.args:
                    return Use(CLOSE, grand)
                if attr in SAFE_METHODS[family]:
                    return Use(SAFE, grand)
                return Use(ESCAPE, message=LATE_RESULT.format(attr=attr))
            if attr in SAFE_ATTRIBUTES[family]:
                return Use(SAFE, parent)
            return Use(ESCAPE, message=BOUND_ATTRIBUTE.format(attr=attr))
        consumer = self.iteration_consumer(expr)
        if consumer is not None:
            return Use(SAFE, consumer)
        if isinstance(parent, cst.Arg) and parent.value is expr:
            return self.argument_use(parent)
        if isinstance(parent, cst.WithItem) and parent.item is expr:
            return Use(MANAGED)
        if isinstance(parent, cst.Expr):  # `open(p)` alone: opened (to check it can be) and dropped
            caught = self.caught_open_failure(parent, family)
            if caught is not None:
                # it checks whether the file can be opened and drops the handle at once: a
                # with-block would add only clutter, so nothing is changed and nothing is said
                return Use(ESCAPE)
            return Use(SAFE, parent, name=DISCARDED)
        if isinstance(parent, cst.Return):
            return Use(ESCAPE)  # the caller owns the handle: nothing to change here, nothing to say
        if isinstance(parent, (cst.Yield, cst.From)):
            return Use(ESCAPE, message=YIELDED)
        if isinstance(parent, cst.Assign) and parent.value is expr:
            targets = [t.target for t in parent.targets]
            if len(targets) == 1 and isinstance(targets[0], cst.Name):
                return Use(BIND, name=targets[0].value, statement=parent)
            if any(isinstance(t, cst.Attribute) for t in targets):
                closed = self.closed_through_attribute_later(parent, targets)
                if closed is not None:
                    return Use(ESCAPE, message=ATTRIBUTE_CLOSED_HERE.format(line=closed))
                return Use(ESCAPE)  # the object owns the handle (as a caller owns one returned): nothing to say
            if any(isinstance(t, cst.Subscript) for t in targets):
                return Use(ESCAPE, message=CONTAINER)
            return Use(ESCAPE, message=ALIAS)
        if isinstance(parent, cst.AnnAssign) and parent.value is expr:
            if isinstance(parent.target, cst.Attribute):
                return Use(ESCAPE)  # the object owns the handle: nothing to change here, nothing to say
            return Use(ESCAPE, message=ANNOTATED)
        if isinstance(parent, (cst.AugAssign, cst.NamedExpr)):
            return Use(ESCAPE, message=ALIAS)
        if isinstance(parent, (cst.Element, cst.DictElement, cst.StarredElement, cst.StarredDictElement)):
            return self.container_use(parent)
        if isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, (cst.Is, cst.IsNot)):
            return Use(SAFE, self.tree.parents.get(parent))
        if isinstance(parent, cst.Comparison) and parent.left is expr and all(
            isinstance(c.operator, (cst.Is, cst.IsNot)) for c in parent.comparisons
        ):
            return Use(SAFE, parent)
        return Use(ESCAPE, message=UNKNOWN_USE)

    def iteration_consumer(self, expr: cst.CSTNode) -> cst.CSTNode | None:
        """What iterates ``expr`` to the end (or until it stops) before the statement moves on:
        a for loop, a list/set/dict comprehension, an eager builtin such as list()."""
        parent = self.tree.parents.get(expr)
        if isinstance(parent, cst.For) and parent.iter is expr and parent.asynchronous is None:
            return parent
        if isinstance(parent, cst.CompFor) and parent.iter is expr and self.tree.is_outermost_for(parent):
            if parent.asynchronous is not None:
                return None
            comprehension = self.tree.parents[parent]
            if isinstance(comprehension, cst.GeneratorExp):
                return self.iteration_consumer(comprehension)
            return comprehension
        if isinstance(parent, cst.Arg) and parent.value is expr and not parent.star and parent.keyword is None:
            call = self.tree.parents.get(parent)
            if not isinstance(call, cst.Call):
                return None
            position = positional_index(call, parent)
            func = call.func
            if position == 0 and isinstance(func, cst.Attribute) and func.attr.value == "join" and string_value(func.value) is not None:
                return call
            names = self.tree.qnames(func)
            if position == 0 and names and names <= EAGER_ITERATION:
                return call
            for name in names:
                first = LAZY_WRAPPERS.get(name)
                if first is not None and position is not None and position >= first:
                    return self.iteration_consumer(call)
        return None

    def argument_use(self, arg: cst.Arg) -> Use:
        call = self.tree.parents.get(arg)
        assert isinstance(call, cst.Call)
        callee = source_excerpt(call.func)
        if arg.star:
            return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=callee))
        position = positional_index(call, arg)
        keyword = arg.keyword.value if arg.keyword is not None else None
        names = self.tree.qnames(call.func)
        for name in sorted(names):
            params = EAGER_CONSUMERS.get(name)
            if params and handle_parameter_matches(params, position, keyword):
                return Use(SAFE, call)
            params = DERIVED_MAKERS.get(name)
            if params and handle_parameter_matches(params, position, keyword):
                return self.derived_use(call, name)
            if name in CLOSERS:
                return Use(MANAGED)
            if name in KEEPERS:
                return Use(MAY_KEEP_USE, call, KEEPER.format(callee=callee))
        if isinstance(call.func, cst.Attribute):
            attr = call.func.attr.value
            params = self.eager_method(call.func)
            if params and handle_parameter_matches(params, position, keyword):
                return Use(SAFE, call)
            if attr in CLOSER_METHODS:
                return Use(MANAGED)
            if attr in CONTAINER_METHODS:
                return Use(ESCAPE, message=STORED_BY_METHOD.format(attr=attr))
        return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=callee))

    def eager_method(self, func: cst.Attribute):
        """The handle parameters of ``func`` where it is a method that reads or writes the whole
        handle (``EAGER_METHODS``) of an object surely of its class: made by a call of the class
        right there (``ConfigParser().read_file(f)``), or a name each assignment of which in its
        scope binds to such a call (``config = ConfigParser()``); else None."""
        receiver = func.value
        if isinstance(receiver, cst.Call):
            calls = [receiver]
        elif isinstance(receiver, cst.Name) and (scope := self.tree.scopes.get(receiver)) is not None:
            calls = []
            for assignment in scope[receiver.value]:
                target = self.tree.parents.get(getattr(assignment, "node", None))
                statement = self.tree.parents.get(target) if isinstance(target, cst.AssignTarget) else None
                if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1 and isinstance(statement.value, cst.Call)):
                    return None
                calls.append(statement.value)
        else:
            return None
        found = {EAGER_METHODS[name].get(func.attr.value) if name in EAGER_METHODS else None for call in calls for name in self.tree.qnames(call.func) or {""}}
        return found.pop() if len(found) == 1 else None

    def container_use(self, element: cst.CSTNode) -> Use:
        """The handle is an element of a tuple/list/dict display: what happens to the display?"""
        node = self.tree.parents.get(element)
        while isinstance(node, (cst.Tuple, cst.List, cst.Set, cst.Dict)):
            parent = self.tree.parents.get(node)
            if isinstance(parent, (cst.Element, cst.DictElement, cst.StarredElement, cst.StarredDictElement)):
                node = self.tree.parents.get(parent)
                continue
            if isinstance(parent, cst.Arg) and parent.value is node:
                call = self.tree.parents[parent]
                return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=source_excerpt(call.func)))
            if isinstance(parent, cst.Return):
                return Use(ESCAPE)  # the caller owns the handle: nothing to change here, nothing to say
            break
        return Use(ESCAPE, message=CONTAINER)

    def derived_use(self, maker: cst.Call, maker_name: str) -> Use:
        """The use of a derived reader (``csv.reader(f)``) where it is made."""
        parent = self.tree.parents.get(maker)
        use = self._derived_read(maker, parent)
        if use is not None:
            return use
        if isinstance(parent, cst.Assign) and parent.value is maker:
            targets = parent.targets
            if len(targets) == 1 and isinstance(targets[0].target, cst.Name):
                return Use(DERIVED_BIND, name=targets[0].target.value, statement=parent, maker=maker_name)
        return self._derived_escape(parent, maker_name)

    def derived_name_use(self, name: cst.Name, maker: str) -> Use:
        """The use of a derived reader through the name it was bound to."""
        parent = self.tree.parents.get(name)
        use = self._derived_read(name, parent)
        if use is not None:
            return use
        if isinstance(parent, cst.Attribute) and parent.value is name and parent.attr.value in DERIVED_ATTRIBUTES:
            grand = self.tree.parents.get(parent)
            if not (isinstance(grand, cst.Call) and grand.func is parent):
                return Use(SAFE, parent)
        if isinstance(parent, cst.Arg) and parent.value is name:
            call = self.tree.parents[parent]
            if "builtins.next" in self.tree.qnames(call.func) and positional_index(call, parent) == 0:
                return Use(SAFE, call)
        return self._derived_escape(parent, maker)

    def _derived_read(self, node: cst.CSTNode, parent: cst.CSTNode | None) -> Use | None:
        """A derived reader iterated, or one of its reading methods called; None otherwise."""
        consumer = self.iteration_consumer(node)
        if consumer is not None:
            return Use(SAFE, consumer)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            grand = self.tree.parents.get(parent)
            if isinstance(grand, cst.Call) and grand.func is parent and parent.attr.value in DERIVED_METHODS:
                return Use(SAFE, grand)
        return None

    def _derived_escape(self, parent: cst.CSTNode | None, maker: str) -> Use:
        if isinstance(parent, cst.Return):
            return Use(ESCAPE, message=DERIVED_RETURNED.format(maker=maker))
        return Use(ESCAPE, message=DERIVED_ESCAPES.format(maker=maker))


def _code(node: cst.CSTNode) -> str:
    """The source of ``node`` (``self.out``), for comparing two spellings of one attribute."""
    return cst.Module(body=[]).code_for_node(node)
