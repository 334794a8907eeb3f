"""config-from-json: Config.from_json, removed in Flask 2.1, becomes from_file with Flask's JSON loader."""

from __future__ import annotations

import ast
from functools import cached_property

import libcst as cst

from . import _ast_facts
from ._base import Context
from ._flask_app_names import bound_only_to_flask
from ._flask_versions import LegacyForm, Removal, available, left_at_unknown_target, removed
from ._upgrade_support import ImportPlanner, UpgradeCodemod, nodes_of

FROM_FILE_SINCE = (2, 0)
FROM_JSON_REMOVED_IN = (2, 1)  # deprecated in 2.0
# attributes whose assignment gives an app a config of another class (with its own from_json)
CONFIG_SETTERS = frozenset({"config", "config_class"})


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

    ``X.config`` must provably be Flask's ``Config``: ``X`` is a name bound only to
    ``Flask(...)`` (Flask itself, not a subclass, whose ``config_class`` may be a project's
    own), and the module assigns no ``.config`` or ``.config_class`` attribute. Only where
    ``from_file`` exists at the target version (Flask 2.0); at a release nobody declared (a
    checkout of Flask, the system's package an RPM spec requires) such a call is left and
    reported, as ``from_json`` is gone from Flask 2.1 on.

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
    without shadowing a name, and ``from_json`` on ``.config`` of anything else
    (``current_app``, ``self`` in a ``Flask`` subclass, a parameter: the app may be of a
    class with its own config class; the finding says what to use if it is Flask's).

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
        """A call of ``X.config.from_json(...)``: the only calls the planner looks at (a
        project's own ``Comment.from_json(data)`` is none of its business)."""
        found = _ast_facts.facts(tree)
        return "from_json" in found.attributes and any(
            type(call.func) is ast.Attribute
            and call.func.attr == "from_json"
            and type(call.func.value) is ast.Attribute
            and call.func.value.attr == "config"
            for call in found.calls
        )

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
                self.ctx.finding(call, f"if {receiver}.config is Flask's Config: Config.from_json was removed in Flask 2.1, "
                                 f"use {receiver}.config.from_file(path, load=flask.json.load)")
            return
        if not available(self.ctx, FROM_FILE_SINCE):
            left = left_at_unknown_target(self.ctx, f"{receiver}.config.from_json", Removal("Flask", FROM_JSON_REMOVED_IN),
                                          f"use {receiver}.config.from_file(path, load=flask.json.load)")
            if left is not None:
                self.ctx.finding(call, left)
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
        """A name bound only to ``Flask(...)``, in a module that gives no app another config."""
        return isinstance(receiver, cst.Name) and not self._config_replaced and bound_only_to_flask(self.names, receiver)

    @cached_property
    def _config_replaced(self) -> bool:
        """The module assigns a ``.config`` or ``.config_class`` attribute (or sets one by ``setattr``)."""
        for node in nodes_of(self.names.module, cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.Call):
            if isinstance(node, cst.Call):
                if isinstance(node.func, cst.Name) and node.func.value == "setattr" and len(node.args) > 1:
                    name = node.args[1].value
                    if not isinstance(name, cst.SimpleString) or name.evaluated_value in CONFIG_SETTERS:
                        return True
                continue
            target = node.target
            if isinstance(target, cst.Attribute) and target.attr.value in CONFIG_SETTERS:
                return True
        return False


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
    made a keyword; one argument a line when the call has them so (comments stay where they are)."""
    args = list(call.args)
    silent = where.get("silent")
    if silent is not None and args[silent].keyword is None:
        args[silent] = args[silent].with_changes(keyword=cst.Name("silent"), equal=load.equal.deep_clone())
    filename = where["filename"]
    own = args[filename].comma
    load_comma = own
    separator: cst.Comma | cst.MaybeSentinel = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    opening = call.whitespace_before_args
    if isinstance(own, cst.Comma) and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace):
        # one argument a line: the load goes on a line of its own, without the filename's comment
        load_comma = own.with_changes(whitespace_after=own.whitespace_after.with_changes(first_line=cst.TrailingWhitespace()))
        if filename < len(args) - 1:
            separator = own
        elif isinstance(opening, cst.ParenthesizedWhitespace):
            # the last argument: the filename's line break now leads to the load, indented as the first
            separator = own.with_changes(whitespace_after=own.whitespace_after.with_changes(
                empty_lines=[], indent=opening.indent, last_line=opening.last_line))
        else:
            load_comma = own
    if filename == len(args) - 1:  # what followed the last argument (a line break before ")") follows the load
        load = load.with_changes(whitespace_after_arg=args[filename].whitespace_after_arg.deep_clone())
        args[filename] = args[filename].with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
    args[filename] = args[filename].with_changes(comma=_fresh(separator))
    return [*args[: filename + 1], load.with_changes(comma=_fresh(load_comma)), *args[filename + 1:]]


def _fresh(comma: cst.Comma | cst.MaybeSentinel) -> cst.Comma | cst.MaybeSentinel:
    """A copy of ``comma`` that shares no node with the tree (each node stands once in a module)."""
    return comma.deep_clone() if isinstance(comma, cst.Comma) else comma
