"""app-attributes: attributes Flask and Werkzeug removed from the app and the request."""

from __future__ import annotations

import ast
from functools import cached_property

import libcst as cst

from . import _ast_facts
from ._app_attributes_gate import rewrites_an_app_attribute
from ._quote_style import preferred_quote
from ._base import Context
from ._flask_app_names import bindings, binds_flask
from ._flask_versions import LegacyForm, removal_reported, werkzeug_removal_reported
from ._node_edits import NodeEdits, apply_edits
from ._parsed_modules import walked
from ._upgrade_support import Names, UpgradeCodemod

# attribute -> (config key, what it did on reads beyond returning the key, or None when exact)
APP_ATTRIBUTES: dict[str, tuple[str, str | None]] = {
    "session_cookie_name": ("SESSION_COOKIE_NAME", None),
    "use_x_sendfile": ("USE_X_SENDFILE", None),
    "send_file_max_age_default": (
        "SEND_FILE_MAX_AGE_DEFAULT",
        "the attribute returned a timedelta (or None), the config key may hold a number of seconds",
    ),
    "templates_auto_reload": (
        "TEMPLATES_AUTO_RELOAD",
        "the attribute fell back to app.debug when the key is None",
    ),
    "propagate_exceptions": (
        "PROPAGATE_EXCEPTIONS",
        "the attribute fell back to app.testing or app.debug when the key is None",
    ),
}
APP_ATTRIBUTES_REMOVED_IN = (2, 3)  # deprecated in 2.2
IS_XHR_REMOVED_IN = (1, 0)  # Werkzeug; deprecated in 0.13
CHARSET_REMOVED_IN = (3, 0)  # Werkzeug; deprecated in 2.3
CHARSET_GONE = "Request.charset was removed in Werkzeug 3.0: request data is always decoded as UTF-8 now"
REQUEST_CLASSES = frozenset({
    "flask.Request", "flask.wrappers.Request", "werkzeug.Request", "werkzeug.wrappers.Request",
    "werkzeug.wrappers.request.Request",
})
FLASK = "flask.Flask"
_FLASK = frozenset({FLASK})
# Flask's session interfaces: Flask calls these methods with the app as the argument after self.
SESSION_INTERFACES = frozenset({"flask.sessions.SessionInterface", "flask.sessions.SecureCookieSessionInterface"})
APP_FIRST_METHODS = frozenset({
    "open_session", "save_session", "make_null_session", "should_set_cookie", "get_expiration_time", "get_cookie_name",
    "get_cookie_domain", "get_cookie_path", "get_cookie_httponly", "get_cookie_secure", "get_cookie_samesite",
    "get_cookie_partitioned",
})
APP_PROXIES = frozenset({"flask.current_app", "flask.globals.current_app"})
REQUEST_PROXIES = frozenset({"flask.request", "flask.globals.request"})
# Parents under which a comparison needs no parentheses (everything binding looser than ==).
_LOOSE_PARENTS = (
    cst.If, cst.While, cst.IfExp, cst.BooleanOperation, cst.Arg, cst.Assign, cst.AnnAssign, cst.Return, cst.Expr,
    cst.Assert, cst.Element, cst.DictElement, cst.Lambda,
)


