"""config-env's view of the project: where the configuration the project loads sets ``ENV``,
what configuration it loads that cannot be read here, where its code reads ``ENV``, and its
config classes.

A read of ``app.config["ENV"]`` means debug mode only where no configuration the app loads
sets ENV: then it held Flask's own value (from ``FLASK_ENV``), which followed debug mode. Set
by the app (a config class in ``config.py``, a settings file, an ``update()`` in a factory
module), it is the app's own value, which ``app.config`` still holds on Flask 2.3+. Whether
it is set is a fact of the whole project: found on the standard library's AST of every
module of its application code, tests and examples (a test that sets ENV runs the app with
it; not a setup.py that packages, nor retired code) and in the settings files its
``from_pyfile`` / ``from_file`` calls name, once per project
(``_project_answers.remembered``). Erring towards "set": any ``ENV = ...`` at a module's top
level or in a class body (``ENV: str`` alone too: a settings class reads it from the
environment), ``X["ENV"] = ...`` (not ``os.environ``), ``X.setdefault("ENV", ...)``, ``ENV=``
given to a call, ``"ENV"`` as a dict key, ``ENV`` as a key anywhere in a settings file.
Configuration that cannot be read here: ``from_envvar``, ``from_prefixed_env`` (``FLASK_ENV``
becomes ``ENV`` there) and ``from_pyfile`` on any object; ``from_pyfile`` / ``from_file`` of a
path that is not a string, of a file the project does not hold, or where the app's files are
relative to its instance folder; ``from_object`` of what the environment names or of a module
the project does not hold; ``update()`` / ``from_mapping()`` of anything but a dict display;
a module that is not Python 3 (what it sets is not known).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_nodes import last_name
from ._base import APPLICATION, EXAMPLES, TESTS, Context, code_kind
from ._code_kinds import PACKAGING, module_kind
from ._project_answers import remembered
from ._parsed_modules import walked
from ._project_view import MAX_MODULE_CHARS, parsed

KEY = "ENV"
_WANTED = re.compile(r"ENV|from_envvar|from_prefixed_env|from_pyfile|from_file|from_object|from_mapping|\.update\(|\.env\b")
_UNREADABLE = frozenset({"from_envvar", "from_prefixed_env"})
_FILE_LOADS = frozenset({"from_pyfile", "from_file"})
_ENVIRONMENT = frozenset({"environ", "getenv"})
_TEMPLATES = re.compile(r"\.(html?|j2|jinja2?|xml|txt)$")
_TEMPLATE_READ = re.compile(r"""\bconfig(?:\.ENV\b|\[["']ENV["']\]|\.get\(["']ENV["'])""")
_SETS_IN_FILE = re.compile(r"""(?<![\w.])["']?ENV["']?\s*(?:=(?!=)|:)""")


@dataclass(frozen=True)
class Place:
    path: str  # from the project root
    line: int
    what: str = ""

    def __str__(self) -> str:
        return f"{self.what} at {self.path}:{self.line}" if self.what else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class ConfigClass:
    place: Place  # what: the class's name
    bases: tuple[str, ...]  # their last names
    sets_env: bool


@dataclass(frozen=True)
class EnvInProject:
    sets: tuple[Place, ...] = ()  # outside config classes
    unread: tuple[Place, ...] = ()  # configuration loaded that cannot be read here
    reads: tuple[Place, ...] = ()  # X.config["ENV"], X.config.get("ENV"), config.ENV in templates
    classes: tuple[ConfigClass, ...] = ()
    conditional: tuple[Place, ...] = ()  # of ``sets``: under an if, a loop or an except clause

    def set_elsewhere(self, this: str) -> Place | None:
        """The first place outside ``this`` that sets ENV (a config class's too)."""
        found = [p for p in self.sets if p.path != this]
        found += [c.place for c in self.classes if c.sets_env and c.place.path != this]
        return min(found, key=lambda p: (p.path, p.line)) if found else None

    def read_elsewhere(self, this: str) -> Place | None:
        return next((p for p in self.reads if p.path != this), None)

    def never_setting(self) -> list[str]:
        """Where a configuration may leave ENV unset, when the app sets it only there: the
        conditions of setters under an if (a loop, an except clause), and the config classes
        that may be loaded and do not set it, where a config class sets it: a leaf class (no
        class of the project derives from it) of a module that holds a class setting ENV,
        named as a config class or derived from a class of the project, which neither sets ENV
        nor derives from a class that does."""
        if self.unread or any(place not in self.conditional for place in self.sets):
            return []
        unset = [f"where the condition around {place.path}:{place.line} is false" for place in self.conditional]
        by_name = {c.place.what: c for c in self.classes}
        modules = {c.place.path for c in self.classes if c.sets_env}
        derived = {base for c in self.classes for base in c.bases}

        def sets(name: str, seen: frozenset[str]) -> bool:
            found = by_name.get(name)
            if name in seen or name == "object":
                return False
            if found is None:
                return True  # a base of another library's, or spelled otherwise: it may set ENV
            return found.sets_env or any(sets(base, seen | {name}) for base in found.bases)

        def is_config(c: ConfigClass) -> bool:  # not an enum or a table of constants beside the config classes
            return "Config" in c.place.what or "Settings" in c.place.what or any(base in by_name for base in c.bases)

        return unset + [
            str(c.place)
            for c in self.classes
            if c.place.path in modules and c.place.what not in derived and is_config(c) and not sets(c.place.what, frozenset())
        ]


def env_in_project(ctx: Context, text: str) -> EnvInProject:
    """What the project says of ENV (kept per project); from ``text`` alone (the module at
    ``ctx.path``) where the project is not listed."""
    if ctx.project_files() is None:
        alone = _from_modules([(ctx.path, text)])
        unread = tuple(
            Place(p.path, p.line, f"a file not read here ({p.what[5:]})")
            if p.what.startswith("file ")
            else Place(p.path, p.line, f"a module not read here ({p.what[7:]})")
            if p.what.startswith("object ")
            else p
            for p in alone.unread
        )
        return EnvInProject(alone.sets, unread, alone.reads, alone.classes, alone.conditional)
    return remembered(ctx, ("config-env: ENV in the project",), _derive)


def _derive(reader) -> EnvInProject:
    listing = reader.project_files()
    modules = []
    instance_relative = False
    for path in listing.files:
        if code_kind(path) not in (APPLICATION, TESTS, EXAMPLES, PACKAGING):
            continue
        text = reader.read_file(listing.relative(path))
        instance_relative = instance_relative or "instance_relative_config" in (text or "")
        if module_kind(path, text) not in (APPLICATION, TESTS, EXAMPLES):
            continue  # a setup.py that configures the app is its module (_code_kinds.module_kind)
        if text is not None and len(text) <= MAX_MODULE_CHARS and _WANTED.search(text):
            modules.append((path, text))
    found = _from_modules(modules)
    sets, unread = list(found.sets), []
    for place in found.unread:  # a named settings file: read it when the project holds it
        if place.what.startswith("object "):
            if not _holds_module(listing.every_file, place.what[len("object "):]):
                unread.append(Place(place.path, place.line, f"a module the project does not hold ({place.what[7:]})"))
            continue
        if place.what.startswith("file ") and instance_relative:
            unread.append(Place(place.path, place.line, f"an instance folder's file ({place.what[5:]})"))
            continue
        if not place.what.startswith("file "):
            unread.append(place)
            continue
        name = place.what[len("file "):]
        held = [p for p in listing.every_file if p == name or p.endswith("/" + name.lstrip("./"))]
        if not held:
            unread.append(Place(place.path, place.line, f"a file the project does not hold ({name})"))
        for path in held:
            settings = reader.read_file(listing.relative(path))
            match = _SETS_IN_FILE.search(settings or "")
            if match is not None:
                sets.append(Place(path, settings.count("\n", 0, match.start()) + 1))
    reads = list(found.reads)
    for path in listing.every_file:
        if _TEMPLATES.search(path) and code_kind(path) == APPLICATION:
            template = reader.read_file(listing.relative(path)) or ""
            match = _TEMPLATE_READ.search(template) if len(template) <= MAX_MODULE_CHARS else None
            if match is not None:
                reads.append(Place(path, template.count("\n", 0, match.start()) + 1))
    return EnvInProject(tuple(sets), tuple(unread), tuple(reads), found.classes, found.conditional)


def _holds_module(files, dotted: str) -> bool:
    """Whether ``files`` hold the module a ``from_object("a.b.Config")`` string names (the
    string's last part may be a name in it), by its whole dotted path: a shorter one
    (``config`` of ``companylib.config``) may be another package's module of that name."""
    parts = dotted.split(".")
    for end in (len(parts), len(parts) - 1):
        stem = "/".join(parts[:end])
        if stem and any(f == f"{stem}.py" or f.endswith(f"/{stem}.py") or f == f"{stem}/__init__.py" or f.endswith(f"/{stem}/__init__.py") for f in files):
            return True
    return False


def _from_modules(modules) -> EnvInProject:
    sets: list[Place] = []
    unread: list[Place] = []
    reads: list[Place] = []
    classes: list[ConfigClass] = []
    conditional: list[Place] = []
    for path, text in modules:
        tree = parsed(text)
        if tree is None:  # Python 2, or a syntax error: what it sets is not known
            unread.append(Place(path, 1, "a module not read here (not Python 3)"))
            continue
        _config_of(path, tree, sets, unread, classes, conditional)
        reads.extend(Place(path, node.lineno) for node in walked(tree) if _reads_env(node))
    return EnvInProject(tuple(sets), tuple(unread), tuple(reads), tuple(classes), tuple(conditional))


def _config_of(path: str, tree: ast.Module, sets: list, unread: list, classes: list, conditional: list) -> None:
    from_environment = _names_from_environment(tree)
    first = len(sets)
    for statement in _module_statements(tree.body):
        if isinstance(statement, ast.ClassDef):
            keys = {name for child in statement.body for name in _assigned_names(child, annotated=True)}
            if any(key.isupper() for key in keys):
                bases = tuple(last_name(base) or "" for base in statement.bases)
                classes.append(ConfigClass(Place(path, statement.lineno, statement.name), bases, KEY in keys))
        elif KEY in _assigned_names(statement):
            sets.append(Place(path, statement.lineno))
    for node in walked(tree):
        kind = type(node)
        if kind in (ast.Assign, ast.AnnAssign):
            targets = node.targets if kind is ast.Assign else [node.target]  # type: ignore[attr-defined]
            if any(_env_subscript(target) and not _is_environment(target.value) for target in targets):
                sets.append(Place(path, node.lineno))  # type: ignore[attr-defined]
        elif kind is ast.keyword and node.arg == KEY:  # type: ignore[attr-defined]
            sets.append(Place(path, node.value.lineno))  # type: ignore[attr-defined]
        elif kind is ast.Dict:
            sets.extend(Place(path, k.lineno) for k in node.keys if isinstance(k, ast.Constant) and k.value == KEY)  # type: ignore[attr-defined]
        elif kind is ast.Call and isinstance(node.func, ast.Attribute):  # type: ignore[attr-defined]
            if _sets_default(node):  # type: ignore[arg-type]
                sets.append(Place(path, node.lineno))  # type: ignore[attr-defined]
            loaded = _unread_load(node, from_environment)  # type: ignore[arg-type]
            if loaded is not None:
                unread.append(Place(path, node.lineno, loaded))  # type: ignore[attr-defined]
    if len(sets) > first:
        lines = _conditional_lines(tree)
        conditional.extend(place for place in sets[first:] if place.line in lines)


def _module_statements(body: list[ast.stmt]):
    """The statements of a module's own code (under ifs, trys and withs too; not in a function
    or class body, except the classes themselves)."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.With, ast.Try)):
            yield from _module_statements(statement.body)
            yield from _module_statements(getattr(statement, "orelse", []))
            for handler in getattr(statement, "handlers", []):
                yield from _module_statements(handler.body)


def _conditional_lines(tree: ast.Module) -> set[int]:
    """The lines of the statements that run only on a condition: under an ``if``, a loop, an
    ``except`` clause or a ``match`` case."""
    lines: set[int] = set()
    for node in walked(tree):
        blocks: list[list] = []
        if isinstance(node, (ast.If, ast.While, ast.For, ast.AsyncFor)):
            blocks = [node.body, node.orelse]
        elif isinstance(node, ast.Try):
            blocks = [handler.body for handler in node.handlers] + [node.orelse]
        elif type(node).__name__ == "match_case":
            blocks = [node.body]  # type: ignore[attr-defined]
        for statement in (s for block in blocks for s in block):
            lines.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    return lines


def _sets_default(call: ast.Call) -> bool:
    """``X.setdefault("ENV", ...)``."""
    first = call.args[0] if call.args else None
    return call.func.attr == "setdefault" and isinstance(first, ast.Constant) and first.value == KEY  # type: ignore[attr-defined]


def _unread_load(call: ast.Call, from_environment: set[str]) -> str | None:
    """What the config load ``call`` loads when it cannot be read here (``file NAME`` for a
    settings file, ``object NAME`` for a module named by a string, to look for in the
    project), else None."""
    method = call.func.attr  # type: ignore[attr-defined]
    if method in _UNREADABLE or method == "from_pyfile":  # Flask's own names: on any receiver (``cfg = app.config``)
        pass
    elif "config" not in (last_name(call.func.value) or "").lower():  # type: ignore[attr-defined]
        return None  # not a Flask config's (app.config, self.config, a config object)
    if method in _UNREADABLE:
        return f"{method}()"
    if method in ("update", "from_mapping") and any(k.arg is None for k in call.keywords):
        return f"{method}() of a mapping not read here"  # update(**settings)
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("filename", "obj", "mapping")), None)
    if first is None:
        return None
    if method in _FILE_LOADS:
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return f"file {first.value}"
        return f"{method}() of a path named at run time"
    if method == "from_object":
        if _from_environment(first, from_environment):
            return "from_object() of what the environment names"
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return f"object {first.value}"
    if method in ("update", "from_mapping") and (not isinstance(first, ast.Dict) or None in first.keys):  # {**settings}
        return f"{method}() of a mapping not read here"
    return None


def _from_environment(node: ast.expr, names: set[str]) -> bool:
    """Whether ``node`` is (or starts with) a read of the environment, or a name assigned one."""
    while isinstance(node, ast.BinOp):
        node = node.left
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Subscript):
        return _is_environment(node.value)
    if isinstance(node, ast.Call):
        return _is_environment(node.func) or (isinstance(node.func, ast.Attribute) and _is_environment(node.func.value))
    return False


def _names_from_environment(tree: ast.Module) -> set[str]:
    names = set()
    for node in walked(tree):
        if isinstance(node, ast.Assign) and _from_environment(node.value, set()):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _is_environment(node: ast.expr) -> bool:
    """``os.environ``, ``environ``, ``os.getenv``, ``getenv``."""
    last = last_name(node)
    return last in _ENVIRONMENT


def _assigned_names(statement: ast.stmt, annotated: bool = False) -> list[str]:
    """The names ``statement`` assigns; with ``annotated``, also one only annotated (a
    settings class's ``ENV: str``: pydantic reads it from the environment)."""
    if isinstance(statement, ast.Assign):
        return [t.id for t in statement.targets if isinstance(t, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and (statement.value is not None or annotated) and isinstance(statement.target, ast.Name):
        return [statement.target.id]
    return []


def _env_subscript(node: ast.expr) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == KEY


def _reads_env(node: ast.AST) -> bool:
    """``X.config["ENV"]`` / ``config["ENV"]`` read, or ``X.config.get("ENV")``: reads of the
    value that Flask 2.3+ still holds where the app sets it (not ``app.env``, gone there)."""
    kind = type(node)
    if kind is ast.Subscript and isinstance(node.ctx, ast.Load) and _env_subscript(node):  # type: ignore[attr-defined]
        return last_name(node.value) == "config"  # type: ignore[attr-defined]
    if kind is ast.Call and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:  # type: ignore[attr-defined]
        first = node.args[0]  # type: ignore[attr-defined]
        return isinstance(first, ast.Constant) and first.value == KEY and last_name(node.func.value) == "config"  # type: ignore[attr-defined]
    return False
