"""What dotenv-config needs to know of the whole project, read-only.

- Every name the project reads from the environment, in any module (``os.environ[...]``,
  ``os.getenv``, ``environ.get``, environs' ``env(...)``, decouple's ``config(...)``): such a
  name is never taken for a variable of ours.
- The project's configuration loading: every ``X.config.from_object / from_pyfile /
  from_envvar / from_file / from_prefixed_env`` call and the non-literal ``update`` /
  ``from_mapping``; which modules and classes they load (the only configuration besides
  ``app.config[...]`` that dotenv-config touches), and whether something is loaded after
  them (then what they load are defaults the project overrides).

Other modules are read with the standard library's ``ast`` (a fraction of a LibCST parse),
and only those whose text shows what is looked for. Without a listing of the project
(``ctx.project_files()`` is None), the project is the transformed file alone.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ._base import Context
from ._statement_walk import import_statements
from ._names import dotted_name
from ._parsed_modules import python_tree
from ._project_memo import DerivedMemo

LOADERS = ("from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env")
# the methods a loader's call names (``_loader``): a module whose code names none holds no loader
LOADER_METHODS = frozenset((*LOADERS, "update", "from_mapping"))
# a loader's call; ``update`` / ``from_mapping`` only on something named ``config`` (``_loader``),
# maybe with closing parentheses, line continuations and comments before the dot (two patterns,
# each found by its literal start: one that starts with either searches ten times slower)
_LOADER_CALL = re.compile(r"\.\s*(?:from_object|from_pyfile|from_envvar|from_file|from_prefixed_env)\s*\(")
_CONFIG_UPDATE = re.compile(r"config(?:[\s)\\]|#[^\n]*)*\.\s*(?:update|from_mapping)\s*\(")
# os.environ["X"], os.environ.get("X"), os.getenv("X"), environ.setdefault("X"), env("X"),
# env.int("X"), config("X") (python-decouple): the name read, spelled in the text (a cheap
# first look; the code itself decides: env_names_read)
_ENV_READ = re.compile(
    r"""(?:\benviron\s*(?:\.\s*(?:get|setdefault|pop)\s*\(|\[)|\b(?:get|put)env\s*\(|\benv(?:\s*\.\s*[a-z_]+)?\s*\(|\bconfig\s*\()"""
    r"""\s*[rRuU]?(['"])([A-Za-z_][A-Za-z0-9_]*)\1"""
)


@dataclass(frozen=True)
class Loader:
    """One call that loads configuration into a Flask config object."""

    path: str  # the module it is in (relative to the project root)
    line: int
    scope: int  # the line of the def it is in (0: the module), for "loaded after"
    method: str
    modules: tuple[tuple[str, str | None], ...] = ()  # (dotted module, attribute) it may load
    files: tuple[str, ...] = ()  # from_pyfile / from_file: the file names it may load
    arms: tuple[tuple[int, int], ...] = ()  # (line of an enclosing if, 0: its body, 1: its else)

    def excludes(self, other: Loader) -> bool:
        """Whether the two sit in different arms of one ``if``: only one of them runs."""
        return any(line == other_line and arm != other_arm for line, arm in self.arms for other_line, other_arm in other.arms)

    def describe(self) -> str:
        return f"{self.method}() at {self.path}:{self.line}"


@dataclass
class ConfigUse:
    """How the project's configuration loading reaches one module."""

    whole: bool = False  # loaded as a module (its UPPER_CASE constants are configuration)
    itself: bool = False  # the module loads itself: from_object(__name__)
    classes: set[str] = field(default_factory=set)  # its classes loaded by name
    any_class: bool = False  # a class picked from it at run time (``config[name]``)
    overridden_by: str = ""  # a loader that runs after one that loads it

    @property
    def reached(self) -> bool:
        return self.whole or self.any_class or bool(self.classes)


# -- reading the project ----------------------------------------------------------------------------


class ProjectView:
    """The facts of the project a transform needs, gathered once per transform. Without
    ``environment`` (the project gate asks only how configuration is loaded), ``env_reads``
    stays empty: what the modules read from the environment is not derived (a view that
    needs it derives it for a module whose kept reading lacks it)."""

    def __init__(self, ctx: Context, own_text: str, environment: bool = True) -> None:
        listing = ctx.project_files()
        # the project root as read_file takes it; None when the tool listed no project
        self.root: str | None = listing.relative("") if listing is not None else None
        self.this = listing.this if listing is not None else _basename(ctx.path)
        self.files: tuple[str, ...] = listing.files if listing is not None else (self.this,)
        self.env_reads: dict[str, str] = {}  # name -> a module that reads it
        self.loaders: list[Loader] = []
        # what each module said when last read, by path, for this project (told apart by its
        # listing; what is kept is checked by its text)
        kept = _READ.of(hash(self.files)) if self.root is not None else {}
        read_file, this, root = ctx.read_file, self.this, self.root
        env_reads, found = self.env_reads, self.loaders
        for path in self.files:
            if path == this:
                names, loaders = _read_config(path, own_text, environment)
            elif root is None:
                continue
            else:
                text = read_file(root + path)  # listing.relative(path)
                if text is None:
                    continue
                known = kept.get(path)
                if known is None or not (known[0] is text or known[0] == text) or (environment and known[1][0] is None):
                    # not read yet, read otherwise, or kept by a view without the names read
                    known = kept[path] = (text, _read_config(path, text, environment))
                names, loaders = known[1]
            if environment and names:
                for name in names:  # type: ignore[union-attr]
                    env_reads.setdefault(name, path)
            if loaders:
                found.extend(loaders)

    # -- configuration loading -----------------------------------------------------------------
    def use_of(self, path: str) -> ConfigUse:
        """How the configuration loading reaches module ``path``."""
        use = ConfigUse()
        own_names = _module_names(path)
        for loader in self.loaders:
            reached = False
            for module, attribute in loader.modules:
                if module == "__name__" and loader.path == path:
                    use.whole = use.itself = reached = True
                elif _names_module(module, own_names):
                    reached = True
                    if attribute is None:
                        use.whole = True
                    elif attribute == "*":
                        use.any_class = True
                    else:
                        use.classes.add(attribute)
                elif attribute not in (None, "*") and _names_module(f"{module}.{attribute}", own_names):
                    use.whole = reached = True
            for file in loader.files:
                if _names_file(file, path, loader.path):
                    use.whole = reached = True
            if reached and not use.overridden_by:
                later = self.loaded_after(loader)
                if later is not None:
                    use.overridden_by = later.describe()
        return use

    def loaded_after(self, loader: Loader) -> Loader | None:
        """A loader that runs after ``loader`` on (presumably) the same config object."""
        for other in self.loaders:
            same_run = other.path == loader.path and other.scope == loader.scope and not other.excludes(loader)
            if same_run and other.line > loader.line:
                return other
        return None

    def loaders_after(self, line: int, scope: int) -> Loader | None:
        """A loader of this module after ``line`` in ``scope`` (an ``app.config[...] = ...``
        that a later ``from_pyfile`` may override)."""
        for loader in self.loaders:
            if loader.path == self.this and loader.scope == scope and loader.line > line:
                return loader
        return None

    def siblings(self, path: str) -> list[str]:
        """The modules in the same folder as ``path``."""
        folder = path.rpartition("/")[0]
        return [other for other in self.files if other.rpartition("/")[0] == folder and other != path]


class _ModuleReads(DerivedMemo):
    """What each module of a project said when last read, for every view of the process:
    per project, path -> (its text, ``_read_config`` of it). Emptied with every memo
    (``forget_every_memo``), and a project's table once it holds ``_MODULES_KEPT`` modules."""

    def of(self, project: int) -> dict[str, tuple[str, tuple[frozenset[str] | None, tuple[Loader, ...]]]]:
        found, kept = self.recall(project, _nothing_asked)  # kept with no reads: given until emptied
        if not found or len(kept) >= _MODULES_KEPT:
            kept = {}
            self.keep(project, (), kept)
        return kept


def _nothing_asked(question: object, returned: object) -> bool:  # pragma: no cover - no reads are kept
    return False


_MODULES_KEPT = 4096
_READ = _ModuleReads()


def _read_config(path: str, text: str, environment: bool = True) -> tuple[frozenset[str] | None, tuple[Loader, ...]]:
    """The names the module at ``path`` reads from the environment (None: not derived,
    without ``environment``), and its loaders."""
    may_load = _LOADER_CALL.search(text) or _CONFIG_UPDATE.search(text)
    return env_names_read(text) if environment else None, _loaders(path, text) if may_load else ()


def env_names_read(text: str) -> frozenset[str]:
    """The names a module's code reads from (or writes to) the environment. Read from its
    code, not its text: a name in a docstring or a comment is no reader. A module Python 3
    cannot parse (a Python 2 module) is read by its text."""
    if "env" not in text and "config(" not in text:
        return frozenset()
    return _env_names_read(text)


@lru_cache(maxsize=4096)
def _env_names_read(text: str) -> frozenset[str]:
    spelled = {match.group(2) for match in _ENV_READ.finditer(text)}
    if not spelled:
        return frozenset()
    tree = python_tree(text)
    if tree is None:
        return frozenset(spelled)
    return frozenset(name for name in _env_names_in(tree) if name in spelled)


def _env_names_in(tree: ast.AST) -> set[str]:
    """``os.environ["X"]`` (read, set or deleted), ``environ.get / setdefault / pop("X")``,
    ``os.getenv / putenv("X")``, environs' ``env("X")`` / ``env.int("X")``, decouple's
    ``config("X")``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            name = _string(node.slice)
            if name is not None and _is_environ(node.value):
                names.add(name)
        elif isinstance(node, ast.Call) and node.args:
            name = _string(node.args[0])
            if name is not None and reads_environment(node.func):
                names.add(name)
    return names


def _is_environ(node: ast.expr) -> bool:
    name = dotted_name(node)
    return name is not None and name.rsplit(".", 1)[-1] == "environ"


def reads_environment(func: ast.expr) -> bool:
    """Whether a call of ``func`` with a literal name first reads (or writes) that variable."""
    if isinstance(func, ast.Name):
        return func.id in ("getenv", "putenv", "env", "config")
    if isinstance(func, ast.Attribute):
        if func.attr in ("get", "setdefault", "pop"):
            return _is_environ(func.value)
        if func.attr in ("getenv", "putenv"):
            return True
        return isinstance(func.value, ast.Name) and func.value.id == "env"  # environs: env.int("X")
    return False


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _module_names(path: str) -> list[str]:
    """``pkg/sub/config.py`` → its dotted names, the longest first: ``pkg.sub.config`` ... ."""
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[start:]) for start in range(len(parts))] if parts else []


def _names_module(dotted: str, own_names: list[str]) -> bool:
    return dotted in own_names


def _names_file(file: str, path: str, loader_path: str) -> bool:
    """Whether ``from_pyfile(file)`` in ``loader_path`` may load ``path``: ``file`` relative to
    the app's folder (the loader's, or its package's) or to an ``instance`` folder."""
    file = file.replace("\\", "/").lstrip("/")
    while file.startswith("./"):
        file = file[2:]
    if not file.endswith(".py"):
        return False
    folder = loader_path.rpartition("/")[0]
    bases = {folder, folder.rpartition("/")[0], "instance", f"{folder}/instance", f"{folder.rpartition('/')[0]}/instance"}
    return any(path == (f"{base}/{file}" if base else file) for base in bases)


# -- loaders of one module ---------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _loaders_cached(path: str, text: str) -> tuple[Loader, ...]:
    tree = python_tree(text)
    if tree is None:
        return ()
    imports = _imports(tree, path)
    found: list[Loader] = []

    def visit(node: ast.AST, scope: int, arms: tuple[tuple[int, int], ...]) -> None:
        branches = (node.body, node.orelse) if isinstance(node, ast.If) else ()
        for child in ast.iter_child_nodes(node):
            function = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Call):
                loader = _loader(child, path, scope, imports, tree)
                if loader is not None:
                    found.append(replace(loader, arms=arms) if arms else loader)
            arm = next((index for index, body in enumerate(branches) if any(child is s for s in body)), None)
            inner = () if function else arms if arm is None else (*arms, (node.lineno, arm))  # type: ignore[attr-defined]
            visit(child, child.lineno if function else scope, inner)

    visit(tree, 0, ())
    return tuple(sorted(found, key=lambda loader: loader.line))


def _loaders(path: str, text: str) -> tuple[Loader, ...]:
    return _loaders_cached(path, text)


def _loader(call: ast.Call, path: str, scope: int, imports: dict[str, tuple[str, str | None]], tree: ast.Module) -> Loader | None:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    method = func.attr
    if method in ("update", "from_mapping"):
        on_config = isinstance(func.value, ast.Attribute) and func.value.attr == "config"
        literal = all(isinstance(arg, ast.Dict) for arg in call.args)
        if not on_config or literal:
            return None
        return Loader(path, call.lineno, scope, method)
    if method not in LOADERS:
        return None
    argument = call.args[0] if call.args else None
    if method == "from_object" and argument is not None:
        return Loader(path, call.lineno, scope, method, modules=tuple(_objects(argument, imports, path, tree)))
    if method in ("from_pyfile", "from_file") and argument is not None:
        files = tuple(
            node.value for node in ast.walk(argument) if isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
        return Loader(path, call.lineno, scope, method, files=files)
    return Loader(path, call.lineno, scope, method)


def _objects(argument: ast.expr, imports: dict[str, tuple[str, str | None]], path: str, tree: ast.Module):
    """The (module, attribute) pairs a from_object argument may name; attribute ``None`` for
    a whole module, ``"*"`` for a class chosen from a module at run time."""
    own = _module_names(path)[0] if _module_names(path) else ""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        module, _, attribute = argument.value.rpartition(".")
        yield (argument.value, None)
        if module:
            yield (module, attribute)
        return
    if isinstance(argument, ast.Name) and argument.id == "__name__":
        yield ("__name__", None)
        return
    if isinstance(argument, ast.Subscript):
        for module, attribute in _objects(argument.value, imports, path, tree):
            yield (module if attribute is not None else module, "*")
        return
    name = dotted_name(argument)
    if name is not None:
        head, _, rest = name.partition(".")
        if head in imports:
            module, attribute = imports[head]
            full = ".".join(part for part in (module, attribute, rest) if part)
            owner, _, last = full.rpartition(".")
            yield (full, None)
            if owner:
                yield (owner, last)
        elif not rest:
            yield (own, head)  # a class of this module (or a name bound to one)
        return
    for node in ast.walk(argument):  # os.environ.get("APP_SETTINGS", "config.DevConfig"), ...
        if node is not argument and isinstance(node, (ast.Constant, ast.Name, ast.Attribute, ast.Subscript)):
            if isinstance(node, ast.Constant) and not isinstance(node.value, str):
                continue
            if isinstance(node, ast.Name) and node.id in ("os", "environ"):
                continue
            yield from _objects(node, imports, path, tree)


def _imports(tree: ast.Module, path: str) -> dict[str, tuple[str, str | None]]:
    """Names bound by imports anywhere in the module → (module, attribute)."""
    package = path.rsplit("/", 1)[0].split("/") if "/" in path else []
    bound: dict[str, tuple[str, str | None]] = {}
    for node in import_statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = (alias.name, None)
                else:
                    head = alias.name.split(".")[0]
                    bound[head] = (head, None)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
                module = ".".join([*base, module] if module else base)
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = (module, alias.name)
    return bound
