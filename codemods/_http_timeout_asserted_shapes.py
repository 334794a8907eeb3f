"""http-timeout: which calls an assertion of a mock's exact arguments can be comparing.

``post.assert_called_with(url, data=..., auth=...)`` holds only for a call made with one
positional argument and the keywords ``data`` and ``auth``, no other: a mock made by
``patch`` without ``autospec`` compares the arguments as they were passed. A call of the
patched function with other keywords, or another number of positional arguments, fails that
assertion today if the test compares it; so where the project's test passes, the test never
compares that call, and a ``timeout=`` added to it leaves the test passing. Such a call is not
held back by that assertion (a test that patches ``requests.post`` for every caller reaches
the whole package through its imports: pybossa's newsletter test pins its Mailchimp POST, not
the CKAN exporter's POSTs with other keywords).

Told only for ``assert_called_with``, ``assert_called_once_with`` and ``assert_any_call``
given plain arguments (no ``*args``, no ``**kwargs``), and for ``assert_has_calls`` given a
literal list of ``call(...)``: each listed call is compared as ``assert_any_call`` compares
its one (a call equal to none of them leaves the sequence it checks as it was). Any other
comparison of the mock (``call_args``, ``mock_calls``, ``assert_has_calls`` of a list built
otherwise or of ``call.method(...)``), an ``autospec`` patch (which compares arguments bound to
the signature) and a call with ``*args`` or ``**kwargs`` may compare any call.
"""

from __future__ import annotations

import ast

import libcst as cst

from ._names import dotted_name

# (positional arguments, keyword names) of an assertion or a call; None: any call
Shape = tuple[int, frozenset[str]]
SHAPED = frozenset({"assert_called_with", "assert_called_once_with", "assert_any_call"})
HAS_CALLS = "assert_has_calls"


def compared_calls(call: ast.Call) -> tuple[str, tuple[ast.Call | None, ...]] | None:
    """(the mock compared, the calls it asserts: the assertion itself, or each ``call(...)``
    an ``assert_has_calls`` lists; None for one not told) of ``mock.assert_called_with(...)``
    and the like; None for a call that is no such assertion."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in (*SHAPED, HAS_CALLS):
        return None
    owner = dotted_name(func.value)
    if owner is None:
        return None
    if func.attr in SHAPED:
        return owner, (call,)
    listed = call.args[0] if len(call.args) == 1 else next((k.value for k in call.keywords if k.arg == "calls"), None)
    if not isinstance(listed, (ast.List, ast.Tuple)) or not listed.elts:
        return owner, (None,)
    return owner, tuple(each if _is_call_of_call(each) else None for each in listed.elts)


def _is_call_of_call(node: ast.expr) -> bool:
    """``call(...)``, ``mock.call(...)``, ``mocker.call(...)``: a call of the mock itself."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "call") or (
        isinstance(func, ast.Attribute) and func.attr == "call" and isinstance(func.value, (ast.Name, ast.Attribute))
    )


def shape_of(call: ast.Call) -> Shape | None:
    """The shape of the calls an asserted ``call`` can equal; None for any (``*``, ``**``)."""
    if any(isinstance(arg, ast.Starred) for arg in call.args) or any(keyword.arg is None for keyword in call.keywords):
        return None
    return (len(call.args), frozenset(keyword.arg for keyword in call.keywords if keyword.arg))


def is_autospec(patch: ast.Call) -> bool:
    return any(keyword.arg in ("autospec", "spec_set") for keyword in patch.keywords)


def call_shape(call: cst.Call) -> Shape | None:
    """The shape of a call in the code; None with ``*args`` or ``**kwargs``."""
    positional = 0
    keywords = set()
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            positional += 1
        else:
            keywords.add(arg.keyword.value)
    return positional, frozenset(keywords)

