"""The result cache: a file that has not changed is not parsed again.

It wraps the per-file pipeline (tool/pipeline.py): ``process_job`` gives what
``pipeline.process_file`` would, from the cache when it can. An entry holds one file's
``FileResult``. Entries live outside the user's tree, as black's do: in the user's cache
directory (``user_cache_dir`` in tool/paths.py: platformdirs, or
``$FLASK_CODEMOD_CACHE_DIR``), in a folder per tool version and fingerprint, then per project
(a hash of the file's project root, tool/paths.py), so a run (``--dry-run`` and ``--check``
included) creates nothing in the tree it reads. Preparing a version's folder removes the
folders of the same version with another fingerprint (an edited or reinstalled tool), never
those of other versions (another installation may use them).

What an entry is keyed by — everything the result is a function of:

- the file's bytes (sha256) and its absolute path (``ctx.path`` and ``ctx.read_file`` depend
  on where the file is);
- the tool itself: its version and a fingerprint of the source of ``flask_codemod`` and
  every codemod, the LibCST and Python versions (an edited codemod invalidates the cache);
- the selected codemods, in order, and their options;
- the lines a Job shows as part of ``.env`` (the re-runs of tool/settle.py, which show the
  names other files took: without them in the key a re-run's entry and the first run's
  would take each other's place).
- the Flask version the file is transformed for (the target version: an upgrade codemod
  rewrites for Flask 2.0 what it only reports for an older target).

Codemods may also read other files of the project (templates, sibling modules, a Procfile)
through ``ctx.read_file``. Each such read is recorded with a hash of what it returned (or
its absence) and stored in the entry; a lookup repeats every recorded read and trusts the
entry only if each one still returns the same. A read also records the file's stamp (size,
mtime, ctime, inode) taken before reading it, unless it changed in the last seconds: a file
with that same stamp is not read again (ctime cannot be set back, so a rewrite that restores
size and mtime is still seen). The file itself is stamped the same way when its entry is
stored: a look-up that finds the file's stamp unchanged takes that entry without hashing the
file or detecting its encoding again (it still reads it, for the result holds its text,
unless the entry says nothing changed the file and the run needs no text of an unchanged
file: ``Job.unchanged_text``). A changed file's entry keeps the hunks of its diff too.
A codemod is deterministic given its inputs,
so if every read it made returns what it did, it would make the same reads and the same
result again. The listing of the project's files (``ctx.project_files()``) is such a read,
recorded as the part of it the codemod looked at: its Python files (``files``: a new module
invalidates the entry, a new log file does not) or every file (``every_file``). How reads and
listings are recorded and checked, once per run: tool/cache_reads.py.

Entries are JSON, never pickles: a corrupted, truncated, foreign (another key, another
format) or ill-typed entry is ignored and overwritten, never trusted, and cannot run code.
A project's entries are kept together, in one file read once per run (tool/cache_pack.py).
A result with an error that follows from the file's text alone (CPython will not compile
it: ``FileResult.error_from_text``) is cached like any other; any other error (a codemod that
crashed, a file that could not be read) is not: it is retried next run. ``--no-cache`` (or the
environment variable ``FLASK_CODEMOD_NO_CACHE=1``) turns the cache off.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import shutil
import sys
from functools import lru_cache
from typing import Any, Iterator, Mapping, Sequence

from . import cache_entries, cache_pack, pipeline
from . import codemods as codemods_package
from .cache_reads import (  # noqa: F401 (one_run, passes_joined, remember_in_this_process, _projects: for tool/pool.py, tool/settle.py and tests)
    RecordingReader,
    _projects,
    file_stamp,
    one_run,
    passes_joined,
    project_root_of,
    remember_in_this_process,
    remembered_in_run,
)
from .codemod_info import CodemodInfo
from .paths import user_cache_dir
from .pipeline import Job
from .results import FileResult
from .sources import Source, digest, read_bytes_or_none
from .unified_diffs import diff_hunks
from .version import __version__
from .writing import write_private

ENV_DISABLE = "FLASK_CODEMOD_NO_CACHE"
FORMAT = 5
VERSION_PREFIX = "entries-"
LISTING_RECORD = "listing.json"  # in a project's folder of the cache: tool/cache_reads.py

# Counters for tests and benchmarks (per process).
stats = {"hits": 0, "misses": 0, "stores": 0, "rejected": 0}


def enabled() -> bool:
    return os.environ.get(ENV_DISABLE, "").strip().lower() in ("", "0", "false", "no")


@contextlib.contextmanager
def disabled(active: bool = True) -> Iterator[None]:
    """Turn the cache off for the block (worker processes started in it inherit this)."""
    if not active:
        yield
        return
    previous = os.environ.get(ENV_DISABLE)
    os.environ[ENV_DISABLE] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENV_DISABLE, None)
        else:
            os.environ[ENV_DISABLE] = previous


# -- where ---------------------------------------------------------------------------------------

def _root_of(path: str) -> str:
    """The folder of the user cache that holds the entries of ``path``'s project (in a pass
    over the files, found once per folder)."""
    folder = os.path.dirname(os.path.abspath(path))
    return remembered_in_run(("cache folder", folder), (path,), _cache_folder_of)


def _cache_folder_of(path: str) -> str:
    name = hashlib.sha256(project_root_of(path).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(version_folder(), name)


def version_folder() -> str:
    return os.path.join(user_cache_dir(), f"{VERSION_PREFIX}{__version__}-{tool_fingerprint()[:16]}")


# -- what ----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def tool_fingerprint() -> str:
    """Changes whenever the tool, a codemod, LibCST or Python changes."""
    fingerprint = hashlib.sha256()
    fingerprint.update(f"{FORMAT}|{__version__}|{libcst_version()}|{sys.implementation.name}|{sys.version}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    codemods = os.path.dirname(os.path.abspath(codemods_package.__file__))
    for folder in sorted({package, codemods}):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                fingerprint.update(name.encode() + b"\0")
                with open(os.path.join(folder, name), "rb") as handle:
                    fingerprint.update(hashlib.sha256(handle.read()).digest())
    return fingerprint.hexdigest()


def libcst_version() -> str:
    """LibCST's version, read from the ``libcst/_version.py`` its build writes, without importing
    LibCST or importlib.metadata (about 20 ms of a warm re-run); else from its installed metadata."""
    try:
        with open(os.path.join(os.path.dirname(importlib.util.find_spec("libcst").origin), "_version.py"), encoding="utf-8") as handle:
            module = ast.parse(handle.read())
    except (OSError, SyntaxError, ValueError, AttributeError, TypeError):
        module = ast.Module(body=[], type_ignores=[])
    for node in module.body:
        names = [target.id for target in getattr(node, "targets", ()) if isinstance(target, ast.Name)]
        if "__version__" in names and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return node.value.value
    from importlib import metadata  # lazy: only for a LibCST without _version.py

    try:
        return metadata.version("libcst")
    except Exception:  # pragma: no cover - an unusual install
        return "?"


def entry_key(
    path: str,
    content_digest: str,
    codemods: Sequence[Any],
    options: Mapping[str, Mapping[str, Any]] | None,
    variant: str | None = None,
    target_version: tuple[int, int] | None = None,
) -> str:
    """A hash of what a result is a function of: the part that is the same for every file of
    a selection (the tool, the codemods and options, ``.env`` lines, target version) hashed
    once per process (``_key_prefix``), then the file's absolute path, length first, and its digest."""
    key = _key_prefix(_selection(codemods, options), variant, target_version).copy()
    where = os.path.abspath(path).encode("utf-8", "surrogatepass")
    key.update(b"%d:%s%s" % (len(where), where, content_digest.encode("utf-8", "surrogatepass")))
    return key.hexdigest()


