"""config-from-json: Config.from_json, removed in Flask 2.1, becomes from_file with Flask's JSON loader."""

from __future__ import annotations

import ast

import libcst as cst

from . import _ast_facts
from ._base import Context
from ._flask_versions import LegacyForm, available, removed
from ._upgrade_support import ImportPlanner, UpgradeCodemod, nodes_of

FROM_FILE_SINCE = (2, 0)
FROM_JSON_REMOVED_IN = (2, 1)  # deprecated in 2.0
FLASK = frozenset({"flask.Flask"})
APP_PROXIES = frozenset({"flask.current_app", "flask.globals.current_app"})


class ConfigFromJson(UpgradeCodemod):
    """Replace ``app.config.from_json(path)``, removed in Flask 2.1, with ``from_file``.

    Why: Flask 2.0 deprecated ``Config.from_json`` and Flask 2.1 removed it: the call now ends
    in ``AttributeError`` when the app starts. ``Config.from_file`` (Flask 2.0) takes the
    loader as an argument; Flask 2.0's own ``from_json`` was ``from_file(filename,
    flask.json.load, silent=silent)``.

    What it rewrites: ``X.config.from_json(path[, silent])`` ->
    ``X.config.from_file(path, load=json.load[, silent=...])`` with ``json`` being Flask's
    ``flask.json`` (an existing ``from flask import json`` or ``import flask`` is used, else
    ``from flask import json`` is added, or ``import flask`` when the module's own ``json``
    would be shadowed). The file is opened the same way (text, the default encoding,
    relative to the config's root path), read by the same JSON loader (the app's, inside an
    app context), the same keys are set, and ``silent=True`` swallows the same errors (a
    missing file or a directory) and returns ``False`` as before.

    ``X`` must provably be a Flask app: ``current_app``, a name bound only to ``Flask(...)``,
    or ``self`` in a method of a subclass of ``Flask``. Only where ``from_file`` exists at the
    target version (Flask 2.0).

    Before::

        from flask import Flask

        app = Flask(__name__)
        app.config.from_json("settings.json", silent=True)

    After::

        from flask import Flask, json

        app = Flask(__name__)
        app.config.from_file("settings.json", load=json.load, silent=True)

    Refused, with a finding (when ``from_json`` is gone at the target version): a call with
    ``*args`` or ``**kwargs`` or other arguments, a call whose JSON module cannot be named
    without shadowing a name, and ``from_json`` on ``.config`` of an object that is not
    provably the app (the finding says what to use if it is).

    Left alone: a project's own ``from_json`` methods, version-guarded code.
    """

    NAME = "config-from-json"
    SUMMARY = "Replace app.config.from_json(path) with app.config.from_file(path, load=json.load) (removed in Flask 2.1)."
    ORDER = 4
    CATALOGUE = (
        LegacyForm("`app.config.from_json(path, silent=...)`", "`app.config.from_file(path, load=json.load, silent=...)`",
                   "Flask 2.0", "Flask 2.1", "safe", (2, 0)),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """``from_json`` is spelled; never setup.py."""
        return "from_json" in source

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """An attribute named ``from_json``."""
        return "from_json" in _ast_facts.facts(tree).attributes

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return self.planned(_Planner, module, ctx)


class _Planner(ImportPlanner):
    def plan_module(self) -> None:
        for call in nodes_of(self.names.module, cst.Call):
            func = call.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "from_json"):
                continue
            config = func.value
            if not (isinstance(config, cst.Attribute) and config.attr.value == "config") or self.names.guarded(call):
                continue
            self._call(call, config.value)

    def _call(self, call: cst.Call, app: cst.BaseExpression) -> None:
        report = removed(self.ctx, FROM_JSON_REMOVED_IN)
        receiver = cst.Module([]).code_for_node(app)
        if not self._is_app(app):
            if report:
                self.ctx.finding(call, f"if {receiver} is the Flask app: Config.from_json was removed in Flask 2.1, use "
                                 f"{receiver}.config.from_file(path, load=flask.json.load)")
            return
        if not available(self.ctx, FROM_FILE_SINCE):
            return
        arguments = _arguments(call)
        spelled = self.spellings.of(call, "flask.json", from_import=True) if arguments is not None else None
        spelled = spelled or (self.spellings.of(call, "flask.json", from_import=False) if arguments is not None else None)
        if arguments is None or spelled is None:
            if report:
                why = "its arguments are not (path[, silent])" if arguments is None else "flask.json cannot be named here"
                self.ctx.finding(call, f"Config.from_json was removed in Flask 2.1: use "
                                 f"{receiver}.config.from_file(path, load=flask.json.load); not rewritten, as {why}")
            return
        load = cst.Arg(keyword=cst.Name("load"), value=cst.parse_expression(f"{spelled}.load"),
                       equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                             whitespace_after=cst.SimpleWhitespace("")))
        new_args = _with_load(call, arguments, load)

        def from_file(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call) and isinstance(updated.func, cst.Attribute)
            return updated.with_changes(func=updated.func.with_changes(attr=cst.Name("from_file")), args=new_args)

        self.plan.edits.rebuild(call, from_file)
        self.plan.rewrites += 1

    def _is_app(self, receiver: cst.BaseExpression) -> bool:
        """``current_app``, a name bound only to ``Flask(...)``, or ``self`` in a Flask subclass's method."""
        if self.names.qualified_among(receiver, APP_PROXIES):
            return True
        if not isinstance(receiver, cst.Name):
            return False
        scope = self.names.scope(receiver)
        if scope is None or receiver.value not in scope:
            return False
        assignments = scope[receiver.value]
        return bool(assignments) and all(self._binds_app(getattr(a, "node", None)) for a in assignments)

    def _binds_app(self, node: cst.CSTNode | None) -> bool:
        if isinstance(node, cst.Param):
            return node.name.value == "self" and self._self_of_flask_subclass(node)
        if not isinstance(node, cst.Name):
            return False
        target = self.names.parent(node)
        statement = self.names.parent(target) if isinstance(target, cst.AssignTarget) else target
        if isinstance(statement, cst.Assign) and isinstance(target, cst.AssignTarget):
            value = statement.value
        elif isinstance(statement, cst.AnnAssign) and statement.target is node:
            value = statement.value
        else:
            return False
        return isinstance(value, cst.Call) and bool(self.names.qualified_among(value.func, FLASK))

    def _self_of_flask_subclass(self, param: cst.Param) -> bool:
        """``param`` is the first parameter of a plain method of a class with ``Flask`` as a base."""
        parameters = self.names.parent(param)
        function = self.names.parent(parameters) if parameters is not None else None
        if not isinstance(function, cst.FunctionDef) or not function.params.params or function.params.params[0] is not param:
            return False
        if any(isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod")
               for d in function.decorators):
            return False
        block = self.names.parent(function)
        cls = self.names.parent(block) if block is not None else None
        return isinstance(cls, cst.ClassDef) and any(self.names.qualified_among(b.value, FLASK) for b in cls.bases)


