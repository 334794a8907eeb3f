"""benchmarks/realworld without the mirrors: the pins and the ledger parse, every verdict is
valid and names a pinned app, and the helpers that identify and attribute changes and lay
an app out behave (on a patch and a git repository made here)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import REPO

sys.path.insert(0, os.path.join(REPO, "benchmarks", "realworld"))

from changes import attribute, parse_patch  # noqa: E402
from layout import LayoutError, lay_out  # noqa: E402
from ledger import VERDICTS, App, LedgerError, Verdict, load_apps, load_verdicts  # noqa: E402
from partial_selection import can_make, made_in_combination  # noqa: E402


def test_every_app_is_pinned_to_a_full_commit():
    apps = load_apps()
    assert len(apps) >= 15
    assert len({app.name for app in apps}) == len(apps)
    # one tree judged once: the same pin under two names would split its verdicts
    assert len({(app.repo.lower(), app.commit, app.subdir) for app in apps}) == len(apps)
    for app in apps:
        assert len(app.commit) == 40 and int(app.commit, 16) >= 0
        assert "/" in app.repo and app.note


def test_every_verdict_is_valid_and_names_a_pinned_app():
    apps = load_apps()
    verdicts = load_verdicts(apps=apps)
    assert verdicts, "the ledger is empty"
    names = {app.name for app in apps}
    for verdict in verdicts.values():
        assert verdict.app in names
        assert verdict.verdict in VERDICTS
        assert verdict.reason and "\n" not in verdict.reason and len(verdict.reason) <= 200


def test_a_malformed_ledger_row_is_refused(tmp_path):
    ledger = tmp_path / "verdicts.tsv"
    ledger.write_text("app\tpath\tline\tcodemod\tverdict\treason\nx\ta.py\t3\topen-with\tfine\tok\n")
    with pytest.raises(LedgerError, match="verdict 'fine'"):
        load_verdicts(str(ledger))
    ledger.write_text("app\tpath\tline\tcodemod\tverdict\treason\nx\ta.py\t3\topen-with\tgood\t\n")
    with pytest.raises(LedgerError, match="reason"):
        load_verdicts(str(ledger))
    apps = tmp_path / "apps.tsv"
    apps.write_text("name\trepo\tcommit\tsubdir\tnote\nx\towner/name\tabc123\t\tshort sha\n")
    with pytest.raises(LedgerError, match="full 40-digit sha"):
        load_apps(str(apps))


PATCH = """\
diff --git a/app.py b/app.py
--- a/app.py
+++ b/app.py
@@ -1,12 +1,14 @@
+import os
 import json
 
 
 def load(path):
-    data = json.load(open(path))
+    with open(path) as f:
+        data = json.load(f)
     return data
 
 
 
 
 KEY = "x"
