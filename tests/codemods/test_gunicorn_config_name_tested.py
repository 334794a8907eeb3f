"""gunicorn-config: code that asks whether it runs under gunicorn does not start gunicorn.

VEOps CMDB's secrets module starts a watcher thread only in the served process:
``if sys.argv[0].endswith("gunicorn") or ...`` (``api/lib/secrets/inner.py:78``). A call whose
first argument spelled the gunicorn command counted as running it, so that test read as "the
project starts gunicorn from Python (... runs the gunicorn command)", and the finding said the
folder and options gunicorn starts with were settled there. A text method that looks a word up
in its receiver (``endswith``, ``startswith``, ``find``, ``split`` ...) gives no command to
any program; the calls that do (``Popen(["gunicorn", ...])``, ``os.execvp("gunicorn", ...)``)
still count.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = """\
import sys

from flask import Flask

app = Flask(__name__)

if sys.argv[0].endswith("gunicorn"):
    app.config["UNDER_GUNICORN"] = True


@app.get("/")
def index():
    return "hello"
"""

FILES = {"requirements.txt": "flask==2.2.5\ngunicorn==21.0.1\n", "Procfile": "web: gunicorn app:app\n"}


def _run(source):
    result = run_codemods(source, "gunicorn-config", files=FILES, path="app.py")
    assert result.error is None
    return result, {e.key for e in result.project_edits if e.kind == "file"}


def test_a_test_of_the_program_name_is_no_start_of_gunicorn():
    result, created = _run(APP)
    assert not any("starts gunicorn from Python" in m for m in finding_messages(result)), finding_messages(result)
    assert any(key.endswith("gunicorn.conf.py") for key in created), (created, finding_messages(result))


def test_other_lookups_of_the_word_are_none_either():
    for test in ('"gunicorn" in sys.argv[0]', 'sys.argv[0].startswith("gunicorn")', 'sys.argv[0].find("gunicorn") >= 0'):
        result, _ = _run(APP.replace('sys.argv[0].endswith("gunicorn")', test))
        assert not any("starts gunicorn from Python" in m for m in finding_messages(result)), (test, finding_messages(result))


def test_a_program_started_with_the_command_still_counts():
    source = APP.replace(
        'if sys.argv[0].endswith("gunicorn"):\n    app.config["UNDER_GUNICORN"] = True\n',
        'def serve():\n    import subprocess\n    subprocess.Popen(["gunicorn", "-w", "4", "app:app"])\n',
    )
    result, created = _run(source)
    assert created == set()
    assert any("starts gunicorn from Python (app.py:9: runs the gunicorn command)" in m for m in finding_messages(result)), finding_messages(result)
