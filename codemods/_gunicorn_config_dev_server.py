"""gunicorn-config: why no gunicorn.conf.py is written for a project where no command starts
gunicorn (only a requirement names it, or a Dockerfile only installs it): another WSGI server
serves the app (``_wsgi_servers.another_server``), the project's own commands start it with
Flask's development server, or nothing shows how it is started at all.

A requirement says gunicorn is installed, not which folder it is started in or which options
it is given: nothing shows that anyone reads a new ``gunicorn.conf.py``. A Makefile's ``run:``
target, a start script, a Procfile or a compose service that runs ``flask run`` or ``python
manage.py run`` shows how the project is actually started, and the finding names it.

Read: the project's script-like files (``_command_lines.SCRIPT_FILES``), application code
only. A start is a command whose program is ``flask`` given ``run``, or Python running a
module of the project (``python manage.py run``, ``python3 app.py``, ``python -m flask run``)
with no argument or a server-starting one (``run``, ``runserver``, ``server``, ``serve``);
``python manage.py db upgrade`` starts no server.

A gunicorn start in a script-like file that is none of the launch files the codemod reads
(``docker/start.sh`` run by an image's ``CMD``, a Kubernetes manifest's ``command:``) is named
first: "no command starts it" would be false, though the folder it starts in is still not
told. Its program is gunicorn, with or without arguments (a bare ``exec gunicorn`` reads
``gunicorn.conf.py`` where it starts); a Kubernetes manifest's ``command:`` is named with the
``args:`` of the same container, which Kubernetes runs after it; the project's own gunicorn
settings files are named with it.
"""

from __future__ import annotations

import re

from ._base import Context
from ._command_lines import NOT_A_LAUNCH, SCRIPT_FILES, SEPARATORS, command_words, logical_lines
from ._gunicorn_config_launch import PACKAGE_LIST
from ._project_view import project_texts
from ._wsgi_servers import another_server

_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
_SERVING_ARGUMENTS = frozenset({"run", "runserver", "server", "serve"})
_CANDIDATES = re.compile(r"\b(flask|python[\d.]*)\b")


def not_started(ctx: Context, evidence: str) -> str:
    """Why no gunicorn.conf.py is written, for a project where no command starts gunicorn
    (``evidence``: the file that names it)."""
    server = another_server(ctx)
    if server is not None:
        return f"the app is served by {server}, and no command seen here starts gunicorn (only {evidence} names it)"
    script = script_start(ctx)
    if script is not None:
        path, command = script
        kept = own_config_files(ctx)
        own = f"; the project keeps a gunicorn.conf.py of its own ({', '.join(kept)})" if kept else ""
        return (
            f"{evidence} names gunicorn, and {path} starts it ({command}), but that file is none of the launch files "
            f"read here: which folder it starts in, and with which options, cannot be told{own}"
        )
    start = development_server_start(ctx)
    if start is not None:
        return (
            f"only {evidence} names gunicorn, and the project starts the app with the development server "
            f"({start}); no command seen here starts gunicorn"
        )
    return (
        f"{evidence} names gunicorn, but no command seen here starts it (a Procfile, Dockerfile, compose "
        "file, script or unit of the project): which folder it starts in, and with which options, cannot be told"
    )


def script_start(ctx: Context) -> tuple[str, str] | None:
    """``("docker/start.sh", "exec /app/venv/bin/gunicorn")``: the first command of the
    project's script-like files (not its package and settings manifests) whose program is gunicorn (after ``exec``, ``env`` or
    variables set for it), with or without arguments, or None. A gunicorn given no argument
    still starts: it reads ``gunicorn.conf.py`` (its ``wsgi_app``) and ``GUNICORN_CMD_ARGS``."""
    for path, text in project_texts(ctx, SCRIPT_FILES):
        if "gunicorn" not in text or _MANIFESTS.search(path):
            continue
        for line, command in logical_lines(text, path):
            if PACKAGE_LIST.match(line):
                continue
            for segment in _segments(command_words(command)):
                start = _gunicorn_start(segment)
                if start is not None:
                    return path, " ".join(segment + _manifest_args(text, path, line))
    return None


_YAML = re.compile(r"(?i)\.ya?ml$")
_COMMAND_KEY = re.compile(r"^\s*(?:-\s+)?command:")
_ARGS_KEY = re.compile(r"^(\s*)args:\s*(.*)$")


