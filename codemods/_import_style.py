"""How a project's import sorter orders a group of imports, read from what it configures.

isort (``[isort]``/``[tool:isort]`` in ``setup.cfg`` or ``tox.ini``, ``.isort.cfg``,
``[tool.isort]`` in ``pyproject.toml``) and ruff's isort rules (``[tool.ruff.lint.isort]``,
``[tool.ruff.isort]``, or ``[lint.isort]``/``[isort]`` in ``ruff.toml``) put every ``import x``
of a section before its ``from x import y`` lines unless told to sort them by module alone
(``force_sort_within_sections``, ``force_alphabetical_sort``, isort's ``google``,
``open_stack`` and ``plone`` profiles). A project that configures such a sorter checks it (a
pre-commit hook, flake8-isort, ``ruff check``): a line put by module name alone
(``import markupsafe`` after ``from flask_assets import Bundle``) fails that check. Read in
the nearest folder that configures one, from the transformed file's up to the root of the
project's git repository; False where none does (no order is assumed then).
"""

from __future__ import annotations

import configparser
from typing import TYPE_CHECKING

import libcst as cst

from ._dependency_files_entries import toml_table
from ._nearest_folder import nearest_answer, texts_in

if TYPE_CHECKING:
    from ._base import Context

_INI_SECTIONS = {".isort.cfg": ("settings", "isort", "tool:isort"), "setup.cfg": ("isort", "tool:isort"), "tox.ini": ("isort", "tool:isort")}
_FILES = (*_INI_SECTIONS, "pyproject.toml", "ruff.toml", ".ruff.toml")
_BY_MODULE_KEYS = ("force_sort_within_sections", "force-sort-within-sections", "force_alphabetical_sort", "force-alphabetical-sort")
_BY_MODULE_PROFILES = frozenset({"google", "open_stack", "plone"})


def straight_imports_first(ctx: Context) -> bool:
    """Whether the project's configured import sorter puts ``import x`` lines before the
    ``from x import y`` lines of their section."""
    return bool(nearest_answer(ctx, lambda folder: texts_in(ctx, folder, _FILES), _style_of, up_to_repository=True))


def _style_of(texts: dict[str, str]) -> bool | None:
    """True: a sorter that puts straight imports first; False: one that sorts by module alone;
    None: no sorter configured in these files."""
    for name, sections in _INI_SECTIONS.items():
        if name in texts:
            settings = _ini_settings(texts[name], sections)
            if settings is not None:
                return _straight_first(settings)
    for name in ("pyproject.toml", "ruff.toml", ".ruff.toml"):
        if name in texts:
            settings = _toml_settings(name, texts[name])
            if settings is not None:
                return _straight_first(settings)
    return None


def _ini_settings(text: str, sections: tuple[str, ...]) -> dict[str, object] | None:
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, UnicodeError):
        return None
    for section in sections:
        if parser.has_section(section):
            return dict(parser.items(section))
    return None


def _toml_settings(name: str, text: str) -> dict[str, object] | None:
    table = toml_table(text)
    if name != "pyproject.toml":
        for found in (_table(table, "lint", "isort"), _table(table, "isort")):
            if found is not None:
                return found
        return None
    for found in (_table(table, "tool", "isort"), _table(table, "tool", "ruff", "lint", "isort"), _table(table, "tool", "ruff", "isort")):
        if found is not None:
            return found
    return None


def _table(table: object, *keys: str) -> dict[str, object] | None:
    for key in keys:
        if not isinstance(table, dict):
            return None
        table = table.get(key)
    return table if isinstance(table, dict) else None


def _straight_first(settings: dict[str, object]) -> bool:
    if str(settings.get("profile", "")).strip().strip("\"'").lower() in _BY_MODULE_PROFILES:
        return False
    return not any(str(settings.get(key, "")).strip().lower() in ("true", "1", "yes") for key in _BY_MODULE_KEYS)


def place_of_its_form(
    body: list[cst.BaseStatement], group: list[int], keys: list[str], line: cst.SimpleStatementLine, key: str
) -> int | None:
    """Where ``line`` goes in ``group`` sorted as isort sorts by default: every ``import x``
    line first, then the ``from x import y`` lines, each form in the order of its modules;
    None when the group is not sorted that way."""
    froms = [isinstance(body[i].body[0], cst.ImportFrom) for i in group]
    if froms != sorted(froms):  # a from-import above a straight one: not this order
        return None
    straight_keys = [k for k, is_from in zip(keys, froms) if not is_from]
    from_keys = [k for k, is_from in zip(keys, froms) if is_from]
    if straight_keys != sorted(straight_keys) or from_keys != sorted(from_keys):
        return None
    is_from = isinstance(line.body[0], cst.ImportFrom)
    same_form = [(i, k) for i, k, f in zip(group, keys, froms) if f == is_from]
    after = next((i for i, k in same_form if k > key.lower()), None)
    if after is not None:
        return after
    if not is_from:  # after the last straight import: before the first from-import
        return next((i for i, f in zip(group, froms) if f), group[-1] + 1)
    return group[-1] + 1
