"""benchmarks/profile_http_timeout.py: one in-process run over a tree, with http-timeout's
project derivations and per-module facts timed by name (CPU), the run's diff unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "benchmarks", "profile_http_timeout.py")


def test_it_names_the_derivations_a_run_asked_for(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nrequires-python = ">=3.10"\n')
    app = tmp_path / "demo"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "client.py").write_text(
        "import requests\n\n\ndef fetch(url):\n    return requests.get(url).json()\n\n\n"
        "def push(url, data):\n    return requests.post(url, json=data, timeout=20).json()\n"
    )
    done = subprocess.run(
        [sys.executable, SCRIPT, str(tmp_path), "--select", "http-timeout"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("CPU ") and "(1 trees)" in lines[0]
    derivations = lines[lines.index("project derivations, inclusive:") + 1 :]
    assert any(line.strip().endswith(")") and " project " in line for line in derivations), done.stdout
    assert any("codemod http-timeout" in line for line in lines), done.stdout
