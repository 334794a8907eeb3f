"""flask-login-properties: the project's Jinja templates that call a user flag on
``current_user`` (``{% if current_user.is_authenticated() %}``).

Flask-Login puts ``current_user`` in every template's context (``LoginManager.init_app``
registers the context processor; Flask-Security's ``Security`` makes that LoginManager). Since
Flask-Login 0.3 the flags are properties, and such a template raises ``TypeError: 'bool'
object is not callable`` when it renders. The tool edits Python only, so these calls are
reported, each template file with its lines, on the module that sets Flask-Login up.

A template is read with Jinja2's own lexer (``Environment.lex``): a call counts only in a
``{{ }}`` or ``{% %}`` tag, never in ``{# #}`` comments, ``{% raw %}`` blocks, quoted strings
or the HTML around them; tags of extensions the lexer does not know (``{% assets %}``) are
tokens like any other. A file the lexer rejects is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._flask_login_properties_users import FLAGS
from ._project_answers import remembered

# the classes whose construction sets Flask-Login up for an app (its templates' current_user)
SETUP_CLASSES = frozenset({
    "flask_login.LoginManager",
    "flask_login.login_manager.LoginManager",
    "flask.ext.login.LoginManager",
    "flask_security.Security",
    "flask_security.core.Security",
    "flask.ext.security.Security",
})
SETUP_NAMES = frozenset(name.rsplit(".", 1)[1] for name in SETUP_CLASSES)
TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".tpl", ".txt", ".xml")
_SPELLED = re.compile(r"\b(?:is_authenticated|is_active|is_anonymous)\s*\(")
_SKIPPED = ("whitespace",)


@dataclass(frozen=True)
class TemplateCalls:
    """``path`` (from the project root) calls ``flags`` on current_user at ``lines``."""

    path: str
    flags: tuple[str, ...]
    lines: tuple[int, ...]

    def describe(self) -> str:
        flags = ", ".join(f"current_user.{flag}()" for flag in self.flags)
        where = "line" if len(self.lines) == 1 else "lines"
        return f"{self.path} calls {flags} ({where} {', '.join(str(n) for n in self.lines)})"


def template_calls(ctx: Any) -> tuple[TemplateCalls, ...]:
    """Every template of the project that calls a flag on current_user (once per project)."""
    return remembered(ctx, "flask-login-properties: templates that call a flag", _in_project)


def _in_project(reader: Any) -> tuple[TemplateCalls, ...]:
    listing = reader.project_files()
    if listing is None:
        return ()
    found = []
    for path in listing.every_file:
        if not path.endswith(TEMPLATE_SUFFIXES):
            continue
        text = reader.read_file(listing.relative(path))
        if not text or "current_user" not in text or not _SPELLED.search(text):
            continue
        calls = flag_calls(text)
        if calls:
            flags = tuple(dict.fromkeys(flag for flag, _line in calls))
            lines = tuple(dict.fromkeys(line for _flag, line in calls))
            found.append(TemplateCalls(path, flags, lines))
    return tuple(found)


def flag_calls(text: str) -> list[tuple[str, int]]:
    """(flag, line) for each ``current_user.FLAG()`` with no arguments in a tag of the
    template ``text``; empty when Jinja2's lexer rejects it."""
    from jinja2 import Environment
    from jinja2.exceptions import TemplateSyntaxError

    try:
        tokens = [(line, kind, value) for line, kind, value in Environment().lex(text) if kind not in _SKIPPED]
    except (TemplateSyntaxError, RecursionError):
        return []
    found = []
    for i in range(len(tokens) - 4):
        spelled = [(kind, value) for _line, kind, value in tokens[i : i + 5]]
        if (
            spelled[0] == ("name", "current_user")
            and spelled[1] == ("operator", ".")
            and spelled[2][0] == "name"
            and spelled[2][1] in FLAGS
            and spelled[3] == ("operator", "(")
            and spelled[4] == ("operator", ")")
            and (i == 0 or tokens[i - 1][1:] != ("operator", "."))
        ):
            found.append((spelled[2][1], tokens[i][0]))
    return found
