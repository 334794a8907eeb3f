"""flask-wtf-names: what the project's other files spell, asked by every module it renames in.

- ``importing_a_project_name``: the modules that may import an old name from a module of the
  project (``from app.forms import Form``, ``forms.Form``): a module renaming its own import
  of that name keeps it as an alias;
- ``quoting``: the files that spell a class name in quotes (``field.type == 'TextField'`` in
  a template): the rename of that class is refused;
- ``importing_reexports``: a module that reads a WTForms name through ``flask_wtf``
  (``from flask.ext.wtf import TextField``, ``wtf.TextField``), which only Flask-WTF releases
  older than 0.9 have: the project runs on one of those, which have none of Flask-WTF's new
  names and run on no WTForms from 3.0 on.

Each is the project's answer, derived once per run (``_project_answers.remembered``), not
once per module that asks: on a project of n form modules, n times over the same files.
"""

from __future__ import annotations

import ast
import re

from ._flask_wtf_names_bound import LIBRARIES
from ._flask_wtf_names_catalogue import REEXPORTED
from ._names import dotted_name
from ._parsed_modules import python_tree
from ._project_answers import remembered

# files that may compare a class name (a field's type) with a string
TYPE_READERS = (".py", ".html", ".htm", ".jinja", ".jinja2", ".j2", ".tpl", ".txt", ".xml")


def importing_a_project_name(ctx, old: str) -> tuple[str, ...]:
    """The project's Python modules (paths from its root) that spell ``old`` and import it
    (or read it as an attribute of a module they import) from anything but the form
    libraries, or that spell it and do not parse."""
    return remembered(ctx, ("flask-wtf-names: imports from the project", old), lambda reader: _importing(reader, old))


def quoting(ctx, name: str) -> tuple[str, ...]:
    """The project's files (Python modules, templates, text: ``TYPE_READERS``) that spell
    ``name`` in quotes, as paths from its root."""
    return remembered(ctx, ("flask-wtf-names: quoted", name), lambda reader: _quoting(reader, name))


def importing_reexports(ctx) -> tuple[str, str] | None:
    """The first of the project's Python modules (path from its root) that reads a WTForms name
    through Flask-WTF (``from flask.ext.wtf import TextField``; ``wtf.TextField`` after ``from
    flask.ext import wtf`` or ``import flask_wtf as wtf``; a bare ``TextField`` after a star
    import from it; ``flaskext.wtf``, its older home), with that name; None when none does. A
    module that does not parse counts when it names Flask-WTF and an import line of it names
    such a name."""
    return remembered(ctx, ("flask-wtf-names: re-exports imported",), _importing_reexports)


# Flask-WTF's module, as each era spelled it
_FLASK_WTF = ("flask_wtf", "flask.ext.wtf", "flaskext.wtf")
_NAMES_FLASK_WTF = re.compile(r"flask_wtf|flask\.ext|flaskext")
# in a module that does not parse: `from M import a, b` (in brackets over several lines too),
# `import M as m` and `from flask.ext import wtf`, as its lines spell them
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^#\n]*)", re.MULTILINE)
_MODULE_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^#\n]*)", re.MULTILINE)
_ALIAS = re.compile(r"([\w.]+|\*)(?:[ \t]+as[ \t]+(\w+))?")


def _importing_reexports(reader) -> tuple[str, str] | None:
    listing = reader.project_files()
    for path in listing.files:
        text = reader.read_file(listing.relative(path))
        if not text or not _NAMES_FLASK_WTF.search(text):
            continue
        tree = python_tree(text)
        name = _reexport_spelled(text) if tree is None else _reexport_read(tree)
        if name is not None:
            return path, name
    return None


def _reexport_spelled(text: str) -> str | None:
    """The first WTForms name a module that does not parse (Python 2) imports from Flask-WTF's
    module, reads as an attribute of a name bound to it, or spells after a star import from it;
    names it imports from any other module (Flask-Script's ``Option``) are not re-exports."""
    modules: set[str] = set()  # names bound to Flask-WTF's module
    starred = False
    for module, names in _FROM_IMPORT.findall(text):
        for name, bound in _ALIAS.findall(names.strip("()")):
            if module in _FLASK_WTF and name in REEXPORTED:
                return name
            starred = starred or (module in _FLASK_WTF and name == "*")
            if f"{module}.{name}" in _FLASK_WTF:  # from flask.ext import wtf
                modules.add(bound or name)
    for line in _MODULE_IMPORT.findall(text):
        for name, bound in _ALIAS.findall(line):
            if name in _FLASK_WTF:
                modules.add(bound or name)
    for module in modules:
        for match in re.finditer(rf"(?<![\w.]){re.escape(module)}\.(\w+)", text):
            if match.group(1) in REEXPORTED:
                return match.group(1)
    if starred:
        return next((word for word in re.findall(r"(?<![\w.])\w+", text) if word in REEXPORTED), None)
    return None


def _reexport_read(tree: ast.Module) -> str | None:
    """The first WTForms name ``tree`` reads through Flask-WTF, or None."""
    modules: set[str] = set()  # names bound to Flask-WTF's module, dotted as the code spells them
    starred = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            for alias in node.names:
                if node.module in _FLASK_WTF:
                    if alias.name in REEXPORTED:
                        return alias.name
                    starred = starred or alias.name == "*"
                elif f"{node.module}.{alias.name}" in _FLASK_WTF:  # from flask.ext import wtf
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in _FLASK_WTF:
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in REEXPORTED and dotted_name(node.value) in modules:
            return node.attr
        if starred and isinstance(node, ast.Name) and node.id in REEXPORTED:
            return node.id
    return None


def _importing(reader, old: str) -> tuple[str, ...]:
    listing = reader.project_files()
    word = re.compile(rf"\b{old}\b")
    found = []
    for path in listing.files:
        text = reader.read_file(listing.relative(path))
        if not text or not word.search(text):
            continue
        tree = python_tree(text)
        if tree is None or _reaches_project_name(tree, old):
            found.append(path)
    return tuple(found)


def _quoting(reader, name: str) -> tuple[str, ...]:
    listing = reader.project_files()
    pattern = re.compile(rf"""['"]{name}['"]""")
    found = []
    for path in listing.every_file:
        if path.endswith(TYPE_READERS):
            text = reader.read_file(listing.relative(path))
            if text and pattern.search(text):
                found.append(path)
    return tuple(found)


def _reaches_project_name(tree: ast.Module, old: str) -> bool:
    """``tree`` imports ``old`` from a module that is not a form library (a module of its own
    project), or reads ``x.old`` where ``x`` is bound by such an import."""
    project_bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            foreign = node.level == 0 and (node.module or "").split(".")[0] in LIBRARIES
            for alias in node.names:
                if not foreign and alias.name in (old, "*"):
                    return True
                if not foreign:
                    project_bound.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in LIBRARIES:
                    project_bound.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == old:
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in project_bound:
                return True
    return False
