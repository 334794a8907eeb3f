"""Which WSGI server the project's own deployment files show serving the app: another one
than gunicorn (Apache mod_wsgi, uWSGI, waitress, mod_wsgi-express), and whether any does
(``deployed_by``: gunicorn too, a server the code imports, a process or container file
that starts the app, a ``wsgi.py``).

gunicorn reads ``gunicorn.conf.py`` only when gunicorn starts the app. A runtime requirement
(``gunicorn`` in a frozen ``requirements.txt``) says that it may; a vhost with
``WSGIScriptAlias``, a ``[uwsgi]`` section, a ``uwsgi --ini`` command, a mod_wsgi script file
(``shop.wsgi``) or Python code that calls ``waitress.serve`` says that something else does.
Asked when no command of the project starts gunicorn, and of any deployment.

Read: the files ``_command_lines.SCRIPT_FILES`` names (scripts, units, INI and
supervisor files, Procfiles, Dockerfiles, compose and YAML files, ``.conf`` files) for the
commands and the directives; for the directives only (a line that starts with one: prose
does not), also the files Apache may be given under any name (``Include``): any file in a
folder of server configuration (``apache/site``, ``deploy/vhost``, ``sites-available/shop``),
``*.vhost`` and the like, and templates of them (``shop.conf.j2``); the ``*.wsgi`` files; the
application modules that import waitress. All of the project's application code only, as
everywhere else: a ``docs/`` or ``examples/`` file shows how someone else may deploy it, a
test how it is tested, not how the project is served.
"""

from __future__ import annotations

import ast
import re

from ._base import APPLICATION, Context, code_kind
from ._command_lines import NOT_A_LAUNCH, SCRIPT_FILES, SEPARATORS, command_words, logical_lines
from ._project_answers import remembered
from ._project_view import application_modules, first_import, parsed, project_texts

# commands that start another WSGI server -> its name
_COMMANDS = {"uwsgi": "uWSGI", "waitress-serve": "waitress", "mod_wsgi-express": "mod_wsgi-express"}
# ... and with gunicorn among them, for whether any WSGI server serves the project
_EVERY_COMMAND = {"gunicorn": "gunicorn", **_COMMANDS}


def _command_word(commands: dict[str, str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.-])(%s)(?![\w-])" % "|".join(re.escape(command) for command in commands))


_OTHERS = (_COMMANDS, _command_word(_COMMANDS))
_ANY = (_EVERY_COMMAND, _command_word(_EVERY_COMMAND))
# configuration that makes a server run a WSGI app: Apache's mod_wsgi (directive names are
# case-insensitive), a uWSGI INI section, nginx handing requests to uWSGI
_CONFIGURATION = (
    (re.compile(r"(?im)^[ \t]*(WSGIScriptAlias(?:Match)?)[ \t]"), "Apache mod_wsgi"),
    (re.compile(r"(?m)^[ \t]*(\[uwsgi\])[ \t]*$"), "uWSGI"),
    (re.compile(r"(?m)^[ \t]*(uwsgi_pass)[ \t]"), "uWSGI"),
)
_CANDIDATES = re.compile(r"(?i)WSGIScriptAlias|uwsgi|waitress-serve|mod_wsgi-express")
# files that may hold server configuration under any name, for the directives only: any file
# (not Python) in a folder of server or deployment configuration, a name with a server's
# suffix, and a template or sample of either
_TEMPLATE = r"(\.(j2|jinja2?|tmpl|tpl|template|erb|in|example|sample|dist))?"
CONFIGURATION_FILES = re.compile(
    r"(?i)(^|/)((apache2?|httpd|nginx|sites-(available|enabled)|vhosts?|conf\.d|deploy(ments?)?|etc|servers?|conf(ig)?)"
    r"/(.+/)?[^/]+(?<!\.py)(?<!\.pyc)|[^/]+\.(vhost|apache2?|httpd|site|conf)" + _TEMPLATE + ")$"
)
# a mod_wsgi script file: Python that Apache loads by its path (gunicorn imports modules by
# name, which a name with this suffix cannot be)
_WSGI_SCRIPT = re.compile(r"(?i)(^|/)[^/]+\.wsgi$")
_WAITRESS = re.compile(r"\bwaitress\b")
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
        for path, text in project_texts(reader, CONFIGURATION_FILES):
            if not SCRIPT_FILES.search(path) and _CANDIDATES.search(text):
                found = _configured(text, path)
                if found is not None:
                    return found
        for path, text in project_texts(reader, _WSGI_SCRIPT):
            if text.strip():
                return f"Apache mod_wsgi ({path}: a mod_wsgi script file)"
        for path, text in application_modules(reader, _WAITRESS):
            line = first_serve_call(text)
            if line is not None:
                return f"waitress ({path}:{line}: waitress.serve call)"
        return None

    return remembered(ctx, ("another-wsgi-server",), derive)


