"""upload-limit: uploads a library reads from ``request.files`` for the app, read on the
standard library's AST.

Two libraries take a file from the request without the app's code spelling ``request.files``:

- Flask-WTF: a ``FlaskForm`` fills its fields from ``request.files`` and ``request.form``
  together, so a form class holding a file field (``flask_wtf.file.FileField`` or
  ``MultipleFileField``, or WTForms' own, which a ``FlaskForm`` fills the same way) takes an
  upload wherever it is made (mcarchive's ``EditFileForm``: a mod file sent to Backblaze).
  Its ``FileAllowed([...])`` validator is the check of the upload's name against kinds of file
  that a module reading ``request.files`` spells by hand.
- the reqparse parsers of Flask-RESTful, Flask-RESTPlus and Flask-RESTX: an argument added
  with ``location="files"`` (or a list of locations holding it) is read from
  ``request.files`` when the parser's ``parse_args()`` runs (udata's storage API). Only in a
  module that imports one of those libraries: ``add_argument`` names argparse's method too,
  which has no ``location``.

What counts as reading the upload: making the form (a call of the class, by its name, as a
call of a function that reads ``request.files`` counts) and calling ``parse_args()`` on such a
parser (a name bound at module level). The field's own name (the attribute the form binds it
to, the argument's name) is the code's word for what arrives, as ``request.files[NAME]``'s is.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_facts import facts
from ._parsed_modules import tree_fact

FILE_FIELDS = frozenset(
    {
        "flask_wtf.file.FileField", "flask_wtf.file.MultipleFileField",
        "wtforms.FileField", "wtforms.MultipleFileField", "wtforms.fields.FileField", "wtforms.fields.MultipleFileField",
        "wtforms.fields.simple.FileField", "wtforms.fields.simple.MultipleFileField", "wtforms.fields.core.FileField",
    }
)
FILE_ALLOWED = frozenset({"flask_wtf.file.FileAllowed"})
PARSER_LIBRARIES = ("flask_restful", "flask_restplus", "flask_restx")
# the text of a module that may hold either (a cheap test before parsing)
MAY_TAKE_AN_UPLOAD = re.compile(r"""FileField\b|\blocation\s*=\s*[\[(]?[^)\]=]*?['"]files['"]""")


@dataclass(frozen=True)
class LibraryUpload:
    """A file field of a form, or a reqparse argument read from ``request.files``."""

    name: str  # the field's attribute, or the argument's name ("" when it cannot be read)
    line: int
    holder: str  # the form class, or the parser's name
    how: str  # "a Flask-WTF file field", "a reqparse argument read from request.files"
    kinds: tuple[str, ...] = ()  # the kinds of file a FileAllowed validator lets through


def library_uploads(tree: ast.Module) -> tuple[LibraryUpload, ...]:
    """Every file field of a form class and every reqparse argument read from
    ``request.files`` in ``tree``, in the order of their lines."""
    return tree_fact(tree, "upload-limit: library uploads", _derive)


def takes_library_uploads(tree: ast.Module) -> bool:
    return bool(library_uploads(tree))


def upload_readers(tree: ast.Module) -> set[str]:
    """The names a call of which reads an upload through a library: the form classes that hold
    a file field, and the functions of the module that call ``parse_args()`` on a parser with
    an argument read from ``request.files``."""
    uploads = library_uploads(tree)
    if not uploads:
        return set()
    forms = {upload.holder for upload in uploads if upload.how == _FORM}
    parsers = {upload.holder for upload in uploads if upload.how == _PARSER}
    readers = set(forms)
    if parsers:
        for node in ast.walk(tree):
            if type(node) in (ast.FunctionDef, ast.AsyncFunctionDef) and _parses(node, parsers):
                readers.add(node.name)  # type: ignore[attr-defined]
    return readers


_FORM = "a Flask-WTF file field"
_PARSER = "a reqparse argument read from request.files"


