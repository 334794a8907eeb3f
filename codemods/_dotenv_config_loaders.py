"""dotenv-config: the calls of one module that load configuration into a Flask config object
(``from_object``, ``from_pyfile``, ``from_envvar``, ``from_file``, ``from_prefixed_env``, and a
non-literal ``config.update`` / ``from_mapping``), and what each may load. Read with the
standard library's ``ast``; the project's view (``_dotenv_config_project``) gathers them."""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from ._dotenv_config_gate import keyword_dict
from ._names import dotted_name
from ._parsed_modules import python_tree
from ._statement_walk import import_statements
from ._projects_kept import dropped_with_projects

LOADERS = ("from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env")
# the methods a loader's call names (``_loader``): a module whose code names none holds no loader
LOADER_METHODS = frozenset((*LOADERS, "update", "from_mapping"))


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
    # from_object(<a parameter>) in a module-level def: (the def's name, the parameter's
    # position, its name), for the callers to say (``_dotenv_config_factory_callers``)
    parameter: tuple[str, int, str] | None = None

    def excludes(self, other: Loader) -> bool:
        """Whether the two sit in different arms of one ``if``: only one of them runs."""
        return any(line == other_line and arm != other_arm for line, arm in self.arms for other_line, other_arm in other.arms)

    def describe(self, cite: Callable[[int], int] | None = None) -> str:
        """``cite``: its line -> the line to name (Context.file_line, for a loader of the module transformed)."""
        return f"{self.method}() at {self.path}:{cite(self.line) if cite is not None else self.line}"



def _module_names(path: str) -> list[str]:
    """``pkg/sub/config.py`` → its dotted names, the longest first: ``pkg.sub.config`` ... ."""
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[start:]) for start in range(len(parts))] if parts else []



@lru_cache(maxsize=1024)
def _loaders_cached(path: str, text: str) -> tuple[Loader, ...]:
    tree = python_tree(text)
    if tree is None:
        return ()
    imports = _imports(tree, path)
    found: list[Loader] = []

    def visit(node: ast.AST, scope: int, arms: tuple[tuple[int, int], ...], factory: ast.AST | None) -> None:
        branches = (node.body, node.orelse) if isinstance(node, ast.If) else ()
        for child in ast.iter_child_nodes(node):
            function = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Call):
                loader = _loader(child, path, scope, imports, tree)
                if loader is not None:
                    loader = _with_parameter(loader, child, factory)
                    found.append(replace(loader, arms=arms) if arms else loader)
            arm = next((index for index, body in enumerate(branches) if any(child is s for s in body)), None)
            inner = () if function else arms if arm is None else (*arms, (node.lineno, arm))  # type: ignore[attr-defined]
            within = (child if node is tree else None) if function else factory  # a module-level def only
            visit(child, child.lineno if function else scope, inner, within)

    visit(tree, 0, (), None)
    return tuple(sorted(found, key=lambda loader: loader.line))


dropped_with_projects(_loaders_cached.cache_clear)  # (kept by text: of no use to the next project)


def _loaders(path: str, text: str) -> tuple[Loader, ...]:
    return _loaders_cached(path, text)


def _loader(call: ast.Call, path: str, scope: int, imports: dict[str, tuple[str, str | None]], tree: ast.Module) -> Loader | None:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    method = func.attr
    if method in ("update", "from_mapping"):
        on_config = isinstance(func.value, ast.Attribute) and func.value.attr == "config"
        literal = all(isinstance(arg, ast.Dict) or keyword_dict(arg) for arg in call.args)
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


def _with_parameter(loader: Loader, call: ast.Call, factory: ast.AST | None) -> Loader:
    """``loader`` with the parameter of the module-level def ``factory`` its ``from_object``
    is given, when the def never binds that name anew."""
    if loader.method != "from_object" or factory is None or not call.args or not isinstance(call.args[0], ast.Name):
        return loader
    name = call.args[0].id
    arguments = factory.args  # type: ignore[attr-defined]
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if name not in positional:
        return loader
    rebound = any(
        isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load) for node in ast.walk(factory)
    )
    return loader if rebound else replace(loader, parameter=(factory.name, positional.index(name), name))  # type: ignore[attr-defined]


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
