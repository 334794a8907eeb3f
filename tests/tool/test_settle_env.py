"""One ``.env`` variable, one value, across the files of a run (settle_env_names):
the re-runs of clashing files are batched in the worker pool and go through the result cache,
and the outcome is the one of the plain serial loop (each clashing file re-run in turn, seeing
the names the final results before it claimed), for any number of jobs."""

from __future__ import annotations

import os
import tempfile
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod import cache, pipeline, pool, project
from flask_codemod.settle import settle_env_names, settle_stats
from flask_codemod.paths import project_root
from flask_codemod.codemods import get_codemod

APP = textwrap.dedent(
    """\
    from flask import Flask

    {name} = Flask(__name__)
    {name}.config["SECRET_KEY"] = "{key}"
    {name}.config["DEBUG"] = True
    """
)

# Secrets that look real (random, as generated keys are): a word such as "k1" is a
# placeholder, which dotenv-config leaves in place.
K1, K2, K3, K8 = "c9f2e71a4b0d", "7e1d0b93fa26", "b05a8c3e9d41", "4fd2a61c08e7"

ALL = ["open-with", "teardown", "dotenv-config", "cache-views", "http-timeout", "upload-limit", "static-max-age"]


def comparable(results):
    return [(r.path, r.old_text, r.new_text, r.findings, r.project_edits, r.rewrites, r.error) for r in results]


def settle(paths, names, jobs=1):
    paths = [str(p) for p in paths]
    return list(settle_env_names(pool.process_files(paths, names, {}, workers=jobs), names, {}, workers=jobs))


def serial(paths, names):
    """The plain loop, the reference: every file in turn; a file that claims a variable an
    earlier final result holds with another value is transformed again, seeing those claims
    at the end of the project's .env, and keeps that when it settles the clash."""
    codemods = [get_codemod(name)() for name in names]
    claims: dict[str, dict[str, str]] = {}
    out = []
    for path in map(str, paths):
        result = pipeline.process_file(path, codemods, {})
        if result.error is None and any(e.kind == "env" for e in result.project_edits):
            root = project_root(path)
            taken = claims.setdefault(root, {})
            if _clashes(result, taken):
                again = pipeline.process_file(path, codemods, {}, read_file=_shown(path, root, dict(taken)))
                if again.error is None and not _clashes(again, taken):
                    result = again
            for edit in result.project_edits:
                if edit.kind == "env":
                    taken.setdefault(edit.key, edit.value)
        out.append(result)
    return out


def _clashes(result, taken):
    return any(e.kind == "env" and e.key in taken and taken[e.key] != e.value for e in result.project_edits)


def _shown(path, root, taken):
    folder = os.path.dirname(os.path.abspath(path))
    env = os.path.normpath(os.path.join(root, ".env"))
    real = pipeline.sibling_reader(path)
    lines = "".join(f"{key}={project.format_env_value(value)}\n" for key, value in taken.items())

    def read(relative):
        if os.path.normpath(os.path.join(folder, relative)) == env:
            text = real(relative) or ""
            return text + ("\n" if text and not text.endswith(("\n", "\r")) else "") + lines
        return real(relative)

    return pipeline.ProjectReader(read, path)  # the project listing, as the run's own reader


def env_names(results):
    return [(os.path.basename(r.path), e.key) for r in results for e in r.project_edits if e.kind == "env" and "SECRET" in e.key]


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.setenv(cache.ENV_DISABLE, "1")


# -- the outcome is the serial loop's -------------------------------------------------------------


def test_a_qualified_name_taken_by_an_earlier_rerun_is_redone_alone(tmp_path, no_cache):
    """x/views.py's re-run takes VIEWS_SECRET_KEY; y/views.py's batched re-run did not see that
    and wants it too: it is redone seeing it, and gets VIEWS_SECRET_KEY_2, as in the loop."""
    (tmp_path / "requirements.txt").write_text("flask\n")
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a.py").write_text(APP.format(name="app", key=K1))
    (tmp_path / "x" / "views.py").write_text(APP.format(name="app", key=K2))
    (tmp_path / "y" / "views.py").write_text(APP.format(name="app", key=K3))
    paths = [tmp_path / "a.py", tmp_path / "x" / "views.py", tmp_path / "y" / "views.py"]
    before = dict(settle_stats)
    results = settle(paths, ["dotenv-config"])
    assert settle_stats["batched"] - before["batched"] == 2
    assert comparable(results) == comparable(serial(paths, ["dotenv-config"]))
    assert env_names(results) == [("a.py", "SECRET_KEY"), ("views.py", "VIEWS_SECRET_KEY"), ("views.py", "VIEWS_SECRET_KEY_2")]
    assert settle_stats["redone"] - before["redone"] == 1
    changes, messages = project.merge(results)
    assert messages == []


