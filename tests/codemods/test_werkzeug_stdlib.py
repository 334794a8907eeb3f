"""werkzeug-stdlib: url_parse and safe_str_cmp replaced where the result is provably the same."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

import pytest

from helpers import run_codemods
from upgrade_checks import LeftAlone, Refusals, Rewrites, at_target, legacy_and_upgraded

NAME = "werkzeug-stdlib"

# The tutorial's login redirect, and a token check: Werkzeug 3.1 has neither function.
LEGACY_APP = '''
from flask import Flask, abort, redirect, request, url_for
from werkzeug.security import safe_str_cmp
from werkzeug.urls import url_parse

app = Flask(__name__)
API_TOKEN = "t0ken-\\u00e9"


@app.route("/")
def index():
    return "home"


@app.route("/login")
def login():
    next_page = request.args.get("next")
    try:
        if not next_page or url_parse(next_page).netloc != "":
            next_page = url_for("index")
    except ValueError:
        abort(400)
    return redirect(next_page)


@app.route("/api")
def api():
    given = request.headers.get("X-Token", "")
    if safe_str_cmp(given.encode("utf-8"), API_TOKEN.encode("utf-8")):
        return "granted"
    return "denied", 403
'''

PROBE = '''
where = lambda url: client.get(url).headers.get("Location")
print(json.dumps({
    "local": where("/login?next=/orders"),
    "external": where("/login?next=https://evil.example/"),
    "protocol_relative": where("/login?next=//evil.example/"),
    "tab_trick": where("/login?next=%09//evil.example/"),
    "none": where("/login"),
    "bracketed_host": client.get("/login?next=//[abc]/x").status_code,
    "api": [client.get("/api", headers={"X-Token": t}).status_code for t in ("t0ken-\\u00e9", "t0ken-e", "")],
}))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    before, after = legacy_and_upgraded(tmp_path, NAME, {"app.py": LEGACY_APP}, PROBE)
    assert "ImportError" in before["error"]
    assert after == {
        "local": "/orders",
        "external": "/",
        "protocol_relative": "/",
        # url_parse saw "\t//evil.example/" as a relative path, a browser as another site
        "tab_trick": "/",
        "none": "/",
        # urlsplit raises ValueError for it where url_parse gave netloc "[abc]": the app's own
        # answer to a malformed URL, not a 500
        "bracketed_host": 400,
        "api": [200, 403, 403],
    }


@pytest.mark.parametrize(
    "url",
    ["/orders?x=1#top", "https://shop.example:8443/a/b?q=1", "//cdn.example/x.js", "mailto:me@example.com",
     "relative/path", "", "http://[::1]:5000/", "ftp://u:p@host/f;type=a", "?only=query", "#only-fragment"],
)
def test_urlsplit_reads_ordinary_urls_as_url_parse_did(url: str) -> None:
    """The five fields a rewritten call may read, against Werkzeug 2.x's url_parse rules
    (re-stated here, as Werkzeug 3.1 no longer has the function): same parts."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment) == _url_parse_rules(url)


def _url_parse_rules(url: str) -> tuple[str, str, str, str, str]:
    """The five parts Werkzeug's url_parse (0.15 to 2.3) gave, by its rules: a scheme of
    letters, digits, "+-." unless the rest is a port; an unclosed bracket in the host raises."""
    scheme, rest = "", url
    colon = url.find(":")
    if colon > 0 and all(c.isascii() and (c.isalnum() or c in "+-.") for c in url[:colon]) and not url[colon + 1 :].isdigit():
        scheme, rest = url[:colon].lower(), url[colon + 1 :]
    netloc = ""
    if rest[:2] == "//":
        ends = [i for i in (rest.find(c, 2) for c in "/?#") if i >= 0]
        delim = min(ends) if ends else len(rest)
        netloc, rest = rest[2:delim], rest[delim:]
        if ("[" in netloc) != ("]" in netloc):
            raise ValueError("Invalid IPv6 URL")
    fragment = query = ""
    if "#" in rest:
        rest, fragment = rest.split("#", 1)
    if "?" in rest:
        rest, query = rest.split("?", 1)
    return scheme, netloc, rest, query, fragment


def test_urlsplit_raises_where_url_parse_read_the_url() -> None:
    """Why a call no handler of ValueError surrounds is left: on this Python (3.11.4+) urlsplit
    raises for hosts url_parse split without complaint; both raise for an unclosed bracket."""
    for url in ("//[abc]/x", "http://a[b]/", "http://ex\uff03@a/"):
        assert _url_parse_rules(url)[1] != ""
        with pytest.raises(ValueError):
            urlsplit(url)
    for both in ("http://[bad/", "//bad]/"):
        with pytest.raises(ValueError):
            _url_parse_rules(both)
        with pytest.raises(ValueError):
            urlsplit(both)


