"""open-with through the real engine: what it rewrites, what it refuses, and what the
rewritten code does when it runs (same results; no ResourceWarning, no descriptor left open,
also when the work between open and close raises)."""

from __future__ import annotations

import functools
import gc
import gzip
import bz2
import inspect
import io
import json
import lzma
import os
import pathlib
import pickle
import subprocess
import sys
import tarfile
import types
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from helpers import SAMPLES, assert_left_alone, assert_refused, finding_messages, rewrite, run_codemods

SAMPLE_DIR = os.path.join(SAMPLES, "open-with")


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def sample(name: str) -> tuple[str, str]:
    stem = os.path.join(SAMPLE_DIR, name)
    return _read(stem + ".before.py"), _read(stem + ".after.py")


# -- running code and watching its file handles -------------------------------------------------


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")


@dataclass
class Observation:
    outcome: tuple  # ("returned", value) or ("raised", exception type, message)
    files: dict  # name -> bytes of every file in the work folder afterwards
    resource_warnings: int
    open_while_raising: int  # descriptors still open while the exception (and its frames) lives

    @property
    def leaked(self) -> bool:
        return self.resource_warnings > 0 or self.open_while_raising > 0


def _finish(value: Any) -> Any:
    """Drive generators and coroutines to the end, so they are compared by what they produce."""
    if inspect.isgenerator(value):
        return list(value)
    if inspect.iscoroutine(value):
        try:
            value.send(None)
        except StopIteration as stop:
            return stop.value
        raise AssertionError("the sample coroutine awaited something")  # pragma: no cover
    return value


