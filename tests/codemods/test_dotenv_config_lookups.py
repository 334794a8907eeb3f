"""dotenv-config reads its scopes through _lazy_scopes (a function's body analysed only when a
node in it is looked up): what its analysis finds, and whether a loader runs first, equal what
LibCST's scopes of the whole module give, on real code and on shapes its lookups meet."""

from __future__ import annotations

import ast
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._base import Context
from flask_codemod.codemods._dotenv_config_analysis import Collector
from flask_codemod.codemods._dotenv_config_project import ProjectView
from flask_codemod.codemods._dotenv_config_rewrite import has_loader_before
from flask_codemod.codemods._flask import qualified_names
from flask_codemod.codemods._lazy_scopes import LazyScopes, lazily_scoped
from flask_codemod.codemods.dotenv_config import DotenvConfig
from helpers import REPO, real_code

SOURCES = real_code("dotenv-config/*.before.py", legacy_app=True)

SHAPES = '''
import os
from dotenv import load_dotenv
from flask import Flask, Blueprint as B

load_dotenv()
app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-value-of-the-module"
app.secret_key = "another-secret-value-1234"
bp = B("bp", __name__)


def create_app(os_name="x"):
    inner = Flask(__name__)
    inner.config["SECRET_KEY"] = "factory-secret-value-5678"
    inner.config.update(DEBUG=True, DATABASE_URL="postgresql://u:pw@db/x")

    def later():
        inner.config["API_KEY"] = "nested-api-key-value-9012"
    return inner


def configure(app, os):
    app.config["SECRET_KEY"] = "parameter-app-value-3456"
    app.config["MAIL_PASSWORD"] = os.environ.get("X", "fallback-password")


def shadowing():
    os = None
    app.config["TOKEN"] = "shadowed-os-token-7890"
    app.config.from_mapping({"SECRET_KEY": "mapped-secret-value-1111"})


@app.route("/")
def index():
    value = compute("x")
    return value


class Config:
    SECRET_KEY = "class-secret-value-2222"

    def method(self):
        app.config["PASSWORD"] = "method-password-3333"


app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///local.db"
'''


def _collect(wrapper, path: str, code: str, tree: ast.Module | None):
    ctx = Context(path)
    ctx.codemod = DotenvConfig()
    analysis = Collector(wrapper, ctx, ProjectView(ctx, code), code, tree).collect()
    return analysis, [(finding.message, finding.line) for finding in ctx.findings]


def _sites(analysis, positions) -> list[tuple]:
    return [
        (site.key, site.context, site.qualifier, site.verdict, site.setting, site.line, site.scope_line, positions[site.value.node].start)
        for site in analysis.sites
    ]


def _check(source: str, path: str = "app.py") -> LazyScopes:
    module = cst.parse_module(source)
    full = MetadataWrapper(module, unsafe_skip_copy=True)
    full.resolve_many((QualifiedNameProvider, ScopeProvider, ParentNodeProvider))
    tree = ast.parse(source)
    lazy = lazily_scoped(_metadata.new_wrapper(module, unique=True), tree)
    scopes = lazy.resolve(ScopeProvider)
    assert isinstance(scopes, LazyScopes)
    positions = full.resolve(PositionProvider)
    (expected, reported), (found, said) = _collect(full, path, source, None), _collect(lazy, path, source, tree)
    assert said == reported
    assert _sites(found, positions) == _sites(expected, positions)
    assert (found.classes, found.star_imports) == (expected.classes, expected.star_imports)
    for site in expected.sites:  # a loader before each site, as the rewrite asks
        node = site.value.node
        assert has_loader_before(lazy, [node], qualified_names) == has_loader_before(full, [node], qualified_names)
    return scopes


def test_shapes():
    scopes = _check(SHAPES)
    left = {id(block) for block, _ in scopes._left_out.values()}
    functions = {s.name.value: s for s in scopes._wrapper.module.body if isinstance(s, cst.FunctionDef)}
    assert id(functions["index"].body) in left  # a view the lookups never look into: not analysed
    assert id(functions["configure"].body) not in left  # its app.config lookups analysed it


def test_shapes_in_a_config_module():
    _check(SHAPES, "config.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: os.path.relpath(p, REPO))
def test_real_code(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    _check(source, "config.py" if os.path.basename(path).startswith("config") else "app.py")
