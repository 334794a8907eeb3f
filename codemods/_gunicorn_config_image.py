"""gunicorn-config: whether the file it would write reaches the Docker image gunicorn runs in.

gunicorn reads ``./gunicorn.conf.py`` from the folder it starts in; in a container, that is a
folder of the image, which holds what the Dockerfile's ``COPY``/``ADD`` instructions brought
into it. A Dockerfile that copies named files and folders (``COPY server.py ./server.py``,
``COPY static ./static``) leaves a new ``gunicorn.conf.py`` beside it out of the image. That
is said only when nothing is in doubt: every start of gunicorn seen is that Dockerfile's own
(in it, or in a script of the folder its image runs as its entrypoint:
``_gunicorn_config_entrypoint``), each source it copies is a file or folder that exists beside
it (so its build context is that folder), none is the folder itself, a glob, a variable,
another stage's or the file's own name, and no compose service there mounts the folder into a
container where gunicorn may start.

It also tells which file of the folder an absolute path of that image is (``-c
/srv/gunicorn.conf.py``): the one the last ``COPY``/``ADD`` of its last stage onto that path
brings there, when that copy is plain.
"""

from __future__ import annotations

import json
import posixpath
import re

from ._base import Context
from ._command_lines import logical_lines, split_words
from ._gunicorn_config_entrypoint import (
    entrypoint_programs,
    mounting_services,
    mounts_folder,
    never_starts_there,
    stage_lines,
    starts_in,
)
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_launch import COMMAND_FILES, Launch

DOCKERFILE = "Dockerfile"
_COPY = re.compile(r"(?i)^(?:COPY|ADD)\s+(.*)$")


def left_out_of_image(ctx: Context, project: GunicornProject, elsewhere: list[Launch], config: str) -> list[str] | None:
    """The sources the start folder's Dockerfile copies (``["static", "server.py"]``) when
    gunicorn starts only in the image it builds and that image cannot hold a new ``config``
    file of the folder; None when the file may reach gunicorn. ``elsewhere``: the launches
    found outside the command files (their folder is not known)."""
    starts = [launch for launch in project.launches if launch.starts]
    prefix = "../" * project.launch_level
    text = ctx.read_file(prefix + DOCKERFILE)
    if not starts or text is None:
        return None
    requirements = _image_starts(ctx, project, text, starts, elsewhere)
    if requirements is None or _mounted(ctx, prefix, requirements):
        return None
    sources: list[str] = []
    for _, line in logical_lines(text, DOCKERFILE):
        copied = _COPY.match(line)
        if copied is None:
            continue
        named = _named_sources(copied.group(1))
        if named is None:
            return None
        for source in named:
            if source == config or not _exists(ctx, prefix, project.launch_level, source):
                return None
            sources.append(source)
    return list(dict.fromkeys(sources)) or None


def _named_sources(arguments: str) -> list[str] | None:
    """The local sources of one ``COPY``/``ADD`` (URLs and here-documents left out), each
    normalised; None when one may be anything (a glob, a variable, another stage, the
    build context itself)."""
    words = _words(arguments)
    if words is None:
        return None
    flags = [word for word in words if word.startswith("--")]
    if any(flag.startswith("--from") for flag in flags):
        return None
    paths = [word for word in words if not word.startswith("--")]
    if len(paths) < 2:
        return None
    named = []
    for source in paths[:-1]:
        if "://" in source or source.startswith("<<"):
            continue
        if any(character in source for character in "*?[$"):
            return None
        normal = posixpath.normpath(source.lstrip("/") or ".")
        if normal == "." or normal.startswith(".."):
            return None
        named.append(normal)
    return named


def _exists(ctx: Context, prefix: str, level: int, source: str) -> bool:
    """Whether ``source`` is a file or a folder of the start folder (its repository's own
    ``.git`` folder too, which no listing of the project holds)."""
    if ctx.read_file(prefix + source) is not None:
        return True
    if source == ".git":
        return ctx.read_file(prefix + ".git/HEAD") is not None
    listing = ctx.project_files()
    if listing is None:
        return False
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), *([".."] * level), source))
    if folder.startswith(".."):
        return False
    return any(path.startswith(folder + "/") for path in listing.every_file)


