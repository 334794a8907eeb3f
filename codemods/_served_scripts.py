"""Whether a module under a folder of helper scripts (a top-level ``bin/``, ``scripts/``:
``_code_kinds.is_helper_script``) is part of the service the project deploys, and so reports
findings as the application does.

Such a folder holds the project's tools (a release script, a maintenance job, a client
example), whose findings ask nothing of the served app. Some projects keep the served app
there too: a deployment file of the project (a Dockerfile, a Procfile, a compose file, a
systemd unit, supervisor's or App Engine's configuration) starts the service with
``bin/srv.py``, which imports ``bin/app.py`` — in the command that starts it, not in a build
step, a release step or a health check (a script the image runs while it is built is still
a tool). Such a module is the application: one a deployment file names by its path from
the project root, and one of its folder that such a module imports (the folder is on
``sys.path`` when the script runs: ``from app import app``; ``from .app import app`` or
``from . import app`` in a package; anywhere in the script, as ``_project_imports`` reads
imports). A script no deployment file runs stays a tool, whatever it creates (a client
example's own Flask app).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Callable

from ._project_imports import ProjectImports

# files that say how the project is deployed
_DEPLOYMENT_FILES = re.compile(
    r"(?i)(^|/)(Dockerfile[^/]*|[^/]*\.dockerfile|Procfile[^/]*|[^/]*compose[^/]*\.ya?ml|app\.ya?ml|[^/]*\.service|"
    r"supervisord[^/]*|fly\.toml)$"
)
_MAX_DEPLOYMENT_CHARS = 200_000


def serves_the_app(listing: Any, read_file: Callable[[str], str | None]) -> bool:
    """Whether the module ``listing.this`` (``listing``: ``ctx.project_files()``, a
    ``ProjectFiles`` or None) is run by a deployment file of the project, or
    imported by a module of its folder that one runs (files read through ``read_file``,
    relative to the module's folder)."""
    if listing is None:
        return False
    deployment = [
        _service_commands(path, text)
        for path in listing.every_file
        if _DEPLOYMENT_FILES.search(path)
        and (text := read_file(listing.relative(path))) is not None
        and len(text) <= _MAX_DEPLOYMENT_CHARS
    ]
    if not deployment:
        return False
    if _named(listing.this, deployment):
        return True
    folder = posixpath.dirname(listing.this)
    imports = ProjectImports(_Reader(listing, read_file))
    return any(
        posixpath.dirname(path) == folder and path != listing.this and _named(path, deployment) and listing.this in imports.imports(path)
        for path in listing.files
    )


class _Reader:
    """The project as ``ProjectImports`` reads it: the listing, and ``read_file``."""

    def __init__(self, listing: Any, read_file: Callable[[str], str | None]) -> None:
        self._listing = listing
        self.read_file = read_file

    def project_files(self) -> Any:
        return self._listing


def _service_commands(path: str, text: str) -> str:
    """The lines of a deployment file that start the service: a Dockerfile's ``CMD`` and
    ``ENTRYPOINT`` (not a ``RUN`` of the build nor a ``HEALTHCHECK``), a compose service's or
    App Engine's ``command:``/``entrypoint:``, a unit's ``ExecStart=``, supervisor's
    ``command=``, a Procfile's processes but its ``release:`` step, fly.toml but its
    ``release_command``."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.startswith("dockerfile") or name.endswith(".dockerfile"):
        kept = re.compile(r"(?i)^\s*(CMD|ENTRYPOINT)\b")
    elif name.startswith("procfile"):
        return re.sub(r"(?im)^\s*release\s*:.*$", "", text)
    elif name == "fly.toml":
        return re.sub(r"(?im)^\s*release_command\s*=.*$", "", text)
    elif name.endswith(".service"):
        kept = re.compile(r"^\s*ExecStart\s*=")
    elif name.startswith("supervisord"):
        kept = re.compile(r"^\s*command\s*=")
    else:  # compose files, app.yaml
        kept = re.compile(r"^\s*(command|entrypoint)\s*:")
    return "\n".join(line for line in re.sub(r"\\\r?\n", " ", text).splitlines() if kept.match(line))


def _named(path: str, texts: list[str]) -> bool:
    """Whether one of ``texts`` names ``path`` (from the project root) as a whole word."""
    pattern = re.compile(rf"(?<![\w/.-])(?:\./)?{re.escape(path)}(?![\w/.-])")
    return any(pattern.search(text) for text in texts)
