"""moved-imports: legacy names imported from where they live now, per target version."""

from __future__ import annotations

import textwrap

import pytest

from helpers import run_codemods
from gate_checks import accepts
from upgrade_checks import LeftAlone, Refusals, Rewrites, at_target, legacy_and_upgraded, upgraded

NAME = "moved-imports"

# A legacy app: on Flask 3.1 / Werkzeug 3.1 it cannot even be imported.
LEGACY_APP = '''
import os

from flask import Flask, Markup, escape, request, safe_join, send_file
from flask.ext.caching import Cache
from werkzeug import check_password_hash, generate_password_hash, secure_filename
from werkzeug.contrib.fixers import ProxyFix
from werkzeug.wrappers import BaseResponse

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, num_proxies=1)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "docs")
PASSWORD_HASH = generate_password_hash("s3cret")
CALLS = []
REQUESTED = []


@app.route("/docs/<path:name>")
def document(name):
    REQUESTED.append(name)
    return send_file(safe_join(DOCS, name))


@app.route("/hello/<name>")
def hello(name):
    return Markup("<b>%s</b>") % escape(name)


@app.route("/clean")
def clean():
    return secure_filename(request.args["file"])


@app.route("/ip")
def ip():
    return request.remote_addr


@app.route("/login", methods=["POST"])
def login():
    return ("welcome", 200) if check_password_hash(PASSWORD_HASH, request.form["password"]) else ("no", 403)


@app.route("/counted")
@cache.cached(timeout=60)
def counted():
    CALLS.append(1)
    return str(len(CALLS))


def is_response(value):
    return isinstance(value, BaseResponse)
'''

PROBE = '''
out = {
    "doc": [client.get("/docs/readme.txt").status_code, client.get("/docs/..%2Fapp.py").status_code],
    "hello": client.get("/hello/<script>").get_data(as_text=True),
    "clean": client.get("/clean?file=../../etc/passwd").get_data(as_text=True),
    "ip": client.get("/ip", headers={"X-Forwarded-For": "203.0.113.7"}).get_data(as_text=True),
    "login": [client.post("/login", data={"password": p}).status_code for p in ("s3cret", "wrong")],
    "counted": [client.get("/counted").get_data(as_text=True) for _ in range(2)],
    "is_response": legacy.is_response(legacy.app.response_class("x")),
    "requested": legacy.REQUESTED,
}
print(json.dumps(out))
'''


def test_the_legacy_app_fails_today_and_works_after_the_rewrite(tmp_path):
    files = {"docs/readme.txt": "read me\n"}
    before, after = legacy_and_upgraded(tmp_path, NAME, {**files, "app.py": LEGACY_APP}, PROBE)
    assert "ImportError" in before["error"] or "ModuleNotFoundError" in before["error"]
    assert after == {
        "doc": [200, 404],  # Flask's safe_join raised NotFound for a path outside the folder: still a 404
        "hello": "<b>&lt;script&gt;</b>",
        "clean": "etc_passwd",
        "ip": "203.0.113.7",
        "login": [200, 403],
        "counted": ["1", "1"],
        "is_response": True,
        "requested": ["readme.txt", "../app.py"],  # the 404 came from the view, not from routing
    }


# -- at the newest target: rewrites, refusals, code left alone ---------------------------------------


