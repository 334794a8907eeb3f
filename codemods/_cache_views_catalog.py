"""What cache-views knows about the code a view calls: the tables, and nothing else.

A view is cached only when every call in it (and in the helpers it calls) is known here to
be read-only and deterministic, so this module is an allow-list first: ``PURE_CALLS`` and
``PURE_MODULES`` (functions whose result depends only on their arguments and on files
shipped with the app), method names that are safe on values the view made itself, and the
read-only methods of database queries. Everything else is refused; ``NAMED_REASONS`` only
gives the common refusals a reason a user recognises (per-user state, time, effects).

Each refusal is a ``Problem`` with a category; the codemod sums up the common categories in
one finding per module and reports the specific ones per view.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# -- categories of reasons -------------------------------------------------------------------
USER = "user"  # per-user state: login, session, current_user, g, cookies, flashed messages
REQUEST = "request"  # reads the request beyond its URL
DATA = "data"  # reads the database (cached only with the data-views option)
SERVICE = "service"  # calls an outside service
EFFECT = "effect"  # writes, commits, sends, logs in or out, schedules
CHANGING = "changing"  # time, randomness, state other code changes
UNKNOWN = "unknown"  # calls code not known to be read-only and deterministic
RESPONSE = "response"  # redirects, files, streams
ENDPOINT = "endpoint"  # health, status, ping, metrics, result and poll endpoints
SPECIFIC = "specific"  # a reason that belongs to one view: reported on that view
SETUP = "setup"  # the view could be cached, but the module cannot reach the app's cache
HELD = "held"  # calls a pure function the codemod does not cache on yet (HELD_PURE_CALLS): nothing said

# the reasons that settle it: the page differs per caller or over time, or the view acts, or
# its callers want the state of now. No reviewer has anything to decide, so nothing is said
# (the other reasons are open questions: a finding when the view looks worth caching)
SETTLED = frozenset({USER, REQUEST, EFFECT, CHANGING, RESPONSE, ENDPOINT})


@dataclass(frozen=True)
class Problem:
    """Why a view is left uncached. ``text`` completes "view f() left uncached: ..."."""

    category: str
    text: str

    def through(self, how: str) -> "Problem":
        """The same problem reached through a helper: ``how`` is "calls f() (line 3), which"."""
        return Problem(self.category, chain(f"{how} {self.text}"))


def chain(text: str) -> str:
    """A long chain of helpers keeps its first hops and the reason at its end."""
    parts = text.split(", which ")
    if len(parts) > 4:
        last = parts[-1].removeprefix("(through more helpers) ")
        parts = parts[:3] + ["(through more helpers) " + last]
    return ", which ".join(parts)


DATA_HINT = "freshness is a product decision (set cache-views.data-views = true to cache the read-only pages)"
DATA_OFF = f"reads the database: {DATA_HINT}"  # a page: data-views = true caches it
DATA_NOT_PAGE = "reads the database and answers data, not a page: scripts fetch such answers right after a change"
PER_USER = "the page differs per user"
PER_REQUEST = "the page differs per request"
SKIPPED = "a cached page would skip it"

_SESSION = (USER, f"reads session: {PER_USER}")
_G = (USER, "reads g: the page depends on per-request state")
_FLASHED = (USER, f"shows flashed messages: {PER_USER}")
_FLASH = (EFFECT, "flashes a message, which writes to the user's session")
_CURRENT_USER = (USER, f"reads current_user: {PER_USER}")
_LOGIN = (USER, "uses {short}: the page depends on who is logged in")
_LOG_IN_OR_OUT = (EFFECT, f"logs the user in or out ({{short}}): {SKIPPED}")
_STREAM = (RESPONSE, "streams its response ({short}): a stream cannot be cached")
_FILE = (RESPONSE, "sends a file ({short}): file responses are never cached")
_REDIRECT = (RESPONSE, "answers with a redirect: nothing to gain, and its target may depend on the caller")
_CONTEXT = (REQUEST, "depends on the request context ({short})")
_CHANGES = (CHANGING, "uses {short}: the page would change with every request")
_OUTSIDE = (SERVICE, "calls an outside service ({short}): its answer can change at any time")
_WRITES = (EFFECT, f"calls {{short}}, which changes things outside the view: {SKIPPED}")
_TRANSLATES = (USER, "translates text ({short}): the language may differ per user")

# qualified-name prefix -> (category, reason); the first matching prefix wins, so the specific
# ones come before the general ({short}: the last two parts of the name found)
NAMED_REASONS: tuple[tuple[str, tuple[str, str]], ...] = (
    *((p, _SESSION) for p in ("flask.session", "flask.globals.session")),
    *((p, _G) for p in ("flask.g", "flask.globals.g")),
    *((p, _FLASHED) for p in ("flask.get_flashed_messages", "flask.helpers.get_flashed_messages")),
    *((p, _FLASH) for p in ("flask.flash", "flask.helpers.flash")),
    *((p, _CURRENT_USER) for p in ("flask_login.current_user", "flask_login.utils.current_user")),
    *((f"flask_login.{n}", _LOG_IN_OR_OUT)
      for n in ("login_user", "logout_user", "utils.login_user", "utils.logout_user")),
    *((p, _LOGIN) for p in ("flask_login", "flask_security", "flask_principal", "flask_jwt_extended", "flask_jwt",
                            "flask_httpauth", "flask_user", "flask_praetorian", "flask_dance", "authlib")),
    *((p, _TRANSLATES) for p in ("flask_babel", "flask_babelex")),
    ("flask_wtf", (USER, "uses {short}: its forms carry a per-user CSRF token")),
    ("wtforms", (USER, "builds a form ({short}): forms read the request and carry a CSRF token")),
    *((p, _STREAM) for p in ("flask.stream_with_context", "flask.helpers.stream_with_context", "flask.stream_template",
                             "flask.stream_template_string", "flask.templating.stream_template",
                             "flask.templating.stream_template_string")),
    *((p, _FILE) for p in ("flask.send_file", "flask.send_from_directory", "flask.helpers.send_file",
                           "flask.helpers.send_from_directory", "werkzeug.utils.send_file",
                           "werkzeug.utils.send_from_directory", "werkzeug.wsgi.FileWrapper",
                           "werkzeug.wsgi.wrap_file")),
    *((p, _REDIRECT)
      for p in ("flask.redirect", "flask.helpers.redirect", "werkzeug.utils.redirect", "werkzeug.redirect")),
    *((p, (EFFECT, f"changes its response after the request (after_this_request): {SKIPPED}"))
      for p in ("flask.after_this_request", "flask.ctx.after_this_request")),
    *((p, _CONTEXT) for p in ("flask.copy_current_request_context", "flask.ctx.copy_current_request_context",
                              "flask.has_request_context", "flask.ctx.has_request_context", "flask.request_ctx",
                              "flask.globals.request_ctx", "flask._request_ctx_stack",
                              "flask.globals._request_ctx_stack")),
    *((p, _CHANGES) for p in ("datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
                              "datetime.date.today", "time.time", "time.time_ns", "time.monotonic",
                              "time.monotonic_ns", "time.perf_counter", "time.perf_counter_ns", "time.process_time",
                              "time.localtime", "time.gmtime", "time.ctime", "time.asctime", "time.strftime",
                              "random", "uuid", "secrets", "numpy.random", "os.urandom", "os.getrandom", "arrow.now",
                              "arrow.utcnow", "pendulum.now", "pendulum.today", "flask_moment",
                              *(f"{m}.func.{f}" for m in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression")
                                for f in ("random", "rand", "now", "current_timestamp", "current_date",
                                          "current_time", "localtime", "localtimestamp", "sysdate")))),
    *((p, (CHANGING, "reads the serving host's name ({short}): the page differs per server, which a shared cache "
                     "would hide")) for p in ("socket.gethostname", "platform.node", "os.uname")),
    *((p, _OUTSIDE) for p in ("requests", "httpx", "urllib.request", "urllib3", "http.client", "aiohttp", "socket",
                              "redis", "pymongo", "boto3", "botocore", "elasticsearch", "ldap", "ldap3", "paramiko",
                              "docker", "kubernetes", "feedparser", "dns", "ftplib", "xmlrpc.client")),
    *((p, _WRITES) for p in ("subprocess", "shutil", "smtplib", "flask_mail", "flask_socketio", "celery", "rq",
                             "threading", "multiprocessing", "signal", "atexit", "os.system", "os.popen", "os.remove",
                             "os.unlink", "os.rename", "os.replace", "os.makedirs", "os.mkdir", "os.rmdir", "os.kill",
                             "os.chmod", "os.chown", "os.putenv", "os.environ.update", "os.environ.setdefault",
                             "os.environ.pop", "builtins.print", "builtins.input", "builtins.setattr",
                             "builtins.delattr", "sys.exit", "builtins.exit", "builtins.quit")),
    *((p, (UNKNOWN, "runs code with exec/eval, which the codemod cannot see into"))
      for p in ("builtins.exec", "builtins.eval", "builtins.compile", "builtins.__import__",
                "importlib.import_module")),
)

# the request: attributes the URL alone decides (the cache key is the URL); ``args`` is keyed
# by the query string; these others are per user
REQUEST_NAMES = ("flask.request", "flask.globals.request")
PATH_ATTRIBUTES = frozenset({"path", "script_root", "url_rule", "view_args", "endpoint", "blueprint", "blueprints"})
QUERY_ATTRIBUTES = frozenset({"args", "full_path", "query_string"})
USER_REQUEST_ATTRIBUTES = frozenset({"cookies", "headers", "authorization", "remote_addr", "remote_user",
                                     "user_agent", "access_route", "accept_languages", "accept_mimetypes"})
HOST_ATTRIBUTES = frozenset({"base_url", "url", "url_root", "host_url", "host", "scheme"})

# -- the allow-list --------------------------------------------------------------------------
_BUILTINS = """abs all any ascii bin bool bytes callable chr dict divmod enumerate filter float format frozenset
getattr hasattr hex int isinstance issubclass iter len list map max min object oct ord pow range repr
reversed round set slice sorted str sum tuple type zip bytearray staticmethod classmethod property super
NotImplemented""".split()
PURE_CALLS = frozenset(
    [f"builtins.{name}" for name in _BUILTINS]
    + """flask.jsonify flask.json.jsonify flask.json.dumps flask.json.loads flask.json.htmlsafe_dumps flask.abort
    flask.helpers.abort flask.Markup flask.escape flask.make_response flask.helpers.make_response
    werkzeug.exceptions.abort werkzeug.utils.secure_filename werkzeug.security.safe_join werkzeug.utils.safe_join
    flask.safe_join flask.helpers.safe_join
    json.dumps json.loads json.load os.path.join os.path.dirname os.path.basename os.path.abspath os.path.normpath
    os.path.splitext os.path.split os.path.realpath os.path.relpath os.path.isabs os.fspath os.getenv os.environ.get
    datetime.datetime datetime.date datetime.time datetime.timedelta
    datetime.datetime.strptime datetime.datetime.fromisoformat datetime.date.fromisoformat
    datetime.datetime.fromtimestamp datetime.datetime.combine io.StringIO io.BytesIO csv.reader csv.DictReader
    yaml.safe_load yaml.safe_load_all markdown.markdown markdown.Markdown mistune.markdown mistune.create_markdown
    mistune.html docutils.core.publish_parts pygments.highlight pygments.lexers.get_lexer_by_name
    pygments.lexers.guess_lexer pygments.formatters.HtmlFormatter bleach.clean bleach.linkify
    sqlalchemy.select sqlalchemy.text sqlalchemy.and_ sqlalchemy.or_ sqlalchemy.not_ sqlalchemy.desc sqlalchemy.asc
    sqlalchemy.case sqlalchemy.literal sqlalchemy.column sqlalchemy.func sqlalchemy.sql.select sqlalchemy.sql.text
    sqlalchemy.sql.func sqlalchemy.sql.expression.select sqlalchemy.sql.expression.text""".split()
)
# Pure too, but known only to keep the codemod from blaming them: a view they alone hold back
# is left uncached as before, without a word (caching it is a change not yet reviewed on real
# code). six's names for the builtins of Python 2 and 3; a library's pure function that a
# module of the project re-exports (``from .models import sa``, ``sa.desc()``) is held alike.
HELD_PURE_CALLS = frozenset(
    """six.moves.range six.moves.xrange six.moves.map six.moves.filter six.moves.zip six.moves.zip_longest
    six.moves.reduce six.text_type six.binary_type six.iteritems six.iterkeys six.itervalues six.ensure_str
    six.ensure_text six.ensure_binary""".split()
)
# modules whose every function is pure (a prefix match)
PURE_MODULES = ("math", "cmath", "re", "string", "textwrap", "html", "operator", "itertools", "functools",
                "collections", "decimal", "fractions", "statistics", "base64", "binascii", "hashlib", "hmac",
                "urllib.parse", "posixpath", "ntpath", "unicodedata", "markupsafe", "copy", "bisect", "enum",
                "dataclasses", "typing", "calendar", "colorsys", "difflib", "keyword", "numbers", "zlib",
                "sqlalchemy.func", "sqlalchemy.sql.func", "sqlalchemy.sql.expression.func", "sqlalchemy.sql.functions",
                "flask.json")
# work worth caching: a call of these makes a view "cost something"
COSTLY_PREFIXES = ("json.load", "yaml.", "csv.", "markdown.", "mistune.", "docutils.", "pygments.", "bleach.",
                   "difflib.", "re.", "builtins.sorted", "flask.json.loads", "json.loads", "hashlib.")
OPEN_CALLS = ("builtins.open", "io.open", "codecs.open")
RENDER_TEMPLATE = ("flask.render_template", "flask.templating.render_template")
RENDER_TEMPLATE_STRING = ("flask.render_template_string", "flask.templating.render_template_string")
URL_FOR = ("flask.url_for", "flask.helpers.url_for")
# Flask-Themes (flaskext.themes, flask_themes) and Flask-Themes2: a render of the template of the
# theme it is given, from the theme's own folder; which theme, and so which file, is the app's
# choice at run time (often per user), and the codemod does not read that lookup
THEME_RENDERS = tuple(
    f"{module}.render_theme_template" for module in ("flask_themes", "flask_themes2", "flaskext.themes", "flask.ext.themes", "flask.ext.themes2")
)
THEME_RENDER = (
    "renders through Flask-Themes ({code}): the theme it is given, which the app may pick per request or per user, "
    "decides which template file renders, and the codemod does not read that lookup"
)
RESPONSE_CLASSES = ("flask.Response", "flask.wrappers.Response", "werkzeug.Response", "werkzeug.wrappers.Response",
                    "werkzeug.wrappers.response.Response")
APP_NAMES = ("flask.current_app", "flask.globals.current_app")
APP_CLASSES = ("flask.Flask", "flask.Blueprint", "flask.app.Flask", "flask.blueprints.Blueprint")
DATABASE_CLASSES = ("flask_sqlalchemy.SQLAlchemy", "flask.ext.sqlalchemy.SQLAlchemy", "flask_sqlalchemy")
CONNECT_CALLS = ("sqlite3.connect", "sqlite3.dbapi2.connect", "psycopg2.connect", "pymysql.connect",
                 "MySQLdb.connect", "mysql.connector.connect")
CACHE_CLASSES = {"flask_caching.Cache": "flask_caching", "flask_cache.Cache": "flask_cache",
                 "flask.ext.cache.Cache": "flask_cache", "flask_caching": "flask_caching"}

# calls that make a new container, which the code may then fill, or a new response, whose
# status and headers the code may then set (the response is the view's own, no outside state)
FRESH_CALLS = frozenset(
    [f"builtins.{name}" for name in ("list", "dict", "set", "frozenset", "tuple", "sorted", "bytearray")]
    + """collections.defaultdict collections.OrderedDict collections.Counter collections.deque copy.copy
    copy.deepcopy io.StringIO io.BytesIO flask.jsonify flask.json.jsonify flask.make_response
    flask.helpers.make_response""".split()
    + list(RESPONSE_CLASSES)
)
# methods that only read (or build a new value) on values the view made itself, strings included
VALUE_METHODS = frozenset(
    """capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha
    isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower
    lstrip partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines
    startswith strip swapcase title translate upper zfill decode hex get keys values items copy isoformat
    strftime date time timestamp total_seconds weekday isoweekday replace astimezone most_common
    group groups groupdict span start end findall finditer match search sub fullmatch getvalue convert
    render to_dict""".split()
)
# methods that change the container they are called on: fine on one the function made itself
CONTAINER_METHODS = frozenset(
    "append extend insert pop remove clear sort reverse update setdefault add discard popitem write writerow".split()
)
FILE_METHODS = frozenset("read readline readlines seek tell close fileno readable __enter__ __exit__".split())
# database reads: query building and fetching
QUERY_METHODS = frozenset(
    """all first one one_or_none scalar scalars scalar_one scalar_one_or_none count get get_or_404 first_or_404
    one_or_404 paginate filter filter_by order_by limit offset join outerjoin options group_by having distinct
    with_entities subquery exists slice select_from add_columns union where execution_options correlate label cte
    fetchall fetchone fetchmany mappings unique cursor close query scalar_subquery with_parent params
    items iter_pages has_next has_prev next_num prev_num""".split()
)
# SQL expression builders on a model's columns
COLUMN_METHODS = frozenset(
    """desc asc like ilike in_ notin_ not_in is_ is_not isnot contains startswith endswith between label op
    match any_ all_ distinct collate cast nullsfirst nullslast""".split()
)
# the first word of a method or function name that says it writes (whatever it is called on)
WRITE_VERBS = frozenset(
    """commit flush rollback save send sendall sendmail emit publish write writelines upsert create drop truncate
    store persist post put patch increment decrement incr incrby decr decrby setex hset hmset hincrby lpush rpush
    sadd zadd srem lrem expire enqueue delay notify upload unlink rename mkdir makedirs rmdir touch kill bulk
    executemany executescript writerow writerows writeheader delete insert update remove add set log logout login
    register schedule reconnect connect disconnect reset clear refresh sync apply_async trigger start stop run
    invalidate purge reload restart shutdown""".split()
)

# views whose name or URL says the caller wants the state of now
ENDPOINT_WORDS = frozenset(
    """health healthz healthcheck status ping pong metrics heartbeat alive liveness readiness ready live poll
    polling result results progress task tasks job jobs state count counts counter unread notifications
    notification badge stats statistics latest feed stream events""".split()
)
# decorators whose names say authentication or permission
AUTH_WORDS = frozenset(
    """login logged auth authenticated authenticate authorize authorized authorization permission permissions perm
    perms role roles admin token jwt required requires principal user users identity privileged staff superuser""".split()
)
# decorators whose names say a rate limit: no login (every caller gets the same page), but
# a cached page may be served without the limit counting the request, which is the project's call
RATE_LIMIT_WORDS = frozenset("limiter limit limits ratelimit throttle throttled".split())
CACHE_DECORATOR_METHODS = ("cached", "memoize")
# base classes whose construction runs no code of interest
PURE_BASES = frozenset(
    ["builtins.object", "builtins.Exception", "builtins.ValueError", "builtins.KeyError", "builtins.dict",
     "builtins.list", "builtins.str", "builtins.int", "builtins.tuple", "typing.NamedTuple", "typing.TypedDict",
     "enum.Enum", "enum.IntEnum", "collections.namedtuple", "abc.ABC"]
)
# a path from the root, a drive or a home folder: the host's or the deploy's file, not the app's
OUTSIDE_APP = re.compile(r"/|~|[A-Za-z]:[\\/]")
# file names of data a running app writes: never "files shipped with the app"
RUNTIME_FILE = re.compile(
    r"\.(log|db|sqlite3?|pid|lock|tmp|pickle|pkl|shelve)$|(^|/)(uploads?|tmp|cache)/", re.IGNORECASE
)


def words(name: str) -> list[str]:
    """``getCurrentUser`` / ``get_current_user`` -> ["get", "current", "user"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w.lower() for w in spaced.split("_") if w]


