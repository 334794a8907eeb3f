"""Registrations that would change nothing at exit: concurrent.futures joins its executors
itself, and disposing a SQLite engine (or one whose URL lives elsewhere) releases nothing a
server would notice."""
import os
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine

from .settings import DATABASE_URI

pool = ThreadPoolExecutor(max_workers=3)
local = create_engine("sqlite:///{0}".format(os.path.join("var", "cache.db")), echo=False)
configured = create_engine(DATABASE_URI)


def warm(keys):
    return list(pool.map(len, keys)), local.url, configured.url
