"""``--commit``: the change of a run split into one commit per codemod.

What each codemod did to each changed file comes from tool/steps.py (the text after each
codemod); the last step is the text the run wrote. Project files (``.gitignore``,
``.env.example``, requirements) are merged the same way from the first k codemods' project
edits. ``.env`` is never committed: it holds secrets and is listed in ``.gitignore``.

The plan must be made before anything is written (the project merge reads the files as they
were); the commits are created after the writes succeeded.
"""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Any, Mapping, Sequence

from .git import PlannedCommit, file_mode
from .paths import relative_to
from .project import merge
from .results import FileResult
from .sources import Source
from .steps import codemod_steps


def codemod_why(cls: type) -> str:
    """What a codemod does and why, from its documentation: the first prose paragraphs (at most
    two) that are not its summary, up to the first example; one line."""
    summary = " ".join(cls.SUMMARY.split()).rstrip(".")
    kept: list[str] = []
    for paragraph in cls.documentation().split("\n\n"):
        text = " ".join(paragraph.split())
        if not text or text.rstrip(".") == summary:
            continue
        first = paragraph.lstrip()
        if paragraph.startswith((" ", "\t")) or first.startswith(("```", ">>>", "Before", "Example", "Options", "It refuses", "Refuses")):
            break
        if text.endswith("::") or text.endswith(":") and "\n" in paragraph.strip():
            break
        kept.append(text)
        if len(kept) == 2:
            break
    return " ".join(kept)


SUBJECT_LIMIT = 72  # git's convention for the first line of a commit message
_CLAUSE_ENDS = ("; ", ", and ", ", so ", " so ", ", with ")


def commit_subject(cls: type) -> str:
    """``NAME: summary`` in at most 72 characters: the whole summary when it fits, else its
    longest run of whole clauses that fits, else as many words as fit and an ellipsis."""
    whole = " ".join(cls.SUMMARY.split())
    prefix = f"{cls.NAME}: "
    room = SUBJECT_LIMIT - len(prefix)
    if len(whole) <= room:
        return prefix + whole
    summary = whole.rstrip(".")
    cuts = [i for end in _CLAUSE_ENDS for i in _occurrences(summary, end) if i <= room]
    if cuts:
        return prefix + summary[: max(cuts)].rstrip(" ,;")
    words = summary[: room - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return prefix + words + "…"


def _occurrences(text: str, part: str) -> list[int]:
    found, start = [], text.find(part)
    while start != -1:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def commit_message(cls: type, reproduce: str) -> str:
    subject = commit_subject(cls)
    lines = [subject, ""]
    summary = " ".join(cls.SUMMARY.split())
    if subject != f"{cls.NAME}: {summary}":  # shortened: the whole summary first
        lines += textwrap.wrap(summary, SUBJECT_LIMIT, break_on_hyphens=False) + [""]
    why = codemod_why(cls)
    if why:
        lines += textwrap.wrap(why, SUBJECT_LIMIT) + [""]
    lines.append(f"Rewritten by flask-codemod ({cls.SAFETY}): {reproduce}")
    return "\n".join(lines) + "\n"


def plan(
    root: str,
    results: Sequence[FileResult],
    codemods_by_path: Mapping[str, Sequence[type]],
    options_by_path: Mapping[str, Mapping[str, Mapping[str, Any]]],
    reproduce: Mapping[str, str],
    *,
    workers: int = 1,
) -> list[PlannedCommit]:
    """One PlannedCommit per codemod that changed something (engine order).

    ``codemods_by_path``/``options_by_path``: what ran on each file; ``reproduce``: codemod
    name -> the command line to put in its commit message; ``workers``: processes for the
    re-runs.
    """
    order: list[type] = []
    for classes in codemods_by_path.values():
        for cls in classes:
            if cls not in order:
                order.append(cls)
    order.sort(key=lambda c: (c.ORDER, c.NAME))

    per_step: dict[str, dict[str, bytes]] = {cls.NAME: {} for cls in order}
    modes: dict[str, str] = {}
    by_path = {r.path: r for r in results}
    for path, steps in codemod_steps(results, codemods_by_path, options_by_path, workers=workers).items():
        result = by_path[path]
        source = Source(result.old_text or "", result.encoding, result.bom, result.digest)
        name = relative_to(path, root)
        for cls, text in steps:
            per_step[cls.NAME][name] = source.encode(text)
            modes[name] = file_mode(path)

    # project files: merged from the first k codemods' edits
    seen: dict[str, str] = {}
    for index, cls in enumerate(order):
        allowed = {c.NAME for c in order[: index + 1]}
        partial = [
            dataclasses.replace(r, project_edits=tuple(e for e in r.project_edits if e.codemod in allowed))
            for r in results
        ]
        changes, _ = merge(partial)
        for change in changes:
            if change.secret:
                continue
            name = relative_to(change.path, root)
            if seen.get(name) != change.new_text:
                seen[name] = change.new_text
                per_step[cls.NAME][name] = change.new_text.encode("utf-8", errors="surrogateescape")
                modes.setdefault(name, "100644")

    commits = []
    for cls in order:
        files = per_step[cls.NAME]
        if files:
            message = commit_message(cls, reproduce.get(cls.NAME, f"flask-codemod apply --select {cls.NAME}"))
            commits.append(PlannedCommit(message, files, {name: modes[name] for name in files}))
    return commits
