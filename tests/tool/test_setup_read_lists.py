"""Requirements lists a setup.py reads into install_requires (shopcube: setup.py reads
reqs/app.txt, which pins Flask 2.2.0): what ``pip install .`` installs declares the project's
Flask, so the target is read from that list, not guessed from python_requires. Only a plain
read of a path the script spells counts (codemods/_setup_read_lists.py)."""

from __future__ import annotations

import pytest

from flask_codemod.codemods import Context
from flask_codemod.codemods._declared_versions import declared_specifiers
from flask_codemod.codemods._setup_read_lists import setup_read_lists
from flask_codemod.target import declared_target
from helpers import ProjectReader

SETUP = '''\
import os

from setuptools import setup

here = os.path.abspath(os.path.dirname(__file__))

setup(
    name="till",
    python_requires=">=3.4",
    install_requires=open(os.path.join(here, "pins", "run.txt"), encoding="utf-8").read().split("\\n"),
)
'''
FILES = {"setup.py": SETUP, "pins/run.txt": "Flask==2.2.0\nFlask-Login==0.6.2\n"}


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_the_target_reads_the_list_setup_py_installs(tmp_path):
    _write(tmp_path, FILES)
    assert declared_target(str(tmp_path)) == ((2, 2), str(tmp_path / "pins/run.txt"))


def test_the_codemods_read_the_same_list():
    ctx = Context("till/views.py", read_file=ProjectReader(FILES, "till/views.py"))
    assert [str(s) for s in declared_specifiers(ctx, "flask-login")] == ["==0.6.2"]


@pytest.mark.parametrize(
    "install_requires, before, lists",
    [
        ('open("requirements/app.txt").read().splitlines()', "", ["requirements/app.txt"]),
        ("reqs", 'with open("r.txt", encoding="utf-8") as f:\n    reqs = f.read().strip().split("\\n")\n', ["r.txt"]),
        ("reqs", 'reqs = open("r.txt").readlines()\n', ["r.txt"]),
        # the file the block that assigns the name opened, not a later one under the same name
        ("reqs", 'with open("r.in") as f:\n    reqs = f.read().splitlines()\nwith open("VERSION") as f:\n    V = f.read()\n', ["r.in"]),
        ('(Path(__file__).parent / "r.txt").read_text().splitlines()', "from pathlib import Path\n", ["r.txt"]),
        # a filter may drop lines; a path not made from the script's folder; a mode that writes
        ('[line for line in open("r.txt") if "flask" not in line]', "", []),
        ('open(os.path.join(os.getcwd(), "r.txt")).read().splitlines()', "import os\n", []),
        ('open("r.txt", "w").read().splitlines()', "", []),
        ('open("../r.txt").read().splitlines()', "", []),
    ],
)
def test_only_a_plain_read_of_a_spelled_path_counts(install_requires, before, lists):
    text = f"from setuptools import setup\n{before}setup(install_requires={install_requires})\n"
    assert setup_read_lists(text) == lists


def test_each_text_is_parsed_once_and_one_without_install_requires_not_at_all(monkeypatch):
    """Every file of a project asks for its setup.py's lists (the target, the declared
    releases): the script is parsed once for all of them, with the same answer each time, and
    an answer handed out and changed by its caller changes no later answer."""
    import ast

    from flask_codemod.codemods import _setup_read_lists

    parses = []
    real_parse = ast.parse
    monkeypatch.setattr(_setup_read_lists.ast, "parse", lambda text, *a, **k: parses.append(text) or real_parse(text, *a, **k))
    _setup_read_lists._read_lists.cache_clear()
    first = setup_read_lists(SETUP)
    first.append("changed by the caller")
    assert [setup_read_lists(SETUP) for _ in range(3)] == [["pins/run.txt"]] * 3
    assert setup_read_lists("from setuptools import setup\nsetup(name='till')\n") == []
    assert parses == [SETUP]
