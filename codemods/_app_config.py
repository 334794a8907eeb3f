"""Giving a Flask app a config default, for the codemods that set one.

Such a codemod adds one line, ``app.config["KEY"] = value``, right after the app is created
(at module level or inside the factory), unless the module already sets ``KEY``.

How "already set" is decided, by looking at the whole module:

- ``KEY`` is **set** when it is the key of a config subscript assignment
  (``X["KEY"] = ...``), a keyword (``config.update(KEY=...)``, ``from_mapping(KEY=...)``,
  ``dict(KEY=...)``), a key of a dict literal, the first argument of ``setdefault``, an
  assigned name (``KEY = ...``: a module constant or a config class attribute read by
  ``from_object``), an assigned attribute or a defined function (for names such as
  ``get_send_file_max_age``). The codemod then does nothing, silently.
- ``KEY`` is **mentioned** when it occurs in any other way (``app.config.get("KEY")``,
  ``os.environ["KEY"]``): the codemod cannot tell what the author intends, leaves the module
  alone and says so in a finding.
- Config **loaded from elsewhere** (``from_object``, ``from_pyfile``, ``from_envvar``,
  ``from_file``, ``from_prefixed_env``, ``update``/``from_mapping`` with a non-literal
  argument, ``app.config = ...``) may or may not set ``KEY``: nobody can tell from this
  module. The line is inserted anyway, *before* that loading (it goes right after the app is
  created, and config can only be loaded once the app exists), so a value loaded there still
  wins: the inserted line only ever acts as a default. Each such loading is reported in a
  finding so that the reviewer can check it — but ``from_object(__name__)``, which loads this
  module's own names (``_config_self_load``): those are read here, and only the names a star
  import brings are reported; and a ``from_pyfile`` of a project file the code names through
  the module's own place (``os.path.join(ROOT, "conf", "base.py")``, ``_config_pyfile``) that
  spells none of the keys: it sets none (not reported); nor a ``from_object`` of a plain class
  of the project (``class Config(object)``, imported or named by its dotted path) whose module
  spells none of the keys and binds no names another way, and which no module gives one
  (``_config_object``).

The line goes after the creation statement and after the config subscript assignments that
directly follow it (``app.config["SECRET_KEY"] = ...``), so that settings stay together; it
never moves past anything else.

Only the app that is served gets it (_served_apps): never a script's, a helper's or a discarded
``Flask()``; an app that may or may not be served gets a finding instead. ``add_config_default``
is the whole procedure; a codemod gives it the key, the value and which apps it wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Mapping, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import Context, metadata_value
from ._config_object import object_sets_none_of
from ._config_pyfile import pyfile_sets_none_of
from ._config_self_load import loads_own_names
from ._config_unread import unread_loader
from ._flask import AppObject, FlaskIndex, is_config_expression, string_value
from ._flask_app_setup import app_setup_end
from ._metadata import every_node
from ._quote_style import preferred_quote
from ._served_apps import built_for_the_command_line, classify_apps
from ._targeted_visit import visit_toward

# Config methods that load values this module cannot see.
CONFIG_LOADERS = frozenset({"from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env"})
# Config methods that take values as arguments: visible when they are literals.
CONFIG_MERGERS = frozenset({"update", "from_mapping"})


@dataclass
class KeyScan:
    """Where a module sets, mentions or may load a config key."""

    setters: list[cst.CSTNode] = field(default_factory=list)
    mentions: list[cst.CSTNode] = field(default_factory=list)
    loaders: list[cst.Call | cst.CSTNode] = field(default_factory=list)


def _parent(wrapper: MetadataWrapper, node: cst.CSTNode) -> cst.CSTNode | None:
    return metadata_value(wrapper, ParentNodeProvider, node)


def _is_assignment_target(wrapper: MetadataWrapper, node: cst.CSTNode) -> bool:
    parent = _parent(wrapper, node)
    if isinstance(parent, cst.AssignTarget):
        return parent.target is node
    if isinstance(parent, (cst.AugAssign, cst.AnnAssign)):
        return parent.target is node
    return False


class _KeyScanner(cst.CSTVisitor):
    def __init__(self, wrapper: MetadataWrapper, keys: Collection[str]) -> None:
        self.wrapper = wrapper
        self.keys = frozenset(keys)
        self.scan = KeyScan()

    # "KEY" as a string
    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._note(node, string_value(node), self._string_sets)

    def _string_sets(self, node: cst.SimpleString) -> bool:
        parent = _parent(self.wrapper, node)
        if isinstance(parent, cst.DictElement):
            return parent.key is node
        if isinstance(parent, cst.Index):
            element = _parent(self.wrapper, parent)
            subscript = _parent(self.wrapper, element) if element is not None else None
            return isinstance(subscript, cst.Subscript) and _is_assignment_target(self.wrapper, subscript)
        if isinstance(parent, cst.Arg) and parent.keyword is None:
            call = _parent(self.wrapper, parent)
            return (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "setdefault"
                and bool(call.args)
                and call.args[0] is parent
            )
        return False

    # KEY as a name: a keyword, a constant, an attribute, a function
    def visit_Name(self, node: cst.Name) -> None:
        self._note(node, node.value, self._name_sets)

    def _note(self, node: cst.CSTNode, key: str | None, sets: Callable[[Any], bool]) -> None:
        """``node`` spells ``key``: a setter when ``sets`` says so, else a mention."""
        if key in self.keys:
            (self.scan.setters if sets(node) else self.scan.mentions).append(node)

    def _name_sets(self, node: cst.Name) -> bool:
        parent = _parent(self.wrapper, node)
        if isinstance(parent, cst.Arg):
            return parent.keyword is node
        if isinstance(parent, cst.FunctionDef):
            return parent.name is node
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            return _is_assignment_target(self.wrapper, parent)
        return _is_assignment_target(self.wrapper, node)

    # config loaded from elsewhere
    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method in CONFIG_LOADERS:
            self.scan.loaders.append(node)
        elif method in CONFIG_MERGERS and is_config_expression(func.value):
            if any(arg.star or (arg.keyword is None and not isinstance(arg.value, cst.Dict)) for arg in node.args):
                self.scan.loaders.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "config" and _is_assignment_target(self.wrapper, node):
            self.scan.loaders.append(node)


def scan_key(wrapper: MetadataWrapper, keys: Collection[str]) -> KeyScan:
    """Find where ``wrapper.module`` sets or mentions any of ``keys`` (config keys, or names
    that configure the same thing), and where it loads config it cannot see.

    ``wrapper`` needs ParentNodeProvider resolved."""
    scanner = _KeyScanner(wrapper, keys)
    wrapper.module.visit(scanner)
    return scanner.scan


def _small_statements(body: Sequence[cst.CSTNode]):
    """Every small statement (assignment, import ...) in ``body``, through compound statements
    (def, class, if, try, with, for, while, match) but never into expressions: much cheaper
    than a visitor over the whole tree."""
    for statement in body:
        if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield from statement.body
        elif isinstance(statement, cst.IndentedBlock):
            yield from _small_statements(statement.body)
        elif isinstance(statement, cst.CSTNode):
            for part in ("body", "orelse", "handlers", "finalbody", "cases"):
                value = getattr(statement, part, None)
                if value is None:
                    continue
                yield from _small_statements(value if isinstance(value, (list, tuple)) else [value])


def may_create_flask_app(module: cst.Module) -> bool:
    """A cheap syntactic test, before any metadata is resolved: does an assignment in
    ``module`` call something spelled ``Flask`` (or an alias from ``from ... import Flask as
    X``)? False means that FlaskIndex would find no app either."""
    names = {"Flask"}
    calls: list[cst.BaseExpression] = []
    for small in _small_statements(module.body):
        if isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call):
            calls.append(small.value.func)
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                if isinstance(alias.name, cst.Name) and alias.name.value == "Flask" and alias.asname is not None:
                    if isinstance(alias.asname.name, cst.Name):
                        names.add(alias.asname.name.value)
    return any(
        (isinstance(func, cst.Name) and func.value in names)
        or (isinstance(func, cst.Attribute) and func.attr.value == "Flask")
        for func in calls
    )


def loader_description(node: cst.CSTNode) -> str:
    """``from_pyfile()``, ``update()`` or ``app.config = ...`` for a finding."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return f"{node.func.attr.value}()"
    return "config = ..."


