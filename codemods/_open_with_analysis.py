"""open-with, analysis: which statements to wrap in a with-block, and why (not).

The analysis reads a module (with LibCST's scope metadata, which also answers qualified names,
and an ``Index`` built in one pass: parents, candidate calls, names) and produces a ``Plan``: the regions of statements to wrap, the openers to replace by a handle
name, and a finding for every opener it leaves alone. It never changes the tree; see
``_open_with_rewrite`` for that.

Vocabulary:
- an *opener* is a call that returns a handle (``open(p)``, ``gzip.open(p)``, ``urlopen(u)``);
- an *inline* opener is used once where it stands (``open(p).read()``); the with-block wraps
  its statement and the opener is replaced by a fresh name;
- a *binding* is ``f = open(p)`` as a statement; the with-block replaces it and spans the
  statements that use ``f``: up to ``f.close()`` (removed), the ``try`` whose ``finally`` only
  closes ``f``, or the last use;
- a *derived* object is built on the handle and reads it later (``csv.reader(f)``); it must
  not outlive the with-block either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    PositionProvider,
    QualifiedName,
    QualifiedNameSource,
    ScopeProvider,
)
from libcst.metadata.scope_provider import ClassScope, ComprehensionScope, GlobalScope, Scope

from ._names import RESERVED
from ._open_with_catalog import (
    CLOSER_METHODS,
    CLOSERS,
    CONTAINER_METHODS,
    DERIVED_ATTRIBUTES,
    DERIVED_MAKERS,
    DERIVED_METHODS,
    EAGER_CONSUMERS,
    EAGER_ITERATION,
    KEEPERS,
    LAZY_WRAPPERS,
    OPENER_CALL_NAMES,
    OPENERS,
    PATH_CLASSES,
    PATH_OPEN,
    PREFERRED_NAMES,
    SAFE_ATTRIBUTES,
    SAFE_METHODS,
    STAR_IMPORTS_WITH_OPEN,
    OpenerSpec,
    handle_parameter_matches,
)
from ._open_with_evaluation import PURE, SUSPEND, Evaluation

METADATA = (ScopeProvider,)

# -- the reasons a user reads -------------------------------------------------------------------

RETURNED = "the handle is returned to the caller: closing it here would break the caller"
YIELDED = "the handle is yielded to the code that iterates this generator: closing it here would break that code"
ATTRIBUTE = "the handle is stored on an attribute, so it outlives this block: closing it here would break its later users"
CONTAINER = "the handle is stored in a container, so it outlives this block: closing it here would break its later users"
ALIAS = "the handle is assigned to another name: open-with does not follow aliases, so it cannot tell when the handle is last used"
GLOBAL = "the handle name is declared global or nonlocal: code elsewhere may use it after this block"
LAMBDA = "open() inside a lambda: there is no statement to wrap in a with-block"
COMPREHENSION = "open() runs once per item of a comprehension: there is no single statement to wrap in a with-block"
CONDITIONAL = "open() in a conditional expression (x if c else y) runs on one branch only: a with-block would open the file unconditionally"
AND_OR = "open() in an and/or operand may not run at all: a with-block would open the file unconditionally"
DEFAULT_ARGUMENT = "open() in a default argument runs once, when the function is defined, and the handle lives as long as the function"
DECORATOR = "open() in a decorator or class header: there is no statement to wrap in a with-block"
CLASS_BODY_INLINE = "in a class body the with-block's handle name would become a new class attribute: write the with-block by hand or move the code into a function"
CLASS_BODY_UNCLOSED = "the handle is a class attribute that is never closed here: code may still use it through the class, so closing it would break that code"
SUITE = "the statement shares its line with an if/for/while/with header: put it on its own line to let open-with rewrite it"
ONE_LINE = "several statements share this line: put the statement on its own line to let open-with rewrite it"
WALRUS = "the handle is bound with := inside an expression: open-with does not follow that name"
ANNOTATED = "the handle is bound by an annotated assignment: write the with-block by hand"
UNKNOWN_USE = "the handle is used in a way open-with does not recognise, so it cannot prove that closing it is safe"
SUSPENDS = "the statement awaits or yields after using the file: a with-block would keep the file open while it is suspended"
FLUSH = "the file is written and more code runs in the same statement: a with-block would flush and close the file later than before"
LOOP_BODY_AFTER_READ = "the for loop body runs after the file is read: a with-block around the loop would keep the file open (and unflushed) during the loop"
REASSIGNED = "the handle name {name} is reassigned at line {line} while the handle may still be in use: open-with cannot tell which handle is closed where"
DELETED = "the handle name {name} is deleted at line {line}: write the with-block by hand"
USED_ELSEWHERE = "the handle {name} is used at line {line}, outside the block where it is opened, where it may still be open: a with-block would close it too early"
NESTED_FUNCTION = "the handle {name} is used by a nested function or lambda (line {line}), which may run after the with-block has closed it"
MODULE_FUNCTIONS = "the module-level handle {name} is used by a function (line {line}): closing it after the module's own last use would break that function"
OVERLAP = "the handle is still open when another handle opened before it is closed (line {line}): the two with-blocks cannot nest"
OWN_REPLACEMENT = "the handle {name} is used to compute its own replacement at line {line}: write the with-block by hand"
DERIVED_RETURNED = "the {maker} object built on the handle is returned: it reads the file lazily, so closing the file here would break the caller"
DERIVED_ESCAPES = "the {maker} object built on the handle is stored or passed on: it uses the file later, so closing the file here could break it"
GENERATOR_ESCAPES = "the handle is read by a generator expression that may run after the with-block has closed it"
LATE_RESULT = "the result of .{attr}() may still need the open file: closing it here could break the code that uses it"
BOUND_ATTRIBUTE = "the handle's .{attr} is passed on: it may be used after the with-block has closed the file"
KEEPER = "the handle is passed to {callee}(), which keeps it to stream the response later: closing it here would break the response"
MAY_KEEP = "the handle is passed to {callee}(), which may keep it: open-with cannot prove that closing it here is safe"
STORED_BY_METHOD = "the handle is stored in a container (.{attr}()), so it outlives this block: closing it here would break its later users"
REDEFINED = "open is redefined in this file (a parameter, a variable or a function named open), so it is not the builtin open: not rewritten"
NOT_BUILTIN = "open here is not the builtin open (it refers to {target}): not rewritten"
STAR_SHADOWS = "`from {module} import *` replaces the builtin open in this module: not rewritten"
BUILTINS_REPLACED = "builtins.open is replaced in this module (line {line}), so open() may not be the builtin: not rewritten"
NOT_A_STATEMENT = "open() in {what}: a with-block would keep the file open for the whole statement; assign the value to a variable first"
INTROSPECTION = "the function looks at its own variables (locals() or vars()): a new handle name would show up there"
EXPORTED = "the module-level handle {name} is named in a string (such as __all__), so other modules may use it after this block"
NESTED_OPENER = "open() inside the arguments of another open(): write the with-blocks by hand"
EVALUATION_ORDER = "{what} runs before open() in this statement: moving open() into a with-block ahead of the statement would change the order in which they run"


# -- the plan ---------------------------------------------------------------------------------


@dataclass(eq=False)
class Opener:
    call: cst.Call
    spec: OpenerSpec
    reads: bool  # its mode is a literal that only reads
    problem: str | None = None  # why `open` here may not be the builtin (reported unless managed)

    @property
    def preferred_names(self) -> tuple[str, ...]:
        family = self.spec.family
        if family == "file":
            return PREFERRED_NAMES["read" if self.reads else "write"]
        return PREFERRED_NAMES[family]


@dataclass(eq=False)
class Item:
    """One ``opener as name`` of a with statement."""

    opener: Opener
    inline: bool  # True: the opener stays where it is and is replaced by ``name``
    name: str = ""  # the user's name for bindings; chosen fresh for inline items
    binding: int | None = None  # index of the dropped ``name = opener`` statement
    discarded: bool = False  # a bare ``open(p)`` statement: no name, the body is ``pass``


@dataclass(eq=False)
class Region:
    """Statements ``owner.body[start:end+1]`` that go into one with-block."""

    owner: cst.CSTNode  # cst.Module or cst.IndentedBlock
    start: int
    end: int
    items: list[Item]
    kind: str  # "inline", "free" (no close: ends at the last use), "close", "finally"
    scope: Scope
    closes: set[int] = field(default_factory=set)  # explicit close statements, removed
    unwrap: int | None = None  # the try statement whose ``finally: f.close()`` is removed
    children: list["Region"] = field(default_factory=list)

    @property
    def drops(self) -> set[int]:
        return {item.binding for item in self.items if item.binding is not None} | self.closes

    @property
    def binding_end(self) -> int:
        """The last statement that binds one of the items (start - 1 when none does)."""
        bound = [item.binding for item in self.items if item.binding is not None]
        return max(bound) if bound else self.start - 1

    def contains(self, other: "Region") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass
class Plan:
    regions: dict[cst.CSTNode, list[Region]] = field(default_factory=dict)  # owner -> top regions
    inline_names: dict[cst.Call, str] = field(default_factory=dict)
    discarded: set[cst.CSTNode] = field(default_factory=set)  # lines that become `pass`
    findings: list[tuple[cst.CSTNode, str]] = field(default_factory=list)
    rewrites: int = 0


class Refusal(Exception):
    """Raised inside the analysis of one opener: leave it alone and say why."""

    def __init__(self, message: str, silent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.silent = silent  # nothing to report (e.g. the handle is already managed)


# -- one pass over the module -------------------------------------------------------------------


class Index(cst.CSTVisitor):
    """One pass over a module: every node's parent, candidate opener calls (by spelling),
    every Name by spelling, star imports, writes to ``builtins.open``, identifier strings."""

    def __init__(self) -> None:
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self._stack: list[cst.CSTNode] = []
        self.calls: list[cst.Call] = []
        self.names: dict[str, list[cst.Name]] = {}
        self.star_imports: list[cst.ImportFrom] = []
        self.builtins_writes: list[tuple[cst.CSTNode, cst.BaseExpression]] = []
        self.identifier_strings: set[str] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self.parents[node] = self._stack[-1]
        self._stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        self._stack.pop()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        if isinstance(value, str) and value.isidentifier():
            self.identifier_strings.add(value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        last = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        if last in OPENER_CALL_NAMES:
            self.calls.append(node)
        if isinstance(func, cst.Name) and func.value == "setattr" and len(node.args) >= 2:
            if _string(node.args[1].value) == "open":
                self.builtins_writes.append((node, node.args[0].value))

    def visit_Name(self, node: cst.Name) -> None:
        self.names.setdefault(node.value, []).append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            self.star_imports.append(node)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Attribute) and target.attr.value == "open":
            self.builtins_writes.append((node, target.value))
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and _string(index.value) == "open":
                self.builtins_writes.append((node, target.value))


def index_module(module: cst.Module) -> Index:
    index = Index()
    module.visit(index)
    return index


def _string(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


_EMPTY_MODULE = cst.Module(body=[])


def _code(node: cst.CSTNode, limit: int = 40) -> str:
    text = " ".join(_EMPTY_MODULE.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- uses of a handle ---------------------------------------------------------------------------

SAFE, CLOSE, MANAGED, BIND, DERIVED_BIND, ESCAPE, MAY_KEEP_USE = (
    "safe", "close", "managed", "bind", "derived-bind", "escape", "may-keep",
)


@dataclass
class Use:
    kind: str
    consumer: cst.CSTNode | None = None  # the expression (or for loop) that finishes the use
    message: str = ""
    name: str = ""  # BIND / DERIVED_BIND: the name bound
    statement: cst.CSTNode | None = None  # BIND / DERIVED_BIND: the Assign
    maker: str = ""  # DERIVED_BIND: "csv.reader" …


DISCARDED = "<discarded>"  # Use.name of a bare `open(p)` statement: `with open(p): pass`

# occurrence roles
LOAD, STORE, DELETE, DECLARE, IGNORE = "load", "store", "delete", "declare", "ignore"


@dataclass
class Occurrence:
    node: cst.Name
    role: str
    where: str  # "direct", "comprehension" or "nested"
    top: int | None = None  # index of the statement of the block that contains it


class Analysis:
    """Needs ScopeProvider resolved on ``wrapper`` and the ``Index`` of ``wrapper.module``
    (positions are resolved when first needed)."""

    def __init__(self, wrapper: MetadataWrapper, index: Index) -> None:
        self.wrapper = wrapper
        self.module = wrapper.module
        self.index = index
        self.parents = index.parents
        self.scopes = wrapper.resolve(ScopeProvider)
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        self.plan = Plan()
        self._block_positions: dict[int, dict[int, int]] = {}
        self._scoped_names: dict[Scope | None, dict[str, list[cst.Name]]] | None = None
        self._scopes_within: dict[Scope, list[Scope]] = {}
        self._taken: dict[Scope, set[str]] = {}
        self._opener_calls: set[cst.Call] = set()

    # -- small helpers ----------------------------------------------------------------------
    @property
    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Positions cost more than a parse: resolved only when a line or an order is needed."""
        if self._positions is None:
            self._positions = self.wrapper.resolve(PositionProvider)
        return self._positions

    def qualified_names(self, node: cst.CSTNode) -> set[QualifiedName]:
        """What ``node`` may refer to, e.g. ``builtins.open`` or ``os.open`` (empty: unknown).
        (QualifiedNameProvider does the same for every node of the module: much slower.)"""
        scope = self.scopes.get(node)
        if scope is None:
            return set()
        try:
            return set(scope.get_qualified_names_for(node))
        except Exception:  # pragma: no cover - defensive: odd nodes LibCST cannot name
            return set()

    def qnames(self, node: cst.CSTNode) -> set[str]:
        return {q.name for q in self.qualified_names(node)}

    def line(self, node: cst.CSTNode) -> int:
        position = self.positions.get(node)
        return position.start.line if position is not None else 0

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        position = self.positions.get(node)
        return (position.start.line, position.start.column) if position is not None else (0, 0)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parents.get(node)
        while current is not None:
            yield current
            current = self.parents.get(current)

    def is_inside(self, node: cst.CSTNode, container: cst.CSTNode) -> bool:
        return node is container or any(a is container for a in self.ancestors(node))

    def position_in_block(self, statement: cst.CSTNode) -> tuple[cst.CSTNode, int] | None:
        """(owner, index) when ``statement`` sits directly in a Module or IndentedBlock body."""
        owner = self.parents.get(statement)
        if not isinstance(owner, (cst.Module, cst.IndentedBlock)):
            return None
        table = self._block_positions.get(id(owner))
        if table is None:
            table = {id(s): i for i, s in enumerate(owner.body)}
            self._block_positions[id(owner)] = table
        index = table.get(id(statement))
        return (owner, index) if index is not None else None

    def top_index(self, node: cst.CSTNode, owner: cst.CSTNode) -> int | None:
        """Index of the statement of ``owner.body`` that contains ``node`` (None: outside)."""
        child = node
        for ancestor in self.ancestors(node):
            if ancestor is owner:
                found = self.position_in_block(child)
                return found[1] if found is not None else None
            child = ancestor
        return None

    def scoped_names(self) -> dict[Scope | None, dict[str, list[cst.Name]]]:
        """Every Name that names something (not an attribute, not a keyword argument), by the
        scope it is in and its spelling. ``None``: names of ``global``/``nonlocal`` lists."""
        if self._scoped_names is None:
            table: dict[Scope | None, dict[str, list[cst.Name]]] = {}
            for name, nodes in self.index.names.items():
                for node in nodes:
                    if not self._attribute_or_keyword(node):
                        table.setdefault(self.scopes.get(node), {}).setdefault(name, []).append(node)
            self._scoped_names = table
        return self._scoped_names

    def scopes_within(self, scope: Scope) -> list[Scope]:
        """``scope`` and the scopes nested in it that hold names."""
        found = self._scopes_within.get(scope)
        if found is None:
            found = [s for s in self.scoped_names() if s is not None and _scope_inside(s, scope)]
            self._scopes_within[scope] = found
        return found

    def names_in(self, scope: Scope, name: str) -> list[cst.Name]:
        """The Names spelled ``name`` in ``scope`` or nested in it (and in global/nonlocal lists),
        in source order."""
        table = self.scoped_names()
        nodes = list(table.get(None, {}).get(name, ()))
        for owner in self.scopes_within(scope):
            nodes.extend(table[owner].get(name, ()))
        return sorted(nodes, key=self.start)

    def taken_names(self, scope: Scope) -> set[str]:
        """The names a new handle name in ``scope`` must avoid: every name used in ``scope``,
        in a scope nested in it, or at module level (attribute names and keyword arguments
        are not names), every identifier-like string of the module (``getattr(x, "f")``),
        builtins and keywords. So the new name shadows nothing, and nothing shadows it."""
        taken = self._taken.get(scope)
        if taken is None:
            table = self.scoped_names()
            taken = set(RESERVED) | self.index.identifier_strings | set(table.get(None, {}))
            for owner in {*self.scopes_within(scope), *(s for s in table if isinstance(s, GlobalScope))}:
                taken |= set(table[owner])  # module-level names too: a new local never shadows a global
            self._taken[scope] = taken
        return taken

    def _attribute_or_keyword(self, node: cst.Name) -> bool:
        parent = self.parents.get(node)
        return (isinstance(parent, cst.Attribute) and parent.attr is node) or (
            isinstance(parent, cst.Arg) and parent.keyword is node
        )

    # -- openers ----------------------------------------------------------------------------
    def opener_of(self, call: cst.Call) -> Opener | None:
        """The opener ``call`` is, or None. An ``open`` that is not the builtin (or may not be)
        is an opener with a ``problem``: reported, never rewritten."""
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "open" and isinstance(func.value, cst.Call):
            makers = self.qnames(func.value.func)
            if makers and makers <= PATH_CLASSES:
                return Opener(call, PATH_OPEN, self._reads(call, PATH_OPEN))
        names = self.qnames(func)
        specs = {OPENERS.get(n) for n in names}
        if names and len(specs) == 1 and None not in specs:
            spec = specs.pop()
            assert spec is not None
            problem = self._builtin_open_problem() if "builtins.open" in names else None
            return Opener(call, spec, self._reads(call, spec), problem)
        if isinstance(func, cst.Name) and func.value == "open":
            if any(q.source == QualifiedNameSource.LOCAL for q in self.qualified_names(func)):
                problem = REDEFINED
            else:
                targets = sorted(names - {"builtins.open"}) or ["an unknown object"]
                problem = NOT_BUILTIN.format(target=", ".join(targets))
            return Opener(call, OPENERS["builtins.open"], False, problem)
        return None

    def _builtin_open_problem(self) -> str | None:
        for star in self.index.star_imports:
            module_name = _code(star.module) if star.module is not None else ""
            if not star.relative and module_name in STAR_IMPORTS_WITH_OPEN:
                return STAR_SHADOWS.format(module=module_name)
        for node, target in self.index.builtins_writes:
            if (isinstance(target, cst.Name) and target.value == "__builtins__") or "builtins" in self.qnames(target):
                return BUILTINS_REPLACED.format(line=self.line(node))
        return None

    def _reads(self, call: cst.Call, spec: OpenerSpec) -> bool:
        if spec.family == "url":
            return True
        mode_node: cst.BaseExpression | None = None
        position = 0
        for arg in call.args:
            if arg.star:
                return False  # *args / **kwargs may carry the mode
            if arg.keyword is None:
                if position == spec.mode_position:
                    mode_node = arg.value
                position += 1
            elif arg.keyword.value == spec.mode_keyword:
                mode_node = arg.value
        mode = spec.default_mode if mode_node is None else _string(mode_node)
        return mode is not None and not any(c in mode for c in "wax+")

    # -- the main loop ----------------------------------------------------------------------
    def run(self) -> Plan:
        inline: dict[cst.CSTNode, list[tuple[Opener, Use]]] = {}
        bindings: list[tuple[Opener, Use, cst.CSTNode]] = []
        openers: list[Opener] = []
        for call in self.index.calls:
            opener = self.opener_of(call)
            if opener is not None:
                openers.append(opener)
                self._opener_calls.add(call)
        for opener in openers:
            call = opener.call
            try:
                statement, use = self.place(opener)
            except Refusal as refusal:
                if not refusal.silent:
                    self.plan.findings.append((call, refusal.message))
                continue
            if use.kind in (BIND, DERIVED_BIND):
                bindings.append((opener, use, statement))
            else:
                inline.setdefault(statement, []).append((opener, use))

        regions: list[Region] = []
        for statement, entries in inline.items():
            regions.extend(self.inline_region(statement, entries))
        for opener, use, statement in bindings:
            try:
                regions.append(self.binding_region(opener, use, statement))
            except Refusal as refusal:
                if not refusal.silent:
                    self.plan.findings.append((opener.call, refusal.message))
        self.arrange(regions)
        self.plan.findings.sort(key=lambda entry: self.start(entry[0]))
        return self.plan

    # -- where an opener stands -------------------------------------------------------------
    def place(self, opener: Opener) -> tuple[cst.CSTNode, Use]:
        """The statement to wrap and how the handle is used; Refusal when it cannot be wrapped."""
        use = self.use_of(opener.call, opener.spec.family)
        if use.kind == MANAGED:  # a with item, contextlib.closing(), stack.enter_context()
            raise Refusal("", silent=True)
        if opener.problem is not None:
            raise Refusal(opener.problem)
        statement = self.statement_of(opener.call)
        if self.inside_another_opener(opener.call, statement):
            raise Refusal(NESTED_OPENER)
        if use.kind in (ESCAPE, MAY_KEEP_USE):
            raise Refusal(use.message)
        if use.kind == CLOSE:  # `open(p, "a").close()` (touch): closed at once, not a leak
            raise Refusal("", silent=True)
        self.check_statement(statement, opener, use)
        return statement, use

    def inside_another_opener(self, call: cst.Call, statement: cst.CSTNode) -> bool:
        for ancestor in self.ancestors(call):
            if ancestor is statement:
                return False
            if isinstance(ancestor, cst.Call) and ancestor in self._opener_calls:
                return True
        return False

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The statement that evaluates ``node``; Refusal inside lambdas, comprehensions,
        conditional expressions, and/or operands, default arguments, decorators."""
        child = node
        for parent in self.ancestors(node):
            if isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                if isinstance(parent, (cst.FunctionDef, cst.ClassDef)):
                    raise Refusal(DECORATOR)
                return parent
            if isinstance(parent, cst.Lambda):
                raise Refusal(LAMBDA)
            if isinstance(parent, cst.CompFor):
                if not (parent.iter is child and self._outermost_for(parent)):
                    raise Refusal(COMPREHENSION)
            elif isinstance(parent, (cst.CompIf, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                if not isinstance(child, cst.CompFor):
                    raise Refusal(COMPREHENSION)
            elif isinstance(parent, cst.IfExp):
                raise Refusal(CONDITIONAL)
            elif isinstance(parent, cst.BooleanOperation):
                raise Refusal(AND_OR)
            elif isinstance(parent, cst.Param):
                raise Refusal(DEFAULT_ARGUMENT)
            elif isinstance(parent, cst.Decorator):
                raise Refusal(DECORATOR)
            elif isinstance(parent, cst.Comparison) and len(parent.comparisons) > 1:
                if child is not parent.left and child is not parent.comparisons[0]:
                    raise Refusal(CONDITIONAL)
            elif isinstance(parent, cst.NamedExpr):
                raise Refusal(WALRUS)
            child = parent
        raise Refusal(UNKNOWN_USE)  # pragma: no cover - every expression is in a statement

    def _outermost_for(self, comp_for: cst.CompFor) -> bool:
        return isinstance(self.parents.get(comp_for), (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp))

    def check_statement(self, statement: cst.CSTNode, opener: Opener, use: Use) -> None:
        """Refusal unless ``statement`` is a kind open-with can wrap, alone on its line, in a block."""
        if isinstance(statement, cst.For):
            if not self.is_inside(opener.call, statement.iter) or statement.asynchronous is not None:
                raise Refusal(NOT_A_STATEMENT.format(what="the body of a for statement"))
            line: cst.CSTNode = statement
        elif isinstance(statement, cst.BaseCompoundStatement):
            what = {
                cst.If: "the condition of an if statement",
                cst.While: "the condition of a while loop",
                cst.With: "the header of a with statement",
                cst.Match: "the subject of a match statement",
            }.get(type(statement), "the header of a compound statement")
            raise Refusal(NOT_A_STATEMENT.format(what=what))
        elif isinstance(statement, (cst.Expr, cst.Assign, cst.AugAssign, cst.Return)) or (
            isinstance(statement, cst.AnnAssign) and statement.value is not None
        ):
            line = self.parents[statement]
            if isinstance(line, cst.SimpleStatementSuite):
                raise Refusal(SUITE)
            assert isinstance(line, cst.SimpleStatementLine)
            if len(line.body) != 1:
                raise Refusal(ONE_LINE)
        else:
            what = {cst.Assert: "an assert statement (it is skipped under python -O)", cst.Raise: "a raise statement"}
            raise Refusal(NOT_A_STATEMENT.format(what=what.get(type(statement), "this kind of statement")))
        if self.position_in_block(line) is None:
            raise Refusal(SUITE)

    # -- how a handle (or an expression holding it) is used ---------------------------------
    def use_of(self, expr: cst.CSTNode, family: str) -> Use:
        parent = self.parents.get(expr)
        if isinstance(parent, cst.Attribute) and parent.value is expr:
            attr = parent.attr.value
            grand = self.parents.get(parent)
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
            return Use(SAFE, parent, name=DISCARDED)
        if isinstance(parent, cst.Return):
            return Use(ESCAPE, message=RETURNED)
        if isinstance(parent, (cst.Yield, cst.From)):
            return Use(ESCAPE, message=YIELDED)
        if isinstance(parent, cst.Assign) and parent.value is expr:
            targets = [t.target for t in parent.targets]
            if len(targets) == 1 and isinstance(targets[0], cst.Name):
                return Use(BIND, name=targets[0].value, statement=parent)
            if any(isinstance(t, cst.Attribute) for t in targets):
                return Use(ESCAPE, message=ATTRIBUTE)
            if any(isinstance(t, cst.Subscript) for t in targets):
                return Use(ESCAPE, message=CONTAINER)
            return Use(ESCAPE, message=ALIAS)
        if isinstance(parent, cst.AnnAssign) and parent.value is expr:
            if isinstance(parent.target, cst.Attribute):
                return Use(ESCAPE, message=ATTRIBUTE)
            return Use(ESCAPE, message=ANNOTATED)
        if isinstance(parent, (cst.AugAssign, cst.NamedExpr)):
            return Use(ESCAPE, message=ALIAS)
        if isinstance(parent, (cst.Element, cst.DictElement, cst.StarredElement, cst.StarredDictElement)):
            return self.container_use(parent)
        if isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, (cst.Is, cst.IsNot)):
            return Use(SAFE, self.parents.get(parent))
        if isinstance(parent, cst.Comparison) and parent.left is expr and all(
            isinstance(c.operator, (cst.Is, cst.IsNot)) for c in parent.comparisons
        ):
            return Use(SAFE, parent)
        return Use(ESCAPE, message=UNKNOWN_USE)

    def iteration_consumer(self, expr: cst.CSTNode) -> cst.CSTNode | None:
        """What iterates ``expr`` to the end (or until it stops) before the statement moves on:
        a for loop, a list/set/dict comprehension, an eager builtin such as list()."""
        parent = self.parents.get(expr)
        if isinstance(parent, cst.For) and parent.iter is expr and parent.asynchronous is None:
            return parent
        if isinstance(parent, cst.CompFor) and parent.iter is expr and self._outermost_for(parent):
            if parent.asynchronous is not None:
                return None
            comprehension = self.parents[parent]
            if isinstance(comprehension, cst.GeneratorExp):
                return self.iteration_consumer(comprehension)
            return comprehension
        if isinstance(parent, cst.Arg) and parent.value is expr and not parent.star and parent.keyword is None:
            call = self.parents.get(parent)
            if not isinstance(call, cst.Call):
                return None
            position = _positional_index(call, parent)
            func = call.func
            if position == 0 and isinstance(func, cst.Attribute) and func.attr.value == "join" and _string(func.value) is not None:
                return call
            names = self.qnames(func)
            if position == 0 and names and names <= EAGER_ITERATION:
                return call
            for name in names:
                first = LAZY_WRAPPERS.get(name)
                if first is not None and position is not None and position >= first:
                    return self.iteration_consumer(call)
        return None

    def argument_use(self, arg: cst.Arg) -> Use:
        call = self.parents.get(arg)
        assert isinstance(call, cst.Call)
        callee = _code(call.func)
        if arg.star:
            return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=callee))
        position = _positional_index(call, arg)
        keyword = arg.keyword.value if arg.keyword is not None else None
        names = self.qnames(call.func)
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
            if attr in CLOSER_METHODS:
                return Use(MANAGED)
            if attr in CONTAINER_METHODS:
                return Use(ESCAPE, message=STORED_BY_METHOD.format(attr=attr))
        return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=callee))

    def container_use(self, element: cst.CSTNode) -> Use:
        """The handle is an element of a tuple/list/dict display: what happens to the display?"""
        node = self.parents.get(element)
        while isinstance(node, (cst.Tuple, cst.List, cst.Set, cst.Dict)):
            parent = self.parents.get(node)
            if isinstance(parent, (cst.Element, cst.DictElement, cst.StarredElement, cst.StarredDictElement)):
                node = self.parents.get(parent)
                continue
            if isinstance(parent, cst.Arg) and parent.value is node:
                call = self.parents[parent]
                return Use(MAY_KEEP_USE, call, MAY_KEEP.format(callee=_code(call.func)))
            if isinstance(parent, cst.Return):
                return Use(ESCAPE, message=RETURNED)
            break
        return Use(ESCAPE, message=CONTAINER)

    def derived_use(self, maker: cst.Call, maker_name: str) -> Use:
        consumer = self.iteration_consumer(maker)
        if consumer is not None:
            return Use(SAFE, consumer)
        parent = self.parents.get(maker)
        if isinstance(parent, cst.Attribute) and parent.value is maker:
            grand = self.parents.get(parent)
            if isinstance(grand, cst.Call) and grand.func is parent and parent.attr.value in DERIVED_METHODS:
                return Use(SAFE, grand)
        if isinstance(parent, cst.Assign) and parent.value is maker:
            targets = parent.targets
            if len(targets) == 1 and isinstance(targets[0].target, cst.Name):
                return Use(DERIVED_BIND, name=targets[0].target.value, statement=parent, maker=maker_name)
        if isinstance(parent, cst.Return):
            return Use(ESCAPE, message=DERIVED_RETURNED.format(maker=maker_name))
        return Use(ESCAPE, message=DERIVED_ESCAPES.format(maker=maker_name))

    def derived_name_use(self, name: cst.Name, maker: str) -> Use:
        consumer = self.iteration_consumer(name)
        if consumer is not None:
            return Use(SAFE, consumer)
        parent = self.parents.get(name)
        if isinstance(parent, cst.Attribute) and parent.value is name:
            grand = self.parents.get(parent)
            if isinstance(grand, cst.Call) and grand.func is parent:
                if parent.attr.value in DERIVED_METHODS:
                    return Use(SAFE, grand)
            elif parent.attr.value in DERIVED_ATTRIBUTES:
                return Use(SAFE, parent)
        if isinstance(parent, cst.Arg) and parent.value is name:
            call = self.parents[parent]
            if "builtins.next" in self.qnames(call.func) and _positional_index(call, parent) == 0:
                return Use(SAFE, call)
        if isinstance(parent, cst.Return):
            return Use(ESCAPE, message=DERIVED_RETURNED.format(maker=maker))
        return Use(ESCAPE, message=DERIVED_ESCAPES.format(maker=maker))

    # -- inline openers -----------------------------------------------------------------------
    def new_name_problem(self, scope: Scope) -> str | None:
        """Why a new handle name may not be bound in ``scope`` (None: it may)."""
        if isinstance(scope, ClassScope):
            return CLASS_BODY_INLINE
        if not isinstance(scope, GlobalScope):
            table = self.scoped_names()
            if any(table[owner].keys() & {"locals", "vars"} for owner in self.scopes_within(scope)):
                return INTROSPECTION
        return None

    def inline_region(self, statement: cst.CSTNode, entries: list[tuple[Opener, Use]]) -> list[Region]:
        line = statement if isinstance(statement, cst.For) else self.parents[statement]
        found = self.position_in_block(line)
        assert found is not None
        owner, index = found
        scope = self.scopes[statement]
        problem = self.new_name_problem(scope)
        if problem is not None:
            for opener, _ in entries:
                self.plan.findings.append((opener.call, problem))
            return []
        evaluation = Evaluation()
        evaluation.statement(statement)
        # in the order the calls complete: an opener nested in another's arguments comes first
        candidates = sorted(entries, key=lambda entry: evaluation.spans[entry[0].call][1])
        refused: dict[cst.Call, str] = {}
        changed = True
        while changed:
            changed = False
            alive = [entry for entry in candidates if entry[0].call not in refused]
            for opener, use in alive:
                message = self.evaluation_problem(statement, evaluation, opener, use, alive)
                if message is not None:
                    refused[opener.call] = message
                    changed = True
                    break
        for call, message in refused.items():
            self.plan.findings.append((call, message))
        items = [
            Item(opener, inline=True, discarded=use.name == DISCARDED)
            for opener, use in candidates
            if opener.call not in refused
        ]
        if not items:
            return []
        if any(item.discarded for item in items):
            self.plan.discarded.add(self.parents[statement])
        return [Region(owner, index, index, items, "inline", scope)]

    def evaluation_problem(
        self,
        statement: cst.CSTNode,
        evaluation: "Evaluation",
        opener: Opener,
        use: Use,
        others: list[tuple[Opener, Use]],
    ) -> str | None:
        """Why hoisting ``opener`` to a with-block ahead of ``statement`` would change what the
        statement does (None: it would not).

        Before: everything evaluated ahead of the opener must be free of effects (names,
        attributes, literals), except other hoisted openers and, between reading openers,
        the reads of those. After: the consumer's work may not be followed by a suspension
        (the file would stay open while suspended), nor, for a file being written, by any
        other effect (it would be flushed later than before).
        """
        first, _ = evaluation.spans[opener.call]
        skip: set[int] = set()
        for other, other_use in others:
            if other is opener:
                continue
            o_first, o_last = evaluation.spans[other.call]
            if o_last < first:
                skip.update(range(o_first, o_last + 1))
                consumer = other_use.consumer
                if consumer is not None and consumer in evaluation.spans and other.reads and opener.reads:
                    skip.add(evaluation.spans[consumer][1])
        for position in range(first):
            if position in skip:
                continue
            event = evaluation.events[position]
            if event.kind != PURE:
                return EVALUATION_ORDER.format(what=_describe(event.node))
        consumer = use.consumer
        if consumer is statement:  # a for loop over the handle: the loop is the consumer
            return None
        assert consumer is not None
        last = evaluation.spans[consumer][1] if consumer in evaluation.spans else len(evaluation.events) - 1
        after = evaluation.events[last + 1 :]
        if any(event.kind == SUSPEND for event in after):
            return SUSPENDS
        if not opener.reads and any(event.kind != PURE for event in after):
            return FLUSH
        if isinstance(statement, cst.For):  # the loop body runs after the consumer
            if not opener.reads:
                return LOOP_BODY_AFTER_READ
            if _suspends(statement.body) or _suspends(statement.orelse):
                return SUSPENDS
        return None

    # -- bindings -----------------------------------------------------------------------------
    def binding_region(self, opener: Opener, use: Use, assign: cst.CSTNode) -> Region:
        line = self.parents[assign]
        found = self.position_in_block(line)
        assert found is not None
        owner, index = found
        scope = self.scopes[assign]
        lifetime = _Lifetime(self, owner, index, scope, opener.spec.family)
        if use.kind == BIND:
            lifetime.track(use.name, None, index)
        else:  # a derived object made straight from the opener: `reader = csv.reader(open(p))`
            problem = self.new_name_problem(scope)
            if problem is not None:
                raise Refusal(problem)
            lifetime.track(use.name, use.maker, index)
        lifetime.analyse()
        if lifetime.kind == "free" and isinstance(scope, ClassScope):
            raise Refusal(CLASS_BODY_UNCLOSED)
        if lifetime.kind == "free" and isinstance(scope, GlobalScope) and use.name in self.index.identifier_strings:
            raise Refusal(EXPORTED.format(name=use.name))
        if use.kind == BIND:
            item = Item(opener, inline=False, name=use.name, binding=index)
        else:
            item = Item(opener, inline=True)
        region = Region(owner, index, lifetime.end, [item], lifetime.kind, scope)
        if lifetime.close is not None:
            if lifetime.kind == "close":
                region.closes.add(lifetime.close)
            else:
                region.unwrap = lifetime.close
        return region

    # -- regions of one block: nesting, merging, names ----------------------------------------
    def arrange(self, regions: list[Region]) -> None:
        by_owner: dict[cst.CSTNode, list[Region]] = {}
        for region in regions:
            by_owner.setdefault(region.owner, []).append(region)
        arranged: list[Region] = []
        for owner, group in by_owner.items():
            roots = _nest(self.resolve_overlaps(owner, group))
            for root in roots:
                self.merge(root)
            self.plan.regions[owner] = roots
            arranged.extend(region for root in roots for region in _subtree(root))
        self.name_inline_items(arranged)
        for region in arranged:
            self.plan.rewrites += len(region.items)

    def resolve_overlaps(self, owner: cst.CSTNode, group: list[Region]) -> list[Region]:
        accepted: list[Region] = []
        for region in sorted(group, key=lambda r: (r.start, -r.end)):
            overlapping = [a for a in accepted if a.start < region.start <= a.end < region.end]
            closes = {i for r in accepted for i in r.closes} | region.closes
            if all(self._can_extend(a, region.end, closes) for a in overlapping):
                for a in overlapping:
                    a.end = region.end
                accepted.append(region)
            else:
                blocker = min(overlapping, key=lambda a: a.end)
                self.plan.findings.append(
                    (region.items[0].opener.call, OVERLAP.format(line=self.line(owner.body[blocker.end])))
                )
        return accepted

    @staticmethod
    def _can_extend(region: Region, new_end: int, closes: set[int]) -> bool:
        """A region may grow when that does not close its handle later than before: one that is
        never closed may grow freely; one with an explicit close only over other closes."""
        if region.kind == "free":
            return True
        if region.kind == "close":
            return all(index in closes for index in range(region.end + 1, new_end + 1))
        return False

    def merge(self, region: Region) -> None:
        """``a = open(x)`` directly followed by ``b = open(y)``, both open to the same end →
        one ``with open(x) as a, open(y) as b:``."""
        for child in region.children:
            self.merge(child)
        while region.kind != "inline" and region.items[-1].binding is not None:
            follower = next((c for c in region.children if c.start == region.binding_end + 1), None)
            if follower is None or follower.kind == "inline" or follower.unwrap is not None:
                return
            if follower.end != region.end:
                closes = {i for r in _subtree(region) for i in r.closes}
                if not self._can_extend(follower, region.end, closes):
                    return
                follower.end = region.end
            rest = [r for r in _subtree(region) if r is not region and r is not follower]
            region.items.extend(follower.items)
            region.closes |= follower.closes
            region.children = _nest(rest)

    def name_inline_items(self, regions: list[Region]) -> None:
        """Fresh names: not used anywhere in the module (so nothing is shadowed, now or later),
        and distinct from the fresh names of enclosing with-blocks."""
        chosen: list[tuple[Region, list[str]]] = []
        in_order = regions if len(regions) < 2 else sorted(regions, key=lambda r: self.start(r.owner.body[r.start]))
        for region in in_order:
            first = region.owner.body[region.start]
            busy = {
                name
                for other, names in chosen
                if other.scope is region.scope
                and any(self.is_inside(first, s) for s in other.owner.body[other.start : other.end + 1])
                for name in names
            }
            names: list[str] = []
            for item in region.items:
                if not item.inline:
                    continue
                if item.discarded:
                    self.plan.inline_names[item.opener.call] = ""
                    continue
                item.name = _fresh(item.opener.preferred_names, self.taken_names(region.scope) | busy | set(names))
                names.append(item.name)
                self.plan.inline_names[item.opener.call] = item.name
            chosen.append((region, names))


def _fresh(preferred: Iterable[str], taken: set[str]) -> str:
    candidates = list(preferred)
    for name in candidates:
        if name not in taken:
            return name
    number = 2
    while f"{candidates[0]}_{number}" in taken:
        number += 1
    return f"{candidates[0]}_{number}"


def _subtree(region: Region) -> Iterator[Region]:
    yield region
    for child in region.children:
        yield from _subtree(child)


def _nest(regions: list[Region]) -> list[Region]:
    """Laminar regions → a forest (children sorted by start)."""
    roots: list[Region] = []
    stack: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        region.children = []
        while stack and not stack[-1].contains(region):
            stack.pop()
        (stack[-1].children if stack else roots).append(region)
        stack.append(region)
    return roots


def _positional_index(call: cst.Call, arg: cst.Arg) -> int | None:
    position = 0
    for candidate in call.args:
        if candidate.star:
            return None
        if candidate is arg:
            return position if arg.keyword is None else None
        if candidate.keyword is None:
            position += 1
    return None


def _describe(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Call):
        return f"{_code(node.func)}()"
    return f"`{_code(node)}`"


class _SuspensionFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.found = True

    def visit_Await(self, node: cst.Await) -> None:
        self.found = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _suspends(node: cst.CSTNode | None) -> bool:
    if node is None:
        return False
    finder = _SuspensionFinder()
    node.visit(finder)
    return finder.found


# -- the lifetime of a bound handle ----------------------------------------------------------------


class _Lifetime:
    """Where the with-block for ``name = opener`` (and the objects derived from it) may end.

    ``kind`` becomes "close" (``name.close()`` later in the block, removed), "finally" (a
    ``try`` whose ``finally`` only closes it) or "free" (never closed: the block ends at the
    last use). Every use inside is checked; uses outside the block must be unable to see
    this handle. Refusal otherwise.
    """

    def __init__(self, analysis: Analysis, owner: cst.CSTNode, index: int, scope: Scope, family: str) -> None:
        self.a = analysis
        self.owner = owner
        self.body: list[cst.CSTNode] = list(owner.body)  # type: ignore[attr-defined]
        self.index = index
        self.scope = scope
        self.family = family
        self.handle: str | None = None
        # (name, maker, index of the block statement holding its binding, the binding line)
        self.derived: list[tuple[str, str, int, cst.CSTNode | None]] = []
        self.kind = "free"
        self.close: int | None = None
        self.end = index
        self.may_keep: list[tuple[Occurrence, str]] = []
        self.uses: list[Occurrence] = []
        self._cache: dict[str, list[Occurrence]] = {}

    def track(self, name: str, maker: str | None, binding: int) -> None:
        if maker is None:
            self.handle = name
        else:
            self.derived.append((name, maker, binding, self.body[binding]))

    # -- the analysis --------------------------------------------------------------------------
    def analyse(self) -> None:
        if self.handle is not None:
            self._analyse_handle(self.handle)
        seen = 0
        while seen < len(self.derived):  # derived objects found while analysing add more
            self._analyse_derived(*self.derived[seen])
            seen += 1
        if self.may_keep:
            self._check_may_keep()

    def _analyse_handle(self, name: str) -> None:
        occurrences = self._occurrences(name)
        for occ in occurrences:  # `with f:` somewhere: the code already closes it
            if occ.role == LOAD and self.a.use_of(occ.node, self.family).kind == MANAGED:
                raise Refusal("", silent=True)
        stop = self._rebinding(name, occurrences, self.index)
        for k in range(self.index + 1, stop):
            statement = self.body[k]
            if _is_close_statement(statement, name):
                self.kind, self.close = "close", k
                break
            if _is_finally_close(statement, name):
                self.kind, self.close = "finally", k
                break
        limit = self.close if self.close is not None else stop - 1
        end = self.index
        for occ in occurrences:
            if occ.top is not None and occ.top == self.index:
                continue  # the binding itself
            if occ.top is None or occ.top < self.index:
                self._check_unreachable(occ, name, self.index)
                continue
            if occ.top > limit:
                if occ.role == LOAD and occ.top == stop:
                    raise Refusal(OWN_REPLACEMENT.format(name=name, line=self.a.line(occ.node)))
                continue  # after the close (the handle is closed in both versions) or rebound
            if occ.role == STORE:
                raise Refusal(REASSIGNED.format(name=name, line=self.a.line(occ.node)))
            if occ.role == DELETE:
                raise Refusal(DELETED.format(name=name, line=self.a.line(occ.node)))
            if occ.role != LOAD:
                raise Refusal(GLOBAL)
            if self.close is not None and occ.top == self.close and self._is_the_close(occ):
                continue
            self._check_use(occ, self.a.use_of(occ.node, self.family), occ.top)
            end = max(end, occ.top)
        self.end = self.close if self.close is not None else end

    def _analyse_derived(self, name: str, maker: str, binding: int, line: cst.CSTNode | None) -> None:
        occurrences = self._occurrences(name)
        stop = self._rebinding(name, occurrences, binding)
        closed_at = self.close if self.kind in ("close", "finally") else None
        end = self.end
        for occ in occurrences:
            if line is not None and self.a.is_inside(occ.node, line):
                continue  # the binding itself
            if occ.top is None or occ.top < binding:
                self._check_unreachable(occ, name, binding)
                continue
            if occ.top >= stop or (closed_at is not None and occ.top > closed_at):
                continue  # rebound, or after the handle's close: the same in both versions
            if occ.role == STORE:
                raise Refusal(REASSIGNED.format(name=name, line=self.a.line(occ.node)))
            if occ.role != LOAD:
                raise Refusal(DELETED.format(name=name, line=self.a.line(occ.node)))
            use = self.a.derived_name_use(occ.node, maker)
            self._check_use(occ, use, occ.top)
            end = max(end, occ.top)
        if self.kind == "free":
            self.end = max(self.end, end)
            if self.handle is not None and self.end >= self._rebinding(self.handle, self._occurrences(self.handle), self.index):
                raise Refusal(REASSIGNED.format(name=self.handle, line=self.a.line(self.body[self.end])))
        # (with a close, `end` cannot pass it: later uses see a closed file in both versions)

    def _check_use(self, occ: Occurrence, use: Use, top: int) -> None:
        if occ.where == "comprehension":
            comprehension = self._outer_comprehension(occ.node)
            if isinstance(comprehension, cst.GeneratorExp) and self.a.iteration_consumer(comprehension) is None:
                raise Refusal(GENERATOR_ESCAPES)
        if use.kind in (SAFE, CLOSE):
            self.uses.append(occ)
            return
        if use.kind == MANAGED:
            raise Refusal("", silent=True)
        if use.kind == BIND:
            raise Refusal(ALIAS)
        if use.kind == DERIVED_BIND:  # `reader = csv.reader(f)`: follow `reader` too
            line = self.a.parents.get(use.statement)
            if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
                self.derived.append((use.name, use.maker, top, line))
                self.uses.append(occ)
                return
            raise Refusal(DERIVED_ESCAPES.format(maker=use.maker))
        if use.kind == MAY_KEEP_USE:
            self.may_keep.append((occ, use.message))
            self.uses.append(occ)
            return
        raise Refusal(use.message)

    def _check_may_keep(self) -> None:
        """A call that may keep the handle is fine only when the original closes the handle
        right after it anyway: an explicit close follows, nothing else uses the handle in
        between, and nothing leaves the block in between (return, yield, break, continue)."""
        occ, message = max(self.may_keep, key=lambda entry: self.a.start(entry[0].node))
        if self.kind == "free" or len(self.may_keep) > 1:
            raise Refusal(message)
        last_use = max(self.uses, key=lambda o: self.a.start(o.node))
        if last_use is not occ:
            raise Refusal(message)
        after = self.a.start(occ.node)
        for exit_node in self._exits():
            if self.a.start(exit_node) > after:
                raise Refusal(message)

    def _exits(self) -> Iterator[cst.CSTNode]:
        statements = self.body[self.index + 1 : self.end + 1]
        finder = _ExitFinder()
        for statement in statements:
            statement.visit(finder)
        for node, loop in finder.exits:
            if loop is not None and any(self.a.is_inside(loop, s) for s in statements):
                continue  # break/continue of a loop inside the region
            yield node

    def _is_the_close(self, occ: Occurrence) -> bool:
        statement = self.body[self.close] if self.close is not None else None
        if self.kind == "close":
            return statement is not None and self.a.is_inside(occ.node, statement)
        assert isinstance(statement, cst.Try) and statement.finalbody is not None
        return self.a.is_inside(occ.node, statement.finalbody)

    def _outer_comprehension(self, node: cst.CSTNode) -> cst.CSTNode | None:
        outer = None
        for ancestor in self.a.ancestors(node):
            if isinstance(ancestor, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                if self.a.scopes.get(ancestor) is self.scope:
                    outer = ancestor
            if ancestor is self.owner:
                break
        return outer

    # -- occurrences of a name -----------------------------------------------------------------
    def _occurrences(self, name: str) -> list[Occurrence]:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        found: list[Occurrence] = []
        for node in self.a.names_in(self.scope, name):
            role = self._role(node)
            if role == IGNORE:
                continue
            where = self._where(node, name, role)
            if where is None:
                continue
            occ = Occurrence(node, role, where, self.a.top_index(node, self.owner))
            if where == "nested":
                line = self.a.line(node)
                if isinstance(self.scope, GlobalScope):
                    raise Refusal(MODULE_FUNCTIONS.format(name=name, line=line))
                raise Refusal(NESTED_FUNCTION.format(name=name, line=line))
            if role == DECLARE:
                raise Refusal(GLOBAL)
            found.append(occ)
        self._cache[name] = found
        return found

    def _where(self, node: cst.Name, name: str, role: str) -> str | None:
        if role == DECLARE:
            statement = next(a for a in self.a.ancestors(node) if isinstance(a, (cst.Global, cst.Nonlocal)))
            declared_in = self.a.scopes.get(statement)
            if declared_in is self.scope:
                return "direct"
            if isinstance(statement, cst.Global) and isinstance(self.scope, GlobalScope):
                return "nested"
            if isinstance(statement, cst.Nonlocal) and _scope_inside(declared_in, self.scope):
                return "nested"
            return None
        scope = self.a.scopes.get(node)
        if scope is None:
            return None
        if scope is self.scope:
            return "direct"
        current = scope
        while isinstance(current, ComprehensionScope) and current is not self.scope:
            if name in current.assignments:
                return None  # the comprehension's own variable
            current = current.parent
        if current is self.scope:
            return "comprehension"
        if not _scope_inside(scope, self.scope):
            return None
        try:
            assignments = scope[name]
        except Exception:  # pragma: no cover - defensive: LibCST lookups of odd names
            return "nested"
        return "nested" if any(a.scope is self.scope for a in assignments) else None

    def _role(self, node: cst.Name) -> str:
        parent = self.a.parents.get(node)
        if isinstance(parent, cst.Attribute):
            if parent.attr is node:
                return IGNORE
            # `import a.b`: the leftmost name binds `a`; `from a.b import c` binds nothing
            top: cst.CSTNode = parent
            while isinstance(self.a.parents.get(top), cst.Attribute):
                top = self.a.parents[top]
            holder = self.a.parents.get(top)
            if isinstance(holder, cst.ImportFrom):
                return IGNORE
            if isinstance(holder, cst.ImportAlias):
                return STORE if holder.asname is None else IGNORE
            return LOAD
        if isinstance(parent, cst.Arg) and parent.keyword is node:
            return IGNORE
        if isinstance(parent, cst.ImportFrom):
            return IGNORE
        if isinstance(parent, cst.ImportAlias):
            return STORE if parent.name is node and parent.asname is None else IGNORE
        if isinstance(parent, cst.AsName):
            return STORE
        if isinstance(parent, cst.NameItem):
            return DECLARE
        if isinstance(parent, (cst.FunctionDef, cst.ClassDef)) and parent.name is node:
            return STORE
        if isinstance(parent, cst.Param) and parent.name is node:
            return STORE
        if isinstance(parent, (cst.MatchAs, cst.MatchStar)):
            return STORE
        if isinstance(parent, cst.MatchMapping) and parent.rest is node:
            return STORE
        if isinstance(parent, cst.MatchKeywordElement) and parent.key is node:
            return IGNORE
        anchor: cst.CSTNode = node
        holder = parent
        while isinstance(holder, (cst.Element, cst.StarredElement, cst.Tuple, cst.List)):
            anchor, holder = holder, self.a.parents.get(holder)
        if isinstance(holder, cst.AssignTarget) and holder.target is anchor:
            return STORE
        if isinstance(holder, (cst.For, cst.CompFor)) and holder.target is anchor:
            return STORE
        if isinstance(holder, cst.Del):
            return DELETE
        if isinstance(holder, (cst.AnnAssign, cst.AugAssign, cst.NamedExpr)) and holder.target is anchor:
            return STORE
        return LOAD

    def _rebinding(self, name: str, occurrences: list[Occurrence], binding: int) -> int:
        """Index of the first later statement of the block that rebinds ``name`` outright."""
        stores = {occ.top for occ in occurrences if occ.role == STORE and occ.top is not None and occ.where == "direct"}
        for k in sorted(stores):
            if k > binding and _binds_outright(self.body[k], name):
                return k
        return len(self.body)

    # -- uses outside the block ----------------------------------------------------------------
    def _check_unreachable(self, occ: Occurrence, name: str, binding: int) -> None:
        """Refusal unless ``occ`` (outside the statements after the binding) can never see the
        handle: it is preceded in its own block by an outright rebinding, or no path leads
        from the binding to it (a loop or a try around both could)."""
        if occ.role in (STORE, DELETE):
            return  # binding or deleting the name elsewhere never touches this handle
        binding_line = self.body[binding]
        stores = [
            o.node for o in self._occurrences(name) if o.role == STORE and o.where == "direct"
        ]
        node: cst.CSTNode = occ.node
        scope_node = self.scope.node if not isinstance(self.scope, GlobalScope) else self.a.module
        while True:
            statement, owner, index = self._statement_in_block(node)
            if statement is None or statement is scope_node:
                return
            for previous in reversed(owner.body[:index]):  # type: ignore[attr-defined]
                if any(self.a.is_inside(store, previous) for store in stores):
                    if self.a.is_inside(binding_line, previous):
                        break
                    if _binds_outright(previous, name):
                        return
                    break
            else:
                compound = self._compound_owning(owner)
                if compound is None or compound is scope_node:
                    return
                if self.a.is_inside(binding_line, compound) and isinstance(
                    compound, (cst.For, cst.While, cst.Try, cst.TryStar)
                ):
                    break
                node = compound
                continue
            break
        raise Refusal(USED_ELSEWHERE.format(name=name, line=self.a.line(occ.node)))

    def _statement_in_block(self, node: cst.CSTNode) -> tuple[cst.CSTNode | None, cst.CSTNode, int]:
        child = node
        for ancestor in self.a.ancestors(node):
            if isinstance(ancestor, (cst.Module, cst.IndentedBlock)):
                found = self.a.position_in_block(child)
                if found is not None:
                    return child, found[0], found[1]
            child = ancestor
        return None, self.a.module, 0

    def _compound_owning(self, block: cst.CSTNode) -> cst.CSTNode | None:
        for ancestor in self.a.ancestors(block):
            if isinstance(ancestor, cst.BaseCompoundStatement):
                return ancestor
        return None


class _ExitFinder(cst.CSTVisitor):
    """return / yield / break / continue (with the loop a break or continue belongs to)."""

    def __init__(self) -> None:
        self.exits: list[tuple[cst.CSTNode, cst.CSTNode | None]] = []
        self.loops: list[cst.CSTNode] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_For(self, node: cst.For) -> None:
        self.loops.append(node)

    def leave_For(self, node: cst.For) -> None:
        self.loops.pop()

    def visit_While(self, node: cst.While) -> None:
        self.loops.append(node)

    def leave_While(self, node: cst.While) -> None:
        self.loops.pop()

    def visit_Return(self, node: cst.Return) -> None:
        self.exits.append((node, None))

    def visit_Yield(self, node: cst.Yield) -> None:
        self.exits.append((node, None))

    def visit_Break(self, node: cst.Break) -> None:
        self.exits.append((node, self.loops[-1] if self.loops else None))

    def visit_Continue(self, node: cst.Continue) -> None:
        self.exits.append((node, self.loops[-1] if self.loops else None))


def _scope_inside(inner: Scope | None, outer: Scope) -> bool:
    current = inner
    while current is not None:
        if current is outer:
            return True
        parent = current.parent
        if parent is current:
            return False
        current = parent
    return False


def _is_close_call(node: cst.CSTNode, name: str) -> bool:
    return (
        isinstance(node, cst.Call)
        and not node.args
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "close"
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == name
    )


def _is_close_statement(statement: cst.CSTNode, name: str) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and _is_close_call(statement.body[0].value, name)
    )


def _is_finally_close(statement: cst.CSTNode, name: str) -> bool:
    if not isinstance(statement, cst.Try) or statement.finalbody is None:
        return False
    body = statement.finalbody.body
    if not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
        return False
    return _is_close_statement(body.body[0], name)


def _binds_outright(statement: cst.CSTNode, name: str) -> bool:
    """``statement`` always binds ``name`` when it completes (a plain assignment, an import,
    a def/class, a with item)."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return statement.name.value == name
    if isinstance(statement, cst.With):
        return any(
            item.asname is not None and isinstance(item.asname.name, cst.Name) and item.asname.name.value == name
            for item in statement.items
        )
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
        ):
            return True
        if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
            if small.target.value == name:
                return True
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                while isinstance(bound, cst.Attribute):
                    bound = bound.value
                if isinstance(bound, cst.Name) and bound.value == name:
                    return True
    return False


def analyse(wrapper: MetadataWrapper, index: Index) -> Plan:
    return Analysis(wrapper, index).run()
