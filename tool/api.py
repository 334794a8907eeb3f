"""The Python API: ``flask_codemod.apply(paths, select=..., dry_run=True)``.

It runs exactly what ``flask-codemod apply`` runs (configuration, suppression comments,
project edits, reports) and returns the same results the command line reports, without
printing anything. A wrong codemod name, option or path raises ``flask_codemod.UsageError``
(a ValueError), where the command line would exit 2.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

from . import codemods as registry  # the registry, looked up at each call: it may be extended (tests do)
from .codemods import get_codemod
from .codemods._base import validate_options
from .outcome import Outcome
from .request import ApplyRequest
from .run import run_project
from .terminal import SilentOutput


def apply(
    paths: str | os.PathLike | Iterable[str | os.PathLike] = ".",
    *,
    select: str | Iterable[str] | None = None,
    skip: str | Iterable[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    target_version: str | None = None,
    dry_run: bool = True,
    check: bool = False,
    jobs: int = 1,
    diff_file: str | None = None,
    reports: Iterable[str] = (),
    changed_since: str | None = None,
    commit: bool = False,
    allow_dirty: bool = False,
    use_config: bool = True,
) -> Outcome:
    """Run the codemods on ``paths``; returns an ``Outcome``.

    ``dry_run=True`` (the default) writes nothing; pass ``dry_run=False`` to rewrite the files.
    ``options`` is ``{"cache-views": {"timeout": 600}}``, typed values as in pyproject.toml.
    ``target_version`` is the Flask version the code must run on (``"2.2"``), as
    ``--target-version``.
    The Outcome has ``exit_code`` (what the command line would exit with), ``patch`` (the
    change as a ``git apply`` patch), ``results`` (one FileResult per file), ``errors``,
    ``summary``, and ``report()``: the JSON report as a dict (see the report schema).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = _names(select)
    skipped = _names(skip) or []
    for name in (names or []) + skipped:
        get_codemod(name)
    request = ApplyRequest(
        paths=[os.fspath(p) for p in paths],
        select=names,
        skip=skipped,
        options=validate_options(registry.all_codemods(), options or {}, from_text=False),
        target_version=target_version,
        dry_run=dry_run and not check,
        check=check,
        jobs=jobs,
        diff_file=diff_file,
        reports=list(reports),
        changed_since=changed_since,
        commit=commit,
        allow_dirty=allow_dirty,
        use_config=use_config,
    )
    return run_project(request, SilentOutput())


def _names(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    names = [part.strip() for item in value for part in str(item).split(",") if part.strip()]
    return names or None
