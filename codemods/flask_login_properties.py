"""flask-login-properties: read Flask-Login's user flags as the properties they are."""

from __future__ import annotations

import ast

import libcst as cst

from ._ast_facts import facts
from ._base import Context
from ._declared_releases import allows_below, older_release
from ._flask_login_properties_templates import SETUP_CLASSES, SETUP_NAMES, template_calls
from ._flask_login_properties_users import FLAGS, first_plain_flag
from ._flask_versions import LegacyForm
from ._upgrade_support import ImportPlanner, UpgradeCodemod, nodes_of

# where current_user lives (flask.ext.login: the same object on Flask before 1.0)
CURRENT_USER = frozenset({"flask_login.current_user", "flask_login.utils.current_user", "flask.ext.login.current_user"})
PROPERTIES_SINCE = (0, 3)  # Flask-Login 0.3.0 (2015) made the flags properties


class FlaskLoginProperties(UpgradeCodemod):
    """Read ``current_user.is_authenticated`` (and ``is_active``, ``is_anonymous``) without
    calling it.

    Why: Flask-Login 0.3 (2015) made the three flags of a user properties. On any release
    since, ``current_user.is_authenticated()`` calls a bool: an anonymous visitor's request
    fails with ``TypeError: 'bool' object is not callable``, and so does every request once
    the user model takes the flags from ``UserMixin``. Legacy apps written for 0.2 meet it
    as soon as an upgrade of Flask pulls in a current Flask-Login.

    What it rewrites: ``X.is_authenticated()``, ``X.is_active()`` and ``X.is_anonymous()``
    with no arguments, where ``X`` is Flask-Login's ``current_user`` (resolved by qualified
    name: ``from flask_login import current_user``, ``flask_login.current_user``,
    ``flask.ext.login``), to the same attribute without the call.

    Before::

        from flask import redirect, url_for
        from flask_login import current_user


        def home():
            if not current_user.is_authenticated():
                return redirect(url_for("login"))
            return "welcome"

    After::

        from flask import redirect, url_for
        from flask_login import current_user


        def home():
            if not current_user.is_authenticated:
                return redirect(url_for("login"))
            return "welcome"

    Refused, with a finding:

    - any call, when a class of the project (any of its Python modules) still defines one
      of the flags as a plain method (an old-style user model without ``UserMixin``, or an
      anonymous-user class of its own): ``current_user`` may be one of its instances, and
      without the call the flag would be a bound method, always true — every visitor would
      pass the check. Make the method a ``@property`` first (Flask-Login's own checks, such
      as ``login_required``, already read it as one), then run the codemod again;
    - a project whose declared Flask-Login requirement allows a release older than 0.3,
      where the flags are still methods (an undeclared or unpinned requirement means the
      newest that installs on every Python the project declares).

    Reported, not rewritten: Jinja templates that call a flag on ``current_user``
    (``{% if current_user.is_authenticated() %}``) fail the same way when they render. Under the
    same version gate, the module that sets Flask-Login up (constructs its ``LoginManager``,
    or Flask-Security's ``Security``) gets one finding per template, naming the file and
    its lines: drop the ``()`` there by hand. The tool writes no template: Python files are
    proved to parse and compile before they are written, and nothing proves the same of a
    template edit (nor that ``current_user`` in it is Flask-Login's, not a variable a view
    passes). The template is read with Jinja2's lexer, so calls in comments, ``{% raw %}``
    blocks and strings are not counted.

    Left alone: the flags of other objects (``g.user.is_active()``: not known to be a
    Flask-Login user), calls with arguments, version-guarded code.
    """

    NAME = "flask-login-properties"
    SUMMARY = "Read Flask-Login's current_user.is_authenticated / is_active / is_anonymous without calling them."
    ORDER = 12
    CATALOGUE = (
        LegacyForm(
            "`current_user.is_authenticated()`, `is_active()`, `is_anonymous()`",
            "`current_user.is_authenticated` (a property)", "", "Flask-Login 0.3", "safe",
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """``current_user`` and one of the flags are spelled, or a class that sets Flask-Login
        up (``LoginManager``, ``Security``)."""
        return ("current_user" in source and any(flag in source for flag in FLAGS)) or any(
            name in source for name in SETUP_NAMES
        )

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A call of one of the flags with no arguments on what may be ``current_user``
        (``current_user.is_active()``, however imported), or a call of a name or attribute
        named like a class that sets Flask-Login up."""
        return _calls_a_flag(tree) or any(
            (call.func.attr if type(call.func) is ast.Attribute else getattr(call.func, "id", "")) in SETUP_NAMES
            for call in facts(tree).calls
        )

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """A module that calls a flag is rewritten or reported; one that only sets Flask-Login
        up is reported on only where a template of the project calls a flag and the project's
        Flask-Login has the properties (the same answers its plan asks, once per project)."""
        return _calls_a_flag(tree) or (
            bool(template_calls(ctx)) and not allows_below(ctx, "flask-login", PROPERTIES_SINCE)
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return self.planned(_Planner, module, ctx)


def _calls_a_flag(tree: ast.Module) -> bool:
    """Whether ``tree`` calls one of the flags with no arguments on what may be Flask-Login's
    ``current_user`` (``current_user.is_active()``): the receiver's spelling, or the spelling
    with its first name replaced by what an import binds to it, is one of ``CURRENT_USER``
    (the planner's test, ``_Planner._flag_call``, on LibCST's qualified names). Not
    ``g.current_user.is_authenticated()`` nor ``user.is_active()``: the planner leaves the
    flags of other objects alone, and says nothing of them."""
    found = facts(tree)  # (its one walk of the module's expressions serves every gate)
    for call in found.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr in FLAGS and not call.args and not call.keywords:
            if not found.qualified(func.value).isdisjoint(CURRENT_USER):
                return True
    return False


class _Planner(ImportPlanner):
    def plan_module(self) -> None:
        every = nodes_of(self.names.module, cst.Call)
        calls = [call for call in every if self._flag_call(call)]
        setup = next((call for call in every if self._sets_up(call)), None)
        if setup is not None:
            self._templates(setup)
        if not calls:
            return
        why = self._held_back()
        for call in calls:
            assert isinstance(call.func, cst.Attribute)
            if why is not None:
                self.ctx.finding(
                    call,
                    f"current_user.{call.func.attr.value} is a property since Flask-Login 0.3 (calling it raises "
                    f"TypeError): not rewritten, {why}",
                )
                continue
            self.plan.edits.replace_node(call, call.func.with_changes(lpar=call.lpar, rpar=call.rpar))
            self.plan.rewrites += 1

    def _flag_call(self, call: cst.Call) -> bool:
        func = call.func
        if call.args or not isinstance(func, cst.Attribute) or func.attr.value not in FLAGS:
            return False
        found = self.names.qualified(func.value)
        return bool(found) and found <= CURRENT_USER and not self.names.guarded(call)

    def _held_back(self) -> str | None:
        """Why the calls stay (None: they can go)."""
        older = older_release(self.ctx, "flask-login", PROPERTIES_SINCE)
        if older is not None:
            return f"{older.describe('Flask-Login', PROPERTIES_SINCE)}, where the flags are methods"
        return self._plain_flag()

    def _plain_flag(self) -> str | None:
        plain = first_plain_flag(self.ctx, self.names.module.code)
        if plain is not None:
            return (
                f"{plain.where()} is a plain method: current_user may be that class, and without the call its flag "
                "is a bound method, always true (every visitor would pass); make it a @property first"
            )
        return None

    def _sets_up(self, call: cst.Call) -> bool:
        """``call`` constructs Flask-Login's LoginManager (or Flask-Security's Security)."""
        func = call.func
        spelled = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if spelled not in SETUP_NAMES:  # (no lookup for the other calls of the module)
            return False
        return bool(self.names.qualified(func) & SETUP_CLASSES) and not self.names.guarded(call)

    def _templates(self, setup: cst.Call) -> None:
        """One finding per template that calls a flag, on the construction that sets up the
        context processor giving templates their current_user; none where the project's
        Flask-Login may be older than 0.3 (the calls work there)."""
        if allows_below(self.ctx, "flask-login", PROPERTIES_SINCE):
            return
        found = template_calls(self.ctx)
        if not found:
            return
        plain = self._plain_flag()
        fix = f"{plain}, then drop the ()" if plain is not None else "drop the () there by hand"
        for template in found:
            self.ctx.finding(
                setup,
                f"{template.describe()}: the flags are properties since Flask-Login 0.3 (its anonymous user's too), so "
                f"the page raises TypeError when it renders for an anonymous visitor; templates are not rewritten: {fix}",
            )
