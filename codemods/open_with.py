"""open-with: release file handles by wrapping bare ``open()`` calls in with-blocks."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import APPLICATION, EXAMPLES, TESTS, Codemod, Context, Option
from ._block_unit import block_unit
from ._import_stop import import_stop
from ._open_with_gate import text_may_open, tree_may_open


class PythonVersion(str):
    """A Python version such as ``3.10`` (the value of the ``target_version`` option)."""

    def __new__(cls, text: str) -> "PythonVersion":
        parts = str(text).strip().split(".")
        if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts) or parts[0] != "3":
            raise ValueError(f"expected a Python 3 version such as 3.10, got {text!r}")
        return super().__new__(cls, ".".join(parts))

    @property
    def allows_parenthesized_with(self) -> bool:
        return int(self.split(".")[1]) >= 10


class OpenWith(Codemod):
    """Wrap bare ``open()`` calls in ``with`` blocks, so every file handle is closed.

    Why: a handle that is never closed (or closed on the happy path only) keeps a file
    descriptor until the garbage collector finds it, emits ``ResourceWarning``, and may leave
    written data unflushed when the process dies. A ``with`` block closes it at a known point,
    also when the code in between raises.

    Before::

        import csv
        import json


        def load_settings(path):
            settings = json.load(open(path))
            return settings


        def append_log(line):
            log = open("access.log", "a")
            log.write(line + "\\n")
            log.close()


        def export_orders(path, orders):
            out = open(path, "w")
            writer = csv.writer(out)
            for order in orders:
                writer.writerow(order)
            out.close()

    After::

        import csv
        import json


        def load_settings(path):
            with open(path) as f:
                settings = json.load(f)
            return settings


        def append_log(line):
            with open("access.log", "a") as log:
                log.write(line + "\\n")


        def export_orders(path, orders):
            with open(path, "w") as out:
                writer = csv.writer(out)
                for order in orders:
                    writer.writerow(order)

    What it rewrites, each form only where it is provably safe:

    - one-shot uses at statement level: ``x = open(p).read()``, ``return open(p).read()``,
      ``open(p, "w").write(s)``, ``data = json.load(open(p))`` and other eager consumers
      (``pickle``, ``yaml``, ``tomllib``, ``shutil.copyfileobj``, the XML parsers' ``parse``
      (ElementTree, lxml, defusedxml; not ``iterparse``, which reads as it is iterated), a
      config parser's ``read_file``/``readfp`` (``config = ConfigParser()``),
      ``print(..., file=open(p, "a"))`` …), ``for line in open(p):``,
      ``for row in csv.reader(open(p)):``, ``[l.strip() for l in open(p)]``,
      ``list(csv.reader(open(p)))``;
    - ``f = open(p)`` … ``f.close()`` in the same block: a with-block over exactly those
      statements, the ``close()`` removed (not when the close is the very next statement:
      nothing in between can leak the handle, so that pair is left alone, silently; so is an
      open that ends a ``try`` body whose ``else`` clause starts by closing it, a probe that
      the file exists);
      ``f = open(p)`` / ``try: … finally: f.close()``:
      a with-block; ``f = open(p)`` never closed: a with-block that ends at the handle's last
      use (a later ``f.name`` or ``f.closed`` counts as a use);
    - several handles opened one after the other and closed together:
      ``with open(a) as src, open(b, "w") as dst:``;
    - csv readers and writers built on the handle (``csv.reader``, ``csv.writer``,
      ``DictReader``, ``DictWriter``), as long as they are used up inside the block;
    - a bare ``open(p)`` statement (opened only to see that it can be) becomes
      ``with open(p):`` / ``pass``; a handle already closed with ``with f:``,
      ``contextlib.closing()`` or ``ExitStack.enter_context()`` is left alone;
    - other openers, resolved by qualified name: ``io.open``, ``codecs.open``,
      ``gzip``/``bz2``/``lzma.open``, ``tarfile.open``, ``zipfile.ZipFile``,
      ``pathlib.Path(...).open()``, ``urllib.request.urlopen``, ``os.fdopen``, and the
      classes that make handles: ``tarfile.TarFile`` (and ``TarFile.open``, ``taropen``,
      ``gzopen``, ``bz2open``, ``xzopen``), ``zipfile.PyZipFile``, ``io.FileIO``,
      ``gzip.GzipFile``, ``bz2.BZ2File``, ``lzma.LZMAFile``;
    - in functions, methods, nested functions, generators, ``async def``, loops,
      ``try``/``except`` bodies, ``match`` cases, class bodies (``f = open(p)`` forms only)
      and module level.

    A new handle name (``f``, then ``fh``/``src`` or ``out``/``dst`` …) is one used nowhere
    in the function, in functions nested in it, at module level or in an identifier-like
    string, so it shadows nothing and nothing shadows it. Comments and blank lines inside the
    wrapped statements stay; the file's indentation (the step most of its blocks take, not a
    one-off first block's; tabs included, the enclosing block's own where a module mixes tabs
    and spaces) and newlines (CRLF included) are kept. Continuation lines
    move with their statement: into the with-block (backslash-continued lines too), and along
    with an opener that moves into the with header when they were aligned to it (a hanging
    indent stays where it hangs). A method chain split at its dots only because the opener
    made it too long (``x = (`` / ``open(p)`` / ``.read()`` / ``)``) is one line again, as
    black lays it out, when it now fits; so are the arguments of the call the handle is passed
    to, where the opener had pushed them onto lines of their own (``json.load(`` / ``open(...))``
    becomes ``json.load(f)``), unless they end with a comma, hold a comment or would not fit.

    Where it acts: application code and tests (a handle a test leaks is leaked all the same),
    never a packaging script (``setup.py``): it runs at build time, and a with-block there
    would only move the whole ``setup()`` call one level in. What it leaves alone is reported
    only in the application's own modules: not in tests, examples, helper scripts (a top-level
    ``scripts/``, ``bin/``, ``contrib/``, ``misc/``, unless a deployment file of the project
    runs the module or one beside it that imports it) or Alembic revisions, as for every
    cleanup and policy codemod.

    What it refuses (the code stays byte for byte, and a finding says why,
    ``path:line: open-with: reason``):

    - the handle escapes: it is yielded, stored in a container or a global, passed to
      ``send_file()``/``Response()`` or to any call that may keep it (unless the original
      closes it right after that call), or a ``csv.reader`` over it is returned or stored;
      or it is stored on an attribute and closed through it in the same block (open-with
      follows a handle through a name, not an attribute);
    - ``open`` is not the builtin: ``from os import open``, a local ``def open``, a
      parameter named ``open``, ``builtins.open`` replaced in the module, ``from os import *``;
      a name that is an opener on one path and something else on another
      (``except ImportError: LZMAFile = None``);
    - ``open()`` inside a lambda, per item of a comprehension, in a conditional expression,
      an ``and``/``or`` operand that may not run (the left one always runs first and is
      rewritten: ``release = open(p).read() or version``), a default argument, a decorator, or an
      ``if``/``while``/``with`` header;
    - hoisting ``open()`` in front of the statement would change the order things run in
      (``x = g(), open(p).read()``, ``save(render(), open(p, "w"))``), or the statement
      awaits, yields or keeps writing after using the file;
    - a module-level handle never closed there that another module of the project takes
      (``from logs import AUDIT_LOG``, ``logs.AUDIT_LOG``: it may use the handle after this
      module's last use) or that this module never uses at all (it is there for other code);
    - a module-level handle that a function uses, a handle a nested function uses, a handle
      name used outside its block where the handle may still be open (an ``except`` clause,
      after the loop), a handle name reassigned while the handle is in use;
    - a one-shot ``open()`` in a class body (the new name would become a class attribute) or
      in a function that calls ``locals()``/``vars()``;
    - a ``GzipFile``, ``BZ2File``, ``TarFile`` or ``ZipFile`` (``gzip.open``, ``tarfile.open``
      too) in a project that declares a Python older than 2.7 (or 3.1, for a ZipFile or
      TarFile: a bound of 3.0 reads as "Python 3"), where that handle is no context manager
      (graphite-api's Python 2.6);
    - a write to a kernel interface file (a path that starts ``/sys/``, ``/proc/`` or
      ``/dev/``) that the code never closes itself (``open(p, "w").write(v)``): the kernel
      takes or rejects the write when the handle is flushed at close, and the garbage
      collector's close swallowed a rejection (EINVAL, EBUSY for a GPIO pin already
      exported) where a with-block raises it (pwnagotchi's zram setup);
    - a file a function opens only to read, into a name nothing uses afterwards: the statement
      is dead (or checks that the file can be opened) and the function drops the handle when it
      returns, so ``with open(p) as h:`` / ``pass`` is no change a maintainer would make; delete
      it by hand (recon-ng's module loader). Opened for writing and never used, it still becomes
      ``with open(p, "w") as f:`` / ``pass``: the open creates or empties the file;
    - an opener the project's tests replace with a fake of their own that cannot be entered
      (``mocker.patch("urllib.request.urlopen")`` returning an object of a test class with no
      base and no ``__enter__``, however the test says so: ``return_value``, a factory's or a
      fixture's object, ``side_effect=`` the class or a function returning one; by the opener's qualified name where the call reaches it
      through its module, in the modules the test reaches through its imports, every module for a conftest's or a helper's patch;
      or by the module's own path and spelling): a with-block would enter the fake and fail those tests; give the fake
      ``__enter__``/``__exit__`` and wrap it then (redwind's webmention tests);
    - an opener the project's tests patch with the patch's own ``MagicMock`` and whose answer
      they set up (``urlopen.return_value.read.return_value = b"..."``, the mock bound by
      ``with ... as``, ``start()``, ``mocker.patch`` or a ``@patch`` decorator), matched the same
      way: a with-block hands the code the answer's ``__enter__()`` instead, another mock that
      knows nothing of what the test set; let the test set ``return_value.__enter__.return_value``
      to the answer too, then wrap the call;

    Left alone without a finding, as nothing needs changing: a handle returned to the caller
    (a factory's job: the caller owns it), one stored on an attribute and not closed in the
    same block (``self.fh = open(path)``: the object owns it, and closes it when it is done
    with it, if ever: no with-block here could), and a bare ``open(p)`` statement in a ``try`` that
    catches its failure (``except FileNotFoundError``, ``OSError`` ...; for an archive or a URL
    also the opener's own: ``zipfile.BadZipFile``, ``tarfile.ReadError``, ``URLError``): a probe
    that the input opens, or does not, whose object, if it opens, is dropped at once; ``with`` /
    ``pass`` would be clutter (hepdata's test of a downloaded archive). Nor a module whose import surely stops on a name it binds nowhere (a top-level
    statement run unconditionally reads an attribute of it or calls it; no ``*`` import, no
    namespace reached by hand): nothing after that line runs, so a with-block there closes
    nothing (``_import_stop``).

    Option ``target_version`` (default ``3.9``): the lowest Python the rewritten code must
    run on. From ``3.10`` on (given so, or declared by the project: ``requires-python``,
    ``python_requires``, its CI's Pythons), a with statement for several handles that would be
    longer than 88 columns (or the project's declared line length) is written ``with (`` one
    handle per line ``):``, e.g. ``--set open-with.target_version=3.10``. Otherwise, in a project that
    declares its line length (flake8, black, ruff) a with header that would pass it, where the
    statement it replaces did not, is split as black splits it: at the brackets of its last
    call. A line that moves one level deeper, into the with-block, and so passes that length
    is split the same way when it is a call black splits at its own brackets (a statement
    ``x = f(a, b)``, a with, if or while header). A with-block that would still take a line
    past that length (a string continued by a backslash, a long comment, a call followed by a
    subscript: nothing black splits at a call's own brackets) is not made, with a finding:
    the project's own check would fail on it (pgadmin's ``make check`` at 79 columns). A line
    that passed the length before the move, or carries a ``noqa``, counts for nothing.
    A bandit ``# nosec`` marker on a statement whose opener moves into the with header is
    put on the header as well, as it silences only the line of the call it sits on; not for
    the built-in ``open``, which bandit never flags.
    """

    NAME = "open-with"
    SUMMARY = "Wrap bare open() calls in with-blocks so file handles are always closed."
    SAFETY = "safe"
    ACTS_ON = (APPLICATION, TESTS, EXAMPLES)  # a leaked handle is the same fault in test code or an example
    ORDER = 10
    LOCAL_REWRITES = True  # each rewrite changes only its own statements: a skip comment spares one
    METADATA = (ParentNodeProvider,)  # and scopes (which also answer qualified names), analysing a function's body only when asked (_lazy_scopes)
    OPTIONS = {
        "target_version": Option(
            PythonVersion,
            PythonVersion("3.9"),
            "lowest Python the rewritten code must run on; from 3.10 a with statement for several "
            "handles that would be longer than 88 columns lists them in parentheses, one per line",
        )
    }

    @staticmethod
    def preload() -> None:
        """The analysis and the rewrite, which ``transform`` imports on first use: loaded once
        in a process about to fork its workers (tool/pool.py), rather than once in each."""
        from . import _lazy_scopes, _open_with_analysis, _open_with_index, _open_with_rewrite  # noqa: F401 (lazy: see transform)

    def applies_to(self, source: str) -> bool:
        """A call spelled like an opener (``open(``, ``ZipFile(`` ...), whatever the spacing."""
        return text_may_open(source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A call spelled like an opener that is not already managed (a with item, an
        ``enter_context``/``push`` argument): only those are rewritten or reported; and not in a
        module whose import surely stops on a name it never binds (``_import_stop``)."""
        return tree_may_open(tree) and import_stop(tree) is None

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        # lazy: the analysis and the rewrite only once a file passes the gates
        from ._lazy_scopes import lazily_scoped
        from ._line_length import declared_line_length
        from ._names_taken import taken_elsewhere
        from ._open_with_analysis import analyse
        from ._open_with_index import index_module
        from ._open_with_test_doubles import replaced_by_fakes
        from ._open_with_openers import may_be_opener
        from ._open_with_rewrite import Rewriter

        wrapper = None
        if ctx.python_tree(module, render=False) is None:
            # a tree an earlier codemod changed, whose wrapper may work on a copy (when a node
            # object occurs twice in it): only that copy is indexed
            wrapper = ctx.metadata(module, self.METADATA)
        indexed = module if wrapper is None else wrapper.module
        index = index_module(indexed)
        if not any(may_be_opener(call, indexed) for call in index.calls):
            # "open(" only in strings, comments or other names, or calls no opener can be:
            # the analysis would find no opener (and so ask for no scope)
            return module
        if wrapper is None:
            wrapper = ctx.metadata(module, self.METADATA)
            if wrapper.module is not module:  # the wrapper works on a copy: index that one
                index = index_module(wrapper.module)
        # a tree an earlier codemod changed has no stdlib AST from the engine: the one of its
        # rendering (each top-level statement rendered once per transform) keeps the scopes
        # lazy there too, instead of the whole module's
        oldest: list = []  # the oldest Python the project declares, read once when first asked

        def oldest_python() -> tuple[int, ...] | None:
            if not oldest:
                from ._declared_python import declared_python

                oldest.append(declared_python(ctx))
            return oldest[0]

        plan = analyse(
            lazily_scoped(wrapper, ctx.python_tree(module)),
            index,
            ctx.file_line,
            oldest_python,
            replaced_by_fakes(ctx),
            lambda name: taken_elsewhere(ctx, name),
        )
        for node, message in plan.findings:
            ctx.finding(node, message)
        if not plan.regions:
            return module
        # the option is a floor: a project that declares Python 3.10+ allows `with (` too
        declared = oldest_python()
        parenthesize = PythonVersion(ctx.options["target_version"]).allows_parenthesized_with or (
            declared is not None and declared >= (3, 10)
        )
        parents = wrapper.resolve(ParentNodeProvider)
        line_length = declared_line_length(ctx)

        unit = block_unit(wrapper.module)

        def rewrite(plan):
            rewriter = Rewriter(
                plan, parents, parenthesize=parenthesize, indent=wrapper.module.default_indent, line_length=line_length, unit=unit
            )
            return wrapper.module.visit(rewriter)

        result = rewrite(plan)
        if line_length is not None:  # no with-block that takes a line past the project's length
            from ._open_with_line_limit import within_line_length

            result, plan, refused = within_line_length(wrapper.module, result, plan, rewrite, line_length)
            for node, message in refused:
                ctx.finding(node, message)
        ctx.rewrote(plan.rewrites)
        return result
