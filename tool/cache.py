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
entry only if each one still returns the same. A codemod is deterministic given its inputs,
so if every read it made returns what it did, it would make the same reads and the same
result again. The listing of the project's files (``ctx.project_files()``) is such a read,
recorded as the part of it the codemod looked at: its Python files (``files``: a new module
invalidates the entry, a new log file does not) or every file (``every_file``).

Within one pass over the files (``one_run``: tool/pool.py opens it around each batch of
Jobs) the tree is read, not written: a lookup then checks each project's listing, and hashes
each file a recorded read names, once per pass, not once per entry that recorded it.

Entries are JSON, never pickles: a corrupted, truncated, foreign (another key, another
format) or ill-typed entry is ignored and overwritten, never trusted, and cannot run code.
Results with an error (of the file, or of one codemod) are not cached: they are retried
next run. ``--no-cache`` (or the
environment variable ``FLASK_CODEMOD_NO_CACHE=1``) turns the cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import sys
from functools import lru_cache
from importlib import metadata
from typing import Any, Callable, Iterator, Mapping, Sequence

from . import pipeline
from . import codemods as codemods_package
from .codemods import Finding, ProjectEdit, ProjectFiles, project_files_of
from .paths import project_root, user_cache_dir
from .pipeline import Job
from .results import FileResult
from .sources import decode, digest, read_bytes_or_none
from .version import __version__
from .writing import write_private

ENV_DISABLE = "FLASK_CODEMOD_NO_CACHE"
FORMAT = 2
VERSION_PREFIX = "entries-"
_MAX_ENTRY_BYTES = 64 * 1024 * 1024

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

_projects: dict[str, str] = {}  # folder -> its project root, looked up once


def project_root_of(path: str) -> str:
    """``project_root(path)``, found once per folder."""
    folder = os.path.dirname(os.path.abspath(path))
    root = _projects.get(folder)
    if root is None:
        root = _projects[folder] = project_root(path)
    return root