TUTORIAL_LOGIN = """
from flask import Flask, redirect, request, url_for
from werkzeug.urls import url_parse

app = Flask(__name__)


@app.route("/")
def index():
    return "home"


@app.route("/login")
def login():
    next_page = request.args.get("next")
    if not next_page or url_parse(next_page).netloc != "":
        next_page = url_for("index")
    return redirect(next_page)
"""


def test_the_tutorial_check_without_a_handler_stays_so_a_malformed_next_url_is_no_500(monkeypatch) -> None:
    """ltd-keeper and the tutorial's login view pass a client's URL to url_parse with nothing
    catching ValueError: rewritten, ``?next=//[abc]/x`` (a redirect home) became a 500. The
    call stays with a finding; run against url_parse's rules, the app answers as before."""
    import werkzeug.urls

    new, findings = at_target(TUTORIAL_LOGIN, NAME, (3, 0))
    assert "url_parse(next_page)" in new and "urlsplit" not in new
    [finding] = findings
    assert "nothing here catches ValueError" in finding and "500" in finding
    monkeypatch.setattr(werkzeug.urls, "url_parse", lambda url: urlsplit("")._make(_url_parse_rules(url)), raising=False)
    namespace: dict = {"__name__": "tutorial"}
    exec(compile(new, "tutorial.py", "exec"), namespace)
    client = namespace["app"].test_client()
    response = client.get("/login?next=//[abc]/x")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert client.get("/login?next=/orders").headers["Location"] == "/orders"


@pytest.mark.parametrize(
    "a, b",
    [(b"secret", b"secret"), (b"secret", b"Secret"), ("token".encode(), "token".encode()), ("\u00e9".encode(), "e".encode())],
)
def test_compare_digest_agrees_with_safe_str_cmp_on_bytes(a: bytes, b: bytes) -> None:
    assert hmac.compare_digest(a, b) is (a == b)


def test_compare_digest_rejects_what_safe_str_cmp_encoded_itself() -> None:
    with pytest.raises(TypeError):
        hmac.compare_digest("\u00e9", "\u00e9")
    with pytest.raises(TypeError):
        hmac.compare_digest("token", b"token")


