"""upload-limit: uploads whose size the user's data decides, read on the standard library's AST.

A field of ``request.files`` named for a whole store of data — a database, a backup, a dump,
an archive, a video (``request.files["database"]``, ``request.files.get("backup_file")``,
``request.files.getlist("videos")``) — takes a file as large as what its user has collected
over time. No fixed default fits such a file, and a limit below the largest one would refuse
the very upload the view exists for (a 413 where the app worked). The field's name is the
code's own word for what arrives; other fields (``"file"``, ``"photo"``, ``"csv"``) say
nothing of the kind and keep the default. The view's other words for the upload (its
function, class, route and saved name) are read in _upload_limit_views, with ``names_whole_data``.
An egg or a wheel counts as an archive: a packaged project, as large as the code and data (and,
built with its dependencies, the libraries) it bundles. So does a HAR (``har_file``, ``.har``),
an HTTP Archive: the record of a whole page load, every response body included, as large as
the page it captured (lookyloo's capture upload). So does a data set in a hierarchical
container, HDF5 and its dialects (``hdf5``, AnnData's ``h5ad``, ``loom``; ``.h5`` as an
extension only, since ``h5`` alone names HTML5 pages too): as large as the experiment it holds
(PSCS's single-cell uploads). A name is also read by its alphanumeric runs, so that a word
spelled with a digit (``h5ad``, ``hdf5``) is read whole.

The kinds of file a module that reads ``request.files`` checks an upload's name against say
the same: an extension of a log (``.log``: as long as the run it recorded), an archive
(``.zip``, ``.tar.gz``), a database (``.sqlite``, ``.db``) or a video, compared with an
expression that reads a ``.filename`` (or a name bound from one) — ``ext in {"log", "txt"}``
(inline or a module constant), ``name.endswith((".sqlite", ".db"))``, ``ext != ".mp4"``.
Words that are never checked against an upload's name say nothing. An upload the module
opens as an archive (``zipfile.ZipFile(sent)``, ``zipfile.is_zipfile(sent)``, ``tarfile.open(
fileobj=sent.stream)``, rarfile's and py7zr's alike) says it more surely: the field may be named
``file`` (multiscanner's task view queues every member of a zip of samples). An archive the view
builds from something else (a zip for a download) is not an upload.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._ast_facts import facts

FILES = "flask.request.files"

# words of a field's name that name a whole store of data
_WHOLE_DATA = frozenset(
    {
        "database", "databases", "db", "sqlite", "sqlite3", "backup", "backups", "dump", "dumps",
        "restore", "archive", "archives", "video", "videos", "egg", "eggs", "wheel", "wheels", "whl",
        "har", "hars", "hdf5", "hdf", "h5ad", "loom",
    }
)
# words that say only that a name is of an upload (``eggfile``, ``dbupload``)
_GENERIC = frozenset({"file", "files", "upload", "uploads", "data", "name", "path", "input", "field", "sql"})
_LONGEST = max(map(len, _WHOLE_DATA | _GENERIC))
# extensions of such stores: logs, archives, databases, videos
_WHOLE_DATA_KINDS = frozenset(
    {
        "log", "zip", "tar", "tar.gz", "tgz", "gz", "tar.bz2", "bz2", "tar.xz", "xz", "7z", "rar",
        "sqlite", "sqlite3", "db", "sql", "dump", "bak", "mp4", "mkv", "mov", "avi", "webm", "egg", "whl",
        "har", "h5", "hdf5", "hdf", "h5ad", "loom",
    }
)
# what opens (or tests) a file object as an archive
_ARCHIVE_OPENERS = frozenset(
    {
        "zipfile.ZipFile", "zipfile.is_zipfile", "tarfile.open", "tarfile.TarFile", "tarfile.is_tarfile",
        "rarfile.RarFile", "rarfile.is_rarfile", "py7zr.SevenZipFile", "py7zr.is_7zfile",
    }
)
# the text of a module that may read such a field (a cheap test before parsing)
MAY_NAME_A_FIELD = re.compile(r"\.files\b")


@dataclass(frozen=True)
class WholeDataField:
    """A ``request.files`` field that takes a whole store of data, and where it is read."""

    name: str
    line: int


def whole_data_fields(tree: ast.Module) -> list[WholeDataField]:
    """Every ``request.files[NAME]`` / ``.get(NAME)`` / ``.getlist(NAME)`` of ``tree``
    (``flask.request`` by qualified name, or a parameter of a function of the module that
    the module hands it to: PSCS's ``process_h5ad(request, id_project)`` reading
    ``req.files["h5ad"]``) whose literal NAME names a whole store of data."""
    found = facts(tree)
    if "files" not in found.attributes:
        return []
    handed = _handed_the_request(tree, found)
    fields: list[WholeDataField] = []
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Subscript:
            holder, key = node.value, node.slice  # type: ignore[attr-defined]
        elif kind is ast.Call and type(node.func) is ast.Attribute and node.func.attr in ("get", "getlist") and node.args:  # type: ignore[attr-defined]
            holder, key = node.func.value, node.args[0]  # type: ignore[attr-defined]
        else:
            continue
        if type(holder) is not ast.Attribute or holder.attr != "files":  # type: ignore[attr-defined]
            continue
        if FILES not in found.qualified(holder) and not (type(holder.value) is ast.Name and holder.value.id in handed):  # type: ignore[attr-defined]
            continue
        if type(key) is ast.Constant and isinstance(key.value, str) and names_whole_data(key.value):
            fields.append(WholeDataField(key.value, node.lineno))  # type: ignore[attr-defined]
    return fields


def _handed_the_request(tree: ast.Module, found) -> set[str]:
    """The parameters of the module's functions that a call of the module passes
    ``flask.request`` to, or a parameter that was (by name: ``req`` handed on to a helper)."""
    params: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if type(node) in (ast.FunctionDef, ast.AsyncFunctionDef):
            params[node.name] = [arg.arg for arg in [*node.args.posonlyargs, *node.args.args]]  # type: ignore[attr-defined]
    calls = [node for node in ast.walk(tree) if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id in params]  # type: ignore[attr-defined]
    handed: set[str] = set()

    def the_request(value: ast.AST) -> bool:
        return "flask.request" in found.qualified(value) or (type(value) is ast.Name and value.id in handed)  # type: ignore[attr-defined]

    while True:
        before = len(handed)
        for call in calls:
            names = params[call.func.id]  # type: ignore[attr-defined]
            handed.update(names[i] for i, arg in enumerate(call.args[: len(names)]) if the_request(arg))  # type: ignore[attr-defined]
            handed.update(kw.arg for kw in call.keywords if kw.arg in names and the_request(kw.value))  # type: ignore[attr-defined]
        if len(handed) == before:
            return handed


def words(name: str) -> list[str]:
    """The words of a name, split on non-alphanumerics, case changes and digits, lower-cased:
    ``projectEggUpload`` -> project, egg, upload; ``DBBackup2`` -> db, backup, 2."""
    return [word.lower() for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name)]


def names_whole_data(name: str) -> bool:
    """``"database"``, ``"backup_file"``, ``"projectEggUpload"``, ``"eggfile"``: a word of the
    name is one of them, or is made wholly of one of them and the generic words of an upload
    (``eggfile``, ``dbdump``; not ``eggplant``, ``dbg``, ``feedback``)."""
    runs = re.findall(r"[a-z0-9]+", name.lower())  # h5ad, hdf5: words that split on their digits
    return any(word in _WHOLE_DATA or _compound(word) for word in [*words(name), *runs])


def _compound(word: str) -> bool:
    """``word`` splits wholly into words of a whole store and generic words, one of the former."""
    # ends[i]: the ways word[:i] splits (None: not at all; False: generic words only; True: with a store)
    ends: list[bool | None] = [False] + [None] * len(word)
    for i in range(len(word)):
        if ends[i] is None:
            continue
        for j in range(i + 2, min(i + _LONGEST, len(word)) + 1):  # no piece is longer: linear in the word
            piece = word[i:j]
            if piece in _WHOLE_DATA or piece in _GENERIC:
                ends[j] = bool(ends[j]) or bool(ends[i]) or piece in _WHOLE_DATA
    return ends[-1] is True


def whole_data_kind(name: str) -> str | None:
    """The kind of a whole store that the file name ``name`` ends in (``project.egg``: ``egg``)."""
    lowered = name.lower()
    return next((kind for kind in _WHOLE_DATA_KINDS if lowered.endswith("." + kind)), None)


def whole_data_kinds(tree: ast.Module) -> list[WholeDataField]:
    """Every check of an upload's name (in a module that reads ``request.files``) against
    extensions that include one of a whole store of data; ``name`` is that extension."""
    found = facts(tree)
    if "files" not in found.attributes or not any(
        type(node) is ast.Attribute and node.attr == "files" and FILES in found.qualified(node)  # type: ignore[attr-defined]
        for node in ast.walk(tree)
    ):
        return []
    constants = _string_constants(tree)
    named = _names_of_filenames(tree)

    def a_filename(node: ast.AST) -> bool:
        return any(
            (type(part) is ast.Attribute and part.attr == "filename") or (type(part) is ast.Name and part.id in named)  # type: ignore[attr-defined]
            for part in ast.walk(node)
        )

    kinds: list[WholeDataField] = []
    for node in ast.walk(tree):
        if type(node) is ast.Compare and all(isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)) for op in node.ops):  # type: ignore[attr-defined]
            operands = [node.left, *node.comparators]  # type: ignore[attr-defined]
            if not any(a_filename(operand) for operand in operands):
                continue
            words = [word for operand in operands if not a_filename(operand) for word in _strings(operand, constants)]
        elif type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "endswith" and node.args:  # type: ignore[attr-defined]
            if not a_filename(node.func.value):  # type: ignore[attr-defined]
                continue
            words = _strings(node.args[0], constants)  # type: ignore[attr-defined]
        else:
            continue
        kind = next((word for word in words if word.lower().lstrip("*.") in _WHOLE_DATA_KINDS), None)
        if kind is not None:
            kinds.append(WholeDataField(kind, node.lineno))  # type: ignore[attr-defined]
    return kinds


def archives_opened(tree: ast.Module) -> list[WholeDataField]:
    """Every call of an archive opener (``_ARCHIVE_OPENERS``) handed an upload: ``request.files``
    read in the argument, or a name bound from it (``sent = request.files["file"]``), whole or by an
    attribute (``sent.stream``); ``name`` is the opener's qualified name."""
    found = facts(tree)
    if "files" not in found.attributes:
        return []

    def reads_files(node: ast.AST) -> bool:
        return any(type(part) is ast.Attribute and part.attr == "files" and FILES in found.qualified(part) for part in ast.walk(node))  # type: ignore[attr-defined]

    sent = {
        target.id  # type: ignore[attr-defined]
        for node in ast.walk(tree)
        if type(node) in (ast.Assign, ast.For) and reads_files(node.value if type(node) is ast.Assign else node.iter)  # type: ignore[attr-defined]
        for target in (node.targets if type(node) is ast.Assign else [node.target])  # type: ignore[attr-defined]
        if type(target) is ast.Name
    }

    def an_upload(node: ast.AST) -> bool:
        return reads_files(node) or any(type(part) is ast.Name and part.id in sent for part in ast.walk(node))  # type: ignore[attr-defined]

    opened: list[WholeDataField] = []
    for call in found.calls:
        opener = next(iter(sorted(found.qualified(call.func) & _ARCHIVE_OPENERS)), None)
        if opener is None:
            continue
        handed = call.args[:1] + [kw.value for kw in call.keywords if kw.arg in ("file", "fileobj", "name", "filename")]
        if any(an_upload(arg) for arg in handed):
            opened.append(WholeDataField(opener, call.lineno))
    return sorted(opened, key=lambda found_call: found_call.line)


