"""dotenv-config's rewrite: each moved literal replaced by its read from the environment,
``os`` and python-dotenv imported, and ``load_dotenv()`` called once after the imports.

The call fits the python-dotenv the project declares: before 0.10, ``load_dotenv`` needs a
path (and 0.8 searched from its own folder), so ``load_dotenv(find_dotenv())`` is written,
which every version since 0.6 runs the same way.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._base import metadata_value
from ._imports import add_imports
from ._names import dotted_name
from ._node_edits import is_docstring_line
from ._targeted_visit import visit_toward

LOAD_DOTENV = ("dotenv.load_dotenv", "dotenv.main.load_dotenv")


class Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[cst.CSTNode, cst.BaseExpression]) -> None:
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        replacement = self.replacements.get(original_node)
        if replacement is not None:
            return replacement
        return updated_node


def rewrite(
    wrapper: MetadataWrapper,
    replacements: dict[cst.CSTNode, cst.BaseExpression],
    *,
    add_loader: bool,
    with_path: bool,
    import_os: bool = True,
    straight_first: bool = False,
) -> cst.Module:
    """``wrapper.module`` with ``replacements`` made, the imports added (``os`` unless
    ``import_os`` is false: the reads are the module's own reader's), and (``add_loader``)
    the ``load_dotenv`` call inserted; ``with_path``: the call names the file it loads."""
    new = visit_toward(wrapper, Replace(replacements), map(id, replacements))
    imports: list[tuple[str, str | None]] = [("os", None)] if import_os else []
    if add_loader:
        if with_path:
            imports.append(("dotenv", "find_dotenv"))
        imports.append(("dotenv", "load_dotenv"))
    new = add_imports(new, imports, straight_first=straight_first)
    if add_loader:
        new = insert_load_dotenv(new, with_path)
    return new


def _is_import_line(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], (cst.Import, cst.ImportFrom))
    )


def insert_load_dotenv(module: cst.Module, with_path: bool = False) -> cst.Module:
    """``load_dotenv()`` right after the leading block of imports (where the imports were
    added), so that it runs before anything in the module reads the environment. Comments
    above the next statement stay with it: the call goes above them, after a blank line."""
    body = list(module.body)
    position = 1 if body and is_docstring_line(body[0]) else 0
    while position < len(body) and _is_import_line(body[position]):
        position += 1
    argument = [cst.Arg(cst.Call(cst.Name("find_dotenv")))] if with_path else []
    call = cst.SimpleStatementLine(
        [cst.Expr(cst.Call(cst.Name("load_dotenv"), argument))],
        leading_lines=[cst.EmptyLine()] if position else [],
    )
    if position < len(body):
        following = body[position]
        lines = list(following.leading_lines)
        if not lines or lines[0].comment is not None:
            body[position] = following.with_changes(leading_lines=[cst.EmptyLine(), *lines])
    body.insert(position, call)
    return module.with_changes(body=body)


def binds_load_dotenv(module: cst.Module) -> bool:
    """True when the module binds ``load_dotenv`` (or ``find_dotenv``) to anything but
    python-dotenv's."""
    names = ("load_dotenv", "find_dotenv")
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value in names:
            return True
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value in names for t in small.targets
            ):
                return True
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                source = dotted_name(small.module) if small.module is not None else None
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name) and bound.value in names:
                        real = dotted_name(alias.name)
                        if source not in ("dotenv", "dotenv.main") or real != bound.value or small.relative:
                            return True
    return False


def has_loader_before(wrapper, nodes, qualified_names) -> bool:
    """Whether a ``load_dotenv(...)`` statement of python-dotenv runs, at module level, before
    the top-level statement that holds the first of ``nodes``."""
    module = wrapper.module
    positions = {id(statement): index for index, statement in enumerate(module.body)}

    def top_level_index(node: cst.CSTNode) -> int:
        current: cst.CSTNode | None = node
        while current is not None:
            parent = metadata_value(wrapper, ParentNodeProvider, current)
            if parent is module and id(current) in positions:
                return positions[id(current)]
            current = parent
        return len(module.body)

    first = min(top_level_index(node) for node in nodes)
    for statement in _run_statements(module.body[:first]):
        for small in statement.body:
            if (
                isinstance(small, cst.Expr)
                and isinstance(small.value, cst.Call)
                and qualified_names(wrapper, small.value.func) & set(LOAD_DOTENV)
            ):
                return True
    return False


def _run_statements(body, surely: bool = True):
    """The simple statements of ``body`` that run whenever it does: its own, and those of
    its ``with`` blocks and of its ``try`` blocks' body and ``else`` up to the first that may
    raise (a handler or the context manager may swallow that and skip the rest: only an
    import of python-dotenv, which the added requirement makes sure of, may come before);
    not those under an ``if``, in a loop or a handler (``_dotenv_config_readers``: a load
    there keeps the values)."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield statement
        elif isinstance(statement, (cst.With, cst.Try, cst.TryStar)):
            inner = statement.body.body
            yield from _run_statements(inner, surely=False)
            orelse = getattr(statement, "orelse", None)
            if orelse is not None and all(_imports_dotenv(line) for line in inner):
                yield from _run_statements(orelse.body.body)
        if not surely and not _imports_dotenv(statement):
            return  # what follows may be skipped


def _imports_dotenv(statement) -> bool:
    """A line of ``import dotenv`` / ``from dotenv import ...`` only."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import):
            if not all((dotted_name(alias.name) or "").split(".")[0] == "dotenv" for alias in small.names):
                return False
        elif isinstance(small, cst.ImportFrom):
            if small.relative or small.module is None or (dotted_name(small.module) or "").split(".")[0] != "dotenv":
                return False
        else:
            return False
    return True
