"""The ``teardown`` codemod's findings instead of rewrites, and what it does not take for a
connection to close."""

from __future__ import annotations

import textwrap

from helpers import assert_left_alone, assert_refused, finding_messages, run_codemods
from teardown_support import getter, teardown, teardown_sample


# the openings the findings' cases share: an app whose getter keeps a connection on g, and
# an app that opens one on g before each request
APP_WITH_GETTER = "import sqlite3\nfrom flask import Flask, g\n\napp = Flask(__name__)\n\n" + getter()

OPENED_BEFORE_EACH_REQUEST = """\
import sqlite3
from flask import Flask, g

app = Flask(__name__)

@app.before_request
def open_db():
    g.db = sqlite3.connect("x.db")
"""


def test_teardown_signal_receiver_that_closes_counts():
    source = (
        "import sqlite3\nfrom flask import Flask, g\nfrom flask.signals import request_tearing_down\n\n"
        "app = Flask(__name__)\n\n"
        + getter()
        + "\n@request_tearing_down.connect_via(app)\ndef close_db(sender, **extra):\n    g.db.close()\n"
    )
    assert_left_alone("teardown", textwrap.dedent(source))


def test_module_global_connection_is_a_finding_not_a_rewrite():
    source = """\
        import psycopg2
        import sqlite3
        from flask import Flask

        app = Flask(__name__)
        conn = psycopg2.connect(dbname="shop")

        def reconnect():
            global conn
            conn = sqlite3.connect("shop.db")
        """
    result = run_codemods(source, "teardown")
    assert result.new_text == textwrap.dedent(source)
    messages = finding_messages(result)
    assert len(messages) == 2
    assert messages[0].startswith("6: teardown: conn = psycopg2.connect(...) is one connection shared by every request")
    assert "open it per request or use a pool" in messages[0]
    assert messages[1].startswith("10: ")


def test_no_place_finding_says_where_and_why():
    result = run_codemods(teardown_sample("refuse_no_place.before.py"), "teardown", dedent=False)
    (message,) = finding_messages(result)
    assert message.startswith("8: teardown: g.db = pymysql.connect(...)")
    assert "nothing closes" in message and "runs out of connections" in message


def test_two_apps_in_one_module_is_a_finding():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        admin = Flask("admin")

        def get_db():
            g.db = sqlite3.connect("x.db")
            return g.db
        """
    assert_refused("teardown", textwrap.dedent(source), "several apps (admin, app)")


def test_connection_closed_by_hand_without_pop_is_left_alone():
    assert_refused("teardown", teardown_sample("refuse_closed_by_hand.before.py"), "closed in stock() but not at teardown")


def test_closed_by_hand_with_pop_still_gets_a_teardown():
    source = APP_WITH_GETTER + textwrap.dedent(
        """
        @app.route("/")
        def index():
            rows = get_db().execute("SELECT 1").fetchall()
            g.pop("db").close()
            return str(rows)
        """
    )
    after = teardown(source)
    assert "@app.teardown_appcontext" in after


def test_teardown_handler_that_uses_the_connection_blocks_the_rewrite():
    source = OPENED_BEFORE_EACH_REQUEST + textwrap.dedent(
        """
        @app.teardown_request
        def commit(exception):
            if exception is None:
                g.db.commit()
        """
    )
    assert_refused("teardown", textwrap.dedent(source), "commit() uses g.db but does not close it")


def test_after_request_that_does_more_is_a_finding():
    result = run_codemods(teardown_sample("refuse_after_request_does_more.before.py"), "teardown", dedent=False)
    (message,) = finding_messages(result)
    assert "commit_and_close() closes g.db" in message and "exception escapes the request" in message


def test_after_request_closer_that_is_also_called_directly_is_left_alone():
    source = OPENED_BEFORE_EACH_REQUEST + textwrap.dedent(
        """
        @app.after_request
        def close_db(response):
            g.db.close()
            return response

        def finish(response):
            return close_db(response)
        """
    )
    assert_refused("teardown", textwrap.dedent(source), "it is also called directly")


def test_one_line_after_request_from_old_flaskr_is_moved():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        def connect_db():
            return sqlite3.connect(app.config["DATABASE"])

        @app.before_request
        def before_request():
            g.db = connect_db()

        @app.after_request
        def after_request(response): g.db.close(); return response
        """
    after = teardown(source)
    assert after.endswith(
        '@app.teardown_appcontext\ndef after_request(exception=None):\n'
        '    db = g.pop("db", None)\n    if db is not None:\n        db.close()\n'
    )


def test_setdefault_opens_a_connection_per_call_finding():
    result = run_codemods(teardown_sample("setattr_and_setdefault.before.py"), "teardown", dedent=False)
    expected = 'g.setdefault("cache", redis.Redis(...)) opens a new connection on every call'
    assert any(expected in message for message in finding_messages(result))
    assert "cache_conn = g.pop(\"cache\", None)" not in result.new_text  # `cache` is free here
    assert 'cache = g.pop("cache", None)' in result.new_text


def test_signal_connect_and_module_redis_client_are_not_connections_to_close():
    assert_left_alone("teardown", teardown_sample("no_connection_on_g.before.py"))


def test_local_function_named_connect_that_returns_no_connection():
    source = """\
        from flask import Flask, g

        app = Flask(__name__)

        def connect():
            return {"fake": True}

        def get_db():
            g.db = connect()
            return g.db
        """
    assert teardown(source) == textwrap.dedent(source)


def test_getter_handing_out_a_shared_connection_is_not_closed():
    source = """\
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)
        SHARED = sqlite3.connect("x.db", check_same_thread=False)

        def get_connection():
            return SHARED

        def get_db():
            g.db = get_connection()
            return g.db
        """
    result = run_codemods(source, "teardown")
    assert result.new_text == textwrap.dedent(source)
    assert [m.split(":")[0] for m in finding_messages(result)] == ["5"]


def test_a_driver_atexit_cleanup_knew_is_a_connection_here_too():
    """One catalogue of DB-API connects for teardown and atexit-cleanup: pymssql, which only
    atexit-cleanup knew, opens a connection teardown closes."""
    source = """\
        import pymssql
        from flask import Flask, g

        app = Flask(__name__)

        def get_db():
            if "db" not in g:
                g.db = pymssql.connect(server="shop")
            return g.db
        """
    after = teardown(source)
    assert '@app.teardown_appcontext\ndef close_db(exception=None):\n    db = g.pop("db", None)' in after
