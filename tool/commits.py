"""``--commit``: the change of a run split into one commit per codemod.

The engine applies all codemods on one tree; to know what each one did, each changed file is
run again through the same pure core with the first k codemods (the engine order), so step k's
text is exactly what the full run had after its k-th codemod, and the last step is the text
the run wrote. Project files (``.gitignore``, ``.env.example``, requirements) are merged the
same way from the first k codemods' project edits. ``.env`` is never committed: it holds
secrets and is listed in ``.gitignore``.

The plan must be made before anything is written (the project merge reads the files as they
were); the commits are created after the writes succeeded.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Mapping, Sequence

from . import engine, project
from . import io as source_io
from .git import PlannedCommit, file_mode


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


def commit_message(cls: type, reproduce: str) -> str:
    lines = [f"{cls.NAME}: {cls.SUMMARY.strip()}", ""]
    why = codemod_why(cls)
    if why:
        import textwrap

        lines += textwrap.wrap(why, 72) + [""]
    lines.append(f"Rewritten by flask-codemod ({cls.SAFETY}): {reproduce}")
    return "\n".join(lines) + "\n"


def _encode(result: engine.FileResult, text: str) -> bytes:
    source = source_io.Source(result.old_text or "", result.encoding, result.bom, result.digest)
    return source.encode(text)


def plan(
    root: str,
    results: Sequence[engine.FileResult],
    codemods_by_path: Mapping[str, Sequence[type]],
    options_by_path: Mapping[str, Mapping[str, Mapping[str, Any]]],
    reproduce: Mapping[str, str],
) -> list[PlannedCommit]:
    """One PlannedCommit per codemod that changed something (engine order).

    ``codemods_by_path``/``options_by_path``: what ran on each file; ``reproduce``: codemod
    name -> the command line to put in its commit message.
    """
    from .suppress import transform

    order: list[type] = []
    for classes in codemods_by_path.values():
        for cls in classes:
            if cls not in order:
                order.append(cls)
    order.sort(key=lambda c: (c.ORDER, c.NAME))
    relative = lambda path: os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")  # noqa: E731

    per_step: dict[str, dict[str, bytes]] = {cls.NAME: {} for cls in order}
    modes: dict[str, str] = {}
    for result in results:
        if not result.changed:
            continue
        classes = list(codemods_by_path[result.path])
        previous = result.old_text or ""
        for index, cls in enumerate(classes):
            last = index == len(classes) - 1
            if last:
                text = result.new_text or ""
            elif not cls().applies_to(previous):
                continue
            else:
                step = transform(
                    result.old_text or "",
                    classes[: index + 1],
                    path=result.path,
                    options=options_by_path[result.path],
                    read_file=engine.sibling_reader(result.path),
                )
                text = previous if step.error is not None else step.new_text
            if text != previous:
                name = relative(result.path)
                per_step[cls.NAME][name] = _encode(result, text)
                modes[name] = file_mode(result.path)
                previous = text

    # project files: merged from the first k codemods' edits
    seen: dict[str, str] = {}
    for index, cls in enumerate(order):
        allowed = {c.NAME for c in order[: index + 1]}
        partial = [
            dataclasses.replace(r, project_edits=tuple(e for e in r.project_edits if e.codemod in allowed))
            for r in results
        ]
        changes, _ = project.merge(partial)
        for change in changes:
            if change.secret:
                continue
            name = relative(change.path)
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
