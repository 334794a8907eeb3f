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

A ``Makefile`` of such a folder counts too, for the limit its commands run flake8 or
pycodestyle with: ``--max-line-length N`` on the command line, else the configuration file
it names with ``--config`` (pgadmin's ``make check``: ``pycodestyle --config=.pycodestyle``),
read as the files above; none where the command's ``--ignore`` names E501 or its
``--select`` leaves it out. A command that gives neither sets nothing here (the linter then
reads the files above, or its default, which is not read into a project that may not run
that target). Except a ``black --check`` in the recipe of a target that a ``make`` command of
the folder's ``tox.ini`` runs (its CI's lint environment): black's 88, or its ``-l``, unless
``[tool.black]`` says otherwise.
"""

from __future__ import annotations

import configparser
import re
from typing import TYPE_CHECKING

from ._command_lines import NOT_A_LAUNCH, SEPARATORS, logical_lines, split_words
from ._dependency_files_entries import toml_table
from ._nearest_folder import nearest_answer, texts_in

if TYPE_CHECKING:
    from ._base import Context

_INI_FILES = (".flake8", "setup.cfg", "tox.ini")
_INI_SECTIONS = {"flake8": 79, "pycodestyle": 79, "pep8": 79}
_TOML_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")
CONFIGURING_FILES = (*_INI_FILES, *_TOML_FILES)
_MAKEFILE = "Makefile"
_PRE_COMMIT = ".pre-commit-config.yaml"
_BLACK_DEFAULT = 88
_BLACK_LENGTH_ARGUMENT = re.compile(r"^(?:--line-length|-l)(?:=(\d+))?$")
_NAMED = "--config "  # the key of a file a Makefile's linter command names, before its path
_LINTERS = frozenset({"flake8", "pycodestyle", "pep8"})
_RULE = re.compile(r"^([^\s:=#][^:=]*?)\s*::?(?!=)")  # a Makefile rule line: its targets, then the colon
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
    if _MAKEFILE in texts:
        for options in linter_commands(texts[_MAKEFILE]):
            limits.extend(_command_limits(options, texts))
    if _PRE_COMMIT in texts:
        limits.extend(_pre_commit_black_limits(texts[_PRE_COMMIT], texts.get("pyproject.toml", "")))
    if _MAKEFILE in texts and "tox.ini" in texts:
        limits.extend(_tox_make_black_limits(texts[_MAKEFILE], texts["tox.ini"], texts.get("pyproject.toml", "")))
    return min(limits) if limits else None


def _tox_make_black_limits(makefile: str, tox: str, pyproject: str) -> list[int]:
    """The line length of each ``black --check`` in the recipe of a Makefile target that a
    command of ``tox.ini`` runs (``make format-check``): the project's CI fails on longer lines.
    Its ``--line-length``/``-l``; else none where ``pyproject.toml`` has a ``[tool.black]``
    (counted as such), else black's 88. A black that only reformats fails nothing."""
    if "black" not in makefile:
        return []
    run = _make_targets_run_by(tox)
    limits = []
    for target, recipe in _recipes(makefile).items():
        if target not in run:
            continue
        for line in recipe:
            words = split_words(line)
            for start, word in enumerate(words):
                if word.lstrip("@-").rsplit("/", 1)[-1] != "black":
                    continue
                arguments = _up_to_separator(words[start + 1 :])
                if "--check" not in arguments:
                    continue
                given = _black_argument_length(arguments)
                if given is not None:
                    limits.append(given)
                elif not _configures_black(pyproject):
                    limits.append(_BLACK_DEFAULT)
    return limits


def _make_targets_run_by(tox: str) -> set[str]:
    """The targets the ``make`` commands of ``tox.ini`` name (``lint: make flake8 format-check``)."""
    targets: set[str] = set()
    for line in tox.splitlines():
        words = split_words(line.split("#", 1)[0])
        for start, word in enumerate(words):
            if word.rsplit("/", 1)[-1] == "make":
                targets.update(w for w in _up_to_separator(words[start + 1 :]) if not w.startswith("-") and "=" not in w)
    return targets


def _recipes(makefile: str) -> dict[str, list[str]]:
    """Each rule's targets -> its recipe lines (the tab-indented lines after the rule line)."""
    recipes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in makefile.splitlines():
        if line.startswith("\t"):
            if current is not None:
                current.append(line[1:])
            continue
        rule = _RULE.match(line)
        if rule:
            current = []
            for target in rule.group(1).split():
                recipes.setdefault(target, current)
        elif line.strip() and not line.lstrip().startswith("#"):
            current = None
    return recipes


