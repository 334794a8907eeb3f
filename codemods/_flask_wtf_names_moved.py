"""flask-wtf-names: names that left Flask-WTF for WTForms (the module moves, not the name).

- ``from flask_wtf.html5 import EmailField``: Flask-WTF 1.0 removed ``flask_wtf.html5``, which
  re-exported ``wtforms.fields.html5``; WTForms 3.0 removed that module and keeps the fields
  in ``wtforms.fields``. No module has them in every WTForms release, so the import moves to
  ``wtforms.fields`` only where the project's WTForms is 3.0 or newer (undeclared or
  unpinned: the newest that installs on every Python the project declares; none where its
  code runs on Python 2 only), and only for the fields whose 3.0 class renders with the same widget; otherwise a
  finding says where they live on each side of 3.0.
- ``from flask_wtf import Required, TextField``: Flask-WTF 0.9 stopped re-exporting WTForms'
  fields, validators and widgets. One finding per import statement names each one's home
  (under its current name, where every release the project allows has it).
"""

from __future__ import annotations

from typing import Any, Callable

import libcst as cst

from ._declared_releases import older_release
from ._continuation_lines import indented_continuations
from ._flask_wtf_names_catalogue import (
    HTML5_FIELDS,
    HTML5_FIELDS_MOVED,
    REEXPORTED,
    REEXPORTS_GONE,
)
from ._flask_wtf_names_spelled import importing_reexports
from ._names import dotted_name
from ._python_2_only import python_2_only, python_2_syntax
from ._upgrade_support import expression

# ``planner``: the module's flask-wtf-names Planner (its ctx, names, plan and current_name),
# passed in by the planner itself
Planner = Any

_GONE = "flask_wtf.html5 is gone since Flask-WTF 1.0 (deprecated in 0.14)"
_WHERE = "import the fields from wtforms.fields.html5 while the project's WTForms is older than 3.0, from wtforms.fields on 3.0 and later"


def html5_import(planner: Planner, statement: cst.ImportFrom) -> None:
    """``from flask_wtf.html5 import ...`` → ``from wtforms.fields import ...``, or a finding."""
    assert not isinstance(statement.names, cst.ImportStar)
    names = [dotted_name(alias.name) for alias in statement.names]
    others = [name for name in names if name not in HTML5_FIELDS]
    if others:
        why = f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} no field WTForms 3.0 keeps in wtforms.fields"
    elif (older := older_release(planner.ctx, "wtforms", HTML5_FIELDS_MOVED)) is not None:
        why = f"{older.describe('WTForms', HTML5_FIELDS_MOVED)}, whose wtforms.fields has no HTML5 fields"
    elif (python_2 := _python_2_code(planner.ctx)) is not None:
        why = f"{python_2}, where no WTForms from 3.0 on installs and wtforms.fields has no HTML5 fields"
    elif planner.ctx.project_files() is not None and (reexport := importing_reexports(planner.ctx)) is not None:
        where, name = reexport
        why = (
            f"{where} imports {name} from flask_wtf: only Flask-WTF releases older than {REEXPORTS_GONE} have it, "
            "and they run on no WTForms from 3.0 on, whose wtforms.fields alone has the HTML5 fields"
        )
    else:
        planner.plan.edits.replace_node(statement.module, expression("wtforms.fields"))
        planner.plan.rewrites += 1
        return
    planner.ctx.finding(statement, f"{_GONE}: not rewritten, {why}; {_WHERE}")


def _python_2_code(ctx) -> str | None:
    """Why the project runs on Python 2 only, or None: its application code does (a top-level
    import of a module or call of a builtin only Python 2 has, or a module of Python 2
    statements). The Pythons it declares are weighed by ``older_release``."""
    where = python_2_only(ctx, "")
    if where is None and (module := python_2_syntax(ctx)) is not None:
        where = f"Python 2 statements in {module}"
    return f"the project runs on Python 2 ({where})" if where is not None else None


def reexported_names(planner: Planner, names: list[str]) -> str:
    """The finding on WTForms names imported from ``flask_wtf``: where each lives now."""
    homes: dict[str, list[str]] = {}
    for name in names:
        current = planner.current_name(name)
        homes.setdefault(REEXPORTED[name], []).append(current if current == name else f"{current} (for {name})")
    where = "; ".join(f"{', '.join(found)} from {home}" for home, found in homes.items())
    verb = "is" if len(names) == 1 else "are"
    return f"{', '.join(names)} {verb} gone from flask_wtf (Flask-WTF {REEXPORTS_GONE} stopped re-exporting WTForms): import {where}"


_CONTAINERS = (cst.List, cst.Tuple, cst.Set, cst.Call)
_OPENING = ("(", "[", "{")


def shift_followers(planner: Planner, node: cst.CSTNode, extra: str) -> None:
    """What follows ``node`` on its line, up to its statement (the next elements of a list,
    the next arguments of a call around it), with its continuation lines aligned under
    itself (visual indent) moved right by ``extra``, as the code in front of it grew. A
    follower whose first line ends with its opening bracket (hanging indent) stays. A
    follower that is a renamed call itself, or holds one, moves as well: after its own edit,
    which moves its lines by its own growth (``rebuild_after``)."""
    line = planner.ctx.line_of(node)
    parent = planner.names.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseSmallStatement):
        container = planner.names.parent(parent) if isinstance(parent, (cst.Element, cst.Arg)) else None
        if isinstance(container, _CONTAINERS):
            items = list(container.args if isinstance(container, cst.Call) else container.elements)
            if parent in items:
                for item in items[items.index(parent) + 1:]:
                    follower = item.value  # (not its comma: a break after it leads to a line aligned elsewhere)
                    if planner.ctx.line_of(follower) == line and _visually_continued(follower):
                        rebuild_after(planner.plan.edits, follower, lambda updated, extra=extra: indented_continuations(updated, extra))
        parent = planner.names.parent(parent)


def rebuild_after(edits: Any, node: cst.CSTNode, build: Callable[[cst.CSTNode], cst.CSTNode]) -> None:
    """Replace ``node`` by ``build`` of what the edit already planned for it makes (a renamed
    call moved right as the code in front of it grew, in either order), or of ``node`` with
    the edits inside it made when none is."""
    planned = edits.replace.get(id(node))
    if planned is None:
        edits.rebuild(node, build)
    elif callable(planned):
        edits.rebuild(node, lambda updated: build(planned(updated)))
    else:
        edits.replace_node(node, build(planned))


def _visually_continued(node: cst.CSTNode) -> bool:
    """``node`` spans lines and its first line does not end with an opening bracket."""
    code = cst.Module([]).code_for_node(node)
    if "\n" not in code:
        return False
    first = code.split("\n", 1)[0].split("#", 1)[0].rstrip()
    return not first.endswith(_OPENING)
