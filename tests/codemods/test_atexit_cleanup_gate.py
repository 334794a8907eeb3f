"""The gates of atexit-cleanup: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "atexit-cleanup"
    REJECTED = [
        # not at module level, or not a known creator
        ("def load(p):\n    f = open(p)\n    return f.read()\n", "load.py"),
        ("import logging\nLOG = logging.getLogger(__name__)\nreopen()\n", "log.py"),
        ("import socket\nconn = socket.create_connection(('h', 1))\nother = signal.connect(x)\n", "net.py"),
        # a packaging script, whatever it holds
        ("README = open('README.rst')\nsetup(long_description=README.read())\n", "setup.py"),
        # test code: its fixtures own what it opens (Codemod.ACTS_ON)
        ("import sqlite3\nDB = sqlite3.connect(':memory:')\n", "tests/conftest.py"),
    ]
    ACCEPTED = [
        ("LOG = open('audit.log', 'a')\n", "log.py"),
        ("from concurrent.futures import ThreadPoolExecutor as Pool\npool = Pool()\n", "jobs.py"),
        ("import sqlite3 as sq\ndb: object = sq.connect('x')\n", "db.py"),
        # an example app: released as the app is
        ("import sqlite3\nDB = sqlite3.connect(':memory:')\n", "examples/shop.py"),
    ]
