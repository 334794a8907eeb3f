"""gunicorn-config: what the folders around a module say: whether the project runs under
gunicorn (a command file between the module and the project root, else the dependencies the
root's files declare), where gunicorn starts, where the project root is, and whether a
command names this module as the one gunicorn loads.

Everything is read through ``ctx.read_file`` (paths relative to the module's folder), so the
transform and the project gate see the same files and the result cache records them.
"""

from __future__ import annotations

import posixpath
import re

from ._base import Context
from ._command_lines import service_blocks
from ._declared_versions import declarations
from ._declared_releases import admits_nothing_from
from ._gunicorn_config_launch import COMMAND_FILES, Launch, read_launches

# what tool/project.py's project_root looks for (.git as a folder: its HEAD; as a file: itself)
ROOT_MARKERS = (".git/HEAD", ".git", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".env")
# how many folders above the transformed file are searched for the project root
MAX_LEVELS = 6


def named_by_command(project: "GunicornProject", ctx: Context) -> tuple[bool | None, str]:
    """Whether this file is the WSGI module a gunicorn command names (and the variable it
    names): True; another module is named and found: False; cannot tell: None."""
    prefix = "../" * project.launch_level
    own_path = relative_path(ctx.path, project.launch_level)
    if own_path is None:
        return None, ""
    resolvable = False
    for launch in project.launches:
        if not launch.app:
            continue
        for candidate in _module_files(launch):
            if ctx.read_file(prefix + candidate) is None:
                continue
            resolvable = True
            if candidate == own_path:
                return True, launch.app.partition(":")[2].split("(", 1)[0].strip() or "application"
    return (False, "") if resolvable else (None, "")


class GunicornProject:
    """What the folders around a file say about gunicorn."""

    def __init__(self) -> None:
        self.root_level: int | None = None  # levels above the file's folder
        self.launch_level = 0  # where gunicorn starts
        self.launches: list[Launch] = []
        self.evidence = ""  # the file that tells
        self.read_paths: set[str] = set()  # the command files read (as ctx.read_file takes them)

    @classmethod
    def read(cls, ctx: Context) -> "GunicornProject | None":
        """None when nothing says that the project runs under gunicorn."""
        project = cls()
        found = False
        for level in range(MAX_LEVELS + 1):
            prefix = "../" * level
            if not found:
                for name in COMMAND_FILES:
                    text = ctx.read_file(prefix + name)
                    if text is None:
                        continue
                    project.read_paths.add(posixpath.normpath(prefix + name))
                    mentioned, launches = read_launches(text, name)
                    if mentioned:
                        found = True
                        project.launches.extend(launches)
                        project.evidence = project.evidence or prefix + name
                if found:
                    project.launch_level = level
            if any(ctx.read_file(prefix + marker) is not None for marker in ROOT_MARKERS):
                project.root_level = level
                break
        if not found and project.root_level is not None:
            # the root's runtime dependencies (``_declared_versions``): what the project lists
            # itself, not what its lock files pull in
            declared = next(declarations(ctx, "../" * project.root_level, ("gunicorn",), locks=False), None)
            if declared is not None:
                found = True
                project.launch_level = project.root_level
                project.evidence = declared.file
        if found and project.root_level is not None:
            project._read_builders_above(ctx)
        return project if found else None

    def _read_builders_above(self, ctx: Context) -> None:
        """The launches of the compose files above the project root (up to the repository's
        top) that build an image from the root folder: a monorepo keeps each app in a folder
        of its own and the compose file that starts it beside that folder."""
        assert self.root_level is not None
        own = relative_path(ctx.path, self.root_level)
        own_text = ctx.read_file(posixpath.basename(ctx.path))
        if own is None or own_text is None or self._at_top(ctx, self.root_level):
            return
        for level in range(self.root_level + 1, MAX_LEVELS + 1):
            prefix = "../" * level
            for name in COMPOSE_FILES:
                text = ctx.read_file(prefix + name)
                for service in service_blocks(text) if text is not None else ():
                    if not any(
                        ctx.read_file(posixpath.normpath(f"{prefix}{context}/{own}")) == own_text
                        for context in build_contexts(service)
                    ):
                        continue
                    self.read_paths.add(posixpath.normpath(prefix + name))
                    shown = "../" * (level - self.launch_level) + name
                    for launch in read_launches(service, shown)[1]:
                        if self.launch_level != self.root_level:
                            launch.app = None  # it starts in the root folder, not where the others do
                        self.launches.append(launch)
            if self._at_top(ctx, level):
                return

    @staticmethod
    def _at_top(ctx: Context, level: int) -> bool:
        """Whether the folder ``level`` above the file's is the repository's top (holds .git)."""
        return any(ctx.read_file("../" * level + marker) is not None for marker in (".git/HEAD", ".git"))