def _arguments(call: cst.Call) -> dict[str, int] | None:
    """Where the call's ``filename`` and ``silent`` are (index into ``call.args``); None when
    the call has anything else (``*args``, ``**kwargs``, other keywords, too many arguments)."""
    found: dict[str, int] = {}
    positional = ("filename", "silent")
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(positional):
                return None
            name = positional[index]
        else:
            name = arg.keyword.value
        if name not in positional or name in found:
            return None
        found[name] = index
    return found if "filename" in found else None


def _with_load(call: cst.Call, where: dict[str, int], load: cst.Arg) -> list[cst.Arg]:
    """The call's arguments with ``load`` right after the filename and a positional ``silent``
    made a keyword; one argument a line when the call has them so."""
    args = list(call.args)
    silent = where.get("silent")
    if silent is not None and args[silent].keyword is None:
        args[silent] = args[silent].with_changes(keyword=cst.Name("silent"), equal=load.equal)
    filename = where["filename"]
    own = args[filename].comma
    load_comma = own
    separator: cst.Comma | cst.MaybeSentinel = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    breaks = isinstance(own, cst.Comma) and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace)
    if breaks and filename < len(args) - 1:
        separator = own  # one argument a line: the load goes on a line of its own
    elif breaks and isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        # the last argument on a line of its own: the filename keeps its comment, and the load
        # comes next at the same indentation and takes the line break to the closing bracket
        assert isinstance(own, cst.Comma) and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace)
        opening = call.whitespace_before_args
        separator = own.with_changes(whitespace_after=own.whitespace_after.with_changes(
            empty_lines=[], indent=opening.indent, last_line=opening.last_line))
        load_comma = own.with_changes(whitespace_after=own.whitespace_after.with_changes(first_line=cst.TrailingWhitespace()))
    args[filename] = args[filename].with_changes(comma=separator)
    return [*args[: filename + 1], load.with_changes(comma=load_comma), *args[filename + 1:]]
