"""json-encoding-arg: flask.json's encoding= argument, removed in Flask 2.1."""

from __future__ import annotations

import ast
import codecs

import libcst as cst

from . import _ast_facts
from ._base import Context
from ._flask_versions import LegacyForm, removal_reported
from ._node_edits import NodeEdits, apply_edits
from ._upgrade_support import UpgradeCodemod, nodes_of

LOADERS = frozenset({"flask.json.loads", "flask.json.load"})
DUMPERS = frozenset({"flask.json.dumps", "flask.json.dump"})
REMOVED_IN = (2, 1)  # deprecated in 2.0


class JsonEncodingArg(UpgradeCodemod):
    """Drop the encoding= argument of flask.json.loads and load, removed in Flask 2.1.

    Why: Flask 2.0 deprecated the ``encoding`` argument of ``flask.json``'s functions and
    Flask 2.1 removed it: ``flask.json.loads(data, encoding="utf-8")`` now ends in
    ``TypeError``. For the loaders it only said how to decode bytes input; today the JSON
    loader detects UTF-8, UTF-16 and UTF-32 itself.

    What it rewrites: ``encoding="utf-8"`` (any spelling of UTF-8, or ``encoding=None``) on a
    call to ``flask.json.loads`` or ``flask.json.load`` (``from flask import json`` included,
    resolved by qualified name) is removed. Every input the old call decoded, the new one
    decodes to the same value; bytes the old call rejected (a UTF-8 byte-order mark, UTF-16)
    are now accepted.

    Before::

        from flask import Flask, json, request

        app = Flask(__name__)


        @app.route("/orders", methods=["POST"])
        def create_order():
            data = json.loads(request.get_data(), encoding="utf-8")
            return {"items": len(data["items"])}

    After::

        from flask import Flask, json, request

        app = Flask(__name__)


        @app.route("/orders", methods=["POST"])
        def create_order():
            data = json.loads(request.get_data())
            return {"items": len(data["items"])}

    Refused, with a finding (when the argument is gone at the target version, or the target is a
    release nobody declared, a checkout or a system's package: the newest releases removed it): any other
    encoding (decode the bytes yourself: ``json.loads(raw.decode("latin-1"))``), an encoding
    that is not a literal, and ``encoding=`` on ``flask.json.dumps``/``dump`` (it turned the
    result into bytes: call ``.encode(...)`` on the result instead).

    Left alone: the standard library's ``json`` (a different function), version-guarded code.
    """

    NAME = "json-encoding-arg"
    SUMMARY = "Drop the encoding= argument of flask.json.loads and load (removed in Flask 2.1)."
    ORDER = 4
    LOCAL_REWRITES = True  # each call loses its own argument
    CATALOGUE = (
        LegacyForm("`flask.json.loads(s, encoding=\"utf-8\")`, `flask.json.load(fp, encoding=\"utf-8\")`",
                   "`flask.json.loads(s)`, `flask.json.load(fp)`", "Flask 2.0", "Flask 2.1", "safe"),
        LegacyForm("other `encoding=` values; `flask.json.dumps(obj, encoding=...)`",
                   "`loads(raw.decode(...))`; `dumps(obj).encode(...)`", "Flask 2.0", "Flask 2.1", "finding"),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """``encoding`` and ``json`` are spelled; never setup.py."""
        return "encoding" in source and "json" in source

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A call that may be one of flask.json's functions, with an encoding keyword."""
        facts = _ast_facts.facts(tree)
        wanted = LOADERS | DUMPERS
        return any(
            facts.qualified(call.func) & wanted and any(k.arg == "encoding" for k in call.keywords) for call in facts.calls
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        names = self.names(module, ctx)
        edits = NodeEdits()
        count = 0
        report = removal_reported(ctx, REMOVED_IN)
        for call in nodes_of(names.module, cst.Call):
            encoding = next((a for a in call.args if a.keyword is not None and a.keyword.value == "encoding"), None)
            wanted = encoding is not None and names.may_refer_to(call.func, LOADERS | DUMPERS, ("flask",))
            qualified = names.qualified(call.func) if wanted else set()
            if encoding is None or not qualified & (LOADERS | DUMPERS) or names.guarded(call):
                continue
            function = next(iter(qualified & (LOADERS | DUMPERS))).rsplit(".", 1)[-1]
            if qualified & DUMPERS:
                if report:
                    ctx.finding(call, f"flask.json.{function}'s encoding= was removed in Flask 2.1: it returned bytes; "
                                "drop it and encode the result yourself (.encode(...))")
                continue
            if not _is_utf8(encoding.value):
                if report:
                    ctx.finding(call, f"flask.json.{function}'s encoding= was removed in Flask 2.1: not dropped, as it is not "
                                "UTF-8 here; decode the bytes yourself and pass the text")
                continue
            edits.remove(encoding)
            count += 1
        if edits.empty:
            return module
        ctx.rewrote(count)
        return apply_edits(names.wrapper, edits, ctx)



def _is_utf8(value: cst.BaseExpression) -> bool:
    """``None`` or a string literal naming UTF-8 (``"utf-8"``, ``"UTF8"``, ``"utf_8"`` ...)."""
    if isinstance(value, cst.Name) and value.value == "None":
        return True
    if not isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
        return False
    text = value.evaluated_value
    if not isinstance(text, str):
        return False
    try:
        return codecs.lookup(text).name == "utf-8"
    except LookupError:
        return False
