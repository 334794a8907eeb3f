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
