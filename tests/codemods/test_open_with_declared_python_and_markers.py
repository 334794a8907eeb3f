"""open-with on two layouts a project's own checks hold it to (session 29, a workflow-service
API and its client):

- a project that declares Python 3.10 or later (``requires-python = ">=3.10"``) may have
  ``with (`` one handle per line ``):``; a header for two handles that would pass black's 88
  columns is written so, even where the ``target_version`` option was left at its default
  (the header stayed on one line of 135 columns, which the project's ``black --check`` refuses);
- bandit's ``# nosec`` marker silences the line of the call it sits on: where an opener moves
  out of its statement into a with header, the marker the statement carried goes onto the
  header too (bandit flagged the moved ``urlopen`` again), and stays on the statement, whose
  other calls it may silence; beside the built-in ``open``, which bandit never flags, it
  stays on the statement alone (an exec of a file read inline).
"""

from __future__ import annotations

import black

from helpers import rewrite

PY310 = {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\n'}

TWO_LOGS = (
    "import os\n"
    "import subprocess\n\n\n"
    "def start(workdir, command):\n"
    "    output = open(os.path.join(workdir, 'the-output-of-the-run.json'), 'w')\n"
    "    errors = open(os.path.join(workdir, 'the-errors-of-the-run.txt'), 'w')\n"
    "    process = subprocess.Popen(command, stdout=output, stderr=errors)\n"
    "    output.close()\n"
    "    errors.close()\n"
    "    return process.pid\n"
)


def test_a_project_on_python_3_10_gets_the_parenthesized_header(tmp_path):
    text = rewrite(TWO_LOGS, "open-with", files=PY310, dedent=False)
    assert "    with (\n        open(os.path.join(workdir, 'the-output-of-the-run.json'), 'w') as output,\n" in text
    assert max(len(line) for line in text.splitlines()) <= 88
    mode = black.Mode(string_normalization=False, target_versions={black.TargetVersion.PY310})
    assert black.format_str(text, mode=mode) == text
    namespace: dict = {}
    exec(compile(text, "runner.py", "exec"), namespace)
    pid = namespace["start"](str(tmp_path), ["true"])
    assert isinstance(pid, int)
    assert (tmp_path / "the-output-of-the-run.json").exists()


def test_without_a_declared_python_the_header_stays_on_one_line():
    text = rewrite(TWO_LOGS, "open-with", dedent=False)
    assert "with (\n" not in text
    assert "    with open(os.path.join(workdir, 'the-output-of-the-run.json'), 'w') as output, open(" in text


def test_bandit_s_marker_follows_the_opener_onto_the_header():
    source = (
        "from urllib.request import urlopen\n\n\n"
        "def fetch(url):\n"
        "    body = urlopen(url).read()  # nosec B310\n"
        "    return body.decode()\n"
    )
    text = rewrite(source, "open-with", dedent=False)
    assert "    with urlopen(url) as response:  # nosec B310\n" in text
    assert "        body = response.read()  # nosec B310\n" in text


def test_any_other_trailing_comment_stays_on_its_statement():
    source = (
        "import json\n\n\n"
        "def load(path):\n"
        "    data = json.load(open(path))  # the settings\n"
        "    return data\n"
    )
    text = rewrite(source, "open-with", dedent=False)
    assert "    with open(path) as f:\n        data = json.load(f)  # the settings\n" in text


def test_a_marker_beside_the_built_in_open_stays_on_its_statement():
    """bandit flags no call of the built-in open: the marker was for the statement's other call."""
    source = (
        "def activate(path):\n"
        "    exec(open(path).read())  # nosec\n"
    )
    text = rewrite(source, "open-with", dedent=False)
    assert "    with open(path) as f:\n        exec(f.read())  # nosec\n" in text
