"""static-max-age: a hook run after every request sets Cache-Control on every response when
every way through it that hands a response back passes a write of the header: both branches of
an if/else, every branch of an elif chain with an else, a try and its handlers. A hook with a
way around the write — an if without else, an early return before it, a loop that may not run
— may leave the static files alone, and is named only as one that may reach them."""

from __future__ import annotations

import textwrap

import pytest

from helpers import DEPLOYED, finding_messages, load_source, run_codemods

STYLESHEET = {"static/site.css": "body { color: navy }\n"}
BASE = """\
from flask import Flask, request

app = Flask(__name__)


"""
EVERY = "sets Cache-Control on every response in a hook (app.py:"
MAY = "sets Cache-Control in a hook run after every request, under a condition (app.py:"


def _message(hook: str) -> str:
    source = BASE + textwrap.dedent(hook)
    result = run_codemods(source, "static-max-age", files={**STYLESHEET, **DEPLOYED}, dedent=False)
    assert result.new_text == source
    [message] = finding_messages(result)
    return message


IF_ELSE = """\
@app.after_request
def caching(response):
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    else:
        response.headers["Cache-Control"] = "public, max-age=60"
    return response
"""


def test_why_an_if_else_that_sets_the_header_on_both_branches_reaches_the_static_files(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text(STYLESHEET["static/site.css"])
    with load_source(tmp_path, BASE + IF_ELSE, stem="if_else_site").app.test_client() as client:
        assert client.get("/static/site.css").cache_control.max_age == 60


@pytest.mark.parametrize(
    "hook",
    [
        IF_ELSE,
        # an elif chain that ends in an else
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/api/"):
                response.headers["Cache-Control"] = "no-store"
            elif request.path.startswith("/static/"):
                response.cache_control.max_age = 600
            else:
                response.headers.set("Cache-Control", "no-cache")
            return response
        """,
        # each branch returns after its own write
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/api/"):
                response.headers["Cache-Control"] = "no-store"
                return response
            response.headers["Cache-Control"] = "public, max-age=60"
            return response
        """,
        # a try and its handler
        """\
        @app.after_request
        def caching(response):
            try:
                response.cache_control.max_age = int(request.args["age"])
            except (KeyError, ValueError):
                response.cache_control.max_age = 60
            return response
        """,
        # the condition only picks the value
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/api/"):
                value = "no-store"
            else:
                value = "public, max-age=60"
            response.headers["Cache-Control"] = value
            return response
        """,
        """\
        @app.after_request
        def caching(response):
            match request.blueprint:
                case "api":
                    response.headers["Cache-Control"] = "no-store"
                case _:
                    response.headers["Cache-Control"] = "public, max-age=60"
            return response
        """,
    ],
    ids=["if-else", "elif-else", "returns-in-branches", "try-except", "written-after-the-if", "match-with-catch-all"],
)
def test_a_hook_that_sets_the_header_on_every_path_sets_it_on_every_response(hook):
    assert EVERY in _message(hook)


@pytest.mark.parametrize(
    "hook",
    [
        # an elif chain without an else
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/api/"):
                response.headers["Cache-Control"] = "no-store"
            elif request.path.startswith("/admin/"):
                response.headers["Cache-Control"] = "private"
            return response
        """,
        # an early return before the write
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/static/"):
                return response
            response.headers["Cache-Control"] = "no-store"
            return response
        """,
        # a return in one branch, before any write
        """\
        @app.after_request
        def caching(response):
            if request.path.startswith("/api/"):
                response.headers["Cache-Control"] = "no-store"
            else:
                return response
            return response
        """,
        # a loop that may run no time
        """\
        @app.after_request
        def caching(response):
            for prefix in app.config["NO_CACHE"]:
                response.headers["Cache-Control"] = "no-store"
            return response
        """,
        # the header is only looked at by the condition
        """\
        @app.after_request
        def caching(response):
            if "Cache-Control" not in response.headers:
                response.headers["Cache-Control"] = "no-store"
            return response
        """,
        # written only by the branch of a conditional expression
        """\
        @app.after_request
        def caching(response):
            response.headers.set("Cache-Control", "no-store") if request.is_json else None
            return response
        """,
        """\
        @app.after_request
        def caching(response):
            match request.blueprint:
                case "api":
                    response.headers["Cache-Control"] = "no-store"
                case "admin":
                    response.headers["Cache-Control"] = "private"
            return response
        """,
    ],
    ids=["elif-without-else", "early-return", "return-in-else", "loop", "test-only", "conditional-expression", "match-without-catch-all"],
)
def test_a_hook_with_a_way_around_the_write_may_reach_the_static_files(hook):
    assert MAY in _message(hook)