def server_in(text: str, source: str, gunicorn: bool = False) -> str | None:
    """How ``text`` (the file ``source``) shows another WSGI server serving an app: its
    configuration (a directive at the start of a line: a comment does not count), or a
    command that starts it (not one that installs it: ``pip install uwsgi``); with ``gunicorn``,
    a gunicorn command too."""
    servers = _ANY if gunicorn else _OTHERS
    found = _configured(text, source)
    if found is not None:
        return found
    for _line, command in logical_lines(text, source):
        if servers[1].search(command):
            started = _started(command_words(command), servers)
            if started is not None:
                return f"{servers[0][started]} ({source}: {started} command)"
    return None


def _configured(text: str, source: str) -> str | None:
    """The first server configuration directive of ``text`` (at the start of a line)."""
    for pattern, server in _CONFIGURATION:
        match = pattern.search(text)
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            return f"{server} ({source}:{line}: {match.group(1)})"
    return None


def _started(words: list[str], servers: tuple[dict[str, str], re.Pattern[str]]) -> str | None:
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
            if " " in token.strip() and servers[1].search(token):  # sh -c "uwsgi ..."
                nested = _started(command_words(token), servers)
                if nested is not None:
                    return nested
                continue
            program = token.rsplit("/", 1)[-1]
            if program in servers[0] and position + 1 < len(segment) and not segment[position + 1].startswith(_VERSION):
                if not any(earlier in NOT_A_LAUNCH for earlier in segment[:position]):
                    return program
        segment = []
    return None


def first_serve_call(text: str) -> int | None:
    """The line of the first call of ``waitress.serve`` given an app in the module ``text``
    (``serve(app)`` after ``from waitress import serve``, ``w.serve(app)`` after ``import
    waitress as w``), or None. A name counts only when the module binds it nowhere else (a
    ``def serve``, another import): which binding a call sees is then never in doubt."""
    tree = parsed(text)
    if tree is None:
        return None
    bindings: dict[str, set[str]] = {}  # name -> what binds it: "module", "serve" or "other"
    for node in ast.walk(tree):
        for name, what in _bound(node):
            bindings.setdefault(name, set()).add(what)
    modules = {name for name, whats in bindings.items() if whats == {"module"}}
    serves = {name for name, whats in bindings.items() if whats == {"serve"}}
    if not modules and not serves:
        return None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    for call in sorted(calls, key=lambda node: (node.lineno, node.col_offset)):
        function = call.func
        named = isinstance(function, ast.Name) and function.id in serves
        attribute = isinstance(function, ast.Attribute) and function.attr == "serve"
        attribute = attribute and isinstance(function.value, ast.Name) and function.value.id in modules
        if (named or attribute) and (call.args or any(keyword.arg == "app" for keyword in call.keywords)):
            return call.lineno
    return None


def _bound(node: ast.AST) -> list[tuple[str, str]]:
    """The names ``node`` binds, each with what it binds it to: the waitress module, its
    ``serve``, or something else."""
    if isinstance(node, ast.Import):
        return [
            (alias.asname or alias.name.split(".")[0], "module" if alias.name == "waitress" or not alias.asname and alias.name.startswith("waitress.") else "other")
            for alias in node.names
        ]
    if isinstance(node, ast.ImportFrom):
        serve = node.level == 0 and node.module == "waitress"
        return [(alias.asname or alias.name, "serve" if serve and alias.name == "serve" else "other") for alias in node.names]
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return [(node.id, "other")]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [(node.name, "other")]
    if isinstance(node, ast.arg):
        return [(node.arg, "other")]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [(node.name, "other")]
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return [(node.name, "other")]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [(node.rest, "other")]
    return []


