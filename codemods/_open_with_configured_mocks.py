"""open-with: patches whose mock's answer the test sets up, which a with-block would not use.

A test that patches an opener and leaves the patch's own ``MagicMock`` in its place, then says
what the opener's answer does through that mock's ``return_value``
(``urlopen.return_value.read.return_value = b"..."``, ``session_class.return_value.get.return_value
.json.return_value = {...}``, ``opened.return_value.status_code = 200``), runs the code with that
answer where the opener's handle was. A with-block hands the code what the answer's
``__enter__()`` returns instead, and a ``MagicMock``'s is another mock, which knows nothing of
what the test set: its ``read()`` gives a mock, not the bytes, and the project's test fails
though the program is right. A test that sets the answer's ``__enter__`` too
(``opened.return_value.__enter__.return_value = ...``) was written for a with-block and is
left out; so is a patch given the object to put in (``new``) or its answer (``return_value=``,
``side_effect=``: read by _open_with_patched_returns and _open_with_replaced_open), and
``mock_open()``, whose handle enters as itself.

The mock is followed to the name it is bound to (``_mock_patches.bound_mocks``: ``with patch(...)
as NAME``, ``NAME = patch(...).start()``, ``mocker.patch(...)``, an ``ExitStack``'s
``enter_context``, the argument a ``@patch`` decorator passes), and its answer is read where that
name is: the test function that binds it or is given it, or the module's top level.

``configured_answers`` reads one test module (a plain fact of its stdlib AST).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._mock_patches import bound_mocks, gives_own_answer, patch_target
from ._open_with_patched_returns import _own_nodes

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_ENTERING = frozenset({"__enter__", "__exit__", "__aenter__", "__aexit__"})


def configured_answers(tree: ast.Module) -> tuple[tuple[str, str, int], ...]:
    """(patch target, the setting as the test spells it, ``m.return_value.read``, the patch's
    line) for each patch whose own mock's answer the test sets up and never its ``__enter__``."""
    found: list[tuple[str, str, int]] = []
    for scope, cls in _scopes(tree):
        named: dict[str, list[tuple[str, int]]] = {}
        for call, name in bound_mocks(scope, cls):
            target = patch_target(call)
            if target is not None and not gives_own_answer(call):
                named.setdefault(name, []).append((target, call.lineno))
        if not named:
            continue
        settings: dict[str, list[str]] = {}
        for node in _own_nodes(scope):
            for target in _assigned(node):
                chain = _chain(target)
                if len(chain) >= 3 and chain[0] in named and chain[1] == "return_value":
                    settings.setdefault(chain[0], []).append(".".join(chain[:3]))
        for name, spelled in settings.items():
            if any(each.rsplit(".", 1)[1] in _ENTERING for each in spelled):
                continue  # the test sets what the with-block enters
            found += [(target, spelled[0], line) for target, line in named[name]]
    return tuple(dict.fromkeys(found))


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.ClassDef | None]]:
    """The module and each function, with the class a function is a method of."""
    yield tree, None
    classes = {id(method): node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) for method in node.body}
    yield from ((node, classes.get(id(node))) for node in ast.walk(tree) if isinstance(node, _FUNCTIONS))


def _assigned(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [node.target]
    return []


def _chain(node: ast.expr) -> list[str]:
    """``m.return_value.read.return_value`` as its names, from the root; [] for any other shape."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    return [node.id, *reversed(names)] if isinstance(node, ast.Name) else []
