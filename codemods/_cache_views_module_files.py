"""cache-views: the files a qualified name of a project module may start in.

The planner (``_cache_views_project``), the gates and the module reach (``_cache_views_module_reach``)
all find a name's candidate files here: a relative name from the module's own package, an absolute
one from its folder or up to ``MAX_LEVELS`` folders above it; a library's name has none.
"""

from __future__ import annotations

import posixpath
from sys import stdlib_module_names

MAX_LEVELS = 3  # folders above the module where an absolute import may start
_LIBRARIES = frozenset(stdlib_module_names) | {
    "flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "sqlalchemy", "wtforms", "requests",
    "celery", "redis", "pytest", "six", "yaml", "markdown", "bleach", "pygments", "dateutil", "pytz", "babel",
}


def module_files(folder: str, dotted: str) -> list[tuple[str, int]]:
    """Candidate files for the modules a qualified name of a module in ``folder`` may start
    with, longest first: (path, number of name parts it covers). Empty for a library's name."""
    level = len(dotted) - len(dotted.lstrip("."))
    parts = [p for p in dotted[level:].split(".") if p]
    if level:
        bases = [posixpath.join(folder, "../" * (level - 1))]
    elif not parts or parts[0] in _LIBRARIES:
        return []
    else:
        bases = [posixpath.join(folder, "../" * up) for up in range(MAX_LEVELS + 1)]
    files: list[tuple[str, int]] = []
    for covered in range(len(parts), -1, -1):
        if covered == 0 and not level:
            break
        for base in bases:
            stem = posixpath.join(base, *parts[:covered]) if covered else base
            if covered:
                files.append((posixpath.normpath(stem + ".py"), covered))
            files.append((posixpath.normpath(posixpath.join(stem, "__init__.py")), covered))
    return files
