"""gunicorn-config: the scripts a Docker image runs as its entrypoint, and the compose
services that mount the project folder but never start gunicorn (for
``_gunicorn_config_image``).

A script of the project that starts gunicorn (``services/web/entry.sh``) starts it in the
image a Dockerfile builds when the last stage's ``ENTRYPOINT`` or ``CMD`` runs it by its path
in the image (``ENTRYPOINT /srv/services/web/entry.sh``, ``CMD ["bash", "entry.sh"]`` after
``WORKDIR``) and a plain ``COPY`` of that stage is what brings the script there.

A compose service that mounts the folder into its container (``- ./:/srv``) puts a new
``gunicorn.conf.py`` in it; gunicorn still never reads it there when the service builds that
image, runs its own entrypoint (no ``command:`` nor ``entrypoint:``), and sets in its
``environment:`` a variable the script's ``if`` tests to another literal than the one every
start of gunicorn in the script runs under (``MODE=development`` where gunicorn starts only
``if [ "$MODE" = "production" ]``).
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ._command_lines import command_words, logical_lines, service_blocks
from ._gunicorn_config_launch import read_launches
from ._gunicorn_config_shell_guards import guards

_FROM = re.compile(r"(?i)^FROM\s")
_WORKDIR = re.compile(r"(?i)^WORKDIR\s+(.*)$")
_RUNS = re.compile(r"(?i)^(ENTRYPOINT|CMD)\s+(.*)$")
_SHELLS = frozenset({"sh", "bash", "/bin/sh", "/bin/bash", "/usr/bin/env", "exec", "dumb-init", "tini", "--"})
# ``build: .`` / ``build: ./`` or a ``context: .`` under ``build:``
_BUILDS_HERE = re.compile(r"""(?m)^\s*(?:build|context)\s*:\s*["']?\./?["']?\s*$""")
_OWN_COMMAND = re.compile(r"(?m)^\s*(?:command|entrypoint)\s*:")
# a compose volume that mounts the folder itself: ``- .:/app``, ``- ./:/srv``, or in the long
# syntax ``source: .``
_MOUNTS_FOLDER = re.compile(r"""(?m)^[ \t]*(?:-[ \t]*["']?\./?:|(?:-[ \t]*)?source[ \t]*:[ \t]*["']?\./?["']?[ \t]*$)""")


def entrypoint_programs(dockerfile: str) -> list[str]:
    """The absolute paths in the image of the programs the last stage's ``ENTRYPOINT`` and
    ``CMD`` run (a shell or init wrapper in front skipped); [] when one cannot be told."""
    runs: dict[str, str | None] = {}
    for line, workdir in stage_lines(dockerfile):
        if line is None:
            runs = {}
            continue
        run = _RUNS.match(line)
        if run is not None:
            runs[run.group(1).upper()] = _program(run.group(2), workdir)
    return [path for path in runs.values() if path is not None]


def stage_lines(dockerfile: str) -> Iterator[tuple[str | None, str | None]]:
    """(instruction, the folder it runs in: None when not known) for each instruction of a
    Dockerfile but ``FROM`` and ``WORKDIR``; ``(None, "/")`` where a ``FROM`` starts a stage."""
    workdir: str | None = "/"
    for _, line in logical_lines(dockerfile, "Dockerfile"):
        if _FROM.match(line):
            workdir = "/"
            yield None, workdir
            continue
        moved = _WORKDIR.match(line)
        if moved is None:
            yield line, workdir
            continue
        value = moved.group(1).strip().strip("\"'")
        known = "$" not in value and (value.startswith("/") or workdir is not None)
        workdir = posixpath.normpath(posixpath.join(workdir or "/", value)) if known else None


def _program(arguments: str, workdir: str | None) -> str | None:
    words = command_words(arguments)
    shell = False
    while words and (words[0] in _SHELLS or words[0].startswith("-")):
        if words[0] == "-c":
            return None  # a command string: not one program
        shell = shell or words[0] in ("sh", "bash", "/bin/sh", "/bin/bash")
        words = words[1:]
    if not words or "$" in words[0]:
        return None
    program = words[0]
    if program.startswith("/"):
        return posixpath.normpath(program)
    if ("/" not in program and not shell) or workdir is None:
        return None  # found on PATH, or the folder is not known
    return posixpath.normpath(posixpath.join(workdir, program))


def starts_in(script: str, source: str) -> list[dict[str, str]]:
    """For each line of the script that starts gunicorn, what its ``if`` tests require."""
    return guards(script, source, lambda line: "gunicorn" in line and any(l.starts for l in read_launches(line, source)[1]))


def never_starts_there(service: str, requirements: list[dict[str, str]]) -> bool:
    """Whether a compose ``service`` (its text) that runs the image built here leaves out
    every start of gunicorn: each requires a variable the service sets to another literal."""
    if not requirements or _BUILDS_HERE.search(service) is None or _OWN_COMMAND.search(service):
        return False
    environment = _environment(service)
    return all(
        any(name in environment and environment[name] != value for name, value in requirement.items())
        for requirement in requirements
    )


def mounts_folder(compose: str) -> bool:
    """Whether the text (a compose file, or one service of it) mounts the folder."""
    return _MOUNTS_FOLDER.search(compose) is not None


def mounting_services(compose: str) -> list[str]:
    return [service for service in service_blocks(compose) if mounts_folder(service)]


def _environment(service: str) -> dict[str, str]:
    """The literal values the service's ``environment:`` sets (``- X=v`` or ``X: v``); a value
    taken from the host (``${X}``) is left out."""
    lines = service.splitlines()
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if line.strip() != "environment:":
            continue
        indent = len(line) - len(line.lstrip())
        for entry in lines[index + 1 :]:
            if entry.strip() and len(entry) - len(entry.lstrip()) <= indent:
                break
            matched = re.match(r"""^\s*(?:-\s*)?["']?(\w+)\s*(?:=|:\s)\s*(["']?)([^"'\s#$]*)\2\s*$""", entry)
            if matched is not None and matched.group(3):
                found[matched.group(1)] = matched.group(3)
    return found
