"""The scope of one run: which files, grouped by the configuration that applies to them (hence
one codemod selection and one set of options per group), and the git checks that narrow or
guard it (``--changed-since``, ``--commit``). Raises UsageError for a bad request."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .codemods import UsageError
from .config import Config, ConfigFinder
from .discover import discover
from .git import GitError, changed_since, dirty_paths
from .paths import repository_root
from .request import ApplyRequest
from .target import parse_target


@dataclass
class Group:
    """Paths that share one configuration, hence one codemod selection and options."""

    config: Config
    codemods: tuple[type, ...]
    options: dict[str, dict[str, Any]]
    paths: list[str] = field(default_factory=list)
    # --target-version, else the configured target-version; None: each file's project decides
    target_version: tuple[int, int] | None = None


def plan_groups(request: ApplyRequest, targets: Sequence[str]) -> list[Group]:
    """Group the paths by the configuration that applies to them (UsageError on a bad one)."""
    finder = ConfigFinder()
    groups: dict[Any, Group] = {}
    requested = parse_target(request.target_version, "--target-version") if request.target_version is not None else None
    for target in targets:
        config = finder.for_path(target) if request.use_config else Config()
        group = groups.get(config.path)
        if group is None:
            codemods = config.codemods(request.select, request.skip)
            if not codemods:
                where = f" (configuration: {config.path})" if config.path else ""
                raise UsageError(f"no codemod selected{where}")
            group = groups[config.path] = Group(
                config, codemods, config.merged_options(request.options), target_version=requested or config.target_version
            )
        group.paths.append(target)
    return list(groups.values())


def group_files(group: Group, request: ApplyRequest, changed_only: set[str] | None, errors: list[tuple[str, str]]) -> list[str]:
    """The Python files of ``group``'s paths, less the configured excludes (which spare a
    file named explicitly, unless ``--force-exclude``) and, with ``--changed-since``, less
    the unchanged files; folders that cannot be listed go to ``errors``."""
    found = discover(list(group.paths))
    errors.extend(found.errors)
    explicit = {os.path.abspath(p) for p in group.paths if os.path.isfile(p)}
    files = []
    for path in found.files:
        if (request.force_exclude or os.path.abspath(path) not in explicit) and group.config.excludes(path):
            continue
        if changed_only is not None and os.path.normpath(os.path.abspath(path)) not in changed_only:
            continue
        files.append(path)
    return files


def merged_options(groups: Sequence[Group]) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = {}
    for group in groups:
        for name, values in group.options.items():
            options.setdefault(name, {}).update(values)
    return options


def codemods_that_ran(codemods_by_path: Mapping[str, Sequence[type]]) -> list[type]:
    """Every codemod that ran on some file, in engine order."""
    seen: dict[str, type] = {}
    for classes in codemods_by_path.values():
        for cls in classes:
            seen.setdefault(cls.NAME, cls)
    return sorted(seen.values(), key=lambda c: (c.ORDER, c.NAME))


def commit_root(request: ApplyRequest, targets: Sequence[str]) -> str | None:
    """For --commit: the work tree root, refusing a dirty tree unless --allow-dirty."""
    if not request.commit:
        return None
    roots = {repository_root(t) for t in targets}
    if None in roots:
        raise UsageError("--commit needs the paths to be inside a git work tree")
    if len(roots) > 1:
        raise UsageError("--commit needs all paths inside one git work tree (give each repository as its own run)")
    root = roots.pop()
    try:
        dirty = dirty_paths(root)
    except GitError as error:
        raise UsageError(f"--commit: {error}") from None
    if dirty and not request.allow_dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise UsageError(f"--commit refuses to run on a dirty work tree ({root}: {shown}); commit or stash first, or pass --allow-dirty")
    return root


def changed_files(request: ApplyRequest, targets: Sequence[str]) -> set[str] | None:
    """For --changed-since: the files changed since the revision (absolute), else None."""
    if request.changed_since is None:
        return None
    changed: set[str] = set()
    for root in sorted({repository_root(t) or "" for t in targets}):
        if not root:
            raise UsageError("--changed-since needs the paths to be inside a git work tree")
        try:
            changed |= changed_since(root, request.changed_since)
        except GitError as error:
            raise UsageError(f"--changed-since: {error}") from None
    return changed
