"""Module-level resources that functions use and nobody releases."""
import atexit
import concurrent.futures as cf
import sqlite3 as sq

from sqlalchemy import create_engine

AUDIT = open("audit.log", "a", encoding="utf-8")  # one handle for the process
atexit.register(AUDIT.close)
db = sq.connect("bookshelf.db", check_same_thread=False)
atexit.register(db.close)

# background work
workers = cf.ThreadPoolExecutor(max_workers=2)
engine = create_engine("postgresql://reports@localhost/reports")
atexit.register(engine.dispose)


def audit(line):
    AUDIT.write(line + "\n")


def books():
    return db.execute("select title from books").fetchall()


def report_async(build):
    return workers.submit(build, engine)
