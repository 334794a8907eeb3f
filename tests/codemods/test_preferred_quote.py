"""``preferred_quote`` gives the same quote from a parent index's nodes (no visit of the tree)
as from its own visit, on real code and where the order of the config keys decides."""

from __future__ import annotations

import os

import libcst as cst
import pytest
from libcst.metadata import ParentNodeProvider

from flask_codemod.codemods import _metadata
from flask_codemod.codemods._quote_style import preferred_quote
from helpers import all_nodes, real_code

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = real_code(legacy_app=True)
MIXED = [
    "app.config['A'] = 1\napp.config[\"B\"] = 2\nx = \"y\"\n",
    "app.config[\"B\"] = 2\napp.config['A'] = 1\nx = 'y'\n",
    "def f():\n    return config[\"K\"]\napp.config['A'] = config['Z']\n",
    "x = ['a', 'b', \"c\"]\n",
    "x = [\"a\", 'b']\n",
    "x = '''a''' + \"b\"\n",
    "x = 1\n",
]


def _texts():
    for path in SOURCES:
        with open(path, encoding="utf-8") as handle:
            yield pytest.param(handle.read(), id=os.path.relpath(path, ROOT))
    for number, text in enumerate(MIXED):
        yield pytest.param(text, id=f"mixed-{number}")


@pytest.mark.parametrize("text", list(_texts()))
def test_the_same_quote_from_the_parent_index_as_from_a_visit(text):
    module = cst.parse_module(text)
    wrapper = _metadata.new_wrapper(module, unique=True)
    assert _metadata.every_node(wrapper) is None  # not resolved yet
    _metadata.resolve(wrapper, (ParentNodeProvider,))
    nodes = _metadata.every_node(wrapper)
    assert {id(node) for node in nodes} == {id(node) for node in all_nodes(module) if node is not module}
    assert preferred_quote(module, nodes) == preferred_quote(module)


def test_the_first_config_key_decides_when_they_use_both_quotes():
    for text, quote in ((MIXED[0], "'"), (MIXED[1], '"'), (MIXED[2], '"')):
        wrapper = _metadata.new_wrapper(cst.parse_module(text), unique=True)
        _metadata.resolve(wrapper, (ParentNodeProvider,))
        assert preferred_quote(wrapper.module, _metadata.every_node(wrapper)) == quote


# Lando's landoapi/bmo.py: the first config key sits inside a double-quoted f-string, where
# (before Python 3.12) it can only be written with the other quote; the module's own keys and
# strings are double-quoted.
BMO = '''\
import requests
from flask import current_app


def bmo_request(method, path, *args, headers=None, **kwargs):
    url = f"{current_app.config['BUGZILLA_URL']}/rest/{path}"
    common_headers = {"User-Agent": "Lando-API"}
    if headers:
        common_headers.update(headers)
    common_headers["X-Bugzilla-API-Key"] = current_app.config["BUGZILLA_API_KEY"]
    return requests.request(method, url, *args, headers=common_headers, **kwargs)
'''


def test_a_key_or_string_inside_an_f_string_does_not_choose_the_quote():
    for text in (BMO, "x = f\"{d['a']}\" + f\"{d['b']}\" + \"c\"\n"):
        module = cst.parse_module(text)
        wrapper = _metadata.new_wrapper(module, unique=True)
        _metadata.resolve(wrapper, (ParentNodeProvider,))
        assert preferred_quote(module) == '"'
        assert preferred_quote(wrapper.module, _metadata.every_node(wrapper)) == '"'


def test_http_timeouts_setdefault_is_written_in_the_modules_quote():
    from helpers import rewrite

    assert "kwargs.setdefault(\"timeout\", 60)" in rewrite(BMO, "http-timeout")