def _root_of(path: str) -> str:
    """The folder of the user cache that holds the entries of ``path``'s project."""
    name = hashlib.sha256(project_root_of(path).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(_version_folder(), name)


def _version_folder() -> str:
    return os.path.join(user_cache_dir(), f"{VERSION_PREFIX}{__version__}-{tool_fingerprint()[:16]}")


# -- what ----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def tool_fingerprint() -> str:
    """Changes whenever the tool, a codemod, LibCST or Python changes."""
    fingerprint = hashlib.sha256()
    try:
        libcst_version = metadata.version("libcst")
    except Exception:  # pragma: no cover - an unusual install
        libcst_version = "?"
    fingerprint.update(f"{FORMAT}|{__version__}|{libcst_version}|{sys.implementation.name}|{sys.version}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    codemods = os.path.dirname(os.path.abspath(codemods_package.__file__))
    for folder in sorted({package, codemods}):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                fingerprint.update(name.encode() + b"\0")
                with open(os.path.join(folder, name), "rb") as handle:
                    fingerprint.update(hashlib.sha256(handle.read()).digest())
    return fingerprint.hexdigest()


def entry_key(
    path: str,
    content_digest: str,
    codemods: Sequence[Any],
    options: Mapping[str, Mapping[str, Any]] | None,
    variant: str | None = None,
    target_version: tuple[int, int] | None = None,
) -> str:
    names = [getattr(c, "NAME", repr(c)) for c in codemods]
    classes = [f"{type(c).__module__}.{type(c).__qualname__}" if not isinstance(c, type) else f"{c.__module__}.{c.__qualname__}" for c in codemods]
    chosen = {name: dict(sorted((options or {}).get(name, {}).items())) for name in names}
    described = json.dumps(
        [FORMAT, tool_fingerprint(), os.path.abspath(path), content_digest, names, classes, chosen, variant, target_version],
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def _text_digest(text: str | None) -> str | None:
    if text is None:
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# The parts of a project listing (ProjectFiles) a codemod may look at, as an entry records them.
LISTING_VIEWS = ("files", "every_file")


def listing_digests(listing: ProjectFiles) -> dict[str, str]:
    """A hash of each part of ``listing`` (LISTING_VIEWS)."""
    return {view: _text_digest("\n".join(getattr(listing, view))) or "" for view in LISTING_VIEWS}


class _WatchedListing(ProjectFiles):
    """A project listing that notes which of its parts (LISTING_VIEWS) a codemod looked at."""

    def __getattribute__(self, name: str) -> Any:
        if name in LISTING_VIEWS:
            object.__getattribute__(self, "looked_at").add(name)
        return object.__getattribute__(self, name)


class RecordingReader:
    """Wraps ``ctx.read_file``'s reader and remembers what every read returned, and which
    parts of the project listing were looked at."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self._read = read
        self.reads: dict[str, str | None] = {}
        self._listings: list[tuple[ProjectFiles, set[str]]] = []

    def __call__(self, relative: str) -> str | None:
        text = self._read(relative)
        self.reads.setdefault(relative, _text_digest(text))
        return text

    def project_files(self) -> ProjectFiles | None:
        listing = project_files_of(self._read)
        if listing is None:
            return None
        watched = _WatchedListing(listing.this, listing.files, listing.every_file)
        looked_at: set[str] = set()
        object.__setattr__(watched, "looked_at", looked_at)
        self._listings.append((listing, looked_at))
        return watched

    def listing(self) -> dict[str, str] | None:
        """The hash of each part of the project listing that was looked at; None when the
        listing was never asked for."""
        if not self._listings:
            return None
        listing = self._listings[-1][0]
        used = set().union(*(looked_at for _, looked_at in self._listings))
        return {view: digest for view, digest in listing_digests(listing).items() if view in used}


# -- one run's memory ------------------------------------------------------------------------------


class _RunMemory:
    """What one pass over the files learned of the tree: each project's listing hashes (by
    root) and the hash of each file a recorded read named (by absolute path)."""

    def __init__(self) -> None:
        self.listings: dict[str, dict[str, str] | None] = {}
        self.reads: dict[str, str | None] = {}
        self.by_spelling: dict[tuple[str, str], str | None] = {}  # (folder, path relative to it) -> hash
        self._files: dict[tuple[str, str], str | None] = {}
        self._real_folders: dict[str, str] = {}

    def file_of(self, folder: str, relative: str) -> str | None:
        """One spelling for every path that names the same file: ``relative`` (to the
        absolute ``folder``) as a real absolute path, when only leading ``..`` climb (a
        ``..`` after a folder may climb out of a symbolic link: such a path has none)."""
        spelled = (folder, relative)
        if spelled not in self._files:
            parts = relative.replace(os.sep, "/").split("/")
            climbs = 0
            while climbs < len(parts) and parts[climbs] == "..":
                climbs += 1
            if ".." in parts[climbs:] or os.path.isabs(relative):
                self._files[spelled] = None
            else:
                real = self._real_folders.get(folder)
                if real is None:
                    real = self._real_folders[folder] = os.path.realpath(folder)
                self._files[spelled] = os.path.normpath(os.path.join(real, relative))
        return self._files[spelled]


_memory: _RunMemory | None = None


def remember_in_this_process() -> None:
    """``one_run`` for the rest of this process's life: a worker process of one pass."""
    global _memory
    _memory = _RunMemory()


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """A pass over files that writes none of them: within it, a lookup checks each project
    listing and each recorded read once, not once per entry."""
    global _memory
    outer = _memory
    _memory = _RunMemory()
    try:
        yield
    finally:
        _memory = outer


# -- lookup and store ----------------------------------------------------------------------------


def cached_result(job: Job, codemods: Sequence[Any]) -> FileResult | None:
    """What ``process_job`` would give for ``job`` when the cache holds a valid entry for
    it; None when it does not (or the cache is off, or the Job is not cached)."""
    if not enabled() or job.source is not None:
        return None
    try:
        data = read_bytes_or_none(job.path)
        if data is None:
            return None
        key = entry_key(job.path, digest(data), codemods, job.options, job.env_shown or None, job.target_version)
        hit = _lookup(_root_of(job.path), key, job, data)
    except Exception:  # the cache must never cost a file
        return None
    if hit is None:
        return None
    stats["hits"] += 1
    return dataclasses.replace(hit, target_version=job.target_version)


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
    recorder = RecordingReader(job.reader())
    result = pipeline.process_file(job.path, codemods, job.options, read_file=recorder, target_version=job.target_version)
    if key is not None and not result.problems() and result.digest == content_digest:
        try:
            _store(root, key, result, recorder.reads, recorder.listing())
        except Exception:  # a read-only tree, a full disk: run uncached
            pass
    return result


def _uncached(job: Job, codemods: Sequence[Any]) -> FileResult:
    if not job.env_shown and job.source is None:  # the pipeline's own reader
        return pipeline.process_file(job.path, codemods, job.options, target_version=job.target_version)
    return pipeline.process_file(
        job.path, codemods, job.options, read_file=job.reader(), source=job.source, target_version=job.target_version
    )


def _entry_path(root: str, key: str) -> str:
    return os.path.join(root, key[:2], key + ".json")


def _lookup(root: str, key: str, job: Job, data: bytes) -> FileResult | None:
    entry_path = _entry_path(root, key)
    try:
        with open(entry_path, "rb") as handle:
            raw = handle.read(_MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    try:
        result = _decode_entry(raw, key, job, data)
    except Exception:
        result = None
    if result is None:
        stats["rejected"] += 1
    return result


def _decode_entry(raw: bytes, key: str, job: Job, data: bytes) -> FileResult | None:
    """The FileResult an entry describes, or None unless every part of it checks out."""
    if len(raw) > _MAX_ENTRY_BYTES:
        return None
    entry = json.loads(raw.decode("utf-8"))
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    reads = entry["reads"]
    listed = entry["listing"]
    if not isinstance(reads, list) or not (listed is None or isinstance(listed, dict)):
        return None
    if reads and not _reads_unchanged(reads, job):
        return None  # a template, a sibling module, a Procfile changed
    if listed and listed != {view: digest for view, digest in (_listing_now(job) or {}).items() if view in listed}:
        return None  # a module of the project (or, for an entry that looked at every file, any file) was added or removed
    path = job.path
    source = decode(data)
    stored = entry["result"]
    if not isinstance(stored, dict):
        return None
    if stored["encoding"] != source.encoding or stored["bom"] is not source.bom:
        return None
    new_text = source.text if stored["unchanged"] is True else stored["new_text"]
    if not isinstance(new_text, str):
        return None
    findings = tuple(Finding(*_typed(f, (str, int, int, str))) for f in stored["findings"])
    edits = tuple(
        ProjectEdit(*_typed(e, (str, str, str, str, bool, str, int))) for e in stored["project_edits"]
    )
    rewrites = tuple((name, count) for name, count in (_typed(r, (str, int)) for r in stored["rewrites"]))
    return FileResult(
        path,
        old_text=source.text,
        new_text=new_text,
        findings=findings,
        project_edits=edits,
        rewrites=rewrites,
        error=None,
        encoding=source.encoding,
        bom=source.bom,
        digest=source.digest,
        parsed=False,  # served from the cache: nothing was parsed
    )


def _reads_unchanged(reads: list[Any], job: Job) -> bool:
    """Whether each read an entry recorded (``[relative path, hash]``) returns what it did."""
    read = job.reader()
    folder = os.path.dirname(os.path.abspath(job.path))
    known = _memory.by_spelling if _memory is not None else {}
    for item in reads:
        if type(item) is not list or len(item) != 2:
            return False
        relative, recorded = item
        if type(relative) is not str or recorded is not None and type(recorded) is not str:
            return False
        shown = job.env_shown and relative.endswith(".env")  # a Job may show more than .env holds
        now = known.get((folder, relative), _UNKNOWN) if not shown else _UNKNOWN
        if now is _UNKNOWN:
            now = _read_digest(read, folder, relative, remember=not shown)
        if now != recorded:
            return False
    return True


_UNKNOWN = object()


def _read_digest(read: Callable[[str], str | None], folder: str, relative: str, *, remember: bool) -> str | None:
    """The hash of what ``read(relative)`` returns; in a run, remembered for the file it names."""
    where = _memory.file_of(folder, relative) if _memory is not None and remember else None
    if where is None:
        return _text_digest(read(relative))
    assert _memory is not None
    if where not in _memory.reads:
        _memory.reads[where] = _text_digest(read(relative))
    _memory.by_spelling[(folder, relative)] = now = _memory.reads[where]
    return now


def _listing_now(job: Job) -> dict[str, str] | None:
    """The hash of each part of the listing of ``job``'s project as it is now: once per
    project in a run."""
    if _memory is None:
        listing = project_files_of(job.reader())
        return listing_digests(listing) if listing is not None else None
    root = project_root_of(job.path)
    if root not in _memory.listings:
        listing = project_files_of(job.reader())
        _memory.listings[root] = listing_digests(listing) if listing is not None else None
    return _memory.listings[root]


def _typed(values: Any, types: tuple[type, ...]) -> list[Any]:
    if not isinstance(values, list) or len(values) != len(types):
        raise ValueError("bad entry")
    for value, kind in zip(values, types):
        if type(value) is not kind:  # bool is not int here, and int is not bool
            raise ValueError("bad entry")
    return values


def _store(root: str, key: str, result: FileResult, reads: Mapping[str, str | None], listing: dict[str, str] | None = None) -> None:
    unchanged = result.new_text == result.old_text
    entry = {
        "format": FORMAT,
        "key": key,
        "reads": [[relative, digest] for relative, digest in sorted(reads.items())],
        "listing": listing,
        "result": {
            "unchanged": unchanged,
            "new_text": None if unchanged else result.new_text,
            "encoding": result.encoding,
            "bom": result.bom,
            "findings": [[f.codemod, f.line, f.column, f.message] for f in result.findings],
            "project_edits": [
                [e.codemod, e.kind, e.key, e.value, e.secret, e.example, e.line] for e in result.project_edits
            ],
            "rewrites": [[name, count] for name, count in result.rewrites],
        },
    }
    data = json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    target = _entry_path(root, key)
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        _prepare()
        os.makedirs(folder, exist_ok=True)
    write_private(target, data)
    stats["stores"] += 1


def _prepare() -> None:
    """Create this version's folder; remove the folders of this version with another
    fingerprint (an edited or reinstalled tool: their entries can never match again)."""
    current = _version_folder()
    os.makedirs(current, exist_ok=True)
    parent, mine = os.path.split(current)
    same_version = f"{VERSION_PREFIX}{__version__}-"
    for name in os.listdir(parent):
        if name != mine and name.startswith(same_version) and os.path.isdir(os.path.join(parent, name)):
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
