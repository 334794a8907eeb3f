"""flask-wtf-names: which Flask-WTF and WTForms names a module spells the old way, and how
each takes its new name (or why it keeps the old one, as a finding).

A name counts by its qualified name (``flask_wtf.Form``; ``flask.ext.wtf.Form`` is the same
object on the Flask releases that had ``flask.ext``), never by its spelling: ``wtforms.Form``,
a form class of one's own called ``Form`` or peewee's ``TextField`` are other things.
"""

from __future__ import annotations

import re

import libcst as cst

from ._continuation_lines import indented_continuations
from ._declared_releases import older_release
from ._flask_wtf_names_catalogue import ATTRIBUTE_NAMES, RENAMES, REEXPORTS_GONE, REPORTED, TEXT, Rename, canonical, reexported
from ._flask_wtf_names_moved import html5_import, rebuild_after, reexported_names, shift_followers
from ._flask_wtf_names_spelled import importing_a_project_name, importing_reexports, quoting
from ._flask_wtf_names_tested import tested_elsewhere
from ._flask import name_bound_elsewhere
from ._names import dotted_name, names_spelled
from ._node_fields import nodes_below
from ._upgrade_support import ImportPlanner, import_source, without_aliases


def _quoted(name: str) -> re.Pattern[str]:
    return re.compile(rf"""['"]{name}['"]""")


