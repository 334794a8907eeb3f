"""moved-imports' knowledge: where each legacy name lives now, and from which release.

Sources: the changelogs of Flask, Werkzeug and Jinja (CHANGES.rst; Jinja's decorators:
``_moved_imports_jinja``), and Werkzeug 0.16's
``werkzeug/__init__.py`` for the top-level names and their submodules; a name's removal from
its submodule was read off each Werkzeug release's sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._flask_versions import (
    WERKZEUG_FOR_FLASK, Removal, Version, available, format_version, left_at_unknown_target, removed, target,
    target_unknown, werkzeug_at_least,
)
from ._moved_imports_extensions import flaskext_only
from ._moved_imports_jinja import JINJA_PASS_MOVES, JINJA_PASS_SINCE, jinja_pass_missing
from ._names import FLASK_EXT, flask_ext_module  # noqa: F401 (FLASK_EXT: for _moved_imports_gate)
from ._moved_imports_markupsafe import markupsafe_missing
from ._moved_imports_werkzeug_installed import werkzeug_may_be

if TYPE_CHECKING:
    from ._base import Context

# Werkzeug's top-level names, deprecated in 0.16 and removed in 1.0, by the submodule that
# defines them (``from werkzeug import secure_filename`` -> ``werkzeug.utils``).
WERKZEUG_SUBMODULES: dict[str, tuple[str, ...]] = {
    "werkzeug.datastructures": (
        "Accept", "Authorization", "CallbackDict", "CharsetAccept", "CombinedMultiDict", "EnvironHeaders", "ETags",
        "FileMultiDict", "FileStorage", "Headers", "HeaderSet", "ImmutableDict", "ImmutableList", "ImmutableMultiDict",
        "ImmutableOrderedMultiDict", "ImmutableTypeConversionDict", "LanguageAccept", "MIMEAccept", "MultiDict",
        "OrderedMultiDict", "RequestCacheControl", "ResponseCacheControl", "TypeConversionDict", "WWWAuthenticate",
    ),
    "werkzeug.debug": ("DebuggedApplication",),
    "werkzeug.exceptions": ("abort", "Aborter"),
    "werkzeug.formparser": ("parse_form_data",),
    "werkzeug.http": (
        "cookie_date", "dump_cookie", "dump_header", "dump_options_header", "generate_etag", "http_date",
        "HTTP_STATUS_CODES", "is_entity_header", "is_hop_by_hop_header", "is_resource_modified",
        "parse_accept_header", "parse_authorization_header", "parse_cache_control_header", "parse_cookie",
        "parse_date", "parse_dict_header", "parse_etags", "parse_list_header", "parse_options_header",
        "parse_set_header", "parse_www_authenticate_header", "quote_etag", "quote_header_value",
        "remove_entity_headers", "remove_hop_by_hop_headers", "unquote_etag", "unquote_header_value",
    ),
    "werkzeug.local": ("Local", "LocalManager", "LocalProxy", "LocalStack", "release_local"),
    "werkzeug.middleware.dispatcher": ("DispatcherMiddleware",),
    "werkzeug.middleware.shared_data": ("SharedDataMiddleware",),
    "werkzeug.security": ("check_password_hash", "generate_password_hash"),
    "werkzeug.test": ("create_environ", "EnvironBuilder", "run_wsgi_app"),
    "werkzeug.testapp": ("test_app",),
    "werkzeug.urls": (
        "Href", "iri_to_uri", "uri_to_iri", "url_decode", "url_encode", "url_fix", "url_quote", "url_quote_plus",
        "url_unquote", "url_unquote_plus",
    ),
    "werkzeug.useragents": ("UserAgent",),
    "werkzeug.utils": (
        "append_slash_redirect", "ArgumentValidationError", "bind_arguments", "cached_property", "environ_property",
        "escape", "find_modules", "format_string", "header_property", "html", "HTMLBuilder", "import_string",
        "redirect", "secure_filename", "unescape", "validate_arguments", "xhtml",
    ),
    "werkzeug.wrappers": (
        "AcceptMixin", "AuthorizationMixin", "BaseRequest", "BaseResponse", "CommonRequestDescriptorsMixin",
        "CommonResponseDescriptorsMixin", "ETagRequestMixin", "ETagResponseMixin", "ResponseStreamMixin",
        "UserAgentMixin", "WWWAuthenticateMixin",
    ),
    "werkzeug.wsgi": (
        "ClosingIterator", "extract_path_info", "FileWrapper", "get_current_url", "get_host", "LimitedStream",
        "make_line_iter", "peek_path_info", "pop_path_info", "responder", "wrap_file",
    ),
}

# Top-level names whose submodule dropped them later too: (Werkzeug release, what replaces it).
# (werkzeug.urls' url_* functions are werkzeug-stdlib's: it rewrites or reports them.)
_MIXINS = "the mixins were merged into Request and Response: subclass those"
REMOVED_LATER: dict[str, tuple[Version, str]] = {
    "cookie_date": ((2, 1), "use werkzeug.http.http_date (note: it formats the date with spaces, not dashes)"),
    "Href": ((2, 1), "build URLs with flask.url_for or urllib.parse.urlencode"),
    "UserAgent": ((2, 1), "werkzeug.user_agent.UserAgent no longer parses: use a parser such as ua-parser"),
    "ArgumentValidationError": ((2, 1), "use inspect.signature(...).bind"),
    "bind_arguments": ((2, 1), "use inspect.signature(...).bind"),
    "validate_arguments": ((2, 1), "use inspect.signature(...).bind"),
    "format_string": ((2, 1), "use string.Template"),
    "escape": ((2, 1), "use markupsafe.escape (it returns Markup and also escapes single quotes)"),
    "unescape": ((2, 1), "use html.unescape"),
    "html": ((2, 1), "build HTML with a template or markupsafe"),
    "xhtml": ((2, 1), "build HTML with a template or markupsafe"),
    "HTMLBuilder": ((2, 1), "build HTML with a template or markupsafe"),
    "AcceptMixin": ((2, 1), _MIXINS),
    "AuthorizationMixin": ((2, 1), _MIXINS),
    "WWWAuthenticateMixin": ((2, 1), _MIXINS),
    "CommonRequestDescriptorsMixin": ((2, 1), _MIXINS),
    "CommonResponseDescriptorsMixin": ((2, 1), _MIXINS),
    "ETagRequestMixin": ((2, 1), _MIXINS),
    "ETagResponseMixin": ((2, 1), _MIXINS),
    "ResponseStreamMixin": ((2, 1), _MIXINS),
    "UserAgentMixin": ((2, 1), _MIXINS),
    "extract_path_info": ((2, 3), "read request.path (or environ['PATH_INFO']) instead"),
    "peek_path_info": ((2, 3), "split request.path (or environ['PATH_INFO']) instead"),
    "pop_path_info": ((2, 3), "split environ['PATH_INFO'] and move the part to SCRIPT_NAME yourself"),
    "make_line_iter": ((3, 0), "iterate over the stream's lines (io.BufferedReader.readline)"),
    "parse_authorization_header": ((3, 0), "use werkzeug.datastructures.Authorization.from_header"),
    "parse_www_authenticate_header": ((3, 0), "use werkzeug.datastructures.WWWAuthenticate.from_header"),
}
URL_FUNCTIONS_REMOVED_IN: Version = (3, 0)  # werkzeug.urls' url_* functions (werkzeug-stdlib's)
_URL_FUNCTIONS = frozenset(n for n in WERKZEUG_SUBMODULES["werkzeug.urls"] if n.startswith("url_"))

# Werkzeug 0.15 moved these; the old places were removed in 1.0. The new forms exist from
# Werkzeug 0.15, so from Flask 1.1 (which requires it).
MIDDLEWARE_SINCE: Version = (1, 1)


@dataclass(frozen=True)
class Move:
    """``old`` (a qualified name) now lives at ``new``, which exists from Flask ``since`` (and,
    where ``jinja``, from that Jinja release: ``_moved_imports_jinja``)."""

    new: str
    since: Version = (0, 0)
    jinja: Version | None = None


MOVES: dict[str, Move] = {
    "werkzeug.contrib.fixers.ProxyFix": Move("werkzeug.middleware.proxy_fix.ProxyFix", MIDDLEWARE_SINCE),
    "werkzeug.contrib.profiler.ProfilerMiddleware": Move("werkzeug.middleware.profiler.ProfilerMiddleware", MIDDLEWARE_SINCE),
    "werkzeug.contrib.lint.LintMiddleware": Move("werkzeug.middleware.lint.LintMiddleware", MIDDLEWARE_SINCE),
    "werkzeug.wsgi.DispatcherMiddleware": Move("werkzeug.middleware.dispatcher.DispatcherMiddleware", MIDDLEWARE_SINCE),
    "werkzeug.wsgi.SharedDataMiddleware": Move("werkzeug.middleware.shared_data.SharedDataMiddleware", MIDDLEWARE_SINCE),
    "werkzeug.wsgi.ProxyMiddleware": Move("werkzeug.middleware.http_proxy.ProxyMiddleware", MIDDLEWARE_SINCE),
    # Flask re-exported MarkupSafe's objects (through Jinja before 2.0): the very same objects
    "flask.escape": Move("markupsafe.escape"),
    "flask.Markup": Move("markupsafe.Markup"),
    "jinja2.escape": Move("markupsafe.escape"),
    "jinja2.Markup": Move("markupsafe.Markup"),
    "jinja2.utils.escape": Move("markupsafe.escape"),
    "jinja2.utils.Markup": Move("markupsafe.Markup"),
    # Werkzeug 2.0 merged the mixins into Request/Response; BaseRequest/BaseResponse became
    # deprecated aliases that isinstance() checks answer like Request/Response
    "werkzeug.wrappers.BaseRequest": Move("werkzeug.wrappers.Request", (2, 0)),
    "werkzeug.wrappers.BaseResponse": Move("werkzeug.wrappers.Response", (2, 0)),
    "werkzeug.wrappers.base_request.BaseRequest": Move("werkzeug.wrappers.Request", (2, 0)),
    "werkzeug.wrappers.base_response.BaseResponse": Move("werkzeug.wrappers.Response", (2, 0)),
    # flask.safe_join raised NotFound where werkzeug's returns None: the call gets `or abort(404)`
    "flask.safe_join": Move("werkzeug.utils.safe_join", (2, 0)),
    "flask.helpers.safe_join": Move("werkzeug.utils.safe_join", (2, 0)),
}
SAFE_JOIN = "werkzeug.utils.safe_join"
for _old, _new in JINJA_PASS_MOVES.items():
    MOVES[_old] = Move(_new, jinja=JINJA_PASS_SINCE)
for _module, _names in WERKZEUG_SUBMODULES.items():
    for _name in _names:
        _since = MIDDLEWARE_SINCE if _module.startswith("werkzeug.middleware.") else (0, 0)
        MOVES[f"werkzeug.{_name}"] = Move(f"{_module}.{_name}", _since)

# Removed modules: (Werkzeug release, what replaces them). A name in them that MOVES knows is
# rewritten; anything else is reported.
REMOVED_MODULES: dict[str, tuple[Version, str]] = {
    "werkzeug.contrib.cache": ((1, 0), "use the cachelib package (from cachelib import SimpleCache, ...) or Flask-Caching"),
    "werkzeug.contrib.securecookie": ((1, 0), "use the secure-cookie package (secure_cookie.cookie) or Flask's session"),
    "werkzeug.contrib.sessions": ((1, 0), "use the secure-cookie package (secure_cookie.session) or Flask's session"),
    "werkzeug.contrib.fixers": ((1, 0), "only ProxyFix lives on (werkzeug.middleware.proxy_fix); the other fixers have no replacement"),
    "werkzeug.contrib.profiler": ((1, 0), "use werkzeug.middleware.profiler.ProfilerMiddleware (MergeStream: use the tee command)"),
    "werkzeug.contrib.lint": ((1, 0), "use werkzeug.middleware.lint.LintMiddleware"),
    "werkzeug.contrib.wrappers": ((1, 0), "Request and Response have JSON support built in (get_json, is_json)"),
    "werkzeug.contrib.atom": ((1, 0), "use a dedicated feed library"),
    "werkzeug.contrib.iterio": ((1, 0), "no replacement"),
    # removed already in 0.15, when the rest of werkzeug.contrib was deprecated
    "werkzeug.contrib.jsrouting": ((0, 15), "no replacement: build the URLs with url_for where the page or the JSON is rendered"),
    "werkzeug.contrib.limiter": ((0, 15), "no replacement: let the WSGI server bound request bodies (or wrap the input in werkzeug.wsgi.LimitedStream)"),
    "werkzeug.contrib.testtools": ((0, 15), "use the test client's responses (werkzeug.test.Client, Flask's app.test_client())"),
    "werkzeug.contrib": ((1, 0), "see the Werkzeug 0.15 changelog for each module's replacement"),
    "werkzeug.useragents": ((2, 1), "werkzeug.user_agent.UserAgent no longer parses: use a parser such as ua-parser"),
}

# The same names at their submodule (werkzeug.utils.escape), where code written after 0.16 (or
# importing the submodule) spells them: gone from there in the same release, with the same hint.
REMOVED_FROM_SUBMODULE: dict[str, tuple[Version, str]] = {
    MOVES[f"werkzeug.{_name}"].new: _removal
    for _name, _removal in REMOVED_LATER.items()
    if MOVES[f"werkzeug.{_name}"].new.rpartition(".")[0] not in REMOVED_MODULES  # werkzeug.useragents: reported as a module
}

# Werkzeug 0.15 deprecated the werkzeug.contrib modules it did not remove (its changelog): what
# moved out has a new home from then; a name left behind in an import the codemod rewrites is
# reported, with what replaces it where its module's hint does not say (``stays_behind``).
CONTRIB = "werkzeug.contrib"
CONTRIB_DEPRECATED_IN: Version = (0, 15)
NO_NEW_HOME: dict[str, str] = {
    "werkzeug.contrib.profiler.MergeStream": "write to each stream from an object of your own whose write() does so",
}

# Flask modules removed with nothing that replaces them: (Flask release, what to use). Neither
# was public; code written beside Flask-Script or for flask.ext imported them (session 33).
REMOVED_FLASK_MODULES: dict[str, tuple[Version, str]] = {
    "flask.exthook": ((1, 0), "the import hook behind flask.ext, removed with it: import each extension from its own package (flask_sqlalchemy)"),
    "flask._compat": ((2, 0), "Flask's own Python 2 compatibility helpers: use Python 3's str, bytes and dict methods, or six"),
}

# Flask names removed with nothing that replaces them exactly: (Flask release, what to use).
REMOVED_FLASK_NAMES: dict[str, tuple[Version, str]] = {
    "flask.helpers.locked_cached_property": (
        (3, 0),
        "use functools.cached_property, with a lock of your own where the value must be computed only once "
        "across threads (cached_property takes no lock)",
    ),
}

# the first part of every name with a destination (MOVES, REMOVED_MODULES, REMOVED_FLASK_NAMES, FLASK_EXT)
ROOTS = ("flask", "werkzeug", "jinja2")

# ProxyFix's num_proxies= (deprecated in Werkzeug 0.15, removed in 1.0) is x_for=.
PROXY_FIX = "werkzeug.middleware.proxy_fix.ProxyFix"


def removed_module(qualified: str) -> tuple[str, Version, str] | None:
    """(module, Werkzeug release, replacement) when ``qualified`` lies in a removed module."""
    for module, (release, hint) in REMOVED_MODULES.items():
        if qualified == module or qualified.startswith(module + "."):
            return module, release, hint
    return None


def module_removed(ctx: Context, gone: tuple[str, Version, str]) -> str | None:
    """The finding for a module of ``removed_module``'s (module, release, what replaces it)
    where the Werkzeug the project runs may lack it: its target Flask requires a release
    without it, or a fresh install may get one (``_moved_imports_werkzeug_installed``); None otherwise."""
    module, release, hint = gone
    said = f"{module} was removed in Werkzeug {format_version(release)}: {hint}"
    if werkzeug_at_least(ctx, release):
        return said
    if target_unknown(ctx):  # the system's Flask, or a checkout: its Werkzeug is no release the tool knows
        return None
    why = werkzeug_may_be(ctx, release)
    return f"{said} ({why})" if why is not None else None


def removed_flask_module(qualified: str) -> tuple[str, Version, str] | None:
    """(module, Flask release, replacement) when ``qualified`` lies in a removed Flask module."""
    for module, (release, hint) in REMOVED_FLASK_MODULES.items():
        if qualified == module or qualified.startswith(module + "."):
            return module, release, hint
    return None


def stays_behind(source: str, names: list[str]) -> str | None:
    """The finding for ``names`` of ``source``, a deprecated werkzeug.contrib module, that stay
    in an import whose other names moved (``MergeStream`` beside ``ProfilerMiddleware``); None
    for another module."""
    gone = removed_module(source)
    if not names or gone is None or not source.startswith(CONTRIB + "."):
        return None
    module, release, hint = gone
    hints = [NO_NEW_HOME[f"{source}.{name}"] for name in names if f"{source}.{name}" in NO_NEW_HOME]
    return (
        f"{', '.join(names)} {'stays' if len(names) == 1 else 'stay'} in {module}, deprecated since Werkzeug "
        f"{format_version(CONTRIB_DEPRECATED_IN)} and removed in Werkzeug {format_version(release)}, with no new home: "
        + ("; ".join(hints) if hints else hint)
    )


def destination(ctx: Context, qualified: str) -> tuple[str, str] | None:
    """Where ``qualified`` goes at the target version: ("move", new qualified name), ("report",
    why) when it is gone there and nothing replaces it mechanically, ("deprecated", why) when
    it lies in a werkzeug.contrib module the target's Werkzeug still has but deprecates (it
    warns on import; 1.0 removes it), ("left", why) when the target is a release nobody
    declared and the name is gone from the newest ones (left, and reported), or None."""
    ext = flask_ext_module(qualified)
    if ext is not None:
        why = flaskext_only(ctx, qualified)
        return ("report", why) if why is not None else ("move", ext)
    name = qualified[len("werkzeug.") :] if qualified.startswith("werkzeug.") else ""
    if name in _URL_FUNCTIONS and werkzeug_at_least(ctx, URL_FUNCTIONS_REMOVED_IN):
        return None  # gone from werkzeug.urls too: werkzeug-stdlib rewrites or reports it
    dropped = REMOVED_FROM_SUBMODULE.get(qualified)
    if dropped is not None and werkzeug_at_least(ctx, dropped[0]):
        return "report", f"{qualified} was removed in Werkzeug {format_version(dropped[0])}: {dropped[1]}"
    if removed_later(qualified):
        release, hint = REMOVED_LATER[name]
        if werkzeug_at_least(ctx, release):
            where = MOVES[qualified].new.rpartition(".")[0]
            return "report", (
                f"werkzeug.{name} moved to {where} in Werkzeug 0.16 and was removed from there in "
                f"Werkzeug {format_version(release)}: {hint}"
            )
    if qualified in REMOVED_FLASK_NAMES:
        release, hint = REMOVED_FLASK_NAMES[qualified]
        if not removed(ctx, release):
            return _left(ctx, qualified)
        return "report", f"{qualified} was removed in Flask {format_version(release)}: {hint}"
    flask_module = removed_flask_module(qualified)
    if flask_module is not None:
        module, release, hint = flask_module
        if not removed(ctx, release):
            return _left(ctx, qualified)
        return "report", f"{module} was removed in Flask {format_version(release)}: {hint}"
    current = qualified
    while current in MOVES and available(ctx, MOVES[current].since):
        move = MOVES[current]
        missing = jinja_pass_missing(ctx, current, move.new) if move.jinja is not None else None
        if missing is not None:
            return "report", missing
        current = move.new
    if current != qualified:
        why = markupsafe_missing(ctx, qualified, current) if current.startswith("markupsafe.") else None
        return ("report", why) if why is not None else ("move", current)
    gone = removed_module(qualified)
    if gone is not None and qualified in MOVES:  # a new home the target cannot be shown to have
        gone = (gone[0], gone[1], _held_back(ctx, qualified))
    said = module_removed(ctx, gone) if gone is not None else None
    if said is not None:
        return "report", said
    if gone is not None and gone[0].split(".")[:2] == CONTRIB.split(".") and werkzeug_at_least(ctx, CONTRIB_DEPRECATED_IN):
        hint = NO_NEW_HOME.get(qualified, gone[2])
        return "deprecated", (
            f"{gone[0]} is deprecated since Werkzeug {format_version(CONTRIB_DEPRECATED_IN)} (importing it warns) and "
            f"removed in Werkzeug {format_version(gone[1])}: {hint}"
        )
    return _left(ctx, qualified)


def removed_later(qualified: str) -> bool:
    """Whether ``qualified`` is a top-level Werkzeug name (``werkzeug.cookie_date``) that moved
    into its submodule in Werkzeug 0.16 and was removed from there later (``REMOVED_LATER``)."""
    name = qualified[len("werkzeug.") :] if qualified.startswith("werkzeug.") else ""
    return name in REMOVED_LATER and "." not in name


def _held_back(ctx: Context, qualified: str) -> str:
    """Why ``qualified``, which has a new home from a Flask (and so a Werkzeug) release later than
    the target, is not moved there: where it lives on, from which release, and that the target
    allows an older one (ProxyFix at Flask 1.0, which accepts Werkzeug 0.14)."""
    move = MOVES[qualified]
    name = qualified.rpartition(".")[2]
    werkzeug = WERKZEUG_FOR_FLASK.get(move.since)
    since = f"Werkzeug {format_version(werkzeug)} (which Flask {format_version(move.since)} requires)" if werkzeug else (
        f"Flask {format_version(move.since)}"
    )
    return (
        f"{name} lives on as {move.new} from {since}, but the target Flask {format_version(target(ctx))} allows an older "
        f"Werkzeug without it, so the import is not rewritten: import it from there once the project requires that release"
    )


def removal_of(qualified: str) -> tuple[str, Removal, str] | None:
    """(the removed form, the release that removed it, what replaces it) for a legacy name
    (a removed Flask name, a name in a removed module, a moved name); None for another."""
    if qualified in REMOVED_FLASK_NAMES:
        release, hint = REMOVED_FLASK_NAMES[qualified]
        return qualified, Removal("Flask", release), hint
    flask_module = removed_flask_module(qualified)
    if flask_module is not None:
        return flask_module[0], Removal("Flask", flask_module[1]), flask_module[2]
    gone = removed_module(qualified)
    if gone is not None:
        return gone[0], Removal("Werkzeug", gone[1]), gone[2]
    dropped = REMOVED_FROM_SUBMODULE.get(qualified)
    if dropped is not None:
        return qualified, Removal("Werkzeug", dropped[0]), dropped[1]
    move = MOVES.get(qualified)
    if move is None:
        return None
    instead = f"use {move.new}"
    if qualified.startswith("jinja2."):
        return qualified, Removal("Jinja", (3, 1)), instead
    if qualified.startswith("flask."):  # safe_join in 2.1, escape and Markup in 3.0
        return qualified, Removal("Flask", (2, 1) if qualified.endswith(".safe_join") else (3, 0)), instead
    if qualified.startswith("werkzeug.wrappers."):  # BaseRequest, BaseResponse
        return qualified, Removal("Werkzeug", (2, 1)), instead
    return qualified, Removal("Werkzeug", (1, 0)), instead  # the top-level names, werkzeug.wsgi's middleware


def _left(ctx: Context, qualified: str) -> tuple[str, str] | None:
    """("left", why) at a target nobody declared, for a legacy name the newest releases no
    longer have (_flask_versions.left_at_unknown_target); else None."""
    found = removal_of(qualified)
    if found is None:
        return None
    old, removal, instead = found
    why = left_at_unknown_target(ctx, old, removal, instead)
    return ("left", why) if why is not None else None
