"""The ``.gitignore`` files that apply to a folder, read as git reads them: every one from the
repository root down to the folder (``rules_above``), the last matching pattern deciding, a
pattern pathspec rejects matching nothing. Each file's text is compiled once while kept, with
one expression for all its patterns, so that a path no pattern matches costs one search. Used
by the walk (tool/walk.py) and by what reads a project's ignore rules."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from .paths import repository_root

if TYPE_CHECKING:
    import pathspec


class IgnoreRules:
    """The .gitignore files that apply to one directory: (base dir, spec) pairs, each base an
    absolute path."""

    def __init__(self, rules: tuple[tuple[str, pathspec.PathSpec], ...] = ()) -> None:
        self.rules = rules
        self._prefixes = tuple((base.rstrip(os.sep) + os.sep, spec, _combined(spec)) for base, spec in rules)

    def extended_with(self, directory: str) -> "IgnoreRules":
        """These rules and those of ``directory``'s .gitignore (``directory``: absolute)."""
        spec = _load_gitignore(directory)
        return IgnoreRules(self.rules + ((directory, spec),)) if spec is not None else self

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether the last rule that matches ``path`` (absolute, below the bases it
        concerns) ignores it."""
        ignored = False
        for prefix, spec, any_pattern in self._prefixes:
            if not path.startswith(prefix):
                continue
            relative = path[len(prefix) :].replace(os.sep, "/") + ("/" if is_dir else "")
            if any_pattern is not None and any_pattern.search(relative) is None:
                continue  # no pattern of this file matches: it says nothing of ``path``
            result = spec.check_file(relative)
            if result.include is not None:
                ignored = result.include
        return ignored


_GROUP_NAME = re.compile(r"\(\?P<[^>]*>")


def _any_pattern(spec: pathspec.PathSpec) -> re.Pattern[str] | None:
    """One expression that matches where any pattern of ``spec`` that says something matches
    (each pattern is a regular expression searched in the path): most paths match none, and
    one search tells it instead of one per pattern. None when the patterns do not combine."""
    try:
        expressions = [
            _GROUP_NAME.sub("(?:", pattern.regex.pattern)
            for pattern in spec.patterns
            if pattern.include is not None and pattern.regex is not None
        ]
        if not all(isinstance(expression, str) for expression in expressions):
            return None
        return re.compile("|".join(f"(?:{expression})" for expression in expressions) or "(?!)")
    except (AttributeError, re.error):
        return None


# A .gitignore's text -> its spec and their combined expression (``_any_pattern``): the same
# files are read by the command line's walk and again by each listing of a project below it
# (and a spec is combined again for each folder below it that has a .gitignore of its own).
# Keyed by the text read each time, so a changed file is compiled again.
_SPECS: dict[str, tuple[pathspec.PathSpec, re.Pattern[str] | None]] = {}
_COMBINED: dict[int, tuple[pathspec.PathSpec, re.Pattern[str] | None]] = {}  # by id(spec) (kept alive here)
_MAX_SPECS = 1024  # kept at most; all dropped past it


def _combined(spec: pathspec.PathSpec) -> re.Pattern[str] | None:
    """``_any_pattern(spec)``, once per spec while kept."""
    known = _COMBINED.get(id(spec))
    if known is None or known[0] is not spec:
        return _any_pattern(spec)
    return known[1]


def gitignore_spec(lines: list[str]) -> pathspec.PathSpec:
    """A .gitignore's lines as pathspec reads them, less the patterns it rejects (a lone
    trailing backslash, a bare ``!``): git reads such a pattern as one that matches nothing,
    and so does the tool, instead of failing on the user's file."""
    import pathspec  # lazy: a re-run served by the cache reads no .gitignore

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if readable_pattern(line)])


def readable_pattern(line: str) -> bool:
    """Whether pathspec accepts ``line`` as a gitignore pattern."""
    import pathspec  # lazy: asked only for an exclude list, or a .gitignore pathspec refuses

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _load_gitignore(directory: str) -> pathspec.PathSpec | None:
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    known = _SPECS.get(text)
    if known is None:
        if len(_SPECS) >= _MAX_SPECS:
            _SPECS.clear()
            _COMBINED.clear()
        spec = gitignore_spec(text.splitlines())
        known = _SPECS[text] = _COMBINED[id(spec)] = (spec, _any_pattern(spec))
    return known[0]


def rules_above(directory: str) -> IgnoreRules:
    """The .gitignore files between the repository root and ``directory`` (inclusive)."""
    directory = os.path.abspath(directory)
    root = repository_root(directory)
    if root is None:
        chain = [directory]
    else:
        chain = []
        current = directory
        while True:
            chain.append(current)
            if current == root:
                break
            current = os.path.dirname(current)
        chain.reverse()
    rules = IgnoreRules()
    for folder in chain:
        rules = rules.extended_with(folder)
    return rules
