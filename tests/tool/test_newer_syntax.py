"""Code in the syntax of a newer Python than the running one is valid code: it gets its own
message, never "syntax error" (issue 17). LibCST parses it; tool/syntax_versions.py names the
version."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from flask_codemod import engine
from flask_codemod.cli import app
from flask_codemod.syntax_versions import newer_syntax

PEP_701 = 'from flask import Flask\napp = Flask(__name__)\nname = "x"\nprint(f"{name + "!"}")\nopen("a").read()\n'
NEWER = {
    "an f-string reusing its quotes (PEP 701)": (PEP_701, (3, 12)),
    "a backslash in a replacement field": ('x = f"{"\\n".join(items)}"\nopen("a").read()\n', (3, 12)),
    "a comment in a replacement field": ('x = f"""{\n  value  # the value\n}"""\nopen("a").read()\n', (3, 12)),
    "a type statement": ("type Point = tuple[float, float]\nopen('a').read()\n", (3, 12)),
    "type parameters": ("def first[T](items: list[T]) -> T:\n    return open(items[0]).read()\n", (3, 12)),
    "a type parameter default": ("class Box[T = int]:\n    data = open('a').read()\n", (3, 13)),
    "a template string": ('x = t"hello {name}"\nopen("a").read()\n', (3, 14)),
    # PEP 758, as funding-service and simpler.grants.gov (Python 3.14) write it: three types,
    # which Python 2's "except X, name:" never took, or two in a module no Python 2 parses
    # (annotations, an f-string)
    "three exception types without parentheses": (
        "try:\n    data = open('a').read()\nexcept OSError, KeyError, ValueError:\n    data = ''\n", (3, 14)),
    "two exception types in annotated code": (
        "def get_engine() -> object:\n    try:\n        return open('a').read()\n"
        "    except TypeError, AttributeError:\n        return None\n", (3, 14)),
    "two exception types beside an f-string": (
        "try:\n    x = open(f'{name}.txt').read()\nexcept OSError, UnicodeError:\n    x = ''\n", (3, 14)),
}


@pytest.mark.parametrize("source,version", NEWER.values(), ids=list(NEWER))
def test_newer_syntax_gets_its_own_message(source, version):
    if sys.version_info[:2] >= version:
        pytest.skip(f"this Python reads {version[0]}.{version[1]} syntax")
    assert newer_syntax(source) == version
    result = engine.transform_text(source, _codemods())
    shown = f"{version[0]}.{version[1]}"
    assert result.error == f"uses Python {shown} syntax; run flask-codemod under Python {shown} or newer to process this file"
    assert result.new_text == source


@pytest.mark.parametrize(
    "source",
    [
        "def f(:\n    open(p)\n",  # broken
        "try:\n    open(p)\nexcept ValueError, e:\n    pass\n",  # Python 2, not PEP 758
        'x = f"{a!r}" + f"{b:>{width}}" + f"{c[\'k\']}"\nopen(p).read(\n',  # old f-strings, broken elsewhere
        "print 'hello'\nopen(p)\n",  # Python 2
        "x = " + "(" * 300 + "1" + ")" * 300 + "\nopen(p)\n",  # too deeply nested
    ],
    ids=["broken", "py2 except", "old f-strings", "py2 print", "nesting"],
)
def test_broken_code_is_still_a_syntax_error(source):
    result = engine.transform_text(source, _codemods())
    assert result.error is not None and ("syntax error" in result.error or "cannot parse" in result.error), result.error
    assert "run flask-codemod under" not in result.error


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python reads 3.12 syntax")
def test_the_command_line_names_the_version(tmp_path):
    (tmp_path / "new.py").write_text(PEP_701)
    (tmp_path / "old.py").write_text("def read(p):\n    return open(p).read()\n")
    result = CliRunner().invoke(app, ["apply", "-j", "1", "--select", "open-with", str(tmp_path)])
    assert result.exit_code == 3
    assert (
        f"{tmp_path / 'new.py'}: uses Python 3.12 syntax; run flask-codemod under Python 3.12 or newer to process this file"
        in result.stderr.splitlines()
    )
    assert "with open(p) as f:" in (tmp_path / "old.py").read_text()


def _codemods():
    from flask_codemod.codemods import get_codemod

    return [get_codemod("open-with")]
