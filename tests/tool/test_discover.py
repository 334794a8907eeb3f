"""Directory walking: .gitignore, default excludes, explicit files, links."""

from __future__ import annotations

import os
import subprocess

from flask_codemod.discover import discover


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _names(found, root):
    return sorted(os.path.relpath(p, root) for p in found.files)


def test_walk_honours_gitignore_and_default_excludes(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n")
    _touch(tmp_path / "app.py")
    _touch(tmp_path / "pkg" / "views.py")
    _touch(tmp_path / "pkg" / "api_pb2.py")
    _touch(tmp_path / "generated" / "x.py")
    _touch(tmp_path / "node_modules" / "x.py")
    _touch(tmp_path / "build" / "x.py")
    _touch(tmp_path / "dist" / "x.py")
    _touch(tmp_path / "__pycache__" / "x.py")
    _touch(tmp_path / "env" / "pyvenv.cfg", "home = /usr\n")
    _touch(tmp_path / "env" / "lib" / "x.py")
    _touch(tmp_path / "notes.txt")
    _touch(tmp_path / "pkg" / "sub" / ".gitignore", "local.py\n")
    _touch(tmp_path / "pkg" / "sub" / "local.py")
    _touch(tmp_path / "pkg" / "sub" / "kept.py")
    found = discover([str(tmp_path)])
    assert _names(found, tmp_path) == ["app.py", "pkg/sub/kept.py", "pkg/views.py"]


def test_gitignore_above_the_given_directory_applies(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("legacy/old.py\n")
    _touch(tmp_path / "legacy" / "old.py")
    _touch(tmp_path / "legacy" / "new.py")
    found = discover([str(tmp_path / "legacy")])
    assert _names(found, tmp_path) == ["legacy/new.py"]


def test_explicit_file_is_always_processed(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.py\n")
    _touch(tmp_path / "build" / "ignored.py")
    found = discover([str(tmp_path / "build" / "ignored.py")])
    assert found.files == [str(tmp_path / "build" / "ignored.py")]


def test_symlink_loops_and_duplicates(tmp_path):
    _touch(tmp_path / "a.py")
    os.symlink(tmp_path, tmp_path / "loop")
    os.symlink(tmp_path / "a.py", tmp_path / "alias.py")
    found = discover([str(tmp_path), str(tmp_path / "a.py"), str(tmp_path / "a.py")])
    assert len(found.files) == 1


def test_missing_paths_are_reported(tmp_path):
    found = discover([str(tmp_path / "nope")])
    assert found.missing == [str(tmp_path / "nope")] and found.files == []


def test_hard_links_and_spellings_are_one_file(tmp_path):
    _touch(tmp_path / "a.py")
    os.link(tmp_path / "a.py", tmp_path / "b.py")
    found = discover([str(tmp_path / "a.py"), os.path.join(str(tmp_path), ".", "a.py"), str(tmp_path)])
    assert found.files == [str(tmp_path / "a.py")]


def test_links_leading_out_of_the_tree_are_not_followed(tmp_path):
    _touch(tmp_path / "outside.py")
    _touch(tmp_path / "tree" / "inside.py")
    os.symlink(tmp_path / "outside.py", tmp_path / "tree" / "out.py")
    os.symlink("inside.py", tmp_path / "tree" / "in.py")
    found = discover([str(tmp_path / "tree")])
    assert _names(found, tmp_path / "tree") == ["in.py"] or _names(found, tmp_path / "tree") == ["inside.py"]
    assert len(found.files) == 1


def test_what_is_not_a_file_is_named_with_the_reason(tmp_path):
    import socket

    os.symlink("loop.py", tmp_path / "loop.py")
    os.symlink("nowhere.py", tmp_path / "broken.py")
    os.mkfifo(tmp_path / "pipe.py")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.py"))
    try:
        given = [str(tmp_path / n) for n in ("loop.py", "broken.py", "pipe.py", "sock.py")]
        found = discover(given)
    finally:
        server.close()
    assert found.files == []
    assert [reason for _, reason in found.errors] == [
        "symbolic link loop",
        "broken symbolic link",
        "not a regular file (a named pipe)",
        "not a regular file (a socket)",
    ]
    # walking the folder, none of them is a source file, and none is an error
    walked = discover([str(tmp_path)])
    assert walked.files == [] and walked.errors == []


def test_an_unreadable_directory_is_an_error_and_the_walk_goes_on(tmp_path, monkeypatch):
    _touch(tmp_path / "locked" / "x.py")
    _touch(tmp_path / "open" / "y.py")
    real = os.scandir

    def guarded(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", guarded)
    found = discover([str(tmp_path)])
    assert _names(found, tmp_path) == ["open/y.py"]
    assert found.errors == [(str(tmp_path / "locked"), "cannot list directory: Permission denied")]


# -- a project's files, for ctx.project_files ---------------------------------------------------


def test_project_files_honour_gitignore_and_skip_tool_folders(tmp_path):
    from flask_codemod import walk
    from flask_codemod.walk import project_listing as project_files

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("secret/\n*.log\n")
    for name in ("app.py", "Procfile", "docker/Dockerfile", "secret/key.py", "run.log", "node_modules/x.js", "pkg/__pycache__/m.pyc"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    (tmp_path / "empty").mkdir()
    # folders (and .gitignore files) last changed long ago: the listing is remembered, and
    # checked against them
    for folder in [tmp_path, *tmp_path.rglob("*")]:
        os.utime(folder, ns=(10**18, 10**18))
    assert project_files(str(tmp_path)) == (".gitignore", "Procfile", "app.py", "docker/Dockerfile")
    assert str(tmp_path) in walk._LISTINGS  # remembered
    assert project_files(str(tmp_path)) == (".gitignore", "Procfile", "app.py", "docker/Dockerfile")
    # a new file in a folder that had none shows at once; a removed one is gone
    (tmp_path / "empty" / "new.py").write_text("y = 1\n")
    assert "empty/new.py" in project_files(str(tmp_path))
    (tmp_path / "Procfile").unlink()
    assert "Procfile" not in project_files(str(tmp_path))


def test_every_kind_of_gitignore_pattern_is_honoured_as_pathspec_reads_it(tmp_path):
    # The walk asks each .gitignore's patterns at once before asking them one by one: whatever
    # the patterns, it must keep exactly the files that pathspec's own reading keeps.
    import pathspec

    rules = [
        "*.gen.py", "!keep.gen.py", "/top_only.py", "build_*/", "docs/**/conf.py", "**/tmp/*.py",
        "a?c.py", "[xy]z.py", "\\#hash.py", "\\!bang.py", "nested/deep/", "!nested/deep/kept.py",
        "trailing.py   ", "sub/*.py", "!sub/main.py", "# a comment", "",
    ]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("\n".join(rules) + "\n")
    names = [
        "app.py", "x.gen.py", "keep.gen.py", "top_only.py", "pkg/top_only.py", "build_1/x.py",
        "pkg/build_2/x.py", "docs/a/b/conf.py", "docs/conf.py", "pkg/tmp/t.py", "tmp/t.py",
        "abc.py", "xz.py", "yz.py", "zz.py", "#hash.py", "!bang.py", "nested/deep/kept.py",
        "nested/deep/gone.py", "nested/other.py", "trailing.py", "sub/one.py", "sub/main.py",
        "sub/inner/two.py",
    ]
    for name in names:
        _touch(tmp_path / name)
    spec = pathspec.GitIgnoreSpec.from_lines(rules)
    expected = sorted(
        name for name in names
        if not any(spec.match_file(prefix + "/") for prefix in _folders_of(name)) and not spec.match_file(name)
    )
    assert _names(discover([str(tmp_path)]), tmp_path) == expected
    assert "app.py" in expected and "x.gen.py" not in expected  # the rules did something


def _folders_of(name):
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def test_a_gitignore_is_compiled_once_per_text_and_again_when_it_changes(tmp_path, monkeypatch):
    import pathspec

    from flask_codemod import gitignore_rules

    compiled = []
    real = pathspec.GitIgnoreSpec.from_lines
    monkeypatch.setattr(pathspec.GitIgnoreSpec, "from_lines", lambda lines: compiled.append(list(lines)) or real(lines))
    monkeypatch.setattr(gitignore_rules, "_SPECS", {})
    monkeypatch.setattr(gitignore_rules, "_COMBINED", {})
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("old.py\n")
    _touch(tmp_path / "a" / ".gitignore", "old.py\n")  # the same text in another folder
    for folder in ("", "a/"):
        _touch(tmp_path / f"{folder}old.py")
        _touch(tmp_path / f"{folder}new.py")
    assert _names(discover([str(tmp_path)]), tmp_path) == ["a/new.py", "new.py"]
    assert _names(discover([str(tmp_path / "a")]), tmp_path) == ["a/new.py"]
    assert compiled == [["old.py"]]
    (tmp_path / ".gitignore").write_text("new.py\n")
    assert _names(discover([str(tmp_path)]), tmp_path) == ["old.py"]  # (a/ ignores its old.py)
    assert compiled == [["old.py"], ["new.py"]]
    monkeypatch.setattr(gitignore_rules, "_MAX_SPECS", 1)  # full: all dropped before the next one is kept
    (tmp_path / ".gitignore").write_text("x.py\n")
    assert _names(discover([str(tmp_path)]), tmp_path) == ["a/new.py", "new.py", "old.py"]
    assert compiled[2:] == [["x.py"], ["old.py"]] and len(gitignore_rules._SPECS) == 1


# A .gitignore line pathspec rejects (a lone trailing backslash, a bare "!"), with Windows line
# ends like the file that showed it: git reads it as matching nothing, and so does the walk.
BROKEN_GITIGNORE = "cache\\\r\n!\r\ngenerated/\r\n*.log\r\n"


def test_the_walk_skips_only_what_the_valid_patterns_name(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_bytes(BROKEN_GITIGNORE.encode())
    _touch(tmp_path / "app.py")
    _touch(tmp_path / "cache" / "kept.py")  # "cache\" matches nothing, not the folder
    _touch(tmp_path / "generated" / "gone.py")
    _touch(tmp_path / "pkg" / "views.py")
    assert _names(discover([str(tmp_path)]), tmp_path) == ["app.py", "cache/kept.py", "pkg/views.py"]


def test_git_agrees_that_the_rejected_lines_match_nothing(tmp_path):
    (tmp_path / ".gitignore").write_bytes(BROKEN_GITIGNORE.encode())
    _touch(tmp_path / "cache" / "kept.py")
    _touch(tmp_path / "generated" / "gone.py")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run(
        ["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
        check=True, capture_output=True, text=True,
    )
    assert "cache/kept.py" in done.stdout and "generated" not in done.stdout
