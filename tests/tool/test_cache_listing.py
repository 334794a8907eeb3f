"""The result cache and the project listing (tool/cache.py): an entry records the part of
the listing its codemods looked at (the Python files, or every file), so a new module
invalidates what listed modules and a new log file does not; within one pass over the files
each project is listed, and each file a recorded read names is read, once; the next pass
sees every change."""

from __future__ import annotations

import libcst
import pytest

from flask_codemod import cache, pipeline
from flask_codemod.codemods import Codemod, Context
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.pipeline import Job


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    cache._projects.clear()


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "logs").mkdir()
    return tmp_path


class _Lists(Codemod):
    SUMMARY = "test"
    VIEW = ""

    def transform(self, module, ctx: Context):
        names = list(getattr(ctx.project_files(), self.VIEW))
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# {self.VIEW}: {names}"))])


class ListsModules(_Lists):
    """Test codemod: appends a comment naming the project's Python files."""

    NAME = "lists-modules"
    VIEW = "files"


class ListsEveryFile(_Lists):
    """Test codemod: appends a comment naming every file of the project."""

    NAME = "lists-every-file"
    VIEW = "every_file"


class _ReadsAtRoot(Codemod):
    """Test codemod: appends a comment holding what ``FILE`` at the project root says."""

    SUMMARY = "test"
    FILE = ""
    LABEL = ""

    def transform(self, module, ctx: Context):
        text = ctx.read_file(ctx.project_files().relative(self.FILE))
        ctx.rewrote()
        return module.with_changes(footer=[libcst.EmptyLine(comment=libcst.Comment(f"# {self.LABEL}: {text!r}"))])


class ReadsSettings(_ReadsAtRoot):
    NAME = "reads-settings"
    FILE = "settings.txt"
    LABEL = "settings"


def process(path, codemod):
    return cache.process_job(Job(str(path), (codemod.NAME,)), [codemod])


def test_a_new_module_invalidates_an_entry_that_listed_modules_a_new_log_file_does_not(project):
    target = project / "app.py"
    assert process(target, ListsModules()).new_text.endswith("# files: ['app.py']\n")
    (project / "logs" / "app.log").write_text("started\n")
    (project / "upload.png").write_bytes(b"\x89PNG")
    assert not process(target, ListsModules()).parsed  # no module came or went: a hit
    (project / "logs" / "rotate.py").write_text("y = 2\n")
    again = process(target, ListsModules())
    assert again.parsed and again.new_text.endswith("# files: ['app.py', 'logs/rotate.py']\n")
    (project / "logs" / "rotate.py").unlink()
    assert process(target, ListsModules()).parsed  # removed: run again


def test_an_entry_that_looked_at_every_file_is_invalidated_by_any_new_file(project):
    target = project / "app.py"
    assert process(target, ListsEveryFile()).new_text.endswith("# every_file: ['app.py', 'pyproject.toml']\n")
    assert not process(target, ListsEveryFile()).parsed
    (project / "logs" / "app.log").write_text("started\n")
    again = process(target, ListsEveryFile())
    assert again.parsed and again.new_text.endswith("# every_file: ['app.py', 'logs/app.log', 'pyproject.toml']\n")


def test_within_one_run_each_project_is_listed_once_and_the_next_run_sees_changes(project, monkeypatch):
    (project / "pkg").mkdir()
    targets = [project / "app.py", project / "pkg" / "views.py", project / "pkg" / "models.py"]
    for target in targets[1:]:
        target.write_text("y = 2\n")
    for target in targets:
        process(target, ListsModules())  # fills the cache
    listed = []
    listing = pipeline.project_listing
    monkeypatch.setattr(pipeline, "project_listing", lambda root: listed.append(root) or listing(root))

    def one_run():
        with cache.one_run():
            return [process(target, ListsModules()) for target in targets]

    assert not any(result.parsed for result in one_run())
    assert listed == [str(project)]
    (project / "pkg" / "forms.py").write_text("z = 3\n")
    after = one_run()
    assert all(result.parsed for result in after)
    assert all(r.new_text.endswith("'pkg/forms.py', 'pkg/models.py', 'pkg/views.py']\n") for r in after)


