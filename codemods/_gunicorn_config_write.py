"""gunicorn-config: whether to write gunicorn.conf.py, once the project runs under gunicorn
from a command the codemod reads (not from Python): where the file goes, what it sets, or
the finding that says why none is written (a config file already there or passed with
``-c``, a gunicorn that reads none, a start that cannot be seen, only gunicorn's own
defaults to repeat, workers that race on tables, an image that would not copy it)."""

from __future__ import annotations

import libcst as cst

from ._base import Context
from ._gunicorn_config_dev_server import not_started
from ._gunicorn_config_folders import MAX_LEVELS, GunicornProject, declares_gunicorn_before_config_files, folder_names
from ._gunicorn_config_image import left_out_of_image
from ._gunicorn_config_launch import OLD_CONFIG_NAME, OTHER_CONFIG_FILES, Launch, reads_as_settings
from ._gunicorn_config_limiter import limits_finding
from ._gunicorn_config_render import GUNICORN_DEFAULTS, SETTINGS, THREADED_WORKERS, render_config
from ._gunicorn_config_tables import tables_race
from ._gunicorn_config_init_folders import outside_start

CONFIG_FILE = "gunicorn.conf.py"


def write_config(ctx: Context, code: str, project: GunicornProject, node: cst.CSTNode | None, elsewhere: list[Launch]) -> None:
    """Ask for ``gunicorn.conf.py`` where gunicorn starts (a project edit), or report why
    none is written. ``code``: the module's text; ``node``: where findings point;
    ``elsewhere``: the launches found outside the project's own files."""
    prefix = "../" * project.launch_level
    if ctx.read_file(prefix + CONFIG_FILE) is not None:
        return
    if any("config" in launch.settings for launch in project.launches):
        return
    old = declares_gunicorn_before_config_files(ctx, project)
    if old is not None:
        ctx.finding(
            node,
            f"{old} declares a gunicorn below 17.5, which reads no ./{CONFIG_FILE} unless a command passes it "
            f"with -c; no {CONFIG_FILE} generated",
        )
        return
    for other in (*OTHER_CONFIG_FILES, OLD_CONFIG_NAME):
        text = ctx.read_file(prefix + other)
        if text is not None and (other != OLD_CONFIG_NAME or reads_as_settings(text)):
            ctx.finding(
                node,
                f"the project has {prefix}{other}, but no gunicorn command seen here loads it with -c; "
                f"it may be passed by something this codemod cannot see, so no {CONFIG_FILE} was generated",
            )
            return
    if not any(launch.starts for launch in project.launches):
        ctx.finding(node, f"{not_started(ctx, project.evidence)}; no {CONFIG_FILE} generated")
        return
    outside = next((launch for launch in project.launches if launch.starts and launch.folder is not None), None)
    if outside is not None:
        ctx.finding(node, f"{outside_start(outside)}; no {CONFIG_FILE} generated")
        return
    if project.root_level is None:
        ctx.finding(
            node,
            f"the project runs under gunicorn ({project.evidence}), but its root (a folder with .git, "
            f"pyproject.toml, setup.py, setup.cfg, requirements.txt or .env) is not within {MAX_LEVELS} folders "
            f"above this file; add {CONFIG_FILE} by hand",
        )
        return
    given: dict[str, str] = {}
    for launch in project.launches:
        for setting in SETTINGS:
            if setting in launch.written and setting not in given:
                given[setting] = f"{launch.source}: {launch.written[setting]}"
    unthreaded = next(
        (
            f"{launch.source}: {launch.written['worker_class']}"
            for launch in project.launches
            if launch.settings.get("worker_class", "sync") not in THREADED_WORKERS
        ),
        None,
    )
    if all(setting in given or _gunicorns_default(setting, ctx.options) or (setting == "threads" and unthreaded) for setting in SETTINGS):
        return  # the file would only repeat gunicorn's own defaults
    if (racing := tables_race(ctx, code, project, given)) is not None:
        ctx.finding(node, racing)
        return
    if (limits := limits_finding(ctx, code)) is not None:
        ctx.finding(node, limits)
        return
    copied = left_out_of_image(ctx, project, elsewhere, CONFIG_FILE)
    if copied is not None:
        ctx.finding(
            node,
            f"gunicorn starts only in the image {prefix}Dockerfile builds, which copies {', '.join(copied)} of "
            f"this folder but no ./{CONFIG_FILE}: the container would not read a new one; nothing generated "
            "(write it by hand and COPY it)",
        )
        return
    key = _key(ctx.path, project)
    if key is None:
        ctx.finding(
            node,
            f"gunicorn is started from {prefix or './'} (per {project.evidence}), below the project root; "
            f"cannot tell that folder's path from this file's path: run flask-codemod from the project root, "
            f"or add {CONFIG_FILE} there by hand",
        )
        return
    ctx.project_edit("file", key, render_config(ctx.options, given, unthreaded), node=node)
    ctx.rewrote()


def _gunicorns_default(setting: str, options: dict) -> bool:
    """Whether the value the file would give ``setting`` is what gunicorn does without it."""
    return setting in GUNICORN_DEFAULTS and options.get(setting) == GUNICORN_DEFAULTS[setting]


def _key(path: str, project: GunicornProject) -> str | None:
    """Where the config goes, relative to the project root."""
    assert project.root_level is not None
    names = folder_names(path, project.root_level)
    if names is None:
        return None
    between = names[: project.root_level - project.launch_level]
    return "/".join([*between, CONFIG_FILE])
