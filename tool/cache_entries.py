"""A result cache entry (tool/cache.py) as it is stored, and the FileResult it gives back once
every part of it checks out: JSON, never a pickle; a damaged, foreign or ill-typed entry gives
nothing."""

from __future__ import annotations

from typing import Any, Mapping

from .cache_pack import ReadsHold
from .cache_reads import listing_now
from .codemods import Finding, ProjectEdit
from .pipeline import Job
from .results import FileResult
from .sources import Source, decode


def entry_of(
    entry_format: int,
    key: str,
    slot: str,
    result: FileResult,
    reads: Mapping[str, str | None],
    stamps: Mapping[str, list[int] | None],
    listing: dict[str, str] | None,
    source: tuple[list[int] | None, str] | None,
) -> dict[str, Any]:
    """The entry of ``result``: ``reads`` (path relative to the file's folder -> hash) with
    their ``stamps``, the parts of the project ``listing`` looked at, and ``source``: the
    file's stamp before it was read (None: changed in the racy window) and its hash."""
    unchanged = result.new_text == result.old_text
    return {
        "format": entry_format,
        "key": key,
        "slot": slot,  # the same for the entries of another text of the file (tool/cache_pack.py)
        "reads": [[relative, digest, stamps.get(relative)] for relative, digest in sorted(reads.items())],
        "listing": listing,
        "source": list(source) if source is not None else None,
        "result": {
            "unchanged": unchanged,
            "new_text": None if unchanged else result.new_text,
            "encoding": result.encoding,
            "bom": result.bom,
            "error": result.error,
            "findings": [[f.codemod, f.line, f.column, f.message] for f in result.findings],
            "project_edits": [
                [e.codemod, e.kind, e.key, e.value, e.secret, e.example, e.line] for e in result.project_edits
            ],
            "rewrites": [[name, count] for name, count in result.rewrites],
            "hunks": None if unchanged else result.hunks(),  # (None: not known)
        },
    }


def unchanged_without_edits(stored: Any) -> bool:
    """Whether an entry's ``result`` says no codemod changed the file, nor failed on it, nor
    asked for a project edit: a result whose text nothing needs but a caller that asks for it
    (``Job.unchanged_text``)."""
    return stored["unchanged"] is True and stored["error"] is None and stored["project_edits"] == []


def result_of(
    entry: Any, job: Job, data: bytes | None, reads_hold: ReadsHold, listing_record: str, source: Source | None = None
) -> FileResult | None:
    """The FileResult an entry describes, or None unless every part of it checks out;
    ``data``: the file's bytes now; ``listing_record``: where its project's listing is
    recorded (tool/cache_reads.py); ``source``: ``data`` decoded, when that is known without
    decoding it. ``data`` None: the file was not read (its stamp is the entry's, and the Job
    needs no text of an unchanged file): a result that holds no text, for an entry that is
    ``unchanged_without_edits`` (any other gives None)."""
    if not isinstance(entry, dict):
        return None
    listed = entry["listing"]
    if not (listed is None or isinstance(listed, dict)):
        return None
    if not reads_hold(entry["reads"], job):
        return None  # a template, a sibling module, a Procfile changed
    if listed and listed != {view: digest for view, digest in (listing_now(job, listing_record) or {}).items() if view in listed}:
        return None  # a module of the project (or, for an entry that looked at every file, any file) was added or removed
    path = job.path
    stored = entry["result"]
    if not isinstance(stored, dict):
        return None
    if data is None:
        if job.unchanged_text or not unchanged_without_edits(stored):
            return None
        old_text = new_text = error = None
        encoding, bom, digest = stored["encoding"], stored["bom"], entry["source"][1]
        if type(encoding) is not str or type(bom) is not bool or type(digest) is not str:
            return None
    else:
        source = source or decode(data)
        old_text, encoding, bom, digest = source.text, source.encoding, source.bom, source.digest
        if stored["encoding"] != encoding or stored["bom"] is not bom:
            return None
        new_text = source.text if stored["unchanged"] is True else stored["new_text"]
        error = stored["error"]
        if not isinstance(new_text, str) or not (error is None or type(error) is str and new_text is source.text):
            return None
    findings = tuple(Finding(*_typed(f, (str, int, int, str))) for f in stored["findings"])
    edits = tuple(
        ProjectEdit(*_typed(e, (str, str, str, str, bool, str, int))) for e in stored["project_edits"]
    )
    rewrites = tuple((name, count) for name, count in (_typed(r, (str, int)) for r in stored["rewrites"]))
    hunks = stored.get("hunks")
    diff = (old_text, new_text, hunks) if type(hunks) is str and old_text is not None and new_text != old_text else None
    return FileResult(
        path,
        old_text=old_text,
        new_text=new_text,
        findings=findings,
        project_edits=edits,
        rewrites=rewrites,
        error=error,
        error_from_text=error is not None,
        encoding=encoding,
        bom=bom,
        digest=digest,
        parsed=False,  # served from the cache: nothing was parsed
        target_version=job.target_version,
        diff=diff,  # type: ignore[arg-type]
    )


def _typed(values: Any, types: tuple[type, ...]) -> list[Any]:
    if not isinstance(values, list) or len(values) != len(types):
        raise ValueError("bad entry")
    for value, kind in zip(values, types):
        if type(value) is not kind:  # bool is not int here, and int is not bool
            raise ValueError("bad entry")
    return values
