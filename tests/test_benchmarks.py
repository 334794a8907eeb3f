"""benchmarks/run.py runs and prints every figure of issue 10 (on tiny corpora: no timing
is asserted here; the figures worth quoting come from a full run, see the README)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import REPO


def test_the_benchmark_prints_every_figure(tmp_path):
    report = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable, os.path.join(REPO, "benchmarks", "run.py"),
            "--real-files", "20", "--flask-files", "4", "--startup-repeat", "1",
            "--workdir", str(tmp_path / "corpora"), "--json", str(report),
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for figure in (
        "(a) LibCST parse only", "ast gate", "text prefilters", "compile gate + tree prefilters",
        "(b) apply --dry-run -j 1", "(c) apply --dry-run, default jobs", "(d) warm re-run",
        "(e) peak memory", "(f) start-up", "--help", "list", "import typer",
    ):
        assert figure in out, figure
    assert out.count("the three runs printed the same diff: yes") == 2
    figures = json.loads(report.read_text())
    assert set(figures) == {"real", "flask", "startup"}
    flask = figures["flask"]
    assert flask["floor"]["parse_s"] > 0 and flask["default"]["wall_s"] > 0
    # every generated module is parsed and rewritten
    assert flask["floor"]["prefilter_pass_any"] == flask["floor"]["files"] == 4
    assert "4 files scanned, 4 changed" in out