-DEBUG = True
+DEBUG = os.environ.get("DEBUG", "true") == "true"
diff --git a/gunicorn.conf.py b/gunicorn.conf.py
new file mode 100644
--- /dev/null
+++ b/gunicorn.conf.py
@@ -0,0 +1,2 @@
+workers = 3
+timeout = 30
"""


def test_a_patch_is_cut_into_changes_on_original_lines():
    blocks = parse_patch(PATCH)
    assert [(block.path, block.line) for block in blocks] == [
        ("app.py", 0), ("app.py", 5), ("app.py", 12), ("gunicorn.conf.py", 0),
    ]
    assert blocks[1].removed == ["    data = json.load(open(path))"]
    assert blocks[1].added == ["    with open(path) as f:", "        data = json.load(f)"]
    assert blocks[3].added == ["workers = 3", "timeout = 30"]


def test_changes_fewer_than_three_lines_apart_are_one_change():
    patch = "--- a/m.py\n+++ b/m.py\n@@ -1,5 +1,5 @@\n-a\n+A\n b\n c\n-d\n+D\n e\n"
    (block,) = parse_patch(patch)
    assert block.line == 1 and block.removed == ["a", "d"] and block.added == ["A", "D"]


def test_combined_changes_are_attributed_to_the_codemods_that_make_them():
    singles = {
        "open-with": parse_patch(PATCH.split("@@ -1,12")[0] + "@@ -5,1 +5,2 @@\n-    data = json.load(open(path))\n"
                                 "+    with open(path) as f:\n+        data = json.load(f)\n"),
        "dotenv-config": parse_patch("--- a/app.py\n+++ b/app.py\n@@ -0,0 +1 @@\n+import os\n"
                                     "@@ -12 +13 @@\n-DEBUG = True\n+DEBUG = os.environ.get(\"DEBUG\", \"true\") == \"true\"\n"),
    }
    original = ["import json", "", "", "def load(path):", "    data = json.load(open(path))", "    return data",
                "", "", "", "", "KEY = \"x\"", "DEBUG = True"]
    changes: dict = {}
    unexplained = attribute("all", parse_patch(PATCH), singles, ["open-with", "dotenv-config"], changes,
                            lambda path: original if path == "app.py" else [])
    assert sorted(changes) == [("app.py", 0, "dotenv-config"), ("app.py", 5, "open-with"),
                               ("app.py", 12, "dotenv-config"), ("gunicorn.conf.py", 0, "unattributed")]
    assert [block.path for block in unexplained] == ["gunicorn.conf.py"]
    assert all(change.selections == {"all"} for change in changes.values())


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_an_app_is_laid_out_at_its_pinned_commit_and_re_used(tmp_path):
    source = tmp_path / "mirrors" / "someone+app" / "repo"
    source.mkdir(parents=True)
    _git(source, "init", "-q")
    (source / "app.py").write_text("print('first')\n")
    (source / "run.sh").write_text("#!/bin/sh\n")
    os.chmod(source / "run.sh", 0o755)
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "first")
    pinned = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True).stdout.strip()
    (source / "app.py").write_text("print('second')\n")
    _git(source, "commit", "-q", "-am", "second")

    app = App("app", "someone/app", pinned, "", "a test app")
    path, absent = lay_out(app, str(tmp_path / "work"), str(tmp_path / "mirrors"))
    assert absent == []
    assert (tmp_path / "work" / "app" / "app.py").read_text() == "print('first')\n"
    assert os.access(os.path.join(path, "run.sh"), os.X_OK)
    assert os.path.isdir(os.path.join(path, ".git"))

    marker = os.path.join(path, "untouched")
    open(marker, "w").close()  # a dirty layout is laid out again
    lay_out(app, str(tmp_path / "work"), str(tmp_path / "mirrors"))
    assert not os.path.exists(marker)

    missing = App("gone", "someone/gone", pinned, "", "never fetched")
    with pytest.raises(LayoutError, match="fetch tool with github:someone/gone"):
        lay_out(missing, str(tmp_path / "work"), str(tmp_path / "mirrors"))


def _ledger(*rows: tuple[str, str, int, str, str]) -> dict:
    return {(app, path, line, codemod): Verdict(app, path, line, codemod, verdict, "reviewed")
            for app, path, line, codemod, verdict in rows}


def test_a_partial_selection_neither_uses_nor_misses_rows_that_name_another_codemod():
    assert can_make("http-timeout", {"http-timeout"}) and can_make("http-timeout+open-with", None)
    assert not can_make("http-timeout+open-with", {"http-timeout"}), "the full run's combined change is not made"
    assert can_make("http-timeout+open-with", {"http-timeout", "open-with", "static-max-age"})


def test_a_change_of_a_partial_selection_is_shown_with_the_combined_row_of_its_place_and_not_judged_by_it():
    ledger = _ledger(
        ("scout", "client.py", 35, "http-timeout+open-with", "good"),
        ("scout", "client.py", 55, "http-timeout+open-with", "wrong"),
        ("scout", "client.py", 90, "open-with+static-max-age", "good"),
        ("scout", "client.py", 99, "http-timeout", "good"),
    )
    rows = made_in_combination("scout", "client.py", 35, "http-timeout", ledger, {"http-timeout"})
    assert [row.codemod for row in rows] == ["http-timeout+open-with"]
    assert [row.verdict for row in made_in_combination("scout", "client.py", 55, "http-timeout", ledger, {"http-timeout"})] == ["wrong"]
    # not in a full run, nor where the selection holds every codemod of the row (the change would be keyed by both)
    assert made_in_combination("scout", "client.py", 35, "http-timeout", ledger, None) == []
    assert made_in_combination("scout", "client.py", 35, "http-timeout", ledger, {"http-timeout", "open-with"}) == []
    # another place, another file, another app, a row without the change's codemod: nothing
    assert made_in_combination("scout", "client.py", 36, "http-timeout", ledger, {"http-timeout"}) == []
    assert made_in_combination("scout", "other.py", 35, "http-timeout", ledger, {"http-timeout"}) == []
    assert made_in_combination("xinjing", "client.py", 35, "http-timeout", ledger, {"http-timeout"}) == []
    assert made_in_combination("scout", "client.py", 90, "http-timeout", ledger, {"http-timeout"}) == []
    # a change of a selected pair whose row adds a third codemod
    assert made_in_combination("scout", "client.py", 90, "open-with+static-max-age", ledger, {"open-with", "static-max-age"}) == []
    three = _ledger(("a", "m.py", 4, "flask-sqlalchemy-3+moved-imports+open-with", "good"))
    assert made_in_combination("a", "m.py", 4, "flask-sqlalchemy-3+moved-imports", three,
                               {"flask-sqlalchemy-3", "moved-imports"})[0].verdict == "good"