class AppAttributes(UpgradeCodemod):
    """Replace the app attributes Flask 2.3 removed with their config keys, and request.is_xhr.

    Why: Flask 2.3 removed five attributes that stood for config keys:
    ``app.session_cookie_name``, ``use_x_sendfile``, ``send_file_max_age_default``,
    ``templates_auto_reload`` and ``propagate_exceptions``. Reading one now raises
    ``AttributeError``; **setting one fails silently**: the app gets a plain attribute nobody
    reads, and keeps the default cookie name or cache time. Werkzeug 1.0 removed
    ``request.is_xhr``.

    What it rewrites:

    - ``app.session_cookie_name`` and ``app.use_x_sendfile`` -> ``app.config["SESSION_COOKIE_NAME"]``
      and ``app.config["USE_X_SENDFILE"]``, read or written: they only forwarded to the key;
    - writes of ``app.send_file_max_age_default`` and ``app.templates_auto_reload`` ->
      writes of ``app.config["SEND_FILE_MAX_AGE_DEFAULT"]`` / ``["TEMPLATES_AUTO_RELOAD"]``
      (setting the attribute set the key; Flask reads the key, as seconds or a timedelta);
    - ``request.is_xhr`` -> ``request.headers.get("X-Requested-With", "").lower() ==
      "xmlhttprequest"`` — exactly the test Werkzeug made, case-insensitive, parenthesised
      where the comparison would otherwise bind differently.

    The keys and the header test are written in the module's quotes (those of its config
    keys, else the quote most of its strings use), as a maintainer would write them.

    ``app`` must provably be a Flask app: a name bound only to ``Flask(...)``,
    ``current_app``, ``self`` in a subclass of ``Flask``, or the parameter through which Flask
    passes the app to a session interface (the one after ``self`` of ``open_session``,
    ``save_session``, ``get_cookie_domain`` ... in a subclass of Flask's ``SessionInterface``,
    never rebound); ``request`` must be Flask's.

    Before::

        from flask import Flask, jsonify, render_template, request

        ITEMS = ["tea", "cake"]
        app = Flask(__name__)
        app.session_cookie_name = "shop_session"
        app.send_file_max_age_default = 3600


        @app.route("/items")
        def items():
            if request.is_xhr:
                return jsonify(ITEMS)
            return render_template("items.html", items=ITEMS)

    After::

        from flask import Flask, jsonify, render_template, request

        ITEMS = ["tea", "cake"]
        app = Flask(__name__)
        app.config["SESSION_COOKIE_NAME"] = "shop_session"
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600


        @app.route("/items")
        def items():
            if request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest":
                return jsonify(ITEMS)
            return render_template("items.html", items=ITEMS)

    Refused, with a finding (when the attribute is gone at the target version, or the target is a
    release nobody declared, a checkout or a system's package: the newest releases removed it): reads of
    ``send_file_max_age_default`` (it returned a timedelta; the key may hold seconds),
    ``templates_auto_reload`` and ``propagate_exceptions`` (they fell back to ``app.debug``
    or ``app.testing`` when the key is None), ``del app.x``, augmented assignments to the
    three, class attributes of a ``Flask`` subclass with these names, and these attributes on
    an object that is not provably the app (the finding says what to use if it is). Reported
    too, from Werkzeug 3.0 on: ``request.charset`` (gone; requests are always decoded as
    UTF-8) and ``charset = ...`` in a subclass of ``Request`` (now ignored).

    Left alone: version-guarded code.
    """

    NAME = "app-attributes"
    SUMMARY = "Replace app.session_cookie_name and the other removed app attributes with app.config keys, and request.is_xhr."
    ORDER = 4
    LOCAL_REWRITES = True  # each attribute is rewritten on its own
    CATALOGUE = (
        LegacyForm("`app.session_cookie_name`, `app.use_x_sendfile`", "`app.config[\"SESSION_COOKIE_NAME\"]`, `app.config[\"USE_X_SENDFILE\"]`",
                   "Flask 2.2", "Flask 2.3", "safe"),
        LegacyForm("`app.send_file_max_age_default = v`, `app.templates_auto_reload = v`",
                   "`app.config[\"SEND_FILE_MAX_AGE_DEFAULT\"] = v`, `app.config[\"TEMPLATES_AUTO_RELOAD\"] = v`",
                   "Flask 2.2", "Flask 2.3", "safe"),
        LegacyForm("reads of `app.send_file_max_age_default`, `templates_auto_reload`, `propagate_exceptions`",
                   "`app.config[...]` (the finding says how it differs)", "Flask 2.2", "Flask 2.3", "finding"),
        LegacyForm("`request.charset`, `charset = ...` in a `Request` subclass", "`\"utf-8\"` (requests are always UTF-8)",
                   "Werkzeug 2.3", "Werkzeug 3.0", "finding"),
        LegacyForm("`request.is_xhr`", "`request.headers.get(\"X-Requested-With\", \"\").lower() == \"xmlhttprequest\"`",
                   "Werkzeug 0.13", "Werkzeug 1.0", "safe"),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """One of the attribute names is spelled; never setup.py."""
        return "is_xhr" in source or "charset" in source or any(name in source for name in APP_ATTRIBUTES)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """An attribute (or a class attribute) with one of the names."""
        facts = _ast_facts.facts(tree)
        if facts.attributes & (set(APP_ATTRIBUTES) | {"is_xhr", "charset"}):
            return True
        for node in walked(tree):  # (one walk of the module, kept for the project gate and the codemods after)
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign):
                        targets = statement.targets
                    elif isinstance(statement, ast.AnnAssign):
                        targets = [statement.target]
                    else:
                        continue
                    if any(isinstance(t, ast.Name) and (t.id in APP_ATTRIBUTES or t.id == "charset") for t in targets):
                        return True
        return False

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """A module that spells ``is_xhr`` (a read is rewritten whatever the target) or an app
        attribute the planner rewrites whatever the target (``rewrites_an_app_attribute``:
        ``app.session_cookie_name = ...`` on the app) is let through. Anything else it holds
        (``charset``, class attributes with the names, a read whose value the config key
        does not give back, an attribute of another object) is reported on and nothing
        else: only when the target has removed one of them or is unknown
        (``werkzeug_removal_reported``, ``removal_reported``); for a project pinning an
        older Flask and Werkzeug the transform says nothing there."""
        attributes = _ast_facts.facts(tree).attributes
        if "is_xhr" in attributes:
            return True
        if werkzeug_removal_reported(ctx, CHARSET_REMOVED_IN) or removal_reported(ctx, APP_ATTRIBUTES_REMOVED_IN):
            return True
        return not attributes.isdisjoint(APP_ATTRIBUTES) and rewrites_an_app_attribute(tree, APP_ATTRIBUTES)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        names = self.names(module, ctx)
        planner = _Planner(names, ctx)
        names.module.visit(planner)
        if planner.edits.empty:
            return module
        ctx.rewrote(planner.count)
        return apply_edits(names.wrapper, planner.edits, ctx)


