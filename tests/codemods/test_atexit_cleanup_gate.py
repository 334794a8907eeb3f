"""The gates of atexit-cleanup: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "atexit-cleanup"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # not at module level, or not a known creator
        ("def load(p):\n    f = open(p)\n    return f.read()\n", "load.py"),
        ("import logging\nLOG = logging.getLogger(__name__)\nreopen()\n", "log.py"),
        ("import socket\nconn = socket.create_connection(('h', 1))\nother = signal.connect(x)\n", "net.py"),
    ]
    ACCEPTED = [
        ("LOG = open('audit.log', 'a')\n", "log.py"),
        ("from concurrent.futures import ThreadPoolExecutor as Pool\npool = Pool()\n", "jobs.py"),
        ("import sqlite3 as sq\ndb: object = sq.connect('x')\n", "db.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
