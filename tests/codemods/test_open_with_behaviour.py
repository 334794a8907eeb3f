"""open-with's rewrites run: each rewriting sample's functions, before and after, on real files
(same results; no ResourceWarning, no descriptor left open, also when the work between open
and close raises)."""

from __future__ import annotations

import functools
import gzip
import bz2
import io
import lzma
import os
import pathlib
import pickle
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass

import pytest

from helpers import rewrite
from open_with_support import SAMPLE_DIR, Observation, module_from, needs_proc, observe, sample, write_files

# -- the forms: each sample's functions, before and after, on real files ----------------------


@dataclass
class Case:
    sample: str
    call: str  # an expression with `m` (the module) and `d` (the work folder as a str + "/")
    files: dict
    leaks: bool  # the original leaves a handle to the garbage collector
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.sample}:{self.call}{(' ' + self.note) if self.note else ''}"


def _gz(data: bytes) -> bytes:
    return gzip.compress(data)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "a")
        archive.writestr("b.txt", "b")
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = b"hello"
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


TEXT = {"t.txt": "hello\nworld\n"}
NUMBER = {"n.txt": "42\n"}
NOT_A_NUMBER = {"n.txt": "forty-two\n"}

CASES = [
    # x = open(p).read()
    Case("inline_read", "m.read_text(d + 't.txt')", TEXT, leaks=True),
    Case("inline_read", "m.count_lines(d + 't.txt')", TEXT, leaks=True),
    Case("inline_read", "m.parse_number(d + 'n.txt')", NUMBER, leaks=True),
    Case("inline_read", "m.parse_number(d + 'n.txt')", NOT_A_NUMBER, leaks=True, note="raises"),
    Case("inline_read", "m.label('motd', d + 't.txt')", TEXT, leaks=True),
    # return open(p).read()
    Case("inline_return", "m.read_motd(d + 't.txt')", TEXT, leaks=True),
    Case("inline_return", "m.shout(d + 't.txt')", TEXT, leaks=True),
    Case("inline_return", "m.parse_number(d + 'n.txt')", NOT_A_NUMBER, leaks=True, note="raises"),
    # open(p, "w").write(s)
    Case("inline_write", "m.save(d + 'out.txt', 'saved')", {}, leaks=True),
    Case("inline_write", "m.append(d + 't.txt', ['x', 'y'])", TEXT, leaks=True),
    Case("inline_write", "m.save_upper(d + 't.txt', None)", TEXT, leaks=True, note="raises"),
    # eager consumers
    Case("eager_consumers", "m.load_settings(d + 's.json')", {"s.json": '{"debug": true}'}, leaks=True),
    Case("eager_consumers", "m.load_settings(d + 's.json')", {"s.json": "{not json"}, leaks=True, note="raises"),
    Case("eager_consumers", "m.save_settings(d + 's.json', {'a': [1, 2]})", {}, leaks=True),
    Case("eager_consumers", "m.load_state(d + 's.pickle')", {"s.pickle": pickle.dumps({"n": 1})}, leaks=True),
    Case("eager_consumers", "m.copy(d + 't.txt', d + 'copy.txt')", TEXT, leaks=True),
    Case("eager_consumers", "m.stripped_lines(d + 't.txt')", TEXT, leaks=True),
    Case("eager_consumers", "m.sorted_lines(d + 't.txt')", TEXT, leaks=True),
    Case("eager_consumers", "m.log(d + 'log.txt', 'hello')", {}, leaks=True),
    # for line in open(p)
    Case("for_loop", "m.count_words(d + 't.txt')", TEXT, leaks=True),
    Case("for_loop", "m.numbered(d + 't.txt')", TEXT, leaks=True),
    Case("for_loop", "m.first_number(d + 'n.txt')", NUMBER, leaks=True),
    Case("for_loop", "m.first_number(d + 'n.txt')", NOT_A_NUMBER, leaks=True, note="raises"),
    Case("for_loop", "m.stripped(d + 't.txt')", TEXT, leaks=True),
    Case("for_loop", "next(m.stripped(d + 't.txt'))", TEXT, leaks=True, note="abandoned generator"),
    # f = open(p) … f.close()
    Case("explicit_close", "m.append_log(d + 'log.txt', 'one')", {}, leaks=False),
    Case("explicit_close", "m.parse_numbers(d + 'n.txt')", {"n.txt": "1\n2\n"}, leaks=False),
    Case("explicit_close", "m.parse_numbers(d + 'n.txt')", {"n.txt": "1\ntwo\n"}, leaks=True, note="raises"),
    Case("explicit_close", "m.read_and_report(d + 't.txt')", TEXT, leaks=False),
    # f = open(p), no close: up to the last use
    Case("no_explicit_close", "m.header_and_body(d + 't.txt')", TEXT, leaks=True),
    Case("no_explicit_close", "m.parse_header(d + 'n.txt')", {"n.txt": "3\nabc"}, leaks=True),
    Case("no_explicit_close", "m.parse_header(d + 'n.txt')", {"n.txt": "x\nabc"}, leaks=True, note="raises"),
    Case("no_explicit_close", "m.read_and_name(d + 't.txt')", TEXT, leaks=True),
    Case("no_explicit_close", "m.touch(d + 'new.txt')", {}, leaks=True),
    # try/finally close: already closed; the with-block must keep it so
    Case("try_finally_close", "m.load(d + 's.json')", {"s.json": "[1, 2]"}, leaks=False),
    Case("try_finally_close", "m.load(d + 's.json')", {"s.json": "[1,"}, leaks=False, note="raises"),
    Case("try_finally_close", "m.load_or_default(d + 's.json', 'dflt')", {"s.json": "[1,"}, leaks=False),
    # several handles
    Case("several_handles", "m.copy_upper(d + 't.txt', d + 'u.txt')", TEXT, leaks=False),
    Case("several_handles", "m.merge(d + 't.txt', d + 'n.txt', d + 'm.txt')", {**TEXT, **NUMBER}, leaks=True),
    Case("several_handles", "m.nested(d + 'n.txt', d + 't.txt')", NUMBER | TEXT, leaks=False),
    Case("several_handles", "m.nested(d + 'n.txt', d + 't.txt')", NOT_A_NUMBER | TEXT, leaks=True, note="raises"),
    # everywhere code lives
    Case("methods_and_nested_functions", "m.Store(d + 's.json').load()", {"s.json": "{}"}, leaks=True),
    Case("methods_and_nested_functions", "m.Store(d + 's.json').save({'k': 1})", {}, leaks=False),
    Case("methods_and_nested_functions", "m.Store.from_list(d + 'l.txt').path", {"l.txt": "x.json\n"}, leaks=True),
    Case("methods_and_nested_functions", "m.outer(d + 't.txt')", TEXT, leaks=True),
    Case("generators_and_async", "m.lines(d + 't.txt')", TEXT, leaks=False),
    Case("generators_and_async", "next(m.lines(d + 't.txt'))", TEXT, leaks=True, note="abandoned generator"),
    Case("generators_and_async", "m.chunks(d + 't.txt', 4)", TEXT, leaks=True),
    Case("generators_and_async", "next(m.chunks(d + 't.txt', 4))", TEXT, leaks=True, note="abandoned generator"),
    Case("generators_and_async", "m.read_async(d + 't.txt')", TEXT, leaks=True),
    Case("generators_and_async", "m.count_async(d + 't.txt')", TEXT, leaks=False),
    Case("blocks_match_try_loops", "m.read_kind('text', d + 't.txt')", TEXT, leaks=False),
    Case("blocks_match_try_loops", "m.read_kind('lines', d + 't.txt')", TEXT, leaks=True),
    Case("blocks_match_try_loops", "m.read_kind('other', d + 't.txt')", TEXT, leaks=False),
    Case("blocks_match_try_loops", "m.read_or_none(d + 't.txt')", TEXT, leaks=False),
    Case("blocks_match_try_loops", "m.read_or_none(d + 'missing.txt')", {}, leaks=False),
    Case("blocks_match_try_loops", "m.total_size([d + 't.txt', d + 'n.txt'])", TEXT | NUMBER, leaks=False),
    Case("blocks_match_try_loops", "m.first_nonempty([d + 'e.txt', d + 't.txt'])", TEXT | {"e.txt": ""}, leaks=True),
    # other openers (gzip & co. close themselves on collection: no warning, but the descriptor
    # stays open while an exception is alive)
    Case("other_openers", "m.read_io(d + 't.txt')", TEXT, leaks=True),
    Case("other_openers", "m.read_codecs(d + 't.txt')", TEXT, leaks=True),
    Case("other_openers", "m.read_gzip(d + 't.gz')", {"t.gz": _gz(b"zipped")}, leaks=False),
    Case("other_openers", "m.read_bz2(d + 't.bz2')", {"t.bz2": bz2.compress(b"bz")}, leaks=False),
    Case("other_openers", "m.read_lzma(d + 't.xz')", {"t.xz": lzma.compress(b"xz")}, leaks=False),
    Case("other_openers", "m.member_names(d + 'a.tar')", {"a.tar": _tar()}, leaks=False),
    Case("other_openers", "m.zip_names(d + 'a.zip')", {"a.zip": _zip()}, leaks=False),
    Case("other_openers", "m.read_path(d + 't.txt')", TEXT, leaks=True),
    Case("other_openers", "m.fetch(pathlib.Path(d + 't.txt').as_uri())", TEXT, leaks=False),
    # derived readers
    Case("derived_readers", "m.catalogue(d + 'c.csv')", {"c.csv": "a,b\n1,2\n"}, leaks=True),
    Case("derived_readers", "m.records(d + 'c.csv')", {"c.csv": "a,b\n1,2\n"}, leaks=True),
    Case("derived_readers", "m.as_list(d + 'c.csv')", {"c.csv": "a,b\n1,2\n"}, leaks=True),
    Case("derived_readers", "m.export(d + 'o.csv', [(1, 9.5), (2, 3)])", {}, leaks=False),
    Case("derived_readers", "m.export(d + 'o.csv', [(1, 2), 3])", {}, leaks=True, note="raises"),
    Case("derived_readers", "m.header_and_count(d + 'c.csv')", {"c.csv": "a,b\n1,2\n3,4\n"}, leaks=True),
    # names and formatting
    Case("fresh_names", "m.uses_global_f(d + 't.txt')", TEXT, leaks=True),
    Case("fresh_names", "m.uses_many(d + 't.txt', 'fh', 'src')", TEXT, leaks=True),
    Case("fresh_names", "m.writes(d + 'o.txt', 'f', 'out')", {}, leaks=True),
    Case("fresh_names", "m.unrelated(d + 't.txt')", TEXT, leaks=True),
    Case("fresh_names_strings", "m.settings(d + 't.txt', object())", TEXT, leaks=True),
    Case("comments_and_blank_lines", "m.convert(d + 't.txt', d + 'u.txt')", TEXT, leaks=False),
    Case("comments_and_blank_lines", "m.summary(d + 't.txt')", TEXT, leaks=False),
    Case("crlf_newlines", "m.load(d + 's.json')", {"s.json": "[3]"}, leaks=False),
    Case("crlf_newlines", "m.load(d + 's.json')", {"s.json": "[3"}, leaks=True, note="raises"),
    Case("crlf_newlines", "m.read(d + 't.txt')", TEXT, leaks=True),
    Case("tab_indentation", "m.load(d + 't.txt')", TEXT, leaks=False),
    Case("tab_indentation", "m.read(d + 't.txt')", TEXT, leaks=True),
    Case("class_openers", "m.member_names(d + 'a.tar')", {"a.tar": _tar()}, leaks=False),
    Case("class_openers", "m.first_member(d + 'a.tar')", {"a.tar": _tar()}, leaks=True),
    Case("class_openers", "m.gzip_members(d + 'a.tgz')", {"a.tgz": _gz(_tar())}, leaks=False),
    Case("class_openers", "m.zip_names(d + 'a.zip')", {"a.zip": _zip()}, leaks=False),
    Case("class_openers", "m.raw_bytes(d + 't.txt')", TEXT, leaks=True),
    Case("class_openers", "m.from_descriptor(d + 't.txt')", TEXT, leaks=True),
    Case("continuation_lines", "m.load(d + 's.json')", {"s.json": '{"a": 1}'}, leaks=True),
    Case("continuation_lines", "m.append(d + 't.txt', ['x', 'y'])", TEXT, leaks=False),
    Case("continuation_lines", "m.header(d + 't.txt')", TEXT, leaks=False),
    Case("continuation_lines", "m.log_total(d + 'log.txt', 1, 2)", {}, leaks=False),
]


