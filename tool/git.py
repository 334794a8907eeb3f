"""The little git the tool needs: which files changed since a ref, whether the work tree is
clean, and writing a series of commits without touching the user's index or work tree.

Commits are made with git's plumbing (a temporary index, ``hash-object``, ``write-tree``,
``commit-tree``, then one ``update-ref`` that fails if HEAD moved meanwhile), so the commit
content is exactly the bytes we decided, and no hook or editor runs.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Mapping, Sequence


class GitError(Exception):
    """A git command failed; the message is git's own first line of complaint."""


def git(root: str, *args: str, data: bytes | None = None, env: Mapping[str, str] | None = None) -> str:
    """``git -C root ARGS``: its standard output; GitError with git's complaint on failure."""
    try:
        done = subprocess.run(
            ["git", "-C", root, *args],
            input=data,
            capture_output=True,
            env={**os.environ, **(env or {})},
            timeout=300,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} timed out") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed with exit code {done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _z(output: str) -> list[str]:
    return [item for item in output.split("\0") if item]


def changed_since(root: str, ref: str) -> set[str]:
    """Absolute paths of the files that differ from ``ref`` in the work tree (staged or not,
    deleted ones aside), and the untracked files that are not ignored."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision {ref!r}") from None
    changed = _z(git(root, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", ref, "--"))
    untracked = _z(git(root, "ls-files", "-z", "--others", "--exclude-standard"))
    return {os.path.normpath(os.path.join(root, name)) for name in changed + untracked}


def dirty_paths(root: str) -> list[str]:
    """``git status --porcelain`` entries: modified, staged and untracked (not ignored) files."""
    return [line[3:] for line in git(root, "status", "--porcelain").splitlines() if line.strip()]


def head(root: str) -> str | None:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "HEAD").strip() or None
    except GitError:
        return None  # no commit yet


@dataclass(frozen=True)
class PlannedCommit:
    message: str
    files: Mapping[str, bytes]  # path relative to the work-tree root ('/' separators) -> content
    modes: Mapping[str, str]  # path -> "100644" / "100755"


def commit_series(root: str, commits: Sequence[PlannedCommit]) -> list[str]:
    """Create ``commits`` one after the other on top of HEAD and move HEAD (its branch) to the
    last one. The index entries of the committed paths are then reset to the new HEAD, so a
    work tree that already holds the committed content shows clean. Returns the new commit ids.
    """
    if not commits:
        return []
    parent = head(root)
    old_head = parent
    made: list[str] = []
    touched: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="flask-codemod-git-") as scratch:
        env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        if parent:
            git(root, "read-tree", parent, env=env)
        else:
            git(root, "read-tree", "--empty", env=env)
        for planned in commits:
            for path, content in sorted(planned.files.items()):
                blob = git(root, "hash-object", "-w", "--stdin", f"--path={path}", data=content).strip()
                mode = planned.modes.get(path, "100644")
                git(root, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=env)
                touched.add(path)
            tree = git(root, "write-tree", env=env).strip()
            arguments = ["commit-tree", tree, "-F", "-"]
            if parent:
                arguments[2:2] = ["-p", parent]
            parent = git(root, *arguments, data=planned.message.encode("utf-8")).strip()
            made.append(parent)
    update = ["update-ref", "-m", "flask-codemod: one commit per codemod", "HEAD", parent]
    if old_head:
        update.append(old_head)
    git(root, *update)
    git(root, "reset", "--quiet", "--", *sorted(touched))
    return made


def file_mode(path: str) -> str:
    try:
        executable = os.stat(path).st_mode & 0o111
    except OSError:
        executable = 0
    return "100755" if executable else "100644"
