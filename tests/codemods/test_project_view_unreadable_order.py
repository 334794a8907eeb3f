"""Which unreadable module a finding names when several of the project's modules do not parse
(calloncongress, a Python 2 app: its settings module, its decorators and a helper script under
``bin/`` are all Python 2). gunicorn-config's finding named ``bin/renameaudio.py``, the first in
the listing, as what kept it from telling whether the app keeps values between requests: a
script run by hand beside the app is no part of the app's process. A module of the app itself
is named first; a helper script only when it is the only one that the app's process may load
(session 38: a script nothing that serves the app loads is no part of that process at all)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}
APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
PYTHON_2 = "def main():\n    print 'done'\n"


# the app loads its settings and (by its name) the converter
LOADS_BOTH = APP + "\n\nfrom web import settings  # noqa\nimport importlib\n\nimportlib.import_module('bin.convert')\n"


def _message(files: dict[str, str], app: str = LOADS_BOTH) -> str:
    result = run_codemods(app, "gunicorn-config", files={**FILES, **files}, path="app.py")
    assert result.error is None, result.error
    assert not [e for e in result.project_edits if e.kind == "file"]
    return finding_messages(result)[0]


def test_a_module_of_the_app_is_named_before_a_helper_script():
    message = _message({"bin/convert.py": PYTHON_2, "web/settings.py": PYTHON_2})
    assert "web/settings.py cannot be read (it does not parse as Python 3)" in message, message
    assert "bin/convert.py" not in message


def test_a_helper_script_is_named_when_no_module_of_the_app_is_unreadable():
    message = _message({"bin/convert.py": PYTHON_2, "web/settings.py": ""})
    assert "bin/convert.py cannot be read (it does not parse as Python 3)" in message, message


def test_a_helper_script_the_apps_process_never_loads_is_not_named():
    result = run_codemods(APP, "gunicorn-config", files={**FILES, "bin/convert.py": PYTHON_2}, path="app.py")
    assert [e.key for e in result.project_edits if e.kind == "file"] == ["gunicorn.conf.py"], finding_messages(result)
