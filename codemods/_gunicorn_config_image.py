"""gunicorn-config: whether the file it would write reaches the Docker image gunicorn runs in.

gunicorn reads ``./gunicorn.conf.py`` from the folder it starts in; in a container, that is a
folder of the image, which holds what the Dockerfile's ``COPY``/``ADD`` instructions brought
into it. A Dockerfile that copies named files and folders (``COPY server.py ./server.py``,
``COPY static ./static``) leaves a new ``gunicorn.conf.py`` beside it out of the image. That
is said only when nothing is in doubt: every start of gunicorn seen is that Dockerfile's own,
each source it copies is a file or folder that exists beside it (so its build context is that
folder), none is the folder itself, a glob, a variable, another stage's or the file's own name,
and no compose file there mounts the folder into the container.
"""

from __future__ import annotations

import json
import posixpath
import re

from ._base import Context
from ._command_lines import logical_lines, split_words
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_launch import COMMAND_FILES, Launch

DOCKERFILE = "Dockerfile"
_COPY = re.compile(r"(?i)^(?:COPY|ADD)\s+(.*)$")
# a compose volume that mounts the folder itself: ``- .:/app``, ``- ./:/srv``, or in the long
# syntax ``source: .``
_FOLDER_MOUNT = re.compile(r"""(?m)^[ \t]*(?:-[ \t]*["']?\./?:|(?:-[ \t]*)?source[ \t]*:[ \t]*["']?\./?["']?[ \t]*$)""")


def left_out_of_image(ctx: Context, project: GunicornProject, elsewhere: list[Launch], config: str) -> list[str] | None:
    """The sources the start folder's Dockerfile copies (``["static", "server.py"]``) when
    gunicorn starts only in the image it builds and that image cannot hold a new ``config``
    file of the folder; None when the file may reach gunicorn. ``elsewhere``: the launches
    found outside the command files (their folder is not known)."""
    starts = [launch for launch in project.launches if launch.starts]
    if not starts or any(launch.starts for launch in elsewhere):
        return None
    if any(launch.source != DOCKERFILE for launch in starts):
        return None
    prefix = "../" * project.launch_level
    text = ctx.read_file(prefix + DOCKERFILE)
    if text is None or _mounted(ctx, prefix):
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
    words: object
    if arguments.lstrip().startswith("["):
        try:
            words = json.loads(arguments)
        except ValueError:
            return None
        if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
            return None
    else:
        words = split_words(arguments)
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
    """Whether ``source`` is a file or a folder of the start folder."""
    if ctx.read_file(prefix + source) is not None:
        return True
    listing = ctx.project_files()
    if listing is None:
        return False
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(listing.this), *([".."] * level), source))
    if folder.startswith(".."):
        return False
    return any(path.startswith(folder + "/") for path in listing.every_file)


def _mounted(ctx: Context, prefix: str) -> bool:
    """Whether a compose file of the start folder mounts the folder into a container."""
    for name in COMMAND_FILES:
        if "compose" in name:
            text = ctx.read_file(prefix + name)
            if text is not None and _FOLDER_MOUNT.search(text):
                return True
    return False
