"""http-timeout: every outgoing HTTP call gets a timeout; function-local requests Sessions get closed."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider, QualifiedNameProvider, ScopeProvider

from ._base import APPLICATION, EXAMPLES, TESTS, Codemod, Context
from ._block_unit import block_unit
from ._http_timeout_gate import may_import_http, may_lack_timeout
from ._http_timeout_option import Seconds
from ._import_stop import import_stop
from ._targeted_visit import visit_toward


class HttpTimeout(Codemod):
    """Give every outgoing HTTP call a timeout, and close the requests Sessions a function opens.

    Why: ``requests``, ``urllib.request.urlopen`` and urllib3 wait **forever** by default. One slow or
    dead upstream API is then enough to pin a web worker for good; a few of them and the whole
    app stops answering. Every guide says: always pass ``timeout=``. A ``requests.Session``
    that is never closed keeps its pooled connections open until the garbage collector finds
    it.

    What it rewrites:

    - ``requests.get/post/put/patch/delete/head/options/request(...)`` (also picked by name,
      ``getattr(requests, method)(...)``, where the name is provably one of them: a literal, a local
      name the enclosing ``if method == "get":`` (or ``in ("get", "head")``) compares with literals
      and the branch does not bind again, or a parameter every call of its function gives one, a
      function no other file names, or a parameter of a method every call of which in the project,
      by its name, gives one or leaves a literal default; any other such call is reported), the same
      methods called on a ``requests.Session`` and its ``send(prepared)`` (which hands ``timeout=``
      to the transport adapter), ``urllib.request.urlopen(...)``, a urllib3 pool's ``request``/``urlopen``
      (a pool the code proves, ``http = urllib3.PoolManager()``, made with no ``timeout=``; a handler of
      urllib3's ``HTTPError`` catches the timeout, ``MaxRetryError`` alone not): when the call passes no
      timeout, ``timeout=<seconds>`` is added as its last argument, following the call's layout (own line
      and trailing comma where arguments are one a line, or a lone one on its own line), split as black
      splits it past the project's line length (flake8, black).
      A session is recognised when the code proves it is one (requests-oauthlib's
      ``OAuth1Session()`` and ``OAuth2Session()`` are requests Sessions too, and read as ones, not as
      another library's factory; their token requests, ``fetch_token``, ``refresh_token``, ``fetch_*_token``
      (POSTs), get it where the project's requests-oauthlib takes it, else a finding): a name bound to
      ``requests.Session()`` (every binding it may refer to must create one) or
      ``with requests.Session() as s:``, or to a call of a function of the module that returns
      a new ``requests.Session()`` each time (``s = build_session()``), or to a call of one
      that makes a session and shows it returns one — annotated ``-> requests.Session``, or
      every ``return`` gives a session it made — though kept between calls or given
      requests' own ``HTTPAdapter`` (its calls get a timeout, the session no with-block; one
      that may return something else, or mounts another adapter, is reported); the same for a
      function of another module of the project, whatever its name, read from that module
      (``self.session = prepare_global_session()`` from ``..helpers``); an attribute
      (``self.session``) every value of which, in its class, is a ``requests.Session()``; a
      parameter annotated ``requests.Session``, or one named like a session in a top-level
      function every call of which hands it such a session (and which no other file of the
      project names: there it may be given anything). Names are resolved: ``import requests as r``,
      ``from requests import get``, ``from urllib.request import urlopen`` are understood; a local
      function called ``get`` or a ``dict.get`` is not touched.
    - A ``requests.Session()`` created in a function, bound to a local name, used only through
      its methods and attributes, never closed: it becomes ``with requests.Session() as s:``
      around the statements that use it, ending exactly at the last one. Where the project
      declares its line length, a line the move takes past it is split as black splits it,
      when it is a call black splits at its own brackets; a with-block that would still take
      a line past it (a string continued by a backslash, a long comment, a call followed by a
      subscript) is not made, with a finding, as open-with's are not (a line past the length
      before the move, or marked ``noqa``, counts for nothing); its calls still get their
      timeout. Not one that
      mounts an adapter made outside the function (``s.mount(url, RETRY_ADAPTER)``):
      closing the session closes every adapter mounted on it, and that one is shared with
      other sessions (reported).

    The seconds written follow the code, so that no call is cut shorter than the project
    means it to run (a query runner posting a user's query, a report, a user-configured
    webhook): the largest timeout the module gives an HTTP call whose answer it reads (one
    it proves a call of requests, httpx, urllib or aiohttp, of a session of theirs, or of its
    own wrapper around them), lengthened by those of other calls by a request's name (a
    session also bound otherwise; not a Celery result's ``get(propagate=True)``) and by settings' defaults (below), which never choose a wait
    alone (a queue's ``jobs.get(timeout=1)``); not a webhook fired and forgotten: its wait
    bounds a side effect; else none where the project's proven HTTP calls wait what its
    configuration says (below); else the largest wait the project's application code passes
    to a call (a request's ``timeout=5``, a job's ``timeout=300``, ``timeout=QUERY_TIMEOUT``, a
    database client's ``connect(timeout=config.get("timeout", 600))``: that setting's default
    is the wait the project allows that call; one shorter than the option only a wait it gives
    an HTTP call, never a pub/sub poll's ``get_message(timeout=5)``); else the ``timeout`` option, 60 seconds (nginx's default
    ``proxy_read_timeout``). In the last two cases, a module that opens an aiohttp session without a timeout
    (its asynchronous twin of the same calls) has accepted aiohttp's default for them, five minutes in all:
    no less is written. Not counted: numbers only named (a gunicorn worker's
    ``{"timeout": 1800}``: how long a request may run on the server, not a wait any call
    makes), a ``(5, None)`` pair (no read bound: that host's other calls are left alone),
    modules that import a browser driver (milliseconds), waits above ten minutes (a batch's
    or a protocol client's, not what a login or a webhook should wait), cache lifetimes,
    session, token or lock expiries (a Redis lock's ``red.lock(key, timeout=600)``), and tests. A wait shorter than the option that a call
    has inside a try catching its timeout (``except RequestException: return None``, a 503) is
    that call's failure budget at the service it calls: only a call whose timeout a handler
    catches and goes on from, and whose URL names a host the project already gives a wait, gets
    it; any other gets what the rest says (a login's token exchange, a lookup a worker's loop
    runs, a job fetch from a host no call bounds beside another module's PyPI check). A request
    that writes (a POST, PUT, PATCH or DELETE by its function or a literal method, ``urlopen``
    with data, a helper handing its ``**kwargs`` on to one; a request whose method the code does
    not show, ``request(method, url)``, unless every value the method can take is a read) gets a
    wait shorter than the option only where the code gives a write to the same service a wait
    (the module, where the seconds are its own, but its writes to another host; else the
    project's writes to the host the URL names), never less than that write's; else the option:
    how soon a read answers says nothing of what a write asks, nor one service of another, and a
    write timed out after the server took it leaves its outcome unknown (an OSM edit saved while
    the app reports a failure).

    Where the code reads the waits of its HTTP calls from its configuration, however the read reaches the
    call (``timeout=app.config["HTTP_TIMEOUT"]``, ``int(Setting().get("api_timeout"))``; a setting's
    default, ``config.get("timeout", 30)``, is what the call waits until a user configures more; a name,
    ``self.attr`` or constant, also imported (read in the module its import names, as a number is
    below), one of whose bindings is one; a wrapper's
    ``kwargs.setdefault("timeout", <read>)``), a call of a module that names no number of its own gets
    none: any would ignore what a user configured (redash makes each data source's wait a setting), so it
    is reported, to be given that setting. So for the module's HTTP calls, and the project's proven ones
    whatever numbers other calls name; for its wrappers around them (known by name only) where the project
    names no number. A job's ``enqueue(f, timeout=job["timeout"])`` or a database client's configured wait
    is no HTTP wait; a lookup under a lower-case key in a mapping a function is handed
    (``def run(config): ... timeout=config.get("timeout_secs", 5)``: a bot node's own settings;
    Flask's configuration takes upper-case keys) holds back that module's calls, not other modules'. Likewise where the code gives an HTTP call a wait no number can be read from, so that
    no number written is sure to be as long: a ``**`` mapping that may carry a timeout (``opts =
    {"timeout": settings.HTTP_TIMEOUT}``, ``kwargs.update(timeout=...)``, ``opts["timeout"] = ...``, a
    mapping a call returns or one handed to a function, not a logger's message, which only shows it, nor a wrapper's copy of its ``**kwargs``), a ``functools.partial(requests.get, timeout=...)``, a name or ``self.attr``
    bound to a call's answer or nowhere in the module; a parameter is its callers' (their waits are read
    where they are given), and a name of another module is read there (``from settings import TIMEOUT``:
    its number is one of the module's waits, and nothing shorter is written): in the module its import
    names, at its top level (a class body only for a read through that class, ``Config.TIMEOUT``); one
    that module binds to anything but numbers, or a module the project does not have, is a wait no
    number can be read from. Such a wait of a proven HTTP
    call leaves the module's calls alone even where it names numbers, and the project's where they name
    none. This is a *review* codemod: a call that used to wait for ever now fails after that time.

    A wait the module names for its own requests (``REQUEST_TIMEOUT = 30``, ``HTTP_TIMEOUT``:
    an upper-case constant named like a wait, not a cache's, a session's or a token's, of at
    most ten minutes, read nowhere but by the module's HTTP calls) is written instead where it
    is at least as long, also when no call uses it: as ``timeout=REQUEST_TIMEOUT`` where
    nothing else binds that name and every call runs after it is bound, else as its number.
    A shorter one is not (a constant no call uses may be one given up on). Of several, the
    longest counts. Per call, a longer wait the project already gives requests to the same
    host wins: a call whose URL starts with a literal scheme and host (a string, an f-string's
    or a ``+`` concatenation's literal start) gets the project's largest ``timeout=`` for that
    host (given there, or by a function of the project such URLs are handed to). A call to a
    host the project lets read for ever (``timeout=(5, None)`` or ``None`` there) is left
    alone, with a finding.

    Before::

        from urllib.request import urlopen

        import requests


        def fetch(url):
            s = requests.Session()
            s.headers["Accept"] = "application/json"
            return s.get(url).json()


        def ping(url):
            return urlopen(url).status

    After::

        from urllib.request import urlopen

        import requests


        def fetch(url):
            with requests.Session() as s:
                s.headers["Accept"] = "application/json"
                return s.get(url, timeout=60).json()


        def ping(url):
            return urlopen(url, timeout=60).status

    Left alone, silently: calls that already pass ``timeout`` (as a keyword, or positionally:
    ``urlopen(url, data, 30)``, ``session.request(...)`` with nine positional arguments),
    sessions that are already closed (``s.close()``, ``with s:``), and httpx: httpx bounds
    every call itself (5 seconds unless the client says otherwise), so a ``timeout=`` there
    would only change a limit the code already has. Nor a test's call that a mock of requests
    answers (inside ``with HTTMock(...)``, ``requests_mock.Mocker()`` or
    ``responses.RequestsMock()`` in its function, or under ``@responses.activate``,
    ``@requests_mock.Mocker()`` on it or its class, or in a test or fixture that takes the
    ``requests_mock`` fixture of requests-mock's pytest plugin, or a fixture of the project's own,
    in the module or a ``conftest.py`` above it, that starts such a mock for the test, directly
    or through the fixtures it takes): nothing waits on a network there. Nor a module whose import
    surely stops on a name it binds nowhere (a top-level statement run unconditionally reads an
    attribute of it or calls it: moin's UI-test helpers read ``selenium.webdriver`` where only
    ``pytest.importorskip`` was called): nothing after that line runs, so a timeout there bounds
    nothing (``_import_stop``).

    Refused, with a finding:

    - a call that passes ``**kwargs`` (they may already carry a timeout), or ``*args`` where
      the timeout may be positional (``urlopen``, ``Session.request``). Not a mapping the
      function builds itself with no ``timeout`` key and only reads or adds literal keys to
      (``opts = {"verify": False}``): the call is judged as one without it, and a timeout goes
      right before the ``**``. But a wrapper passing
      its own ``**kwargs`` on, used by that call only (``def post(url, **kwargs): return
      session.post(url, **kwargs)``), gets ``kwargs.setdefault("timeout", <seconds>)`` right
      before the call: a caller's own timeout is kept, every other call is bounded;
    - an explicit ``timeout=None`` (it turns the timeout off on purpose: reported, not changed), also
      as ``"timeout": None`` in a ``**`` mapping the function builds itself;
    - a call whose statement has a comment about its timeout, right above it or at the end of
      its lines (``# I'd like to enforce a timeout, but some big datasets take more than a
      minute to start streaming``): its authors decided about the wait there (the finding
      quotes the comment);
    - a call a ``# pylint: disable=missing-timeout`` (or ``W3101``) comment line covers: from
      that line to the end of its block, the rest of the module at module level, until an
      ``enable`` of the check. The project's linter asks for timeouts and was told these calls
      go without one (in tests the call is left without a finding);
    - a non-streamed call to a text-generation API (a POST to ``/chat/completions``, ``/v1/messages``,
      ``/api/generate``, api.openai.com ..., or in a module building ``{"model": ..., "messages": ...}``;
      any call to a path naming a language model, ``/api/llm/search``):
      its read timeout bounds the whole generation, so no wait picked is provably long enough;
    - a call to a route of the project's own app (its URL ends in a literal path a route
      registers: ``urljoin(api, "/deploy")``; a blueprint's route under the prefix its
      ``Blueprint(...)`` or ``register_blueprint(...)`` gives, a connexion spec's path served by
      the function its ``operationId`` names) whose view runs a program to its end before it
      answers (``subprocess.run`` without a timeout, in the view or the project's functions it
      calls): it waits as long as that program runs;
    - a relay: every call of a function that hands the request it serves on to another server,
      its method (``requests.request(request.method, ...)``) or, where the function tests that
      method (a reverse proxy calling get, put or post as the client did), its raw body
      (``data=request.data``, ``request.get_data()``, ``request.stream``): it waits for
      whatever work that server does for the client (a gateway relaying a single-cell
      explorer's differential expression); not a view posting its form's fields, nor one
      sending its body to fixed addresses whatever the method;
    - a POST, PUT, PATCH or DELETE of a module that gives each of its reads a timeout (two or
      more) and none of its changing requests (two or more; a single one is given a
      wait as any write is, above): its waits bound what it reads, not the work a
      changing request asks of the server (a patient submitted to MatchMaker is matched before
      the answer), and a read timeout would report a failure while the server goes on;
    - a bulk export or a computation: a call whose URL ends in a literal path whose last segment is
      ``export`` or ``compute`` (``f"{host}/api/projects/{id}/export"``, ``urljoin(gn3, "api/rqtl/compute")``):
      the server answers once the work is done, which grows with the data (Label Studio's export);
    - a query sent to a query service: a URL whose path ends in ``/sparql`` (a SPARQL endpoint)
      or ``/api/interpreter`` (an Overpass API), also through a name the module binds once or a
      function of the module that only returns it (``endpoint()``). The service runs the query
      up to its own deadline for it (the Wikidata Query Service's minute, the ``[timeout:600]``
      an Overpass QL query sets) and then answers with an error the code reads: a wait shorter
      cuts queries it would have answered;
    - a POST, PUT, PATCH, DELETE (urlopen with data) inside a retry (a ``while`` or ``range()`` loop
      whose handler catches its timeout and goes round, a ``@retry``/backoff decorator): a read
      timeout comes after the server got it, and the retry would send it again;
    - a POST, PUT, PATCH (``request()`` of such a method) that pays: in a function whose name, or
      that of a function it is defined in, says so (the words ``pay``, ``withdraw``, ``payout``,
      or ``payment`` with ``send``/``make``/``execute``/``submit``: ``pay_invoice``,
      ``send_payment``; ``payload`` is none). A Lightning node answers a payment once it has
      settled, minutes later at times; a timeout makes the client give up while the payment
      goes on, and the code takes it for failed. So also a request made by a proxy in a
      class's ``__getattr__`` that sends the attribute's name (a JSON-RPC wallet's ``self.pay()``
      and every other remote method through one call): their waits differ;
    - ``urlopen`` where the project's application code calls ``socket.setdefaulttimeout()``
      (also after ``from socket import *``, through a name bound to it, or gevent's or
      eventlet's ``socket``) anywhere, at start-up or on demand, or names it in a module that
      does not parse, or in a way not resolved (``sock = socket; sock.setdefaulttimeout(...)``,
      ``getattr(socket, "setdefaulttimeout")``: fail closed): the default is the process's and
      stays; every later urlopen uses it;
    - a call in a try whose handlers catch the network errors it raises today but not the
      timeout (``except requests.ConnectionError``: a read timeout is a ``requests.Timeout``,
      no ``ConnectionError``; ``except URLError``: urlopen raises ``socket.timeout``, an
      ``OSError``, while it waits for the response): the timeout would get past the handler.
      Catch the timeout there too, then add it. A handler for it anywhere up the function
      (``Exception``, ``OSError``, a bare ``except``, ``requests.RequestException``) lets the
      timeout be added, unless every path through it ends in a bare ``raise`` (``except:
      raise``, ``except Exception: log(); raise``): that one handles nothing; handlers in the callers
      are not looked at. A handler only for errors about a response that came (``requests.HTTPError``
      from ``raise_for_status()``, urllib's ``HTTPError``, ``TooManyRedirects``) is none: a connection
      error already gets past it; nor, for a requests call, is one for urllib3's classes (requests wraps
      every urllib3 error in its own), or for a database driver's (``MySQLdb.Error``: PEP 249 roots
      them in an ``Exception`` of its own). Except for a ``stream=True`` body read through ``.raw``:
      urllib3's ``ProtocolError`` there is a body cut short, and a stall raises urllib3's
      ``ReadTimeoutError``, no ``OSError``: a try catching the one and not the other keeps the call;
      ``except TimeoutError`` catches urlopen's timeout only on Python 3.10 and later: it
      counts where every Python the project declares (``requires-python``,
      ``python_requires``, classifiers, ``runtime.txt`` ..., and the Pythons its
      ``.travis.yml`` or tox runs the tests on) is 3.10 or later;
    - a call in a try whose handler's classes cannot be told: a name imported from another
      library, or from a module of the project that does not bind it plainly to classes or a
      tuple of them (``NETWORK_ERRORS = (requests.ConnectionError, ...)`` there is read and
      judged as above), an attribute of an object (``except self.errors``), a call;
    - a call whose exact arguments the project's own tests assert: a test that patches the function with a mock
      (``patch("app.auth.requests.post")``, or ``requests.post`` in a test reaching the module through its imports;
      ``app.client.http.post`` for ``self.http.post``; the mock followed by its name, ``stack.enter_context(patch(...))``
      too) and compares what it was called with (``assert_called_with`` ..., ``call_args`` compared whole) would fail:
      add the timeout there and to that assertion together. Not where the assertion cannot equal the call (other
      keywords, or a URL or dict keys that differ where both are literal), nor a read of one keyword; a test answering
      with a function of its own taking no ``timeout`` keyword (``def fake_get(url)``, ``side_effect``, also of a part
      of the mock: ``fake_requests.get.side_effect``, ``session_class.return_value.get.side_effect``) raises TypeError;
    - a call on a session that mounts a transport adapter (``session.mount(...)``), also
      through a wrapper's ``**kwargs``: the adapter may give the session its own timeout;
    - a call on an attribute or a parameter named like a session (``self.session.get(url)``,
      ``def sync(http_session)``) that nothing in the module proves a ``requests.Session`` (an
      object of the project's own subclass is one where its overrides hand ``**kwargs`` on):
      not changed, and named outside tests (in a test it is a fixture or a double); an awaited
      call or one entered by ``async with`` is an asynchronous client's, never named, and so is
      a ``get("user_id")`` of a string with no scheme and no path (a key of Flask's session
      handed in: no URL a requests Session accepts);
    - a call on a name (or an attribute its class fills: ``self.http_session``) bound to what a
      session factory of another library (``ocean_utils.http_requests.requests_session``'s
      ``get_requests_session()``: a dotted name with the words requests and session) or of another
      module of the project that cannot be read (``from .harvest_common import requests_retry_session``,
      its module too large or not parsed) returns: whether it is a Session that bounds its waits
      cannot be read from the module; not changed, named outside tests;
    - a session that escapes the function — yielded, stored, passed to another
      call, used by a nested function, lambda or generator expression, bound more than once,
      or used outside the block that creates it: closing it at the end of the block could
      break whoever still holds it. A function of the project it is passed to is read: one
      that sends or reads through it and keeps nothing leaves it here (the with-block ends
      after that call). Nor one whose class a test patches, then sets up its answer
      (``session_class.return_value.get.return_value = ...``): the block would hand the code
      another mock, ``__enter__()``'s (open-with's rule for its openers, one reading of the tests).

    Not put in a with-block, and not reported: a session created at module level or held by
    an object (it lives as long as they do; its calls still get a timeout), or kept in a name
    the function declares ``global`` or ``nonlocal`` (made once for the later calls), also one handed
    to an object the function returns or stores (``return Client(session=s)``); a session
    that nothing sends a request through (it holds no connection). A wrapper's callers are
    not looked at: the wrapper is, where it passes its ``**kwargs`` on (above).

    A streamed response (``stream=True``) stays readable after its session is closed: closing
    a ``requests.Session`` drops only its idle pooled connections.

    Options: ``timeout`` — the seconds written when neither the module nor the project names a
    timeout (a positive number, default 60): ``--set http-timeout.timeout=30``.
    """

    NAME = "http-timeout"
    SUMMARY = "Add a timeout, the one the code already uses, to requests, urlopen and urllib3 calls; close function-local requests Sessions."
    SAFETY = "review"
    ACTS_ON = (APPLICATION, TESTS, EXAMPLES)  # a call that may hang for ever hangs a test run or an example too
    ORDER = 50
    LOCAL_REWRITES = True  # each rewrite changes only its own statements: a skip comment spares one
    OPTIONS = {
        "timeout": Seconds(
            float, 60, "seconds an HTTP call may wait (connect and each read) when neither its module nor the project names a timeout"
        )
    }
    METADATA = (QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    @staticmethod
    def preload() -> None:
        """The planner, the choice of the seconds and the rewrite, which ``transform`` imports on
        first use: loaded once in a process about to fork its workers (tool/pool.py), not in each."""
        from . import _http_timeout_evidence, _http_timeout_plan, _http_timeout_rewrite, _lazy_scopes  # noqa: F401 (lazy: see transform)

    def applies_to(self, source: str) -> bool:
        """Only files that import requests (or requests_oauthlib), httpx or urllib can call them by qualified name
        (a mention in a docstring or a variable name is not enough): an import where a statement starts, also after
        ``;`` or ``try:``, or continued with a backslash; or one from a line naming requests and a session (a factory);
        or a name with "session" in it imported from a module (a factory of the project: _http_timeout_project_factories)."""
        return may_import_http(source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A session or client is created, or an HTTP function is called without a timeout (or with ``timeout=None``,
        which is reported); and not in a module whose import surely stops on a name it never binds (``_import_stop``)."""
        return may_lack_timeout(tree) and import_stop(tree) is None

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        # lazy: only for a file past the gates (a one-worker run on a few files imports none up front)
        from ._http_timeout_evidence import choose_waits
        from ._http_timeout_plan import Planner
        from ._http_timeout_rewrite import Rewriter, line_limit, quote_of
        from ._lazy_scopes import lazily_scoped

        wrapper = ctx.metadata(module, (ParentNodeProvider,))
        tree = ctx.python_tree(module)  # (a rendering costs less than the scopes of every function)
        scoped = lazily_scoped(wrapper, tree)  # a function's body is analysed when a node in it is looked up
        plan = Planner(scoped, ctx, tree)
        plan.run()
        blocks = plan.sessions.blocks
        if not plan.timeouts and not plan.defaults and not blocks:
            return module
        # per call: _http_timeout_evidence, on the same lazy scopes (handlers: in the call's function alone)
        value, instead = choose_waits(module, ctx, scoped, plan, plan.libraries)
        if not plan.timeouts and not plan.defaults and not blocks:
            return module
        fit = line_limit(wrapper, ctx)
        targets, quote = [*plan.timeouts, *blocks, *plan.defaults], quote_of(module, plan.defaults)
        units = (module.default_indent, block_unit(module)) if blocks else None  # new blocks' (_block_unit)

        def rewrite(wrapped: dict) -> cst.Module:
            if fit is not None:
                fit.enclosing.clear()  # (a pass leaves none; a trial starts as the first did)
            return visit_toward(wrapper, Rewriter(plan.timeouts, wrapped, value, plan.defaults, instead, fit, quote, units), targets)

        result = rewrite(blocks)
        if fit is not None and blocks:  # no with-block that takes a line past the project's length
            from ._http_timeout_line_limit import within_line_length
            result, blocks, refused = within_line_length(wrapper.module, result, blocks, rewrite, fit.limit)
            for node, message in refused:
                ctx.finding(node, message)
        ctx.rewrote(len(plan.timeouts) + len(plan.default_calls) + sum(len(w) for w in blocks.values()))
        return result

