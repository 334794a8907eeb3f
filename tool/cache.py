"""The result cache: a file that has not changed is not parsed again.

It wraps the per-file pipeline (tool/pipeline.py): ``process_job`` gives what
``pipeline.process_file`` would, from the cache when it can. An entry holds one file's
``FileResult`` and lives in ``.flask-codemod-cache/`` at the file's cache root (tool/paths.py:
the nearest folder, from the file upwards, that holds ``.git``, ``pyproject.toml`` or an
existing ``.flask-codemod-cache``; a file in no project is not cached). The folder holds its own ``.gitignore`` (``*``), so it never shows in ``git status``.

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
result again.

Entries are JSON, never pickles: a corrupted, truncated, foreign (another key, another
format) or ill-typed entry is ignored and overwritten, never trusted, and cannot run code.
Results with an error are not cached (they are retried next run). ``--no-cache`` (or the
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
from .codemods import Finding, ProjectEdit
from .paths import CACHE_DIR, cache_root
from .pipeline import Job, Reader
from .results import FileResult
from .sources import decode, digest, read_bytes_or_none
from .version import __version__
from .writing import write_private

ENV_DISABLE = "FLASK_CODEMOD_NO_CACHE"
FORMAT = 1
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

_roots: dict[str, str | None] = {}  # folder -> its cache root (tool/paths.py), looked up once


def _root_of(path: str) -> str | None:
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in _roots:
        _roots[folder] = cache_root(path)
    return _roots[folder]


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


class RecordingReader:
    """Wraps ``ctx.read_file``'s reader and remembers what every read returned."""

    def __init__(self, read: Callable[[str], str | None]) -> None:
        self._read = read
        self.reads: dict[str, str | None] = {}

    def __call__(self, relative: str) -> str | None:
        text = self._read(relative)
        self.reads.setdefault(relative, _text_digest(text))
        return text


# -- lookup and store ----------------------------------------------------------------------------


def process_job(job: Job, codemods: Sequence[Any]) -> FileResult:
    """``pipeline.process_file`` for ``job`` (``codemods``: the instances its names stand
    for), served from the cache when a valid entry exists, and stored in it otherwise."""
    variant = job.env_shown or None
    if not enabled() or job.source is not None:
        return _uncached(job, codemods)
    try:
        root = _root_of(job.path)
        data = read_bytes_or_none(job.path) if root is not None else None
    except Exception:  # pragma: no cover - defensive: the cache must never cost a file
        data = None
    if data is None:
        return _uncached(job, codemods)
    try:
        content_digest = digest(data)
        key = entry_key(job.path, content_digest, codemods, job.options, variant, job.target_version)
        hit = _lookup(root, key, job.path, data, job.reader)
    except Exception:
        hit, key = None, None
    if hit is not None:
        stats["hits"] += 1
        return dataclasses.replace(hit, target_version=job.target_version)
    stats["misses"] += 1
    recorder = RecordingReader(job.reader())
    result = pipeline.process_file(job.path, codemods, job.options, read_file=recorder, target_version=job.target_version)
    if key is not None and result.error is None and result.digest == content_digest:
        try:
            _store(root, key, result, recorder.reads)
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
    return os.path.join(root, CACHE_DIR, tool_fingerprint()[:16], key[:2], key + ".json")


def _lookup(root: str, key: str, path: str, data: bytes, reader: Callable[[], Reader]) -> FileResult | None:
    entry_path = _entry_path(root, key)
    try:
        with open(entry_path, "rb") as handle:
            raw = handle.read(_MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    try:
        result = _decode_entry(raw, key, path, data, reader)
    except Exception:
        result = None
    if result is None:
        stats["rejected"] += 1
    return result


def _decode_entry(raw: bytes, key: str, path: str, data: bytes, reader: Callable[[], Reader]) -> FileResult | None:
    """The FileResult an entry describes, or None unless every part of it checks out."""
    if len(raw) > _MAX_ENTRY_BYTES:
        return None
    entry = json.loads(raw.decode("utf-8"))
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    reads = entry["reads"]
    if not isinstance(reads, list):
        return None
    if reads:
        read = reader()
        for item in reads:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                return None
            if item[1] is not None and not isinstance(item[1], str):
                return None
            if _text_digest(read(item[0])) != item[1]:
                return None  # a template, a sibling module, a Procfile changed
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


def _typed(values: Any, types: tuple[type, ...]) -> list[Any]:
    if not isinstance(values, list) or len(values) != len(types):
        raise ValueError("bad entry")
    for value, kind in zip(values, types):
        if type(value) is not kind:  # bool is not int here, and int is not bool
            raise ValueError("bad entry")
    return values


def _store(root: str, key: str, result: FileResult, reads: Mapping[str, str | None]) -> None:
    unchanged = result.new_text == result.old_text
    entry = {
        "format": FORMAT,
        "key": key,
        "reads": [[relative, digest] for relative, digest in sorted(reads.items())],
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
        _prepare(root)
        os.makedirs(folder, exist_ok=True)
    write_private(target, data)
    stats["stores"] += 1


def _prepare(root: str) -> None:
    """Create the cache folder with its .gitignore; drop entries of other tool versions."""
    cache = os.path.join(root, CACHE_DIR)
    os.makedirs(cache, exist_ok=True)
    ignore = os.path.join(cache, ".gitignore")
    if not os.path.exists(ignore):
        write_private(ignore, b"# created by flask-codemod: a cache, never committed\n*\n", prefix=".gitignore-")
    current = tool_fingerprint()[:16]
    for name in os.listdir(cache):
        if name != current and len(name) == 16 and os.path.isdir(os.path.join(cache, name)):
            shutil.rmtree(os.path.join(cache, name), ignore_errors=True)
