"""The longest line a project's own checks allow, read from what it configures.

flake8 and pycodestyle (``max-line-length`` in ``.flake8``, ``setup.cfg`` or ``tox.ini``; 79
when their section is there without one), black (``line-length`` under ``[tool.black]`` in
``pyproject.toml``; 88 when the section is there without one) and ruff (``line-length`` in
``pyproject.toml``'s ``[tool.ruff]``, ``ruff.toml`` or ``.ruff.toml``). Where several apply,
the shortest: each check runs on its own. A flake8 or pycodestyle whose ``ignore`` or
``extend-ignore`` names E501 (or E5, or E) sets no limit. Read in the nearest folder, from the
transformed file's up to the project root, and on up to the root of its git repository (as
black and ruff look for theirs), that configures one; None when none does (then no codemod
assumes a limit).
"""

from __future__ import annotations

import configparser
import re
from typing import TYPE_CHECKING

from ._dependency_files import toml_table
from ._nearest_folder import nearest_answer, texts_in

if TYPE_CHECKING:
    from ._base import Context

_INI_FILES = (".flake8", "setup.cfg", "tox.ini")
_INI_SECTIONS = {"flake8": 79, "pycodestyle": 79, "pep8": 79}
_TOML_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")
CONFIGURING_FILES = (*_INI_FILES, *_TOML_FILES)
_LINE_TOO_LONG = re.compile(r"(?<![A-Z0-9])E(?:5(?:01?)?)?(?![0-9])")


def line_length_of(texts: dict[str, str]) -> int | None:
    """The shortest line length the configuration files ``texts`` (file name -> text) set."""
    limits = []
    for name in _INI_FILES:
        if name in texts:
            limits.extend(_ini_limits(texts[name]))
    for name in _TOML_FILES:
        if name in texts:
            limits.extend(_toml_limits(name, texts[name]))
    return min(limits) if limits else None


def declared_line_length(ctx: Context) -> int | None:
    """``line_length_of`` the nearest folder's configuration files (``nearest_answer``), up to
    the root of the project's git repository."""
    return nearest_answer(ctx, lambda folder: texts_in(ctx, folder, CONFIGURING_FILES), line_length_of, up_to_repository=True)


def _ini_limits(text: str) -> list[int]:
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, UnicodeError):
        return []
    limits = []
    for section, default in _INI_SECTIONS.items():
        if not parser.has_section(section):
            continue
        ignored = " ".join(parser.get(section, key, fallback="") for key in ("ignore", "extend-ignore", "extend_ignore"))
        if _LINE_TOO_LONG.search(ignored):
            continue
        given = parser.get(section, "max-line-length", fallback=None) or parser.get(section, "max_line_length", fallback=None)
        limit = _positive(given) if given is not None else default
        if limit is not None:
            limits.append(limit)
    return limits


def _toml_limits(name: str, text: str) -> list[int]:
    table = toml_table(text)
    if name != "pyproject.toml":
        limit = _positive(table.get("line-length"))
        return [limit] if limit is not None else []
    tools = table.get("tool")
    if not isinstance(tools, dict):
        return []
    limits = []
    black = tools.get("black")
    if isinstance(black, dict):
        limit = _positive(black.get("line-length", black.get("line_length", 88)))
        limits.extend([limit] if limit is not None else [])
    ruff = tools.get("ruff")
    if isinstance(ruff, dict):
        limit = _positive(ruff.get("line-length"))
        limits.extend([limit] if limit is not None else [])
    return limits


def _positive(value: object) -> int | None:
    """A line length given as a number or its digits; None for anything else (or absurd)."""
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if value.isdigit() and len(value) <= 4 else None
    if isinstance(value, bool) or not isinstance(value, int) or not 20 <= value <= 1000:
        return None
    return value