def _image_starts(
    ctx: Context, project: GunicornProject, dockerfile: str, starts: list[Launch], elsewhere: list[Launch]
) -> list[dict[str, str]] | None:
    """What each start of gunicorn requires of the environment (``{}``: nothing), when every
    one is the Dockerfile's own or in a script of the folder the image runs as its entrypoint;
    None when one may start elsewhere."""
    outside = {id(launch) for launch in elsewhere}  # their paths are the root's
    if project.root_level != project.launch_level and any(id(launch) in outside for launch in starts):
        return None
    scripts: set[str] = set()
    for program in entrypoint_programs(dockerfile):
        scripts.update(copied_to(dockerfile, program) or ())
    requirements: list[dict[str, str]] = []
    for source in dict.fromkeys(launch.source for launch in starts):
        if source == DOCKERFILE:
            requirements.append({})
            continue
        script = ctx.read_file("../" * project.launch_level + source) if source in scripts else None
        if script is None:
            return None
        requirements += starts_in(script, source) or [{}]
    return requirements


def _mounted(ctx: Context, prefix: str, requirements: list[dict[str, str]]) -> bool:
    """Whether a compose file of the start folder mounts the folder into a container where
    gunicorn may start (``requirements``: what each start requires of the environment)."""
    for name in COMMAND_FILES:
        if "compose" in name:
            text = ctx.read_file(prefix + name)
            if text is None or not mounts_folder(text):
                continue
            services = mounting_services(text)
            if not services or not all(never_starts_there(service, requirements) for service in services):
                return True
    return False


def copied_to(dockerfile: str, path: str) -> list[str] | None:
    """The files of the build context (the Dockerfile's folder) that may be what the image
    the Dockerfile builds holds at the absolute ``path`` — one of them, whichever exists: a
    ``COPY conf ./conf`` may copy a file or a folder's contents. [] when no copy of the last
    stage reaches ``path`` (the file is not the project's); None when one may and what it
    brings cannot be told (a glob, a variable, another stage, a URL)."""
    found: list[str] | None = []
    for line, workdir in stage_lines(dockerfile):
        if line is None:
            found = []  # a new stage: what earlier ones copied is not in it
            continue
        copied = _COPY.match(line)
        if copied is not None:
            reached = _copy_reaches(copied.group(1), workdir, path)
            if reached != []:
                found = reached  # a later copy onto the path replaces what an earlier one brought
    return found


def _copy_reaches(arguments: str, workdir: str | None, path: str) -> list[str] | None:
    """What one ``COPY``/``ADD`` brings to ``path`` (see copied_to)."""
    words = _words(arguments)
    if words is None:
        return None
    paths = [word for word in words if not word.startswith("--")]
    if len(paths) < 2:
        return []
    target = paths[-1]
    if "$" in target or (workdir is None and not target.startswith("/")):
        return None  # it may copy anywhere
    target = posixpath.normpath(posixpath.join(workdir or "/", target))
    if path != target and not path.startswith(target.rstrip("/") + "/"):
        return []
    rest = path[len(target.rstrip("/")) + 1 :] if path != target else ""
    if any(word.startswith("--from") for word in words):
        return None
    candidates: list[str] = []
    for source in paths[:-1]:
        if "://" in source or source.startswith("<<") or any(character in source for character in "*?[$"):
            return None
        source = posixpath.normpath(source.lstrip("/") or ".")
        if source.startswith(".."):
            return None
        if not rest:  # the path is the copy's target: a file copied onto it
            candidates = [source] if source != "." else []
            continue
        # a folder's contents copied into the target, or a file into it under its own name
        candidates = [posixpath.normpath(posixpath.join(source, rest))]
        if rest == posixpath.basename(source):
            candidates.append(source)
    return candidates


def _words(arguments: str) -> list[str] | None:
    """The words of a ``COPY``/``ADD`` (its JSON form too); None when they cannot be read."""
    if not arguments.lstrip().startswith("["):
        return split_words(arguments)
    try:
        words = json.loads(arguments)
    except ValueError:
        return None
    return words if isinstance(words, list) and all(isinstance(word, str) for word in words) else None
