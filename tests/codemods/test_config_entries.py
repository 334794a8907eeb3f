"""codemods/_config_entries.py: every place that sets a configuration key, found without
looking up the callee of a call that passes none of the keys as a keyword."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._config_entries import config_containers

SOURCE = '''
from flask import Flask

app = Flask(__name__)
app.config.update(SQLALCHEMY_POOL_SIZE=5, DEBUG=True)
settings = dict(SQLALCHEMY_POOL_SIZE=3)
other = make(SQLALCHEMY_POOL_SIZE=4)


def view():
    return dict(name="x", size=len("y"))
'''


def _containers(source: str, keys):
    wrapper = _metadata.new_wrapper(cst.parse_module(source), unique=True)
    _metadata.resolve(wrapper, (_metadata.QualifiedNameProvider, _metadata.ParentNodeProvider))
    found = config_containers(wrapper, keys)
    return wrapper, [(c.kind, [e.key for e in c.entries]) for c in found]


def test_calls_passing_a_key_are_entries_whatever_the_callee_of_the_others():
    wrapper, found = _containers(SOURCE, ["SQLALCHEMY_POOL_SIZE"])
    assert found == [("keywords", ["SQLALCHEMY_POOL_SIZE"]), ("keywords", ["SQLALCHEMY_POOL_SIZE"])]
    assert ScopeProvider in wrapper._metadata  # dict(SQLALCHEMY_POOL_SIZE=3) was looked up


def test_no_call_passing_a_key_needs_no_scopes():
    wrapper, found = _containers(SOURCE, ["SECRET_KEY"])
    assert found == []
    assert ScopeProvider not in wrapper._metadata
