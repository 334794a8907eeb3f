"""The modules a module loads by a name (or a path) it gives at run time, not by an import
statement: ``importlib.import_module("redwind.plugins." + plugin)``, ``__import__(name)``,
werkzeug's ``import_string(...)`` and ``find_modules("app.views")``, ``runpy.run_module``,
``imp.load_source(name, path)``, ``runpy.run_path``, ``spec_from_file_location``,
``execfile`` (session 39).

What such a call may load is read from its argument as far as the code spells it:

- a name written whole (``import_module("app.plugins.stats")``): that module (``Named``,
  ``exact``);
- a name built from a literal start (``"redwind.plugins." + plugin``, ``f"plugins.{name}"``,
  ``"core.auth.%s" % mod``, ``"x.{}".format(n)``, a name the module binds once to a string,
  then ``+``): every module whose dotted name starts so, and the packages on the way; werkzeug's
  ``find_modules("app.views")`` lists the modules under a package: ``app.views.`` is such a start;
- a start spelled by the module's own name (``f"{__name__}.{name}"``, ``__package__ + "." + n``)
  or a relative name given a package (``import_module("." + name, __package__)``): the same,
  from the importing module's place;
- a path written whole (``imp.load_source("x", "plugins/x.py")``): the files ending in it;
- a name read whole from the environment (``os.environ.get("FLASK_SETTINGS_MODULE")``, or a
  name the module binds once to that): the variable (``Environment``), whose values the
  project's deployment files may give (``_environment_values``, read by ``ProjectImports``);
- anything else (a name read from a parameter, the settings, a listing of a folder; a start
  the code does not spell): any module of the project's application code
  (``ANY``), since what it names is not in the code to read (tests, examples and documentation
  are no module the application loads).

A module that does not parse (Python 2) is read off its text: a call's first argument is read
when it is a quoted string, whole or followed by ``+``, ``%`` or ``.format``; otherwise the call
may load anything. ``loads_of(text)`` gives each load as a plain tuple, read once per text;
``anything_at(text)``, the line of the first load whose name is not told (a finding can say
which call may load a module nothing imports). Names no codemod.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import Union

from ._parsed_modules import plain_fact
from ._projects_kept import dropped_with_projects

# (a dotted name, or its start, from the project's roots or from the importing module's own
# place: ``base`` "" (absolute), "module" (its ``__name__``), "package" (its ``__package__``),
# ``level`` the dots of a relative name; ``exact``: the whole name, else its start)
Named = tuple[str, str, int, str, bool]  # ("name", base, level, text, exact)
ByPath = tuple[str, str]  # ("path", the path as written)
Environment = tuple[str, str, str]  # ("env", the variable, its default: "" where none)
Load = Union[Named, ByPath, Environment, tuple[str]]  # ... or ANY
ANY: tuple[str] = ("any",)

# the functions that load a module by its name (the name: first argument)
_BY_NAME = frozenset({"import_module", "__import__", "import_string", "run_module", "load_module"})
# werkzeug's listing of a package's modules (a start: the package, then a dot)
_LISTING = frozenset({"find_modules"})
# the functions that run a file by its path (the path: their argument of this position)
_BY_PATH = {"load_source": 1, "run_path": 0, "spec_from_file_location": 1, "execfile": 0, "SourceFileLoader": 1}
_HINT = re.compile(r"import_module|__import__|import_string|run_module|load_module|find_modules|load_source|run_path|spec_from_file_location|execfile|SourceFileLoader")
_HOLE = None  # a part of a name the code computes
_OWN = {"__name__": "module", "__package__": "package"}
_DEPTH = 4


def loads_of(text: str) -> tuple[Load, ...]:
    """Every load of the module ``text`` (see the module's docstring), read once per text."""
    return tuple(dict.fromkeys(load for load, _ in _read(text)))


def anything_at(text: str, untold: frozenset[str] = frozenset()) -> int | None:
    """The line of the module's first load whose name is not told (``ANY``, or a read of one of
    the variables ``untold``); None if none."""
    return next((line for load, line in _read(text) if load == ANY or (load[0] == "env" and load[1] in untold)), None)


def environment_reads(text: str) -> tuple[Environment, ...]:
    """The module's loads of a name read whole from the environment."""
    return tuple(load for load in loads_of(text) if load[0] == "env")  # type: ignore[misc]


# text -> its loads: a project's reach asks of each module for every test module it starts
# from, each time searching the whole text for a loading function's name
_READS: dict[str, tuple[tuple[Load, int], ...]] = {}
dropped_with_projects(_READS.clear)


def _read(text: str) -> tuple[tuple[Load, int], ...]:
    known = _READS.get(text)
    if known is not None:
        return known
    if not _HINT.search(text):
        found: tuple[tuple[Load, int], ...] = ()
    else:
        parsed = plain_fact(text, "modules loaded by name", _loads)
        if parsed is None:  # (not kept: a parse too deep for the stack it was asked from may pass from another)
            return _loads_off_the_text(text)
        found = parsed
    _READS[text] = found
    return found


def _loads(tree: ast.Module) -> tuple[tuple[Load, int], ...]:
    strings = _strings_bound_once(tree)
    found: list[tuple[Load, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name in _BY_NAME or name in _LISTING:
            given = _argument(node, 0, "name")
            if given is None:
                continue  # (no argument: no load)
            package = _argument(node, 1, "package") if name == "import_module" else None
            found.append((_named(_pieces(given, strings, 0), package, strings, listing=name in _LISTING), node.lineno))
        elif name in _BY_PATH:
            given = _argument(node, _BY_PATH[name], "location" if name == "spec_from_file_location" else "path")
            if given is None:
                continue
            pieces = _pieces(given, strings, 0)
            found.append((("path", pieces[0]) if len(pieces) == 1 and isinstance(pieces[0], str) else ANY, node.lineno))
    return tuple(sorted(found, key=lambda each: each[1]))


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
        return ast.Name(id="?")  # (a hole)
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


# a literal part, a hole, ("module"|"package",): the module's own name, or ("env", variable,
# default): a read of the environment
Piece = Union[str, None, tuple[str], tuple[str, str, str]]


def _pieces(node: ast.expr, strings: dict[str, Piece], depth: int) -> list[Piece]:
    """``node`` as the string it makes: literal parts, holes, the module's own names."""
    if depth > _DEPTH:
        return [_HOLE]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        if node.id in _OWN:
            return [(_OWN[node.id],)]
        return [strings[node.id]] if node.id in strings else [_HOLE]
    read = _environment_read(node)
    if read is not None:
        return [read]
    if isinstance(node, ast.JoinedStr):
        pieces: list[Piece] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                pieces += _pieces(part.value, strings, depth + 1) if part.format_spec is None and part.conversion == -1 else [_HOLE]
            else:
                pieces += _pieces(part, strings, depth + 1)
        return pieces
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pieces(node.left, strings, depth + 1) + _pieces(node.right, strings, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _templated(_pieces(node.left, strings, depth + 1), _PERCENT)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _templated(_pieces(node.func.value, strings, depth + 1), _FORMAT)
    return [_HOLE]


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
_FORMAT = re.compile(r"\{[^{}]*\}")


def _templated(pieces: list[Piece], placeholder: re.Pattern[str]) -> list[Piece]:
    """A template's pieces with its placeholders as holes (what fills them is not read)."""
    found: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, str):
            found.append(piece)
            continue
        for index, literal in enumerate(placeholder.split(piece)):
            if index:
                found.append(_HOLE)
            found.append(literal)
    return found


def _named(pieces: list[Piece], package: ast.expr | None, strings: dict[str, Piece], listing: bool = False) -> Load:
    """The load of the name ``pieces`` make (``package``: ``import_module``'s second argument)."""
    if len(pieces) == 1 and isinstance(pieces[0], tuple) and pieces[0][0] == "env" and not listing:
        return pieces[0]  # type: ignore[return-value]  # the whole name read from the environment
    pieces = [_HOLE if isinstance(piece, tuple) and len(piece) == 3 else piece for piece in pieces]
    base = ""
    if pieces and isinstance(pieces[0], tuple):  # the module's own name first
        base, pieces = pieces[0][0], pieces[1:]
    start = ""
    for piece in pieces:
        if not isinstance(piece, str):
            break
        start += piece
    exact = all(isinstance(piece, str) for piece in pieces) and not listing
    if listing and start:
        start = start.rstrip(".") + "."
    level = len(start) - len(start.lstrip("."))
    start = start[level:]
    if level and not base:  # a relative name: from the package given
        given = _pieces(package, strings, 0) if package is not None else []
        if len(given) == 1 and isinstance(given[0], tuple) and len(given[0]) == 1:
            base = given[0][0]
        elif len(given) == 1 and isinstance(given[0], str) and given[0]:
            parts = given[0].split(".")
            kept = parts[: len(parts) - (level - 1)]
            if not kept:
                return ANY
            start, level = ".".join(kept) + "." + start, 0
        else:
            return ANY
    if not base and not start:
        return ANY  # nothing of the name is spelled: it may be any module
    return ("name", base, level, start, exact)


def _environment_read(node: ast.expr) -> tuple[str, str, str] | None:
    """``("env", NAME, default)`` for ``os.environ.get("NAME"[, "default"])``, ``os.getenv(...)``,
    ``os.environ["NAME"]`` (``environ`` imported alone too); the default "" where none is given
    as a literal (None, or no default: the read gives no module's name)."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        key = node.slice
        return ("env", key.value, "") if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Attribute, ast.Name)) or not node.args:
        return None
    func = node.func
    reads = (isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value)) or (
        (func.attr if isinstance(func, ast.Attribute) else func.id) == "getenv")
    key = node.args[0]
    if not reads or not isinstance(key, ast.Constant) or not isinstance(key.value, str):
        return None
    default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"), None)
    if default is None or (isinstance(default, ast.Constant) and default.value is None):
        return "env", key.value, ""
    if isinstance(default, ast.Constant) and isinstance(default.value, str):
        return "env", key.value, default.value
    return None  # a default the code computes: not told


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")


def _strings_bound_once(tree: ast.Module) -> dict[str, Piece]:
    """The module's names bound once, at its top level, to a string literal (or a sum of them),
    or to a read of the environment."""
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            counts[node.id] = counts.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                counts[name] = counts.get(name, 0) + 2
    strings: dict[str, Piece] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            pieces = _pieces(statement.value, strings, 0)
            if counts.get(name) != 1:
                continue
            if all(isinstance(piece, str) for piece in pieces):
                strings[name] = "".join(pieces)  # type: ignore[arg-type]
            elif len(pieces) == 1 and isinstance(pieces[0], tuple) and pieces[0][0] == "env":
                strings[name] = pieces[0]
    return strings


# a module that does not parse: a loading call, and the quoted string its first argument starts
# with (an f-string's, a ``u``-string's) and what follows that string
_CALL_OFF_TEXT = re.compile(r"\b(" + _HINT.pattern + r")\s*\(\s*(?:[uU]?([fF])?(['\"])([^'\"\n]*)\3\s*([)+%,.]?))?")


@lru_cache(maxsize=256)
def _loads_off_the_text(text: str) -> tuple[tuple[Load, int], ...]:
    found: list[tuple[Load, int]] = []
    for match in _CALL_OFF_TEXT.finditer(text):
        function, formatted, _, literal, after = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        whole = literal is not None and not formatted and after in (")", ",")
        if function in _BY_PATH:  # (its path is its first argument for these two only)
            found.append((("path", literal) if whole and function in ("execfile", "run_path") else ANY, line))
            continue
        if literal is None:
            found.append((ANY, line))
            continue
        literal = re.split(r"%|\{", literal, maxsplit=1)[0] if not whole else literal
        pieces: list[Piece] = [literal] if whole else [literal, _HOLE]
        found.append((_named(pieces, None, {}, listing=function in _LISTING), line))
    return tuple(found)


dropped_with_projects(_loads_off_the_text.cache_clear)