def _manifest_args(text: str, path: str, line: str) -> list[str]:
    """The ``args:`` a Kubernetes manifest gives the container whose ``command:`` is ``line``
    (Kubernetes runs the command with them after it): the sibling key of the same mapping, a
    flow list (``["-w", "2"]``) or a block list of plain words; none where there is no such
    key, or where a template computes a word (``{{ .Values.app }}``)."""
    if not _YAML.search(path):
        return []
    lines = text.splitlines()
    at = next((i for i, raw in enumerate(lines) if raw.strip() == line and _COMMAND_KEY.match(raw)), None)
    if at is None:
        return []
    indent = lines[at].index("command:")  # the key's column
    for index in range(at + 1, len(lines)):
        raw = lines[index]
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        column = len(raw) - len(raw.lstrip(" "))
        if column < indent or (column == indent and raw.lstrip().startswith("-")):
            return []  # the mapping ended: another container, or a key above
        args = _ARGS_KEY.match(raw) if column == indent else None
        if args is None:
            continue
        words = command_words(args.group(2)) if args.group(2).startswith("[") else _block_list(lines[index + 1 :], indent)
        return [] if any("{{" in word or "}}" in word for word in words) else words
    return []


def _block_list(lines: list[str], indent: int) -> list[str]:
    """The plain items of a YAML block list under a key at column ``indent``."""
    words: list[str] = []
    for raw in lines:
        if not raw.strip():
            continue
        item = raw.strip()
        if len(raw) - len(raw.lstrip(" ")) < indent or not item.startswith("- "):
            break
        words.append(item[2:].strip().strip("\"'"))
    return words


def _gunicorn_start(segment: list[str]) -> int | None:
    """Where in ``segment`` a command whose program is gunicorn begins, or None."""
    for position, word in enumerate(segment):
        if word not in _LEADING and not _ASSIGNMENT.match(word):
            key = segment[position + 1 : position + 2] and segment[position + 1].startswith("=")  # TOML's gunicorn = "^22"
            return position if _program(word) == "gunicorn" and not key else None
    return None


# files that list packages or settings, not commands (pyproject.toml, setup.cfg, tox.ini, package.json)
_MANIFESTS = re.compile(r"(?i)\.(toml|json|cfg)$|(^|/)tox\.ini$")
# words that may come before a command's program: the shell's, and variables set for it
_LEADING = frozenset({"exec", "env", "nohup"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
# the names gunicorn's own settings file goes by in a project (gunicorn reads the first by itself)
_CONFIG_NAMES = frozenset({"gunicorn.conf.py", "gunicorn_config.py", "gunicorn_conf.py", "gunicorn_cfg.py"})


def own_config_files(ctx: Context) -> list[str]:
    """The project's files named as gunicorn's settings files are (``docker/gunicorn.conf.py``)."""
    listing = ctx.project_files()
    return [path for path in listing.every_file if path.rsplit("/", 1)[-1] in _CONFIG_NAMES] if listing is not None else []


def development_server_start(ctx: Context) -> str | None:
    """``"Makefile: python manage.py run"``: the first command of the project's script-like
    files that starts the app with the development server, or None."""
    for path, text in project_texts(ctx, SCRIPT_FILES):
        if not _CANDIDATES.search(text):
            continue
        for _line, command in logical_lines(text, path):
            for segment in _segments(command_words(command)):
                start = _dev_server_start(segment)
                if start is not None:
                    return f"{path}: {' '.join(segment[start:])}"
    return None


def _segments(words: list[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for word in words:
        bare = word.rstrip(";")
        if word in SEPARATORS:
            segments.append([])
            continue
        if bare:
            segments[-1].append(bare)
        if bare != word:
            segments.append([])
    return [segment for segment in segments if segment]


def _dev_server_start(segment: list[str]) -> int | None:
    """Where in ``segment`` (one command's words) a development server start begins, or None."""
    programs = [i for i, word in enumerate(segment) if _program(word) in ("flask", "python")]
    if not programs or any(word in NOT_A_LAUNCH for word in segment[: programs[0]]):
        return None
    position = programs[0]
    program, rest = _program(segment[position]), segment[position + 1 :]
    if program == "python":
        if rest[:2] == ["-m", "flask"]:
            rest = rest[2:]
        elif rest and rest[0].endswith(".py"):
            arguments = [word for word in rest[1:] if not word.startswith("-")]
            return position if not arguments or arguments[0] in _SERVING_ARGUMENTS else None
        else:
            return None
    arguments = [word for word in rest if not word.startswith("-")]
    return position if "run" in arguments[:3] else None


def _program(word: str) -> str:
    name = word.rsplit("/", 1)[-1]
    return "python" if _PYTHON.match(name) else name
