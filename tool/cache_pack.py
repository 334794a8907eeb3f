"""Where the result cache (tool/cache.py) keeps a project's entries: together, in one file of
its folder of the cache (``entries.json``, the pack), read once per pass over the files rather
than one file opened and decoded per entry.

A miss writes its entry alone, atomically, under its key (``<key[:2]>/<key>.json``): a worker
process can, and two runs on one project never write the same file half-way. When a pass over
the files ends, the main process moves the entries it missed (or found alone) into the pack:
it reads the pack as it is on disk, adds them, drops the entries they replace (the same file,
codemods, options, ``.env`` lines and target version, for another text of the file: the
entry's ``slot``), writes the pack whole under a temporary name and renames it into place,
then removes the entries it moved. Packing is one run at a time per cache folder (a lock on
``entries.lock`` beside the pack, held from reading the pack to removing what it moved): a run
that read the pack while another wrote its own and removed them from where they lay alone would
write its pack without them, and they would be lost. Where no lock can be taken (a file
system without locks), the run packs anyway: a lost entry is a miss next time, never a wrong
result.

The files an entry records reading are kept once per pack (``reads``: ``[path relative to the
reading file's folder, hash, stamp]``), each entry naming them by their index, so the
hundreds of modules a codemod reads for every file of a project are stored, decoded and
checked once per folder, not once per entry.

A damaged, truncated or foreign pack is read as an empty one and replaced by the next packing;
an entry in it is checked on use like an entry alone (tool/cache.py).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from typing import Any, Callable, Iterator

from .cache_reads import ReadCheck, reads_unchanged, remembered_in_run, shows_env
from .pipeline import Job
from .writing import write_private

PACK = "entries.json"
LOCK = "entries.lock"  # held while a run packs (``_packing``)
PACK_FORMAT = 1
MAX_BYTES = 256 * 1024 * 1024

ReadsHold = Callable[[Any, Job], bool]  # an entry's "reads", the Job -> whether each still returns the same


class Pack:
    """A pack as read: its entries by key (unchecked), and the reads they name."""

    def __init__(self, entries: dict[str, Any], reads: list[Any]) -> None:
        self.entries = entries
        self.reads = reads
        self._verdicts: dict[str, dict[int, bool]] = {}  # reading folder -> read -> unchanged
        self._held: dict[str, set[int]] = {}  # reading folder -> the reads found unchanged there
        self._by_slot: dict[str, Any] | None = None

    def stamped(self, slot: str, stamp: list[int]) -> Any:
        """The entry of ``slot`` stored with the source stamp ``stamp``; None when there is none."""
        if self._by_slot is None:
            self._by_slot = {
                entry["slot"]: entry
                for entry in self.entries.values()
                if type(entry) is dict and type(entry.get("slot")) is str
                and type(entry.get("source")) is list and len(entry["source"]) == 2
            }
        entry = self._by_slot.get(slot)
        return entry if entry is not None and entry["source"][0] == stamp else None

    def reads_hold(self, ids: Any, job: Job) -> bool:
        """Whether each read an entry of this pack names (``ids``) returns what it did for
        ``job``; each read is checked once per folder while the pack is held."""
        if type(ids) is not list:
            return False
        folder = os.path.dirname(os.path.abspath(job.path))
        verdicts = self._verdicts.get(folder)
        if verdicts is None:
            verdicts = self._verdicts[folder] = {}
            self._held[folder] = set()
        held = self._held[folder]
        if set(map(type, ids)) <= _INT:  # (at C speed) those found unchanged here before need no look
            unknown = set(ids).difference(held)
            if not unknown:
                return True
            ids = [index for index in ids if index in unknown]  # the others, in their order
        reads = self.reads
        check = None
        for index in ids:
            if type(index) is not int:
                return False
            verdict = verdicts.get(index)
            if verdict is None:
                if not 0 <= index < len(reads):
                    return False
                read = reads[index]
                check = check or ReadCheck(job)
                verdict = check.holds(read)
                shown = type(read) is list and shows_env(job, folder, str(read[0]))
                if not shown:  # what a Job shows as .env is its own
                    verdicts[index] = verdict
                    if verdict:
                        held.add(index)
            if not verdict:
                return False
        return True


_INT = {int}


def _inline_reads_hold(reads: Any, job: Job) -> bool:
    return type(reads) is list and (not reads or reads_unchanged(reads, job))


def entry_path(root: str, key: str) -> str:
    """Where the entry of ``key`` is kept alone, until it is packed."""
    return os.path.join(root, key[:2], key + ".json")


def candidates(root: str, key: str, entry_format: int) -> Iterator[tuple[Any, ReadsHold]]:
    """The entries stored for ``key`` in the cache folder ``root``, with how to check their
    reads: the pack's (read once per pass), then the one kept alone. Reaching the second
    notes ``key`` for ``pack_noted``."""
    pack = remembered_in_run(("pack", root), (root,), read_pack)
    entry = pack.entries.get(key)
    if type(entry) is dict and entry.get("key") == key:  # (not another file's entry)
        yield entry, pack.reads_hold
    _noted.setdefault(root, set()).add(key)
    alone = _read_alone(root, key, entry_format)
    if alone is not None:
        yield alone, _inline_reads_hold


def stamped_entry(root: str, slot: str, stamp: list[int]) -> tuple[Any, ReadsHold] | None:
    """The packed entry of ``slot`` (tool/cache.py: a file, its codemods, options, ``.env``
    lines and target version) whose file had the stamp ``stamp`` when it was read, with how
    to check its reads; None when there is none."""
    pack = remembered_in_run(("pack", root), (root,), read_pack)
    entry = pack.stamped(slot, stamp)
    if entry is None or entry.get("key") not in pack.entries:
        return None
    return entry, pack.reads_hold


def _read_alone(root: str, key: str, entry_format: int) -> dict[str, Any] | None:
    try:
        with open(entry_path(root, key), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return None
        entry = json.loads(raw.decode("utf-8"))
    except Exception:  # absent, damaged
        return None
    if not isinstance(entry, dict) or entry.get("format") != entry_format or entry.get("key") != key:
        return None
    return entry


def read_pack(root: str) -> Pack:
    """The pack of the cache folder ``root``; an empty one when it is absent or not a pack."""
    try:
        with open(os.path.join(root, PACK), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) <= MAX_BYTES:
            data = _decoded(raw)
            if type(data) is dict and data.get("format") == PACK_FORMAT:
                entries, reads = data.get("entries"), data.get("reads")
                if type(entries) is dict and type(reads) is list:
                    return Pack(entries, reads)
    except Exception:  # absent, damaged, foreign: an empty pack
        pass
    return Pack({}, [])


def _decoded(raw: bytes) -> Any:
    """``raw`` decoded from JSON with the cyclic garbage collector paused: the objects JSON
    makes hold no cycles, and a pack makes enough of them to set off collections that would
    walk every object the process holds, again and again, for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(raw.decode("utf-8"))
    finally:
        if collecting:
            gc.enable()


