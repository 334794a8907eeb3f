"""The distribution a requirement given by where its code lives names (a URL, a path: ``-e
git+https://github.com/pallets/flask.git``, ``https://.../Flask-SQLAlchemy-2.5.1.tar.gz``),
where it names one plainly; for ``_dependency_files``, which reads such a line without an
``#egg=`` as a checkout of what this names. Pure."""

from __future__ import annotations

import re

# The repositories of the distributions the codemods ask about (owner/name on GitHub, in lower
# case): an archive or a clone of one of them is that distribution. A repository not listed
# names nothing: a fork or a namesake may hold anything.
KNOWN_HOMES = {
    "pallets/flask": "flask",
    "mitsuhiko/flask": "flask",
    "pallets/werkzeug": "werkzeug",
    "pallets/jinja": "jinja2",
    "pallets/markupsafe": "markupsafe",
    "pallets-eco/flask-sqlalchemy": "flask-sqlalchemy",
    "pallets/flask-sqlalchemy": "flask-sqlalchemy",
    "mitsuhiko/flask-sqlalchemy": "flask-sqlalchemy",
    "sqlalchemy/sqlalchemy": "sqlalchemy",
    "zzzeek/sqlalchemy": "sqlalchemy",
    "wtforms/wtforms": "wtforms",
    "pallets-eco/wtforms": "wtforms",
    "wtforms/flask-wtf": "flask-wtf",
    "pallets-eco/flask-wtf": "flask-wtf",
    "lepture/flask-wtf": "flask-wtf",
    "maxcountryman/flask-login": "flask-login",
    "pallets-eco/flask-caching": "flask-caching",
    "sh4nks/flask-caching": "flask-caching",
    "thadeusb/flask-cache": "flask-cache",
    "theskumar/python-dotenv": "python-dotenv",
    "benoitc/gunicorn": "gunicorn",
}
# a repository's address on GitHub: its page, a clone (``.git``), an archive (``/archive/``,
# codeload's ``/tar.gz/``)
_GITHUB = re.compile(r"(?:[a-z+]*://)?(?:www\.|codeload\.)?github\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?(?:[/@#?]|$)", re.IGNORECASE)
# a source distribution's or a wheel's file name: the name, a dash, a version (digits first)
_DISTRIBUTION_FILE = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9._-]*?)-[0-9][A-Za-z0-9.!+_]*(?:-[^/]*\.whl|\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|zip))$"
)


def named_by_location(location: str) -> str | None:
    """The distribution a requirement given by where its code lives (a URL, a path) names
    plainly: the repository of a known project (``KNOWN_HOMES``), or a source or wheel file
    named as a release (``Flask-SQLAlchemy-2.5.1.tar.gz``); None elsewhere. Never its release:
    a tag, a branch, a file's version may be anything, so it is a checkout (some release)."""
    github = _GITHUB.match(location)
    known = KNOWN_HOMES.get(f"{github.group(1)}/{github.group(2)}".lower()) if github is not None else None
    if known is not None:
        return known
    last = re.split(r"[#?]", location, maxsplit=1)[0].rstrip("/").rsplit("/", 1)[-1]
    named = _DISTRIBUTION_FILE.fullmatch(last)
    return named.group(1) if named is not None else None
