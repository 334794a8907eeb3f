"""The command line's walks kept in the result cache (tool/cache_walks.py): a re-run on an
unchanged tree does not walk it, and any change a walk could see makes it walk again."""

from __future__ import annotations

import os
import time

import pytest

from flask_codemod import cache, cache_walks, walk
from flask_codemod.discover import discover

PAST = 1_600_000_000 * 10**9  # 2020: long before any racy window


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _settle(root):
    """Every folder and file below ``root`` (and ``root``) last modified long ago."""
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            os.utime(os.path.join(folder, name), ns=(PAST, PAST), follow_symlinks=False)
    os.utime(root, ns=(PAST, PAST))


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_CODEMOD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_walks, "_RACY_NS", 0)  # (the ctimes are now: utime cannot set them)
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text("generated/\n")
    _touch(root / "app.py")
    _touch(root / "pkg" / "views.py")
    _touch(root / "pkg" / "deep" / "models.py")
    _touch(root / "generated" / "x.py")
    _touch(root / "env" / "pyvenv.cfg", "home = /usr\n")
    _touch(root / "env" / "lib" / "y.py")
    _settle(root)
    return root


@pytest.fixture
def walks(monkeypatch):
    """Counts the walks of folders made by the command line."""
    counted: list[str] = []
    real = cache_walks.python_files

    def counting(top, *args, **kwargs):
        counted.append(top)
        return real(top, *args, **kwargs)

    monkeypatch.setattr(cache_walks, "python_files", counting)
    return counted


def _names(root):
    return [os.path.relpath(p, root) for p in discover([str(root)]).files]


def test_an_unchanged_tree_is_not_walked_again_and_gives_the_same_files(tree, walks):
    first = _names(tree)
    assert first == ["app.py", "pkg/views.py", "pkg/deep/models.py"]
    assert _names(tree) == first
    assert len(walks) == 1
    with cache.disabled():
        assert _names(tree) == first
    assert len(walks) == 2  # the cache off: walked, whatever is kept


@pytest.mark.parametrize(
    "change",
    [
        lambda root: _touch(root / "pkg" / "deep" / "new.py"),  # a file added deep down
        lambda root: os.unlink(root / "pkg" / "views.py"),  # removed
        lambda root: os.rename(root / "pkg" / "views.py", root / "pkg" / "views2.py"),  # renamed
        lambda root: (root / ".gitignore").write_text("generated/\npkg/\n"),  # an ignore rule
        lambda root: _touch(root / "pkg" / ".gitignore", "views.py\n"),  # a new .gitignore
        lambda root: os.unlink(root / "env" / "pyvenv.cfg"),  # a virtualenv no more
        lambda root: _touch(root / "pkg" / "deep" / "pyvenv.cfg", "home = /usr\n"),  # a new one
        lambda root: os.chmod(root / "pkg" / "deep", 0),  # a folder that cannot be listed
        lambda root: os.rmdir(root / ".git"),  # no repository: no .gitignore applies
    ],
)
def test_every_change_a_walk_sees_makes_it_walk_again(tree, walks, change):
    _names(tree)
    change(tree)
    try:
        with cache.disabled():
            cold = discover([str(tree)])
        warm = discover([str(tree)])
        assert (warm.files, warm.errors) == (cold.files, cold.errors)
    finally:
        os.chmod(tree / "pkg" / "deep", 0o755)
    assert len(walks) == 3


def test_a_gitignore_edited_in_place_to_the_same_size_and_mtime_is_seen(tree, walks):
    (tree / "pkg" / ".gitignore").write_text("aaaaaaaa\n")
    _settle(tree)
    assert "pkg/views.py" in _names(tree)
    (tree / "pkg" / ".gitignore").write_text("views.py\n")  # same size
    os.utime(tree / "pkg" / ".gitignore", ns=(PAST, PAST))  # and mtime: its ctime moved
    assert "pkg/views.py" not in _names(tree)
    assert len(walks) == 2


def test_a_gitignore_above_the_walked_folder_is_watched(tree, walks):
    assert _names(tree / "pkg") == ["views.py", "deep/models.py"]
    (tree / ".gitignore").write_text("generated/\npkg/deep/\n")
    assert _names(tree / "pkg") == ["views.py"]
    assert len(walks) == 2


def test_a_walk_in_the_racy_window_is_not_kept(tree, walks, monkeypatch):
    monkeypatch.setattr(cache_walks, "_RACY_NS", walk.RACY_NS)
    now = time.time_ns()
    os.utime(tree / "pkg", ns=(now, now))  # changed just now: it may change again in this tick
    _names(tree)
    _names(tree)
    assert len(walks) == 2
    assert not os.path.isdir(os.path.join(cache.version_folder(), cache_walks.FOLDER))


def test_a_walk_that_met_a_link_is_not_kept(tree, walks):
    os.symlink(tree / "app.py", tree / "pkg" / "alias.py")
    _settle(tree)
    _names(tree)
    _names(tree)
    assert len(walks) == 2


def test_a_damaged_record_is_a_walk(tree, walks):
    first = _names(tree)
    folder = os.path.join(cache.version_folder(), cache_walks.FOLDER)
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "w") as handle:
            handle.write('{"format": 1, "top": ')
    assert _names(tree) == first
    assert len(walks) == 2


def test_a_relative_top_is_kept_apart_from_the_same_folder_spelled_absolute(tree, walks, monkeypatch):
    absolute = discover([str(tree)]).files
    monkeypatch.chdir(tree)
    assert discover(["."]).files == ["app.py", os.path.join("pkg", "views.py"), os.path.join("pkg", "deep", "models.py")]
    assert discover([str(tree)]).files == absolute
    assert len(walks) == 2