def _run_case(case: Case, text: str, folder: pathlib.Path) -> Observation:
    folder.mkdir()
    write_files(folder, case.files)
    module = module_from(text, f"{case.sample}_{folder.name}")
    namespace = {"m": module, "d": str(folder) + os.sep, "pathlib": pathlib}
    return observe(lambda: eval(case.call, namespace), folder)


@functools.lru_cache(maxsize=None)
def rewritten_sample(name: str) -> tuple[str, str]:
    """The sample's before text and what the engine makes of it (checked against .after.py)."""
    before, after = sample(name)
    assert after != before, "the sample must be rewritten"
    assert rewrite(before, "open-with", dedent=False) == after
    return before, after


@needs_proc
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rewritten_code_behaves_the_same_and_closes_its_files(case: Case, tmp_path: pathlib.Path) -> None:
    before, after = rewritten_sample(case.sample)

    original = _run_case(case, before, tmp_path / "original")
    rewritten = _run_case(case, after, tmp_path / "rewritten")

    assert rewritten.outcome == original.outcome
    assert original.outcome[0] != "raised" or case.note == "raises", original.outcome
    assert rewritten.files == original.files
    assert original.leaked == case.leaks, f"the original {'should' if case.leaks else 'should not'} leak: {original}"
    assert rewritten.resource_warnings == 0
    assert rewritten.open_while_raising == 0
    if case.note == "raises":
        assert original.outcome[0] == "raised"