def _key_prefix(selection: str, variant: str | None, target_version: tuple[int, int] | None) -> Any:
    described = (FORMAT, tool_fingerprint(), selection, variant, target_version)
    known = _key_prefixes.get(described)
    if known is None:
        if len(_key_prefixes) >= 256:  # (the .env lines of settling re-runs vary)
            _key_prefixes.clear()
        text = json.dumps(list(described), default=repr).encode("utf-8", "surrogatepass")
        known = _key_prefixes[described] = hashlib.sha256(text)
    return known


_key_prefixes: dict[tuple[Any, ...], Any] = {}  # (what _key_prefix hashes) -> its hash so far


def _selection(codemods: Sequence[Any], options: Mapping[str, Mapping[str, Any]] | None) -> str:
    """The part of an entry's key that says which codemods run, in order, with which options;
    in a pass over the files, found once per selection (the same codemod objects and options)."""
    return remembered_in_run(("selection", tuple(map(id, codemods)), id(options)), (codemods, options), _described_selection)


def _described_selection(codemods: Sequence[Any], options: Mapping[str, Mapping[str, Any]] | None) -> str:
    names = [getattr(c, "NAME", repr(c)) for c in codemods]
    classes = [_class_path(c) for c in codemods]
    chosen = {name: dict(sorted((options or {}).get(name, {}).items())) for name in names}
    described = json.dumps([names, classes, chosen], sort_keys=True, default=repr)
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def _class_path(codemod: Any) -> str:
    """Where the class of ``codemod`` (a class, an instance, or its information:
    tool/codemod_info.py, which names it without importing it) is defined."""
    if isinstance(codemod, CodemodInfo):
        return codemod.class_path
    if isinstance(codemod, type):
        return f"{codemod.__module__}.{codemod.__qualname__}"
    return f"{type(codemod).__module__}.{type(codemod).__qualname__}"


