"""json-provider: the JSON config keys Flask 2.3 stopped reading, moved to ``app.json``.

Each key becomes an attribute of the app's JSON provider, set where the app is in sight:
``app.config["JSON_SORT_KEYS"] = False`` is replaced in place by ``app.json.sort_keys =
False``; keys of ``app.config.update(...)`` (keywords or a dict literal) and of a config class
loaded by ``app.config.from_object(Config)`` in the same module leave their place and the
attributes follow that statement.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from ._app_config import loader_description, scan_key
from ._base import Context, metadata_value
from ._config_entries import ConfigContainer, ConfigEntry, from_object_names
from ._flask import FlaskIndex, dotted_name
from ._node_edits import EditPlanner, NodeEdits, parse_statements

# config key -> the provider attribute
ATTRIBUTES = {
    "JSON_SORT_KEYS": "sort_keys",
    "JSON_AS_ASCII": "ensure_ascii",
    "JSONIFY_MIMETYPE": "mimetype",
    "JSONIFY_PRETTYPRINT_REGULAR": "compact",
}
PRETTY = "JSONIFY_PRETTYPRINT_REGULAR"


def ignored(key: str, reason: str) -> str:
    attribute = ATTRIBUTES[key]
    if key == PRETTY:
        replacement = "app.json.compact = False (True pretty-prints always; False is the default: delete it)"
    else:
        replacement = f"app.json.{attribute} = ..."
    return f"{key} is ignored since Flask 2.3 (deprecated in 2.2): set {replacement} on the app instead; {reason}"


class JsonConfigPlanner(EditPlanner):
    def __init__(self, wrapper, ctx: Context, edits: NodeEdits, index: FlaskIndex) -> None:
        super().__init__(wrapper, ctx, edits)
        self.index = index

    def plan(self, containers: list[ConfigContainer], rewrite: bool) -> int:
        for mention in scan_key(self.wrapper, ATTRIBUTES).mentions:
            key = mention.value if isinstance(mention, cst.Name) else ""
            key = key or _string(mention)
            if key in ATTRIBUTES:
                self.ctx.finding(
                    mention,
                    f"{key} is no longer in app.config since Flask 2.3 (reading it raises KeyError): "
                    f"read app.json.{ATTRIBUTES[key]} instead",
                )
        count = 0
        for container in containers:
            entries = [e for e in container.entries if e.key in ATTRIBUTES]
            if not entries:
                continue
            if not rewrite:
                for entry in entries:
                    self.ctx.finding(entry.node, ignored(entry.key, "not rewritten: app.json exists from Flask 2.2 on"))
                continue
            placed = self._placement(container)
            if isinstance(placed, str):
                for entry in entries:
                    self.ctx.finding(entry.node, ignored(entry.key, f"not rewritten: {placed}"))
                continue
            app, anchor = placed
            problem = next((p for p in (self._value_problem(container, e) for e in entries) if p), None)
            if problem is None:
                problem = self._provider_replaced(app, entries[0].node)
            if problem is None:
                problem = self._loaded_later(app, anchor or entries[-1].node)
            if problem is not None:
                for entry in entries:
                    self.ctx.finding(entry.node, ignored(entry.key, f"not rewritten: {problem}"))
                continue
            statements = [s for s in (self._attribute(app, e) for e in entries) if s is not None]
            self._apply(container, entries, anchor, statements)
            count += len(entries)
        return count

    # -- where the app is -------------------------------------------------------------------------
    def _placement(self, container: ConfigContainer) -> tuple[str, cst.CSTNode | None] | str:
        """(the app's name, the statement the attributes follow; None: in place), or why
        there is no app in sight."""
        if container.kind == "subscripts":  # replaced in place: inside an if of the app's block too
            return (container.app, None) if self._app_around(container.app, container.node) else "no app created here"
        if container.kind in ("keywords", "dict"):
            call = container.node if container.kind == "keywords" else _call_of(self, container.node)
            statement = self.parent(self.parent(call)) if call is not None else None
            if container.app is None or not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                return "the config it belongs to is not an app's in sight here"
            block = self.parent(statement)
            if not self._app_in(container.app, block):
                return "no app created here"
            return container.app, statement
        if container.kind == "class":
            return self._loaded_class(container.node)
        own = next(iter(self.index.apps), None)
        if own is not None and "__name__" in from_object_names(self.wrapper.module):  # its own app loads them
            line = self.ctx.file_line(own.statement)
            return f"the setting is a constant of this module, whose app (line {line}) loads it: set it on that app after the load"
        return "a settings module has no app in sight: set it where the app is created"

    def _app_around(self, name: str | None, block: cst.CSTNode | None) -> bool:
        """The app is created in ``block`` or in a block around it, without crossing a def or
        a class (``if app.debug: app.config[...] = ...`` right after the app is created)."""
        while block is not None:
            if self._app_in(name, block):
                return True
            statement = self.parent(block)
            if statement is None or isinstance(statement, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                return False
            block = self.parent(statement)
            while block is not None and not isinstance(block, (cst.IndentedBlock, cst.Module)):
                if isinstance(block, (cst.FunctionDef, cst.ClassDef)):
                    return False
                block = self.parent(block)
        return False

    def _app_in(self, name: str | None, block: cst.CSTNode | None) -> bool:
        body = getattr(block, "body", ())
        return any(app.name == name and any(app.statement is s for s in body) for app in self.index.apps)

    def _loaded_class(self, cls: cst.CSTNode) -> tuple[str, cst.CSTNode] | str:
        """``X.config.from_object(Cls)`` once, for an app X created in the same block, and
        ``Cls`` used nowhere else."""
        assert isinstance(cls, cst.ClassDef)
        name = cls.name.value
        scope = metadata_value(self.wrapper, ScopeProvider, cls)
        assignments = list(scope.assignments[name]) if scope is not None else []
        references = [r for a in assignments for r in a.references]
        if len(assignments) != 1 or len(references) != 1:
            return f"{name} is used elsewhere too (a subclass, another app, a second load)"
        use = references[0].node
        argument = self.parent(use)
        call = self.parent(argument) if isinstance(argument, cst.Arg) else None
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "from_object"
            and isinstance(call.func.value, cst.Attribute)
            and call.func.value.attr.value == "config"
        ):
            return f"{name} is not loaded by app.config.from_object({name}) in this module"
        app = dotted_name(call.func.value.value)
        statement = self.parent(self.parent(call))
        if not isinstance(statement, cst.SimpleStatementLine) or not self._app_in(app, self.parent(statement)):
            return f"the app that loads {name} is not created where it is loaded"
        return app or "", statement

    def _provider_replaced(self, app: str, entry: cst.CSTNode) -> str | None:
        """The app's provider replaced (by code, or by ``app.json_encoder = ...`` that becomes
        ``app.json = ...``) after the attributes are set would drop them."""
        line = self.ctx.line_of(entry)
        for target in _assignment_targets(self.module):
            if not (isinstance(target, cst.Attribute) and dotted_name(target.value) == app):
                continue
            attribute = target.attr.value
            if attribute in ("json", "json_provider_class"):
                return f"{app}.json is replaced in this module: set these on the provider it installs"
            if attribute == "json_encoder" and self.ctx.line_of(target) > line:
                return f"{app}.json_encoder is set after it (line {self.ctx.file_line(target)}): set these after that"
        return None

    def _loaded_later(self, app: str, after: cst.CSTNode) -> str | None:
        """Config the app loads after the key (``from_pyfile``, ``from_envvar`` ...) may set
        the key too; up to 2.2 that value won, from 2.3 on nothing reads it: the attribute
        set here would win instead."""
        line = self.ctx.line_of(after)
        for loader in scan_key(self.wrapper, ATTRIBUTES).loaders:
            owner = loader.func.value if isinstance(loader, cst.Call) and isinstance(loader.func, cst.Attribute) else loader
            target = owner.value if isinstance(owner, cst.Attribute) and owner.attr.value == "config" else None
            if dotted_name(target) == app and self.ctx.line_of(loader) > line:
                return (
                    f"config loaded later (line {self.ctx.file_line(loader)}, {loader_description(loader)}) may set it "
                    "too, and won until Flask 2.3: set the attribute after that, from the value it ends with"
                )
        return None

    # -- the values -------------------------------------------------------------------------------
    def _value_problem(self, container: ConfigContainer, entry: ConfigEntry) -> str | None:
        value = entry.value
        if entry.key == PRETTY and not _is_bool(value):
            return "its value is not a literal True or False (True means compact = False, False the default)"
        if container.kind == "class" and not _is_literal(value):
            return "its value would be read away from the class that holds it"
        if container.kind in ("keywords", "dict") and "#" in cst.Module([]).code_for_node(entry.node):
            return "its comment would be lost"
        return None

    def _attribute(self, app: str, entry: ConfigEntry) -> cst.BaseStatement | None:
        value = entry.value
        if entry.key == PRETTY:
            if isinstance(value, cst.Name) and value.value == "False":
                return None  # compact=None: pretty only in debug mode, exactly what False meant
            text = f"{app}.json.compact = False"
        else:
            text = f"{app}.json.{ATTRIBUTES[entry.key]} = {cst.Module([]).code_for_node(value)}"
        statement = parse_statements(self.module, text)[0]
        if entry.statement is not None:
            statement = statement.with_changes(
                leading_lines=entry.statement.leading_lines, trailing_whitespace=entry.statement.trailing_whitespace
            )
        return statement

    def _apply(self, container, entries, anchor, statements) -> None:
        if anchor is None:  # app.config[...] lines: each replaced where it is
            replacements = iter(statements)
            for entry in entries:
                new = next(replacements) if not _default_pretty(entry) else None
                if new is None:
                    self.edits.remove(entry.node)
                else:
                    self.edits.replace_node(entry.node, new)
            return
        for entry in entries:
            self.edits.remove(entry.node)
        if container.kind in ("keywords", "dict"):
            remaining = [e for e in _items(container.node) if not any(e is x.node for x in entries)]
            if not remaining:
                self.edits.remove(anchor)
                self.edits.insert_after(anchor, statements)  # (inserted where the statement was)
                return
        self.edits.insert_after(anchor, statements)


def _items(holder: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(holder, cst.Call):
        return list(holder.args)
    if isinstance(holder, cst.Dict):
        return list(holder.elements)
    return []


def _call_of(planner: JsonConfigPlanner, node: cst.CSTNode) -> cst.Call | None:
    argument = planner.parent(node)
    call = planner.parent(argument) if isinstance(argument, cst.Arg) else None
    return call if isinstance(call, cst.Call) and len(call.args) == 1 else None


def _assignment_targets(module: cst.Module):
    found: list[cst.CSTNode] = []

    class _Finder(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            found.append(node.target)

    module.visit(_Finder())
    return found


def _is_bool(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Name) and node.value in ("True", "False")


def _is_literal(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float))


def _default_pretty(entry: ConfigEntry) -> bool:
    return entry.key == PRETTY and isinstance(entry.value, cst.Name) and entry.value.value == "False"


def _string(node: cst.CSTNode) -> str:
    from ._flask import string_value

    return string_value(node) or ""

