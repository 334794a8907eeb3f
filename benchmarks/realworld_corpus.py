"""The real-world corpus as benchmarks/run.py measures it: the apps of
benchmarks/realworld/apps.tsv laid out by benchmarks/realworld/layout.py (the same layout the
review ledger runs on), each as the folder the tool is pointed at (its subdirectory, if any).
"""

from __future__ import annotations

import os
import sys

REALWORLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "realworld")
if REALWORLD not in sys.path:
    sys.path.insert(0, REALWORLD)

from layout import DEFAULT_MIRRORS, LayoutError, default_workdir, lay_out  # noqa: E402
from ledger import load_apps  # noqa: E402


def unknown_apps(names: list[str]) -> list[str]:
    """The names among ``names`` that benchmarks/realworld/apps.tsv does not list, sorted."""
    return sorted(set(names) - {app.name for app in load_apps()})


def app_targets(workdir: str | None = None, mirrors: str = DEFAULT_MIRRORS, names: list[str] | None = None):
    """([(app name, folder the tool runs on)], [problems]) for every app that could be laid out."""
    targets, problems = [], []
    for app in load_apps():
        if names and app.name not in names:
            continue
        try:
            root, _absent = lay_out(app, workdir or default_workdir(), mirrors)
        except LayoutError as error:
            problems.append(f"{app.name}: {error}")
            continue
        targets.append((app.name, os.path.join(root, app.subdir) if app.subdir else root))
    return targets, problems
