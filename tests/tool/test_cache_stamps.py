"""A file whose stamp is the one it had when its entry was stored is not hashed again
(tool/cache.py ``_unwritten_since_stored``), and no rewrite is served a stale result: not one
that keeps the size and puts the mtime back, not one in the same clock tick as the stamp."""

from __future__ import annotations

import json
import os
import types

import pytest

from flask_codemod import cache, cache_pack, cache_reads, file_texts, pool
from test_cache_listing import user_cache  # noqa: F401 (a user cache of each test's own, enabled)

PAST = 1_600_000_000 * 10**9
LEAKY = "def read(p):\n    return open(p).read()\n"
CLEAN = "def read(p):\n    return str(p).strip()\n"  # the same size: nothing for open-with
assert len(LEAKY) == len(CLEAN)


@pytest.fixture
def hashed(monkeypatch):
    """Counts the sources the cache hashes and decodes on a look-up."""
    counted: list[int] = []
    real = cache.digest

    def counting(data):
        counted.append(1)
        return real(data)

    monkeypatch.setattr(cache, "digest", counting)
    return counted


def _write(path, text, mtime=None):
    path.write_text(text)
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


def _run(path):
    return list(pool.process_files([str(path)], ["open-with"], {}, workers=1))[0]


def _cold(path):
    with cache.disabled():
        return _run(path)


def _same(a, b):
    return (a.old_text, a.new_text, a.findings, a.rewrites, a.error) == (b.old_text, b.new_text, b.findings, b.rewrites, b.error)


def _stored_stamps(folder):
    pack = cache_pack.read_pack(cache._root_of(str(folder / "any.py")))
    return [entry["source"][0] for entry in pack.entries.values()]


def test_a_file_not_written_since_its_entry_is_not_hashed(tmp_path, monkeypatch, hashed):
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)  # (its ctime is now: utime cannot set it back)
    path = tmp_path / "leaky.py"
    _write(path, LEAKY, PAST)
    first = _run(path)
    assert first.changed and _stored_stamps(tmp_path) != [None]
    hashed.clear()
    again = _run(path)
    assert hashed == [] and not again.parsed and _same(again, first)


def test_a_rewrite_of_the_same_size_with_its_mtime_put_back_is_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)
    path = tmp_path / "module.py"
    _write(path, CLEAN, PAST)
    assert not _run(path).changed
    _write(path, LEAKY, PAST)  # size and mtime as stored; the ctime moved
    result = _run(path)
    assert result.changed and _same(result, _cold(path))


def test_a_rewrite_in_the_clock_tick_of_the_stamp_is_seen(tmp_path, monkeypatch):
    """On a file system whose times have whole seconds (and no ctime that moves), a rewrite
    of the same size in the same second leaves the stamp as it was: the stamp of a file
    changed in the racy window is not kept, so the file is hashed."""
    real_stat = os.stat

    def coarse_stat(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        second = info.st_mtime_ns // 10**9 * 10**9
        return types.SimpleNamespace(
            st_mode=info.st_mode, st_size=info.st_size, st_mtime_ns=second, st_ctime_ns=second, st_ino=info.st_ino, st_dev=info.st_dev
        )

    monkeypatch.setattr(file_texts, "os", types.SimpleNamespace(stat=coarse_stat, path=os.path, sep=os.sep, altsep=os.altsep))
    path = tmp_path / "module.py"
    _write(path, CLEAN)
    assert not _run(path).changed
    assert _stored_stamps(tmp_path) == [None]  # written in the racy window: no stamp kept
    stored_second = real_stat(path).st_mtime_ns // 10**9
    _write(path, LEAKY, stored_second * 10**9)  # the same size, in the same second
    result = _run(path)
    assert result.changed and _same(result, _cold(path))


def test_a_file_with_another_encoding_is_served_as_a_cold_run_decodes_it(tmp_path, monkeypatch, hashed):
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)
    path = tmp_path / "latin.py"
    path.write_bytes("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\ndef read(p):\n    return open(p).read()\n".encode("latin-1"))
    os.utime(path, ns=(PAST, PAST))
    first = _run(path)
    hashed.clear()
    again = _run(path)
    assert hashed == [] and _same(again, first) and _same(again, _cold(path))
    assert (again.encoding, again.digest) == (first.encoding, first.digest)


def test_an_entry_with_a_damaged_source_stamp_is_looked_up_by_its_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)
    path = tmp_path / "leaky.py"
    _write(path, LEAKY, PAST)
    first = _run(path)
    pack_file = os.path.join(cache._root_of(str(path)), cache_pack.PACK)
    with open(pack_file) as handle:
        text = handle.read()
    data = json.loads(text)
    for entry in data["entries"].values():
        entry["source"] = []
    with open(pack_file, "w") as handle:
        json.dump(data, handle)
    again = _run(path)
    assert not again.parsed and _same(again, first)