class TestUpgrade(Rewrites, Refusals, LeftAlone):
    NAME = NAME
    REWRITES = [
        pytest.param(
            "from werkzeug.urls import url_parse\n\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\n",
            "from urllib.parse import urlsplit\n\ntry:\n    ok = urlsplit(u).netloc == ''\nexcept ValueError:\n    ok = False\n",
            id="direct-field",
        ),
        pytest.param(
            "import werkzeug.urls\n\ndef f(u):\n    try:\n        p = werkzeug.urls.url_parse(u)\n    except (KeyError, ValueError):\n        return None\n    return p.scheme, p.path\n",
            "from urllib.parse import urlsplit\n\nimport werkzeug.urls\n\ndef f(u):\n    try:\n        p = urlsplit(u)\n    except (KeyError, ValueError):\n        return None\n    return p.scheme, p.path\n",
            id="chain-and-name-read-by-fields",
        ),
        pytest.param(
            "from urllib.parse import urlsplit as split\nfrom werkzeug.urls import url_parse, url_quote\n\ntry:\n    x = url_parse(u).query\nexcept ValueError:\n    x = ''\n",
            "from urllib.parse import urlsplit as split\nfrom werkzeug.urls import url_quote\n\ntry:\n    x = split(u).query\nexcept ValueError:\n    x = ''\n",
            id="reuses-an-existing-import",
        ),
        pytest.param(
            "from werkzeug.security import safe_str_cmp\n\nok = safe_str_cmp(b'a', token.encode())\n",
            "import hmac\n\nok = hmac.compare_digest(b'a', token.encode())\n",
            id="safe-str-cmp-bytes",
        ),
        pytest.param(
            "from hmac import compare_digest\nfrom werkzeug.security import safe_str_cmp\nok = safe_str_cmp('abc', 'abd')\n",
            "from hmac import compare_digest\nok = compare_digest('abc', 'abd')\n",
            id="safe-str-cmp-ascii-literals",
        ),
    ]
    REFUSED = [
        ("from werkzeug.urls import url_parse\nhost = url_parse(u).host\n", "used beyond .scheme"),
        ("from werkzeug.urls import url_parse\nparts = url_parse(u, scheme='https').netloc\n", "passes more than the URL"),
        ("from werkzeug.urls import url_parse\np = url_parse(u)\nq = p.replace(path='/')\n", "used beyond"),
        ("from werkzeug.urls import url_parse\nparse = url_parse\n", "used beyond"),
        ("from werkzeug import url_quote\nx = url_quote(name)\n", "pass safe="),
        ("from werkzeug.urls import url_encode\nx = url_encode(d)\n", "doseq=True"),
        ("from werkzeug.urls import url_decode\nx = url_decode(s)\n", "MultiDict"),
        ("from werkzeug.security import safe_str_cmp\nok = safe_str_cmp(a, b)\n", "pass both as bytes"),
        ("from werkzeug.security import safe_str_cmp\nok = safe_str_cmp('\u00e9', '\u00e9')\n", "pass both as bytes"),
        ("from werkzeug.security import safe_str_cmp\nok = safe_str_cmp(b'x', 'x')\n", "pass both as bytes"),
        ("from werkzeug.urls import url_join\n", "nothing here uses it"),
        ("from werkzeug.urls import url_parse\nurlsplit = None\ntry:\n    x = url_parse(u).netloc\nexcept ValueError:\n    x = ''\n", "urllib.parse.urlsplit"),
        # urlsplit raises ValueError where url_parse read the URL (//[abc]/): only where a handler
        # of ValueError surrounds the call, in its own function, is the rewrite right
        ("from werkzeug.urls import url_parse\nok = url_parse(u).netloc == ''\n", "nothing here catches ValueError"),
        ("from werkzeug.urls import url_parse\ntry:\n    ok = 1\nexcept ValueError:\n    ok = url_parse(u).netloc\n",
         "nothing here catches ValueError"),
        ("from werkzeug.urls import url_parse\ntry:\n    f = lambda u: url_parse(u).netloc\nexcept ValueError:\n    f = None\n",
         "nothing here catches ValueError"),
        ("from werkzeug.urls import url_parse\ntry:\n    ok = url_parse(u).netloc\nexcept KeyError:\n    ok = ''\n",
         "nothing here catches ValueError"),
    ]
    LEFT_ALONE = [
        pytest.param("try:\n    from werkzeug.urls import url_parse\nexcept ImportError:\n    from urllib.parse import urlsplit as url_parse\n", id="guarded"),
        pytest.param("from urllib.parse import urlsplit\nimport hmac\nok = hmac.compare_digest(a, b) and urlsplit(u).netloc\n", id="modern"),
        pytest.param("from werkzeug.urls import iri_to_uri, uri_to_iri\nx = iri_to_uri(u)\n", id="functions-werkzeug-keeps"),
        # the project puts its own function back under the removed name, for code that still
        # reads it there (a library): the shim is the fix, nothing of Werkzeug's is used
        pytest.param(
            "import hmac\nimport werkzeug.security\n\n\ndef safe_str_cmp(a: str, b: str) -> bool:\n"
            "    return hmac.compare_digest(a.encode(), b.encode())\n\n\n"
            "werkzeug.security.safe_str_cmp = safe_str_cmp\n",
            id="safe-str-cmp-shim",
        ),
        pytest.param("import urllib.parse\n\nimport werkzeug.urls\n\nwerkzeug.urls.url_quote = urllib.parse.quote\n", id="url-quote-shim"),
        pytest.param("import werkzeug.urls\nfrom urllib.parse import quote\n\nwerkzeug.urls.url_quote: object = quote\n", id="annotated-shim"),
    ]


def test_a_finding_only_where_the_function_is_gone_and_the_rewrite_at_every_target() -> None:
    source = "from werkzeug.urls import url_parse, url_quote\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\nq = url_quote(x)\n"
    for target, reported in (((2, 2), False), ((2, 3), False), ((3, 0), True)):
        new, findings = at_target(source, NAME, target)
        assert "urlsplit(u).netloc" in new
        assert bool(findings) is reported
    _, findings = at_target("from werkzeug.security import safe_str_cmp\nx = safe_str_cmp(a, b)\n", NAME, (2, 0))
    assert findings == []  # Flask 2.0 allows Werkzeug 2.0, which still has it


def test_tests_are_upgraded_but_setup_py_never() -> None:
    legacy = "from werkzeug.urls import url_parse\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\n"
    assert "urlsplit" in run_codemods(legacy, NAME, path="tests/test_login.py").new_text
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging


