"""gunicorn-config: which of the project's gunicorn starts preload the app.

With ``--preload`` (``preload_app = True`` in a config file) gunicorn imports the app once, in
its arbiter, and forks every worker from it — those it starts first and those that replace
recycled ones. What the app makes while it is loaded (a random secret key at import) is then
one value for all of them; without it, each worker imports the app and makes its own.

A start preloads when its command line says ``--preload``, when the ``GUNICORN_CMD_ARGS`` of
its environment does, or when the config file it reads sets ``preload_app`` true. Nothing in
gunicorn turns a preload off again (a config file is read first, then ``GUNICORN_CMD_ARGS``,
then the command line, and only a file can say ``False``), so any of them is enough.

gunicorn reads one config file per start: the one its command line passes with ``-c``, else
the one its ``GUNICORN_CMD_ARGS`` passes, else the ``gunicorn.conf.py`` where it starts. A
start's environment is the ``GUNICORN_CMD_ARGS`` of its own scope (its Dockerfile stage,
Procfile line, compose service: ``_gunicorn_config_scopes``) that surely applies to it — set on
every run, before it — or the one its command is prefixed with. Another may replace it: one of
its scope set on some runs only (in an ``if``) or after it, one of another file (a ``.env``, a
compose service's over its image's ``ENV``) — which cannot be told: the start preloads only if
it does with every ``GUNICORN_CMD_ARGS`` it may run with. An absolute path is
a file of the project only where the Dockerfile of the start copies one there
(``_gunicorn_config_image.copied_to``), for a start of that Dockerfile. A start whose config
file cannot be known, found or read counts as not preloading.
"""

from __future__ import annotations

import ast
import posixpath

from ._base import Context
from ._gunicorn_config_folders import GunicornProject
from ._gunicorn_config_image import DOCKERFILE, copied_to
from ._gunicorn_config_launch import Launch
from ._gunicorn_config_project import per_process_value
from ._project_view import parsed

DEFAULT_CONFIG = "gunicorn.conf.py"
# the strings gunicorn's boolean settings read as true (its validate_bool)
_TRUE_WORDS = frozenset({"y", "yes", "true", "1", "on"})


def split_by_preload(ctx: Context, project: GunicornProject) -> tuple[list[Launch], list[Launch]]:
    """(the project's gunicorn starts that preload the app, those that do not), as far as
    the files seen tell; a start whose config file cannot be known, found or read counts as
    not preloading."""
    prefix = "../" * project.launch_level
    preloading: list[Launch] = []
    not_preloading: list[Launch] = []
    for launch in project.launches:
        if launch.starts:
            preloads = launch.preload or all(
                _preloads_with(ctx, prefix, launch, environment) for environment in _environments(launch, project.launches)
            )
            (preloading if preloads else not_preloading).append(launch)
    return preloading, not_preloading


def _environments(start: Launch, launches: list[Launch]) -> list[Launch | None]:
    """The ``GUNICORN_CMD_ARGS`` ``start`` may run with (None: none): the last of its own
    environment (or none), each of its scope that may or may not apply to it, and each of
    another file, which may replace it."""
    own: list[Launch | None] = [start.environment[-1] if start.environment else None]
    return own + start.may_run_with + [launch for launch in launches if not launch.starts and launch.file != start.file]


def _preloads_with(ctx: Context, prefix: str, start: Launch, environment: Launch | None) -> bool:
    """Whether ``start`` preloads the app when its environment's ``GUNICORN_CMD_ARGS`` is
    ``environment``: that says ``--preload``, or the config file the start then reads — its
    own ``-c``, else the environment's, else ``./gunicorn.conf.py`` — sets ``preload_app``."""
    if environment is not None and environment.preload:
        return True
    if "config" in start.settings:
        return _config_preloads(ctx, prefix, start.file, start.settings["config"])
    if environment is not None and "config" in environment.settings:
        return _config_preloads(ctx, prefix, environment.file, environment.settings["config"])
    return _config_preloads(ctx, prefix, start.file, None)


def made_in_each_worker(ctx: Context, code: str, project: GunicornProject) -> tuple[str, str, str | None, str | None] | None:
    """``(what, where, kept in, falls back from)`` of a value every worker must share that the app makes in each
    worker process (see per_process_value): one made while the app is loaded counts only when
    some start of gunicorn does not preload the app, and where others do, ``where`` names the
    starts that do not."""
    fresh = per_process_value(ctx, code)
    if fresh is None:
        return None
    preloading, not_preloading = split_by_preload(ctx, project)
    if not preloading:
        return fresh
    later = per_process_value(ctx, code, preloaded=True)
    if later is not None:
        return later[0], f"{later[1]}, run in each worker after the preload", later[2], later[3]
    if not not_preloading:
        return None  # every start loads the app once and forks the workers from it
    preloaders = list(dict.fromkeys(launch.source for launch in preloading))
    return fresh[0], (
        f"{fresh[1]}; started without --preload by {', '.join(dict.fromkeys(l.source for l in not_preloading))}, "
        f"while {', '.join(preloaders)} preload{'s' if len(preloaders) == 1 else ''} it"
    ), fresh[2], fresh[3]


def _config_preloads(ctx: Context, prefix: str, file: str, config: str | None) -> bool:
    """Whether the config file a start reads (``config`` as ``file`` passes it with ``-c``;
    None: ``./gunicorn.conf.py``), looked for where gunicorn starts, sets ``preload_app``
    true."""
    for candidate in _config_paths(ctx, prefix, file, config):
        text = ctx.read_file(prefix + candidate)
        if text is not None:
            return sets_preload(text)
    return False


def _config_paths(ctx: Context, prefix: str, file: str, config: str | None) -> list[str]:
    """Where a start's config file may be, relative to the folder gunicorn starts in: the
    path given, a ``python:`` module's file, or for an absolute path the files the start's
    Dockerfile copies there (none for a start of another file: the path may be anywhere)."""
    if config is None:
        return [DEFAULT_CONFIG]
    if not config or "$" in config or "{" in config:
        return []
    if config.startswith("python:"):
        stem = config[len("python:") :].replace(".", "/")
        return [f"{stem}.py", f"{stem}/__init__.py"]
    config = config.removeprefix("file:")
    if not config.startswith("/"):
        return [posixpath.normpath(config)]
    dockerfile = ctx.read_file(prefix + DOCKERFILE) if file == DOCKERFILE else None
    return (copied_to(dockerfile, posixpath.normpath(config)) or []) if dockerfile is not None else []


def sets_preload(text: str) -> bool:
    """Whether the Python ``text`` (a gunicorn config file) leaves ``preload_app`` true: its
    last module-level assignment is ``True`` or a string gunicorn reads as true. A value
    computed at run time (``os.environ.get(...)``) is not known to be true."""
    tree = parsed(text)
    value: ast.AST | None = None
    for statement in tree.body if tree is not None else ():
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "preload_app" for target in statement.targets
        ):
            value = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "preload_app"
            and statement.value is not None
        ):
            value = statement.value
    if not isinstance(value, ast.Constant):
        return False
    if isinstance(value.value, bool):
        return value.value
    return isinstance(value.value, str) and value.value.strip().lower() in _TRUE_WORDS