def endpoint_word(name: str, rule: str | None) -> str | None:
    """The word of ``ENDPOINT_WORDS`` a view's name says, else the first part of its URL
    ``rule`` that says one (the parts between characters other than letters, digits and
    ``_``: ``/api/<int:job_id>`` says ``job``): the view's callers want the state of now."""
    for part in [name] + re.split(r"[^A-Za-z0-9_]+", rule or ""):
        hit = set(words(part)) & ENDPOINT_WORDS
        if hit:
            return sorted(hit)[0]
    return None


def says_login(spelled: str | None, vocabulary: frozenset[str] = AUTH_WORDS) -> bool:
    """A decorator spelled ``spelled`` (``auth.login_required``) has a word of ``vocabulary``."""
    return bool(spelled) and bool(set(words(spelled.rsplit(".", 1)[-1])) & vocabulary)  # type: ignore[union-attr]


def short_name(qualified: str) -> str:
    parts = qualified.split(".")
    return ".".join(parts[-2:]) if len(parts) > 1 else qualified


# a prefix of NAMED_REASONS -> its first place there (the first prefix that matches wins)
_REASON_PLACE: dict[str, int] = {}
for _place, (_prefix, _) in enumerate(NAMED_REASONS):
    _REASON_PLACE.setdefault(_prefix, _place)


