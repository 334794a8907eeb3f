"""Where a requirement can be added to what a project declares it depends on, as the tool
adds one at the end of a run (tool/requirements.py), read through ``ctx.read_file``. A
rewrite that adds an import of a library the project does not declare (``from
flask_caching import Cache``, ``from dotenv import load_dotenv``) to a project that installs
from nothing the tool can add that library to would stop the program at its first import
wherever it is installed afresh: such a rewrite is not made, and the codemod says why, and
what to do (``why_no_dependency_place``).

The places (the project root's, as the tool's):

- runtime requirements lists: ``requirements*.txt`` / ``requirements*.in`` at the root and
  the lists of ``requirements/`` (development, test and documentation lists left out:
  ``_install_commands.development_list``), and the runtime lists the project's own commands
  install (``_install_commands``); a pip-tools ``.in`` source stands for the ``.txt``
  compiled from it;
- ``pyproject.toml``: ``[project] dependencies`` or Poetry's ``[tool.poetry.dependencies]``;
- a ``Pipfile``'s ``[packages]``.

A file among them takes no added line when the tool would leave it to the user: a list saved
as UTF-16 or UTF-32 (pip reads it by its mark; a UTF-8 line would break it), a list that pins
hashes, a list pip-compile or uv compiled (without its ``.in`` source beside it), a list
whose last line a backslash continues, a TOML file that does not parse. ``setup.py`` and
``setup.cfg`` ``install_requires`` are code or their own format: the tool never edits them.

Only an import of a library the project may not install needs this: an import moved to a
library the old one depends on (MarkupSafe for Jinja2, WTForms for Flask-WTF, SQLAlchemy
for Flask-SQLAlchemy, Werkzeug for Flask) is installed wherever the old import ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ._dependency_files import compiled_by
from ._install_commands import COMMAND_FILES, development_list, installed_lists
from ._projects_kept import dropped_with_projects

if TYPE_CHECKING:
    from ._base import Context

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


# the TOML files, and the tables of each a requirement is added to
_TOML_PLACES = (
    ("pyproject.toml", (("project", "dependencies"), ("tool", "poetry", "dependencies"))),
    ("Pipfile", (("packages",),)),
)


@dataclass
class DependencyPlaces:
    """The project root's files a requirement can be added to (``editable``), and those that
    declare dependencies the tool cannot add a line to, each with why (``refused``)."""

    editable: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    def describe_refused(self) -> str:
        """``setup.py declares install_requires, which the tool does not edit; ...``."""
        return "; ".join(f"{name} {why}" for name, why in self.refused)


NO_PLACE = "no requirements list, pyproject.toml or Pipfile declares them"


def why_no_dependency_place(ctx: Context) -> str:
    """Why no dependency file of the project the tool lists takes an added requirement
    (``setup.py declares install_requires, which the tool does not edit``, ``NO_PLACE``); ""
    when one does, and when the tool lists no project (a text transformed on its own: its
    project is not known, and the tool adds requirements only to a listed one's files)."""
    listing = ctx.project_files()
    if listing is None:
        return ""
    places = dependency_places(ctx.read_file, listing.relative(""), listing.every_file, ctx.byte_order_mark)
    if places.editable:
        return ""
    return places.describe_refused() or NO_PLACE


def dependency_places(read_file, root: str, every_file: tuple[str, ...], byte_order_mark=lambda path: None) -> DependencyPlaces:
    """The places of the project at ``root`` (a prefix as ``read_file`` takes it); ``every_file``:
    the project's files relative to its root (the listing's), where its requirements lists are
    found by name; ``byte_order_mark``: the encoding a file's mark names (``Context.byte_order_mark``)."""
    places = DependencyPlaces()
    lists = list(_runtime_lists(every_file))
    for command in COMMAND_FILES:
        text = read_file(root + command)
        for listed in installed_lists(command, text or ""):
            if listed not in lists and not development_list(listed) and read_file(root + listed) is not None:
                lists.append(listed)
    sources = {path[: -len(".in")] for path in lists if path.endswith(".in")}
    for path in lists:
        if path.endswith(".txt") and path[: -len(".txt")] in sources:
            continue  # compiled from the .in beside it: the tool adds to that one
        text = read_file(root + path)
        if text is None:
            continue
        why = _saved_wide(byte_order_mark(root + path)) or _list_refusal(text)
        if why is None:
            places.editable.append(path)
        else:
            places.refused.append((path, why))
    for name, tables in _TOML_PLACES:
        text = read_file(root + name)
        if text is None:
            continue
        wide = _saved_wide(byte_order_mark(root + name))
        if wide is not None:
            places.refused.append((name, wide))
            continue
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeError):
            places.refused.append((name, "is not valid TOML"))
            continue
        if any(_holds(data, keys) for keys in tables):
            places.editable.append(name)
    for name in ("setup.py", "setup.cfg"):
        text = read_file(root + name)
        if text is not None and "install_requires" in text:
            places.refused.append((name, "declares install_requires, which the tool does not edit"))
    return places


@lru_cache(maxsize=4)
def _runtime_lists(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The runtime requirements lists of a listing, by their names (found once per listing:
    each transformed file of a project asks with the same one)."""
    return tuple(path for path in every_file if _named_list(path) and not development_list(path))


dropped_with_projects(_runtime_lists.cache_clear)  # (kept by listing: of no use to the next project)


def _named_list(path: str) -> bool:
    """A requirements list by its name and place: ``requirements*.txt|in`` at the root, or
    any ``.txt``/``.in`` of ``requirements/``."""
    folder, _, name = path.rpartition("/")
    if not name.endswith((".txt", ".in")):
        return False
    return (folder == "" and name.lower().startswith("requirements")) or folder == "requirements"


def _saved_wide(mark: str | None) -> str | None:
    """Why a file the tool reads through a UTF-16 or UTF-32 mark takes no added line (pip reads
    it by its mark: a UTF-8 line would break it); None for any other."""
    return f"is saved as {mark.upper()}, which the tool does not add to" if mark in ("utf-16", "utf-32") else None


def _list_refusal(text: str) -> str | None:
    """Why a requirements list takes no added line (the tool leaves it to the user); None
    when it does."""
    if compiled_by(text) is not None:
        return "is compiled (pip-compile or uv wrote it)"
    if "--hash" in text:
        return "pins hashes"
    last = text.splitlines()[-1] if text.strip() else ""
    if last.endswith("\\") and not last.lstrip().startswith("#"):
        return "ends in a line continued by a backslash"
    return None


def _holds(data: object, keys: tuple[str, ...]) -> bool:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return isinstance(data, (list, dict))