def test_every_rewriting_sample_has_a_behaviour_case() -> None:
    tested = {case.sample for case in CASES} | {"module_level", "class_body", "module_level_blank_lines"}
    rewriting = set()
    for path in os.listdir(SAMPLE_DIR):
        if path.endswith(".before.py"):
            name = path[: -len(".before.py")]
            before, after = sample(name)
            if before != after:
                rewriting.add(name)
    assert rewriting == tested


def test_warnings_as_errors_run_clean_after_the_rewrite(tmp_path: pathlib.Path) -> None:
    """The strict check users run in CI: `python -W error::ResourceWarning`."""
    _, after = sample("inline_read")
    before, _ = sample("inline_read")
    (tmp_path / "t.txt").write_text("hello\n")
    script = "import gc, sys\nsys.path.insert(0, {folder!r})\nimport code_under_test as m\nprint(m.read_text({path!r}))\ngc.collect()\n"
    results = []
    for text in (before, after):
        (tmp_path / "code_under_test.py").write_text(text)
        run = subprocess.run(
            [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c",
             script.format(folder=str(tmp_path), path=str(tmp_path / "t.txt"))],
            capture_output=True, text=True, timeout=60,
        )
        results.append(run)
        for cached in tmp_path.rglob("__pycache__"):
            for item in cached.iterdir():
                item.unlink()
    assert "ResourceWarning" in results[0].stderr
    assert results[1].returncode == 0 and "ResourceWarning" not in results[1].stderr
    assert results[1].stdout == results[0].stdout == "hello\n\n"