TWO_APPS = textwrap.dedent(
    f"""\
    from flask import Flask

    admin = Flask(__name__)
    admin.config["SECRET_KEY"] = "{K3}"
    admin.config["VIEWS_SECRET_KEY"] = "{K2}"
    shop = Flask(__name__)
    shop.config["VIEWS_SECRET_KEY"] = "{K8}"
    """
)


def test_a_file_naming_a_variable_an_earlier_rerun_took_is_redone(tmp_path, no_cache):
    """c.py sets VIEWS_SECRET_KEY itself, which views.py's re-run took: the loop's re-run of
    c.py sees that name and says why shop's value is read from another one; the batched
    re-run did not see it (no clash, but no finding either), so it is not trusted."""
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "a.py").write_text(APP.format(name="app", key=K1))
    (tmp_path / "views.py").write_text(APP.format(name="app", key=K2))
    (tmp_path / "c.py").write_text(TWO_APPS)
    paths = [tmp_path / "a.py", tmp_path / "views.py", tmp_path / "c.py"]
    before = settle_stats["redone"]
    results = settle(paths, ["dotenv-config"])
    assert comparable(results) == comparable(serial(paths, ["dotenv-config"]))
    assert settle_stats["redone"] - before == 1
    c = results[2]
    assert [e.key for e in c.project_edits if e.kind == "env"] == ["ADMIN_SECRET_KEY", "VIEWS_SECRET_KEY", "SHOP_VIEWS_SECRET_KEY"]
    assert any("VIEWS_SECRET_KEY already holds another value" in f.message for f in c.findings)


def test_a_rerun_shown_a_claim_no_final_result_makes_is_redone(tmp_path, no_cache):
    """admin.py's first pass claims ADMIN_SECRET_KEY=K3, its re-run gives that name K2 (and K3
    another). c.py's batched re-run was shown K3 under it, so it avoided the name and took
    ADMIN_SECRET_KEY_2 for its own K2: no clash, but not what the loop gives (the name holds
    K2, the very value): it is redone, and shares ADMIN_SECRET_KEY."""
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "a.py").write_text(APP.format(name="app", key=K1))
    (tmp_path / "admin.py").write_text(APP.format(name="admin", key=K2) + f'admin.config["ADMIN_SECRET_KEY"] = "{K3}"\n')
    (tmp_path / "c.py").write_text(APP.format(name="admin", key=K2))
    paths = [tmp_path / "a.py", tmp_path / "admin.py", tmp_path / "c.py"]
    before = settle_stats["redone"]
    results = settle(paths, ["dotenv-config"])
    assert comparable(results) == comparable(serial(paths, ["dotenv-config"]))
    assert env_names(results) == [
        ("a.py", "SECRET_KEY"), ("admin.py", "ADMIN_SECRET_KEY"), ("admin.py", "ADMIN_ADMIN_SECRET_KEY"), ("c.py", "ADMIN_SECRET_KEY"),
    ]
    assert settle_stats["redone"] - before == 1


STEMS = st.sampled_from(["views", "admin", "shop"])


@st.composite
def projects(draw):
    """A few modules in a few folders (names may repeat across folders), setting SECRET_KEY,
    DATABASE_URL and sometimes a key named like another file's qualified variable."""
    count = draw(st.integers(2, 5))
    files = {}
    for _ in range(count):
        folder = draw(st.sampled_from(["", "x", "y"]))
        stem = draw(STEMS)
        name = draw(st.sampled_from(["app", "app", "admin_app"]))
        lines = ["from flask import Flask", "", f"{name} = Flask(__name__)"]
        for key in draw(st.lists(st.sampled_from(["SECRET_KEY", "DATABASE_URL", "VIEWS_SECRET_KEY", "ADMIN_SECRET_KEY"]), min_size=1, max_size=3, unique=True)):
            value = draw(st.sampled_from([K1, K2, K3]))
            if key == "DATABASE_URL":
                value = f"postgres://u:{value}@db/x"
            lines.append(f'{name}.config["{key}"] = "{value}"')
        files[os.path.join(folder, stem + ".py")] = "\n".join(lines) + "\n"
    env = draw(st.sampled_from(["", f"SECRET_KEY={K2}\n", f"ADMIN_SECRET_KEY={K3}\nSHOP_SECRET_KEY={K1}"]))
    return files, env


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_same_outcome_as_the_serial_loop(spec):
    files, env = spec
    previous = os.environ.get(cache.ENV_DISABLE)
    os.environ[cache.ENV_DISABLE] = "1"
    try:
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "requirements.txt"), "w") as handle:
                handle.write("flask\n")
            if env:
                with open(os.path.join(folder, ".env"), "w") as handle:
                    handle.write(env)
            paths = []
            for relative, text in sorted(files.items()):
                path = os.path.join(folder, relative)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as handle:
                    handle.write(text)
                paths.append(path)
            assert comparable(settle(paths, ["dotenv-config"])) == comparable(serial(paths, ["dotenv-config"]))
    finally:
        if previous is None:
            os.environ.pop(cache.ENV_DISABLE, None)
        else:
            os.environ[cache.ENV_DISABLE] = previous