class Planner(ImportPlanner):
    """Plans one module's renames (``run`` from ImportPlanner)."""

    def plan_module(self) -> None:
        # the module's nodes listed once, in visiting order: the names it spells, its imports,
        # its attributes and (asked of each rename) its strings are read from that one list
        self._nodes = (self.names.module, *nodes_below(self.names.module))
        self.taken = names_spelled(self._nodes)
        self._drops: dict[int, set[int]] = {}  # statement -> indices of the aliases it loses
        for statement in [node for node in self._nodes if type(node) is cst.ImportFrom]:
            self._import(statement)
        for node in [node for node in self._nodes if type(node) is cst.Attribute]:
            if node.attr.value in ATTRIBUTE_NAMES:
                self._attribute(node)

    # -- findings and gates shared by both forms

    def _held_back(self, rename: Rename) -> str | None:
        """Why the project cannot take the new name yet (None: it can)."""
        older = older_release(self.ctx, rename.distribution, rename.since)
        if older is not None:
            return f"{older.describe(rename.library, rename.since)}, which has no {rename.new}"
        if (
            rename.distribution == "flask-wtf"
            and self.ctx.project_files() is not None
            and (reexport := importing_reexports(self.ctx)) is not None
        ):
            where, name = reexport
            return (
                f"{where} imports {name} from flask_wtf, which only Flask-WTF releases older than {REEXPORTS_GONE} have, "
                f"and they have no {rename.new}"
            )
        return None

    def _refuse(self, node: cst.CSTNode, rename: Rename, why: str) -> None:
        self.ctx.finding(
            node,
            f"{rename.old} is {rename.new} since {rename.library} {rename.since_text} and gone in "
            f"{rename.removed}: not rewritten, {why}",
        )

    def _why_not(self, uses: list[cst.CSTNode], rename: Rename) -> str | None:
        """Why these uses cannot take the new class (None: they can): a use other than a call
        or a base class, here or (the objects made would stop matching) in another module of
        the project (_flask_wtf_names_tested), or (TextField) a field type compared with a
        string elsewhere."""
        for use in uses:
            if not self._called_or_subclassed(use):
                line = self.ctx.file_line(use)
                return f"line {line} uses it other than by calling or subclassing it ({rename.wider}: isinstance checks would match more)"
        tested = tested_elsewhere(self.ctx, rename)
        if tested is not None:
            return tested
        if rename.quoted_matters and any(self._is_called(use) for use in uses):
            where = self._spells_quoted(rename.old)
            if where is not None:
                what = "a field's type is its class name" if rename is TEXT else "code may compare a class name with it"
                return (
                    f"{where} spells '{rename.old}' in quotes: {what}, so a comparison with it would stop matching "
                    f"the renamed {'fields' if rename is TEXT else 'objects'}; rename both by hand"
                )
        return None

    def _is_called(self, use: cst.CSTNode) -> bool:
        parent = self.names.parent(use)
        return isinstance(parent, cst.Call) and parent.func is use

    def _called_or_subclassed(self, use: cst.CSTNode) -> bool:
        parent = self.names.parent(use)
        if self._is_called(use):
            return True
        if isinstance(parent, cst.Attribute) and parent.value is use:
            return True  # Form.Meta, Form.__init__(self, ...)
        if isinstance(parent, cst.Arg) and parent.keyword is None:
            return isinstance(self.names.parent(parent), cst.ClassDef)
        return False

    def _spells_quoted(self, name: str) -> str | None:
        """The first file of the project that spells ``name`` in quotes (this module
        included); None when none does."""
        if _quoted(name).search(self.ctx.module_code.code(self.names.module)):
            return "this module"
        listing = self.ctx.project_files()
        if listing is None:
            return None
        return next((path for path in quoting(self.ctx, name) if path != listing.this), None)

    def _gone(self, name: str, qualified: str) -> str:
        """The finding on an old name only reported: where to import it from instead (under a
        WTForms older than 1.0, which has no StringField, WTForms' own TextField)."""
        older = older_release(self.ctx, TEXT.distribution, TEXT.since)
        if older is not None:
            return (
                f"{name} is gone: {REPORTED[qualified].split(':')[0]}; {older.describe('WTForms', TEXT.since)}, "
                "which has no StringField: import TextField from wtforms until then"
            )
        return f"{name} is gone: {REPORTED[qualified]}"

    def current_name(self, name: str) -> str:
        """The name to use for WTForms' ``name`` now: its new name where every release the
        project allows has it, else ``name``."""
        rename = RENAMES.get(f"wtforms.validators.{name}") or RENAMES.get(f"wtforms.{name}")
        return rename.new if rename is not None and self._held_back(rename) is None else name

    # -- from flask_wtf import Form

    def _import(self, statement: cst.ImportFrom) -> None:
        source = import_source(statement)
        if source is None or isinstance(statement.names, cst.ImportStar):
            return
        if canonical(f"{source}.x") == "flask_wtf.html5.x":
            if not self.names.guarded(statement):
                html5_import(self, statement)
            return
        gone: list[str] = []
        for alias in statement.names:
            qualified = canonical(f"{source}.{dotted_name(alias.name)}")
            if qualified not in RENAMES and qualified not in REPORTED and reexported(qualified) is None:
                continue
            if self.names.guarded(statement):
                return
            if reexported(qualified) is not None:
                gone.append(dotted_name(alias.name))
            elif qualified in REPORTED:
                self.ctx.finding(alias, self._gone(dotted_name(alias.name), qualified))
            else:
                self._rename_import(statement, alias, RENAMES[qualified])
        if gone:
            self.ctx.finding(statement, reexported_names(self, gone))

    def _rename_import(self, statement: cst.ImportFrom, alias: cst.ImportAlias, rename: Rename) -> None:
        held = self._held_back(rename)
        if held is not None:
            self._refuse(alias, rename, held)
            return
        local = dotted_name(alias.asname.name) if alias.asname is not None else rename.old
        uses = self.names.import_references(statement, local)
        if uses is None:
            self._refuse(alias, rename, f"the name {local} has other bindings in the same scope")
            return
        why = self._why_not(uses, rename)
        if why is not None:
            self._refuse(alias, rename, why)
            return
        edits = self.plan.edits
        if alias.asname is not None:
            if local == rename.new:
                edits.replace_node(alias, alias.with_changes(name=cst.Name(rename.new), asname=None))
            else:
                edits.replace_node(alias.name, cst.Name(rename.new))
        elif self._renamable(statement, uses, rename, joined=self._imported_beside(statement, alias, rename)):
            index = statement.names.index(alias)
            if rename.new in self.taken:  # the statement imports the new name too: one name, once
                drops = self._drops.setdefault(id(statement), set())
                if not drops:
                    edits.rebuild(statement, lambda updated, drops=drops: without_aliases(updated, drops))
                drops.add(index)
            else:
                edits.replace_node(alias.name, cst.Name(rename.new))
            for use in uses:
                self._rename_use(use, cst.Name(rename.new), rename)
            self.taken.add(rename.new)
        else:
            # others may import the old name from this module: it keeps it, as an alias
            new = alias.with_changes(name=cst.Name(rename.new), asname=cst.AsName(name=cst.Name(rename.old)))
            edits.replace_node(alias, new)
        self.plan.rewrites += 1

    def _renamable(self, statement: cst.ImportFrom, uses: list[cst.CSTNode], rename: Rename, *, joined: bool) -> bool:
        """Whether the module's own name ``old`` can become ``new`` unseen: ``new`` is free (used
        and bound nowhere) or ``joined`` (the same statement imports it, and nothing else binds
        it), every use is a plain name outside version-guarded code, and nothing else can reach
        ``old`` here: the module uses it (one it only imports is there for others to reach,
        maybe by a string: ``import_string("app.compat.Form")``, ``getattr(compat, "Form")``),
        no string names it exactly (``__all__``), the module is no package's ``__init__``, and
        no other module of the project imports it from here."""
        old, new = rename.old, rename.new
        if not uses:
            return False
        if not joined and (new in self.taken or name_bound_elsewhere(self.names.wrapper, new)):
            return False
        if not all(isinstance(use, cst.Name) and not self.names.guarded(use) for use in uses):
            return False
        if any(string.evaluated_value == old for string in self._nodes if type(string) is cst.SimpleString):
            return False
        path = self.ctx.path.replace("\\", "/")
        return not path.endswith("__init__.py") and not self._imported_elsewhere(old)

    def _imported_beside(self, statement: cst.ImportFrom, alias: cst.ImportAlias, rename: Rename) -> bool:
        """``statement`` also imports ``rename.new`` under its own name (``from
        wtforms.validators import DataRequired, Required``), its only binding in the module."""
        source = import_source(statement)
        beside = any(
            other is not alias and other.asname is None and dotted_name(other.name) == rename.new
            for other in statement.names
        )
        return (
            beside
            and self.names.import_references(statement, rename.new) is not None
            and not name_bound_elsewhere(self.names.wrapper, rename.new, f"{source}.{rename.new}")
        )

    def _imported_elsewhere(self, old: str) -> bool:
        """Whether another Python module of the project may import ``old`` from this one:
        it spells ``old`` and imports it (or reads it as an attribute) from anything but the
        form libraries, or it does not parse."""
        listing = self.ctx.project_files()
        if listing is None:
            return False
        return any(path != listing.this for path in importing_a_project_name(self.ctx, old))

    # -- flask_wtf.Form, wtforms.fields.TextField

    def _attribute(self, node: cst.Attribute) -> None:
        found = {canonical(name) for name in self.names.qualified(node)}
        if len(found) != 1:
            return
        qualified = next(iter(found))
        if qualified not in RENAMES and qualified not in REPORTED and reexported(qualified) is None or self.names.guarded(node):
            return
        if reexported(qualified) is not None:
            self.ctx.finding(node, reexported_names(self, [node.attr.value]))
            return
        if qualified in REPORTED:
            self.ctx.finding(node, self._gone(node.attr.value, qualified))
            return
        rename = RENAMES[qualified]
        why = self._held_back(rename) or self._why_not([node], rename)
        if why is not None:
            self._refuse(node, rename, why)
            return
        self._rename_use(node, node.with_changes(attr=cst.Name(rename.new)), rename)
        self.plan.rewrites += 1

    def _rename_use(self, use: cst.CSTNode, new: cst.BaseExpression, rename: Rename) -> None:
        """``use`` spelled ``new``; when it is called with its first argument on the same line,
        the call's continuation lines move right as far as the name grew, to stay aligned
        (after the edits inside its arguments: a renamed call or validator in them moves its
        own lines first, and they move on with the outer call's), and so do those of what
        follows it on its line (``[Required(), Regexp('x',`` / ``'y')]``); an argument in a
        hanging indent keeps its lines: a line that starts left of where the name ends (its
        bracket) is indented from the statement, aligned with nothing that moves."""
        call = self.names.parent(use)
        extra = " " * (len(rename.new) - len(rename.old))
        if self._is_called(use) and extra and not isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
            span = self.ctx.position_of(use)
            beyond, block = (span.end.column - 1 if span is not None else None), self._block_indent(use)
            rebuild_after(
                self.plan.edits,
                call,
                lambda updated, new=new, extra=extra, beyond=beyond, block=block: updated.with_changes(
                    func=new, args=[indented_continuations(arg, extra, beyond, block) for arg in updated.args]
                ),
            )
        else:
            self.plan.edits.replace_node(use, new)
        if extra:
            shift_followers(self, call if self._is_called(use) else use, extra)

    def _block_indent(self, node: cst.CSTNode) -> int:
        """The width of the indentation of the block that holds ``node``'s statement."""
        parent = self.names.parent(node)
        while parent is not None and not isinstance(parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            parent = self.names.parent(parent)
        span = self.ctx.position_of(parent) if parent is not None else None
        return span.start.column if span is not None else 0
