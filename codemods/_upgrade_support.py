"""What the upgrade codemods share: their base class, how names are resolved, how imports change.

- ``UpgradeCodemod``: the base class of the upgrade group: what every upgrade codemod
  declares alike (group, safety unless it says otherwise, metadata, a catalogue of the
  legacy forms), so that a codemod's class states only what is its own.
- ``Names``: qualified names (LibCST's QualifiedNameProvider), scopes, parents and
  version guards (``_version_guards.is_guarded``) of one module; the uses of an imported
  name that can take a new name unseen (``renamable_uses``: ``BaseRequest`` -> ``Request``,
  ``BaseQuery`` -> ``Query``).
- ``reference_to``: how a module can name ``urllib.parse.urlsplit`` — through an import it
  already has, or through one to add — without shadowing anything.
- ``without_aliases``, ``comments_in``: what is left of an import when names leave it, and
  the comments that would go with them.
- ``ImportStatements``: a visitor that collects the import statements of a module.
- ``ImportPlanner``: a planner that records edits and the imports its new spellings need
  (``Spellings``); ``UpgradeCodemod.planned`` runs one over a module.

The edits themselves are ``_node_edits.NodeEdits``, as for every codemod.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Collection, Container, Iterable

import libcst as cst
from libcst.metadata import ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from ._base import Codemod
from ._flask import dotted_name as dotted
from ._flask import name_bound_elsewhere, qualified_names
from ._flask_versions import LegacyForm
from ._name_candidates import NameCandidates
from ._names_taken import taken_elsewhere
from ._names import bound_name, variable_names
from ._node_edits import NodeEdits, apply_edits, import_left
from ._node_fields import nodes_below
from ._version_guards import is_guarded

if TYPE_CHECKING:
    from ._base import Context


def expression(path: str) -> cst.BaseExpression:
    """The Name/Attribute chain spelled ``path`` (``"werkzeug.utils.safe_join"``)."""
    parts = path.split(".")
    node: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part), dot=cst.Dot())  # (not the default Dot all share)
    return node


def import_source(node: cst.ImportFrom) -> str | None:
    """The absolute module of ``from M import ...``; None for relative imports."""
    if node.relative:
        return None
    return dotted(node.module)


def without_aliases(statement: cst.Import | cst.ImportFrom, drop: set[int]) -> cst.Import | cst.ImportFrom | None:
    """``statement`` without the aliases at the indices ``drop`` (the last one left with the
    comma the old last one had); None when none is left."""
    names = statement.names
    assert not isinstance(names, cst.ImportStar)
    kept = [alias for i, alias in enumerate(names) if i not in drop]
    return import_left(statement, kept) if kept else None


def comments_in(node: cst.CSTNode, *, without: cst.CSTNode | None = None) -> list[cst.EmptyLine]:
    """The comments inside ``node`` that ``without`` (what is left of it) does not hold, as
    comment lines."""
    kept = {c.value for c in nodes_of(without, cst.Comment)} if without is not None else set()
    return [cst.EmptyLine(comment=c) for c in nodes_of(node, cst.Comment) if c.value not in kept]


def nodes_of(root: cst.CSTNode, *kinds: type) -> list[Any]:
    """Every node of the given types in ``root`` (``root`` included), in visiting order: read
    from ``nodes_below``'s list (the nodes LibCST's visit reaches, in its order, for about a
    quarter of a visit's cost), each type asked once."""
    found: list[Any] = []
    add = found.append
    wanted: dict[type, bool] = {}
    for node in (root, *nodes_below(root)):
        kind = type(node)
        hit = wanted.get(kind)
        if hit is None:
            hit = wanted[kind] = issubclass(kind, kinds)
        if hit:
            add(node)
    return found


