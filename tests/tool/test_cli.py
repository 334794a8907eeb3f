"""The command-line contract: options, output streams and exit codes."""

from __future__ import annotations

import glob
import os
import shutil
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app
from helpers import REPO, SAMPLES

LEAKY = 'def read(p):\n    return open(p).read()\n'
CLEAN = 'def read(p):\n    with open(p) as f:\n        return f.read()\n'


def invoke(*args: str):
    runner = CliRunner()
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask\n")
    (tmp_path / "leaky.py").write_text(LEAKY)
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def _snapshot(folder) -> dict[str, bytes]:
    return {
        os.path.relpath(p, folder): open(p, "rb").read()
        for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True)
        if os.path.isfile(p)
    }


def test_dry_run_prints_diff_and_writes_nothing(project):
    before = _snapshot(project)
    result = invoke("apply", "--dry-run", "--select", "open-with", "-j", "1", str(project))
    assert result.exit_code == 0
    assert "+    with open(p) as f:" in result.stdout
    assert "-    return open(p).read()" in result.stdout
    assert "1 changed" in result.stderr and "open-with 1" in result.stderr
    assert _snapshot(project) == before


def test_check_exits_1_on_change_and_writes_nothing(project):
    before = _snapshot(project)
    result = invoke("apply", "--check", "--select", "open-with", str(project))
    assert result.exit_code == 1
    assert "would change" in result.stderr and "leaky.py" in result.stderr
    assert result.stdout == ""
    assert _snapshot(project) == before


def test_check_exits_0_when_nothing_changes(project):
    result = invoke("apply", "--check", str(project / "clean.py"))
    assert result.exit_code == 0, result.output


def test_apply_rewrites_in_place(project):
    result = invoke("apply", "--select", "open-with", "-j", "1", str(project))
    assert result.exit_code == 0
    assert (project / "leaky.py").read_text() == CLEAN
    assert invoke("apply", "--check", "--select", "open-with", str(project)).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("--select", "no-such-codemod"),
        ("--skip", "no-such-codemod"),
        ("--select", "open-with,nope"),
        ("--set", "open-with.nope=1"),
        ("--set", "nonsense"),
        ("--set", "no-such.x=1"),
        ("--jobs", "0"),
        ("--dry-run", "--check"),
    ],
)
def test_usage_errors_exit_2(project, args):
    result = invoke("apply", *args, str(project))
    assert result.exit_code == 2
    assert (project / "leaky.py").read_text() == LEAKY


