"""The two tables of the real-world corpus: ``apps.tsv`` (what is pinned) and
``verdicts.tsv`` (the review ledger). Both are tab-separated, with a header line; blank
lines and lines starting with ``#`` are ignored. Neither holds any source code.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
APPS_FILE = os.path.join(HERE, "apps.tsv")
VERDICTS_FILE = os.path.join(HERE, "verdicts.tsv")

APP_COLUMNS = ("name", "repo", "commit", "subdir", "note")
VERDICT_COLUMNS = ("app", "path", "line", "codemod", "verdict", "reason")
VERDICTS = ("good", "noise", "wrong")

_SHA = re.compile(r"[0-9a-f]{40}")
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")
_APP_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
# one codemod name, or several joined by "+" for a change two codemods made together
_CODEMOD = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(\+[a-z0-9]+(-[a-z0-9]+)*)*")


class LedgerError(ValueError):
    """A malformed row in apps.tsv or verdicts.tsv (the message names the file and line)."""


@dataclass(frozen=True)
class App:
    name: str
    repo: str  # owner/name on GitHub
    commit: str  # full sha
    subdir: str  # "" when the app is the repository root
    note: str

    @property
    def mirror_name(self) -> str:
        """The folder name ``fetch`` gives the repository under the mirror root."""
        return self.repo.replace("/", "+")


@dataclass(frozen=True)
class Verdict:
    app: str
    path: str
    line: int
    codemod: str
    verdict: str
    reason: str

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.app, self.path, self.line, self.codemod)


def _rows(path: str, columns: tuple[str, ...], required: int) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each data row; the header must name ``columns``."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.startswith("#"):
            continue
        cells = text.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise LedgerError(f"{path}:{number}: the header must be {' / '.join(columns)}")
            header_seen = True
            continue
        if not required <= len(cells) <= len(columns):
            raise LedgerError(f"{path}:{number}: {len(cells)} cells, expected {required} to {len(columns)}")
        rows.append((number, cells + [""] * (len(columns) - len(cells))))
    if not header_seen:
        raise LedgerError(f"{path}: no header line")
    return rows


def load_apps(path: str = APPS_FILE) -> list[App]:
    apps: list[App] = []
    seen: set[str] = set()
    for number, (name, repo, commit, subdir, note) in _rows(path, APP_COLUMNS, 3):
        where = f"{path}:{number}"
        if not _APP_NAME.fullmatch(name):
            raise LedgerError(f"{where}: app name {name!r} must be lower-case words joined by '-'")
        if name in seen:
            raise LedgerError(f"{where}: app {name!r} listed twice")
        if not _REPO.fullmatch(repo):
            raise LedgerError(f"{where}: repository {repo!r} is not owner/name")
        if not _SHA.fullmatch(commit):
            raise LedgerError(f"{where}: commit {commit!r} is not a full 40-digit sha")
        subdir = subdir.strip().strip("/")
        if subdir == ".":
            subdir = ""
        if subdir.startswith("..") or os.path.isabs(subdir):
            raise LedgerError(f"{where}: subdir {subdir!r} must stay inside the repository")
        seen.add(name)
        apps.append(App(name, repo, commit, subdir, note.strip()))
    return apps


def load_verdicts(path: str = VERDICTS_FILE, apps: list[App] | None = None) -> dict[tuple, Verdict]:
    """The ledger, by key (app, path, line, codemod); every row checked."""
    known_apps = None if apps is None else {app.name for app in apps}
    verdicts: dict[tuple, Verdict] = {}
    for number, (app, file_path, line, codemod, verdict, reason) in _rows(path, VERDICT_COLUMNS, 6):
        where = f"{path}:{number}"
        if known_apps is not None and app not in known_apps:
            raise LedgerError(f"{where}: unknown app {app!r}")
        if not file_path or file_path.startswith("/") or "\\" in file_path:
            raise LedgerError(f"{where}: path {file_path!r} must be relative, with '/'")
        if not line.isdigit():
            raise LedgerError(f"{where}: line {line!r} is not a number")
        if not _CODEMOD.fullmatch(codemod):
            raise LedgerError(f"{where}: codemod {codemod!r} is not a codemod name")
        if verdict not in VERDICTS:
            raise LedgerError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if not reason.strip():
            raise LedgerError(f"{where}: a verdict needs a one-line reason")
        row = Verdict(app, file_path, int(line), codemod, verdict, reason.strip())
        if row.key in verdicts:
            raise LedgerError(f"{where}: {app} {file_path}:{line} {codemod} judged twice")
        verdicts[row.key] = row
    return verdicts
