"""gunicorn-config: config the app loads from a file (named at run time, or one this does not
read), which may replace a value it makes anew in each process.

``SECRET_KEY = os.urandom(20)`` in a settings class, then ``app.config.from_envvar("SHOP_SETTINGS",
silent=True)`` in the factory: the file that variable names is read after the class, so a key it
sets is the one every worker gets. Which file that is, and whether it sets the key (a start
script exporting ``SHOP_SETTINGS=$PWD/settings.cfg``, a file setting the key only when the
environment has one), is not known here: the value stays one made per process unless that
file sets it, and the finding says so rather than that it surely is. (A loading above the value's
own line in the same module comes before it: it replaces nothing.) Loaders read: a config's
``from_envvar``, ``from_pyfile``, ``from_file`` and ``from_prefixed_env`` in the project's
application code (the first found), and for ``from_envvar``, the first start script (also one
without an extension: runit's ``run``), env file, Dockerfile or deployment file of the project
that sets the variable.
"""

from __future__ import annotations

import re

from ._base import Context
from ._project_view import application_modules, project_texts

_LOADER = re.compile(r"\.config\.(from_envvar|from_pyfile|from_file|from_prefixed_env)\(")
_SHOWN = 80  # the most characters of arguments a finding shows; a longer call is named by its callee
_FIRST_STRING = re.compile(r"""^\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1""")
# where a start's environment is set: scripts (also without an extension, as runit's and s6's
# ``run``), env files, Dockerfiles, compose and other deployment files
_ENVIRONMENT_FILES = re.compile(
    r"(?i)(^|/)([^/.]+|[^/]+\.(sh|bash|env|ya?ml|ini|cfg|conf|service|toml)|\.env[^/]*|Dockerfile[^/]*|Procfile[^/]*)$"
)


def later_config(ctx: Context, made_at: str) -> str | None:
    """``"from_envvar('SHOP_SETTINGS') at shop/app.py:12, which deploy/run sets"``: the first
    config loading of a file in the project's application code, or None; not
    one above the line of the same module the value is made at (``made_at``: ``path:line: ...``)."""
    made_path, _, rest = made_at.partition(":")
    made_line = int(rest.split(":", 1)[0]) if rest.split(":", 1)[0].isdigit() else 0
    for path, text in application_modules(ctx, _LOADER):
        for found in _LOADER.finditer(text):
            method, written = found.group(1), _arguments(text, found.end())
            line = text.count("\n", 0, found.start()) + 1
            if path == made_path and line < made_line:
                continue  # loaded before the value is made: the value replaces what it set
            arguments = " ".join(written.split()) if written is not None else "..."
            described = f"{method}({arguments if len(arguments) <= _SHOWN else '...'}) at {path}:{line}"
            variable = _FIRST_STRING.match(written) if method == "from_envvar" and written is not None else None
            setter = _sets_variable(ctx, variable.group(2)) if variable is not None else None
            return f"{described}, which {setter} sets" if setter is not None else described
    return None


def _arguments(text: str, start: int) -> str | None:
    """The text of a call's arguments from ``start`` (just after its ``(``) to its own ``)``,
    over lines too, skipping brackets inside strings; None where it does not close in a few
    hundred characters (or a comment or a string runs on: not read)."""
    depth, quote, index = 1, "", start
    while index < len(text) and index - start < 4 * _SHOWN:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote or char == "\n":
                quote = "" if char == quote else quote
                if char == "\n":
                    return None
        elif char in "'\"":
            quote = char
        elif char == "#":
            return None
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return text[start:index]
        index += 1
    return None


def _sets_variable(ctx: Context, variable: str) -> str | None:
    """The first file of ``_ENVIRONMENT_FILES`` of the project that sets ``variable``."""
    setting = re.compile(rf"(?m)(^|[\s;])(export[ \t]+|ENV[ \t]+)?{re.escape(variable)}[ \t]*[=:]")
    for path, text in project_texts(ctx, _ENVIRONMENT_FILES):
        if setting.search(text):
            return path
    return None
