"""The gates of werkzeug-stdlib: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "werkzeug-stdlib"
    REJECTED = [
        ("from urllib.parse import urlsplit\nx = urlsplit(u).netloc  # was url_parse\n", "login.py"),
        ("from werkzeug.utils import secure_filename\nurl_quote = secure_filename\n", "uploads.py"),
        ("def url_parse(u):\n    return u\n", "urls.py"),
        # a packaging script: upgrade codemods never act there
        ("from werkzeug.urls import url_parse\nok = url_parse(u).netloc\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from werkzeug.urls import url_parse\nx = url_parse(u).netloc\n", "login.py"),
        ("from werkzeug import urls\nx = urls.url_parse(u).netloc\n", "login.py"),
        ("import werkzeug\nx = werkzeug.urls.url_quote(u)\n", "links.py"),
        ("from werkzeug import url_quote as q\nx = q(u)\n", "links.py"),
        ("from werkzeug.security import safe_str_cmp as same\nx = same(b'a', b'b')\n", "auth.py"),
        # test code is upgraded too
        ("from werkzeug.urls import url_parse\nok = url_parse(u).netloc\n", "tests/test_login.py"),
    ]
