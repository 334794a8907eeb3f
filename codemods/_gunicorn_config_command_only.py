"""gunicorn-config: code that runs only in a command-line process, never in the server's.

A function decorated as a command (``@app.cli.command()``, ``@click.command()``,
``@cli.group()``, ``@manager.command``) runs in the process its command starts. So does a
function of the project whose every use is a call made in such a command: mwdb-core's
``create_configuration`` draws ``secret_key=token_hex(16)`` once and writes it to
``mwdb.ini``, called only by ``mwdb-core configure``; the server reads the key from that file
in every worker alike. Told by name over the project's application modules: every reference
to the name (a call, or anything else: a callback handed on, an import aside) must be the
called function of a call inside a command, and there must be one; one hop only.
"""

from __future__ import annotations

import ast
from typing import Iterable

from ._ast_nodes import last_name

COMMAND_DECORATORS = frozenset({"command", "group"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def is_command(function: ast.AST) -> bool:
    """Whether ``function`` is decorated as a command (its decorator's last name is
    ``command`` or ``group``)."""
    for decorator in getattr(function, "decorator_list", []):
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if last_name(called) in COMMAND_DECORATORS:
            return True
    return False


def runs_only_in_commands(function: ast.AST, path: str, modules: Iterable[tuple[str, ast.Module]]) -> bool:
    """Whether ``function`` (a def of the module at ``path``) runs only in a command-line
    process: it is a command, or every reference to its name in ``modules`` (``(path, tree)``
    of the application modules) is a call made in a command, and there is at least one."""
    if not isinstance(function, _FUNCTIONS):
        return False
    if is_command(function):
        return True
    name = function.name
    called = False
    for where, tree in modules:
        for command, node in _references(tree, name):
            if where == path and isinstance(node, _FUNCTIONS) and node.lineno == function.lineno:
                continue  # its own def
            if command is None or not isinstance(node, ast.Call):
                return False
            called = True
    return called


def _references(tree: ast.Module, name: str):
    """``(the command it is in or None, node)`` for each reference to ``name`` in ``tree``: a
    call whose function is spelled with it (``f()``, ``mod.f()``), any other load of the name
    (``mod.f``, ``f`` handed on), and every def of that name."""
    stack: list[tuple[ast.AST, ast.AST | None]] = [(tree, None)]
    while stack:
        node, command = stack.pop()
        if isinstance(node, _FUNCTIONS):
            if node.name == name:
                yield command, node
            command = node if is_command(node) else command
        if isinstance(node, ast.Call) and last_name(node.func) == name:
            yield command, node
            stack.extend((child, command) for child in ast.iter_child_nodes(node) if child is not node.func)
            continue
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            yield command, node
        elif isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.ctx, ast.Load):
            yield command, node
        stack.extend((child, command) for child in ast.iter_child_nodes(node))