def test_a_rerun_honours_suppression_comments(tmp_path, no_cache):
    """The re-run is the engine's process_file, like the first pass: a codemod the file keeps
    away (skip-file=open-with) stays away when the file is transformed again."""
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "a.py").write_text(APP.format(name="app", key=K1))
    (tmp_path / "b.py").write_text(
        "# flask-codemod: skip-file=open-with\n" + APP.format(name="app", key=K2) + "\n\ndef read(p):\n    return open(p).read()\n"
    )
    names = ["open-with", "dotenv-config"]
    a, b = settle([tmp_path / "a.py", tmp_path / "b.py"], names)
    assert 'os.environ["B_SECRET_KEY"]' in b.new_text
    assert "return open(p).read()" in b.new_text
    assert comparable([a, b]) == comparable(serial([tmp_path / "a.py", tmp_path / "b.py"], names))


def test_results_before_the_first_clash_are_not_held_back(tmp_path, no_cache):
    (tmp_path / "requirements.txt").write_text("flask\n")
    for name, key in (("a.py", K1), ("b.py", K1), ("c.py", K2)):
        (tmp_path / name).write_text(APP.format(name="app", key=key))
    consumed = []

    def first_pass():
        for result in pool.process_files([str(tmp_path / n) for n in ("a.py", "b.py", "c.py")], ["dotenv-config"], {}):
            consumed.append(result.path)
            yield result

    stream = settle_env_names(first_pass(), ["dotenv-config"])
    assert next(stream).path.endswith("a.py") and len(consumed) == 1
    assert next(stream).path.endswith("b.py") and len(consumed) == 2
    assert 'os.environ["C_SECRET_KEY"]' in next(stream).new_text


# -- the cache, the pool --------------------------------------------------------------------------


@pytest.fixture
def apps(tmp_path, monkeypatch):
    """Like the benchmark corpus: every module an app with its own SECRET_KEY."""
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._projects.clear()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\ndependencies = ['flask']\n")
    paths = []
    for number in range(6):
        (tmp_path / f"shop{number}.py").write_text(
            APP.format(name="app", key=f"{K1[:-1]}{number}") + "\n\ndef read(p):\n    return open(p).read()\n"
        )
        paths.append(tmp_path / f"shop{number}.py")
    return paths


def test_warm_run_parses_nothing_reruns_included(apps, parses):
    before = settle_stats["batched"]
    cold = settle(apps, ALL)
    assert settle_stats["batched"] - before == 5  # every app after the first clashes
    assert all(r.parsed for r in cold) and parses
    assert env_names(cold) == [("shop0.py", "SECRET_KEY")] + [(f"shop{n}.py", f"SHOP{n}_SECRET_KEY") for n in range(1, 6)]
    parses.clear()
    hits = cache.stats["hits"]
    warm = settle(apps, ALL)
    assert parses == [] and not any(r.parsed for r in warm)
    assert cache.stats["hits"] - hits == 6 + 5  # the first pass and the re-runs
    assert comparable(warm) == comparable(cold)
    with cache.disabled():
        assert comparable(settle(apps, ALL)) == comparable(cold)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_warm_runs_reruns_look_again_at_no_file_the_first_pass_checked(apps, monkeypatch, jobs):
    """The re-runs are made before anything is written: the files the first pass's look-ups
    checked (by stamp, by absence, by hash) are as they were, and the re-runs' look-ups take
    what it found. Only ``.env`` is looked at again: each re-run is shown lines of its own."""
    import collections

    from flask_codemod import cache_reads

    cold = settle(apps, ALL, jobs=jobs)
    looks = collections.Counter()

    def counted(function, path_of):
        def look(*args, **kwargs):
            looks[os.path.normpath(path_of(*args))] += 1
            return function(*args, **kwargs)

        return look

    monkeypatch.setattr(cache_reads, "file_stamp", counted(cache_reads.file_stamp, lambda path: path))
    monkeypatch.setattr(cache_reads, "_unreadable", counted(cache_reads._unreadable, lambda path: path))
    monkeypatch.setattr(
        cache_reads, "_read_digest", counted(cache_reads._read_digest, lambda read, folder, relative: os.path.join(folder, relative))
    )
    hits = cache.stats["hits"]
    warm = settle(apps, ALL, jobs=jobs)
    assert cache.stats["hits"] - hits == 6 + 5 and comparable(warm) == comparable(cold)
    again = {path: count for path, count in looks.items() if count > 1 and os.path.basename(path) != ".env"}
    assert looks and again == {}


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_reruns_entries_are_packed_with_the_first_pass(apps, jobs):
    """The pool packs a pass's entries once its caller has taken every result: the re-runs'
    entries too, so that a warm run does not read and check them one by one."""
    import glob

    from flask_codemod import cache_pack

    settle(apps, ALL, jobs=jobs)
    folder = cache._root_of(str(apps[0]))
    assert glob.glob(os.path.join(folder, "*", "*.json")) == []  # none left alone
    packed = cache_pack.read_pack(folder).entries
    assert len(packed) == 6 + 5  # the first pass and the re-runs