class TestUpgrade(Rewrites, Refusals, LeftAlone):
    NAME = NAME
    REWRITES = [
        pytest.param(
            "from flask.ext.sqlalchemy import SQLAlchemy, BaseQuery\n",
            "from flask_sqlalchemy import SQLAlchemy, BaseQuery\n",
            id="from-flask-ext-module",
        ),
        pytest.param(
            "from flask.ext import login as auth, wtf\nm = auth.LoginManager()\n",
            "import flask_login as auth\nimport flask_wtf as wtf\nm = auth.LoginManager()\n",
            id="from-flask-ext-import-module",
        ),
        pytest.param("from flask.ext.caching import *\n", "from flask_caching import *\n", id="star"),
        pytest.param(
            "import flask.ext.sqlalchemy\n\ndb = flask.ext.sqlalchemy.SQLAlchemy()\n",
            "import flask_sqlalchemy\n\ndb = flask_sqlalchemy.SQLAlchemy()\n",
            id="import-flask-ext",
        ),
        pytest.param(
            "import flask.ext.sqlalchemy as fsa\n\ndb = fsa.SQLAlchemy()\n",
            "import flask_sqlalchemy as fsa\n\ndb = fsa.SQLAlchemy()\n",
            id="import-flask-ext-as",
        ),
        pytest.param(  # an alias naming the new module itself would say nothing
            "import flask.ext.login as flask_login\n\nm = flask_login.LoginManager()\n",
            "import flask_login\n\nm = flask_login.LoginManager()\n",
            id="import-flask-ext-as-the-new-name",
        ),
        pytest.param(
            "import flask.ext.sqlalchemy\n\ndb = flask.ext.sqlalchemy.SQLAlchemy()\napp = flask.Flask(__name__)\n",
            "import flask\nimport flask_sqlalchemy\n\ndb = flask_sqlalchemy.SQLAlchemy()\napp = flask.Flask(__name__)\n",
            id="import-flask-ext-keeps-flask-bound",
        ),
        pytest.param(
            "import flask.ext.sqlalchemy, flask.ext.login\n\ndb = flask.ext.sqlalchemy.SQLAlchemy()\n"
            "lm = flask.ext.login.LoginManager()\n",
            "import flask_sqlalchemy\nimport flask_login\n\ndb = flask_sqlalchemy.SQLAlchemy()\n"
            "lm = flask_login.LoginManager()\n",
            id="import-two-flask-ext-modules",
        ),
        pytest.param(
            "from werkzeug import (  # legacy\n    secure_filename,  # uploads\n    Headers\n)\n",
            "# legacy\n# uploads\nfrom werkzeug.utils import secure_filename\nfrom werkzeug.datastructures import Headers\n",
            id="comments-of-a-statement-that-moves-stay",
        ),
        pytest.param(
            "from werkzeug import (\n    Response,  # kept\n    secure_filename,  # uploads\n)\nx = 1\n",
            "from werkzeug import (\n    Response,  # kept\n)\n# uploads\nfrom werkzeug.utils import secure_filename\nx = 1\n",
            id="comments-of-a-name-that-moves-stay",
        ),
        pytest.param(
            "from werkzeug import secure_filename as clean  # noqa: legacy\n",
            "from werkzeug.utils import secure_filename as clean  # noqa: legacy\n",
            id="werkzeug-alias-and-comment",
        ),
        pytest.param(
            "import werkzeug\n\nname = werkzeug.secure_filename(raw)\n",
            "import werkzeug.utils\n\nname = werkzeug.utils.secure_filename(raw)\n",
            id="werkzeug-chain",
        ),
        pytest.param(
            "import flask\nfrom werkzeug.http import parse_date\n\np = flask.safe_join(d, n)\n",
            "import flask\nfrom werkzeug.http import parse_date\nimport werkzeug.utils\n\n"
            "p = werkzeug.utils.safe_join(d, n) or flask.abort(404)\n",
            id="a-module-path-is-no-variable",
        ),
        pytest.param(
            "import flask\n\nx = flask.Markup('<b>')\n",
            "import markupsafe\n\nx = markupsafe.Markup('<b>')\n",
            id="flask-markup-chain",
        ),
        pytest.param(
            "import werkzeug.contrib.fixers\n\napp.wsgi_app = werkzeug.contrib.fixers.ProxyFix(app.wsgi_app)\n",
            "import werkzeug.middleware.proxy_fix\n\napp.wsgi_app = werkzeug.middleware.proxy_fix.ProxyFix(app.wsgi_app)\n",
            id="import-contrib-module-whose-uses-all-moved",
        ),
        pytest.param(
            "from jinja2 import Markup, Environment\n",
            "from jinja2 import Environment\nfrom markupsafe import Markup\n",
            id="jinja2-markup",
        ),
        pytest.param(
            "from werkzeug.wsgi import DispatcherMiddleware, wrap_file\n",
            "from werkzeug.middleware.dispatcher import DispatcherMiddleware\nfrom werkzeug.wsgi import wrap_file\n",
            id="wsgi-middleware",
        ),
        pytest.param(
            "def view(d, p):\n    from flask import safe_join\n    return safe_join(d, p)\n",
            "from flask import abort\n\ndef view(d, p):\n    from werkzeug.utils import safe_join\n    return safe_join(d, p) or abort(404)\n",
            id="safe-join-in-a-function",
        ),
        pytest.param(
            "from flask import abort as stop, safe_join\np = safe_join(a, b)\n",
            "from flask import abort as stop\nfrom werkzeug.utils import safe_join\np = safe_join(a, b) or stop(404)\n",
            id="safe-join-reuses-abort",
        ),
    ]
    REFUSED = [
        ("from flask import safe_join\njoin = safe_join\n", "not a plain call"),
        ("import werkzeug as wz\nname = wz.secure_filename(raw)\n", "imported under another name"),
        ("import flask\nmarkupsafe = None\nx = flask.Markup('<b>')\n", "means something else"),
        ("from flask import safe_join\nabort = None\np = safe_join(a, b)\n", "'abort' is taken"),
        ("from flask import *\nx = Markup('<b>')\n", "Markup (from flask import *) is now markupsafe.Markup"),
        ("from werkzeug.middleware.proxy_fix import ProxyFix\napp.wsgi_app = ProxyFix(app.wsgi_app, num_proxies=n)\n", "x_for"),
    ]
    LEFT_ALONE = [
        pytest.param("try:\n    from flask import Markup\nexcept ImportError:\n    from markupsafe import Markup\n", id="try-markup"),
        pytest.param("try:\n    from flask.ext.sqlalchemy import SQLAlchemy\nexcept ImportError:\n    from flask_sqlalchemy import SQLAlchemy\n", id="try-flask-ext"),
        pytest.param("import flask\nif flask.__version__ < '3':\n    from flask import escape\nelse:\n    from markupsafe import escape\n", id="if-version"),
        pytest.param("import werkzeug\nif hasattr(werkzeug, 'secure_filename'):\n    clean = werkzeug.secure_filename\n", id="if-hasattr"),
        pytest.param("from markupsafe import Markup, escape\nfrom werkzeug.utils import secure_filename\nfrom flask_caching import Cache\n", id="modern"),
        pytest.param("from werkzeug import Request, Response, run_simple\nfrom werkzeug.wrappers import Request as R\n", id="still-top-level"),
        pytest.param("try:\n    from flask.helpers import locked_cached_property\nexcept ImportError:\n    locked_cached_property = None\n", id="try-locked-cached-property"),
    ]