# urllib.parse exists only on Python 3, and Flask before 2.0 still runs on Python 2: code
# that imports a Python-2-only module (here or elsewhere in the app, guarded or not) keeps
# url_parse at such a target, with a finding; from Flask 2.0 on it runs on Python 3.
PY2_LOGIN = "from urlparse import urljoin\nfrom werkzeug.urls import url_parse\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\n"
PY3_LOGIN = "from werkzeug.urls import url_parse\ntry:\n    ok = url_parse(u).netloc == ''\nexcept ValueError:\n    ok = False\n"


def _in_project(source: str, target: tuple[int, int], project: dict[str, str]) -> tuple[str, list[str]]:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    reader = ProjectReader({**project, "app/views.py": source}, "app/views.py")
    result = transform_text(source, [get_codemod(NAME)], path="app/views.py", read_file=reader, target_version=target)
    return result.new_text, [f.message for f in result.findings]


def test_python_2_code_keeps_url_parse_where_flask_still_runs_python_2() -> None:
    new, findings = at_target(PY2_LOGIN, NAME, (1, 0))
    assert new == PY2_LOGIN
    assert len(findings) == 1 and "Python 2" in findings[0] and "urlparse" in findings[0]
    guarded = "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n" + PY3_LOGIN
    assert at_target(guarded, NAME, (1, 1))[0] == guarded  # code that runs on both: Python 2 too
    assert "urlsplit(u).netloc" in at_target(PY2_LOGIN, NAME, (2, 0))[0]  # Flask 2.0 needs Python 3
    assert "urlsplit(u).netloc" in at_target(PY3_LOGIN, NAME, (1, 0))[0]


def test_another_python_2_module_of_the_app_counts_but_a_test_does_not() -> None:
    py2_app = {"app/helpers.py": "import urllib2\n", "app/__init__.py": ""}
    new, findings = _in_project(PY3_LOGIN, (1, 0), py2_app)
    assert new == PY3_LOGIN and any("app/helpers.py" in f for f in findings)
    py2_test = {"tests/test_old.py": "import urllib2\n", "app/__init__.py": ""}
    assert "urlsplit(u)" in _in_project(PY3_LOGIN, (1, 0), py2_test)[0]


def test_python_2_code_still_gets_compare_digest() -> None:
    source = "import urlparse\nfrom werkzeug.security import safe_str_cmp\nok = safe_str_cmp(b'a', b'b')\n"
    assert "hmac.compare_digest(b'a', b'b')" in at_target(source, NAME, (1, 0))[0]  # hmac has it since 2.7.7


def test_a_module_of_the_app_that_does_not_parse_as_python_3_is_python_2_evidence() -> None:
    """A module Python 3 cannot parse is not read for its imports: that nothing of the app runs
    on Python 2 cannot be shown, so url_parse stays (realms-wiki's oauth/models.py)."""
    spelled = {"app/helpers.py": "import urllib2\nprint 'loaded'\n", "app/__init__.py": ""}
    new, findings = _in_project(PY3_LOGIN, (1, 0), spelled)
    assert new == PY3_LOGIN and any("urllib2 in app/helpers.py (which does not parse as Python 3)" in f for f in findings)
    statement = {"app/models.py": "def login(user):\n    print 'login', user\n", "app/__init__.py": ""}
    new, findings = _in_project(PY3_LOGIN, (1, 0), statement)
    assert new == PY3_LOGIN and any("a statement only Python 2 has in app/models.py" in f for f in findings)
    # a test module of Python 2 says nothing of the app; from Flask 2.0 on it runs on Python 3
    assert "urlsplit(u)" in _in_project(PY3_LOGIN, (1, 0), {"tests/test_old.py": "print 'x'\n", "app/__init__.py": ""})[0]
    assert "urlsplit(u)" in _in_project(PY3_LOGIN, (2, 0), statement)[0]


def test_safe_str_cmp_of_values_encoded_above_is_said_as_what_the_codemod_cannot_prove() -> None:
    """jazzband encodes both arguments just above the call: the finding must not tell it to pass
    bytes as if it did not; it says what the codemod could not prove, and the call stays."""
    source = (
        "import werkzeug.security\n\n\ndef check(digest, signature):\n"
        "    if isinstance(digest, str):\n        digest = digest.encode()\n"
        "    if isinstance(signature, str):\n        signature = signature.encode()\n"
        "    return werkzeug.security.safe_str_cmp(digest, signature)\n"
    )
    result = run_codemods(source, "werkzeug-stdlib", dedent=False)
    assert result.new_text == source
    [finding] = result.findings
    assert "removed in Werkzeug 2.1" in finding.message
    assert "needs bytes or ASCII-only str, and the codemod cannot prove these are" in finding.message
    assert "where they are, call it by hand" in finding.message
