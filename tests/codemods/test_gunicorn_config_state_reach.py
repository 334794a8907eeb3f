"""gunicorn-config's proof that no module-level container is changed at run time reaches
every module the parser-based rule could flag (review 23b): a container made under a
module-level ``if:`` or ``try:`` is made at module level too; a module that cannot be read
(not UTF-8 text, or too large to read) is no proof of absence; a container of one module
changed from another (``from models import users``, ``models.users[k] = v``) is state."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}
APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hi'\n"
WRITER = "\n\ndef handle(key, value):\n    store[key] = value\n"


def run(source: str, files: dict[str, str]):
    result = run_codemods(source, "gunicorn-config", files={**FILES, **files}, path="app.py")
    assert result.error is None, result.error
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


@pytest.mark.parametrize(
    "setup",
    [
        "try:\n    import redis\n    store = None\nexcept ImportError:\n    store = {}\n",
        "if True:\n    store = {}\n",
        "store = None\nif True:\n    store = dict()\n",
        "cache = store = {}\n",
        "store = (\n    {}\n)\n",
    ],
)
def test_a_container_made_in_a_module_level_block_is_found(setup):
    result, created = run(APP, {"models.py": setup + WRITER})
    assert created == {}
    [message] = finding_messages(result)
    assert "store (models.py:" in message and "nothing generated" in message


@pytest.mark.parametrize(
    "text, why",
    [
        (None, "cannot be decoded"),  # not UTF-8: a Python 2 module with a latin-1 coding cookie
        ("users = {}\n" + "#" * 1_000_001 + "\n" + WRITER.replace("store", "users"), "too large"),
    ],
)
def test_an_application_module_that_cannot_be_read_gets_no_file(text, why):
    result, created = run(APP, {"oauth/models.py": text})
    assert created == {}
    [message] = finding_messages(result)
    assert "oauth/models.py" in message and why in message and "nothing generated" in message


def test_a_test_module_that_cannot_be_decoded_says_nothing_of_the_app():
    result, created = run(APP, {"tests/test_old.py": None})
    assert list(created) == ["gunicorn.conf.py"], finding_messages(result)