# Python modules that serve a WSGI app from within the program (``WSGIServer(("", 80), app)``)
_EMBEDDED_SERVERS = (
    "gunicorn", "waitress", "gevent.pywsgi", "cheroot", "bjoern", "meinheld", "eventlet.wsgi", "tornado.wsgi",
    "twisted.web.wsgi", "cherrypy",
)
_EMBEDDED = re.compile(r"\b(%s)\b" % "|".join(name.split(".")[0] for name in _EMBEDDED_SERVERS))
# files that start the project's own app wherever it is deployed -> the line that shows it: a
# Procfile's web process, a Dockerfile's command, a compose file that builds the project's
# image, a systemd unit's command, App Engine's app.yaml (which starts it under gunicorn)
_STARTING_FILES = (
    (re.compile(r"(^|/)Procfile$"), re.compile(r"(?m)^web:")),
    (re.compile(r"(?i)(^|/)(Dockerfile[^/]*|[^/]+\.dockerfile)$"), re.compile(r"(?im)^[ \t]*(CMD|ENTRYPOINT)\b")),
    (re.compile(r"(?i)(^|/)(docker-)?compose[^/]*\.ya?ml$"), re.compile(r"(?m)^[ \t]+build:")),
    (re.compile(r"(^|/)[^/]+\.service$"), re.compile(r"(?m)^[ \t]*ExecStart=")),
    (re.compile(r"(^|/)app\.ya?ml$"), re.compile(r"(?m)^runtime:[ \t]*python")),
)
_STARTING_FILE = re.compile(r"(?i)(^|/)(Procfile|Dockerfile[^/]*|[^/]+\.dockerfile|(docker-)?compose[^/]*\.ya?ml|[^/]+\.service|app\.ya?ml)$")
# a module that exists for a WSGI server to import the app from
_WSGI_MODULE = re.compile(r"(^|/)wsgi\.py$")


def deployed_by(ctx: Context) -> str | None:
    """``"gunicorn (Procfile: gunicorn command)"``: the first sign in the project's own files
    (application code, no docs or tests) that the app is deployed behind a WSGI server, or
    None. Signs: a command that starts gunicorn, uWSGI, waitress or mod_wsgi-express, or
    another server's configuration (``another_server``); an application module that imports a
    server to serve from within (``gevent.pywsgi``, ``waitress``, ``cheroot`` ...); a
    Procfile's ``web:`` process, a Dockerfile's ``CMD``/``ENTRYPOINT``, a compose file that
    builds the project's image, a systemd unit's ``ExecStart=``, App Engine's ``app.yaml``;
    a ``wsgi.py`` module. Kept per project (``_project_answers``)."""
    def derive(reader) -> str | None:
        for path, text in project_texts(reader, SCRIPT_FILES):
            if _ANY[1].search(text) and not _DEPENDENCY_FILES.search(path):
                found = server_in(text, path, gunicorn=True)
                if found is not None:
                    return found
        found = another_server(reader)
        if found is not None:
            return found
        for path, text in application_modules(reader, _EMBEDDED):
            imported = first_import(text, _EMBEDDED_SERVERS)
            if imported is not None:
                return f"{imported[1]} ({path}:{imported[0]}: imported to serve the app)"
        for path, text in project_texts(reader, _STARTING_FILE):
            for names, starts in _STARTING_FILES:
                match = starts.search(text) if names.search(path) else None
                if match is not None:
                    line = text.count("\n", 0, match.start()) + 1
                    return f"{path}:{line}: {match.group(0).strip()}"
        listing = reader.project_files()
        for path in listing.files if listing is not None else ():
            if _WSGI_MODULE.search(path) and code_kind(path) == APPLICATION:
                return f"{path}: a WSGI entry module"
        return None

    return remembered(ctx, ("deployed-behind-a-wsgi-server",), derive)

