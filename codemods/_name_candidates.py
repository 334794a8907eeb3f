"""What a node's qualified names may be, from its spelling and the module's imports alone: a
cheap test before a lookup that would need LibCST's scope analysis of the whole module.

LibCST's scope names a Name or an attribute chain spelled ``R.rest`` (a call or subscript
of one: as spelled without them) in one of four ways, by the binding it finds for ``R``:

- an import of ``T`` bound to ``R`` (in any scope): ``P`` or ``P.rest`` for a leading part
  ``P`` of ``T`` (``import a.b as R`` gives both ``a.b.rest`` and ``a.rest``; an access of
  ``import a.b.c`` names ``a.b.c`` itself);
- a builtin: ``builtins.R``;
- an assignment of the module (or a ``global``): the spelling itself;
- an assignment in a class, function, lambda or comprehension: the spelling after that
  scope's prefix, which starts with the name of a class or function of the module or with
  ``<``.

``NameCandidates.candidates`` gives the first three (every name the scope can give but
those of the fourth kind); ``may_refer_to`` says whether a node can refer to a wanted
name, and says yes for every node when a class or function of the module is named like
the first part of a wanted name (the fourth kind could then match). A node that
QualifiedNames names nothing (``_metadata.names_statically``: ``open(p).read``) gets no
candidate at all; a node of another kind (a string annotation, a lambda) gets None: the
lookup is needed. ``assigned_calls`` (``app = Flask(...)``, from the same walk) lets a codemod
tell that no binding of a name can be one it looks for. ``candidates_of`` keeps the last
module's, for lookups made in functions that are given only a wrapper.
tests/codemods/test_name_candidates.py checks, node by node on real code, that LibCST's
names are among the candidates (or of the fourth kind).
"""

from __future__ import annotations

from typing import Container, Iterable, Iterator

import libcst as cst
from libcst.helpers import get_full_name_for_node

from ._function_defs import CST_BLOCK_FIELDS
from ._kept_per_file import dropped_after_each_file
from ._metadata import names_statically
from ._names import dotted_name

# the fields of compound statements that hold statements, or clauses that hold them
# the nodes whose qualified names LibCST looks up by their spelling (get_full_name_for_node)
_SPELLED = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


def _leading_parts(target: str) -> Iterator[str]:
    """``a.b.c``, ``a.b``, ``a``."""
    while target:
        yield target
        target = target.rpartition(".")[0]


class NameCandidates:
    """The bindings of one module's imports and the names of its classes and functions, from
    one walk over its statements (not its expressions)."""

    def __init__(self, module: cst.Module) -> None:
        self.bound: dict[str, set[str]] = {}  # local name -> every leading part of what imports bind to it
        self.defined: set[str] = set()  # names of classes and functions, anywhere
        # name -> the calls assigned to it (``name = f(...)``, ``name: T = f(...)``), anywhere
        self.assigned_calls: dict[str, list[cst.Call]] = {}
        self._walk(module.body)

    def _walk(self, statements: Iterable[cst.CSTNode]) -> None:
        stack = list(statements)
        while stack:
            node = stack.pop()
            if isinstance(node, cst.SimpleStatementLine):
                self._small(node.body)
                continue
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                self.defined.add(node.name.value)
            for field in CST_BLOCK_FIELDS:
                value = getattr(node, field, None)
                if value is None:
                    continue
                for part in value if isinstance(value, (tuple, list)) else (value,):
                    if isinstance(part, cst.SimpleStatementSuite):
                        self._small(part.body)
                    elif isinstance(part, cst.IndentedBlock):
                        stack.extend(part.body)
                    else:  # an elif, else, except, finally or case clause
                        stack.append(part)

    def _small(self, statements: Iterable[cst.BaseSmallStatement]) -> None:
        for small in statements:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                self._bind(small)
            elif isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        self.assigned_calls.setdefault(target.target.value, []).append(small.value)
            elif isinstance(small, cst.AnnAssign) and isinstance(small.value, cst.Call) and isinstance(small.target, cst.Name):
                self.assigned_calls.setdefault(small.target.value, []).append(small.value)

    def _bind(self, statement: cst.Import | cst.ImportFrom) -> None:
        if isinstance(statement, cst.Import):
            for alias in statement.names:
                name = dotted_name(alias.name) or ""
                local = dotted_name(alias.asname.name) if alias.asname is not None else name.split(".")[0]
                self.bound.setdefault(local or "", set()).update(_leading_parts(name))
            return
        if isinstance(statement.names, cst.ImportStar):
            return  # binds nothing LibCST's scope knows
        module = dotted_name(statement.module) if statement.module is not None else ""
        prefix = "." * len(statement.relative) + (module or "")
        joiner = "" if not prefix or prefix.endswith(".") else "."
        for alias in statement.names:
            name = dotted_name(alias.name) or ""
            local = dotted_name(alias.asname.name) if alias.asname is not None else name
            self.bound.setdefault(local or "", set()).update(_leading_parts(f"{prefix}{joiner}{name}"))

    def candidates(self, node: cst.CSTNode) -> set[str] | None:
        """The names LibCST's scope may give ``node`` but for those of local assignments in a
        class or function (see the module's docstring); None when it is not a spelled name."""
        if not names_statically(node):
            return set()  # QualifiedNames names such a node nothing
        full = get_full_name_for_node(node) if isinstance(node, _SPELLED) else None
        if full is None:
            return None
        root, dot, rest = full.partition(".")
        found = {full, "builtins." + root}
        for part in self.bound.get(root, ()):
            found.add(part)
            if dot:
                found.add(f"{part}.{rest}")
        return found

    def assigned_call_of(self, wanted: Container[str], roots: Iterable[str]) -> set[str]:
        """The names assigned (``name = f(...)``, anywhere) a call that may be of one of ``wanted``."""
        return {
            name
            for name, calls in self.assigned_calls.items()
            if any(self.may_refer_to(call.func, wanted, roots) for call in calls)
        }

    def may_refer_to(self, node: cst.CSTNode, wanted: Container[str], roots: Iterable[str]) -> bool:
        """False only when none of ``node``'s qualified names can be in ``wanted``, every name
        of which starts with one of ``roots`` (its first dotted part)."""
        if not self.defined.isdisjoint(roots):
            return True
        found = self.candidates(node)
        return found is None or any(name in wanted for name in found)


_LAST: list = [None, None]  # the last module asked about (kept: its id is not reused) and its candidates


def candidates_of(module: cst.Module) -> NameCandidates:
    """``NameCandidates(module)``, made once while ``module`` is the last module asked about."""
    if _LAST[0] is not module:
        _LAST[1] = NameCandidates(module)
        _LAST[0] = module
    return _LAST[1]


@dropped_after_each_file
def _forget_last() -> None:
    _LAST[:] = [None, None]


def roots_of(wanted: Iterable[str]) -> frozenset[str]:
    """The first dotted parts of ``wanted`` (what ``may_refer_to`` takes as ``roots``)."""
    return frozenset(name.split(".", 1)[0] for name in wanted)
