"""atexit-cleanup: text rewrites through the real engine, and what a real interpreter does at exit.

The behaviour test imports a legacy module in a fresh ``python -X dev`` process (which shows
ResourceWarnings) and watches the exit from a probe: an exit handler registered *before* the
module is imported, so it runs *after* the module's own handlers (atexit runs handlers last
registered first) and before module teardown.

What CPython 3.11 really does with the original module, observed here: the unclosed file's
buffered data is still only in memory while the exit handlers run; CPython's finalizer writes
it during module teardown, after every exit handler, with a ``ResourceWarning: unclosed
file``. The SQLite connection and the engine's pooled connection are still open when the
handlers run. Executors are already shut down by concurrent.futures' own exit hook, so a
registration for them would change nothing, and neither would disposing a SQLite engine:
neither is registered. After the rewrite, the module's own exit handlers have flushed and
closed the file and closed the connection by the time the probe runs, and no
ResourceWarning is printed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from gate_checks import opened, output_with_gates_open
from helpers import finding_messages, rewrite, run_codemods

from flask_codemod import engine
from flask_codemod.codemods import get_codemod

NAME = "atexit-cleanup"

LEGACY_MODULE = '''\
"""A legacy module: resources opened at import, used by functions, never released."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy

AUDIT = open("audit.log", "w")
db = sqlite3.connect("app.db")
workers = ThreadPoolExecutor(max_workers=1)
engine = sqlalchemy.create_engine("sqlite:///engine.db")


def audit(line):
    AUDIT.write(line + "\\n")


audit("imported")
db.execute("create table if not exists events (name text)")
workers.submit(audit, "from a worker").result()
with engine.connect() as connection:
    connection.exec_driver_sql("select 1")
'''

PROBE = '''\
import atexit, json, os, sqlite3, sys

sys.path.insert(0, os.getcwd())


def probe():
    legacy = sys.modules["legacy"]
    with open("audit.log") as handle:
        on_disk = handle.read()
    try:
        legacy.db.execute("select 1")
        db_open = True
    except sqlite3.ProgrammingError:
        db_open = False
    state = {
        "audit_on_disk": on_disk,
        "audit_closed": legacy.AUDIT.closed,
        "db_open": db_open,
        "engine_pooled": legacy.engine.pool.checkedin(),
        "workers_shut_down": legacy.workers._shutdown,
    }
    print(json.dumps(state), flush=True)