def test_same_results_with_two_jobs_and_reruns_in_the_workers(apps, parses):
    one = settle(apps, ALL)  # cold, in this process
    with cache.disabled():
        parses.clear()
        two = settle(apps, ALL, jobs=2)  # cold as well
        assert parses == []  # first pass and re-runs all parsed in worker processes
    assert comparable(two) == comparable(one)
    warm = settle(apps, ALL, jobs=2)
    assert not any(r.parsed for r in warm)
    assert comparable(warm) == comparable(one)
    assert project.merge(warm) == project.merge(one)


def test_what_each_codemod_did_to_a_settled_file_uses_its_settled_names(tmp_path, no_cache):
    """--commit and --interactive split a change codemod by codemod by running the file
    again with the first codemods: a file whose .env names were settled (second.py's secret
    gets a qualified name) must be run again seeing those names, else dotenv-config's step
    would hold the plain name and the next codemod's step would seem to rename it."""
    from flask_codemod.steps import codemod_steps

    (tmp_path / "requirements.txt").write_text("flask\nrequests\n")
    first = tmp_path / "first.py"
    first.write_text(APP.format(name="app", key="first-secret-9d2c"))
    second = tmp_path / "second.py"
    second.write_text(APP.format(name="app", key="second-secret-4b7e") + "\nimport requests\n\n\ndef ping(url):\n    return requests.get(url)\n")
    names = ["dotenv-config", "http-timeout"]
    results = settle([first, second], names)
    final = {os.path.basename(r.path): r for r in results}["second.py"]
    (key,) = [e.key for e in final.project_edits if e.kind == "env" and "SECRET" in e.key]
    assert key != "SECRET_KEY" and final.env_shown
    classes = tuple(get_codemod(name) for name in names)
    steps = codemod_steps(results, {r.path: classes for r in results}, {r.path: {} for r in results})[str(second)]
    assert [cls.NAME for cls, _ in steps] == names
    assert f'os.environ["{key}"]' in steps[0][1] and "timeout=" not in steps[0][1]



@pytest.mark.parametrize("below", ["", "sub", "sub/.env.d", ".env/inner"])
def test_a_rerun_reader_shows_the_names_exactly_where_env_is_read(tmp_path, below):
    """A re-run's reader adds the names shown to the project's ``.env`` only; it compares the
    path read with ``.env``'s only when ``.env`` is spelled in it or in the file's folder: the
    same answers as comparing every path, for spellings that reach ``.env`` and some that do
    not (``.env`` is a folder in the last case: ``..`` from a folder below it reaches it)."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    if not below.startswith(".env"):
        (tmp_path / ".env").write_text("OLD=1")
    folder = tmp_path / below if below else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text("x = 1\n")
    (tmp_path / "settings.py").write_text("Y = 2\n")
    up = "../" * (below.count("/") + 1 if below else 0)
    shown = "NEW=2\n"
    reader = pipeline.Job(str(folder / "app.py"), ("dotenv-config",), env_shown=shown).reader()
    read_real = pipeline.sibling_reader(str(folder / "app.py"))
    env_path = os.path.normpath(str(tmp_path / ".env"))

    def every_path_compared(relative: str) -> str | None:
        if os.path.normpath(os.path.join(str(folder), relative)) == env_path:
            text = read_real(relative) or ""
            return (text + "\n" if text and not text.endswith(("\n", "\r")) else text) + shown
        return read_real(relative)

    spellings = [
        f"{up}.env", f"./{up}.env", f"{up}./.env", f"{up}sub/../.env", f"{up}settings.py/../.env", f"{up}.env.example",
        f"{up}settings.py", "app.py", f"{up}../{tmp_path.name}/.env", str(tmp_path / ".env"), f"{up}.envrc", "..", ".",
    ]
    answers = [reader(relative) for relative in spellings]
    assert answers == [every_path_compared(relative) for relative in spellings]
    assert sum(answer is not None and answer.endswith(shown) for answer in answers) >= 4
    if below == ".env/inner":
        assert reader("..") == shown
