"""teardown: a connection a test harness injects into ``g`` for the length of a with-block is
the harness's own.

WP1's ``wp1/web/base_web_testcase.py`` (a ``unittest`` base class beside the app, imported only
by its ``*_test.py`` modules) hands each test request its databases through
``appcontext_pushed.connected_to(handler, app)``, the Flask documentation's way of faking
resources in tests: blinker connects the receiver for the with-block only, and the code around
it owns what it opens. The codemod reported "g.wikidb = self.connect_wiki_db(...) opens a
connection that nothing closes" there. A receiver connected by ``connected_to`` is left alone;
one connected for good (``appcontext_pushed.connect(handler, app)``) still opens a connection
per app context, as before.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

HARNESS = """\
from contextlib import contextmanager
import sqlite3
import unittest

from flask import Flask, appcontext_pushed, g


class BaseWebTestcase(unittest.TestCase):
    def setUp(self):
        self.app = Flask(__name__)

    def connect_wiki_db(self):
        return sqlite3.connect(":memory:")

    @contextmanager
    def override_db(self, app):
        def handler(sender, **kwargs):
            g.wikidb = self.connect_wiki_db()

        with appcontext_pushed.connected_to(handler, app):
            yield
"""


def test_a_receiver_connected_for_a_with_block_is_left_alone():
    result = run_codemods(HARNESS, "teardown", path="wp/web/base_web_testcase.py", files={})
    assert result.new_text == HARNESS
    assert not [m for m in finding_messages(result) if "wikidb" in m], finding_messages(result)


def test_a_receiver_connected_for_good_is_still_handled():
    source = HARNESS.replace(
        "        with appcontext_pushed.connected_to(handler, app):\n            yield\n",
        "        appcontext_pushed.connect(handler, app)\n        yield\n",
    )
    result = run_codemods(source, "teardown", path="wp/web/base_web_testcase.py", files={})
    assert result.new_text != source or [m for m in finding_messages(result) if "wikidb" in m]
