"""atexit-cleanup: module-level files, connections and server engines are released at exit.

The class holds the documentation, the gates and the wiring; ``_atexit_cleanup_analysis``
reads the module, ``_atexit_cleanup_plan`` decides, ``_atexit_cleanup_rewrite`` inserts.
"""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._text_gates import starts_word
from ._atexit_cleanup_analysis import METADATA, RESOURCES, analyze
from ._atexit_cleanup_gate import may_register
from ._atexit_cleanup_plan import plan
from ._atexit_cleanup_rewrite import insert_registrations
from ._base import APPLICATION, EXAMPLES, Codemod, Context
from ._import_style import straight_imports_first

# the last names of the creators, as words (at the start of a word: see _text_gates.starts_word)
_CREATOR_WORD = re.compile(r"(?:" + "|".join(sorted({name.rsplit(".", 1)[-1] for name in RESOURCES})) + r")\b")


class AtexitCleanup(Codemod):
    """Close module-level files, connections and database-server engines when the program exits.

    Why: a resource created at import time — a log file, a SQLite connection, a thread pool,
    a SQLAlchemy engine — lives as long as the process, and legacy code rarely releases it.
    At exit, whatever the garbage collector does not get to stays unreleased: buffered writes
    reach the disk only if the file object happens to be finalized, ``python -X dev`` reports
    ``ResourceWarning: unclosed file``, database connections are dropped instead of closed.
    Registering the release with ``atexit`` makes it explicit and ordered: it runs while the
    interpreter is still whole, before module teardown.

    What it rewrites: a module-level statement ``NAME = <creator>(...)`` whose creator is
    (resolved by qualified name, so ``import sqlite3 as sq`` and ``from concurrent.futures
    import ThreadPoolExecutor`` are understood, a local ``def open`` is not):

    - ``open``, ``io.open``, ``codecs.open``, ``gzip/bz2/lzma.open`` → ``NAME.close``
    - ``sqlite3.connect`` and the ``connect`` of psycopg2, psycopg, pymysql, MySQLdb,
      mysql.connector, pyodbc, cx_Oracle, oracledb, pg8000, mariadb, pymssql → ``NAME.close``
    - ``sqlalchemy.create_engine`` → ``NAME.dispose``, when the URL the module writes names a
      database server (``"postgresql://..."``, an f-string or ``.format`` that starts so)

    gets ``atexit.register(NAME.<method>)`` on the line right after it; ``import atexit`` is
    added once (an existing ``import atexit as x`` is reused).

    Before::

        import sqlite3

        LOG = open("audit.log", "a")
        db = sqlite3.connect("app.db")

    After::

        import atexit
        import sqlite3

        LOG = open("audit.log", "a")
        atexit.register(LOG.close)
        db = sqlite3.connect("app.db")
        atexit.register(db.close)

    Left alone because a registration would change nothing at exit: executors
    (``concurrent.futures`` already joins every executor's workers when the interpreter
    exits, before any atexit handler runs), SQLite engines (their pool holds only local file
    handles), engines whose URL the module does not spell out (a setting, a value from
    another file: it may well be SQLite), and engines that a Session made at import works
    through (``session = sessionmaker(bind=engine)()``, ``Session(engine)``): the Session
    holds its pooled connection until it commits, rolls back or closes, and ``dispose()``
    closes only the connections back in the pool, so at exit it may close nothing.

    The open-with codemod runs first and turns a module-level handle that no function uses
    into a with-block; what is left for this codemod are the globals that functions use.

    Left alone, silently: a resource the module already releases — ``NAME.close()`` (or
    ``shutdown`` / ``dispose``) at module level, ``with NAME:`` at module level for a file or
    an executor, or an existing ``atexit`` registration that releases it
    (``atexit.register(NAME.close)``, a registered function or lambda that calls it).

    Refused, with a finding:

    - the name is bound again or deleted at module level (or through ``global`` in a
      function): the registration would release the wrong object, or keep a dropped one open;
    - for files and connections, code that may still use them while the program exits:
      an exit handler registered earlier (or inside a function) that uses the name (exit
      handlers run last-registered first, so it would run after the close), a ``__del__``
      method that uses it, daemon threads started by the module, or the object handed to
      other code at module level (``handler = logging.StreamHandler(LOG)``) that may keep it;
    - a file that wraps an existing file descriptor (``open(1, "w")``): closing it would close
      that descriptor for the rest of the exit;
    - a module where the name ``atexit`` means something else.

    Not recognised (left alone): resources created inside functions, classes, ``if`` or
    ``try`` blocks, and statements that bind several names.

    Where: test code too (``tests/``, ``conftest.py``...: a module-level log file or database
    of a test module leaks the same way, and this codemod is about releasing resources), but
    never ``setup.py``, which runs once at build time.

    Options: none.
    """

    NAME = "atexit-cleanup"
    SUMMARY = "Register module-level files, connections and database-server engines for release at exit."
    SAFETY = "safe"
    ACTS_ON = (APPLICATION, EXAMPLES)  # a hook closes what an example app opens too; tests: fixtures own lifetimes
    ORDER = 80
    METADATA = METADATA

    def applies_to(self, source: str) -> bool:
        """The last name of a creator (``open``, ``connect``, ``ThreadPoolExecutor`` ...): it is
        spelled in the call or in the import that renames it (``import ... as Pool``)."""
        return starts_word(_CREATOR_WORD, source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A module-level ``NAME = <creator>(...)`` whose callee may be a creator whose release
        changes something (not an executor, nor an engine whose URL is not a server's): nothing
        else is registered or reported. See _atexit_cleanup_gate."""
        return may_register(tree)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        # The tree gate again, on the tree as the codemods before left it (open-with turns a
        # module-level ``LOG = open(...)`` into a ``with`` block): a standard-library parse
        # of its code costs a fraction of the scope analysis it spares.
        current = ctx.python_tree(module)
        if current is not None and not may_register(current):
            return module
        wrapper = ctx.metadata(module, self.METADATA)
        found = analyze(wrapper)
        if not found.resources:
            return module
        inserts = plan(wrapper, found, ctx)
        if not inserts:
            return module
        ctx.rewrote(len(inserts))
        imported = found.atexit_import_index is not None
        return insert_registrations(wrapper.module, inserts, found.atexit_name, imported, straight_imports_first(ctx))
