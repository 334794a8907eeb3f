"""flask-login-properties: read Flask-Login's user flags as the properties they are."""

from __future__ import annotations

import ast

import libcst as cst

from ._base import Context
from ._declared_versions import allows_below
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
      newest).

    Left alone: the flags of other objects (``g.user.is_active()``: not known to be a
    Flask-Login user), calls with arguments, version-guarded code. Templates are not read:
    ``{{ current_user.is_authenticated() }}`` in Jinja fails the same way and needs the same
    edit by hand.
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
        """``current_user`` and one of the flags are spelled."""
        return "current_user" in source and any(flag in source for flag in FLAGS)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A call of one of the flags with no arguments (``x.is_active()``)."""
        return any(
            isinstance(node, ast.Call) and not node.args and not node.keywords
            and isinstance(node.func, ast.Attribute) and node.func.attr in FLAGS
            for node in ast.walk(tree)
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return self.planned(_Planner, module, ctx)


class _Planner(ImportPlanner):
    def plan_module(self) -> None:
        calls = [call for call in nodes_of(self.names.module, cst.Call) if self._flag_call(call)]
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
        if allows_below(self.ctx, "flask-login", PROPERTIES_SINCE):
            return "the project's requirement allows a Flask-Login older than 0.3, where the flags are methods"
        plain = first_plain_flag(self.ctx, self.names.module.code)
        if plain is not None:
            return (
                f"{plain.where()} is a plain method: current_user may be that class, and without the call its flag "
                "is a bound method, always true (every visitor would pass); make it a @property first"
            )
        return None
