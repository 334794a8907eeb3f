"""The gates of werkzeug-stdlib: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import textwrap

from gate_checks import GateCases, gates_at, missed_at_targets, opened, output_of, sample_texts
from flask_codemod import engine
from flask_codemod.codemods import get_codemod
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "werkzeug-stdlib"
    # a guarded import of url_parse that nothing reads: the planner's imports are the unguarded ones
    REJECTED_SAMPLES = ["modern"]
    REJECTED = [
        ("from urllib.parse import urlsplit\nx = urlsplit(u).netloc  # was url_parse\n", "login.py"),
        ("from werkzeug.utils import secure_filename\nurl_quote = secure_filename\n", "uploads.py"),
        ("def url_parse(u):\n    return u\n", "urls.py"),
        # a shim putting the project's own function under the removed name (jazzband's hooks),
        # and a name the module binds itself
        (
            "import hmac\nimport werkzeug.security\n\ndef safe_str_cmp(a, b):\n    return hmac.compare_digest(a, b)\n\n"
            "werkzeug.security.safe_str_cmp = safe_str_cmp\n",
            "hooks.py",
        ),
        ("import werkzeug.security\n\ndef url_quote(u):\n    return u\n\nlink = url_quote(werkzeug.security.gen_salt(8))\n", "links.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom werkzeug.urls import url_parse\nok = url_parse(u).netloc\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from werkzeug.urls import url_parse\nx = url_parse(u).netloc\n", "login.py"),
        ("from werkzeug import urls\nx = urls.url_parse(u).netloc\n", "login.py"),
        ("import werkzeug\nx = werkzeug.urls.url_quote(u)\n", "links.py"),
        ("from werkzeug import url_quote as q\nx = q(u)\n", "links.py"),
        ("from werkzeug.security import safe_str_cmp as same\nx = same(b'a', b'b')\n", "auth.py"),
        # near misses of the shim: the removed function read, or a shim in a tuple's target
        ("import werkzeug.security\n\ncompare = werkzeug.security.safe_str_cmp\n", "hooks.py"),
        ("import werkzeug.security\n\nwerkzeug.security.safe_str_cmp, x = own, 1\n", "hooks.py"),
        ("from werkzeug import security as s\n\nok = s.safe_str_cmp(a, b)\n", "auth.py"),
        # test code is upgraded too
        ("from werkzeug.urls import url_parse\nok = url_parse(u).netloc\n", "tests/test_login.py"),
    ]


# -- the project gate: the target version ---------------------------------------------------------

# real-world shapes (flaskbb's fields, redash's query results, overholt's middleware), a
# url_parse and a safe_str_cmp reached several ways, and guarded imports
TARGET_CASES = [
    ("from werkzeug.urls import url_encode\n\ndef render(params):\n    return '?' + url_encode(params)\n", "fields.py"),
    ("from werkzeug.urls import url_quote\nheader = \"UTF-8''%s\" % url_quote(name, safe=b'')\n", "query_results.py"),
    ("from werkzeug import url_decode\n\nclass Middleware:\n    def __call__(self, environ):\n"
     "        return url_decode(environ['QUERY_STRING'])\n", "middleware.py"),
    ("from werkzeug.urls import *\ntry:\n    ok = url_parse(target).netloc == ''\nexcept ValueError:\n    ok = False\n", "login.py"),
    ("import werkzeug.urls as u\ntry:\n    ok = u.url_parse(target).netloc == ''\nexcept:\n    ok = False\n", "login.py"),
    ("from werkzeug.security import safe_str_cmp\nsame = safe_str_cmp(b'a', token.encode())\n", "auth.py"),
    ("try:\n    from werkzeug.urls import url_parse\nexcept ImportError:\n    from urllib.parse import urlsplit as url_parse\n"
     "ok = url_parse(target).netloc\n", "login.py"),
    ("from werkzeug.urls import url_quote, url_parse\nx = url_quote(url_parse(u).path)\n", "links.py"),
    *[(source, path) for source, path in TestGates.ACCEPTED + TestGates.REJECTED],
]


def test_the_gates_let_through_every_case_it_acts_on_at_every_target() -> None:
    assert missed_at_targets("werkzeug-stdlib", TARGET_CASES + sample_texts("werkzeug-stdlib")) == []


def test_below_werkzeug_2_1_only_url_parse_and_safe_str_cmp_are_let_through() -> None:
    """There (Flask 2.1 and older) every legacy function still exists: nothing is reported, and only those two are
    rewritten (where the result is the same), so a module using other url_* functions is not
    parsed (flaskbb, redash and overholt pin such a Flask)."""
    for source, path in TARGET_CASES[:3]:
        assert not gates_at("werkzeug-stdlib", source, path, (1, 1)), source
        assert not gates_at("werkzeug-stdlib", source, path, (2, 0)), source
        assert gates_at("werkzeug-stdlib", source, path, (2, 2)) and gates_at("werkzeug-stdlib", source, path, None)
    for source, path in TARGET_CASES[3:6]:
        assert gates_at("werkzeug-stdlib", source, path, (1, 1)), source
    # near misses of those: calls the planner does not rewrite (confidant's safe_str_cmp of a
    # token and a session value; a url_parse whose result is used whole, or given more than
    # the URL, or outside a try that handles ValueError; safe_str_cmp of a str and a bytes),
    # nothing to report either before 2.1
    for source, path in UNREWRITTEN:
        assert not gates_at("werkzeug-stdlib", source, path, (1, 1)), source
        assert not gates_at("werkzeug-stdlib", source, path, (2, 0)), source
        assert gates_at("werkzeug-stdlib", source, path, (2, 2)) and gates_at("werkzeug-stdlib", source, path, None)


UNREWRITTEN = [
    ("from werkzeug.security import safe_str_cmp\nsame = safe_str_cmp(token, session.get('csrf', ''))\n", "auth.py"),
    ("from werkzeug.security import safe_str_cmp as cmp\nsame = cmp(a, b)\n", "auth.py"),
    ("from werkzeug.security import safe_str_cmp\nsame = safe_str_cmp('a', b'a')\n", "auth.py"),
    ("from werkzeug.urls import url_parse\nsend(url_parse(u))\n", "links.py"),
    ("from werkzeug.urls import url_parse\nhost = url_parse(u).host\n", "links.py"),
    ("from werkzeug.urls import url_parse\nhost = url_parse(u, scheme='http').netloc\n", "links.py"),
    # where no handler catches urlsplit's ValueError: not rewritten (api-pycon2014's and
    # ltd-keeper's url_parse bound to a name, zerqu's), said only where the target removed it
    ("from werkzeug.urls import url_parse\nparts = url_parse(u)\nhost = parts.netloc\n", "links.py"),
    ("from werkzeug.urls import url_parse\nok = url_parse(target).netloc == ''\n", "login.py"),
    ("from werkzeug.urls import url_parse\ntry:\n    ok = url_parse(target).netloc\nexcept KeyError:\n    ok = ''\n", "login.py"),
    ("from werkzeug.urls import url_parse\ntry:\n    ok = 1\nexcept ValueError:\n    ok = url_parse(target).netloc\n", "login.py"),
    ("from werkzeug.urls import url_parse\ntry:\n    def f(u):\n        return url_parse(u).netloc\nexcept ValueError:\n    pass\n", "login.py"),
]


def test_calls_not_rewritten_are_reported_from_werkzeug_2_1_on_only() -> None:
    assert missed_at_targets("werkzeug-stdlib", UNREWRITTEN) == []
    for source, path in UNREWRITTEN:
        text = textwrap.dedent(source)
        assert _said(text, path, None) and not _said(text, path, (2, 0)), source


def _said(text: str, path: str, target) -> list[str]:
    result = engine.transform_text(text, [opened(get_codemod("werkzeug-stdlib"))], path=path, target_version=target)
    return output_of(result, text, {"werkzeug-stdlib"})


# a compatibility shim binding one name to two functions (debsources' infobox): the import is
# guarded, and every use of the name resolves to both, so the planner finds neither; near
# misses: a use the shim's second import does not reach (inside a function), a name the module
# binds again, an unguarded import
SHIMS = [
    ("try:\n    from werkzeug.urls import url_quote\nexcept ImportError:  # pragma: no cover\n"
     "    from urlparse import quote as url_quote\n\nclass Infobox(object):\n    def link(self, name):\n"
     "        return url_quote(name)\n", "app/infobox.py"),
    ("import sys\nif sys.version_info >= (3,):\n    from werkzeug.urls import url_quote\nelse:\n"
     "    from urllib import quote as url_quote\n\nlink = url_quote(name)\n", "links.py"),
]
SHIM_NEAR_MISSES = [
    ("try:\n    from werkzeug.urls import url_quote\nexcept ImportError:\n    pass\n\nlink = url_quote(name)\n", "links.py"),
    ("try:\n    from werkzeug.urls import url_quote\nexcept ImportError:\n    def f():\n"
     "        from urllib.parse import quote as url_quote\n\nlink = url_quote(name)\n", "links.py"),
    ("try:\n    from werkzeug.urls import url_quote\nexcept ImportError:\n    from urllib.parse import quote as url_quote\n"
     "url_quote = url_quote\nlink = url_quote(name)\n", "links.py"),
    ("from werkzeug.urls import url_quote\nif 0:\n    from urllib.parse import quote as url_quote\nlink = url_quote(name)\n", "links.py"),
]


def test_a_shim_binding_a_name_to_two_functions_is_rejected_at_every_target() -> None:
    for source, path in SHIMS:
        assert not gates_at("werkzeug-stdlib", source, path, None), source
        assert not gates_at("werkzeug-stdlib", source, path, (2, 2)), source
    for source, path in SHIM_NEAR_MISSES:
        assert gates_at("werkzeug-stdlib", source, path, None), source
    assert missed_at_targets("werkzeug-stdlib", SHIMS + SHIM_NEAR_MISSES) == []
    # the near misses the planner does act on: reported where the target removed url_quote
    assert _said(*SHIM_NEAR_MISSES[0], None)