def test_missing_path_exits_2(tmp_path):
    result = invoke("apply", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_bad_file_is_named_and_others_still_processed(project):
    (project / "broken.py").write_text("def f(:\n    open(p)\n")  # open( so the prefilter lets it through
    (project / "undecodable.py").write_bytes(b"x = '\xff\xfe'\n")
    result = invoke("apply", "--select", "open-with", "-j", "1", str(project))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{project / 'broken.py'}:1:") and "syntax error" in line for line in lines), lines
    assert any(line.startswith(f"{project / 'undecodable.py'}:") and "decode" in line for line in lines), lines
    assert (project / "leaky.py").read_text() == CLEAN  # the good file was still rewritten
    assert (project / "broken.py").read_text() == "def f(:\n    open(p)\n"


def test_crash_inside_a_codemod_affects_one_file(project, monkeypatch):
    from flask_codemod.codemods import get_codemod

    cls = get_codemod("open-with")
    original = cls.transform

    def crashing(self, module, ctx):
        if ctx.path.endswith("leaky.py"):
            raise ZeroDivisionError("boom")
        return original(self, module, ctx)

    monkeypatch.setattr(cls, "transform", crashing)
    (project / "other.py").write_text(LEAKY)
    result = invoke("apply", "--select", "open-with", "-j", "1", str(project))
    assert result.exit_code == 3
    assert "leaky.py: internal error in open-with: ZeroDivisionError: boom" in result.stderr
    assert (project / "leaky.py").read_text() == LEAKY
    assert (project / "other.py").read_text() == CLEAN


def test_findings_summarised_by_default_and_listed_with_verbose(project):
    (project / "escape.py").write_text("def handle(p):\n    files = {\"f\": open(p)}\n    return files\n")
    quiet = invoke("apply", "--dry-run", "--select", "open-with", str(project / "escape.py"))
    assert "escape.py:2: open-with:" not in quiet.stderr
    assert "1 finding" in quiet.stderr
    loud = invoke("apply", "--dry-run", "--verbose", "--select", "open-with", str(project / "escape.py"))
    assert f"{project / 'escape.py'}:2: open-with:" in loud.stderr


def test_list_and_explain():
    from flask_codemod.codemods import all_codemods

    listed = invoke("list")
    assert listed.exit_code == 0
    for cls in all_codemods():
        assert cls.NAME in listed.stdout and cls.SUMMARY in listed.stdout
    explained = invoke("explain", "open-with")
    assert explained.exit_code == 0 and "open-with" in explained.stdout
    assert invoke("explain", "nope").exit_code == 2


def test_diff_markup_and_control_characters_are_not_interpreted(project):
    source = 'def read(p):\n    print("[bold red]x[/] \\x1b")\n    return open(p).read()\n'
    source = source.replace("\\x1b", "\x1b[2J")
    (project / "markup.py").write_text(source)
    result = invoke("apply", "--dry-run", "--select", "open-with", str(project / "markup.py"))
    assert "[bold red]x[/]" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout


def test_select_and_skip(project):
    skipped = invoke("apply", "--check", "--skip", "open-with", str(project / "leaky.py"))
    assert skipped.exit_code == 0
    selected = invoke("apply", "--check", "--select", "open-with", str(project / "leaky.py"))
    assert selected.exit_code == 1


UPLOAD_APP = (
    "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
    "@app.post('/up')\ndef up():\n    request.files['f'].save('/tmp/f')\n    return 'ok'\n"
)


def test_policy_codemods_run_only_when_selected(tmp_path):
    """upload-limit, static-max-age, gunicorn-config pick a number the code does not hold:
    not in the default selection; ``--select`` or ``select`` in pyproject runs them."""
    (tmp_path / "app.py").write_text(UPLOAD_APP)
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\n")
    (tmp_path / "requirements.txt").write_text("flask\ngunicorn\n")
    default = invoke("apply", "--dry-run", "--no-cache", str(tmp_path))
    assert default.exit_code == 0 and default.stdout == ""
    for name in ("upload-limit", "static-max-age", "gunicorn-config"):
        assert name not in default.stderr
    selected = invoke("apply", "--dry-run", "--no-cache", "--select", "upload-limit,gunicorn-config", str(tmp_path))
    assert "MAX_CONTENT_LENGTH" in selected.stdout and "gunicorn.conf.py" in selected.stdout
    assert "SEND_FILE_MAX_AGE_DEFAULT" not in selected.stdout
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body { margin: 0 }\n")
    (tmp_path / "pyproject.toml").write_text('[tool.flask-codemod]\nselect = ["static-max-age"]\n')
    configured = invoke("apply", "--dry-run", "--no-cache", str(tmp_path))
    assert "SEND_FILE_MAX_AGE_DEFAULT" in configured.stdout and "MAX_CONTENT_LENGTH" not in configured.stdout
    # skipping a default codemod never brings in a policy one
    skipped = invoke("apply", "--dry-run", "--no-cache", "--no-config", "--skip", "open-with", str(tmp_path))
    assert skipped.stdout == ""


def test_list_says_which_codemods_run_by_default():
    listed = invoke("list")
    assert listed.stderr.split()[:5] == ["codemod", "group", "safety", "default", "summary"]
    assert "run only" in listed.stderr and "--select" in listed.stderr
    rows = {line.split()[0]: line.split() for line in listed.stdout.splitlines()}
    assert "codemod" not in rows  # the heads are not a row
    for name in ("upload-limit", "static-max-age", "gunicorn-config"):
        assert rows[name][1:4] == ["policy", "review", "no"]
    assert rows["open-with"][1:4] == ["cleanup", "safe", "yes"]
    explained = invoke("explain", "gunicorn-config").stdout
    assert "runs only when selected" in explained.splitlines()[0]


# -- encodings, newlines, BOM, mode bits ----------------------------------------------------


def test_file_formats_survive_a_rewrite(tmp_path):
    latin = tmp_path / "latin.py"
    latin.write_bytes(
        b"# -*- coding: latin-1 -*-\n# caf\xe9\ndef read(p):\n    return open(p).read()\n"
    )
    crlf = tmp_path / "crlf.py"
    crlf.write_bytes(LEAKY.replace("\n", "\r\n").encode())
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + LEAKY.encode())
    executable = tmp_path / "script.py"
    executable.write_text("#!/usr/bin/env python\n" + LEAKY)
    executable.chmod(0o755)

    result = invoke("apply", "--select", "open-with", "-j", "2", str(tmp_path))
    assert result.exit_code == 0, result.output

    data = latin.read_bytes()
    assert b"# caf\xe9\n" in data and b"with open(p) as f:" in data
    data.decode("latin-1")
    assert crlf.read_bytes() == CLEAN.replace("\n", "\r\n").encode()
    assert bom.read_bytes() == b"\xef\xbb\xbf" + CLEAN.encode()
    assert executable.read_text() == "#!/usr/bin/env python\n" + CLEAN
    assert stat.S_IMODE(executable.stat().st_mode) == 0o755
    assert not list(tmp_path.glob(".flask-codemod-*"))


