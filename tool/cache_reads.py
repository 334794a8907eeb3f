"""What a cached result depends on besides its file (tool/cache.py): the other files its
codemods read through ``ctx.read_file`` and the part of the project listing
(``ctx.project_files()``) they looked at; how a miss records them and how a lookup checks them.

Within one pass over the files (``one_run``; tool/pool.py opens it around each batch of Jobs,
which read the tree and write nothing) a lookup checks each project's listing, and hashes each
file a recorded read names, once, not once per entry; a file whose stamp (``file_stamp``) is
the one recorded is not read at all. Across runs, a project's listing is
checked by the mtimes of its folders and ``.gitignore`` files (tool/walk.py), recorded next to
its entries (by a look-up that walked it, or by the miss that first listed it): an unchanged
project is not walked again, not even by the first re-run after the run that filled the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from typing import Any, Callable, Iterator

from . import pass_stats
from .codemods import ProjectFiles, project_files_of
from .file_texts import sibling_path, stamp_of
from .paths import project_root
from .pipeline import Job
from .text_digests import forget_text_digests, text_digest  # noqa: F401 (forget_text_digests: for tool/projects_kept.py)
from .walk import RACY_NS, listing_stamps, stamps_unchanged
from .writing import write_private

_projects: dict[str, str] = {}  # folder -> its project root, looked up once


def project_root_of(path: str) -> str:
    """``project_root(path)``, found once per folder."""
    folder = os.path.dirname(os.path.abspath(path))
    root = _projects.get(folder)
    if root is None:
        root = _projects[folder] = project_root(path)
    return root


def forget_project_roots() -> None:
    """Drop the project roots found (by folder: of no use to another project's files)."""
    _projects.clear()



# The parts of a project listing (ProjectFiles) a codemod may look at, as an entry records them.
LISTING_VIEWS = ("files", "every_file")


def listing_digests(listing: ProjectFiles) -> dict[str, str]:
    """A hash of each part of ``listing`` (LISTING_VIEWS)."""
    return {view: text_digest("\n".join(getattr(listing, view))) or "" for view in LISTING_VIEWS}


class _WatchedListing(ProjectFiles):
    """A project listing that notes which of its parts (LISTING_VIEWS) a codemod looked at."""

    def __getattribute__(self, name: str) -> Any:
        if name in LISTING_VIEWS:
            object.__getattribute__(self, "looked_at").add(name)
        return object.__getattribute__(self, name)


# A file changed this recently may change again within its clock's tick, leaving its stamp as
# it was (git's "racy clean" entries): its stamp is not recorded.
_RACY_NS = RACY_NS


def file_stamp(path: str) -> list[int] | None:
    """``stamp_of(path)`` (tool/file_texts.py), in this module's racy window."""
    return stamp_of(path, _RACY_NS)


class RecordingReader:
    """Wraps ``ctx.read_file``'s reader and remembers what every read returned (and, for a
    reader of the files around ``folder``, each file's stamp taken before it was read), and
    which parts of the project listing were looked at."""

    def __init__(self, read: Callable[[str], str | None], folder: str | None = None) -> None:
        self._read = read
        self._folder = folder
        # the reader's own ``read_stamped`` (tool/pipeline.py's SiblingReader), for a reader of ``folder``
        stamped = getattr(read, "read_stamped", None)
        self._read_stamped = stamped if folder is not None and getattr(read, "folder", None) == folder else None
        self.reads: dict[str, str | None] = {}
        self.stamps: dict[str, list[int] | None] = {}
        self._listings: list[tuple[ProjectFiles, set[str]]] = []
        self._digests: tuple[ProjectFiles, dict[str, str]] | None = None

    def __call__(self, relative: str) -> str | None:
        if relative in self.reads:
            return self._read(relative)
        if self._folder is None:
            stamp, text = None, self._read(relative)
        elif self._read_stamped is not None:  # the stamp of the stat that read the file
            stamp, text = self._read_stamped(relative, _RACY_NS)
        else:
            # (the path the reader reads: its first look in a pass comes before any read of it)
            stamp = file_stamp(sibling_path(self._folder, relative))
            text = self._read(relative)
        self.reads[relative] = text_digest(text)
        self.stamps[relative] = stamp
        return text

    def byte_order_mark(self, relative: str) -> str | None:
        """The reader's answer, its read recorded; a file found with a mark recorded as one
        whose bytes were looked at: no hash of its text matches it (the same text in another
        encoding is no hit), only its stamp, untouched since."""
        asks = getattr(self._read, "byte_order_mark", None)
        self(relative)
        mark = asks(relative) if asks is not None else None
        if mark is not None:
            self.reads[relative] = "bytes looked at"
        return mark

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
        used = set().union(*(looked_at for _, looked_at in self._listings))
        return {view: digest for view, digest in self.whole_listing().items() if view in used}

    def whole_listing(self) -> dict[str, str]:
        """The hash of each part of the last project listing asked for (there was one)."""
        listing = self._listings[-1][0]
        if self._digests is None or self._digests[0] is not listing:
            self._digests = (listing, listing_digests(listing))
        return self._digests[1]

    def record_listing(self, path: str, record: str) -> None:
        """Record the project listing this reader gave (``path``'s project) in ``record``,
        as ``listing_now`` would after walking it, unless this pass knows that project already:
        the next pass need not walk an unchanged project even when this one only missed."""
        if _memory is None or not self._listings:
            return
        root = project_root_of(path)
        if root in _memory.listings:
            return
        listing = self._listings[-1][0]
        stamps = listing_stamps(root, listing.every_file)
        _memory.listings[root] = digests = self.whole_listing()
        if stamps is not None:
            _record_listing(record, root, stamps, digests)


# -- one run's memory ------------------------------------------------------------------------------


class _RunMemory:
    """What one pass over the files learned of the tree: each project's listing hashes (by
    root) and the hash of each file a recorded read named (by absolute path)."""

    def __init__(self) -> None:
        self.listings: dict[str, dict[str, str] | None] = {}
        self.reads: dict[str, str | None] = {}
        self.by_spelling: dict[tuple[str, str], str | None] = {}  # (folder, path relative to it) -> hash
        self._files: dict[tuple[str, str], str | None] = {}
        self.derived: dict[Any, tuple[Any, Any]] = {}  # remembered_in_run: key -> (inputs, value)
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
    pass_stats.start_pass_for_this_process()


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """A pass over files that writes none of them: within it, a lookup checks each project
    listing and each recorded read once, not once per entry, and what the files' codemods
    list and read is stat'ed once (tool/pass_stats.py). Within ``passes_joined`` every
    ``one_run`` continues the first one's pass."""
    global _memory
    outer = _memory
    if _joined_pass is not None and not _joined_pass:
        _joined_pass.extend((_RunMemory(), pass_stats.PassStats()))
    memory, stats = _joined_pass if _joined_pass else (_RunMemory(), None)
    _memory = memory
    try:
        with pass_stats.one_pass(stats):
            yield
    finally:
        _memory = outer


_joined_pass: list | None = None  # within ``passes_joined``: [the pass's memory, its PassStats], once one began


@contextlib.contextmanager
def passes_joined() -> Iterator[None]:
    """The batches of Jobs run within it (each a ``one_run``) as one pass: what the first
    learned of the tree (listings, recorded reads' verdicts and hashes, stamps) serves the
    next. For batches between which nothing is written: a first pass and its ``.env``
    settling re-runs (tool/settle.py), which see the tree as the first pass saw it."""
    global _joined_pass
    outer, mine = _joined_pass, []
    _joined_pass = mine
    try:
        yield
    finally:
        if _joined_pass is mine:  # (a generator closed late does not end another's)
            _joined_pass = outer


def remembered_in_run(key: Any, inputs: tuple[Any, ...], derive: Callable[..., Any]) -> Any:
    """``derive(*inputs)``, in a pass over the files once per ``key`` (which names the
    ``inputs`` by identity: they are kept alive with the value, so no other object takes their
    identity within the pass)."""
    if _memory is None:
        return derive(*inputs)
    known = _memory.derived.get(key)
    if known is None:
        known = _memory.derived[key] = (inputs, derive(*inputs))
    return known[1]


def reads_unchanged(reads: list[Any], job: Job) -> bool:
    """Whether each read an entry recorded (``[relative path, hash, stamp]``) returns what it
    did (``ReadCheck``)."""
    check = ReadCheck(job)
    return all(check.holds(item) for item in reads)


class ReadCheck:
    """Checks reads recorded for ``job``'s file, one at a time: a file whose stamp
    (``file_stamp``) is the one recorded before it was read is not read again; any other is
    read and hashed (once per run)."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._read: Callable[[str], str | None] | None = None  # job.reader(), made when a file must be read
        self._folder = os.path.dirname(os.path.abspath(job.path))

    def holds(self, item: Any) -> bool:
        """Whether the read ``item`` (``[relative path, hash, stamp]``) returns what it did."""
        job, folder = self._job, self._folder
        known = _memory.by_spelling if _memory is not None else {}
        if type(item) is not list or len(item) != 3:
            return False
        relative, recorded, stamp = item
        if type(relative) is not str or recorded is not None and type(recorded) is not str:
            return False
        shown = shows_env(job, folder, relative)  # a Job may show more than .env holds
        now = known.get((folder, relative), _UNKNOWN) if not shown else _UNKNOWN
        if now is not _UNKNOWN:  # this file's hash, known in this pass (its stamp not needed)
            return now == recorded
        if stamp is not None and (type(stamp) is not list or len(stamp) != 5 or not all(type(n) is int for n in stamp)):
            return False
        path = _joined(folder, relative)
        if stamp is not None and not shown and file_stamp(path) == stamp:
            now = recorded  # the file the entry read, untouched since
            if _memory is not None:
                known[(folder, relative)] = now
        elif recorded is None and not shown and _unreadable(path):
            now = None  # a file the entry found absent (a module looked for), absent still
            if _memory is not None:
                known[(folder, relative)] = now
        if now is _UNKNOWN:
            if self._read is None:
                self._read = job.reader()
            now = _read_digest(self._read, folder, relative, remember=not shown)
        return now == recorded


def shows_env(job: Job, folder: str, relative: str) -> bool:
    """Whether ``job``'s reader may answer ``relative`` (from ``folder``) with lines it shows
    rather than the file's own: only its project's ``.env`` is shown, and only a path that
    spells ``.env`` (in ``relative`` or in ``folder``) may name it (tool/pipeline.py)."""
    return bool(job.env_shown) and (".env" in relative or ".env" in folder)


_UNKNOWN = object()
_POSIX_PATHS = os.sep == "/" and os.altsep is None


def _joined(folder: str, relative: str) -> str:
    """``os.path.join(folder, relative)``; on POSIX, for a folder that does not end in a
    separator and a relative path, as that join makes it (one separator between them)."""
    if _POSIX_PATHS and folder[-1:] not in ("", "/") and relative[:1] != "/":
        return folder + "/" + relative
    return os.path.join(folder, relative)


def _unreadable(path: str) -> bool:
    """Whether the pipeline's reader (tool/pipeline.py: regular files only) must find nothing
    at ``path``, known from its ``stat`` alone: absent, or not a regular file. False when it
    cannot tell (the file is read then)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(info.st_mode)


def _read_digest(read: Callable[[str], str | None], folder: str, relative: str, *, remember: bool) -> str | None:
    """The hash of what ``read(relative)`` returns; in a run, remembered for the file it names."""
    where = _memory.file_of(folder, relative) if _memory is not None and remember else None
    if where is None:
        return text_digest(read(relative))
    assert _memory is not None
    if where not in _memory.reads:
        _memory.reads[where] = text_digest(read(relative))
    _memory.by_spelling[(folder, relative)] = now = _memory.reads[where]
    return now


def listing_now(job: Job, record: str) -> dict[str, str] | None:
    """The hash of each part of the listing of ``job``'s project as it is now: in a run, once
    per project, from ``record`` (a file of the cache) when no folder of the project changed
    since it was written."""
    if _memory is None:
        return _listed(job)
    root = project_root_of(job.path)
    if root not in _memory.listings:
        _memory.listings[root] = _recorded_listing(record, root)
        if _memory.listings[root] is None:
            _memory.listings[root] = listed = _listed(job)
            stamps = listing_stamps(root)  # of the walk _listed just made
            if listed is not None and stamps is not None:
                _record_listing(record, root, stamps, listed)
    return _memory.listings[root]


def _listed(job: Job) -> dict[str, str] | None:
    listing = project_files_of(job.reader())
    return listing_digests(listing) if listing is not None else None


def _recorded_listing(record: str, root: str) -> dict[str, str] | None:
    """The listing hashes ``record`` holds for ``root``, if none of its stamps changed."""
    try:
        with open(record, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
        stamps = tuple((path, stamp) for path, stamp in data["stamps"])
        digests = data["digests"]
    except Exception:  # absent, damaged, foreign: walk the project
        return None
    if data.get("root") != root or not isinstance(digests, dict) or set(digests) != set(LISTING_VIEWS):
        return None
    if not all(type(path) is str and type(stamp) is int for path, stamp in stamps) or not stamps:
        return None
    if not all(isinstance(value, str) for value in digests.values()):
        return None
    return digests if stamps_unchanged(stamps) else None


def _record_listing(record: str, root: str, stamps: tuple[tuple[str, int], ...], digests: dict[str, str]) -> None:
    try:
        os.makedirs(os.path.dirname(record), exist_ok=True)
        data = {"root": root, "stamps": [list(stamp) for stamp in stamps], "digests": digests}
        write_private(record, json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
    except Exception:  # a read-only cache folder: walk again next time
        pass