# -- lookup and store ----------------------------------------------------------------------------


def cached_result(job: Job, codemods: Sequence[Any]) -> FileResult | None:
    """What ``process_job`` would give for ``job`` when the cache holds a valid entry for
    it; None when it does not (or the cache is off, or the Job is not cached)."""
    if not enabled() or job.source is not None:
        return None
    try:
        root = _root_of(job.path)
        hit = _unwritten_since_stored(root, job, codemods)
        if hit is None:
            data = read_bytes_or_none(job.path)
            if data is None:
                return None
            key = entry_key(job.path, digest(data), codemods, job.options, job.env_shown or None, job.target_version)
            hit = _lookup(root, key, job, data)
    except Exception:  # the cache must never cost a file
        return None
    if hit is None:
        return None
    stats["hits"] += 1
    return hit


def pack_entries() -> None:
    """Once a pass over the files has ended, in the process that looked its files up: keep
    the entries it missed, and those it found alone, in their projects' packs
    (tool/cache_pack.py)."""
    cache_pack.pack_noted(FORMAT)


def process_job(job: Job, codemods: Sequence[Any], *, looked_up: bool = False) -> FileResult:
    """``pipeline.process_file`` for ``job`` (``codemods``: the instances its names stand
    for), served from the cache when a valid entry exists, and stored in it otherwise;
    ``looked_up``: ``cached_result`` already found no entry."""
    if not looked_up:
        hit = cached_result(job, codemods)
        if hit is not None:
            return hit
    if not enabled() or job.source is not None:
        return _uncached(job, codemods)
    try:
        root = _root_of(job.path)
        stamp = file_stamp(job.path)  # (before the file is read: a write after it changes it)
        data = read_bytes_or_none(job.path)
    except Exception:  # pragma: no cover - defensive: the cache must never cost a file
        data = None
    if data is None:
        return _uncached(job, codemods)
    content_digest = digest(data)
    try:
        key: str | None = entry_key(job.path, content_digest, codemods, job.options, job.env_shown or None, job.target_version)
    except Exception:  # pragma: no cover - defensive
        key = None
    stats["misses"] += 1
    recorder = RecordingReader(job.reader(), os.path.dirname(os.path.abspath(job.path)))
    result = pipeline.process_file(
        job.path, codemods, job.options, read_file=recorder, target_version=job.target_version, resume=job.resume
    )
    if result.changed:  # the diff a run shows, kept with the entry (and made here, not in the main process)
        result = dataclasses.replace(result, diff=(result.old_text, result.new_text, diff_hunks(result.old_text, result.new_text)))
    if key is not None and (not result.problems() or result.error_from_text) and result.digest == content_digest:
        try:
            slot = entry_key(job.path, "", codemods, job.options, job.env_shown or None, job.target_version)
            _store(root, key, slot, result, recorder.reads, recorder.stamps, recorder.listing(), (stamp, content_digest))
            recorder.record_listing(job.path, os.path.join(root, LISTING_RECORD))
        except Exception:  # a read-only tree, a full disk: run uncached
            pass
    return result


