"""open-with: what a test of the project puts in place of ``open``, and whether a with-block
could enter what it returns.

A test that replaces ``open`` (``mock.patch("builtins.open", mock.Mock())``,
``patch.object(builtins, "open", ...)``, ``monkeypatch.setattr(builtins, "open", ...)``, or
the module's own name, ``patch("app.open", ..., create=True)``) runs the code with the
replacement's answer where the file's handle was. A with-block enters that answer first; one
with no ``__enter__`` raises there, and the project's test fails though the program is right.
What cannot be entered:

- a plain ``Mock()`` (calling it gives another ``Mock``, which has none), or one whose
  ``return_value`` is such an answer (given to it, or set on the name it is bound to);
- a lambda, or a function of the tests, every return of which is such an answer;
- a patch given ``return_value=`` such an answer (the default ``MagicMock`` then returns it);

such an answer being ``None``, a literal (a string, a number, a list ...), a ``Mock()``, or an
instance of a class of the tests with no ``__enter__`` (told where the classes are known:
``_open_with_test_doubles``). ``MagicMock()`` and ``mock_open()`` support the protocol, and a
``StringIO`` or a real file can be entered; a replacement told otherwise (a name bound
elsewhere, a ``side_effect``) counts as one that can be entered.

``replacements`` reads one test module (a plain fact of its stdlib AST).
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._mock_patches import patch_target
from ._names import dotted_name

# what a replacement gives when called: ("mock", how it is told) where it is known to be no
# context manager, ("class", NAME) an instance of a class, ("function", NAME) what a
# function of the tests returns
Made = tuple[str, str]
_MOCKS = frozenset({"Mock"})
_LITERALS = (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr, ast.ListComp, ast.DictComp)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def replacements(tree: ast.Module) -> tuple[tuple[tuple[str, int, str, Made], ...], tuple[tuple[str, tuple[Made, ...]], ...]]:
    """((target, line, the replacement as the test spells it, what it returns) of every
    replacement of ``open`` whose answer may be no context manager, (function, what each of
    its returns gives) of every function of the module that returns only such answers)."""
    names = _Names(tree)
    found: list[tuple[str, int, str, Made]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        replaced = _replaced(node)
        if replaced is None:
            continue
        target, new, returned = replaced
        made = names.called(new) if new is not None else names.answer(returned) if returned is not None else None
        if made is not None:
            spelled = _spelled(new) if new is not None else "a MagicMock given return_value"
            found.append((target, node.lineno, spelled, made))
    functions = tuple((name, made) for name, made in names.functions.items() if made)
    return tuple(found), functions


def _replaced(call: ast.Call) -> tuple[str, ast.expr | None, ast.expr | None] | None:
    """(target, the object put in its place, the ``return_value`` given to the patch) of a
    patch or setattr of an ``open``; None for any other call."""
    func, args = call.func, call.args
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    target = patch_target(call)
    if target is not None:
        positional = 2 if isinstance(func, ast.Attribute) and func.attr == "object" else 1
        new = args[positional] if len(args) > positional else keywords.get("new")
    elif (isinstance(func, ast.Attribute) and func.attr == "setattr") or (isinstance(func, ast.Name) and func.id == "setattr"):
        if len(args) == 2 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            target, new = args[0].value, args[1]
        elif len(args) == 3 and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
            owner = dotted_name(args[0])
            target, new = (f"{owner}.{args[1].value}" if owner else None), args[2]
        else:
            return None
    else:
        return None
    if target is None or target.split(".")[-1] != "open":
        return None
    return target, new, keywords.get("return_value") if new is None else None


class _Names:
    """What the module binds its names to, what it sets as their ``return_value``, and what
    its functions return."""

    def __init__(self, tree: ast.Module) -> None:
        self.values: dict[str, ast.expr] = {}
        self.returns: dict[str, ast.expr] = {}  # NAME.return_value = ...
        self.effects: set[str] = set()  # NAME.side_effect = ...
        defined: dict[str, ast.AST] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    self.values[target.id] = node.value
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    if target.attr == "return_value":
                        self.returns[target.value.id] = node.value
                    elif target.attr == "side_effect":
                        self.effects.add(target.value.id)
            elif isinstance(node, _FUNCTIONS):
                defined[node.name] = node
        self.functions: dict[str, tuple[Made, ...]] = {}
        for name, function in defined.items():
            answers = [self.answer(value) for value in _returned(function)]
            if answers and all(answer is not None for answer in answers):
                self.functions[name] = tuple(answer for answer in answers if answer is not None)

    def called(self, new: ast.expr, bound: str | None = None) -> Made | None:
        """What calling ``new`` (the object put in place of ``open``) gives, when it may be no
        context manager."""
        if isinstance(new, ast.Lambda):
            return self.answer(new.body)
        if isinstance(new, ast.Call) and _last_name(new.func) in _MOCKS:
            keywords = {keyword.arg: keyword.value for keyword in new.keywords if keyword.arg}
            if "side_effect" in keywords or "wraps" in keywords or (bound is not None and bound in self.effects):
                return None
            returned = keywords.get("return_value", self.returns.get(bound) if bound is not None else None)
            if returned is not None:
                return self.answer(returned)
            return ("mock", "a Mock (no __enter__)")
        if isinstance(new, ast.Name):
            value = self.values.get(new.id)
            if value is not None and not isinstance(value, ast.Name):
                return self.called(value, new.id)
            return ("function", new.id)
        if isinstance(new, ast.Attribute):
            return ("function", new.attr)
        return None

    def answer(self, value: ast.expr, depth: int = 0) -> Made | None:
        """``value`` as what a replaced ``open`` returns, when it may be no context manager."""
        if isinstance(value, ast.Constant) or isinstance(value, _LITERALS):
            return ("mock", f"{_spelled(value)} (no __enter__)")
        if isinstance(value, ast.Call):
            callee = _last_name(value.func)
            if callee in _MOCKS:
                return ("mock", "a Mock (no __enter__)")
            if isinstance(value.func, ast.Name):
                return ("class", value.func.id)
            return None
        if isinstance(value, ast.Name) and depth < 2:
            bound = self.values.get(value.id)
            return self.answer(bound, depth + 1) if bound is not None else None
        return None


def _returned(function: ast.AST) -> Iterator[ast.expr]:
    """The values ``function`` returns (its own ``return`` statements; a bare one: None)."""
    pending = list(function.body)  # type: ignore[attr-defined]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Return):
            yield node.value if node.value is not None else ast.Constant(None)
        pending += [child for child in ast.iter_child_nodes(node) if not isinstance(child, (*_FUNCTIONS, ast.Lambda, ast.ClassDef))]


def _last_name(node: ast.expr) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None


def _spelled(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else f"{text[:37]}..."
