"""open-with leaves alone a handle a function opens for reading and never uses.

recon-ng's module loader opened each module's file into a local name and never read it (the
module is loaded by path through importlib); the rewrite made it ``with open(p) as h:`` /
``pass``, a block no maintainer would write: the statement is dead, and the function drops the
handle when it returns. A finding names it instead, so the maintainer can delete it (or keep it
if it is there to check that the file can be opened). A handle opened for writing and never used
still becomes ``with open(p, "w") as f:`` / ``pass``: the open creates or empties the file, and
the block closes it at once (the ``touch`` sample).
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, load_source, run_codemods

LOADER = """\
import importlib


def load(path, name):
    handle = open(path)
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
"""


def test_a_read_handle_never_used_in_a_function_is_left_with_a_finding():
    result = run_codemods(LOADER, "open-with", path="framework/loader.py", dedent=False)
    assert result.new_text == LOADER
    messages = finding_messages(result)
    assert len(messages) == 1, messages
    assert "`handle` is never used" in messages[0], messages


def test_the_code_left_in_place_still_raises_for_a_missing_file(tmp_path):
    module = load_source(tmp_path, LOADER, "loader_before")
    with pytest.raises(FileNotFoundError):
        module.load(str(tmp_path / "absent.py"), "json")
    assert module.load(__file__, "json") is not None


def test_a_write_handle_never_used_is_still_closed_by_a_block():
    source = 'def touch(path):\n    f = open(path, "w")\n    return path\n'
    result = run_codemods(source, "open-with", path="app/files.py", dedent=False)
    assert result.new_text == 'def touch(path):\n    with open(path, "w") as f:\n        pass\n    return path\n'


def test_a_read_handle_used_later_is_still_rewritten():
    source = "def first_line(path):\n    f = open(path)\n    line = f.readline()\n    return line\n"
    result = run_codemods(source, "open-with", path="app/files.py", dedent=False)
    assert result.new_text == "def first_line(path):\n    with open(path) as f:\n        line = f.readline()\n    return line\n"
