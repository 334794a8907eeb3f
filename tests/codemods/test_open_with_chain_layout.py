"""open-with puts a method chain back on one line when the opener was what made it too long.

gdbgui (linted with ``black --check``) reads its version as ``_version = (`` /
``io.open(os.path.join(_base_dir, "VERSION.txt"), "r", encoding="utf-8")`` / ``.read()`` /
``.strip()`` / ``)``: black split the chain at its dots because the opener made the line too
long. With the opener moved into the with header the rest was left as ``f`` / ``.read()`` /
``.strip()`` on lines of their own, which black puts back on one line: the project's lint
failed on the rewrite. A chain split by hand although it fitted stays as it is.
"""

from __future__ import annotations

from helpers import load_source, run_codemods

VERSION = """\
import io
import os

_base_dir = os.path.dirname(os.path.realpath(__file__))
_version = (
    io.open(os.path.join(_base_dir, "VERSION.txt"), "r", encoding="utf-8")
    .read()
    .strip()
)
"""


def test_the_chain_the_opener_made_too_long_is_one_line_again(tmp_path):
    result = run_codemods(VERSION, "open-with", path="gdbgui/__init__.py", dedent=False)
    assert result.new_text.endswith(
        'with io.open(os.path.join(_base_dir, "VERSION.txt"), "r", encoding="utf-8") as f:\n'
        "    _version = f.read().strip()\n"
    ), result.new_text
    (tmp_path / "VERSION.txt").write_text(" 0.15.3.0\n")
    assert load_source(tmp_path, VERSION, "before")._version == load_source(tmp_path, result.new_text, "after")._version == "0.15.3.0"


def test_a_chain_split_by_hand_that_fitted_stays_split():
    source = 'def version(path):\n    text = (\n        open(path)\n        .read()\n        .strip()\n    )\n    return text\n'
    result = run_codemods(source, "open-with", path="app/version.py", dedent=False)
    assert "    with open(path) as f:\n        text = (\n            f\n            .read()\n" in result.new_text


def test_a_chain_with_a_comment_stays_split():
    source = VERSION.replace("    .read()\n", "    .read()  # the whole file\n")
    result = run_codemods(source, "open-with", path="gdbgui/__init__.py", dedent=False)
    assert "    .read()  # the whole file\n" in result.new_text
