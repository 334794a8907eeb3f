"""benchmarks/run.py runs and prints every figure of issues 10 and 19 (on tiny corpora: no timing
is asserted here; the figures worth quoting come from a full run, see the README)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import REPO


def test_the_benchmark_prints_every_figure(tmp_path):
    report = tmp_path / "figures.json"
    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    from generate_flask_corpus import generate

    apps = [str(tmp_path / "apps" / name) for name in ("one", "two")]  # stand-ins for the real-world apps
    for app in apps:
        generate(app, 3)
    run = subprocess.run(
        [
            sys.executable, os.path.join(REPO, "benchmarks", "run.py"),
            "--tree", apps[0], "--tree", apps[1], "--flask-files", "4", "--startup-repeat", "1",
            "--workdir", str(tmp_path / "corpora"), "--json", str(report),
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for figure in (
        "(a) LibCST parse only", "ast gate", "text prefilters", "compile gate + tree/project gates",
        "(b) apply --dry-run -j 1", "(c) apply --dry-run -j 2", "(d) warm re-run",
        "(e) peak memory", "(g) LibCST codemod CLI no-op", "peer / ours", "(h) each real-world app alone", "worst app:", "(f) start-up", "--help", "list", "import typer",
    ):
        assert figure in out, figure
    assert out.count("the three runs printed the same diff: yes") == 2
    figures = json.loads(report.read_text())
    assert set(figures) == {"realworld", "apps", "flask", "startup"}
    apps = figures["apps"]
    assert set(apps["apps"]) == {"one", "two"} and figures["realworld"]["floor"]["files"] == 6
    assert all(app["files"] == 3 and app["parse_s"] > 0 for app in apps["apps"].values())
    # each app's ratio also net of the start-up measured in the same run, the worst named by both
    assert apps["startup_s"] > 0 and apps["worst"] in apps["apps"] and apps["worst_net"] in apps["apps"]
    assert all(app["net_s"] <= app["j1_s"] for app in apps["apps"].values())
    flask = figures["flask"]
    assert flask["floor"]["parse_s"] > 0 and flask["j2"]["wall_s"] > 0 and flask["peer"]["exit"] == 0
    # every generated module is parsed and rewritten
    assert flask["floor"]["prefilter_pass_any"] == flask["floor"]["files"] == 4
    assert "4 files scanned, 4 changed" in out


def _mirror(mirrors, name: str, text: str) -> str:
    """A mirror of ``someone/NAME`` (as the fetch tool lays one out) with one module; its commit."""
    source = mirrors / f"someone+{name}" / "repo"
    source.mkdir(parents=True)
    (source / "app.py").write_text(text)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=source, check=True, capture_output=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True).stdout.strip()


def test_profile_codemods_lays_out_and_profiles_only_the_apps_named(tmp_path, monkeypatch, capsys):
    """profile_codemods.py --realworld --app NAME: that app alone is laid out and profiled,
    whatever else the list of apps holds; an unknown name is refused before any layout."""
    import pytest

    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    import profile_codemods
    import realworld_corpus
    from ledger import App

    mirrors = tmp_path / "mirrors"
    apps = [
        App(name, f"someone/{name}", _mirror(mirrors, name, "def load(path):\n    return open(path).read()\n"), "", "a test app")
        for name in ("one", "two")
    ]
    monkeypatch.setattr(realworld_corpus, "load_apps", lambda: apps)
    work = tmp_path / "work"
    common = ["profile_codemods.py", "--realworld", "--workdir", str(work), "--mirrors", str(mirrors), "--only", "open-with", "--no-chain"]
    monkeypatch.setattr(sys, "argv", [*common, "--app", "two"])
    profile_codemods.main()
    out = capsys.readouterr().out
    assert sorted(os.listdir(work)) == ["two"]
    assert out.startswith("1 files,")
    [row] = [line.split() for line in out.splitlines() if line.startswith("open-with")]
    assert row[:3] + row[4:6] == ["open-with", "1", "1", "1", "1"]  # text, tree, accepts, output (proj s is CPU)

    monkeypatch.setattr(sys, "argv", [*common, "--app", "three"])
    with pytest.raises(SystemExit):
        profile_codemods.main()
    assert "unknown app in --app: three" in capsys.readouterr().err
    assert sorted(os.listdir(work)) == ["two"]


def test_profile_codemods_streams_each_repository_as_a_batch_runs_it(tmp_path, monkeypatch, capsys):
    """profile_codemods.py takes one file at a time, each PATH as one repository of a batch:
    each file is judged for its own project's target (send-file-args' gate turns away, below
    Flask 2.0, the call it cannot rewrite there), a row per file its text gate accepts is
    written as it goes, and what was kept of a repository is dropped before the next (forget_projects)."""
    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    import profile_codemods

    from flask_codemod import projects_kept

    view = (
        "from flask import Flask, send_file\n"
        "app = Flask(__name__)\n\n"
        "@app.route('/f')\n"
        "def f():\n"
        "    return send_file('x.txt', as_attachment=True, attachment_filename='y.txt')\n"
    )
    for name, pin in (("old", "Flask==1.1.2"), ("new", "Flask==2.2.5")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "app.py").write_text(view)
        (tmp_path / name / "requirements.txt").write_text(pin + "\n")
    dropped = []
    monkeypatch.setattr(projects_kept, "forget_projects", lambda: dropped.append(True))
    rows = tmp_path / "rows.tsv"
    monkeypatch.setattr(sys, "argv", [
        "profile_codemods.py", str(tmp_path / "old"), str(tmp_path / "new"),
        "--only", "send-file-args", "--no-chain", "--no-floor", "--files-out", str(rows),
    ])
    profile_codemods.main()
    out = capsys.readouterr().out
    assert out.startswith("2 files,")
    [row] = [line.split() for line in out.splitlines() if line.startswith("send-file-args")]
    assert row[:3] + row[4:7] == ["send-file-args", "2", "2", "1", "1", "0"]  # text, tree, accepts, output, in vain
    written = [line.split("\t") for line in rows.read_text().splitlines()]
    assert [(row[0], row[1], row[3]) for row in written] == [
        ("send-file-args", "turned away by the project gate", str(tmp_path / "old" / "app.py")),
        ("send-file-args", "output", str(tmp_path / "new" / "app.py")),
    ]
    assert len(dropped) == 2  # once per repository


def test_profile_codemods_counts_a_text_parsed_again_as_analysis(tmp_path, monkeypatch, capsys):
    """The analysis cost is measured against LibCST's parse of each text a codemod's runs read,
    once per repository: a text parsed again (its tree dropped from the kept budget) is
    analysis, printed apart, not reading."""
    import types

    import libcst

    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    import profile_codemods

    from flask_codemod import engine

    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text(f"data_{name[0]} = open('{name}').read()\n")

    def parsing_twice(text, codemods, **options):  # the file, and a module both files read
        libcst.parse_module(text)
        libcst.parse_module("shared = 1\n")
        return types.SimpleNamespace(new_text=text, findings=[], project_edits=[], error=None, parsed=True)

    monkeypatch.setattr(libcst, "parse_module", libcst.parse_module)  # (the profiler's counting undone after)
    monkeypatch.setattr(engine, "transform_text", parsing_twice)
    monkeypatch.setattr(sys, "argv", ["profile_codemods.py", str(tmp_path), "--only", "open-with", "--no-chain", "--no-floor"])
    profile_codemods.main()
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("open-with") and "CPU against" in line]
    assert " 3 texts " in line and "parsed again: 1 parses" in line


def test_run_refuses_an_app_the_corpus_does_not_list_before_any_work(tmp_path):
    """benchmarks/run.py --app NAME: a name apps.tsv does not list is refused with the usage
    error profile_codemods.py gives, before a workdir is made or anything is laid out."""
    work = tmp_path / "work"
    done = subprocess.run(
        [sys.executable, os.path.join(REPO, "benchmarks", "run.py"), "--app", "no-such-app-here", "--workdir", str(work)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "unknown app in --app: no-such-app-here" in done.stderr
    assert not work.exists()


def test_the_peer_is_given_one_folder_holding_exactly_the_measured_files(tmp_path):
    """A whole corpus's paths (30,000 files) do not fit on one command line: the peer gets one folder
    of links to exactly the files measured, each readable as a ``.py`` file, and codemods them all."""
    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    import run

    sources = tmp_path / "app"
    (sources / "pkg").mkdir(parents=True)
    (sources / "pkg" / "views.py").write_text("x = 1\n")
    (sources / "manage").write_text("y = 2\n")  # a script without the suffix, measured all the same
    (sources / "notes.py").write_text("not measured\n")
    measured = [str(sources / "pkg" / "views.py"), str(sources / "manage")]

    tree = run.peer_tree(measured, str(tmp_path / "peer"))
    found = sorted(str(p.relative_to(tree)) for p in (tmp_path / "peer").rglob("*") if p.is_file())
    assert len(found) == 2 and all(name.endswith(".py") for name in found)
    assert sorted((tmp_path / "peer" / name).read_text() for name in found) == ["x = 1\n", "y = 2\n"]

    peer = run.peer_run(measured, 1)
    assert peer["exit"] == 0 and "Finished codemodding 2 files" in peer["summary"]


def test_a_batch_result_is_the_sum_of_its_repositories_not_the_last_one():
    """A batch prints one totals line per repository, then their table: the figure is the table's sum."""
    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    import run

    batch = [
        "== /corpus/a", "34 files scanned, 1 changed: http-timeout 1; 0 findings; 0 errors",
        "== /corpus/b", "2 files scanned, 2 changed: moved-imports 3; 1 finding (flask-script 1); 0 errors",
        "repository        files  changed  project  findings  errors  exit",
        "/corpus/a            34        1        0         0       0     0",
        "/corpus/b             2        2        1         1       0     0",
    ]
    assert run.run_summary(batch) == "2 repositories: 36 files scanned, 3 changed, 1 project files, 1 findings, 0 errors"
    one = ["findings are listed with --verbose", "4 files scanned, 4 changed: open-with 4; 0 findings; 0 errors"]
    assert run.run_summary(one) == one[1]
