"""One ``.env`` variable, one value, across the files of a run.

A codemod sees one file at a time: two apps in two files may both move a ``SECRET_KEY`` to
``.env``, with different values. ``settle_env_names`` passes the first pass's results
through and re-runs (as Jobs, in the worker pool and through the result cache) the files
that would clash, showing them the names already taken as part of ``.env``. A re-run starts
where its first pass reached the first codemod that looked at ``.env`` (tool/resume.py).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Iterator, Mapping, Sequence

from .cache import passes_joined
from .paths import project_root
from .pipeline import Job
from .pool import process_jobs
from .project import format_env_value
from .results import FileResult, Options

# Counters for tests and benchmarks (this process): files re-run together in the worker pool
# (``batched``), and files re-run once more, alone, because their batched re-run did not hold
# (``redone``).
settle_stats = {"batched": 0, "redone": 0}


def settle_env_names(
    results: Iterable[FileResult],
    codemod_names: Sequence[str],
    options: Options | None = None,
    *,
    workers: int = 1,
) -> Iterator[FileResult]:
    """Pass FileResults through, in the order they come, so that no two files of one project
    want one ``.env`` variable with different values.

    A codemod sees one file at a time: two apps in two files may both move a ``SECRET_KEY``,
    with different values. The first file (in the order of the run, which is deterministic)
    keeps the name; a later file that wants a name already taken for another value is
    transformed again, this time seeing the names already taken as if they were in ``.env`` —
    where a codemod never reuses a name holding another value (dotenv-config then picks a
    qualified name, e.g. ``ADMIN_SECRET_KEY``).

    The names taken before a file are claimed by the final results of the files before it,
    which a plain loop knows only after re-running those files one at a time. Instead:

    1. While the first pass streams in, each result is checked against ``seen``, the claims
       of the first-pass results before it. Until the first clash these are the final claims,
       and results go out at once; from the first clash on, they are held back.
    2. Each clashing file is re-run with ``seen`` (as it was before that file) shown as part
       of ``.env``: all of them together, in the worker pool, through the result cache (the
       lines shown are part of the cache key, and the ``.env`` read is recorded as any read).
    3. In the order of the run, each held-back result is settled against ``taken``, the claims
       of the final results before it, exactly as the loop would: a result that clashes with
       nothing in ``taken`` is kept as it is; else its re-run is kept if it holds (below);
       else the file is re-run once more, alone, seeing ``taken`` itself (what the loop does),
       and that is kept if it succeeds without a clash; else the first result is kept (and
       the merge reports the clash). A batched re-run that failed (an error, or the file
       changed on disk since the first pass) is not retried: the first result is kept.

    A batched re-run holds when it succeeded (on the same bytes as the first pass), claims no
    name ``taken`` holds with another value, everything it was shown is in ``taken`` with the
    same value (``seen`` ⊆ ``taken``), and none of the names in ``taken`` it was not shown
    occurs as a word in the file (before or after). Then seeing ``taken`` would have given the
    same result, because of how ``.env`` is used: only dotenv-config reads its values, and only
    to give each setting the first of its candidate names not holding another value, and to
    say so when the setting's own key (a word of the file) holds another value. A name it was
    not shown could change a choice only by holding another value under the name chosen (a
    clash: checked) — names passed over hold other values in ``seen``, so in ``taken`` too —
    or the finding only by being one of the file's keys (checked). Every clash check is made
    against the final claims, so the result is the loop's, for any number of jobs.
    """
    with passes_joined():  # nothing is written before the re-runs: they see the tree as the first pass saw it
        yield from _settled(results, codemod_names, options, workers)


def _settled(
    results: Iterable[FileResult], codemod_names: Sequence[str], options: Options | None, workers: int
) -> Iterator[FileResult]:
    pending: list[tuple[FileResult, str | None, dict[str, str] | None]] = []  # held back, in order
    seen: dict[str, dict[str, str]] = {}  # root -> variable -> value, first-pass claims
    taken: dict[str, dict[str, str]] = {}  # root -> variable -> value, final claims
    for result in results:
        root = _env_root(result)
        shown = None  # for a clashing file: the claims its re-run is shown
        if root is not None:
            claimed = seen.setdefault(root, {})
            if _conflicts(result, claimed):
                shown = dict(claimed)
            _claim(claimed, result)
        if pending or shown is not None:
            pending.append((result, root, shown))
            continue
        if root is not None:  # nothing re-run yet: the first-pass claims are the final ones
            _claim(taken.setdefault(root, {}), result)
        yield _without_resume(result)
    if not pending:
        return
    names = tuple(codemod_names)
    options = {name: dict(values) for name, values in (options or {}).items()}
    reruns = [_rerun(result, names, options, shown) for result, _, shown in pending if shown is not None]
    settle_stats["batched"] += len(reruns)
    outcomes = process_jobs(reruns, workers=workers)  # in the order of ``reruns``
    try:
        for result, root, shown in pending:
            outcome = next(outcomes) if shown is not None else None
            if root is not None:
                claimed = taken.setdefault(root, {})
                if _conflicts(result, claimed):
                    result = _settle(result, shown, outcome, claimed, names, options)
                _claim(claimed, result)
            yield _without_resume(result)
        next(outcomes, None)  # to its end: the pool packs the re-runs' cache entries there
    finally:
        outcomes.close()  # stops the pool now, also when the caller stops early


def _without_resume(result: FileResult) -> FileResult:
    """``result`` without the Resume it may carry: settled, it is not re-run again."""
    return dataclasses.replace(result, resume=None) if result.resume is not None else result


def _env_root(result: FileResult) -> str | None:
    """The project root of a result that claims ``.env`` variables; None for any other."""
    if result.error is None and any(edit.kind == "env" for edit in result.project_edits):
        return project_root(result.path)
    return None


def _claim(claimed: dict[str, str], result: FileResult) -> None:
    for edit in result.project_edits:
        if edit.kind == "env":
            claimed.setdefault(edit.key, edit.value)


def _conflicts(result: FileResult, taken: Mapping[str, str]) -> bool:
    return any(edit.kind == "env" and edit.key in taken and taken[edit.key] != edit.value for edit in result.project_edits)


def _settle(
    result: FileResult,
    shown: Mapping[str, str] | None,
    outcome: FileResult | None,
    taken: Mapping[str, str],
    names: tuple[str, ...],
    options: Options,
) -> FileResult:
    """The result for ``result``'s file, which clashes with ``taken``: ``outcome``, its batched
    re-run (which was shown ``shown``), when that holds; else a re-run seeing ``taken`` (see
    settle_env_names); else ``result`` itself."""
    if outcome is not None:
        if outcome.error is not None or outcome.digest != result.digest:
            return result  # it failed, or the file changed since the first pass: not retried
        if all(taken.get(key, _ABSENT) == value for key, value in shown.items()):  # shown ⊆ taken
            exact = len(shown) == len(taken)
            if not _conflicts(outcome, taken) and (exact or not _mentions_unseen(shown, taken, result.old_text, outcome.new_text)):
                return outcome
            if exact:  # it saw ``taken`` itself: the loop's re-run, and it did not settle
                return result
    settle_stats["redone"] += 1
    (again,) = process_jobs([_rerun(result, names, options, taken)])
    if again.error is not None or again.digest != result.digest or _conflicts(again, taken):
        return result
    return again


_ABSENT = object()
_WORD = re.compile(r"[A-Za-z0-9_]+")


def _mentions_unseen(shown: Mapping[str, str], taken: Mapping[str, str], *texts: str | None) -> bool:
    """Whether a variable of ``taken`` that is not in ``shown`` occurs as a word in ``texts``
    (costs the length of the texts, not the number of variables)."""
    return any(word in taken and word not in shown for text in texts if text for word in _WORD.findall(text))


def _rerun(result: FileResult, names: tuple[str, ...], options: Options, taken: Mapping[str, str]) -> Job:
    """The Job that transforms ``result``'s file again (for the same Flask version), seeing
    ``taken`` at the end of its ``.env``."""
    shown = "".join(f"{key}={format_env_value(value)}\n" for key, value in taken.items())
    return Job(result.path, names, options, env_shown=shown, target_version=result.target_version, resume=result.resume)
