"""open-with on a script whose handles stay open to its end (edurange's makeTsv.py): the
module's blank lines that the new with-block takes in stay empty, no indentation written on
them (LibCST marks a module's blank lines as indented by its empty indentation), and the
script, run before and after, writes the same file and leaves no handle to the collector."""

from __future__ import annotations

import subprocess
import sys

from helpers import rewrite
from open_with_support import sample


def test_the_blocks_blank_lines_stay_empty():
    before, after = sample("module_level_blank_lines")
    rewritten = rewrite(before, "open-with", dedent=False)
    assert rewritten == after
    assert not any(line.strip() == "" and line for line in rewritten.splitlines()), "a blank line got indentation"


def test_a_blank_line_inside_a_function_was_already_kept():
    source = "def copy(a, b):\n    src = open(a)\n    rows = list(src)\n\n    print(rows)\n    src.close()\n"
    assert rewrite(source, "open-with", dedent=False) == (
        "def copy(a, b):\n    with open(a) as src:\n        rows = list(src)\n\n        print(rows)\n"
    )


def test_the_script_writes_the_same_file_and_closes_its_handles(tmp_path):
    before, after = sample("module_level_blank_lines")
    (tmp_path / "in.csv").write_text("a,b\nc,d\n")
    outputs = []
    for name, text in (("before", before), ("after", after)):
        script = tmp_path / f"{name}.py"
        script.write_text(text)
        run = subprocess.run(
            [sys.executable, "-X", "dev", str(script), str(tmp_path / "in.csv"), str(tmp_path / f"{name}.tsv")],
            capture_output=True, text=True, timeout=60,
        )
        assert run.returncode == 0, run.stderr
        outputs.append(((tmp_path / f"{name}.tsv").read_text(), "ResourceWarning" in run.stderr))
    assert outputs[0][0] == outputs[1][0] == "a\tb\nc\td\n"
    assert outputs[1][1] is False