def _uncached(job: Job, codemods: Sequence[Any]) -> FileResult:
    if not job.env_shown and job.source is None:  # the pipeline's own reader
        return pipeline.process_file(job.path, codemods, job.options, target_version=job.target_version, resume=job.resume)
    return pipeline.process_file(
        job.path, codemods, job.options, read_file=job.reader(), source=job.source, target_version=job.target_version,
        resume=job.resume,
    )


def _unwritten_since_stored(root: str, job: Job, codemods: Sequence[Any]) -> FileResult | None:
    """The result of the packed entry of ``job``'s file (its codemods, options, ``.env`` lines
    and target version: its ``slot``) whose source stamp is the file's stamp now: the file was
    not written since the miss that stored it took that stamp, so it holds the bytes that
    entry's key was made of. They are read (the result holds the text) but not hashed, nor
    their encoding detected again; not even read when no codemod changed the file, failed on
    it or asked for a project edit, and the Job needs no text of an unchanged file
    (``Job.unchanged_text``). None when the file has no stamp (changed in the racy window:
    ``file_stamp``) or no entry has it."""
    stamp = file_stamp(job.path)
    if stamp is None:
        return None
    slot = entry_key(job.path, "", codemods, job.options, job.env_shown or None, job.target_version)
    found = cache_pack.stamped_entry(root, slot, stamp)
    if found is None:
        return None
    entry, reads_hold = found
    record = os.path.join(root, LISTING_RECORD)
    try:
        stored = entry["result"]
        if not job.unchanged_text and cache_entries.unchanged_without_edits(stored):
            return cache_entries.result_of(entry, job, None, reads_hold, record)  # (the file is not read)
        data = read_bytes_or_none(job.path)
        if data is None or len(data) != stamp[0]:
            return None
        encoding, bom, content_digest = stored["encoding"], stored["bom"], entry["source"][1]
        if type(encoding) is not str or type(bom) is not bool or type(content_digest) is not str:
            return None
        text = (data[3:] if bom else data).decode(encoding)  # what decode() gave when it was stored
        return cache_entries.result_of(entry, job, data, reads_hold, record, Source(text, encoding, bom, content_digest))
    except Exception:
        return None


def _lookup(root: str, key: str, job: Job, data: bytes) -> FileResult | None:
    """The result of the first valid entry of ``key`` (in its pack, or kept alone)."""
    for entry, reads_hold in cache_pack.candidates(root, key, FORMAT):
        try:
            result = cache_entries.result_of(entry, job, data, reads_hold, os.path.join(root, LISTING_RECORD))
        except Exception:
            result = None
        if result is not None:
            return result
        stats["rejected"] += 1
    return None


def _store(
    root: str,
    key: str,
    slot: str,
    result: FileResult,
    reads: Mapping[str, str | None],
    stamps: Mapping[str, list[int] | None],
    listing: dict[str, str] | None = None,
    source: tuple[list[int] | None, str] | None = None,
) -> None:
    entry = cache_entries.entry_of(FORMAT, key, slot, result, reads, stamps, listing, source)
    data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    target = cache_pack.entry_path(root, key)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        _prepare()
        os.makedirs(folder, exist_ok=True)
    write_private(target, data)
    stats["stores"] += 1


def _prepare() -> None:
    """Create this version's folder; remove the folders of this version with another
    fingerprint (an edited or reinstalled tool: their entries can never match again)."""
    current = version_folder()
    os.makedirs(current, exist_ok=True)
    parent, mine = os.path.split(current)
    same_version = f"{VERSION_PREFIX}{__version__}-"
    for name in os.listdir(parent):
        if name != mine and name.startswith(same_version) and os.path.isdir(os.path.join(parent, name)):
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