def test_every_use_keeps_working_when_base_request_is_renamed() -> None:
    source = """\
        from werkzeug.wrappers import BaseRequest

        class JSONRequest(BaseRequest):
            pass

        def check(r):
            return isinstance(r, BaseRequest)
        """
    assert upgraded(source, NAME) == textwrap.dedent(
        """\
        from werkzeug.wrappers import Request

        class JSONRequest(Request):
            pass

        def check(r):
            return isinstance(r, Request)
        """
    )


@pytest.mark.parametrize(
    "source, path",
    [
        ("from werkzeug.wrappers import BaseRequest\n\nclass R(BaseRequest):\n    pass\n", "pkg/__init__.py"),
        ("from werkzeug.wrappers import BaseRequest\n__all__ = ['BaseRequest']\n", "compat.py"),
        ("from werkzeug.wrappers import BaseRequest\nfrom flask import Request\n", "app.py"),
    ],
    ids=["package-init", "named-in-all", "new-name-taken"],
)
def test_a_name_other_modules_may_import_keeps_its_name(source: str, path: str) -> None:
    result = run_codemods(source, NAME, path=path)
    assert result.new_text == source.replace("import BaseRequest", "import Request as BaseRequest")


# -- the target version ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, target, rewritten",
    [
        ("from werkzeug.contrib.fixers import ProxyFix\n", (1, 0), False),  # Flask 1.0 allows Werkzeug 0.14
        ("from werkzeug.contrib.fixers import ProxyFix\n", (1, 1), True),
        ("from werkzeug.wrappers import BaseResponse\n", (1, 1), False),
        ("from werkzeug.wrappers import BaseResponse\n", (2, 0), True),
        ("from flask import safe_join\nx = safe_join(a, b)\n", (1, 1), False),
        ("from flask import safe_join\nx = safe_join(a, b)\n", (2, 0), True),
        ("from flask import Markup\n", (1, 0), True),  # markupsafe exists for every Flask
        ("from flask.ext.login import current_user\n", (1, 0), True),
    ],
)
def test_a_rewrite_needs_its_new_form_at_the_target(source: str, target: tuple[int, int], rewritten: bool) -> None:
    new, findings = at_target(source, NAME, target)
    assert (new != source) is rewritten
    assert findings == []


