"""Which of the project's modules may run in the process that serves a given module's app.

A proof that the app keeps nothing between requests in its process reads every module that
process may load; a module no such process loads cannot keep anything there, whatever it
holds (a cron script run by hand, a management command's module). A server loads the module
its command names (its entry) and what that imports. The entry hands the server the app, so
it is the module itself or one that takes from it, through imports, what it binds
(``entries``): ``wsgi.py``'s ``from web import app``, ``from project.wsgi import application``
where ``project/wsgi.py`` took ``application`` from the app's module, a star import of it,
the app module's object itself (``import web``); a name that may be the app, which the
app's module binds to a ``Flask(...)`` or defines as a function (a factory), not its ``db``. A module that imports only something else of the
app's package (archive-term's ``console/view/billing.py`` imports ``web.tasks.accounts_send``
for a task class, which runs the package ``web`` but takes nothing of it) is no entry: what
it loads is loaded in its own process (its management script's), not in the server's. The
entries' modules and what they reach through imports (``_project_imports``: anywhere in a
module, a Python 2 module's imports off its text) are the process's.

Where every command that starts the server names its entry (``gunicorn -w 3
public_records_portal.prflask:app``), the entries are those modules, found from the project's
root: recordtrac's ``db_seed.py``, which takes the app to fill the database by hand, is none.

A module can also be loaded by a name the code spells as a string (``importlib.import_module
("app.plugins.stats")``, ``app.config.from_object("settings.Production")``,
``runpy.run_module``): it is the process's too where one of the process's modules spells its
dotted name (or a longer dotted path under it) in a string. A module loaded by a name the
code computes (a plugin loader, ``import_module("app.plugins." + name)``) is the process's too:
every module under the name's literal start (``_computed_imports``, session 39). A name the
code does not spell at all (read from the settings or the environment) may be any module of
the project: ``loads_an_untold_name`` says where the process loads one, so that a module no
import reaches is still counted, and said to be counted for that reason. An entry that finds
the app by a name it computes (``getattr(import_module(name), "app")``) is not followed as an
entry.

Names no codemod.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ._parsed_modules import plain_fact
from ._project_imports import ProjectImports, module_parts

# a string of a module that does not parse, read off its text
_QUOTED = re.compile(r"'([^'\n]*)'|\"([^\"\n]*)\"")


def shares_a_process(reader: Any, module: str, other: str, served: tuple[str, ...] = ()) -> bool:
    """Whether the module at ``other`` may run in the process that serves the app of the
    module at ``module`` (paths from the project root; ``reader``: a Context, or a
    derivation's ``ProjectReads``), loaded through imports or by a name the code tells.
    ``served``: the dotted modules every command that starts the server names (``gunicorn
    shop.wsgi:app``), when each does: those are the entries."""
    imports, process = _process(reader, module, served)
    if other in process:
        return True
    listing = reader.project_files()
    last = module_parts(other)[-1:]
    for path in sorted(process):
        text = reader.read_file(listing.relative(path))
        for string in _strings(text) if text and last else ():
            if last[0] in string and other in _loaded_by_name(imports, path, string):
                return True
    return False


def loads_an_untold_name(reader: Any, module: str, served: tuple[str, ...] = ()) -> str | None:
    """``path:line`` of a call of the process (as ``shares_a_process`` reads it) that loads a
    module by a name the code does not tell (``import_module(os.environ["SETTINGS"])``), which
    may be any module of the project; None where none does."""
    imports, process = _process(reader, module, served)
    for path in sorted(process):
        line = imports.anything_at(path)
        if line is not None:
            return f"{path}:{line}"
    return None


def _process(reader: Any, module: str, served: tuple[str, ...]) -> tuple[ProjectImports, frozenset[str]]:
    """The project's imports, and the modules the process reaches from its entries through
    imports and the names it loads that the code tells."""
    imports = ProjectImports(reader)
    listing = reader.project_files()
    named = [imports.module_files("", 0, dotted) for dotted in served]
    if served and all(named):
        starts = frozenset(path for paths in named for path in paths)
    else:
        own = reader.read_file(listing.relative(module))
        starts = entries(imports, module, _app_names(own) if own else None)
    return imports, imports.reached(starts, loads=True)


def entries(imports: ProjectImports, module: str, names: frozenset[str] | None = None) -> frozenset[str]:
    """The modules a server may be started on to serve the app of ``module`` (``names``: the
    names it binds that may be the app, None: any): itself, and every module that takes from
    one of them, through imports, a name that may be the app (or the app module's object, or
    all of it by a star import); see the module's docstring."""
    bound: dict[str, frozenset[str] | None] = {module: names}  # the names each binds that may be the app; None: any
    pending = [module]
    while pending:
        source = pending.pop()
        names = bound[source]
        for importer in sorted(imports.importers(source)):
            taken = _taken(imports, importer, source, names)
            if taken is not None and not taken:
                continue
            if importer in bound:
                known = bound[importer]
                merged = None if known is None or taken is None else known | taken
                if merged == known:
                    continue
            else:
                merged = taken
            bound[importer] = merged
            pending.append(importer)
    return frozenset(bound)


def _taken(imports: ProjectImports, importer: str, source: str, names: frozenset[str] | None) -> frozenset[str] | None:
    """The names the module ``importer`` binds to what it takes from the module ``source``
    that may be one of ``names`` (None: any name ``source`` binds); None where it takes them
    all: a star import of the app's own module, or that module's object (``import web``,
    ``from . import web``: ``application = web.app``). A server is given a name an entry
    binds (``module:app``), not an attribute of a module it imports, so the module object of
    another entry takes nothing; a star import of one takes its names."""
    found: set[str] = set()
    for level, dotted, aliases in imports.statements(importer):
        if level < 0:
            ((name, asname),) = aliases
            whole = source in imports.module_files(importer, 0, name)
            if whole or (asname is None and source in imports.module_files(importer, 0, name.split(".")[0])):
                if names is None:  # ``import a.b.c`` binds ``a``: that package is taken whole
                    return None
            continue
        own = source in imports.module_files(importer, level, dotted)
        for name, asname in aliases:
            if own and name == "*":
                if names is None:
                    return None
                found |= names
            elif own and (names is None or name in names):
                found.add(asname or name)
            elif names is None and name != "*" and source in imports.module_files(importer, level, f"{dotted}.{name}" if dotted else name):
                return None  # ``from pkg import module``: the module object
    return frozenset(found)


def _app_names(text: str) -> frozenset[str] | None:
    """The names a module binds at its top level that may be its app: those assigned a
    ``Flask(...)``, and its functions (a factory returns one); None (any name) where it
    assigns no ``Flask(...)`` there or does not parse."""
    return plain_fact(text, "names that may be the app", _names_of_the_app)


def _names_of_the_app(tree: ast.Module) -> frozenset[str] | None:
    made = False
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            func = statement.value.func
            if (func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None) == "Flask":
                made = True
                names.update(target.id for target in statement.targets if isinstance(target, ast.Name))
    return frozenset(names) if made else None


# a string that may name a module to load: a dotted name, perhaps with an object after it
# (``settings.Production``, ``app.wsgi:application``)
_MODULE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*)?")


def _loaded_by_name(imports: ProjectImports, path: str, string: str) -> set[str]:
    """The project's files the module at ``path`` may load by the name ``string``, resolved as
    its import of that name would be (``_project_imports``), or of a dotted path above it
    (``a.b.Class`` names module ``a.b``)."""
    string = string.strip()
    if not _MODULE_NAME.fullmatch(string):
        return set()
    parts = tuple(string.split(":")[0].split("."))
    found: set[str] = set()
    for length in range(len(parts), 0, -1):
        found.update(imports.module_files(path, 0, ".".join(parts[:length])))
    return found


def _strings(text: str) -> tuple[str, ...]:
    """The strings of a module: its string constants, or, where it does not parse, what its
    quotes hold on a line."""
    if "'" not in text and '"' not in text:
        return ()
    parsed = plain_fact(text, "string constants", _constants)
    if parsed is not None:
        return parsed
    return tuple(single or double for single, double in _QUOTED.findall(text))


def _constants(tree: ast.Module) -> tuple[str, ...]:
    return tuple(
        {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200}
    )