def distinct_apps(index: FlaskIndex) -> list[AppObject]:
    """The apps of a module, one per creating statement (``app = application = Flask()`` is
    one app)."""
    seen: set[int] = set()
    apps: list[AppObject] = []
    for app in index.apps:
        if id(app.statement) not in seen:
            seen.add(id(app.statement))
            apps.append(app)
    return apps


def config_assignment(app_name: str, key: str, value_code: str, quote: str = '"') -> cst.SimpleStatementLine:
    """``app_name.config["key"] = value_code`` as a statement."""
    statement = cst.parse_statement(f"{app_name}.config[{quote}{key}{quote}] = {value_code}\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


class _InsertAfter(cst.CSTTransformer):
    def __init__(self, additions: Mapping[int, Sequence[cst.BaseStatement]]) -> None:
        self.additions = additions

    def _splice(self, original_body: Sequence[cst.BaseStatement], body: Sequence[cst.BaseStatement]) -> list:
        result: list[cst.BaseStatement] = []
        for original, updated in zip(original_body, body):
            result.append(updated)
            result.extend(self.additions.get(id(original), ()))
        return result

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not any(id(s) in self.additions for s in original_node.body):
            return updated_node
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not any(id(s) in self.additions for s in original_node.body):
            return updated_node
        return updated_node.with_changes(body=self._splice(original_node.body, updated_node.body))


def insert_after(wrapper: MetadataWrapper, additions: Mapping[int, Sequence[cst.BaseStatement]]) -> cst.Module:
    """``wrapper.module`` with the statements of ``additions`` (keyed by ``id()`` of a statement
    of it) inserted right after that statement (a pass over the blocks above them only)."""
    if not additions:
        return wrapper.module
    return visit_toward(wrapper, _InsertAfter(additions), additions)


@dataclass(frozen=True)
class ConfigDefault:
    """A config default a codemod gives the apps it wants: ``app.config[key] = value_code``."""

    key: str
    value_code: str
    # names that configure the same thing (an app attribute, a method to override)
    also_configures: tuple[str, ...] = ()


# (wrapper, index, candidate apps, ctx) -> the apps the codemod wants (findings for the rest)
Chooser = Callable[[MetadataWrapper, FlaskIndex, list[AppObject], Context], list[AppObject]]
# (wrapper, ctx, the apps it would set) -> False to leave the module after all (its findings say why)
Check = Callable[[MetadataWrapper, Context, list[AppObject]], bool]


def add_config_default(
    module: cst.Module, ctx: Context, metadata: Sequence, default: ConfigDefault, choose: Chooser, check: Check | None = None
) -> cst.Module:
    """``module`` with ``default`` set on the served apps ``choose`` wants, right after each is
    created; unchanged (with findings where a human should look) when the module sets or
    mentions the key already, when no app is shown to be served, or when ``check`` says no."""
    if not may_create_flask_app(module):  # spares resolving metadata
        return module
    wrapper = ctx.metadata(module, metadata)
    index = FlaskIndex.build(wrapper)
    uses = classify_apps(wrapper, index, distinct_apps(index), ctx.path)
    candidates = [
        app for app in distinct_apps(index)
        if (app in uses.served or app in uses.unclear) and not built_for_the_command_line(wrapper, app)
    ]
    if not candidates:
        return module
    key = default.key
    scan = scan_key(wrapper, (key, *default.also_configures))
    if scan.setters:
        return module
    wanted = []
    for app in choose(wrapper, index, candidates, ctx):
        if app in uses.unclear:
            ctx.finding(
                app.statement,
                f"cannot tell that this app is the one that is served (nothing registers on it or runs it here, "
                f"and this is not an app or package entry module); set {key} by hand if it is",
            )
        else:
            wanted.append(app)
    if not wanted:
        return module
    if scan.mentions:
        ctx.finding(scan.mentions[0], f"{key} is used here but not set in a way this codemod recognises; left alone")
        return module
    if check is not None and not check(wrapper, ctx, wanted):
        return module
    quote = preferred_quote(wrapper.module, every_node(wrapper))
    additions: dict[int, list[cst.BaseStatement]] = {}
    for app in wanted:
        anchor = app_setup_end(wrapper, app)
        if isinstance(anchor, str):
            ctx.finding(app.statement, f"{anchor}; set {key} by hand")
            continue
        additions.setdefault(id(anchor), []).append(config_assignment(app.name, key, default.value_code, quote))
    if not additions:
        return module
    elsewhere = []  # one finding names every other loader: the reviewer's question is one
    for loader in scan.loaders:
        if pyfile_sets_none_of(ctx, wrapper.module, loader, (key, *default.also_configures)):
            continue  # a project file the code names, which sets none of them (_config_pyfile)
        if object_sets_none_of(ctx, wrapper.module, loader, (key, *default.also_configures)):
            continue  # a plain class of the project, which sets none of them (_config_object)
        stars = loads_own_names(wrapper, loader)
        if stars is None:
            elsewhere.append(loader)
        elif stars:  # from_object(__name__) with star imports; alone, the module's own names, read by the scan
            ctx.finding(loader, f"from_object(__name__) also loads the upper-case names that {' and '.join(stars)} "
                        f"brings: cannot tell whether they set {key}; the inserted default comes before it, so a value "
                        "set there still wins")
    unread = unread_loader(ctx, elsewhere[0], (key, *default.also_configures)) if len(elsewhere) == 1 else None
    if unread is not None:
        ctx.finding(
            elsewhere[0],
            f"the config is also loaded from elsewhere here: {unread}; the inserted default comes before it, so a "
            "value set there still wins",
        )
    elif elsewhere:
        named = ", ".join(f"{loader_description(loader)} at line {ctx.file_line(loader)}" for loader in elsewhere)
        ctx.finding(
            elsewhere[0],
            f"the config is also loaded from elsewhere here ({loader_description(elsewhere[0])}): cannot tell whether "
            f"it sets {key}; the inserted default comes before it, so a value set there still wins"
            if len(elsewhere) == 1
            else f"the config is also loaded from elsewhere here ({named}): cannot tell whether they set {key}; the "
            "inserted default comes before them, so a value set there still wins",
        )
    ctx.rewrote(sum(len(v) for v in additions.values()))
    return insert_after(wrapper, additions)