@pytest.mark.parametrize(
    "source, quiet_at, reported_at, says",
    [
        # werkzeug.contrib: said from the target that deprecates it on (Flask 1.1, Werkzeug 0.15; session 33)
        ("from werkzeug.contrib.cache import SimpleCache\n", (1, 0), (2, 0), "cachelib"),
        ("from werkzeug.contrib.securecookie import SecureCookie\n", (1, 0), (2, 0), "secure-cookie"),
        ("from werkzeug import cookie_date\n", (2, 1), (2, 2), "http_date"),  # Flask 2.1 allows Werkzeug 2.0
        ("from werkzeug import parse_authorization_header\n", (2, 3), (3, 0), "Authorization.from_header"),
        ("from werkzeug import *\n", (1, 1), (2, 0), "submodule"),
        ("from flask.helpers import locked_cached_property, url_for\n", (2, 3), (3, 0), "takes no lock"),
        ("import flask.helpers\n\n\nclass Site:\n    @flask.helpers.locked_cached_property\n    def menu(self):\n        return []\n",
         (2, 3), (3, 0), "functools.cached_property"),
    ],
)
def test_a_finding_only_where_the_old_form_is_gone(source, quiet_at, reported_at, says) -> None:
    _, early = at_target(source, NAME, quiet_at)
    assert early == []
    new, late = at_target(source, NAME, reported_at)
    assert len(late) == 1 and says in late[0]
    assert new == source


def test_a_moved_name_that_its_submodule_dropped_later_moves_while_it_lives() -> None:
    new, findings = at_target("from werkzeug import cookie_date, Headers\n", NAME, (2, 0))
    assert new == "from werkzeug.http import cookie_date\nfrom werkzeug.datastructures import Headers\n"
    assert findings == []


def test_target_2_0_rewrites_what_exists_in_2_0_and_reports_the_rest() -> None:
    source = """\
        from flask import Flask, Markup, safe_join
        from flask.ext.caching import Cache
        from werkzeug import secure_filename, cookie_date
        from werkzeug.contrib.cache import SimpleCache
        from werkzeug.wrappers import BaseResponse
        from werkzeug.urls import url_quote
        """
    new, findings = at_target(source, NAME, (2, 0))
    assert "from markupsafe import Markup" in new
    assert "from flask_caching import Cache" in new
    assert "from werkzeug.http import cookie_date" in new  # removed from werkzeug.http only in 2.1
    assert "Response as BaseResponse" in new
    assert "from werkzeug.utils import safe_join, secure_filename" in new  # no use to follow: the import just moves
    assert "from werkzeug.urls import url_quote" in new  # still there in Werkzeug 2.0 (and werkzeug-stdlib's)
    assert findings == ["4: werkzeug.contrib.cache was removed in Werkzeug 1.0: use the cachelib package "
                        "(from cachelib import SimpleCache, ...) or Flask-Caching"]


# -- where it acts ---------------------------------------------------------------------------------


def test_tests_are_upgraded_but_setup_py_never() -> None:
    legacy = "from flask.ext.testing import TestCase\n"
    assert run_codemods(legacy, NAME, path="tests/test_views.py").new_text == "from flask_testing import TestCase\n"
    packaging = "from setuptools import setup\n" + legacy  # a setup.py that runs setuptools
    assert run_codemods(packaging, NAME, path="setup.py").new_text == packaging
    assert not accepts(NAME, packaging, "setup.py")  # its gates say so at once (test_moved_imports_gate.py)