@functools.lru_cache(maxsize=4096)
def named_reason(qualified: str) -> Problem | None:
    """The refusal a reference to ``qualified`` means, if the catalogue names one: that of
    the first prefix of NAMED_REASONS that is ``qualified`` or ends where a dot of it is."""
    places = [_REASON_PLACE.get(qualified)]
    dot = qualified.find(".")
    while dot >= 0:
        places.append(_REASON_PLACE.get(qualified[:dot]))
        dot = qualified.find(".", dot + 1)
    found = [place for place in places if place is not None]
    if not found:
        return None
    prefix, (category, reason) = NAMED_REASONS[min(found)]
    # "datetime.datetime.now.isoformat" -> "datetime.now"; "random.randint" stays
    kept = ".".join(qualified.split(".")[: max(len(prefix.split(".")), 2)])
    return Problem(category, reason.format(short=short_name(kept)))


def is_pure(qualified: str) -> bool:
    return qualified in PURE_CALLS or any(qualified.startswith(m + ".") for m in PURE_MODULES)


def judged_by_name(qualified: str) -> bool:
    """Whether the scan judges a call of ``qualified`` by that name alone, before it asks what
    the callee is (``CallRules._call``): by a rule of its own (``judged_by_a_rule``) or as a
    pure function. Only a call of no such name is followed into the project's function it names."""
    return judged_by_a_rule(qualified) or is_pure(qualified)


