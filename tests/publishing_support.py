"""A small publishing app for the tests of what a project's own tests pin (http-timeout's
asserted calls): a view posts to Twitter, another to a blog, each module posting to a URL
constant of its own; the tests lay it out under ``tmp_path`` with their own test module."""

from __future__ import annotations

from typing import Any

VIEWS = """\
from flask import Flask, request

from . import blog, twitter

app = Flask(__name__)


@app.route("/publish", methods=["POST"])
def publish():
    twitter.tweet(request.form["text"])
    return "ok"


@app.route("/blog", methods=["POST"])
def post_to_blog():
    blog.publish(request.form["text"])
    return "ok"
"""

TWITTER = """\
import requests

CREATE_URL = "https://api.twitter.example/1.1/statuses/update.json"


def tweet(text):
    return requests.post(CREATE_URL, data={"status": text})
"""

BLOG = """\
import requests

POST_URL = "https://blog.example/api/posts"


def publish(text):
    return requests.post(POST_URL, data={"status": text})
"""


def lay_out_publishing(root: Any, test: str, *, blog: str = BLOG, twitter: str = TWITTER, views: str = VIEWS,
                       files: dict[str, str] | None = None) -> None:
    """Writes the app (package ``shop``) and ``tests/test_views.py`` (``test``) under ``root``,
    then ``files`` (root-relative path -> text)."""
    (root / "requirements.txt").write_text("Flask\nrequests\n")
    package = root / "shop"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(views)
    (package / "twitter.py").write_text(twitter)
    (package / "blog.py").write_text(blog)
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_views.py").write_text(test)
    for relative, text in (files or {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
