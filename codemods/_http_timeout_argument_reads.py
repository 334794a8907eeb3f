"""http-timeout: whether a test's read of a mock's ``call_args`` compares the keyword
arguments of the call whole, so that one keyword more (``timeout=``) fails the test.

A test that reads ``call_args`` and looks at some of what it holds passes with a keyword
added to the call: ``args, kwargs = post.call_args`` then ``kwargs["data"]``,
``kwargs.get("data")`` or ``"data" in kwargs``; ``post.call_args[1]["data"]``,
``post.call_args.kwargs["data"]``; the positional arguments alone (``post.call_args[0][0]``,
``post.call_args.args``, the first name of the unpacking). Any other read — ``call_args``
compared or handed on whole, its keywords compared (``kwargs == {...}``) or counted, the
unpacked keywords handed on, ``call_args`` bound to one name — may compare every keyword,
and counts as pinning the call (_http_timeout_asserted). An item of ``call_args_list`` taken by
index is read as ``call_args`` is; the list read whole pins, its ``len()`` does not.
"""

from __future__ import annotations

import ast

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


def parents_of(tree: ast.Module) -> dict[int, ast.AST]:
    """``id(node)`` -> the node that holds it, for every node of ``tree``."""
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def compares_arguments_whole(read: ast.Attribute, parents: dict[int, ast.AST]) -> bool:
    """Whether ``read`` (``<mock>.call_args`` or ``<mock>.call_args_list``) may compare every
    keyword argument of a call: an item of the list taken by index is read as ``call_args`` is;
    the list read whole (compared, handed to a snapshot, looped over) may compare them all, its
    ``len()`` none."""
    if read.attr != "call_args_list":
        return compares_keywords_whole(read, parents)
    holder = parents.get(id(read))
    if isinstance(holder, ast.Call) and isinstance(holder.func, ast.Name) and holder.func.id == "len":
        return False
    if isinstance(holder, ast.Subscript) and holder.value is read:
        return compares_keywords_whole(holder, parents)
    return True


def compares_keywords_whole(read: ast.expr, parents: dict[int, ast.AST]) -> bool:
    """Whether ``read`` (``<mock>.call_args``) may compare every keyword argument of the call
    (see the module's docstring)."""
    holder = parents.get(id(read))
    if isinstance(holder, ast.Subscript) and holder.value is read:
        part = _constant_index(holder)
        if part == 0:  # the positional arguments
            return False
        return True if part != 1 else not _reads_one_keyword(holder, parents)
    if isinstance(holder, ast.Attribute) and holder.value is read:
        if holder.attr == "args":
            return False
        return True if holder.attr != "kwargs" else not _reads_one_keyword(holder, parents)
    if isinstance(holder, ast.Assign) and holder.value is read and len(holder.targets) == 1:
        return not _unpacked_keywords_read_in_part(holder.targets[0], holder, parents)
    return True


def _constant_index(subscript: ast.Subscript) -> object:
    index = subscript.slice
    return index.value if isinstance(index, ast.Constant) else None


def _reads_one_keyword(keywords: ast.expr, parents: dict[int, ast.AST]) -> bool:
    """``keywords["data"]``, ``keywords.get("data")``, ``"data" in keywords``."""
    holder = parents.get(id(keywords))
    if isinstance(holder, ast.Subscript) and holder.value is keywords:
        return True
    if isinstance(holder, ast.Attribute) and holder.value is keywords and holder.attr == "get":
        return isinstance(parents.get(id(holder)), ast.Call)
    if isinstance(holder, ast.Compare) and keywords in holder.comparators:
        return all(isinstance(op, (ast.In, ast.NotIn)) for op in holder.ops) and holder.left is not keywords
    return False


def _unpacked_keywords_read_in_part(target: ast.expr, assign: ast.Assign, parents: dict[int, ast.AST]) -> bool:
    """``args, kwargs = m.call_args`` where every read of ``kwargs`` in its function reads one
    keyword; a discarded ``_`` for the positional part is fine, the keywords' name must be read."""
    if not isinstance(target, (ast.Tuple, ast.List)) or len(target.elts) != 2:
        return False
    keywords = target.elts[1]
    if not isinstance(keywords, ast.Name):
        return False
    scope = _scope_of(assign, parents)
    loads = [
        node
        for node in ast.walk(scope)
        if isinstance(node, ast.Name) and node.id == keywords.id and isinstance(node.ctx, ast.Load)
    ]
    return all(_reads_one_keyword(node, parents) for node in loads)


def _scope_of(node: ast.AST, parents: dict[int, ast.AST]) -> ast.AST:
    holder = parents.get(id(node))
    while holder is not None and not isinstance(holder, _SCOPES):
        holder = parents.get(id(holder))
    return holder if holder is not None else node