def test_a_file_read_from_two_folders_is_read_once_in_a_run_and_its_change_seen_next_run(project, monkeypatch):
    (project / "pkg").mkdir()
    (project / "settings.txt").write_text("one")
    targets = [project / "app.py", project / "pkg" / "views.py"]
    targets[1].write_text("y = 2\n")
    for target in targets:
        assert process(target, ReadsSettings()).new_text.endswith("# settings: 'one'\n")
    reads = []
    reader = pipeline.sibling_reader

    def counting_reader(path):
        read = reader(path)
        return lambda relative: reads.append(relative) or read(relative)

    monkeypatch.setattr(pipeline, "sibling_reader", counting_reader)

    def one_run():
        with cache.one_run():
            return [process(target, ReadsSettings()) for target in targets]

    assert not any(result.parsed for result in one_run())
    assert reads == ["settings.txt"]  # the second entry's "../settings.txt" is the same file
    (project / "settings.txt").write_text("two")
    after = one_run()
    assert all(r.parsed and r.new_text.endswith("# settings: 'two'\n") for r in after)


class ReadsEnv(_ReadsAtRoot):
    NAME = "reads-env"
    FILE = ".env"
    LABEL = "env"


def test_a_job_that_shows_more_of_env_than_it_holds_is_checked_against_what_it_shows(project):
    """The .env name settling's Jobs (tool/settle.py) show names at the end of .env: what a
    run remembers of .env's real text is not what such a Job read."""
    (project / ".env").write_text("A=1\n")
    plain = Job(str(project / "app.py"), (ReadsEnv.NAME,))
    shown = Job(str(project / "app.py"), (ReadsEnv.NAME,), env_shown="B=2\n")
    assert cache.process_job(plain, [ReadsEnv()]).new_text.endswith("# env: 'A=1\\n'\n")
    assert cache.process_job(shown, [ReadsEnv()]).new_text.endswith("# env: 'A=1\\nB=2\\n'\n")
    with cache.one_run():
        results = [cache.process_job(job, [ReadsEnv()]) for job in (plain, shown, plain)]
    assert [r.parsed for r in results] == [False, False, False]
    assert results[1].new_text.endswith("# env: 'A=1\\nB=2\\n'\n") and results[2].new_text.endswith("# env: 'A=1\\n'\n")
    (project / ".env").write_text("A=3\n")
    with cache.one_run():
        changed = cache.process_job(shown, [ReadsEnv()])
    assert changed.parsed and changed.new_text.endswith("# env: 'A=3\\nB=2\\n'\n")


def test_a_later_run_does_not_walk_an_unchanged_project_and_walks_a_changed_one(project, monkeypatch):
    """The listing is recorded in the cache with the mtimes of the project's folders: a new
    process (nothing remembered in memory) checks those instead of walking the project."""
    import os
    import time

    from flask_codemod import walk

    (project / "pkg").mkdir()
    (project / "pkg" / "views.py").write_text("y = 2\n")
    past = time.time() - 60  # older than a clock's tick: a listing that may be remembered
    for folder in (project, project / "pkg", project / "logs"):
        os.utime(folder, (past, past))
    targets = [project / "app.py", project / "pkg" / "views.py"]

    def one_run():
        with cache.one_run():
            return [process(target, ListsModules()) for target in targets]

    one_run()  # fills the cache
    one_run()  # served from it: the listing is checked, and recorded
    walk._LISTINGS.clear()
    listed = []
    listing = pipeline.project_listing
    monkeypatch.setattr(pipeline, "project_listing", lambda root: listed.append(root) or listing(root))
    assert not any(result.parsed for result in one_run()) and listed == []
    (project / "pkg" / "forms.py").write_text("z = 3\n")
    after = one_run()
    assert all(result.parsed for result in after) and set(listed) == {str(project)}  # walked again
    assert after[0].new_text.endswith("# files: ['app.py', 'pkg/forms.py', 'pkg/views.py']\n")


