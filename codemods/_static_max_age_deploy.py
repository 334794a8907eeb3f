"""static-max-age: whether the max-age would reach a browser in production — the app is
deployed behind a WSGI server, and no web server of the project serves its static folder
in Flask's stead.

A development server (``app.run(debug=True)``, ``flask run``) has no production to speed up,
and an hour's caching of the stylesheet a developer edits only gets in the way. Where nginx
(``location /static``, a ``root``/``alias`` into the static folder), Apache
(``Alias /static``) or WhiteNoise serves the static files, Flask's static route is never
reached and the setting changes nothing.
"""

from __future__ import annotations

import re

from ._base import Context
from ._command_lines import SCRIPT_FILES
from ._project_answers import remembered
from ._project_view import application_modules, first_import, project_texts
from ._wsgi_servers import CONFIGURATION_FILES, deployed_by

# web-server directives that serve the static files themselves (a comment does not count):
# nginx's location for /static, or its root or alias into a static folder; Apache's Alias
_SERVES_STATIC = (
    re.compile(r"(?m)^[ \t]*location[ \t]+(?:[=~^*]+[ \t]*)?[\"']?\^?/static(?![\w-])[^\n]*"),
    re.compile(r"(?m)^[ \t]*(?:root|alias)[ \t]+[^;\n]*/static(?:/[^;\n]*)?;"),
    re.compile(r"(?im)^[ \t]*Alias(?:Match)?[ \t]+[\"']?\^?/static(?![\w-])[^\n]*"),
)
_CANDIDATE = re.compile(r"/static\b")
_WHITENOISE = re.compile(r"\bwhitenoise\b")


def not_deployed_reason(ctx: Context) -> str | None:
    """Why the max-age would not reach a browser in production, or None when the project
    shows a WSGI server serving the app and nothing serving its static files in Flask's
    stead. None as well when the project's files are unknown (a text on its own)."""
    if ctx.project_files() is None:
        return None
    if deployed_by(ctx) is None:
        return (
            "nothing in the project deploys the app behind a WSGI server (no gunicorn, uWSGI, waitress or "
            "mod_wsgi command or configuration, Procfile, Dockerfile, compose file, systemd unit, app.yaml or "
            "wsgi.py): a development server has no production to speed up"
        )
    served = static_served_elsewhere(ctx)
    if served is not None:
        return f"the project's web server serves the static files itself ({served}): Flask's static route is not reached"
    return None


def static_served_elsewhere(ctx: Context) -> str | None:
    """``"docker/nginx.conf:21: root /srv/app/static;"``: the first place where the project's
    own files have a web server or WhiteNoise serve static files, or None. Kept per project."""
    def derive(reader) -> str | None:
        for names in (SCRIPT_FILES, CONFIGURATION_FILES):
            for path, text in project_texts(reader, names):
                if not _CANDIDATE.search(text):
                    continue
                for directive in _SERVES_STATIC:
                    match = directive.search(text)
                    if match is not None:
                        line = text.count("\n", 0, match.start()) + 1
                        return f"{path}:{line}: {match.group(0).strip()}"
        for path, text in application_modules(reader, _WHITENOISE):
            imported = first_import(text, ("whitenoise",))
            if imported is not None:
                return f"{path}:{imported[0]}: WhiteNoise"
        return None

    return remembered(ctx, ("static-files-served-by-a-web-server",), derive)

