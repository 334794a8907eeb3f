"""The calls that create a resource someone must release, keyed by qualified name.

One catalogue for every codemod that releases resources: file, archive and URL openers (a
handle that is its own context manager), DB-API connections, redis clients, thread and
process pools, SQLAlchemy engines and scoped sessions, and the connection pools whose
connections are handed out and taken back, never closed per request. Data, and one rule for
reading it (``factory_names``); each codemod decides what it does with an entry. Keys are
what LibCST's QualifiedNameProvider (or the gates' ``_ast_facts``) resolves a callee to, so a
spelling alone never matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._flask import qualified_names
from ._names import dotted_name


def managed_on(spec: OpenerSpec, python: tuple[int, ...]) -> bool:
    """Whether ``spec``'s handle is a context manager on ``python`` (a release, ``(2, 6)``).
    ``(3, 0)`` counts as any Python 3: a bound at the major's first release is how projects
    write "Python 3" (calibre-web's ``python_requires='>=3.0'``, beside classifiers from 3.5
    and ``u''`` literals that 3.0 to 3.2 reject)."""
    if spec.managed_since is None or python[0] not in (2, 3) or tuple(python[:2]) == (3, 0):
        return True
    return tuple(python[:2]) >= spec.managed_since[python[0] - 2]


def factory_names(call: cst.Call, names_of: Callable[[cst.CSTNode], set[str]]) -> set[str]:
    """What ``call`` may create, to look up in this catalogue: the qualified names
    ``names_of`` gives its callee, when the callee is spelled as a name or a dotted name
    (``open``, ``sqlite3.connect``); nothing for a callee that is a method of (or a call on)
    another call's result: ``open(p).read()`` returns the text, not the file, and
    ``make()()`` is not ``make()`` (``_metadata.names_statically`` is the same rule for any
    node a codemod looks up)."""
    return names_of(call.func) if dotted_name(call.func) is not None else set()


def created_by(wrapper: MetadataWrapper, call: cst.Call) -> set[str]:
    """``factory_names`` of ``call``, named by LibCST's QualifiedNameProvider."""
    return factory_names(call, lambda func: qualified_names(wrapper, func))


@dataclass(frozen=True)
class OpenerSpec:
    """A call that returns a handle which must be closed (and is its own context manager)."""

    family: str  # "file", "zip", "tar" or "url": which methods and attributes the handle has
    mode_position: int | None  # where the mode argument is, positionally (None: no mode)
    mode_keyword: str | None
    default_mode: str
    # the Python 2 and Python 3 releases from which the handle is a context manager (None:
    # every Python that has the opener): GzipFile, BZ2File, TarFile and ZipFile from 2.7
    managed_since: tuple[tuple[int, int], tuple[int, int]] | None = None


# The functions that open a file by name (or wrap a file) and return a file object.
FILE_OPEN_FUNCTIONS = ("builtins.open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open")
_TEXT_FILE = OpenerSpec("file", 1, "mode", "r")
_COMPRESSED_FILE = OpenerSpec("file", 1, "mode", "rb")
_MANAGED_FROM_2_7 = OpenerSpec("file", 1, "mode", "rb", ((2, 7), (3, 1)))  # (gzip.open returns a GzipFile on Python 2)
_TAR = OpenerSpec("tar", 1, "mode", "r", ((2, 7), (3, 2)))
_ZIP = OpenerSpec("zip", 1, "mode", "r", ((2, 7), (3, 2)))

OPENERS: Mapping[str, OpenerSpec] = {
    **{name: _TEXT_FILE for name in ("builtins.open", "io.open", "codecs.open")},
    **{name: _COMPRESSED_FILE for name in ("bz2.open", "lzma.open")},
    "gzip.open": _MANAGED_FROM_2_7,
    "gzip.GzipFile": _MANAGED_FROM_2_7,
    "bz2.BZ2File": _MANAGED_FROM_2_7,
    "lzma.LZMAFile": _COMPRESSED_FILE,
    "tarfile.open": _TAR,
    "zipfile.ZipFile": _ZIP,
    "urllib.request.urlopen": OpenerSpec("url", None, None, "r"),
    # the same handles made by their classes (and the classes' own openers)
    "tarfile.TarFile": _TAR,
    **{f"tarfile.TarFile.{name}": _TAR for name in ("open", "taropen", "gzopen", "bz2open", "xzopen")},
    "zipfile.PyZipFile": _ZIP,
    "io.FileIO": _TEXT_FILE,
    "os.fdopen": _TEXT_FILE,
}

# DB-API 2 ``connect`` functions (and the connection classes some drivers export): each call
# opens a new connection, released by ``close()``.
DBAPI_CONNECTS = frozenset(
    {
        "sqlite3.connect",
        "sqlite3.dbapi2.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "psycopg.Connection.connect",
        "pymysql.connect",
        "pymysql.Connect",
        "pymysql.connections.Connection",
        "MySQLdb.connect",
        "MySQLdb.Connect",
        "mysql.connector.connect",
        "pyodbc.connect",
        "oracledb.connect",
        "cx_Oracle.connect",
        "pg8000.connect",
        "mariadb.connect",
        "pymssql.connect",
    }
)

# redis clients: each holds connections (from its own pool), released by ``close()``.
REDIS_CLIENTS = frozenset(
    {
        "redis.Redis",
        "redis.StrictRedis",
        "redis.client.Redis",
        "redis.client.StrictRedis",
        "redis.from_url",
        "redis.Redis.from_url",
        "redis.StrictRedis.from_url",
    }
)

# Thread and process pools, released by ``shutdown()``.
EXECUTORS = frozenset(
    {
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures.thread.ThreadPoolExecutor",
        "concurrent.futures.process.ProcessPoolExecutor",
    }
)

# SQLAlchemy engines: a pool of connections of its own, released by ``dispose()``;
# ``engine.connect()`` checks one connection out, and its ``close()`` gives it back.
ENGINES = frozenset(
    {"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine", "sqlalchemy.engine.create.create_engine"}
)

# SQLAlchemy's thread-local session registries, released by ``remove()``.
SCOPED_SESSIONS = frozenset({"sqlalchemy.orm.scoped_session", "sqlalchemy.orm.scoping.scoped_session"})

# Connection pools: what they hand out is taken back by the pool (``putconn``, ``release``),
# so a connection got from one is never closed per request, and the pool itself lives as long
# as the process. (Engines are pools too: see ENGINES.)
CONNECTION_POOLS = frozenset(
    {
        "psycopg2.pool.SimpleConnectionPool",
        "psycopg2.pool.ThreadedConnectionPool",
        "psycopg2.pool.PersistentConnectionPool",
        "psycopg_pool.ConnectionPool",
        "psycopg_pool.NullConnectionPool",
        "mysql.connector.pooling.MySQLConnectionPool",
        "redis.ConnectionPool",
        "redis.BlockingConnectionPool",
        "redis.connection.ConnectionPool",
        "redis.connection.BlockingConnectionPool",
        "sqlalchemy.pool.QueuePool",
        "sqlalchemy.pool.SingletonThreadPool",
        "sqlalchemy.pool.StaticPool",
        "dbutils.pooled_db.PooledDB",
        "DBUtils.PooledDB.PooledDB",
    }
)
