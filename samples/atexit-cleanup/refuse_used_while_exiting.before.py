"""Code that may still use the file or connection while the program exits (findings)."""
import atexit
import logging
import sqlite3
import sys


@atexit.register
def goodbye():
    # registered before LOG exists: runs after any handler registered later
    LOG.write("bye\n")


LOG = open("app.log", "a")

STDOUT_COPY = open(sys.stdout.fileno(), "w")

TRACE = open("trace.log", "w")
handler = logging.StreamHandler(TRACE)

db = sqlite3.connect("app.db")


class Cursor:
    def __del__(self):
        db.commit()