def test_file_changed_on_disk_is_skipped(tmp_path, monkeypatch):
    from flask_codemod import pipeline

    target = tmp_path / "leaky.py"
    target.write_text(LEAKY)
    real_process = pipeline.process_file

    def process_then_edit(path, codemods, options=None, **settings):
        result = real_process(path, codemods, options, **settings)
        with open(path, "a") as handle:
            handle.write("# edited meanwhile\n")
        return result

    monkeypatch.setattr(pipeline, "process_file", process_then_edit)
    result = invoke("apply", "--select", "open-with", "-j", "1", str(tmp_path))
    assert result.exit_code == 3
    assert "changed on disk" in result.stderr
    assert target.read_text() == LEAKY + "# edited meanwhile\n"


# -- the real program ------------------------------------------------------------------------


def _console_script() -> str:
    return os.path.join(os.path.dirname(sys.executable), "flask-codemod")


def test_subprocess_exit_codes_and_streams(tmp_path):
    (tmp_path / "leaky.py").write_text(LEAKY)
    run = subprocess.run(
        [_console_script(), "apply", "--dry-run", "--select", "open-with", str(tmp_path / "leaky.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("diff --git")
    assert "\x1b[" not in run.stdout  # not a terminal: no colour
    assert "1 file scanned, 1 changed" in run.stderr
    check = subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--check", str(tmp_path / "leaky.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 1
    usage = subprocess.run([_console_script(), "apply", "--select", "bogus", "."], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "bogus" in usage.stderr


_CASE_FILE = (".before.py", ".after.py", ".findings")


def _sample_alone(sample: str, base) -> str:
    """``sample`` in a project of its own, as tests/test_samples.py runs it: a fresh folder
    with the sample and the files its folder keeps for every case (templates, a Procfile, a
    shared module), and none of the other cases. In this repository every sample is a module
    of one project (the repository), whose other samples read from the environment the very
    names the dotenv-config samples move."""
    folder = base / os.path.relpath(sample, SAMPLES).replace(os.sep, "__")
    source = os.path.dirname(sample)
    shutil.copytree(source, folder, ignore=lambda _, names: [n for n in names if n.endswith(_CASE_FILE)])
    shutil.copy2(sample, folder)
    return str(folder / os.path.basename(sample))


def test_check_passes_on_every_after_sample_and_fails_on_changing_before_samples(tmp_path):
    afters = sorted(glob.glob(os.path.join(SAMPLES, "*", "*.after.py")))
    assert afters
    for number, after in enumerate(afters):
        codemod = os.path.basename(os.path.dirname(after))
        before = after.replace(".after.py", ".before.py")
        result = invoke("apply", "--check", "--select", codemod, "-j", "1", _sample_alone(after, tmp_path))
        assert result.exit_code == 0, f"{after}: {result.stderr}"
        changes = open(before, "rb").read() != open(after, "rb").read()
        result = invoke("apply", "--check", "--select", codemod, "-j", "1", _sample_alone(before, tmp_path))
        assert result.exit_code == (1 if changes else 0), f"{before}: {result.stderr}"


def test_demo_target_gives_a_diff_and_changes_nothing():
    legacy = os.path.join(SAMPLES, "legacy_app")
    before = _snapshot(legacy)
    result = invoke("apply", "--dry-run", "-j", "1", legacy)
    assert result.exit_code == 0, result.stderr
    assert "diff --git" in result.stdout
    assert _snapshot(legacy) == before


def test_verbose_lists_one_cause_in_one_file_once_naming_its_lines(project):
    """Three bare open() calls a function hands on, all left for one reason: one line, at the
    first, naming the other two; the count and the machine formats keep every place."""
    source = "".join(f"def handle{n}(p):\n    files = {{\"f\": open(p)}}\n    return files\n\n\n" for n in range(3))
    (project / "escape.py").write_text(source)
    loud = invoke("apply", "--dry-run", "--verbose", "--select", "open-with", str(project / "escape.py"))
    listed = [line for line in loud.stderr.splitlines() if ": open-with:" in line]
    assert len(listed) == 1 and listed[0].startswith(f"{project / 'escape.py'}:2: open-with:")
    assert listed[0].endswith("(also lines 7, 12)")
    assert "3 findings" in loud.stderr
    concise = invoke("apply", "--dry-run", "--output-format", "concise", "--select", "open-with", str(project / "escape.py"))
    assert sum(": open-with:" in line for line in concise.stdout.splitlines()) == 3
