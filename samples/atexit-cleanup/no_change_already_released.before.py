"""Resources the module already releases: nothing to do."""
import atexit
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy

AUDIT = open("audit.log", "a")
atexit.register(AUDIT.close)

db = sqlite3.connect("app.db")

engine = sqlalchemy.create_engine("sqlite:///cache.db")

pool = ThreadPoolExecutor(max_workers=4)

header = open("header.txt")
HEADER = header.read()
header.close()

with open("motd.txt") as motd:
    MOTD = motd.read()


@atexit.register
def _shutdown():
    db.commit()
    db.close()
    pool.shutdown(wait=True)


atexit.register(lambda: engine.dispose())


def audit(line):
    AUDIT.write(line + "\n")
