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
``sys.path`` when the script runs: ``from app import app``; ``from .app import app`` in a
package). A script no deployment file runs stays a tool, whatever it creates (a client
example's own Flask app).
"""

from __future__ import annotations

import ast
import posixpath
import re
from typing import Any, Callable

from ._parsed_modules import python_tree

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
    stem = posixpath.splitext(posixpath.basename(listing.this))[0]
    for path in listing.files:
        if posixpath.dirname(path) != folder or path == listing.this or not _named(path, deployment):
            continue
        text = read_file(posixpath.basename(path))
        tree = python_tree(text) if text is not None else None
        if tree is not None and stem in _sibling_imports(tree):
            return True
    return False


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


def _sibling_imports(tree: ast.Module) -> set[str]:
    """The modules of the file's own folder its top-level imports may name."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if "." not in alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level in (0, 1) and node.module and "." not in node.module:
            names.add(node.module)
    return names