def judged_by_a_rule(qualified: str) -> bool:
    """Whether the scan judges a call of ``qualified`` by a rule it asks before purity: a
    named reason, the request, rendering, ``url_for``, ``open``, responses, ``next``,
    connections."""
    if named_reason(qualified) is not None:
        return True
    if any(qualified == root or qualified.startswith(root + ".") for root in REQUEST_NAMES):
        return True
    return qualified == "builtins.next" or any(
        qualified in names
        for names in (RENDER_TEMPLATE, RENDER_TEMPLATE_STRING, URL_FOR, OPEN_CALLS, RESPONSE_CLASSES, CONNECT_CALLS)
    )


def locals_judged_by_name(function: str) -> bool:
    """Whether the scan may judge by its name a local of a top-level function ``function``:
    LibCST qualifies a local as ``function.<locals>.x``, which a named reason, the request,
    a pure module or a rule of the scan's may start (a function named ``json`` or ``uuid``)."""
    names = (*PURE_MODULES, *PURE_CALLS, *HELD_PURE_CALLS, *RENDER_TEMPLATE, *RENDER_TEMPLATE_STRING, *URL_FOR,
             *OPEN_CALLS, *RESPONSE_CLASSES, *CONNECT_CALLS, "builtins.next")
    return (
        named_reason(function) is not None
        or starts_a_named_reason(function)
        or any(name == function or name.startswith(function + ".") for name in names)
    )


def starts_a_named_reason(name: str) -> bool:
    """Whether a reference whose qualified name starts with ``name`` (``name.x.y``) may be
    one the scan decides by its name (a named reason, the request)."""
    return any(key == name or key.startswith(name + ".") for key in _REASON_PLACE) or any(
        root == name or root.startswith(name + ".") for root in REQUEST_NAMES
    )


def is_costly(qualified: str) -> bool:
    return qualified.startswith(COSTLY_PREFIXES)


def says_write(name: str) -> bool:
    parts = words(name)
    return bool(parts) and parts[0] in WRITE_VERBS
