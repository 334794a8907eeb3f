"""json-provider: Flask 2.2's JSON provider instead of the JSON config keys and encoder classes."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._ast_facts import facts
from ._base import Context, metadata_value
from ._config_entries import config_containers
from ._flask import FlaskIndex
from ._flask_versions import LegacyForm, available
from ._json_provider_config import ATTRIBUTES, JsonConfigPlanner
from ._json_provider_encoder import FLASK_DECODERS, FLASK_ENCODERS, EncoderPlanner
from ._node_edits import NodeEdits, apply_edits
from ._upgrade_support import NAMES_METADATA, UpgradeCodemod
from ._version_guards import is_guarded

PROVIDER_SINCE = (2, 2)
TRIGGERS = (*ATTRIBUTES, "json_encoder", "json_decoder", "JSONEncoder", "JSONDecoder")
_KEYS = frozenset(ATTRIBUTES)
_INSTALLED = frozenset({"json_encoder", "json_decoder"})


class JsonProvider(UpgradeCodemod):
    """Move JSON settings to the app's JSON provider (``app.json``), and encoder classes to a
    ``DefaultJSONProvider`` subclass.

    Why: Flask 2.2 moved JSON behaviour to ``app.json``, a ``JSONProvider``, and deprecated
    the config keys ``JSON_SORT_KEYS``, ``JSON_AS_ASCII``, ``JSONIFY_PRETTYPRINT_REGULAR`` and
    ``JSONIFY_MIMETYPE``, ``app.json_encoder``/``json_decoder`` and
    ``flask.json.JSONEncoder``/``JSONDecoder``; Flask 2.3 removed them. The keys fail
    *silently*: ``app.config["JSON_SORT_KEYS"] = False`` still runs, but responses come out
    with sorted keys again, non-ASCII text escaped, and so on. The encoder classes fail
    loudly (ImportError, or an encoder that is never used).

    What it rewrites (target Flask 2.2 or newer, where ``app.json`` exists):

    - ``JSON_SORT_KEYS`` → ``app.json.sort_keys``, ``JSON_AS_ASCII`` →
      ``app.json.ensure_ascii``, ``JSONIFY_MIMETYPE`` → ``app.json.mimetype``, same value.
    - ``JSONIFY_PRETTYPRINT_REGULAR = True`` → ``app.json.compact = False``. The meaning is
      inverted, and debug mode matters: the old key pretty-printed ``jsonify`` output when it
      was True *or* the app was in debug mode; ``compact = None`` (the default) pretty-prints
      in debug mode only, ``False`` always. So ``False`` → nothing (the line goes: the default
      already means exactly that), ``True`` → ``compact = False``, anything else → a finding.
    - where the key is set: ``app.config["KEY"] = value`` (replaced in place),
      ``app.config.update(KEY=value)`` / ``update({...})`` / ``from_mapping(...)`` (the key
      leaves the call, the attribute follows the statement), and a config class loaded by
      ``app.config.from_object(Config)`` in the same module, used nowhere else, with literal
      values (the attribute follows the ``from_object`` line). The app must be created in the
      same block (module level or the factory); an ``app.config[...]`` line, replaced in
      place, may also sit in an ``if`` of that block.
    - *review*: a ``flask.json.JSONEncoder`` subclass whose only member is ``default(self,
      o)``, installed with ``app.json_encoder = MyEncoder`` and used nowhere else → a
      ``flask.json.provider.DefaultJSONProvider`` subclass with a static ``default(o)``
      (falling back on ``DefaultJSONProvider.default(o)``, which handles the same types the
      old encoder did), installed with ``app.json = MyProvider(app)``.

    Before::

        from flask import Flask
        from flask.json import JSONEncoder


        class CustomJSONEncoder(JSONEncoder):
            def default(self, o):
                if isinstance(o, set):
                    return sorted(o)
                return super().default(o)


        app = Flask(__name__)
        app.json_encoder = CustomJSONEncoder
        app.config["JSON_SORT_KEYS"] = False

    After::

        from flask import Flask
        from flask.json.provider import DefaultJSONProvider


        class CustomJSONProvider(DefaultJSONProvider):
            @staticmethod
            def default(o):
                if isinstance(o, set):
                    return sorted(o)
                return DefaultJSONProvider.default(o)


        app = Flask(__name__)
        app.json = CustomJSONProvider(app)
        app.json.sort_keys = False

    Findings: keys set where no app is in sight (a settings module, a config class loaded
    elsewhere or by a name chosen at run time: "set app.json.sort_keys = ... where the app is
    created"), keys the app's config loaded later (``from_pyfile``, ``from_envvar`` ...) may
    set too (that value won up to 2.2; the attribute would win from 2.3 on), keys read from
    ``app.config`` (a KeyError since 2.3), a module that replaces
    ``app.json`` itself, encoders that do more than ``default`` (or use ``self``), are
    installed on a blueprint, by a Flask subclass of the project (``self.json_encoder = E``, a
    ``json_encoder`` attribute or method: its ``json_provider_class`` takes the provider) or
    imported from elsewhere, and every ``json_decoder`` /
    ``JSONDecoder`` (override the provider's ``loads`` by hand). For a target older than
    Flask 2.2 everything is reported, nothing rewritten. Version-guarded code stays as it is.
    """

    NAME = "json-provider"
    SUMMARY = "Move JSON_* config keys to app.json attributes and JSONEncoder subclasses to a DefaultJSONProvider."
    SAFETY = "review"
    ORDER = 8
    CATALOGUE = (
        LegacyForm("`JSON_SORT_KEYS`", "`app.json.sort_keys`", "Flask 2.2", "Flask 2.3", "safe", PROVIDER_SINCE),
        LegacyForm("`JSON_AS_ASCII`", "`app.json.ensure_ascii`", "Flask 2.2", "Flask 2.3", "safe", PROVIDER_SINCE),
        LegacyForm("`JSONIFY_MIMETYPE`", "`app.json.mimetype`", "Flask 2.2", "Flask 2.3", "safe", PROVIDER_SINCE),
        LegacyForm(
            "`JSONIFY_PRETTYPRINT_REGULAR = True`", "`app.json.compact = False`", "Flask 2.2", "Flask 2.3", "safe",
            PROVIDER_SINCE,
        ),
        LegacyForm(
            "`app.json_encoder = E`, `flask.json.JSONEncoder` subclasses",
            "a `flask.json.provider.DefaultJSONProvider` subclass; `app.json = P(app)`",
            "Flask 2.2",
            "Flask 2.3",
            "review",
            PROVIDER_SINCE,
        ),
        LegacyForm(
            "`app.json_decoder = D`, `flask.json.JSONDecoder` subclasses",
            "`DefaultJSONProvider.loads` overridden",
            "Flask 2.2",
            "Flask 2.3",
            "finding",
        ),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        return any(word in source for word in TRIGGERS)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """One of the JSON config keys set (``JSON_SORT_KEYS`` ...), an
        ``X.json_encoder``/``json_decoder`` attribute, or a class of the module extending
        ``flask.json.JSONEncoder``/``JSONDecoder`` (not the standard library's ``json``
        classes)."""
        found = facts(tree)
        if not found.attributes.isdisjoint(_INSTALLED) or found.sets_key(_KEYS):
            return True
        legacy = FLASK_ENCODERS | FLASK_DECODERS
        return any(
            not found.qualified(base).isdisjoint(legacy)
            for statement in tree.body
            if type(statement) is ast.ClassDef
            for base in statement.bases
        )

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        wrapper = ctx.metadata(module, NAMES_METADATA)
        parent = lambda node: metadata_value(wrapper, ParentNodeProvider, node)  # noqa: E731
        edits = NodeEdits()
        index = FlaskIndex.build(wrapper)
        rewrite = available(ctx, PROVIDER_SINCE)
        containers = [
            c
            for c in config_containers(wrapper, ATTRIBUTES)
            if not any(is_guarded(e.node, parent) for e in c.entries)
        ]
        count = JsonConfigPlanner(wrapper, ctx, edits, index).plan(containers, rewrite)
        count += EncoderPlanner(wrapper, ctx, edits, index).plan(rewrite)
        if edits.empty:
            return module
        ctx.rewrote(count)
        return apply_edits(wrapper, edits, ctx)
