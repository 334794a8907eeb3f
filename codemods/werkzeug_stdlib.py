"""werkzeug-stdlib: werkzeug.urls and safe_str_cmp, replaced by their standard-library forms."""

from __future__ import annotations

import ast

import libcst as cst

from . import _ast_facts
from ._base import Context
from ._flask_versions import LegacyForm, werkzeug_removal_reported
from ._upgrade_support import UpgradeCodemod
from ._werkzeug_stdlib_gate import may_rewrite, may_use_legacy
from ._werkzeug_stdlib_plan import LEGACY, TOP_LEVEL, URL_FUNCTIONS, Planner, release_removing

_WORDS = ("safe_str_cmp", *URL_FUNCTIONS)
_FIRST_REMOVAL = min(release_removing(name) for name in LEGACY.values())  # below it, only those are acted on


class WerkzeugStdlib(UpgradeCodemod):
    """Replace werkzeug.urls' URL helpers and safe_str_cmp with urllib.parse and hmac.

    Why: Werkzeug 3.0 removed the ``url_*`` functions of ``werkzeug.urls`` (deprecated in
    2.3: "use urllib.parse") and Werkzeug 2.1 removed ``werkzeug.security.safe_str_cmp``
    (use ``hmac.compare_digest``). An app that imports them stops with an ``ImportError``.
    The login view of the best-known Flask tutorial, copied into many apps, checks its
    ``next`` parameter with ``url_parse(next_page).netloc``.

    What it rewrites, only where the result is provably what the code reads:

    - ``url_parse(x).netloc`` -> ``urlsplit(x).netloc``, for a call with the URL as its only
      argument whose result is read only through ``.scheme``, ``.netloc``, ``.path``,
      ``.query`` or ``.fragment`` — directly, or through a name bound once to it and read only
      that way (the fields werkzeug's URL tuple shares with urlsplit's result) — and that sits
      in the body of a ``try`` of its own function whose handler catches ``ValueError`` (by
      name, or in a tuple): urlsplit raises ``ValueError`` for URLs url_parse read (below),
      and there the app already answers a malformed URL;
    - ``safe_str_cmp(a, b)`` -> ``hmac.compare_digest(a, b)`` when both arguments are evidently
      bytes (a bytes literal, ``x.encode(...)``, ``bytes(...)``) or both ASCII-only string
      literals: there the two functions agree. ``compare_digest`` raises ``TypeError`` for a
      str and a bytes, or for a non-ASCII str, which ``safe_str_cmp`` encoded to UTF-8 first.

    ``urlsplit`` is imported from ``urllib.parse`` and ``hmac`` is imported, each in the
    standard-library group of the imports (an existing import of either is reused); the
    werkzeug import goes when nothing uses it any more.

    Before::

        from flask import Flask, abort, redirect, request, url_for
        from werkzeug.urls import url_parse

        app = Flask(__name__)


        @app.route("/login", methods=["POST"])
        def login():
            next_page = request.args.get("next", "")
            try:
                if url_parse(next_page).netloc != "":
                    next_page = ""
            except ValueError:
                abort(400)
            return redirect(next_page or url_for("index"))

    After::

        from urllib.parse import urlsplit

        from flask import Flask, abort, redirect, request, url_for

        app = Flask(__name__)


        @app.route("/login", methods=["POST"])
        def login():
            next_page = request.args.get("next", "")
            try:
                if urlsplit(next_page).netloc != "":
                    next_page = ""
            except ValueError:
                abort(400)
            return redirect(next_page or url_for("index"))

    How the two differ (url_parse is the same from Werkzeug 0.15 to 2.3). ``urlsplit`` raises
    ``ValueError`` where ``url_parse`` returned parts: for a bracketed host that is not an IP
    address (``//[abc]/``, or brackets after other characters, ``//a[b]/``) on Python 3.11.4+
    and the security releases of 3.9 and 3.10, and for a non-ASCII host that NFKC-normalizes to
    one of ``/ ? # @ :``. Both raise for an unclosed bracket (``http://[bad/``). Without a
    handler, a client's malformed URL that the app answered turns into a 500: so the call is
    rewritten only where a handler catches ``ValueError``. Review: where neither raises,
    ``urlsplit`` reads a URL the way browsers do, and ``url_parse`` did not: it ignores
    leading spaces and control characters, drops tabs and newlines, and takes a scheme only
    when it starts with a letter, even before a port-like rest (``host:8080`` is a path to
    url_parse, scheme ``host`` and path ``8080`` to urlsplit); and ``url_parse(None)`` raised
    where ``urlsplit(None)`` gives empty bytes parts. For any URL without those quirks both give
    the same parts. With them, urlsplit's answer is what the browser will do: in a next-page
    check, ``"\\t//evil.example"`` — a relative path to url_parse, an external site to a browser
    — now counts as external, which closes an open redirect.

    Refused, with a finding that names the replacement (when the function is gone at the
    target version, or the target is a release nobody declared: the newest removed it): ``url_quote``, ``url_quote_plus`` and ``url_encode`` (the characters they
    leave unescaped differ from ``urllib.parse``'s, and Werkzeug 2.1 changed them), the
    unquoting and decoding functions (``url_decode`` returned a MultiDict), ``url_join``,
    ``url_unparse``, ``url_fix``, ``url_parse`` outside a handler of ``ValueError`` (the
    tutorial's ``url_parse(next_page).netloc`` check; the finding says why), any other use of
    ``url_parse``, ``safe_str_cmp`` with an
    argument whose type is not evident, and an import of one of them that nothing uses (the
    import fails by itself: remove it). Werkzeug's top-level forms (``from werkzeug import
    url_quote``) count too.

    Also refused, with a finding: ``url_parse`` in an app that may still run on Python 2,
    which has no ``urllib.parse`` — the target is a Flask before 2.0 (the first that requires
    Python 3) and the app imports a module only Python 2 has (``urlparse``, ``urllib2``,
    ``cPickle`` ...), in that module or any other of its application code, guarded or not,
    or has a module Python 3 cannot parse (one that names such a module, or has a statement
    only Python 2 has, ``print "..."``): what it imports cannot be read; or the project
    declares a Python 2 (``python_requires``, classifiers, ``runtime.txt``, the Pythons its
    ``.travis.yml`` or tox runs its tests on).

    Left alone: version-guarded code, and a shim that puts the project's own function back
    under the removed name (``werkzeug.security.safe_str_cmp = safe_str_cmp``, for a library
    that still reads it there): that assignment is the fix, not a use.
    """

    NAME = "werkzeug-stdlib"
    SUMMARY = "Replace werkzeug.urls.url_parse and safe_str_cmp with urllib.parse.urlsplit and hmac.compare_digest."
    SAFETY = "review"
    ORDER = 3
    CATALOGUE = (
        LegacyForm(
            "`werkzeug.urls.url_parse(x).netloc` (or `.scheme`, `.path`, `.query`, `.fragment`) in a `try` that catches `ValueError`",
            "`urllib.parse.urlsplit(x).netloc`", "Werkzeug 2.3", "Werkzeug 3.0", "review",
        ),
        LegacyForm(
            "`werkzeug.urls.url_quote`, `url_encode`, `url_unquote`, `url_decode`, `url_join`, ... (other uses, `url_parse` too)",
            "`urllib.parse.quote`, `urlencode`, `unquote`, `parse_qsl`, `urljoin`, ... (named in the finding)",
            "Werkzeug 2.3", "Werkzeug 3.0", "finding",
        ),
        LegacyForm(
            "`werkzeug.security.safe_str_cmp(a, b)` (both bytes, or both ASCII literals)", "`hmac.compare_digest(a, b)`",
            "Werkzeug 2.0", "Werkzeug 2.1", "safe",
        ),
        LegacyForm("`safe_str_cmp(a, b)` (other arguments)", "`hmac.compare_digest(a, b)` on bytes (named in the finding)",
                   "Werkzeug 2.0", "Werkzeug 2.1", "finding"),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """werkzeug and one of the legacy functions are spelled; never setup.py."""
        return "werkzeug" in source and any(word in source for word in _WORDS)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """The module imports werkzeug.urls or werkzeug.security (or a legacy function from
        werkzeug itself), or imports werkzeug and spells urls/security chains or a url function at
        its top level (``werkzeug.url_quote``); and it imports
        a legacy function by name, or refers to one other than as the target of an assignment
        (a shim putting the project's own function under the removed name is left alone): see
        ``_werkzeug_stdlib_gate``."""
        found = _ast_facts.facts(tree)
        if not found.imports("werkzeug"):
            return False
        top_level = {f"werkzeug.{name}" for name in (*TOP_LEVEL, "urls", "security")}
        if not (
            any(m.startswith(("werkzeug.urls", "werkzeug.security")) for m in found.modules)
            or any(targets & top_level for targets in found.bound.values())
            or found.attributes & {"urls", "security", *TOP_LEVEL}
        ):
            return False
        return may_use_legacy(tree, found, frozenset(_WORDS))

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """At a target whose Werkzeug still has every legacy function (before 2.1), nothing is
        reported: only a call the planner rewrites can change the module — ``url_parse(x)``
        (the URL alone) read through a field or bound to a name, and ``safe_str_cmp(a, b)``
        of two evident bytes or two ASCII str literals (``may_rewrite``). At a target nobody
        declared (a checkout, a system's package), what is not rewritten is reported: the newest
        releases removed it."""
        if werkzeug_removal_reported(ctx, _FIRST_REMOVAL):
            return True
        return may_rewrite(tree, _ast_facts.facts(tree))

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        return self.planned(Planner, module, ctx)
