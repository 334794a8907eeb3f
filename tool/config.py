"""Configuration from ``pyproject.toml``: ``[tool.flask-codemod]``.

```toml
[tool.flask-codemod]
select = ["open-with", "teardown"]   # only these codemods (default: all but the policy group)
skip = ["cache-views"]               # never these
exclude = ["migrations/", "legacy/*.py"]   # gitignore-style, relative to this file's folder
target-version = "2.2"               # the Flask version the code must run on (tool/target.py)

[tool.flask-codemod.cache-views]     # options of one codemod, checked against its OPTIONS
timeout = 600
```

The configuration of a file is found by walking up from the file's folder to the first
``pyproject.toml`` that has a ``[tool.flask-codemod]`` table, stopping at the root of the git
work tree (the folder holding ``.git``), like ruff's hierarchical configuration: a table in
``app/pyproject.toml`` applies to the files below ``app/`` wherever the run starts, and the
nearest table wins whole (its select, skip, excludes and options; tables above it are not
merged in). No such file: the defaults (every codemod but the policy group, which runs only
when selected; no excludes; default options).

Command-line options win, with these rules:

- ``--select`` replaces the configured ``select``, and a codemod named by ``--select`` runs even
  when the configuration skips it;
- ``--skip`` adds to the configured ``skip``;
- ``--set CODEMOD.OPTION=VALUE`` overrides that one option; the other configured options stay;
- ``--target-version`` replaces the configured ``target-version``.

Errors (invalid TOML, an unknown key or codemod, a value of the wrong type) raise UsageError
naming the file: the command line exits 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from . import codemods as registry  # the registry, looked up at each call: it may be extended (tests do)
from .codemod_info import info, registered, selected
from .codemods import UsageError
from .codemods._base import validate_options
from .paths import config_folders
from .target import parse_target
from .gitignore_rules import readable_pattern

if TYPE_CHECKING:
    import pathspec

TABLE = "flask-codemod"
KNOWN_KEYS = ("select", "skip", "exclude", "target-version")


@dataclass(frozen=True)
class Config:
    """One ``[tool.flask-codemod]`` table (or the defaults when ``path`` is None)."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    target_version: tuple[int, int] | None = None  # None: the project's declared Flask decides

    @property
    def root(self) -> str | None:
        return os.path.dirname(self.path) if self.path else None

    def excludes(self, path: str) -> bool:
        """True when ``path`` matches one of the ``exclude`` patterns (relative to the root)."""
        if not self.exclude or self.root is None:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root)
        if relative.startswith(".."):
            return False
        return _spec(self.exclude).match_file(relative.replace(os.sep, "/"))

    def codemods(self, cli_select: Sequence[str] | None, cli_skip: Sequence[str] = ()) -> tuple[Any, ...]:
        """The codemods to run here, in engine order (see the module docstring for the rules),
        as their information (tool/codemod_info.py: a run that finds every result in the
        cache never imports them)."""
        select = list(cli_select) if cli_select else (list(self.select) if self.select is not None else None)
        skip = set(cli_skip) | (set(self.skip) - set(cli_select or ()))
        return selected(select, sorted(skip))

    def merged_options(self, cli_options: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        merged = {name: dict(values) for name, values in self.options.items()}
        for name, values in cli_options.items():
            merged.setdefault(name, {}).update(values)
        return merged


_SPECS: dict[tuple[str, ...], pathspec.PathSpec] = {}


def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    spec = _SPECS.get(patterns)
    if spec is None:
        import pathspec  # lazy: only a configuration with excludes needs it

        spec = _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


def _names(value: Any, key: str, where: str) -> tuple[str, ...]:
    """A list of codemod names, or one comma-separated string."""
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise UsageError(f"{where}: {key} must be a list of codemod names, got {value!r}")
    return tuple(item for item in items if item)


def parse(text: str, path: str) -> Config | None:
    """The configuration in ``text`` (a pyproject.toml), or None when it has no table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get(TABLE) if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    where = f"{path}: [tool.{TABLE}]"
    if not isinstance(table, dict):
        raise UsageError(f"{where} must be a table")
    known_codemods = {codemod.NAME for codemod in registered()}
    raw_options: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            if key not in known_codemods:
                raise UsageError(f"{where}.{key}: unknown codemod {key!r} (known: {', '.join(sorted(known_codemods))})")
            raw_options[key] = value
        elif key not in KNOWN_KEYS:
            raise UsageError(f"{where}: unknown key {key!r} (known: {', '.join(KNOWN_KEYS)}, or a codemod's table)")
    select = _names(table["select"], "select", where) if "select" in table else None
    skip = _names(table.get("skip", []), "skip", where)
    for name in (select or ()) + skip:
        try:
            info(name)
        except UsageError as error:
            raise UsageError(f"{where}: {error}") from None
    exclude = table.get("exclude", [])
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise UsageError(f"{where}: exclude must be a list of patterns, got {exclude!r}")
    unreadable = next((item for item in exclude if not readable_pattern(item)), None)
    if unreadable is not None:
        raise UsageError(f"{where}: invalid exclude pattern {unreadable!r} (gitignore syntax)")
    try:
        # the classes themselves check option values (an Option subclass may refuse some)
        options = validate_options(registry.all_codemods(), raw_options, from_text=False) if raw_options else {}
    except UsageError as error:
        raise UsageError(f"{where}: {error}") from None
    target = parse_target(table["target-version"], f"{where}: target-version") if "target-version" in table else None
    return Config(path, select, skip, tuple(exclude), options, target)


class ConfigFinder:
    """Finds (and caches, per folder) the configuration that applies to a path."""

    def __init__(self) -> None:
        self._by_folder: dict[str, Config] = {}

    def for_path(self, path: str) -> Config:
        visited: list[str] = []
        found = Config()
        for folder in config_folders(path):
            cached = self._by_folder.get(folder)
            if cached is not None:
                found = cached
                break
            visited.append(folder)
            config = _read(os.path.join(folder, "pyproject.toml"))
            if config is not None:
                found = config
                break
        for folder in visited:
            self._by_folder[folder] = found
        return found


def _read(candidate: str) -> Config | None:
    """The configuration in the file ``candidate``, or None when there is no such file or
    it has no ``[tool.flask-codemod]`` table."""
    if not os.path.isfile(candidate):
        return None
    try:
        with open(candidate, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{candidate}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    return parse(text, candidate)