def _derive(tree: ast.Module) -> tuple[LibraryUpload, ...]:
    found = facts(tree)
    uploads: list[LibraryUpload] = []
    if found.imports("flask_wtf") or found.imports("wtforms"):
        for node in ast.walk(tree):
            if type(node) is ast.ClassDef:
                uploads += _form_fields(node, found)  # type: ignore[arg-type]
    if any(found.imports(library) for library in PARSER_LIBRARIES):
        uploads += _parser_arguments(found)
    return tuple(sorted(uploads, key=lambda upload: upload.line))


def _form_fields(node: ast.ClassDef, found) -> list[LibraryUpload]:
    fields: list[LibraryUpload] = []
    for statement in node.body:
        if type(statement) is ast.Assign and len(statement.targets) == 1:  # type: ignore[attr-defined]
            target, value = statement.targets[0], statement.value  # type: ignore[attr-defined]
        elif type(statement) is ast.AnnAssign and statement.value is not None:  # type: ignore[attr-defined]
            target, value = statement.target, statement.value  # type: ignore[attr-defined]
        else:
            continue
        if type(target) is not ast.Name or type(value) is not ast.Call or not found.qualified(value.func) & FILE_FIELDS:  # type: ignore[attr-defined]
            continue
        fields.append(LibraryUpload(target.id, statement.lineno, node.name, _FORM, _allowed_kinds(value, found)))  # type: ignore[attr-defined]
    return fields


def _allowed_kinds(field: ast.Call, found) -> tuple[str, ...]:
    """The extensions a ``FileAllowed([...])`` among the field's arguments lets through (a
    literal list, tuple or set of strings; an upload set's are not read)."""
    kinds: list[str] = []
    for part in ast.walk(field):
        if type(part) is ast.Call and found.qualified(part.func) & FILE_ALLOWED and part.args:  # type: ignore[attr-defined]
            allowed = part.args[0]  # type: ignore[attr-defined]
            if type(allowed) in (ast.List, ast.Tuple, ast.Set):
                kinds += [item.value for item in allowed.elts if type(item) is ast.Constant and isinstance(item.value, str)]  # type: ignore[attr-defined]
    return tuple(kinds)


def _parser_arguments(found) -> list[LibraryUpload]:
    arguments: list[LibraryUpload] = []
    for call in found.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr == "add_argument":  # type: ignore[attr-defined]
            holder = func.value.id if type(func.value) is ast.Name else ""  # type: ignore[attr-defined]
        elif any(name.endswith(".reqparse.Argument") for name in found.qualified(func)):
            holder = ""
        else:
            continue
        location = next((kw.value for kw in call.keywords if kw.arg == "location"), None)
        if location is None or "files" not in _strings(location):
            continue
        first = call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "name"), None)
        name = first.value if type(first) is ast.Constant and isinstance(first.value, str) else ""  # type: ignore[attr-defined]
        arguments.append(LibraryUpload(name, call.lineno, holder, _PARSER))
    return arguments


def _strings(node: ast.AST) -> list[str]:
    if type(node) is ast.Constant and isinstance(node.value, str):  # type: ignore[attr-defined]
        return [node.value]  # type: ignore[attr-defined]
    if type(node) in (ast.List, ast.Tuple, ast.Set):
        return [item.value for item in node.elts if type(item) is ast.Constant and isinstance(item.value, str)]  # type: ignore[attr-defined]
    return []


def _parses(function: ast.AST, parsers: set[str]) -> bool:
    """Whether ``function`` calls ``parse_args()`` on one of ``parsers`` (by name)."""
    for part in ast.walk(function):
        if type(part) is ast.Call and type(part.func) is ast.Attribute and part.func.attr == "parse_args":  # type: ignore[attr-defined]
            receiver = part.func.value  # type: ignore[attr-defined]
            if type(receiver) is ast.Name and receiver.id in parsers:  # type: ignore[attr-defined]
                return True
    return False