def observe(call: Callable[[], Any], folder: pathlib.Path) -> Observation:
    """Run ``call`` with ResourceWarnings recorded; the outcome is compared with paths made
    relative to ``folder``. (The heap that exists before the call is frozen, so that the
    collection afterwards only looks at what the call created: fast.)"""
    gc.freeze()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            before = open_descriptors()
            open_while_raising = 0
            try:
                outcome: tuple = ("returned", repr(_finish(call())))
            except Exception as error:  # the traceback keeps the frames, and their handles, alive
                open_while_raising = open_descriptors() - before
                outcome = ("raised", type(error), str(error))
            gc.collect()
    finally:
        gc.unfreeze()
    outcome = tuple(part.replace(str(folder), "<dir>") if isinstance(part, str) else part for part in outcome)
    files = {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    count = sum(1 for w in caught if issubclass(w.category, ResourceWarning))
    return Observation(outcome, files, count, open_while_raising)


def module_from(text: str, name: str, file: str | None = None) -> types.ModuleType:
    module = types.ModuleType(name)
    if file is not None:
        module.__file__ = file
    exec(compile(text, f"<{name}>", "exec"), module.__dict__)
    return module


# -- the forms: each sample's functions, before and after, on real files ----------------------


def _setup(folder: pathlib.Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


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
    _setup(folder, case.files)
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
    tested = {case.sample for case in CASES} | {"module_level", "class_body"}
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


# -- module level and class bodies: the code runs at import -------------------------------------


def _import_behaviour(name: str, folder: pathlib.Path, data: dict[str, str], capsys) -> tuple:
    folder.mkdir()
    _setup(folder / "data", data)
    before, after = sample(name)
    seen = []
    for label, text in (("before", before), ("after", after)):
        holder: dict = {}

        def load(text: str = text, label: str = label) -> None:
            holder["module"] = module_from(text, f"{name}_{label}", file=str(folder / f"{label}.py"))

        observation = observe(load, folder)
        seen.append((observation, holder.get("module"), capsys.readouterr().out))
    return tuple(seen)


@needs_proc
def test_module_level_code_behaves_the_same(tmp_path: pathlib.Path, capsys) -> None:
    data = {"settings.json": '{"name": "shop"}', "words.txt": "a b c", "names.txt": "ann\nbob\n"}
    (original, old, old_out), (rewritten, new, new_out) = _import_behaviour("module_level", tmp_path / "work", data, capsys)
    assert (new.SETTINGS, new.WORDS) == (old.SETTINGS, old.WORDS) == ({"name": "shop"}, ["a", "b", "c"])
    assert new_out == old_out == "ann\nbob\n"
    assert new.settings() == old.settings()
    assert new.words_file.closed and old.words_file.closed
    assert original.resource_warnings >= 2 and rewritten.resource_warnings == 0


@needs_proc
def test_class_body_behaves_the_same(tmp_path: pathlib.Path, capsys) -> None:
    data = {"config.txt": "a=1\nb=2\n", "defaults.txt": "x y"}
    (original, old, _), (rewritten, new, _) = _import_behaviour("class_body", tmp_path / "work", data, capsys)
    assert new.Config.VALUES == old.Config.VALUES == {"a": "1", "b": "2"}
    assert new.Config.DEFAULTS == old.Config.DEFAULTS == ["x", "y"]
    # the handle names stay class attributes, closed, exactly as before
    assert new.Config.source.closed and old.Config.source.closed
    assert new.Config.fallback.closed and old.Config.fallback.closed
    assert original.resource_warnings == rewritten.resource_warnings == 0


@needs_proc
def test_class_body_rewrite_closes_when_the_body_raises(tmp_path: pathlib.Path) -> None:
    source = (
        "class Config:\n"
        "    handle = open(PATH)\n"
        "    VALUE = int(handle.read())\n"
        "    handle.close()\n"
    )
    after = rewrite(source, "open-with")
    assert "with open(PATH) as handle:" in after
    (tmp_path / "n.txt").write_text("not a number")
    results = []
    for text in (source, after):
        namespace = {"PATH": str(tmp_path / "n.txt")}
        results.append(observe(lambda text=text, namespace=namespace: exec(text, namespace), tmp_path))
    assert results[0].outcome[:2] == results[1].outcome[:2] == ("raised", ValueError)
    assert results[0].leaked and not results[1].leaked


def test_a_new_handle_name_avoids_module_names_after_a_nested_function_and_a_lambda(tmp_path: pathlib.Path) -> None:
    # a module-level name defined after a nested function and a module-level lambda is still
    # a module-level name: the new handle must not shadow it
    source = (
        "import json\n"
        "\n"
        "def helper():\n"
        "    def inner():\n"
        "        pass\n"
        "    return inner\n"
        "\n"
        "key = lambda item: item\n"
        "f = None\n"
        "\n"
        "def load(p):\n"
        "    data = json.load(open(p))\n"
        "    return data\n"
    )
    after = rewrite(source, "open-with")
    assert "with open(p) as fh:\n        data = json.load(fh)\n" in after
    assert " as f:" not in after
    (tmp_path / "d.json").write_text('{"a": 1}')
    old, new = module_from(source, "old_nested_lambda"), module_from(after, "new_nested_lambda")
    assert old.load(str(tmp_path / "d.json")) == new.load(str(tmp_path / "d.json")) == {"a": 1}
    assert old.f is None and new.f is None


# -- the refusals: byte-identical output and a finding that says why ------------------------------

REFUSALS = {
    "refuse_escape_returned": "returned to the caller",
    "refuse_escape_stored": "outlives this block",
    "refuse_escape_passed_on": "keeps it to stream the response",
    "refuse_derived_reader_escapes": "reads the file lazily",
    "refuse_shadowed_open": "not the builtin open",
    "refuse_builtins_replaced": "builtins.open is replaced",
    "refuse_star_import": "from os import *",
    "refuse_lambda": "inside a lambda",
    "refuse_ambiguous_opener": "cannot tell which handle it makes",
    "refuse_comprehension": "once per item of a comprehension",
    "refuse_conditional_expression": "conditional expression",
    "refuse_and_or": "and/or operand",
    "refuse_default_argument": "default argument",
    "refuse_evaluation_order": "change the order in which they run",
    "refuse_used_by_other_functions": "used by a function",
    "refuse_nested_function": "nested function",
    "refuse_used_outside_block": "outside the block where it is opened",
    "refuse_suspends_or_flushes": "suspended",
    "refuse_unknown_use": "closing it here could break",
    "refuse_probe_expected_to_fail": "expects that it may not",
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_refusal_leaves_the_code_byte_identical_and_says_why(name: str) -> None:
    before, after = sample(name)
    assert after == before
    result = run_codemods(before, "open-with", dedent=False)
    assert result.error is None
    assert result.new_text == before
    assert result.rewrites == {}
    assert result.findings, "a refusal must be reported"
    assert all(f.codemod == "open-with" and f.line > 0 for f in result.findings)
    assert any(REFUSALS[name] in f.message for f in result.findings), finding_messages(result)


def test_every_refusal_sample_is_checked() -> None:
    names = {p[: -len(".before.py")] for p in os.listdir(SAMPLE_DIR) if p.startswith("refuse_") and p.endswith(".before.py")}
    assert names == set(REFUSALS)


def test_a_bare_open_is_a_probe_only_where_its_failure_is_caught() -> None:
    source = """
        def touch(path):
            open(path, "a")


        def check(path):
            try:
                open(path)
            except ValueError:
                pass
    """
    after = rewrite(source, "open-with")
    assert after.count("pass") == 3 and 'with open(path, "a"):' in after and "with open(path):" in after


def test_already_managed_handles_are_left_alone_silently() -> None:
    before, after = sample("unchanged_already_managed")
    result = run_codemods(before, "open-with", dedent=False)
    assert result.new_text == before == after
    assert result.findings == []


def test_findings_are_printed_as_path_line_codemod_reason(tmp_path: pathlib.Path) -> None:
    from typer.testing import CliRunner

    from flask_codemod.cli import app

    target = tmp_path / "views.py"
    target.write_text("def read(path):\n    return open(path)\n")
    result = CliRunner().invoke(app, ["apply", "--check", "--verbose", "--select", "open-with", str(target)])
    assert result.exit_code == 0, result.stderr
    expected = f"{target}:2: open-with: the handle is returned to the caller: closing it here would break the caller"
    assert expected in result.stderr.splitlines()
    assert "open-with 1" in result.stderr  # the summary counts findings per codemod


# -- evaluation order: which hoists are safe --------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "x = g(), open(p).read()",
        "x = h(g(), open(p).read())",
        "x = d[k] + open(p).read()",
        "x = [*items, open(p).read()]",
        "x = obj.method(g()).attr + open(p).read()",
        "d[k] += open(p).read()",
        "x = await g() + open(p).read()",
    ],
)
def test_something_with_an_effect_before_open_is_refused(statement: str) -> None:
    source = f"async def work(p, g, h, d, k, items, obj):\n    {statement}\n    return x if 'x' in dir() else None\n"
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert any("runs before open()" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "statement",
    [
        "x = h(open(p).read())",  # looking up h has no effect
        "x = log.info('read %s', open(p).read())",  # attribute lookups, literals
        "x = (open(p).read(), g())",  # g() runs after the read: the file just closes later
        "x = h(k=open(p).read(), other=g())",
        "self.data = open(p).read()",  # the target is assigned after the value, in both
        "d[g()] = open(p).read()",
        "x = f'{k}: ' + open(p).read()",
    ],
)
def test_hoisting_is_safe_when_open_runs_first(statement: str) -> None:
    source = f"def work(self, p, g, h, d, k, log):\n    {statement}\n"
    after = rewrite(source, "open-with")
    body = statement.replace("open(p)", "f")
    assert after == f"def work(self, p, g, h, d, k, log):\n    with open(p) as f:\n        {body}\n"


def test_writing_then_doing_more_in_the_same_statement_is_refused() -> None:
    source = "def save(p, s, check):\n    n = open(p, 'w').write(s) + check(p)\n    return n\n"
    assert_refused("open-with", source, "flush")


def test_reads_around_another_read_are_hoisted_together() -> None:
    after = rewrite("def both(a, b):\n    return open(a).read() + open(b).read()\n", "open-with")
    assert after == "def both(a, b):\n    with open(a) as f, open(b) as fh:\n        return f.read() + fh.read()\n"


def test_a_read_before_opening_for_writing_is_not_reordered() -> None:
    # open(b, "w") truncates b: if a == b the original reads the old text first
    source = "def copy(a, b):\n    print(open(a).read(), file=open(b, 'w'))\n"
    result = run_codemods(source, "open-with")
    assert "with open(a) as f:" in result.new_text
    assert "file=open(b, 'w')" in result.new_text
    assert any("runs before open()" in m for m in finding_messages(result))


# -- lifetimes of bound handles ---------------------------------------------------------------------


def test_a_later_use_of_the_closed_handle_stays_after_the_block() -> None:
    source = """\
    def read(p):
        f = open(p)
        data = f.read()
        f.close()
        return data, f.closed
    """
    assert rewrite(source, "open-with") == (
        "def read(p):\n    with open(p) as f:\n        data = f.read()\n    return data, f.closed\n"
    )


def test_without_close_the_block_spans_to_the_last_use_even_an_attribute_read() -> None:
    source = """\
    def read(p, log):
        f = open(p)
        data = f.read()
        log(data)
        name = f.name
        return data, name
    """
    after = rewrite(source, "open-with")
    assert after == (
        "def read(p, log):\n    with open(p) as f:\n        data = f.read()\n        log(data)\n"
        "        name = f.name\n    return data, name\n"
    )


def test_a_call_that_may_keep_the_handle_is_fine_right_before_the_close() -> None:
    source = "def feed(p, parser):\n    f = open(p)\n    parser.feed_file(f)\n    f.close()\n"
    assert rewrite(source, "open-with") == "def feed(p, parser):\n    with open(p) as f:\n        parser.feed_file(f)\n"


@pytest.mark.parametrize(
    "body, reason",
    [
        ("    parser.feed_file(f)\n", "may keep it"),  # never closed: the parser may read it later
        ("    parser.feed_file(f)\n    if p:\n        return 1\n    f.close()\n", "may keep it"),
        ("    parser.feed_file(f)\n    rest = f.read()\n    f.close()\n", "may keep it"),
        ("    g = f\n    g.read()\n", "another name"),
        ("    del f\n", "deleted"),
        ("    for f in range(3):\n        pass\n", "reassigned"),
        ("    global_list.append(f)\n    f.close()\n", "stored in a container"),
    ],
)
def test_escapes_of_a_bound_handle_are_refused(body: str, reason: str) -> None:
    source = "def feed(p, parser, global_list):\n    f = open(p)\n" + body
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert any(reason in m for m in finding_messages(result)), finding_messages(result)


def test_handles_that_overlap_without_nesting_are_refused_not_broken() -> None:
    source = """\
    def both(p, q):
        a = open(p)
        b = open(q)
        x = a.read()
        a.close()
        y = b.read()
        b.close()
        return x, y
    """
    result = run_codemods(source, "open-with")
    assert "with open(p) as a:" in result.new_text
    assert "    b = open(q)\n" in result.new_text and "b.close()" in result.new_text
    assert any("cannot nest" in m for m in finding_messages(result))


def test_two_handles_in_a_row_closed_together_share_one_with_statement() -> None:
    source = "def copy(a, b):\n    src = open(a)\n    dst = open(b, 'w')\n    dst.write(src.read())\n    dst.close()\n    src.close()\n"
    assert rewrite(source, "open-with") == (
        "def copy(a, b):\n    with open(a) as src, open(b, 'w') as dst:\n        dst.write(src.read())\n"
    )


def test_a_module_level_handle_named_in_all_is_refused() -> None:
    source = '__all__ = ["log"]\nlog = open("app.log", "a")\nlog.write("x")\n'
    assert_refused("open-with", source, "other modules may use it")


def test_a_function_that_reads_its_own_locals_gets_no_new_name() -> None:
    source = "def report(p):\n    text = open(p).read()\n    return locals()\n"
    assert_refused("open-with", source, "locals()")


def test_in_a_class_body_a_one_shot_open_would_add_a_class_attribute() -> None:
    source = "class Config:\n    DATA = open('data.txt').read()\n"
    assert_refused("open-with", source, "class attribute")


# -- names, formatting, idempotence -----------------------------------------------------------------


def test_the_fresh_name_avoids_names_of_nested_functions_and_strings() -> None:
    source = """\
    def outer(p):
        data = open(p).read()

        def inner():
            return f, fh

        return data, inner, getattr(p, "src")
    """
    after = rewrite(source, "open-with")
    assert "with open(p) as infile:" in after


def test_tabs_and_crlf_are_kept() -> None:
    before, after = sample("tab_indentation")
    assert "\twith open(path) as f:\n\t\tif f.readable():\n\t\t\tdata = f.read()\n" in after
    assert "    " not in after
    before, after = sample("crlf_newlines")
    assert after.count("\r\n") == after.count("\n") and "with open(path) as f:\r\n" in after


def test_nothing_outside_the_rewritten_statements_changes() -> None:
    before, after = sample("comments_and_blank_lines")
    import difflib

    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    # only lines of the two rewritten functions' open/close statements and their re-indented bodies
    assert not any("return True" in line or "def " in line or '"""' in line for line in changed)


def test_files_without_openers_are_not_parsed() -> None:
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("open-with")()
    assert not codemod.applies_to("import os\nprint('hello')\n")
    assert codemod.applies_to("x = open(p).read()\n")
    assert codemod.applies_to("z = zipfile.ZipFile(p)\n")


def test_the_legacy_app_gets_the_expected_rewrites() -> None:
    app = _read(os.path.join(SAMPLES, "legacy_app", "app.py"))
    result = run_codemods(app, "open-with", dedent=False)
    assert result.error is None and result.findings == []
    assert result.rewrites == {"open-with": 4}
    text = result.new_text
    assert "    with open(path) as f:\n        settings = json.load(f)\n    return settings\n" in text
    assert "    with open(\"motd.txt\") as f:\n        return f.read()\n" in text
    assert "    with open(\"access.log\", \"a\") as log:\n        log.write(line + \"\\n\")\n\n" in text
    assert "log.close()" not in text
    views = _read(os.path.join(SAMPLES, "legacy_app", "shop", "views.py"))
    result = run_codemods(views, "open-with", dedent=False)
    assert result.rewrites == {"open-with": 2} and result.findings == []
    assert "    with open(\"catalogue.csv\") as f:\n        for row in csv.reader(f):\n            rows.append(row)\n" in result.new_text
    assert "    with open(path, \"w\") as out:\n        writer = csv.writer(out)\n" in result.new_text
    assert "out.close()" not in result.new_text


# -- the target_version option: parenthesised with statements ----------------------------------------

LONG = """\
def convert(source_path_with_a_long_name, target_path_with_a_long_name):
    source_handle = open(source_path_with_a_long_name, encoding="utf-8")
    target_handle = open(target_path_with_a_long_name, "w", encoding="utf-8")
    target_handle.write(source_handle.read())
    source_handle.close()
    target_handle.close()
"""


def test_long_with_statements_are_parenthesised_when_the_target_python_allows_it() -> None:
    after = rewrite(LONG, "open-with", options={"open-with": {"target_version": "3.10"}})
    assert after == (
        "def convert(source_path_with_a_long_name, target_path_with_a_long_name):\n"
        "    with (\n"
        '        open(source_path_with_a_long_name, encoding="utf-8") as source_handle,\n'
        '        open(target_path_with_a_long_name, "w", encoding="utf-8") as target_handle,\n'
        "    ):\n"
        "        target_handle.write(source_handle.read())\n"
    )
    assert rewrite(after, "open-with", options={"open-with": {"target_version": "3.10"}}) == after


def test_by_default_and_for_short_lines_the_with_statement_stays_on_one_line() -> None:
    default = rewrite(LONG, "open-with")
    assert "    with open(source_path_with_a_long_name, encoding=\"utf-8\") as source_handle, open(" in default
    short = "def copy(a, b):\n    src = open(a)\n    dst = open(b, 'w')\n    dst.write(src.read())\n    src.close()\n    dst.close()\n"
    assert "with open(a) as src, open(b, 'w') as dst:\n" in rewrite(short, "open-with", options={"open-with": {"target_version": "3.12"}})


def test_a_bad_target_version_is_a_usage_error() -> None:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.codemods._base import UsageError, validate_options

    with pytest.raises(UsageError, match="target_version"):
        validate_options([get_codemod("open-with")], {"open-with": {"target_version": "2.7"}}, from_text=True)


def test_the_summary_counts_one_rewrite_per_handle() -> None:
    result = run_codemods(LONG, "open-with")
    assert result.rewrites == {"open-with": 2}
    before, _ = sample("several_handles")
    assert run_codemods(before, "open-with", dedent=False).rewrites == {"open-with": 7}  # 2 + 3 + 2


def test_an_immediate_close_is_not_a_leak() -> None:
    source = "def touch(path):\n    open(path, 'a').close()\n"
    assert_left_alone("open-with", source)


def test_a_bare_open_statement_becomes_a_with_block_without_a_name() -> None:
    source = "def check(p):\n    open(p)  # raises when missing\n    return True\n"
    assert rewrite(source, "open-with") == "def check(p):\n    with open(p):\n        pass  # raises when missing\n    return True\n"


def test_managed_openers_are_silent_even_when_open_may_be_shadowed() -> None:
    source = "import builtins\nbuiltins.open = None\n\ndef read(p):\n    with open(p) as f:\n        return f.read()\n"
    assert_left_alone("open-with", source)


def test_the_line_length_check_counts_the_indentation_of_the_block() -> None:
    # the with line is 82 characters without indentation: 86 in a function, 90 in a method
    body = "    x = open(aaaaaaaaaaaaaaaaaaaa)\n    y = open(bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n    return x.read() + y.read()\n"
    options = {"open-with": {"target_version": "3.11"}}
    in_function = rewrite("def f():\n" + body, "open-with", options=options)
    assert "with open(aaaaaaaaaaaaaaaaaaaa) as x, open(bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb) as y:\n" in in_function
    method = "class K:\n    def m(self):\n" + "".join("    " + line + "\n" for line in body.splitlines())
    in_method = rewrite(method, "open-with", options=options)
    assert "        with (\n            open(aaaaaaaaaaaaaaaaaaaa) as x,\n" in in_method


def test_a_handle_named_handle_is_quoted_in_the_finding():
    result = run_codemods(
        """
        def dump(path):
            handle = open(path)
            data = handle.read()

            def name():
                return handle.name

            handle.close()
            return data, name
        """,
        "open-with",
    )
    messages = [finding.message for finding in result.findings]
    assert messages == [
        "the handle `handle` is used by a nested function or lambda (line 7), which may run after the with-block has closed it"
    ]
