"""config-env: whether the project picks its own settings by the value of ``FLASK_ENV``.

A project that reads the variable and uses its value as a name — the default of a factory's
parameter (``create_app(run_mode=os.getenv("FLASK_ENV", "production"))``), a call's argument
(``load_settings(os.environ["FLASK_ENV"])``), a key (``configs[os.environ.get("FLASK_ENV")]``)
— selects its configuration by it: the variable is the app's own setting, which its
deployments set for the app (``FLASK_ENV=migration``), and which it still reads after Flask
2.3 stopped reading it. A comparison of it with ``"development"`` then asks for the app's run
mode, not for debug mode. Read on the standard library's AST of the project's application
modules, once per project (``_project_answers.remembered``); a read only logged or formatted
(``logger.info(...)``, ``print``, ``str.format``) picks nothing. A value first bound to a name
(or it with a default, ``os.getenv("FLASK_ENV") or "test"``) is followed through it where the
name is bound once in its scope (``env =
os.getenv("FLASK_ENV")`` then ``configs[env]`` or ``create_app(env)``): each read of the name
there is a read of the value.
"""

from __future__ import annotations

import ast

from ._base import APPLICATION, Context, code_kind
from ._code_kinds import module_kind
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS, parsed

VARIABLE = "FLASK_ENV"
# calls that only show a value: an argument of theirs picks nothing
_SHOWING = frozenset({"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "format"})


def own_variable_place(ctx: Context, text: str) -> str | None:
    """``path:line`` of the first place the project uses FLASK_ENV's value as a name; None
    when it only compares it (or does not read it). From ``text`` alone (the module at
    ``ctx.path``) where the project is not listed."""
    if ctx.project_files() is None:
        return _first_pick([(ctx.path, text)])
    return remembered(ctx, ("config-env: FLASK_ENV picks the app's settings",), _derive)


def read_place(ctx: Context, text: str) -> str | None:
    """``path:line`` of the first read of FLASK_ENV's value in the project's application code
    (this module's ``text`` alone where the project is not listed); None where nothing reads it."""
    if ctx.project_files() is None:
        return _first_read([(ctx.path, text)])
    return remembered(ctx, ("config-env: FLASK_ENV read by the project",), lambda reader: _first_read(_modules(reader)))


def _first_read(modules: list[tuple[str, str]]) -> str | None:
    for path, text in modules:
        tree = parsed(text) if VARIABLE in text else None
        for node in ast.walk(tree) if tree is not None else ():
            if _reads_variable(node) and not (isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load)):
                return f"{path}:{node.lineno}"
    return None


def _derive(reader) -> str | None:
    return _first_pick(_modules(reader))


def _modules(reader) -> list[tuple[str, str]]:
    """``(path, text)`` of the project's application modules that spell the variable."""
    listing = reader.project_files()
    modules = []
    for path in listing.files:
        if code_kind(path) != APPLICATION:
            continue
        text = reader.read_file(listing.relative(path))
        if text is None or VARIABLE not in text or len(text) > MAX_MODULE_CHARS:
            continue
        if module_kind(path, text) == APPLICATION:
            modules.append((path, text))
    return modules


def _first_pick(modules: list[tuple[str, str]]) -> str | None:
    for path, text in modules:
        tree = parsed(text) if VARIABLE in text else None
        if tree is None:
            continue
        above: dict[int, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                above[id(child)] = node
        for node in ast.walk(tree):
            if _reads_variable(node) and any(_used_as_name(use, above) for use in _uses_of_value(node, above)):
                return f"{path}:{node.lineno}"
    return None


_SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _uses_of_value(read: ast.AST, above: dict[int, ast.AST]) -> list[ast.AST]:
    """Where the value ``read`` gives is used: ``read`` itself, or, where it is bound to a name
    (``env = os.getenv(...)``) that its scope binds only there, each read of that name in the
    scope (nested functions and classes aside: they may bind it again)."""
    holder = above.get(id(read))
    if isinstance(holder, ast.BoolOp) and isinstance(holder.op, ast.Or) and holder.values[0] is read:
        read, holder = holder, above.get(id(holder))  # ``os.getenv("FLASK_ENV") or "test"``: its value or a default
    if not (isinstance(holder, ast.Assign) and holder.value is read and len(holder.targets) == 1):
        return [read]
    target = holder.targets[0]
    scope = above.get(id(holder))
    while scope is not None and not isinstance(scope, _SCOPES):
        scope = above.get(id(scope))
    if not isinstance(target, ast.Name) or scope is None:
        return [read]
    names = [node for node in _own_nodes(scope) if isinstance(node, ast.Name) and node.id == target.id]
    bound = [name for name in names if not isinstance(name.ctx, ast.Load)]
    if bound != [target] or _bound_otherwise(scope, target.id):
        return [read]
    return [name for name in names if isinstance(name.ctx, ast.Load)]


def _own_nodes(scope: ast.AST):
    """The nodes of ``scope``'s own code: not those of the functions, lambdas and classes in it."""
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _bound_otherwise(scope: ast.AST, name: str) -> bool:
    """Whether ``scope`` binds ``name`` other than by assignment: a parameter, an import, a
    ``global``/``nonlocal``, a nested function's or class's name."""
    arguments = getattr(scope, "args", None)
    if isinstance(arguments, ast.arguments):
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        if any(argument is not None and argument.arg == name for argument in every):
            return True
    for node in _own_nodes(scope):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
            return True
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
    return False


def _reads_variable(node: ast.AST) -> bool:
    """``os.environ.get("FLASK_ENV", ...)``, ``os.getenv(...)``, ``environ["FLASK_ENV"]``."""
    if isinstance(node, ast.Call) and node.args and _is_variable(node.args[0]):
        func = node.func
        return isinstance(func, ast.Attribute) and func.attr in ("get", "getenv")
    if isinstance(node, ast.Subscript) and _is_variable(node.slice):
        value = node.value
        return isinstance(value, (ast.Attribute, ast.Name)) and (getattr(value, "attr", None) or getattr(value, "id", "")) == "environ"
    return False


def _is_variable(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == VARIABLE


def _used_as_name(read: ast.AST, above: dict[int, ast.AST]) -> bool:
    holder = above.get(id(read))
    if isinstance(holder, ast.BoolOp) and isinstance(holder.op, ast.Or) and holder.values[0] is read:
        read, holder = holder, above.get(id(holder))  # its value or a default
    if isinstance(holder, ast.arguments):
        return True  # a parameter's default
    if isinstance(holder, ast.Subscript) and holder.slice is read:
        return True  # a key
    if isinstance(holder, ast.Call) and read is not holder.func:
        func = holder.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name not in _SHOWING
    if isinstance(holder, ast.keyword):
        call = above.get(id(holder))
        func = call.func if isinstance(call, ast.Call) else None
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name not in _SHOWING
    return False