class _Planner(cst.CSTVisitor):
    def __init__(self, names: Names, ctx: Context) -> None:
        self.names = names
        self.ctx = ctx
        self.edits = NodeEdits()
        self.count = 0
        self.flask_classes: list[cst.ClassDef] = []
        self.session_interfaces: list[cst.ClassDef] = []
        self.request_classes: list[cst.ClassDef] = []

    @cached_property
    def quote(self) -> str:
        """The quote the rewrites write their strings in: the module's (its config keys', else
        its most common one), looked up only when there is one to write."""
        return preferred_quote(self.names.module)

    @cached_property
    def flask_apps(self) -> set[str]:
        """The names assigned a call that may be ``Flask(...)`` somewhere in the module."""
        return self.names.assigned_call_of(_FLASK)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if any(self.names.qualified_among(base.value, REQUEST_CLASSES) for base in node.bases):
            self.request_classes.append(node)
            self._request_class(node)
        if any(self.names.qualified_among(base.value, SESSION_INTERFACES) for base in node.bases):
            self.session_interfaces.append(node)
        if any(self.names.qualified_among(base.value, _FLASK) for base in node.bases):
            self.flask_classes.append(node)
            if removal_reported(self.ctx, APP_ATTRIBUTES_REMOVED_IN) and not self.names.guarded(node):
                for statement in node.body.body:
                    for target in _class_targets(statement):
                        if target in APP_ATTRIBUTES:
                            self.ctx.finding(statement, f"{target} is no longer a Flask attribute (removed in 2.3): set "
                                             f"app.config[{APP_ATTRIBUTES[target][0]!r}] instead")

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        if self.request_classes and self.request_classes[-1] is original_node:
            self.request_classes.pop()
        if self.session_interfaces and self.session_interfaces[-1] is original_node:
            self.session_interfaces.pop()
        if self.flask_classes and self.flask_classes[-1] is original_node:
            self.flask_classes.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        name = node.attr.value
        if name == "is_xhr":
            self._is_xhr(node)
        elif name == "charset":
            request = self.names.qualified_among(node.value, REQUEST_PROXIES) or self._self_of_request_class(node.value)
            if request and not self.names.guarded(node) and werkzeug_removal_reported(self.ctx, CHARSET_REMOVED_IN):
                self.ctx.finding(node, f"{CHARSET_GONE}: use \"utf-8\" (the charset the client declared is "
                                 "request.mimetype_params.get(\"charset\"))")
        elif name in APP_ATTRIBUTES:
            self._app_attribute(node, name)

    def _self_of_request_class(self, receiver: cst.BaseExpression) -> bool:
        """``self`` in a method of the Request subclass being visited (bound nowhere else)."""
        if not (self.request_classes and isinstance(receiver, cst.Name) and receiver.value == "self"):
            return False
        scope = self.names.scope(receiver)
        assignments = scope["self"] if scope is not None and "self" in scope else ()
        params = [getattr(a, "node", None) for a in assignments]
        return bool(params) and all(
            isinstance(p, cst.Param) and _is_method_of(self.names, self.names.parent(self.names.parent(p) or p),
                                                       self.request_classes[-1])
            for p in params
        )

    def _request_class(self, node: cst.ClassDef) -> None:
        """``charset = ...`` in a subclass of Request: ignored since Werkzeug 3.0."""
        if not werkzeug_removal_reported(self.ctx, CHARSET_REMOVED_IN) or self.names.guarded(node):
            return
        for statement in node.body.body:
            if "charset" in _class_targets(statement):
                self.ctx.finding(statement, f"{CHARSET_GONE}, and this class attribute is ignored: decode "
                                 "other charsets yourself (request.get_data().decode(...))")

    def _is_xhr(self, node: cst.Attribute) -> None:
        if not self.names.qualified_among(node.value, REQUEST_PROXIES) or self.names.guarded(node):
            return
        parent = self.names.parent(node)
        if _role(node, parent) != "read":
            if werkzeug_removal_reported(self.ctx, IS_XHR_REMOVED_IN):
                self.ctx.finding(node, "request.is_xhr was removed in Werkzeug 1.0 (read the X-Requested-With header)")
            return
        receiver = node.value

        def header_test(_: cst.CSTNode) -> cst.CSTNode:
            code = cst.Module([]).code_for_node(receiver)
            q = self.quote
            test = cst.parse_expression(f"{code}.headers.get({q}X-Requested-With{q}, {q}{q}).lower() == {q}xmlhttprequest{q}")
            if isinstance(parent, _LOOSE_PARENTS) or isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
                return test
            return test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

        self.edits.rebuild(node, header_test)
        self.count += 1

    def _app_attribute(self, node: cst.Attribute, name: str) -> None:
        if self.names.guarded(node):
            return
        key, read_differs = APP_ATTRIBUTES[name]
        role = _role(node, self.names.parent(node))
        report = removal_reported(self.ctx, APP_ATTRIBUTES_REMOVED_IN)
        if not self._is_app(node.value):
            if report:
                receiver = cst.Module([]).code_for_node(node.value)
                self.ctx.finding(node, f"if {receiver} is the Flask app: app.{name} was removed in Flask 2.3, use "
                                 f"app.config[{key!r}]")
            return
        exact = read_differs is None or role == "write"
        if role == "delete" or not exact:
            if report:
                why = read_differs if role != "delete" else "deleting the attribute never removed the key"
                self.ctx.finding(node, f"app.{name} was removed in Flask 2.3: use app.config[{key!r}]; not rewritten, as {why}")
            return
        receiver = node.value

        def config_item(_: cst.CSTNode) -> cst.CSTNode:
            code = cst.Module([]).code_for_node(receiver)
            return cst.parse_expression(f"{code}.config[{self.quote}{key}{self.quote}]")

        self.edits.rebuild(node, config_item)
        self.count += 1

    def _is_app(self, receiver: cst.BaseExpression) -> bool:
        """``current_app``, a name bound only to ``Flask(...)``, or ``self`` in a Flask subclass."""
        if self.names.qualified_among(receiver, APP_PROXIES):
            return True
        if not isinstance(receiver, cst.Name):
            return False
        if not (self.flask_classes or self.session_interfaces or receiver.value in self.flask_apps):
            return False  # no binding of it could bind the app (_binds_app): no scope needed
        assignments = bindings(self.names, receiver)
        return bool(assignments) and all(self._binds_app(assignment) for assignment in assignments)

    def _binds_app(self, assignment: object) -> bool:
        node = getattr(assignment, "node", None)
        if isinstance(node, cst.Param):  # `self` of a method of the Flask subclass, or the app Flask passes
            function = self.names.parent(self.names.parent(node) or node)
            if node.name.value == "self":
                return bool(self.flask_classes) and _is_method_of(self.names, function, self.flask_classes[-1])
            return self._app_flask_passes(node, function)
        return binds_flask(self.names, node)


    def _app_flask_passes(self, param: cst.Param, function: cst.CSTNode | None) -> bool:
        """``param`` is the argument after ``self`` of a session-interface method Flask calls
        with the app (``open_session(self, app, request)``) in a subclass of Flask's."""
        if not self.session_interfaces or not _is_method_of(self.names, function, self.session_interfaces[-1]):
            return False
        assert isinstance(function, cst.FunctionDef)
        positional = function.params.params
        return function.name.value in APP_FIRST_METHODS and len(positional) > 1 and positional[1] is param


def _role(node: cst.Attribute, parent: cst.CSTNode | None) -> str:
    """"write" (assigned), "update" (augmented assignment), "delete", or "read"."""
    if isinstance(parent, cst.AssignTarget) or isinstance(parent, cst.AnnAssign) and parent.target is node:
        return "write"
    if isinstance(parent, cst.AugAssign) and parent.target is node:
        return "update"
    if isinstance(parent, (cst.Del,)):
        return "delete"
    return "read"


def _is_method_of(names: Names, function: cst.CSTNode | None, cls: cst.ClassDef) -> bool:
    if not isinstance(function, cst.FunctionDef) or not function.params.params:
        return False
    if function.params.params[0].name.value != "self":
        return False
    block = names.parent(function)
    return block is not None and names.parent(block) is cls


def _class_targets(statement: cst.BaseStatement) -> list[str]:
    """The names a class-body statement assigns (``session_cookie_name = "x"``)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return []
    found = []
    for small in statement.body:
        if isinstance(small, cst.Assign):
            found += [t.target.value for t in small.targets if isinstance(t.target, cst.Name)]
        elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            found.append(small.target.value)
    return found