# the compose files read above the root: the command files' own, and those a project keeps for
# a deployment stage beside them (``docker-compose.prod.yml``; the folders above are not listed,
# so they are read by name)
COMPOSE_FILES = (
    *(name for name in COMMAND_FILES if "compose" in name),
    *(
        f"{base}.{stage}.{extension}"
        for stage in ("prod", "production", "staging", "deploy", "override")
        for base in ("docker-compose", "compose")
        for extension in ("yml", "yaml")
    ),
)
# a compose service's build context: ``build: ./web``, or ``context: web`` under ``build:``
_BUILD_CONTEXT = re.compile(r"^[ \t]*(?:build|context)[ \t]*:[ \t]*[\"']?([^\"'#\s]+)[\"']?[ \t]*(?:#.*)?$", re.M)


def build_contexts(compose: str) -> list[str]:
    """The relative folders a compose file's text builds images from."""
    return [found for found in _BUILD_CONTEXT.findall(compose) if not found.startswith("/") and "$" not in found and ":" not in found]


def folder_names(path: str, count: int) -> list[str] | None:
    """The names of the ``count`` folders that hold ``path``, outermost first; None when
    the path does not spell them out."""
    if count == 0:
        return []
    folders = posixpath.normpath(path.replace("\\", "/")).split("/")[:-1]
    names = folders[-count:]
    if len(folders) < count or any(name in ("", ".", "..") for name in names):
        return None
    return names


def relative_path(path: str, levels: int) -> str | None:
    """``path`` relative to the folder ``levels`` above its own."""
    names = folder_names(path, levels)
    if names is None:
        return None
    return "/".join([*names, posixpath.basename(path.replace("\\", "/"))])


def _module_files(launch: Launch) -> list[str]:
    """The files the app module of ``launch`` can be, relative to where gunicorn starts."""
    assert launch.app is not None
    module = launch.app.partition(":")[0].strip()
    if not module or any(c in module for c in "$`{}()/ ") or launch.settings.get("paste"):
        return []
    bases = [""]
    for setting in ("chdir", "pythonpath"):
        for base in launch.settings.get(setting, "").split(","):
            base = base.strip()
            if base and "$" not in base and not base.startswith("/"):
                bases.insert(0, base)
    stem = module.replace(".", "/")
    found = []
    for base in bases:
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            found.append(posixpath.normpath(posixpath.join(base, candidate)))
    return found


# gunicorn reads ./gunicorn.conf.py without being told to (no -c) from this release on: 17.5,
# the release after 0.17.4 (its 2013 changelog: "try to use gunicorn.conf.py in current folder")
READS_CONFIG_FILE_SINCE = (17, 5)


def declares_gunicorn_before_config_files(ctx: Context, project: GunicornProject) -> str | None:
    """The dependency file at the project root (a lock too: it pins what an install gets) whose
    gunicorn requirement admits no release that reads ``gunicorn.conf.py`` of its own accord
    (``gunicorn==0.17.4``); None when every declaration admits one, or none is found."""
    if project.root_level is None:
        return None
    for declared in declarations(ctx, "../" * project.root_level, ("gunicorn",)):
        if any(admits_nothing_from(specifier, READS_CONFIG_FILE_SINCE) for specifier in declared.specifiers):
            return declared.file
    return None

