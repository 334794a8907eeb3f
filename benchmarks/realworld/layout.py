"""Lay each pinned app out as a git work tree at its pinned commit, outside the repository.

The source is the bare copy ``fetch`` brings under the mirror root
(``<mirrors>/<owner>+<name>/``, with its git directory somewhere inside). Every file of the
pinned tree is written from the git objects; a snapshot lacks files of 4 MiB and more, so a
blob that is absent is skipped and listed. The layout then gets its own ``.git`` with one
commit, so the tool sees what a user's checkout gives it (a repository root, .gitignore);
an existing layout is re-used when its pin matches and ``git status`` is clean.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from ledger import App

DEFAULT_MIRRORS = "/work/.mirror"
PIN_FILE = "realworld-pin"  # inside the layout's .git: the sha laid out and the absent files
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "realworld", "GIT_AUTHOR_EMAIL": "realworld@localhost",
    "GIT_COMMITTER_NAME": "realworld", "GIT_COMMITTER_EMAIL": "realworld@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
}


class LayoutError(Exception):
    """An app that cannot be laid out; the message says what to do."""


def default_workdir() -> str:
    """``<user cache dir>/flask-codemod/realworld``, as platformdirs would place it."""
    if sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    elif os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~/AppData/Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "flask-codemod", "realworld")


def _is_git_dir(path: str) -> bool:
    return all(os.path.exists(os.path.join(path, part)) for part in ("HEAD", "objects", "refs"))


def mirror_git_dir(app: App, mirrors: str) -> str | None:
    """The git directory of the app's mirror, or None when it was never fetched."""
    top = os.path.join(mirrors, app.mirror_name)
    if not os.path.isdir(top):
        return None
    for candidate in (top, os.path.join(top, ".git"), os.path.join(top, "repo"), os.path.join(top, "repo", ".git")):
        if _is_git_dir(candidate):
            return candidate
    for folder, dirs, _files in os.walk(top):  # any other shape: the first git dir inside
        dirs.sort()
        if _is_git_dir(folder):
            return folder
    return None


def _git(args: list[str], cwd: str | None = None, git_dir: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    command = ["git"] + (["--git-dir", git_dir] if git_dir else []) + args
    env = {**os.environ, **_GIT_ENV}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False, **kwargs)


def _tree(git_dir: str, commit: str) -> list[tuple[str, str, str]]:
    """(mode, blob sha, path) of every file of the commit."""
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit], git_dir=git_dir)
    if listing.returncode != 0:
        raise LayoutError(listing.stderr.decode(errors="replace").strip() or f"git ls-tree {commit} failed")
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            entries.append((mode, sha, os.fsdecode(path)))
    return entries


def _read_blobs(git_dir: str, shas: list[str]):
    """Yield (sha, bytes or None when the snapshot lacks it) through one ``cat-file --batch``."""
    env = {**os.environ, **_GIT_ENV}
    process = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for sha in shas:
            process.stdin.write(sha.encode() + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) < 3 or header[1] == b"missing":
                yield sha, None
                continue
            size = int(header[2])
            data = process.stdout.read(size)
            process.stdout.read(1)  # the newline after the content
            yield sha, data
    finally:
        process.stdin.close()
        process.wait()


def _inside(root: str, path: str) -> bool:
    root = os.path.realpath(root)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def _write_tree(git_dir: str, commit: str, destination: str) -> list[str]:
    """Write the commit's files under ``destination``; returns the paths the snapshot lacks."""
    entries = _tree(git_dir, commit)
    files = [(mode, sha, path) for mode, sha, path in entries if mode in ("100644", "100755", "120000")]
    contents = dict(_read_blobs(git_dir, sorted({sha for _mode, sha, _path in files})))
    absent = []
    for mode, sha, path in files:
        data = contents.get(sha)
        if data is None:
            absent.append(path)
            continue
        target = os.path.join(destination, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == "120000":  # a symlink: kept only if it points inside the layout
            link = os.fsdecode(data)
            if not os.path.isabs(link) and _inside(destination, os.path.join(os.path.dirname(target), link)):
                os.symlink(link, target)
            continue
        with open(target, "wb") as handle:
            handle.write(data)
        if mode == "100755":
            os.chmod(target, 0o755)
    return absent


def _pin_text(app: App, absent: list[str]) -> str:
    return "\n".join([app.commit] + absent) + "\n"


def _existing_layout(path: str, app: App) -> list[str] | None:
    """The absent files of a clean layout of this pin at ``path``, or None if it must be redone."""
    pin = os.path.join(path, ".git", PIN_FILE)
    if not os.path.isfile(pin):
        return None
    with open(pin, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if not lines or lines[0] != app.commit:
        return None
    status = _git(["status", "--porcelain", "--untracked-files=all", "--ignored=no"], cwd=path)
    if status.returncode != 0 or status.stdout.strip():
        return None
    return lines[1:]


def lay_out(app: App, workdir: str, mirrors: str) -> tuple[str, list[str]]:
    """(path of the app's repository layout, files the snapshot lacks); raises LayoutError."""
    path = os.path.join(workdir, app.name)
    absent = _existing_layout(path, app)
    if absent is not None:
        return path, absent
    git_dir = mirror_git_dir(app, mirrors)
    if git_dir is None:
        raise LayoutError(f"no mirror of {app.repo} under {mirrors}: run the fetch tool with github:{app.repo}")
    if _git(["cat-file", "-e", f"{app.commit}^{{commit}}"], git_dir=git_dir).returncode != 0:
        raise LayoutError(f"the mirror of {app.repo} lacks commit {app.commit}: fetch github:{app.repo} again")
    if os.path.lexists(path):
        shutil.rmtree(path)
    staging = path + ".partial"
    if os.path.lexists(staging):
        shutil.rmtree(staging)
    os.makedirs(staging)
    absent = _write_tree(git_dir, app.commit, staging)
    for step in (["init", "-q"], ["add", "-A", "-f", "."], ["commit", "-q", "--no-verify", "-m", f"{app.repo} {app.commit}"]):
        done = _git(step, cwd=staging)
        if done.returncode != 0:
            raise LayoutError(f"git {step[0]} in {staging}: {done.stderr.decode(errors='replace').strip()}")
    with open(os.path.join(staging, ".git", PIN_FILE), "w", encoding="utf-8") as handle:
        handle.write(_pin_text(app, absent))
    os.rename(staging, path)
    return path, absent
