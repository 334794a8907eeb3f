"""http-timeout: functions of a test module that stand in for the HTTP function and take no
``timeout`` keyword.

A test that puts a function of its own in place of ``requests.get`` (``patch(target, fake)``,
``patch(target, new=fake)``, ``patch.object(owner, "get", fake)``, ``monkeypatch.setattr(owner,
"get", fake)`` or ``monkeypatch.setattr("a.b.get", fake)``), or hands one to the mock as its
``side_effect`` (``patch(target, side_effect=fake)``, ``Mock(side_effect=fake)``, ``NAME.side_effect
= fake`` on the name the patch's mock is bound to: the mock calls it with the arguments it got),
calls that function with whatever the code passes: one with no ``**kwargs`` and no parameter
``timeout`` raises ``TypeError`` once the call passes ``timeout=``, and the project's test
fails though the program is right (corpus: openfec's ``mock_get_regulations(url)``). A lambda
is read the same way; a name the module does not define as a function (an import, a class, a
Mock) is not told and counts as taking anything.

Read from the stdlib AST of one test module (``_http_timeout_asserted`` matches the targets to
the call as it does the patches whose arguments a test compares).
"""

from __future__ import annotations

import ast

from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_mock_bindings import MOCK_CLASSES, setattr_target

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def keywordless_functions(tree: ast.Module) -> dict[str, str]:
    """Name -> how a finding spells it, for the functions the module defines (at any depth)
    whose parameters take no ``timeout`` keyword; a name defined twice, once taking it,
    counts as taking it."""
    taking: set[str] = set()
    found: dict[str, str] = {}
    for node in of_kinds(tree, _FUNCTIONS):
        if _takes_timeout(node.args):
            taking.add(node.name)
        else:
            found[node.name] = f"{node.name}() (line {node.lineno})"
    return {name: spelled for name, spelled in found.items() if name not in taking}


def stand_in(value: ast.expr | None, functions: dict[str, str]) -> str | None:
    """How a finding spells ``value`` (what a test puts in place of the HTTP function, or hands
    a mock as its ``side_effect``) when calling it with ``timeout=`` raises TypeError; else None."""
    if isinstance(value, ast.Lambda):
        return None if _takes_timeout(value.args) else f"a lambda (line {value.lineno})"
    if isinstance(value, ast.Name):
        return functions.get(value.id)
    if isinstance(value, ast.Call) and _last_name(value.func) in MOCK_CLASSES:
        effects = [keyword.value for keyword in value.keywords if keyword.arg == "side_effect"]
        return stand_in(effects[0], functions) if effects else None
    return None


def patched_stand_in(call: ast.Call, functions: dict[str, str]) -> str | None:
    """For a patch (``patch_target`` tells its target): the keywordless function it puts in
    place of the target, or gives its mock as ``side_effect``; else None."""
    positional = 2 if isinstance(call.func, ast.Attribute) and call.func.attr == "object" else 1
    keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
    new = call.args[positional] if len(call.args) > positional else keywords.get("new")
    return stand_in(new if new is not None else keywords.get("side_effect"), functions)


def set_stand_ins(tree: ast.Module, functions: dict[str, str]) -> list[tuple[str, int, str]]:
    """(target, line, the stand-in as a finding spells it) of every ``setattr`` of the module
    (``monkeypatch.setattr(owner, "get", fake)``, ``monkeypatch.setattr("a.b.get", fake)``,
    ``setattr(owner, "get", fake)``) that puts a keywordless function in place of its target."""
    found = []
    for node in of_kinds(tree, ast.Call):
        replaced = setattr_target(node)
        if replaced is None:
            continue
        spelled = stand_in(replaced[1], functions)
        if spelled is not None:
            found.append((replaced[0], node.lineno, spelled))
    return found


def _takes_timeout(args: ast.arguments) -> bool:
    return args.kwarg is not None or any(arg.arg == "timeout" for arg in (*args.args, *args.kwonlyargs))


def _last_name(node: ast.expr) -> str | None:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
