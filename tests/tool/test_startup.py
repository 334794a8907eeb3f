"""Start-up: `--help`, `list` and `explain` answer without importing LibCST (about a second
of imports), and say exactly what the imported codemod classes say."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flask_codemod.codemods import all_codemods
from flask_codemod.codemod_info import all_info, info

PROBE = """
import json, sys
sys.argv = ["flask-codemod", *json.loads(sys.argv[1])]
from flask_codemod.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] == "libcst" or m.startswith("flask_codemod.codemods.") and not m.split(".")[-1].startswith("_"))
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
"""


def command(*args: str) -> tuple[str, list[str]]:
    """Run the command line in a fresh interpreter: (stdout, heavy modules it imported)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True, timeout=120
    )
    marker = done.stderr.rindex("MODULES ")
    return done.stdout, json.loads(done.stderr[marker + len("MODULES ") :].splitlines()[0])


def test_help_imports_neither_libcst_nor_the_codemods() -> None:
    out, heavy = command("--help")
    assert "apply" in out and "list" in out
    assert heavy == []


def test_list_imports_neither_libcst_nor_the_codemods_and_says_the_same() -> None:
    out, heavy = command("list")
    assert heavy == []
    classes = all_codemods()
    width = max(len(c.NAME) for c in classes)
    expected = "".join(f"{c.NAME:<{width}}  {c.SAFETY:<6}  {c.SUMMARY}\n" for c in classes)
    assert out == expected


@pytest.mark.parametrize("cls", all_codemods(), ids=lambda c: c.NAME)
def test_the_static_information_matches_the_classes(cls) -> None:
    shown = info(cls.NAME)
    assert (shown.NAME, shown.SUMMARY, shown.SAFETY, shown.GROUP, shown.ORDER) == (cls.NAME, cls.SUMMARY, cls.SAFETY, cls.GROUP, cls.ORDER)
    assert shown.documentation() == cls.documentation()
    described = lambda options: {k: (o.type.__name__, repr(o.default), o.help) for k, o in options.items()}
    assert described(shown.OPTIONS) == described(cls.OPTIONS)


def test_static_information_order_is_engine_order() -> None:
    assert [i.NAME for i in all_info()] == [c.NAME for c in all_codemods()]


def test_explain_reads_the_static_information() -> None:
    static = [i.NAME for i in all_info.__wrapped__() if i._options is not None]  # fresh, unloaded
    if not static:
        pytest.skip("no codemod declares its options in literals")
    name = static[0]
    out, heavy = command("explain", name)
    assert heavy == []
    assert out.startswith(f"{name} (")
    cls = next(c for c in all_codemods() if c.NAME == name)
    assert cls.documentation() in out
