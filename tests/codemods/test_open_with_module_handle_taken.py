"""open-with and a handle bound at module level: the name is a module attribute, so other code
may use the handle after the module's own last use.

A module that opens a log at import (``AUDIT_LOG = open("audit.log", "a")``) and another module
that does ``from pkg.logs import AUDIT_LOG`` and writes to it: a with-block ending at the first
module's last use (or ``with ... as AUDIT_LOG:`` / ``pass`` where it has none) hands the second
module a closed file, and its write raises ``ValueError: I/O operation on closed file``. The
rewrite is refused with a finding naming the module that takes the name; a module-level handle
its own module never uses is refused too (it is there for other code, seen or not). A handle
only its own module uses (a script) is still rewritten.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, forget_packages, import_package, run_codemods, write_package

LOGS = 'AUDIT_LOG = open("audit.log", "a")\nAUDIT_LOG.write("started\\n")\n'
VIEWS = 'from pkg.logs import AUDIT_LOG\n\n\ndef record(line):\n    AUDIT_LOG.write(line + "\\n")\n'
OTHER = 'import pkg.logs\n\n\ndef record(line):\n    pkg.logs.AUDIT_LOG.write(line + "\\n")\n'


@pytest.mark.parametrize("importer", [VIEWS, OTHER], ids=["from-import", "module-attribute"])
def test_a_module_level_handle_another_module_takes_is_left_with_a_finding(importer):
    project = {"pkg/__init__.py": "", "pkg/views.py": importer}
    result = run_codemods(LOGS, "open-with", path="pkg/logs.py", project=project, dedent=False)
    assert result.new_text == LOGS
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "`AUDIT_LOG`" in messages[0] and "pkg/views.py" in messages[0], messages


def test_a_module_level_handle_its_module_never_uses_is_left_with_a_finding():
    source = 'AUDIT_LOG = open("audit.log", "a")\n'
    result = run_codemods(source, "open-with", path="pkg/logs.py", project={"pkg/__init__.py": ""}, dedent=False)
    assert result.new_text == source
    messages = finding_messages(result)
    assert len(messages) == 1 and "`AUDIT_LOG`" in messages[0], messages


def test_a_module_level_handle_only_its_script_uses_is_still_rewritten():
    source = 'out = open("report.txt", "w")\nout.write("done\\n")\nprint("written")\n'
    result = run_codemods(source, "open-with", path="scripts/report.py", project={"app.py": "import flask\n"}, dedent=False)
    assert result.new_text == 'with open("report.txt", "w") as out:\n    out.write("done\\n")\nprint("written")\n'


def test_the_code_left_in_place_lets_the_importer_write(tmp_path, monkeypatch):
    """What the refusal keeps working: the importing module writes to the open log."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    name = write_package(tmp_path, {"__init__.py": "", "logs.py": LOGS, "views.py": VIEWS.replace("pkg.", "{PKG}.")})
    try:
        views = import_package(name, "views")
        views.record("viewed")
        import_package(name, "logs").AUDIT_LOG.close()
    finally:
        forget_packages([name])
    assert (tmp_path / "audit.log").read_text() == "started\nviewed\n"


def test_what_the_rewrite_would_have_done_breaks_the_importer(tmp_path, monkeypatch):
    """The with-block the codemod used to write: the importer's write fails on a closed file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    rewritten = 'with open("audit.log", "a") as AUDIT_LOG:\n    AUDIT_LOG.write("started\\n")\n'
    name = write_package(tmp_path, {"__init__.py": "", "logs.py": rewritten, "views.py": VIEWS.replace("pkg.", "{PKG}.")})
    try:
        with pytest.raises(ValueError, match="closed file"):
            import_package(name, "views").record("viewed")
    finally:
        forget_packages([name])
