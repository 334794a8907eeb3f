"""dotenv-config, read-only: the literals of one module that are Flask configuration.

Where a value is configuration: ``app.config[...]`` / ``update`` / ``from_mapping`` /
``app.secret_key ...`` of an app resolved as ``flask.Flask``; the UPPER_CASE constants of a
module the configuration loading reaches as a whole (``from_object("config")``,
``from_pyfile("settings.py")``, ``from_object(__name__)``); the attributes of classes it
loads (and of their bases, or every config class of a module it picks one from at run
time). UPPER_CASE constants of other modules that use Flask are looked at only to name a
hard-coded secret in a finding.

Each literal becomes a ``Site`` with its verdict (secret, placeholder, neither) and whether
its key is an environment setting; what is refused here (a value ``.env`` cannot hold, a
secret that could not be masked) is reported at once.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import GlobalScope, ParentNodeProvider, PositionProvider, ScopeProvider

from ._base import Context, metadata_value
from ._dotenv_config_factory_dicts import report_factory_dicts
from ._dotenv_config_gate import APP_ATTRIBUTES, CONFIG_CLASS_SUFFIXES, class_family
from ._dotenv_config_shapes import config_like_body, has_upper_attribute, imports_flask, is_config_module, pyfile_secret_names
from ._dotenv_config_names import app_qualifier, class_qualifier, module_qualifier
from ._dotenv_config_project import ConfigUse, ProjectView
from ._dotenv_config_secrets import (
    NOT_SECRET,
    SECRET,
    has_credential_shape,
    is_config_key,
    is_secret_name,
    is_setting_name,
    looks_like_service_url,
    names_app_routes,
    verdict_of,
)
from ._dotenv_config_values import EnvValue, NotStorable, env_value, is_literal, spelled_maskably, string_literals
from ._flask import AppObject, FlaskIndex, string_value
from ._function_defs import cst_small_statements
from ._imports import module_binds
from ._names import dotted_name
from ._node_fields import nodes_below

# the methods of ``X.config`` whose calls hold (or name) configuration
_CONFIG_CALLS = ("update", "from_mapping", "from_pyfile")

# where a value was found
APP_CONFIG, CONFIG_CLASS, CONFIG_MODULE, MODULE_CONSTANT = "app config", "config class", "config module", "module constant"


@dataclass(eq=False)
class Site:
    """One literal of the configuration that may move."""

    key: str
    context: str
    owner: Any  # the app, class or module the key belongs to
    qualifier: str  # names the owner in a variable name (ADMIN_SECRET_KEY)
    statement: cst.CSTNode  # for findings
    value: EnvValue
    verdict: str  # SECRET, PLACEHOLDER or NOT_SECRET (for strings; NOT_SECRET for the rest)
    setting: bool  # a key whose value depends on the environment (DEBUG, a database URI ...)
    line: int = 0
    scope_line: int = 0  # the def it is in (0: the module)
    env_name: str = ""


@dataclass
class Analysis:
    sites: list[Site] = field(default_factory=list)
    use: ConfigUse = field(default_factory=ConfigUse)
    classes: dict[str, cst.ClassDef] = field(default_factory=dict)  # the config classes reached
    bases: dict[str, set[str]] = field(default_factory=dict)  # config class -> its base names
    star_imports: list[int] = field(default_factory=list)  # lines of module-level ``from x import *``
    python_tree: ast.Module | None = None  # the module's, for what the plan asks of its code


class Collector(cst.CSTVisitor):
    def __init__(self, wrapper, ctx: Context, view: ProjectView, code: str | None = None, tree: ast.Module | None = None) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.view = view
        self.module: cst.Module = wrapper.module
        # the module's stdlib AST or code, when at hand (the AST tells which calls may create an app)
        self.index = FlaskIndex.build(wrapper, tree if tree is not None else code)
        self.code = code
        self.result = Analysis(python_tree=tree)
        self.module_qualifier = module_qualifier(ctx.path)
        self.imports_flask = imports_flask(self.module)
        self.config_classes: set[cst.ClassDef] = set()

    def collect(self) -> Analysis:
        use = self.view.use_of(self.view.this)
        self.result.use = use
        self.config_module = use.itself or (use.whole and is_config_module(self.ctx.path, self.module, self.index))
        self._find_config_classes(use)
        self._visit_module()
        report_factory_dicts(self.result.python_tree, self.ctx)
        return self.result

    def _visit_module(self) -> None:
        """The calls ``self.module.visit(self)`` makes, in its order, from a list of the nodes
        (a node's exact type: none of the four classes is subclassed). Only a call of a
        ``config`` attribute's ``update``, ``from_mapping`` or ``from_pyfile`` reads anything
        (``visit_Call``): a module whose code spells none of them has its statements listed,
        not its expressions."""
        code = self.code
        calls = code is None or ("config" in code and any(method in code for method in _CONFIG_CALLS))
        for node in nodes_below(self.module) if calls else cst_small_statements(self.module):
            kind = type(node)
            if kind is cst.Assign:
                self.visit_Assign(node)
            elif kind is cst.AnnAssign:
                self.visit_AnnAssign(node)
            elif kind is cst.ImportFrom:
                self.visit_ImportFrom(node)
            elif kind is cst.Call:
                self.visit_Call(node)

    # -- helpers --------------------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def line_of(self, node: cst.CSTNode) -> int:
        position = metadata_value(self.wrapper, PositionProvider, node)
        return position.start.line if position is not None else 0

    def scope_line(self, node: cst.CSTNode) -> int:
        current = self.parent(node)
        while current is not None and not isinstance(current, cst.FunctionDef):
            current = self.parent(current)
        return self.line_of(current.name) if isinstance(current, cst.FunctionDef) else 0

    def app_owner(self, node: cst.CSTNode) -> AppObject | None:
        owner = self.index.object_for(node)
        return owner if owner is not None and owner.kind == "app" else None

    def app_qualifier(self, owner: AppObject) -> str:
        factory = owner.factory.name.value if owner.factory is not None else None
        return app_qualifier(owner.name, factory)

    def shadows_os(self, node: cst.CSTNode) -> bool:
        """True when ``os`` at ``node`` is a local name (a parameter, a variable)."""
        scope = metadata_value(self.wrapper, ScopeProvider, node)
        while scope is not None and not isinstance(scope, GlobalScope):
            for assignment in scope.assignments["os"]:
                statement = getattr(assignment, "node", None)
                if not (
                    isinstance(statement, cst.Import)
                    and any(dotted_name(alias.name) == "os" and alias.asname is None for alias in statement.names)
                ):
                    return True
            scope = scope.parent
        return False

    # -- config classes -------------------------------------------------------------------------
    def _find_config_classes(self, use: ConfigUse) -> None:
        """The classes the configuration loading reaches: loaded by name, with their bases; all
        config classes of the module when one of them is picked at run time."""
        classes = {
            statement.name.value: statement
            for statement in self.module.body
            if isinstance(statement, cst.ClassDef) and config_like_body(statement)
        }
        bases = {name: {dotted_name(base.value) or "" for base in node.bases} for name, node in classes.items()}
        if use.any_class:
            chosen = {name for name, node in classes.items() if has_upper_attribute(node)}
            chosen = class_family(chosen, bases)
        else:
            chosen = {name for name in use.classes if name in classes}
            added = True
            while added:  # and their bases
                more = {base for name in chosen for base in bases[name] if base in classes} - chosen
                chosen |= more
                added = bool(more)
        # as the gate: classes named like config classes, any of a config module, and their family
        named = {
            name
            for name, node in classes.items()
            if name.endswith(CONFIG_CLASS_SUFFIXES) or (self.config_module and has_upper_attribute(node))
        }
        chosen &= class_family(named, bases)
        self.result.classes = {name: classes[name] for name in chosen}
        self.result.bases = {name: bases[name] for name in chosen}
        self.config_classes = set(self.result.classes.values())

    # -- visiting -------------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self._assignment(node, node.targets[0].target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._assignment(node, node.target, node.value)

    def _assignment(self, node: cst.CSTNode, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript):
            config = target.value
            if not (isinstance(config, cst.Attribute) and config.attr.value == "config"):
                return
            owner = self.app_owner(config.value)
            if owner is None or len(target.slice) != 1 or not isinstance(target.slice[0].slice, cst.Index):
                return
            key = string_value(target.slice[0].slice.value)
            if key is not None:
                self._candidate(key, value, APP_CONFIG, owner, self.app_qualifier(owner), node)
        elif isinstance(target, cst.Attribute):
            key = APP_ATTRIBUTES.get(target.attr.value)
            owner = self.app_owner(target.value) if key else None
            if owner is not None and key is not None:
                self._candidate(key, value, APP_CONFIG, owner, self.app_qualifier(owner), node)
        elif isinstance(target, cst.Name):
            statement = self.parent(node)
            container = self.parent(statement) if statement is not None else None
            if container is self.module:
                if self.config_module:
                    self._candidate(target.value, value, CONFIG_MODULE, self.module, self.module_qualifier, node)
                elif self.imports_flask:
                    self._candidate(target.value, value, MODULE_CONSTANT, self.module, self.module_qualifier, node)
            elif isinstance(container, cst.IndentedBlock):
                owner = self.parent(container)
                if isinstance(owner, cst.ClassDef) and owner in self.config_classes:
                    self._candidate(target.value, value, CONFIG_CLASS, owner, class_qualifier(owner.name.value), node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """``from local_settings import *`` at module level (also in a ``try``): values
        imported over the module's own."""
        if isinstance(node.names, cst.ImportStar):
            current = self.parent(node)
            while current is not None and not isinstance(current, (cst.FunctionDef, cst.ClassDef, cst.Module)):
                current = self.parent(current)
            if isinstance(current, cst.Module):
                self.result.star_imports.append(self.line_of(node))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method not in _CONFIG_CALLS or not (isinstance(func.value, cst.Attribute) and func.value.attr.value == "config"):
            return
        if method != "from_pyfile":  # update, from_mapping
            owner = self.app_owner(func.value.value)
            if owner is None:
                return
            qualifier = self.app_qualifier(owner)
            if any(arg.star for arg in node.args):
                return  # update(defaults, **extra): what is unpacked may set any key again
            for arg in node.args:
                if arg.keyword is not None:
                    self._candidate(arg.keyword.value, arg.value, APP_CONFIG, owner, qualifier, node, arg)
                elif arg.star == "" and isinstance(arg.value, cst.Dict):
                    for element in arg.value.elements:
                        if isinstance(element, cst.DictElement):
                            key = string_value(element.key)
                            if key is not None:
                                self._candidate(key, element.value, APP_CONFIG, owner, qualifier, node, element)
                elif arg.star == "" and keyword_dict(arg.value) and not module_binds(self.module, "dict"):
                    for keyword in arg.value.args:  # dict(KEY=value): the keywords of update itself
                        self._candidate(keyword.keyword.value, keyword.value, APP_CONFIG, owner, qualifier, node, keyword)
        else:
            self._pyfile_secrets(node)

    def _pyfile_secrets(self, call: cst.Call) -> None:
        """``from_pyfile("settings.cfg")``: a file that is not rewritten (not ``.py``) but may
        hold hard-coded secrets; say which, by name."""
        filename = string_value(call.args[0].value) if call.args else None
        if not filename or filename.endswith(".py"):
            return
        text = self.ctx.read_file(filename) or self.ctx.read_file("instance/" + filename)
        if text is None:
            return
        secrets = pyfile_secret_names(text)
        if secrets:
            self.ctx.finding(
                call,
                f"{filename} holds hard-coded secrets ({', '.join(secrets)}); only .py files are rewritten: "
                "move them to .env by hand (or rename the file to .py)",
            )

    # -- classifying ----------------------------------------------------------------------------
    def _comment(self, statement: cst.CSTNode, part: cst.CSTNode | None) -> str:
        """The comments on the line of ``part`` (an argument, a dict element) or ``statement``."""
        comments = []
        if part is not None:
            comma = getattr(part, "comma", None)
            after = getattr(comma, "whitespace_after", None)
            first = getattr(after, "first_line", None)
            if first is not None and first.comment is not None:
                comments.append(first.comment.value)
        line = self.parent(statement)
        trailing = getattr(line, "trailing_whitespace", None)
        if trailing is not None and trailing.comment is not None and (part is None or self.line_of(part) == self.line_of(statement)):
            comments.append(trailing.comment.value)
        return " ".join(comments)

    def _candidate(
        self,
        key: str,
        node: cst.BaseExpression,
        context: str,
        owner: Any,
        qualifier: str,
        statement: cst.CSTNode,
        part: cst.CSTNode | None = None,
    ) -> None:
        if not is_config_key(key):
            return
        try:
            value = env_value(node, self.module)
        except NotStorable as reason:
            if context != MODULE_CONSTANT and self._wants_to_move(key, node):
                self.ctx.finding(statement, f"{key} not moved: {reason}")
            return
        if value is None:
            if not is_literal(node) and context != MODULE_CONSTANT:
                if any(has_credential_shape(s) for s in string_literals(node, self.module)):
                    self.ctx.finding(statement, f"{key} holds a credential inside an expression; move it out of the code by hand")
            return
        comment = self._comment(statement, part)
        verdict = verdict_of(key, value.kind, value.strings, comment)
        setting = context != MODULE_CONSTANT and (
            (is_setting_name(key) and not names_app_routes(key, value.strings))
            or (value.kind == "str" and looks_like_service_url(value.text))
        )
        if verdict is NOT_SECRET and not setting:
            return
        if value.kind == "str" and value.text == "":
            return  # nothing to hide or configure
        if verdict is NOT_SECRET and value.kind == "bytes":
            return  # a bytes setting cannot be read back from the environment
        site = Site(key, context, owner, qualifier or self.module_qualifier, statement, value, verdict, setting)
        site.line = self.line_of(statement)
        site.scope_line = self.scope_line(statement)
        if verdict is SECRET and context != MODULE_CONSTANT:
            if not _maskable(value):
                self.ctx.finding(
                    statement,
                    f"{key} not moved: write the secret as one plain string literal (its spelling here "
                    "could not be hidden in the terminal diff)",
                )
                return
            if self.shadows_os(node):
                self.ctx.finding(statement, f"{key} not moved: 'os' is a local name here")
                return
        elif self.shadows_os(node):
            return
        self.result.sites.append(site)

    def _wants_to_move(self, key: str, node: cst.BaseExpression) -> bool:
        strings = string_literals(node, self.module)
        return is_secret_name(key) or is_setting_name(key) or any(has_credential_shape(s) for s in strings)


def keyword_dict(node: cst.BaseExpression) -> bool:
    """``dict(KEY=value, ...)``: keywords only (the builtin's, unless the module binds ``dict``)."""
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "dict"
        and bool(node.args)
        and all(arg.keyword is not None for arg in node.args)
    )


def _maskable(value: EnvValue) -> bool:
    if value.kind in ("list", "tuple"):
        assert isinstance(value.node, (cst.List, cst.Tuple))
        return all(
            spelled_maskably(element.value, text, value.text) for element, text in zip(value.node.elements, value.strings)
        )
    return spelled_maskably(value.node, value.text)
