"""http-timeout: a copy of a wrapper's own ``**kwargs`` carries what its callers give, as the
``**kwargs`` it copies does (genenetwork2's ``no_token_post(uri_path, **kwargs)`` builds
``new_kwargs`` from the items of ``kwargs`` but ``data`` and ``json``, plus one of those two keys,
and hands ``**new_kwargs`` to ``requests.post``).

A copy is ``dict(kwargs)``, ``dict(**kwargs)``, ``kwargs.copy()``, ``{**kwargs}`` (an entry of a
dict display) or ``{k: v for k, v in kwargs.items() if ...}`` (a filter drops keys, it adds
none, and each value is the one given), of the ``**`` parameter of the function it is made in.
What else writes the copy or the original (``["timeout"] = ...``, ``update``, ``setdefault``, a
call it is handed to) is read by the caller as for any mapping; a key of a display is read
where it is spelled, also as a choice of spellings (``"data" if data else "json"``).
"""

from __future__ import annotations

import ast


def copied_parameter(value: ast.AST | None, function: ast.AST | None) -> str | None:
    """The name of ``function``'s own ``**`` parameter that ``value`` is, or copies whole or
    filtered (see the module's docstring); None for anything else."""
    kwarg = getattr(getattr(function, "args", None), "kwarg", None)
    if kwarg is None or value is None:
        return None
    name = kwarg.arg
    if isinstance(value, ast.Name):
        return name if value.id == name else None
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name) and func.id == "dict":
            whole = len(value.args) == 1 and not value.keywords and _is(value.args[0], name)
            spread = not value.args and len(value.keywords) == 1 and value.keywords[0].arg is None and _is(value.keywords[0].value, name)
            return name if whole or spread else None
        if isinstance(func, ast.Attribute) and func.attr == "copy" and _is(func.value, name) and not value.args and not value.keywords:
            return name
        return None
    if isinstance(value, ast.Dict):
        return name if len(value.keys) == 1 and value.keys[0] is None and _is(value.values[0], name) else None
    if isinstance(value, ast.DictComp) and len(value.generators) == 1:
        loop = value.generators[0]
        target, source = loop.target, loop.iter
        if (
            not loop.is_async
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and all(isinstance(part, ast.Name) for part in target.elts)
            and _is(value.key, target.elts[0].id)  # type: ignore[attr-defined]
            and _is(value.value, target.elts[1].id)  # type: ignore[attr-defined]
            and isinstance(source, ast.Call)
            and isinstance(source.func, ast.Attribute)
            and source.func.attr == "items"
            and _is(source.func.value, name)
            and not source.args
        ):
            return name
    return None


def spelled_keys(key: ast.AST) -> list[str] | None:
    """The strings a key of a dict display may be: one spelled, or each branch of a choice
    between spelled ones (``"data" if data else "json"``); None when one is not spelled."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return [key.value]
    if isinstance(key, ast.IfExp):
        body, orelse = spelled_keys(key.body), spelled_keys(key.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _is(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
