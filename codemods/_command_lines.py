"""Command lines in a project's scripts, units, process and container files, read as text:
the files that may hold one, their logical lines (continuations joined, comments left out),
the words of a command (shell words, or a Docker exec form's JSON list), and the services of
a compose file (each with its own command and environment).
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Iterator

# files that may hold a command line: scripts, units, process and container files, Upstart jobs
# (``web.upstart``, and Debian packaging's ``debian/upstart``, which dh_installinit installs)
SCRIPT_FILES = re.compile(
    r"(?i)(^|/)([^/]+\.(sh|bash|ini|conf|cfg|service|ya?ml|toml|json)|Procfile[^/]*|Dockerfile[^/]*|"
    r"[^/]*\.dockerfile|Makefile|Justfile|supervisord[^/]*|(bin|scripts?|deploy|docker|etc)/[^/.]+|"
    r"[^/]+\.upstart|debian/upstart)$"
)
# words before a server's name in a command that make it a package operation, not a launch
NOT_A_LAUNCH = frozenset(
    {"install", "add", "uninstall", "remove", "download", "wheel", "show", "echo", "which", "type", "command", "freeze"}
)
SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
# files read as configparser reads them (supervisor's programs): a key's value goes on over
# the indented lines below it, and ``key=`` or ``key:`` is no part of the command
_INI_FILE = re.compile(r"(?i)(\.(ini|conf|cfg)|(^|/)supervisord[^/]*)$")
_INI_CONTINUATION = re.compile(r"\r?\n[ \t]+(?=[^\s#;])")
_INI_KEY = re.compile(r"^[A-Za-z_][\w.-]*\s*[=:]\s*")


def logical_lines(text: str, source: str) -> Iterator[tuple[str, str]]:
    """(the line, the command line it holds) for each line of ``text`` that is no comment,
    continued lines joined: a backslash at the end (shell, Dockerfile), and in an INI file
    (``source`` ending in ``.ini``, ``.conf``, ``.cfg``) the indented lines below a value, whose
    ``key=`` is no part of the command (supervisor's ``command=...``)."""
    joined = re.sub(r"\\\r?\n", " ", text)  # shell / Dockerfile line continuations
    ini = _INI_FILE.search(source) is not None
    if ini:  # configparser: indented lines continue the value above them
        joined = _INI_CONTINUATION.sub(" ", joined)
    comments = ("#", ";") if ini else ("#",)
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(comments):
            yield stripped, _INI_KEY.sub("", stripped, count=1) if ini else stripped


def split_words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # unbalanced quotes
        return text.split()


def command_words(line: str) -> list[str]:
    """The words of a command line; Docker/compose exec form ``["gunicorn", "-w", "4"]`` too."""
    start, end = line.find("["), line.rfind("]")
    if 0 <= start < end:
        try:
            value = json.loads(line[start : end + 1])
        except ValueError:
            value = None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return value
    return split_words(line)


def service_blocks(compose: str) -> list[str]:
    """The text of each service of a compose file: the lines from one key indented under
    ``services:`` to the next (without ``services:``, the old format, each top-level key)."""
    lines = compose.splitlines(keepends=True)
    start = next((i + 1 for i, line in enumerate(lines) if line.rstrip() == "services:"), None)
    if start is None:
        start, indent = 0, ""
    else:
        first = next((line for line in lines[start:] if line.strip() and not line.lstrip().startswith("#")), "")
        indent = first[: len(first) - len(first.lstrip())]
        if not indent:
            return []
    blocks: list[list[str]] = []
    for line in lines[start:]:
        if line.strip() and not line.lstrip().startswith("#"):
            own_indent = line[: len(line) - len(line.lstrip())]
            if len(own_indent) < len(indent):
                break  # the next top-level key
            if own_indent == indent:
                blocks.append([])
        if blocks:
            blocks[-1].append(line)
    return ["".join(block) for block in blocks]