# The entries this process missed or found alone, by cache folder, until ``pack_noted``.
_noted: dict[str, set[str]] = {}


def pack_noted(entry_format: int) -> None:
    """Move the entries noted since the last call (those written alone by now) into their
    packs; a noted entry not written yet (a batch's pool may still be computing it: tool/batch_pool.py)
    stays noted for the next call. Never raises: a pack that cannot be written leaves its
    entries alone."""
    noted = dict(_noted)
    _noted.clear()
    for root, keys in noted.items():
        with contextlib.suppress(Exception):
            unwritten = _pack(root, keys, entry_format)
            if unwritten:
                _noted.setdefault(root, set()).update(unwritten)


@contextlib.contextmanager
def _packing(root: str) -> Iterator[None]:
    """The cache folder ``root`` packed by this run alone: an exclusive lock on its
    ``entries.lock``, waited for (another run's packing takes a moment), released when the
    file is closed, by this run or by the system when a run dies holding it."""
    try:
        handle = os.open(os.path.join(root, LOCK), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield  # no lock file (a read-only cache folder): nothing will be written either
        return
    try:
        with contextlib.suppress(OSError):
            _lock(handle)
        yield
    finally:
        os.close(handle)


def _lock(handle: int) -> None:
    if os.name == "nt":
        import msvcrt  # lazy: Windows only

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # (retries for ten seconds, then raises)
    else:
        import fcntl  # lazy: not on Windows

        fcntl.flock(handle, fcntl.LOCK_EX)


def _pack(root: str, keys: set[str], entry_format: int) -> set[str]:
    """Pack the entries of ``keys`` written alone; the keys of those not written (yet)."""
    with _packing(root):
        return _pack_locked(root, keys, entry_format)


def _pack_locked(root: str, keys: set[str], entry_format: int) -> set[str]:
    alone = {key: entry for key in sorted(keys) if (entry := _read_alone(root, key, entry_format)) is not None}
    if not alone:
        return keys
    replaced = {slot for entry in alone.values() if type(slot := entry.get("slot")) is str}
    old = read_pack(root)
    reads: list[Any] = []
    index: dict[Any, int] = {}

    def intern(read: Any) -> int:
        relative, digest, stamp = read
        if type(relative) is not str or not (digest is None or type(digest) is str):
            raise ValueError("bad read")
        if not (stamp is None or type(stamp) is list and all(type(n) is int for n in stamp)):
            raise ValueError("bad read")
        known = (relative, digest, tuple(stamp) if stamp is not None else None)
        if known not in index:
            index[known] = len(reads)
            reads.append([relative, digest, stamp])
        return index[known]

    entries: dict[str, Any] = {}
    for key, entry in old.entries.items():
        if key in alone or type(entry) is not dict or entry.get("slot") in replaced:
            continue
        with contextlib.suppress(Exception):  # a damaged entry is dropped
            ids = entry["reads"]
            entries[key] = {**entry, "reads": [intern(old.reads[i]) for i in ids if type(i) is int and i >= 0]}
            if len(entries[key]["reads"]) != len(ids):
                del entries[key]
    for key, entry in alone.items():
        with contextlib.suppress(Exception):
            packed = {name: value for name, value in entry.items() if name != "format"}
            entries[key] = {**packed, "reads": [intern(read) for read in entry["reads"]]}
    data = {"format": PACK_FORMAT, "reads": reads, "entries": entries}
    write_private(os.path.join(root, PACK), json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii"), prefix="pack-")
    for key in alone:
        with contextlib.suppress(OSError):
            os.unlink(entry_path(root, key))
    return keys - alone.keys()
