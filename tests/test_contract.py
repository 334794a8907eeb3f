"""The codemod contract, checked for every codemod the registry finds."""

from __future__ import annotations

import ast
import glob
import os
import re

import pytest

from flask_codemod.codemods import Codemod, all_codemods
from flask_codemod.codemods._base import SAFETY_LEVELS
from helpers import REPO

CODEMODS = all_codemods()
CODEMOD_DIR = os.path.join(REPO, "codemods")


def _ids(cls: type[Codemod]) -> str:
    return cls.NAME


def test_registry_finds_one_codemod_per_public_module():
    modules = sorted(
        os.path.basename(p)[:-3]
        for p in glob.glob(os.path.join(CODEMOD_DIR, "*.py"))
        if not os.path.basename(p).startswith("_")
    )
    assert sorted(c.__module__.rsplit(".", 1)[-1] for c in CODEMODS) == modules


def test_names_are_unique_and_match_their_module():
    names = [c.NAME for c in CODEMODS]
    assert len(names) == len(set(names))
    for cls in CODEMODS:
        assert cls.__module__.rsplit(".", 1)[-1] == cls.NAME.replace("-", "_")


@pytest.mark.parametrize("cls", CODEMODS, ids=_ids)
def test_codemod_is_documented(cls: type[Codemod]) -> None:
    """Like django-upgrade: a codemod without documentation fails the build."""
    assert cls.SAFETY in SAFETY_LEVELS
    assert cls.SUMMARY and cls.SUMMARY.endswith(".")
    doc = cls.documentation()
    assert len(doc.split()) >= 40, "the docstring is the user documentation: say what, why, and what it refuses"
    assert "before" in doc.lower() or "->" in doc or "→" in doc, "the docstring needs a before/after example"
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert f"### {cls.NAME}" in readme, f"README.md needs a section '### {cls.NAME}'"
    for option in cls.OPTIONS:
        assert option in doc, f"option {option!r} is not described in the docstring"


def _module_sources():
    for path in sorted(glob.glob(os.path.join(CODEMOD_DIR, "*.py"))):
        with open(path, encoding="utf-8") as handle:
            yield path, ast.parse(handle.read(), path)


def test_codemods_are_pure():
    """Nothing in codemods/ imports from the tool, opens a file or prints."""
    forbidden_calls = {"open", "print", "input", "exec", "eval"}
    forbidden_modules = re.compile(r"^(flask_codemod(?!\.codemods)|tool|os|sys|io|pathlib|shutil|subprocess|tempfile)(\.|$)")
    for path, tree in _module_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not forbidden_modules.match(alias.name), f"{path}: imports {alias.name}"
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 0 and module == "sys":
                    harmless = {"stdlib_module_names", "version_info"}
                    assert {a.name for a in node.names} <= harmless, f"{path}: imports from sys"
                elif node.level == 0:
                    assert not forbidden_modules.match(module), f"{path}: imports from {module}"
                else:
                    assert not module.startswith("tool"), f"{path}: imports from the tool"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden_calls, f"{path}:{node.lineno}: calls {node.func.id}()"
            elif isinstance(node, ast.Attribute) and node.attr in ("read_text", "read_bytes", "write_text", "write_bytes"):
                raise AssertionError(f"{path}:{node.lineno}: file access via .{node.attr}")


def test_engine_order_is_fixed():
    orders = [(c.ORDER, c.NAME) for c in CODEMODS]
    assert orders == sorted(orders)
