"""gunicorn-config: another WSGI server that the project's own deployment files show serving
the app (Apache mod_wsgi, uWSGI, waitress, mod_wsgi-express).

gunicorn reads ``gunicorn.conf.py`` only when gunicorn starts the app. A runtime requirement
(``gunicorn`` in a frozen ``requirements.txt``) says that it may; a vhost with
``WSGIScriptAlias``, a ``[uwsgi]`` section or a ``uwsgi --ini`` command says that something
else does. The codemod asks this only when no command of the project starts gunicorn.

Read: the files ``_gunicorn_config_project.SCRIPT_FILES`` names (scripts, units, INI and
supervisor files, Procfiles, Dockerfiles, compose and YAML files, ``.conf`` files such as an
Apache vhost), application folders only: a ``docs/`` or ``examples/`` file shows how
someone else may deploy it, not how the project does.
"""

from __future__ import annotations

import re

from ._base import Context
from ._gunicorn_config_launch import NOT_A_LAUNCH, SEPARATORS, command_words, logical_lines
from ._gunicorn_config_project import SCRIPT_FILES
from ._project_answers import remembered
from ._project_view import project_texts

# commands that start another WSGI server -> its name
_COMMANDS = {"uwsgi": "uWSGI", "waitress-serve": "waitress", "mod_wsgi-express": "mod_wsgi-express"}
_COMMAND_WORD = re.compile(r"(?<![\w.-])(uwsgi|waitress-serve|mod_wsgi-express)(?![\w-])")
# configuration that makes a server run a WSGI app: Apache's mod_wsgi (directive names are
# case-insensitive), a uWSGI INI section, nginx handing requests to uWSGI
_CONFIGURATION = (
    (re.compile(r"(?im)^[ \t]*(WSGIScriptAlias(?:Match)?)[ \t]"), "Apache mod_wsgi"),
    (re.compile(r"(?m)^[ \t]*(\[uwsgi\])[ \t]*$"), "uWSGI"),
    (re.compile(r"(?m)^[ \t]*(uwsgi_pass)[ \t]"), "uWSGI"),
)
_CANDIDATES = re.compile(r"(?i)WSGIScriptAlias|uwsgi|waitress-serve|mod_wsgi-express")
# files that list packages (``uwsgi = "^2"``, ``install_requires``): a server installed is not one serving
_DEPENDENCY_FILES = re.compile(r"(^|/)(pyproject\.toml|setup\.cfg|tox\.ini)$")
# an argument that is a version requirement (``uwsgi >= 2``), not one the server is given
_VERSION = ("=", "<", ">", "~", "!", "^")


def another_server(ctx: Context) -> str | None:
    """``"uWSGI (deploy/uwsgi.ini:1: [uwsgi])"``: the first file of the project's deployment
    files that shows a WSGI server other than gunicorn serving an app, or None. Kept per
    project (``_project_answers``)."""
    def derive(reader) -> str | None:
        for path, text in project_texts(reader, SCRIPT_FILES):
            if _CANDIDATES.search(text) and not _DEPENDENCY_FILES.search(path):
                found = server_in(text, path)
                if found is not None:
                    return found
        return None

    return remembered(ctx, ("another-wsgi-server",), derive)


def server_in(text: str, source: str) -> str | None:
    """How ``text`` (the file ``source``) shows another WSGI server serving an app: its
    configuration (a directive at the start of a line: a comment does not count), or a
    command that starts it (not one that installs it: ``pip install uwsgi``)."""
    for pattern, server in _CONFIGURATION:
        match = pattern.search(text)
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            return f"{server} ({source}:{line}: {match.group(1)})"
    for _line, command in logical_lines(text, source):
        if _COMMAND_WORD.search(command):
            started = _started(command_words(command))
            if started is not None:
                return f"{_COMMANDS[started]} ({source}: {started} command)"
    return None


def _started(words: list[str]) -> str | None:
    """The server a command line starts, when one of its commands is a server's, given at
    least one argument (``uwsgi --ini app.ini``; not a Makefile's ``.PHONY: uwsgi``)."""
    segment: list[str] = []
    for word in words + [";"]:
        bare = word.rstrip(";")
        if word not in SEPARATORS and bare == word:
            segment.append(word)
            continue
        if bare and word not in SEPARATORS:
            segment.append(bare)
        for position, token in enumerate(segment):
            if " " in token.strip() and _COMMAND_WORD.search(token):  # sh -c "uwsgi ..."
                nested = _started(command_words(token))
                if nested is not None:
                    return nested
                continue
            program = token.rsplit("/", 1)[-1]
            if program in _COMMANDS and position + 1 < len(segment) and not segment[position + 1].startswith(_VERSION):
                if not any(earlier in NOT_A_LAUNCH for earlier in segment[:position]):
                    return program
        segment = []
    return None