atexit.register(probe)  # registered first: runs last, after the module's own handlers
import legacy
'''


def run_at_exit(folder, source: str) -> tuple[dict, str, str]:
    """Import ``source`` as module ``legacy`` in a fresh ``python -X dev`` and let it exit.
    Returns what the probe saw at exit, the final audit.log, and stderr."""
    (folder / "legacy.py").write_text(source)
    completed = subprocess.run(
        [sys.executable, "-X", "dev", "-c", PROBE],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout), (folder / "audit.log").read_text(), completed.stderr


def test_at_exit_before_and_after(tmp_path):
    before_dir = tmp_path / "before"
    after_dir = tmp_path / "after"
    before_dir.mkdir()
    after_dir.mkdir()
    written = "imported\nfrom a worker\n"

    seen, final, stderr = run_at_exit(before_dir, LEGACY_MODULE)
    assert "ResourceWarning: unclosed file" in stderr and "audit.log" in stderr
    assert seen == {
        "audit_on_disk": "",  # still in the buffer while the exit handlers run
        "audit_closed": False,
        "db_open": True,
        "engine_pooled": 1,
        # concurrent.futures' own exit hook (it runs before atexit handlers) already stops
        # the workers: for executors the registration makes explicit what happens anyway
        "workers_shut_down": True,
    }
    assert final == written  # written later by CPython's finalizer, with the warning

    rewritten = rewrite(LEGACY_MODULE, NAME, dedent=False)
    for line in ("atexit.register(AUDIT.close)", "atexit.register(db.close)"):
        assert line in rewritten
    # registrations that would change nothing at exit are not made: concurrent.futures
    # already joins the workers, and a SQLite engine's pool holds only a local file's handle
    for line in ("atexit.register(workers.shutdown)", "atexit.register(engine.dispose)"):
        assert line not in rewritten
    seen, final, stderr = run_at_exit(after_dir, rewritten)
    assert "ResourceWarning" not in stderr, stderr
    assert seen == {
        "audit_on_disk": written,  # flushed by the module's own exit handler
        "audit_closed": True,
        "db_open": False,
        "engine_pooled": 1,  # as before: left to the interpreter, like any local file
        "workers_shut_down": True,
    }
    assert final == written


# -- text -------------------------------------------------------------------------------------


def test_import_added_once_and_idempotent():
    source = """
        import sqlite3

        a = open("a.log", "w")
        b = sqlite3.connect("b.db")
    """
    result = run_codemods(source, NAME)
    assert result.new_text.count("import atexit") == 1
    assert result.rewrites == {NAME: 2}
    again = run_codemods(result.new_text, NAME, dedent=False)
    assert again.new_text == result.new_text and again.rewrites == {} and again.findings == []


def test_module_without_imports_gets_the_import_first():
    assert rewrite('LOG = open("x.log", "a")\n', NAME) == 'import atexit\n\nLOG = open("x.log", "a")\natexit.register(LOG.close)\n'


def test_atexit_name_taken_is_refused():
    result = run_codemods(
        """
        from helpers import atexit

        LOG = open("x.log", "a")
        """,
        NAME,
    )
    assert result.new_text == textwrap.dedent('\n        from helpers import atexit\n\n        LOG = open("x.log", "a")\n        ')
    assert finding_messages(result) == [
        "4: atexit-cleanup: 'LOG' is not registered for close() at exit: the name 'atexit' means something else in this module"
    ]


def test_handler_registered_later_does_not_block():
    source = """
        import atexit

        LOG = open("x.log", "a")


        def bye():
            LOG.write("bye")


        atexit.register(bye)
    """
    assert "atexit.register(LOG.close)\n" in rewrite(source, NAME)


def test_handler_registered_inside_a_function_blocks():
    source = """
        import atexit

        LOG = open("x.log", "a")


        def bye():
            LOG.write("bye")


        def setup():
            atexit.register(bye)
    """
    result = run_codemods(source, NAME)
    assert result.new_text == textwrap.dedent(source)
    assert "the exit handler registered at line 12 uses it" in finding_messages(result)[0]


def test_local_open_and_print_file_are_understood():
    source = """
        from gzip import open as gz_open

        DUMP = gz_open("dump.gz", "wt")
        print("started", file=DUMP)
    """
    assert "atexit.register(DUMP.close)\nprint(" in rewrite(source, NAME)


def test_only_calls_of_the_creators_themselves_count():
    source = """
        import sqlite3

        factory = open("factory.py")
        made = sqlite3.connect("x.db").cursor()
        weird = open("a")("b")
    """
    assert rewrite(source, NAME).count("atexit.register(") == 1  # factory only


def test_every_dbapi_connect_of_the_shared_catalogue_is_registered():
    """atexit-cleanup and teardown read one catalogue: a driver teardown knows (pg8000,
    mariadb) is released at exit too, resolved through the import."""
    source = """
        import mariadb
        from pg8000 import connect as pg_connect

        orders = pg_connect(user="shop")
        stock = mariadb.connect(user="shop")
    """
    after = rewrite(source, NAME)
    assert "orders = pg_connect(user=\"shop\")\natexit.register(orders.close)\n" in after
    assert "stock = mariadb.connect(user=\"shop\")\natexit.register(stock.close)\n" in after


def test_the_catalogue_is_shared_with_open_with():
    from flask_codemod.codemods import _atexit_cleanup_analysis, _open_with_catalog, _resource_factories

    assert _open_with_catalog.OPENERS is _resource_factories.OPENERS
    for name in _resource_factories.FILE_OPEN_FUNCTIONS:
        assert name in _resource_factories.OPENERS
        assert _atexit_cleanup_analysis.RESOURCES[name] == ("file", "close")


def test_examples_are_released_but_tests_and_setup_py_never():
    """A hook at exit closes what an example app opens as it does for the app; a test's
    fixtures own the lifetimes of what it opens (Codemod.ACTS_ON)."""
    source = 'import sqlite3\n\nDB = sqlite3.connect(":memory:")\n'
    assert "atexit.register(DB.close)\n" in rewrite(source, NAME, path="examples/shop.py")
    for path in ("tests/conftest.py", "tests/test_orders.py"):
        assert rewrite(source, NAME, path=path) == source, path
    packaging = 'from setuptools import setup\nREADME = open("README.rst")\nsetup(long_description=README.read())\n'
    result = run_codemods(packaging, NAME, path="setup.py")
    assert result.new_text == packaging and result.findings == []


def test_engines_are_disposed_only_for_a_database_server_the_module_names():
    source = """
        from sqlalchemy import create_engine

        from .settings import URI, USER

        server = create_engine(f"mysql+pymysql://{USER}@db/app")
        formatted = create_engine("postgresql://%s@db/app" % USER)
        memory = create_engine(f"sqlite:///{USER}.db")
        unknown = create_engine(URI)
    """
    result = run_codemods(source, NAME)
    assert "atexit.register(server.dispose)" in result.new_text
    assert "atexit.register(formatted.dispose)" in result.new_text
    assert "memory.dispose" not in result.new_text and "unknown.dispose" not in result.new_text
    assert result.rewrites == {NAME: 2} and result.findings == []


# A method called on what a creator returns binds its result, not the resource: a module-level
# ``NAME = open(p).read()`` holds text, and ``NAME.close`` is no release (nor an attribute).
DERIVED_VALUES = """
    import sqlite3

    import requests

    LINES = open("words.txt").readlines()
    TEXT = open("motd.txt").read()
    STRIPPED = open("motd.txt").read().strip()
    CURSOR = sqlite3.connect("app.db").cursor()
    PAGE = requests.Session().get("https://example.com")
    NAME: str = open("motd.txt").name
    FIRST = open("words.txt")[0]
    LISTED = list(open("words.txt"))


    def words():
        return LINES, TEXT, STRIPPED, CURSOR, PAGE, NAME, FIRST, LISTED
"""


def test_a_method_called_on_a_created_resource_binds_no_resource_even_with_gates_open():
    source = textwrap.dedent(DERIVED_VALUES)
    assert output_with_gates_open(NAME, source, "app.py") == []
    result = run_codemods(source, NAME, dedent=False)
    assert result.new_text == source and result.findings == []


def test_the_resources_beside_derived_values_are_registered_and_only_they():
    """The tree gate lets this module through (it creates a file and a connection), so the
    engine runs the analysis on the derived values too."""
    source = textwrap.dedent(DERIVED_VALUES) + 'LOG = open("audit.log", "a")\nconn = sqlite3.connect("app.db")\n'
    for result in (run_codemods(source, NAME, dedent=False), _with_gates_open(source)):
        registered = [line for line in result.new_text.splitlines() if "atexit.register(" in line]
        assert registered == ["atexit.register(LOG.close)", "atexit.register(conn.close)"]
        assert result.findings == []
    assert output_with_gates_open(NAME, source, "app.py") == ["rewrote (atexit-cleanup)"]


def _with_gates_open(source: str):
    return engine.transform_text(source, [opened(get_codemod(NAME))], path="app.py")


def test_handed_on_names_the_first_line_it_is_handed_on():
    """LibCST keeps a name's accesses in a set, whose order changes from run to run: the line the
    finding names must not depend on it (pgadmin's docs named 60, 70, 79 or 80 by run)."""
    handed = "\n".join(f"keep_{n}(LOG)" for n in range(12))
    result = run_codemods(f'LOG = open("x.log", "a")\n{handed}\n', NAME)
    assert finding_messages(result) == [
        "1: atexit-cleanup: 'LOG' is not registered for close() at exit: it is handed to other code "
        "at line 2, which may keep it and use it while the program exits"
    ]


def test_other_binding_and_deletion_name_their_first_line():
    """The same for another binding of the name and for ``del``: the first line, whatever the
    order of LibCST's sets."""
    rebound = "\n".join(f"if flag_{n}:\n    LOG = open('{n}.log', 'a')" for n in range(8))
    result = run_codemods(f'LOG = open("x.log", "a")\n{rebound}\n', NAME)
    assert [m.split(": ", 2)[2] for m in finding_messages(result)][0] == (
        "'LOG' is not registered for close() at exit: the name is bound more than once (also at "
        "line 3), so the handler could release the wrong object"
    )
    deleted = "\n".join(f"if flag_{n}:\n    del LOG" for n in range(8))
    result = run_codemods(f'LOG = open("x.log", "a")\n{deleted}\n', NAME)
    assert finding_messages(result) == [
        "1: atexit-cleanup: 'LOG' is not registered for close() at exit: it is deleted at line 3, "
        "and the handler would keep it alive"
    ]
