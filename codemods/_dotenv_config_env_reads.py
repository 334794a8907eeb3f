"""dotenv-config: what a module reads from the environment: the names it reads (never taken
for a variable of ours), and the names that build the default of such a read (a setting
among them is configurable already)."""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from ._names import dotted_name
from ._parsed_modules import python_tree
from ._projects_kept import dropped_with_projects

# os.environ["X"], os.environ.get("X"), os.getenv("X"), environ.setdefault("X"), env("X"),
# env.int("X"), config("X") (python-decouple): the name read, spelled in the text (a cheap
# first look; the code itself decides: env_names_read)
_ENV_READ = re.compile(
    r"""(?:\benviron\s*(?:\.\s*(?:get|setdefault|pop)\s*\(|\[)|\b(?:get|put)env\s*\(|\benv(?:\s*\.\s*[a-z_]+)?\s*\(|\bconfig\s*\()"""
    r"""\s*[rRuU]?(['"])([A-Za-z_][A-Za-z0-9_]*)\1"""
)



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


dropped_with_projects(_env_names_read.cache_clear)  # (kept by text: of no use to the next project)


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


def names_feeding_env_defaults(tree: ast.Module) -> frozenset[str]:
    """The names whose values build the default of an environment read (``os.getenv("URL",
    f"sqlite:///{DATABASE}")``, ``os.environ.get("URL") or ...``), directly or through a name
    assigned a value that does: a setting among them is configurable already, by the read."""
    names: set[str] = set()
    values: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _reads_with_default(node):
            names |= _loaded([*node.args[1:2], *(k.value for k in node.keywords if k.arg == "default")])
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and _reads_with_default(node.values[0]):
            names |= _loaded(node.values[1:])
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, []).append(node.value)
    todo = list(names)
    while todo:
        for name in _loaded(values.get(todo.pop(), ())) - names:
            names.add(name)
            todo.append(name)
    return frozenset(names)


def _reads_with_default(node: ast.expr) -> bool:
    """A call that reads a variable named by a literal (``putenv`` writes its second argument)."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return False
    return isinstance(node.args[0].value, str) and reads_environment(node.func) and not (dotted_name(node.func) or "").endswith("putenv")


def _loaded(expressions) -> set[str]:
    return {node.id for expression in expressions for node in ast.walk(expression) if isinstance(node, ast.Name)}