def _up_to_separator(words: list[str]) -> list[str]:
    for index, word in enumerate(words):
        if word in SEPARATORS:
            return words[:index]
    return words


def _pre_commit_black_limits(text: str, pyproject: str) -> list[int]:
    """The line length each black hook of a pre-commit configuration runs with: its
    ``--line-length``/``-l`` argument; else none where ``pyproject.toml`` has a
    ``[tool.black]`` (black reads it, and it is counted as such), else black's 88."""
    import yaml  # lazy: only a project with a pre-commit configuration parses one

    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    repos = config.get("repos") if isinstance(config, dict) else None
    hooks = [hook for repo in repos or () if isinstance(repo, dict) for hook in repo.get("hooks") or ()]
    limits = []
    for hook in hooks:
        if not isinstance(hook, dict) or hook.get("id") != "black":
            continue
        given = _black_argument_length(hook.get("args"))
        if given is not None:
            limits.append(given)
        elif not _configures_black(pyproject):
            limits.append(_BLACK_DEFAULT)
    return limits


def _black_argument_length(args: object) -> int | None:
    """The line length a hook's ``args`` give black (``--line-length=100``, ``-l 100``)."""
    words = [str(word) for word in args] if isinstance(args, list) else []
    for index, word in enumerate(words):
        match = _BLACK_LENGTH_ARGUMENT.match(word)
        if match:
            value = match.group(1) if match.group(1) else (words[index + 1] if index + 1 < len(words) else None)
            return _positive(value)
    return None


def _configures_black(pyproject: str) -> bool:
    tools = toml_table(pyproject).get("tool") if pyproject else None
    return isinstance(tools, dict) and isinstance(tools.get("black"), dict)


def declared_line_length(ctx: Context) -> int | None:
    """``line_length_of`` the nearest folder's configuration files (``nearest_answer``), up to
    the root of the project's git repository."""
    return nearest_answer(ctx, lambda folder: _texts_in(ctx, folder), line_length_of, up_to_repository=True)


def _texts_in(ctx: Context, folder: str) -> dict[str, str]:
    """The configuration files of ``folder``, its Makefile, and the files the Makefile's
    linter commands name with ``--config`` (keyed ``_NAMED`` + the path)."""
    texts = texts_in(ctx, folder, (*CONFIGURING_FILES, _MAKEFILE, _PRE_COMMIT))
    for options in linter_commands(texts.get(_MAKEFILE, "")):
        path = options.get("--config")
        if path and not path.startswith(("/", "~", "$")) and _NAMED + path not in texts:
            text = ctx.read_file(folder + path)
            if text is not None:
                texts[_NAMED + path] = text
    return texts


def linter_commands(makefile: str) -> list[dict[str, str]]:
    """The options (``--name`` -> value) of each flake8, pycodestyle or pep8 command of
    ``makefile`` (``flake8``, ``$(VENV)/bin/flake8``, ``python -m flake8``, ``@flake8``)."""
    if not any(linter in makefile for linter in _LINTERS):
        return []
    commands = []
    for _, line in logical_lines(makefile, _MAKEFILE):
        words = split_words(line)
        for start, word in enumerate(words):
            name = word.lstrip("@-").rsplit("/", 1)[-1]
            if name in _LINTERS and (start == 0 or words[start - 1].lower() not in NOT_A_LAUNCH):
                commands.append(_options(words[start + 1 :]))
    return commands


def _options(words: list[str]) -> dict[str, str]:
    """``--name=value`` and ``--name value`` of a command's words, up to the next command."""
    options: dict[str, str] = {}
    for index, word in enumerate(words):
        if word in SEPARATORS:
            break
        if word.startswith("--"):
            name, equals, value = word.partition("=")
            if not equals and index + 1 < len(words) and not words[index + 1].startswith("-"):
                value = words[index + 1]
            options[name.replace("_", "-")] = value
    return options


def _command_limits(options: dict[str, str], texts: dict[str, str]) -> list[int]:
    ignored = " ".join(options.get(key, "") for key in ("--ignore", "--extend-ignore"))
    if _LINE_TOO_LONG.search(ignored):
        return []
    if "--select" in options and not _LINE_TOO_LONG.search(options["--select"]):
        return []
    if "--max-line-length" in options:
        limit = _positive(options["--max-line-length"])
        return [limit] if limit is not None else []
    named = texts.get(_NAMED + options.get("--config", ""))
    return _ini_limits(named) if named is not None and options.get("--config") else []


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
