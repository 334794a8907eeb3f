"""A fixture counting the standard library's parses of each text, for the tests that check a
project question parses a module only where it may hold what it asks, and at most once."""

from __future__ import annotations

import ast

import pytest

from flask_codemod.codemods import _parsed_modules, _project_memo


@pytest.fixture
def parses(monkeypatch):
    """Text -> how many times the standard library parsed it, from a clean start."""
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    counted: dict[str, int] = {}
    real_parse = ast.parse

    def counting(text, *args, **kwargs):
        if isinstance(text, str):
            counted[text] = counted.get(text, 0) + 1
        return real_parse(text, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    yield counted
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
