"""gunicorn-config: what a secret key made anew in each process would break, for the finding's
words. Each worker signing with a key of its own matters where something signed by one is
read by another: Flask's session cookie (and the flash messages kept in it), a CSRF token, a
login's remember cookie, an OAuth state, a serializer given the app's key. sbc-auth-api makes
its key at random where the environment gives none, but keeps no session: its logins are
bearer tokens and its e-mail tokens are signed with a key of their own, so "a session made by
one would be lost in the others" named a loss the app cannot have.

Seen here (``signed_with_key``): an import of Flask's ``session``, ``flash`` or
``get_flashed_messages`` (``flask.session`` after ``import flask`` too), of an extension that
keeps the session or signs with the app's key (Flask-WTF, Flask-Login, Flask-Session ...), a
read of the key (``current_app.secret_key``, ``app.config["SECRET_KEY"]``, ``.get("SECRET_KEY")``)
in the application code, or a template that reads ``session``, the flashed messages or a CSRF
token. An extension not listed may sign with the key too, so the finding does not say that
nothing is lost: only that the app's own code is not seen to sign anything with it.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._project_view import application_modules, first_import, parsed, project_texts

# Flask's names whose values live in the signed session cookie, and extensions that keep the
# session or sign with the app's key
_SIGNED = frozenset(
    {
        "flask.session", "flask.flash", "flask.get_flashed_messages", "flask_wtf", "wtforms.csrf", "flask_login",
        "flask_session", "flask_security", "flask_security_too", "flask_admin", "flask_dance", "flask_oauthlib",
        "authlib.integrations.flask_client", "flask_openid", "flask_oidc", "flask_principal", "flask_seasurf",
        "flask_kvsession", "flask_user", "flask_debugtoolbar", "flask_cas", "flask_saml", "flask_sso", "flask_appbuilder",
        "flask_paranoid",
        # JSON Web Tokens signed with SECRET_KEY where JWT_SECRET_KEY is not set
        "flask_jwt", "flask_jwt_extended",
    }
)
_WORDS = re.compile(
    r"\b(session|flash|get_flashed_messages|secret_key|SECRET_KEY|flask_[a-z_]+|wtforms|authlib)\b"
)
_KEY = frozenset({"secret_key", "SECRET_KEY"})
_TEMPLATES = re.compile(r"(?i)\.(html?|jinja2?|j2|txt|xml)$")
_TEMPLATE_USES = re.compile(r"\bsession\b|\bget_flashed_messages\b|\bcsrf_token\b")
SESSION_LOST = "a session made by one would be lost in the others"


def consequence(ctx: Context, what: str) -> str:
    """The finding's words for what each worker making ``what`` (its secret key) on its own
    breaks: the session where the app is seen to sign anything with the key, or the project's
    files are unknown; else that nothing the app's own code signs is seen."""
    if what != "its secret key" or ctx.project_files() is None or signed_with_key(ctx) is not None:
        return SESSION_LOST
    return (
        "whatever one signs with it would be refused by the others (the app's own code and templates are not "
        "seen to sign anything with it: no session, flash message, CSRF token, login extension or read of the "
        "key; an extension may still)"
    )


def signed_with_key(ctx: Context) -> str | None:
    """``path:line`` (or ``path`` for a template) of the first use of the secret key seen in
    the project's application code and templates, or None."""
    for path, text in application_modules(ctx, _WORDS):
        imported = first_import(text, _SIGNED)
        if imported is not None:
            return f"{path}:{imported[0]}"
        tree = parsed(text)
        line = _key_read(tree) if tree is not None else None
        if line is not None:
            return f"{path}:{line}"
    for path, text in project_texts(ctx, _TEMPLATES):
        if _TEMPLATE_USES.search(text):
            return path
    return None


def _key_read(tree: ast.Module) -> int | None:
    """The line of a read of the key, or of ``flask.session``/``flask.flash``, in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr in _KEY or (
                node.attr in ("session", "flash", "get_flashed_messages")
                and isinstance(node.value, ast.Name)
                and node.value.id == "flask"
            ):
                return node.lineno
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if isinstance(node.slice, ast.Constant) and node.slice.value in _KEY:
                return node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            if any(isinstance(arg, ast.Constant) and arg.value in _KEY for arg in node.args[:1]):
                return node.lineno
    return None