def _names_of_filenames(tree: ast.Module) -> set[str]:
    """Names bound from an expression that reads a ``.filename`` (or such a name), in two steps:
    ``name = secure_filename(f.filename)``, ``ext = os.path.splitext(name)[1]``."""
    named: set[str] = set()
    for _ in range(2):
        for node in ast.walk(tree):
            if type(node) is not ast.Assign:
                continue
            if any(
                (type(part) is ast.Attribute and part.attr == "filename") or (type(part) is ast.Name and part.id in named)  # type: ignore[attr-defined]
                for part in ast.walk(node.value)  # type: ignore[attr-defined]
            ):
                named.update(target.id for target in node.targets if type(target) is ast.Name)  # type: ignore[attr-defined]
    return named


def _string_constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level names bound to a string or a list, tuple or set of strings."""
    constants: dict[str, list[str]] = {}
    for node in tree.body:
        if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name:  # type: ignore[attr-defined]
            words = _strings(node.value, {})  # type: ignore[attr-defined]
            if words:
                constants[node.targets[0].id] = words  # type: ignore[attr-defined]
    return constants


def _strings(node: ast.AST, constants: dict[str, list[str]]) -> list[str]:
    if type(node) is ast.Constant and isinstance(node.value, str):  # type: ignore[attr-defined]
        return [node.value]  # type: ignore[attr-defined]
    if type(node) in (ast.List, ast.Tuple, ast.Set):
        return [item.value for item in node.elts if type(item) is ast.Constant and isinstance(item.value, str)]  # type: ignore[attr-defined]
    if type(node) is ast.Name:
        return constants.get(node.id, [])  # type: ignore[attr-defined]
    return []