class Names:
    """Qualified names, parents, scopes and guards of the module a wrapper holds."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper
        self.module: cst.Module = wrapper.module
        self._parents = wrapper.resolve(ParentNodeProvider)

    @cached_property
    def _scopes(self) -> Any:
        """The module's scopes: its scope analysis, run when first needed."""
        return self.wrapper.resolve(ScopeProvider)

    @cached_property
    def _candidates(self) -> NameCandidates:
        return NameCandidates(self.module)

    def lazily_scoped(self, tree: Any) -> Names:
        """These names with scopes from ``_lazy_scopes`` (``tree``: the module's stdlib AST,
        or None): a function's body is analysed when a node in it is first looked up. For
        qualified names, scopes and parents only: the accesses its scopes record are those
        of the bodies analysed (``import_references`` and ``renamable_uses`` would miss some)."""
        from ._lazy_scopes import lazily_scoped  # (as the codemods' other lazy imports)

        return Names(lazily_scoped(self.wrapper, tree))

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._parents.get(node)

    def qualified(self, node: cst.CSTNode) -> set[str]:
        return qualified_names(self.wrapper, node)

    def may_refer_to(self, node: cst.CSTNode, wanted: Container[str], roots: Iterable[str]) -> bool:
        """False only when none of ``node``'s qualified names can be one of ``wanted`` (each of
        which starts with one of ``roots``), known without the module's scopes
        (_name_candidates): a lookup that could only answer "none of them" need not be made."""
        return self._candidates.may_refer_to(node, wanted, roots)

    def assigned_call_of(self, wanted: Collection[str]) -> set[str]:
        """The names some statement of the module assigns a call that may be of one of
        ``wanted`` (``app = Flask(...)``: NameCandidates.assigned_call_of), found without scopes."""
        return self._candidates.assigned_call_of(wanted, {name.split(".", 1)[0] for name in wanted})

    def qualified_among(self, node: cst.CSTNode, wanted: Collection[str]) -> set[str]:
        """``qualified(node) & wanted``, without a lookup when it must be empty."""
        roots = {name.split(".", 1)[0] for name in wanted}
        return self.qualified(node) & set(wanted) if self.may_refer_to(node, wanted, roots) else set()

    def only_qualified(self, node: cst.CSTNode) -> str | None:
        """The one qualified name ``node`` refers to; None when unknown or ambiguous."""
        found = self.qualified(node)
        return next(iter(found)) if len(found) == 1 else None

    def scope(self, node: cst.CSTNode) -> Any:
        return self._scopes.get(node)

    def guarded(self, node: cst.CSTNode) -> bool:
        """In a try/except ImportError shim or a version-tested branch (left alone)."""
        return is_guarded(node, self.parent)

    def line_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The statement (a SimpleStatementLine or compound statement) holding ``node``."""
        current: cst.CSTNode | None = node
        while current is not None and not isinstance(current, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            current = self.parent(current)
        return current

    def at_module_level(self, statement: cst.CSTNode) -> bool:
        return self.parent(statement) is self.module

    def import_references(self, statement: cst.Import | cst.ImportFrom, name: str) -> list[cst.CSTNode] | None:
        """The nodes that read the name ``name`` bound by ``statement``; None when the name
        has other bindings in the same scope too (its uses cannot be told apart)."""
        scope = self.scope(statement)
        if scope is None:
            return None
        assignments = list(scope.assignments[name])
        own = [a for a in assignments if getattr(a, "node", None) is statement]
        if len(own) != 1 or len(assignments) != 1:
            return None
        return [access.node for access in own[0].references]

    def renamable_uses(
        self, statement: cst.Import | cst.ImportFrom, old: str, new: str, taken: set[str], ctx: Any
    ) -> list[cst.Name] | None:
        """The uses of the name ``old`` that ``statement`` imports, when every one of them
        can take the name ``new`` and nothing can tell (``BaseRequest`` -> ``Request``);
        None otherwise. Nothing can tell when: ``new`` is a name the module uses nowhere
        (``taken``: _names.used_names) and binds nowhere; ``old`` is spelled in no string
        (``__all__``, ``getattr(m, "old")``: they would go stale); the module is not a
        package's ``__init__`` (others import names from there), nor one another module of
        the project (``ctx``'s) takes ``old`` from (``_names_taken``); ``old`` has no other
        binding in that scope; and every use is a plain name, outside version-guarded code."""
        if new in taken or name_bound_elsewhere(self.wrapper, new) or ctx.path.replace("\\", "/").endswith("__init__.py"):
            return None
        if any(old in string.value for string in nodes_of(self.module, cst.SimpleString)):
            return None
        uses = self.import_references(statement, old)
        if not uses or not all(isinstance(use, cst.Name) and not self.guarded(use) for use in uses):
            return None
        if taken_elsewhere(ctx, old) is not None:
            return None
        return uses  # type: ignore[return-value]

    def refers_only_to_import(self, site: cst.CSTNode, name: str, statement: cst.CSTNode) -> bool:
        """True when ``name``, read at ``site``, can only mean what ``statement`` binds."""
        scope = self.scope(site)
        if scope is None or name not in scope:
            return False
        assignments = scope[name]
        return bool(assignments) and all(getattr(a, "node", None) is statement for a in assignments)

    def bound_by_plain_imports(self, site: cst.CSTNode, name: str) -> bool:
        """True when every binding of ``name`` seen at ``site`` is ``import name[.sub]``:
        another ``import name.other`` then binds the very same module."""
        scope = self.scope(site)
        if scope is None or name not in scope:
            return False
        assignments = scope[name]
        return bool(assignments) and all(_binds_plainly(getattr(a, "node", None), name) for a in assignments)


def _binds_plainly(statement: cst.CSTNode, name: str) -> bool:
    """``statement`` is ``import name`` or ``import name.sub`` (no ``as``)."""
    return isinstance(statement, cst.Import) and any(
        alias.asname is None and (dotted(alias.name) or "").split(".")[0] == name for alias in statement.names
    )


def _top_level_imports(module: cst.Module) -> Iterable[cst.Import | cst.ImportFrom]:
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    yield small


def reference_to(
    names: Names, site: cst.CSTNode, qualified: str, used: set[str], *, from_import: bool
) -> tuple[str, tuple[str, str | None] | None] | None:
    """How the code at ``site`` can name ``qualified`` (``"urllib.parse.urlsplit"``):
    ``(spelling, import to add or None)``, or None when every way would shadow or be
    shadowed. An existing top-level import is reused when nothing else binds its name;
    otherwise a new ``from M import N`` (``from_import``) or ``import M`` whose bound name the
    module uses nowhere as a variable (``used``, see ``_names.variable_names``)."""
    parent, _, last = qualified.rpartition(".")
    for small in _top_level_imports(names.module):
        if isinstance(small, cst.ImportFrom):
            if import_source(small) != parent or isinstance(small.names, cst.ImportStar):
                continue
            for alias in small.names:
                if dotted(alias.name) == last:
                    bound = bound_name(alias, from_import=True)
                    if names.refers_only_to_import(site, bound, small):
                        return bound, None
        else:
            for alias in small.names:
                if dotted(alias.name) != parent:
                    continue
                bound = bound_name(alias, from_import=False)
                plain = alias.asname is None and names.bound_by_plain_imports(site, bound)
                if plain or names.refers_only_to_import(site, bound, small):
                    spelled = f"{bound}.{last}" if alias.asname is not None else qualified
                    return spelled, None
    if from_import:
        return (last, (parent, last)) if last not in used else None
    root = parent.split(".")[0]
    if root not in used or names.bound_by_plain_imports(site, root):
        return qualified, (parent, None)
    return None


class ImportStatements(cst.CSTVisitor):
    """Collects a module's import statements (not what is inside them); subclasses collect
    the other nodes their planner looks at."""

    def __init__(self) -> None:
        self.imports: list[cst.Import | cst.ImportFrom] = []

    def visit_Import(self, node: cst.Import) -> bool:
        self.imports.append(node)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.imports.append(node)
        return False


class Spellings:
    """``reference_to`` for one module, remembering the imports it decided to add (so the
    second use of ``urlsplit`` reuses the import planned for the first)."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.imports: list[tuple[str, str | None]] = []
        self.spelled: set[str] = set()  # every spelling handed out
        self._planned: dict[tuple[str, bool], str] = {}

    @cached_property
    def used(self) -> set[str]:
        """The names the module uses as variables (a walk of it, made when first needed)."""
        return variable_names(self.names.module)

    def of(self, site: cst.CSTNode, qualified: str, *, from_import: bool) -> str | None:
        """How ``site`` names ``qualified`` (its import planned when needed); None when it cannot."""
        planned = self._planned.get((qualified, from_import))
        if planned is not None:
            return planned
        found = reference_to(self.names, site, qualified, self.used, from_import=from_import)
        if found is None:
            return None
        spelled, needed = found
        self.spelled.add(spelled)
        if needed is not None:
            self.imports.append(needed)
            self._planned[(qualified, from_import)] = spelled
        return spelled


@dataclass
class Plan:
    """What a planner decided for one module: its edits (the imports to add among them) and
    how many rewrites they make."""

    edits: NodeEdits = field(default_factory=NodeEdits)
    rewrites: int = 0


class ImportPlanner:
    """Plans one module's rewrites whose new spellings may need imports: a subclass's
    ``plan_module`` records edits in ``self.plan`` and names new things through
    ``self.spellings``; ``run`` adds the imports those spellings asked for."""

    def __init__(self, names: Names, ctx: Context) -> None:
        self.names = names
        self.ctx = ctx
        self.plan = Plan()
        self.spellings = Spellings(names)

    def plan_module(self) -> None:
        raise NotImplementedError

    def run(self) -> Plan:
        self.plan_module()
        for module, name in self.spellings.imports:
            self.plan.edits.add_import(module, name)
        return self.plan


# what Names resolves at once: the scopes wait for the first lookup that needs them (the
# wrapper's ``resolve(ScopeProvider)`` runs them then, _metadata.new_wrapper)
NAMES_METADATA = (QualifiedNameProvider, ParentNodeProvider)


class UpgradeCodemod(Codemod):
    """Base class of the upgrade codemods: each rewrites legacy Flask, Werkzeug or SQLAlchemy
    APIs to their replacements, keeping behaviour (``review`` where a codemod says so),
    resolving names by qualified name with scopes and parents, and lists the legacy forms it
    knows in ``CATALOGUE`` (``explain`` and the README's upgrade table show them).

    tool/codemod_info.py reads these literals without importing this module: keep them
    plain literals."""

    SAFETY = "safe"
    GROUP = "upgrade"
    METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)
    CATALOGUE: ClassVar[tuple[LegacyForm, ...]] = ()

    def names(self, module: cst.Module, ctx: Context) -> Names:
        """The names of ``module`` with this codemod's metadata resolved (edit ``names.module``)."""
        return Names(ctx.metadata(module, NAMES_METADATA))

    def planned(self, planner: type[ImportPlanner], module: cst.Module, ctx: Context) -> cst.Module:
        """``module`` with what ``planner`` plans for it applied (``module`` itself when
        nothing), its rewrites counted."""
        names = self.names(module, ctx)
        plan = planner(names, ctx).run()
        if plan.edits.empty:
            return module
        ctx.rewrote(plan.rewrites)
        return apply_edits(names.wrapper, plan.edits, ctx)
