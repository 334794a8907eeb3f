"""Fixtures counting the standard library's parses of each text, for the tests that check a
project question parses a module only where it may hold what it asks, and at most once, and
watching the trees parsed, for those that check it never holds many at once."""

from __future__ import annotations

import ast
import gc
import weakref

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


class TreesAlive:
    """The standard library's trees of modules, each watched from its parse: how many were
    parsed (``parsed``) and the most alive at once, counted at each parse after a collection
    (``most``)."""

    def __init__(self, monkeypatch) -> None:
        self._monkeypatch = monkeypatch
        self._real_parse = ast.parse
        self._alive: list[weakref.ref] = []
        self.most = 0
        monkeypatch.setattr(_parsed_modules._PYTHON_TREES, "chars", 1)  # the memo keeps one tree
        monkeypatch.setattr(ast, "parse", self._parse)

    @property
    def parsed(self) -> int:
        return len(self._alive)

    def stop(self) -> None:
        """Parse as before, unwatched (the memo's budget stays one tree)."""
        self._monkeypatch.setattr(ast, "parse", self._real_parse)

    def _parse(self, text, *args, **kwargs):
        tree = self._real_parse(text, *args, **kwargs)
        if isinstance(tree, ast.Module):
            self._alive.append(weakref.ref(tree))
        gc.collect()
        self.most = max(self.most, sum(1 for ref in self._alive if ref() is not None))
        return tree


@pytest.fixture
def trees_alive(monkeypatch):
    """A ``TreesAlive`` watching every parse, from a clean start, with a memo keeping one tree
    (``_parsed_modules``): a project question that holds no more trees than the memo keeps
    leaves few alive at once, one holding every module's many."""
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    yield TreesAlive(monkeypatch)
    _parsed_modules.forget()
    _project_memo.forget_every_memo()


@pytest.fixture
def fresh():
    """A clean start and end: no tree, fact or project answer kept from another test."""
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    yield
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
