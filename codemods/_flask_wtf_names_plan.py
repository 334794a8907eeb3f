"""flask-wtf-names: which Flask-WTF and WTForms names a module spells the old way, and how
each takes its new name (or why it keeps the old one, as a finding).

A name counts by its qualified name (``flask_wtf.Form``; ``flask.ext.wtf.Form`` is the same
object on the Flask releases that had ``flask.ext``), never by its spelling: ``wtforms.Form``,
a form class of one's own called ``Form`` or peewee's ``TextField`` are other things.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import libcst as cst

from ._continuation_lines import indented_continuations
from ._declared_versions import Release, allows_below
from ._flask import name_bound_elsewhere
from ._names import dotted_name, used_names
from ._upgrade_support import ImportPlanner, import_source, nodes_of


@dataclass(frozen=True)
class Rename:
    """One renamed class: ``old`` → ``new`` in ``library`` (its distribution ``distribution``),
    the new name there from release ``since``, the old one gone in ``removed``."""

    old: str
    new: str
    library: str
    distribution: str
    since: Release
    removed: str

    @property
    def wider(self) -> str:
        """In the releases that have both, the old class is a subclass of the new one."""
        return f"{self.new} is a wider class than {self.old} in the {self.library} releases that have both"


FORM = Rename("Form", "FlaskForm", "Flask-WTF", "flask-wtf", (0, 13), "1.0")
CSRF = Rename("CsrfProtect", "CSRFProtect", "Flask-WTF", "flask-wtf", (0, 14), "1.0")
TEXT = Rename("TextField", "StringField", "WTForms", "wtforms", (2, 0), "3.0")
# qualified name -> its rename: each module here has the new name too, from ``since`` on
RENAMES = {
    "flask_wtf.Form": FORM,
    "flask_wtf.form.Form": FORM,
    "flask_wtf.CsrfProtect": CSRF,
    "flask_wtf.csrf.CsrfProtect": CSRF,
    "wtforms.TextField": TEXT,
    "wtforms.fields.TextField": TEXT,
}
_IMPORT_STRING = "import StringField from wtforms (WTForms 3.0 removed TextField)"
# qualified name -> why it is only reported: the module that held it no longer has the new name
REPORTED = {
    "flask_wtf.TextField": f"Flask-WTF no longer re-exports WTForms' fields: {_IMPORT_STRING}",
    "wtforms.fields.simple.TextField": _IMPORT_STRING,
    "wtforms.fields.core.TextField": _IMPORT_STRING,
}
OLD_NAMES = frozenset({"Form", "CsrfProtect", "TextField"})
# files that may compare a field's type (its class name) with a string
_TYPE_READERS = (".py", ".html", ".htm", ".jinja", ".jinja2", ".j2", ".tpl", ".txt", ".xml")


def canonical(qualified: str) -> str:
    """``flask.ext.wtf.X`` → ``flask_wtf.X`` (the same object where flask.ext exists)."""
    return "flask_wtf" + qualified[len("flask.ext.wtf"):] if qualified.startswith("flask.ext.wtf.") else qualified


def _quoted(name: str) -> re.Pattern[str]:
    return re.compile(rf"""['"]{name}['"]""")


