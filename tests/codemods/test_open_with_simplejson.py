"""open-with: simplejson's ``load`` and ``dump`` read or write the whole handle before they
return, as the json module (simplejson's stdlib copy) does (corpus28a, emfcamp-2018: its
``tasks/exportdb.py`` dumps each export with ``simplejson.dump(data, open(filename, 'w'))``,
reported as a handle the callee "may keep"). The rewritten export writes the same file and
reads it back, each handle closed when its function returns."""

from __future__ import annotations

import json
import sys
import types

from helpers import finding_messages, rewrite, run_codemods

EXPORT = """\
import simplejson


def export(data, filename):
    simplejson.dump(data, open(filename, 'w'), indent=4)


def read(filename):
    return simplejson.load(open(filename))
"""


def _simplejson_stub() -> types.ModuleType:
    # the installed package is not needed: its dump/load have json's signature and behaviour
    module = types.ModuleType("simplejson")
    module.dump = json.dump  # type: ignore[attr-defined]
    module.load = json.load  # type: ignore[attr-defined]
    return module


def test_the_export_and_the_read_are_rewritten_and_behave_the_same(tmp_path, monkeypatch):
    new = rewrite(EXPORT, "open-with")
    assert "with open(filename, 'w') as" in new and "with open(filename) as" in new
    monkeypatch.setitem(sys.modules, "simplejson", _simplejson_stub())
    namespace: dict = {}
    exec(compile(new, "export.py", "exec"), namespace)
    target = tmp_path / "public.json"
    namespace["export"]({"tickets": [1, 2]}, str(target))
    # written completely and closed when export returns, not when a collector gets to it
    assert json.loads(target.read_text()) == {"tickets": [1, 2]}
    assert namespace["read"](str(target)) == {"tickets": [1, 2]}


def test_no_finding_says_the_callee_may_keep_the_handle():
    result = run_codemods(EXPORT, "open-with")
    assert result.error is None, result.error
    assert not any("may keep it" in message for message in finding_messages(result))