def test_the_run_that_fills_the_cache_records_the_listing(project, monkeypatch):
    """A pass that only missed records the listing its codemods were given, with the mtimes of
    the project's folders: the next process does not walk the unchanged project, and walks it
    again once a folder changed."""
    import os
    import time

    from flask_codemod import walk

    past = time.time() - 60  # older than a clock's tick: a listing that may be remembered
    for folder in (project, project / "logs"):
        os.utime(folder, (past, past))
    with cache.one_run():
        filled = process(project / "app.py", ListsModules())
    assert filled.parsed
    walk._LISTINGS.clear()
    cache._projects.clear()
    listed = []
    listing = pipeline.project_listing
    monkeypatch.setattr(pipeline, "project_listing", lambda root: listed.append(root) or listing(root))
    with cache.one_run():
        assert not process(project / "app.py", ListsModules()).parsed
    assert listed == []
    (project / "views.py").write_text("y = 2\n")
    with cache.one_run():
        again = process(project / "app.py", ListsModules())
    assert again.parsed and again.new_text.endswith("# files: ['app.py', 'views.py']\n") and set(listed) == {str(project)}


def _counting_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    reader = pipeline.sibling_reader

    def counting_reader(path):
        read = reader(path)
        return lambda relative: reads.append(relative) or read(relative)

    monkeypatch.setattr(pipeline, "sibling_reader", counting_reader)
    return reads


def _age(path, seconds: float = 60) -> None:
    import os
    import time

    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_read_file_untouched_since_is_not_read_again_and_a_rewrite_that_keeps_size_and_mtime_is_seen(project, monkeypatch):
    """An entry records the stamp (size, mtime, ctime, inode) each file it read had before it
    was read: a later run trusts a file with that stamp without reading it. A file rewritten
    with the same size and its old mtime set back still has a new ctime: it is read again."""
    import os
    import time

    from flask_codemod import cache_reads

    monkeypatch.setattr(cache_reads, "_RACY_NS", 0)  # no waiting for the racy window (its ctime is now)
    settings = project / "settings.txt"
    settings.write_text("one")
    _age(settings)
    time.sleep(0.05)  # past the file system's clock tick
    target = project / "app.py"
    with cache.one_run():
        assert process(target, ReadsSettings()).new_text.endswith("# settings: 'one'\n")
    reads = _counting_reads(monkeypatch)
    with cache.one_run():
        assert not process(target, ReadsSettings()).parsed
    assert reads == []  # trusted by its stamp
    before = os.stat(settings)
    time.sleep(0.05)
    settings.write_text("two")  # same size
    os.utime(settings, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same mtime
    assert os.stat(settings).st_size == before.st_size and os.stat(settings).st_mtime_ns == before.st_mtime_ns
    with cache.one_run():
        again = process(target, ReadsSettings())
    assert again.parsed and again.new_text.endswith("# settings: 'two'\n")


def test_a_file_changed_in_the_last_seconds_is_read_and_hashed_not_trusted_by_its_stamp(project, monkeypatch):
    """Within a clock's tick a file may change again and keep its stamp (git's racy entries):
    an entry records no stamp for a file that changed in the last seconds, so a later run reads
    it, and sees a change made in the same tick."""
    settings = project / "settings.txt"
    settings.write_text("one")  # just now
    target = project / "app.py"
    assert process(target, ReadsSettings()).new_text.endswith("# settings: 'one'\n")
    reads = _counting_reads(monkeypatch)
    with cache.one_run():
        assert not process(target, ReadsSettings()).parsed
    assert reads == ["settings.txt"]
    settings.write_text("two")
    with cache.one_run():
        assert process(target, ReadsSettings()).new_text.endswith("# settings: 'two'\n")


def test_a_file_found_absent_is_checked_without_reading_and_its_arrival_is_seen(project, monkeypatch):
    """A read that found nothing (a module looked for, a settings file the project lacks) is
    checked by the file's stat alone while nothing readable is there — not even a folder of
    that name — and a file that arrives invalidates the entry."""
    target = project / "app.py"
    assert process(target, ReadsSettings()).new_text.endswith("# settings: None\n")
    reads = _counting_reads(monkeypatch)
    with cache.one_run():
        assert not process(target, ReadsSettings()).parsed
    (project / "settings.txt").mkdir()  # a folder by that name: the reader still finds nothing
    with cache.one_run():
        assert not process(target, ReadsSettings()).parsed
    assert reads == []
    (project / "settings.txt").rmdir()
    (project / "settings.txt").write_text("three")
    with cache.one_run():
        again = process(target, ReadsSettings())
    assert again.parsed and again.new_text.endswith("# settings: 'three'\n")