class Planner(ImportPlanner):
    """Plans one module's renames (``run`` from ImportPlanner)."""

    def plan_module(self) -> None:
        self.taken = used_names(self.names.module)
        for statement in nodes_of(self.names.module, cst.ImportFrom):
            self._import(statement)
        for node in nodes_of(self.names.module, cst.Attribute):
            if node.attr.value in OLD_NAMES:
                self._attribute(node)

    # -- findings and gates shared by both forms

    def _held_back(self, rename: Rename) -> str | None:
        """Why the project cannot take the new name yet (None: it can)."""
        if allows_below(self.ctx, rename.distribution, rename.since):
            version = f"{rename.since[0]}.{rename.since[1]}"
            return f"the project's requirement allows a {rename.library} older than {version}, which has no {rename.new}"
        return None

    def _refuse(self, node: cst.CSTNode, rename: Rename, why: str) -> None:
        self.ctx.finding(
            node,
            f"{rename.old} is {rename.new} since {rename.library} {rename.since[0]}.{rename.since[1]} and gone in "
            f"{rename.removed}: not rewritten, {why}",
        )

    def _why_not(self, uses: list[cst.CSTNode], rename: Rename) -> str | None:
        """Why these uses cannot take the new class (None: they can): a use other than a call
        or a base class, or (TextField) a field type compared with a string elsewhere."""
        for use in uses:
            if not self._called_or_subclassed(use):
                line = self.ctx.line_of(use)
                return f"line {line} uses it other than by calling or subclassing it ({rename.wider}: isinstance checks would match more)"
        if rename is TEXT and any(self._is_called(use) for use in uses):
            where = self._compares_field_type()
            if where is not None:
                return (
                    f"{where} spells 'TextField' in quotes: a field's type is its class name, so a comparison "
                    "with it would stop matching the renamed fields; rename both by hand"
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

    def _compares_field_type(self) -> str | None:
        """The first file of the project that spells ``'TextField'`` in quotes (this module
        included); None when none does."""
        pattern = _QUOTED_TEXT
        if pattern.search(self.names.module.code):
            return "this module"
        listing = self.ctx.project_files()
        if listing is None:
            return None
        for path in listing.every_file:
            if path != listing.this and path.endswith(_TYPE_READERS):
                text = self.ctx.read_file(listing.relative(path))
                if text and pattern.search(text):
                    return path
        return None

    def _gone(self, name: str, qualified: str) -> str:
        """The finding on an old name only reported: where to import it from instead (under a
        WTForms older than 2.0, which has no StringField, WTForms' own TextField)."""
        if allows_below(self.ctx, TEXT.distribution, TEXT.since):
            return (
                f"{name} is gone: {REPORTED[qualified].split(':')[0]}; the project's requirement allows a WTForms "
                "older than 2.0, which has no StringField: import TextField from wtforms until then"
            )
        return f"{name} is gone: {REPORTED[qualified]}"

    # -- from flask_wtf import Form

    def _import(self, statement: cst.ImportFrom) -> None:
        source = import_source(statement)
        if source is None or isinstance(statement.names, cst.ImportStar):
            return
        for alias in statement.names:
            qualified = canonical(f"{source}.{dotted_name(alias.name)}")
            if qualified not in RENAMES and qualified not in REPORTED:
                continue
            if self.names.guarded(statement):
                return
            if qualified in REPORTED:
                self.ctx.finding(alias, self._gone(dotted_name(alias.name), qualified))
                continue
            self._rename_import(statement, alias, RENAMES[qualified])

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
        elif self._renamable(statement, uses, rename):
            edits.replace_node(alias.name, cst.Name(rename.new))
            for use in uses:
                self._rename_use(use, cst.Name(rename.new), rename)
            self.taken.add(rename.new)
        else:
            # others may import the old name from this module: it keeps it, as an alias
            new = alias.with_changes(name=cst.Name(rename.new), asname=cst.AsName(name=cst.Name(rename.old)))
            edits.replace_node(alias, new)
        self.plan.rewrites += 1

    def _renamable(self, statement: cst.ImportFrom, uses: list[cst.CSTNode], rename: Rename) -> bool:
        """Whether the module's own name ``old`` can become ``new`` unseen: ``new`` is free (used
        and bound nowhere), every use is a plain name outside version-guarded code, and nothing
        else can reach ``old`` here: no string names it exactly (``__all__``), the module is no
        package's ``__init__``, and no other module of the project imports it from here."""
        old, new = rename.old, rename.new
        if new in self.taken or name_bound_elsewhere(self.names.wrapper, new):
            return False
        if not all(isinstance(use, cst.Name) and not self.names.guarded(use) for use in uses):
            return False
        if any(string.evaluated_value == old for string in nodes_of(self.names.module, cst.SimpleString)):
            return False
        path = self.ctx.path.replace("\\", "/")
        return not path.endswith("__init__.py") and not self._imported_elsewhere(old)

    def _imported_elsewhere(self, old: str) -> bool:
        """Whether another Python module of the project may import ``old`` from this one:
        it spells ``old`` and imports it (or reads it as an attribute) from anything but the
        form libraries. Unreadable modules count as importing it."""
        listing = self.ctx.project_files()
        if listing is None:
            return False
        word = re.compile(rf"\b{old}\b")
        for path in listing.files:
            if path == listing.this:
                continue
            text = self.ctx.read_file(listing.relative(path))
            if not text or not word.search(text):
                continue
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError):
                return True
            if _reaches_project_name(tree, old):
                return True
        return False

    # -- flask_wtf.Form, wtforms.fields.TextField

    def _attribute(self, node: cst.Attribute) -> None:
        found = {canonical(name) for name in self.names.qualified(node)}
        if len(found) != 1:
            return
        qualified = next(iter(found))
        if qualified not in RENAMES and qualified not in REPORTED or self.names.guarded(node):
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
        (not when an argument spells an old name too: its own edit must stay its own)."""
        call = self.names.parent(use)
        extra = " " * (len(rename.new) - len(rename.old))
        if (
            self._is_called(use)
            and extra
            and not isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)
            and not any(name.value in OLD_NAMES for arg in call.args for name in nodes_of(arg, cst.Name))
        ):
            args = [indented_continuations(arg, extra) for arg in call.args]
            self.plan.edits.replace_node(call, call.with_changes(func=new, args=args))
        else:
            self.plan.edits.replace_node(use, new)


_QUOTED_TEXT = _quoted("TextField")
_LIBRARIES = ("flask_wtf", "wtforms", "flask")


def _reaches_project_name(tree: ast.Module, old: str) -> bool:
    """``tree`` imports ``old`` from a module that is not a form library (a module of its own
    project), or reads ``x.old`` where ``x`` is bound by such an import."""
    project_bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            foreign = node.level == 0 and (node.module or "").split(".")[0] in _LIBRARIES
            for alias in node.names:
                if not foreign and alias.name in (old, "*"):
                    return True
                if not foreign:
                    project_bound.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in _LIBRARIES:
                    project_bound.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == old:
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in project_bound:
                return True
    return False
