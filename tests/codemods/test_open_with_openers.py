"""codemods/_open_with_openers.py's filter: a candidate call ``may_be_opener`` rules out (from
its spelling and the module's imports, without scopes) is one ``opener_of`` finds no opener
in with LibCST's scopes of the whole module; and a module all of whose candidate calls are
ruled out is left as it is, with no scope analysed."""

from __future__ import annotations

import os
import textwrap

import libcst as cst
import pytest
from libcst.metadata import ParentNodeProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._base import Context
from flask_codemod.codemods._open_with_index import index_module
from flask_codemod.codemods._open_with_openers import OpenerFinder, may_be_opener
from flask_codemod.codemods._open_with_tree import Tree
from helpers import real_code, transform_changed_tree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIBRARIES = os.path.dirname(os.path.dirname(cst.__file__))
SOURCES = real_code("open-with/*.before.py", legacy_app=True, modules=("codemods/_open_with_layout.py", "tool/engine.py")) + [
    os.path.join(LIBRARIES, *parts)
    for parts in (("flask", "app.py"), ("flask", "helpers.py"), ("werkzeug", "serving.py"), ("werkzeug", "utils.py"))
]

# calls spelled like openers: some are, some may be, some cannot be
SHAPES = '''
import gzip as g
import webbrowser
import tarfile
from pathlib import Path as P
from os import path
from zipfile import ZipFile as Z

def calls(self, name):
    webbrowser.open(name)
    self.client.open(name)
    self.open(name)
    path.open(name)
    os.open(name)
    P(name).open()
    Q(name).open()
    make()(name).open()
    g.open(name)
    tarfile.TarFile.open(name)
    Z(name)
    ZipFile(name)
    open(name)
    urlopen(name)
    db.connect(name).open()

class Store:
    def open(self, name):
        return self.open(name)
'''

# a module defining a class named like an opener's module: every spelling may name an opener
SHADOWING = '''
class gzip:
    def open(self):
        return self.open()

webbrowser.open("x")
'''


def _answers(source: str) -> list[tuple[bool, bool]]:
    """(may_be_opener, opener_of found one with the whole module's scopes) per candidate call."""
    module = cst.parse_module(source)
    full = _metadata.new_wrapper(module, unique=True)
    _metadata.resolve(full, (ScopeProvider, ParentNodeProvider))
    index = index_module(module)
    finder = OpenerFinder(Tree(full, full.resolve(ParentNodeProvider)), index)
    return [(may_be_opener(call, module), finder._resolved_opener(call) is not None) for call in index.calls]


def _check(source: str) -> list[tuple[bool, bool]]:
    answers = _answers(source)
    assert all(kept for kept, found in answers if found)
    return answers


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, ROOT) if p.startswith(ROOT) else os.path.basename(p))
def test_a_call_ruled_out_is_no_opener_on_real_code(path):
    with open(path, encoding="utf-8") as handle:
        _check(handle.read())


def test_a_call_ruled_out_is_no_opener_on_shapes():
    answers = _check(SHAPES)
    # P(name).open(), g.open(), tarfile.TarFile.open(), open(): openers, kept; the rest ruled out
    # (ZipFile and urlopen are not imported: no openers either)
    assert answers == [(True, True) if i in (5, 8, 9, 11) else (False, False) for i in range(15)]
    assert all(kept for kept, _ in _check(SHADOWING))


def test_a_module_whose_calls_are_all_ruled_out_is_left_alone_without_scopes(monkeypatch):
    from flask_codemod.codemods import _lazy_scopes

    scoped: list = []
    lazily_scoped = _lazy_scopes.lazily_scoped
    monkeypatch.setattr(_lazy_scopes, "lazily_scoped", lambda *args: scoped.append(args) or lazily_scoped(*args))
    source = textwrap.dedent('''
        import webbrowser

        def show(self, url):
            webbrowser.open(url)
            return self.client.open(url)
    ''')
    module = cst.parse_module(source)
    ctx = Context("app.py")
    assert transform_changed_tree("open-with", module, ctx, whole_module=False) is module
    assert not ctx.findings and not scoped
    # (a call that may be an opener: the analysis runs)
    opened = cst.parse_module(source + "    print(open(url).read())\n")
    assert transform_changed_tree("open-with", opened, Context("app.py"), whole_module=False) is not opened
    assert scoped
