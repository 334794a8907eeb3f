"""upload-limit: what the rest of the project accepts, read once per module per run.

Before the limit is added, every module of the application code is read for a size it
allows or weighs (_upload_limit_sizes) and for an upload named or checked to be a whole store
of data (_upload_limit_fields, _upload_limit_views): the same modules for every app module of
the project. What each module says is derived from its text alone, so it is kept by the text
(``_parsed_modules.plain_fact``: derived once per run, derived afresh for a changed text); the
list of the project's modules, and which of them the cheap text tests let through, is kept
per project (``_project_answers.remembered``: given again only after every file it read reads
the same through the asking file's Context, so the result cache records the same reads).
The findings, and the order they are looked for in, are those of a fresh derivation.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from libcst.metadata import MetadataWrapper

from ._base import Context
from ._flask import AppObject
from ._parsed_modules import plain_fact
from ._project_answers import remembered
from ._process_modules import loads_an_untold_name, shares_a_process
from ._project_view import application_modules, parsed, unparsed_words, where_project_sets
from ._upload_limit_bodies import capped_bodies, described, since
from ._upload_limit_deploy import admitted_bodies
from ._upload_limit_fields import (
    MAY_NAME_A_FIELD,
    WholeDataField,
    archives_opened,
    names_whole_data,
    whole_data_fields,
    whole_data_kind,
    whole_data_kinds,
)
from ._upload_limit_library import MAY_TAKE_AN_UPLOAD, LibraryUpload, library_uploads
from ._upload_limit_gate import whole_data_blueprints
from ._upload_limit_relayed import files_sent, relayed, upload_routes
from ._upload_limit_sizes import MAY_HOLD_SIZE, AllowedSize, allowed_sizes, weighed_uploads
from ._upload_limit_views import FILES, WholeDataView, files_readers, whole_data_views

# a module that may read a body the limit caps (a cheap text test; the AST decides)
MAY_READ_A_BODY = re.compile(r"\.(?:files|form|values|get_data|data|json|get_json|stream)\b")

@dataclass(frozen=True)
class ApplicationModule:
    """A module of the application code, and whether the cheap text tests let it through."""

    path: str  # from the project root
    text: str
    may_hold_size: bool  # MAY_HOLD_SIZE
    may_name_a_field: bool  # MAY_NAME_A_FIELD
    may_read_a_body: bool  # MAY_READ_A_BODY


def project_modules(ctx: Context) -> tuple[ApplicationModule, ...]:
    """Every module ``application_modules`` gives, in its order, kept per project."""
    return remembered(ctx, ("upload-limit: application modules",), _modules)


def _modules(reader) -> tuple[ApplicationModule, ...]:
    return tuple(
        ApplicationModule(
            path,
            text,
            bool(MAY_HOLD_SIZE.search(text)),
            bool(MAY_NAME_A_FIELD.search(text) or MAY_TAKE_AN_UPLOAD.search(text)),
            bool(MAY_READ_A_BODY.search(text)),
        )
        for path, text in application_modules(reader)
    )


def sizes_of(text: str, key: str) -> tuple[AllowedSize, ...] | None:
    """``allowed_sizes`` and then ``weighed_uploads`` of the module ``text``; None when it does
    not parse."""
    return plain_fact(text, f"upload-limit: sizes allowed ({key})", lambda tree: (*allowed_sizes(tree, key), *weighed_uploads(tree)))


def readers_of(text: str, read: frozenset[str]) -> frozenset[str] | None:
    """``files_readers`` of the module ``text`` (by itself), of the bodies ``read``; None when it
    does not parse."""
    name = "upload-limit: body readers\0" + "\0".join(sorted(read))
    return plain_fact(text, name, lambda tree: frozenset(files_readers(tree, read=read)))


def fields_of(text: str) -> tuple[WholeDataField, ...] | None:
    return plain_fact(text, "upload-limit: whole-data fields", lambda tree: tuple(whole_data_fields(tree)))


def kinds_of(text: str) -> tuple[WholeDataField, ...] | None:
    return plain_fact(text, "upload-limit: whole-data kinds", lambda tree: tuple(whole_data_kinds(tree)))


def library_fields_of(text: str) -> tuple[LibraryUpload, ...] | None:
    """The file fields and reqparse arguments of the module ``text`` (_upload_limit_library)."""
    return plain_fact(text, "upload-limit: library uploads", library_uploads)


def archives_of(text: str) -> tuple[WholeDataField, ...] | None:
    return plain_fact(text, "upload-limit: uploads opened as archives", lambda tree: tuple(archives_opened(tree)))


def views_of(
    text: str, elsewhere: frozenset[str], path: str, named: str, read: frozenset[str]
) -> tuple[WholeDataView, ...] | None:
    """``whole_data_views`` of the module ``text`` at ``path``, of the bodies ``read``,
    ``elsewhere`` the readers of other modules (``named``: their names, sorted, one string);
    None when it does not parse."""
    name = "upload-limit: whole-data views\0" + path + "\0" + named + "\0" + "\0".join(sorted(read))
    return plain_fact(text, name, lambda tree: tuple(whole_data_views(tree, elsewhere, path, read)))


def parses(text: str) -> bool:
    """Whether the module ``text`` parses (``parsed(text)`` is not None), kept by the text."""
    return plain_fact(text, "upload-limit: parses", lambda _tree: True) is not None


def modules_calling(modules: tuple[ApplicationModule, ...], names: frozenset[str], seen: set[str]) -> list[tuple[str, str]]:
    """``(path, text)`` of the modules not at a path in ``seen`` that parse and spell one of
    ``names`` whole, then ``(``."""
    calling = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\s*\(")
    key = "upload-limit: calls one of\0" + "\0".join(sorted(names))
    return [
        (module.path, module.text)
        for module in modules
        if module.path not in seen
        and plain_fact(module.text, key, lambda _tree, text=module.text: calling.search(text) is not None)
    ]


def _may_run_in_the_apps_process(ctx: Context, path: str) -> str | None:
    """None where the module at ``path`` (one that does not parse) runs in no process that
    serves the transformed module's app: a script run by hand beside it (StoryMapJS's Python 2
    ``s3analysis/s3analysis.py``) allows nothing the app accepts. Else the words a finding adds
    after its name: "" where the process imports it (or the project cannot be listed), the
    load by a computed name that may bring it in."""
    listing = ctx.project_files()
    if listing is None or shares_a_process(ctx, listing.this, path):
        return ""
    loading = loads_an_untold_name(ctx, listing.this)
    if loading is None:
        return None
    return f", and {loading} loads a module by a name it computes at run time, which may be this one"


def no_larger_size_allowed(wrapper: MetadataWrapper, ctx: Context, apps: list[AppObject], key: str) -> bool:
    """False (with a finding) when the project sets ``key`` elsewhere (silently), allows
    requests as large as the limit would be, compares a request's size with a limit it
    cannot read or weighs by its own measure, or takes an upload named for (or checked to be) a
    whole store of data (_upload_limit_fields):
    a limit set here would refuse what the code means to accept."""
    if where_project_sets(ctx, key) is not None:
        return False
    limit = ctx.options["max_bytes"]
    for body in admitted_bodies(ctx):
        if body.size is None or body.size > limit:
            admits = "bodies of any size" if body.size is None else f"bodies of up to {readable_size(body.size)}"
            ctx.finding(
                apps[0].statement,
                f"the deployment's proxy admits {admits} ({body.place}): a {key} of {readable_size(limit)} would "
                f"refuse what it was opened for; set {key} by hand, no lower than that",
            )
            return False
    own_text = wrapper.module.code
    own = parsed(own_text)
    here = [(posixpath.normpath(ctx.path.replace("\\", "/")), own_text)] if own is not None else []
    modules = project_modules(ctx)

    def cite(text: str, line: int) -> int:  # this module's lines: of the tree given
        return ctx.file_line(line) if own is not None and (text is own_text or text == own_text) else line

    for path, text in here + [(module.path, module.text) for module in modules if module.may_hold_size]:
        sizes = sizes_of(text, key)
        if sizes is None:  # a module that may name a size does not parse: what it allows cannot be read
            loaded = _may_run_in_the_apps_process(ctx, path)
            if loaded is None:
                continue
            ctx.finding(
                apps[0].statement,
                f"{path} {unparsed_words(text)}{loaded}: whether it allows requests larger than "
                f"{readable_size(limit)} cannot be read; set {key} by hand",
            )
            return False
        for allowed in sizes:
            if allowed.size is None:
                ctx.finding(
                    apps[0].statement, f"{path}:{cite(text, allowed.line)} {allowed.what}: set {key} by hand, {allowed.advice}"
                )
                return False
            if allowed.size >= limit:
                ctx.finding(
                    apps[0].statement,
                    f"the code allows requests of {readable_size(allowed.size)} ({allowed.what}, {path}:{cite(text, allowed.line)}): "
                    f"a {key} of {readable_size(limit)} would refuse them; set {key} by hand, above what the app accepts",
                )
                return False
    # a size the code states says more than a field's name: it is named first
    read = capped_bodies(ctx)  # the bodies the limit caps at the project's Werkzeug: each is weighed
    readers = here + [(module.path, module.text) for module in modules if module.may_name_a_field]
    for path, text in readers:
        if not parses(text):  # a module that reads request.files does not parse: which fields it takes cannot be read
            loaded = _may_run_in_the_apps_process(ctx, path)
            if loaded is None:
                continue
            ctx.finding(
                apps[0].statement,
                f"{path} {unparsed_words(text)}{loaded}: which uploads it takes cannot be read; set {key} by hand",
            )
            return False
    relay = _relayed_upload(own_text, modules) if own is not None else None
    if relay is not None:
        ctx.finding(
            apps[0].statement,
            f"{relay}: their size is what the sending side accepts, not a user's pick; set {key} by hand, "
            "no lower than the largest file it sends",
        )
        return False
    seen = {path for path, _ in readers}
    readers += [(m.path, m.text) for m in modules if m.may_read_a_body and not m.may_name_a_field and m.path not in seen and parses(m.text)]
    for said, line in whole_data_blueprints(own, ctx) if own is not None else ():
        ctx.finding(
            apps[0].statement,
            f"the blueprint registered at {here[0][0]}:{ctx.file_line(line)} takes an upload that {said!r} names a whole "
            f"store of data (a backup, a dump), whose size the user's data decides: no fixed {key} fits; set "
            f"{key} by hand",
        )
        return False
    # functions that take the upload, across modules: a view that calls one is the same view
    elsewhere = frozenset(name for _, text in readers for name in readers_of(text, FILES) or ())  # uploads' readers only
    named = "\0".join(sorted(elsewhere))
    callers: list[tuple[str, str]] = []
    if elsewhere:
        seen = {path for path, _ in readers}
        callers = modules_calling(modules, elsewhere, seen)
    for path, text in readers + callers:
        fields = fields_of(text)
        if fields is None:  # (a module that does not parse says nothing here)
            continue
        for field in fields:
            ctx.finding(
                apps[0].statement,
                f"request.files[{field.name!r}] ({path}:{cite(text, field.line)}) takes a whole store of data, whose size "
                f"the user's data decides: no fixed {key} fits it; set {key} by hand, above the largest one "
                "your users send",
            )
            return False
        for upload in library_fields_of(text) or ():
            said = _library_whole_data(upload)
            if said is not None:
                ctx.finding(
                    apps[0].statement,
                    f"{upload.how} {upload.name!r} ({upload.holder + ', ' if upload.holder else ''}{path}:{cite(text, upload.line)}) "
                    f"{said}, whose size the user's data decides: no fixed {key} fits "
                    f"it; set {key} by hand, above the largest one your users send",
                )
                return False
        for view in views_of(text, elsewhere, path, named, read) or ():
            takes = "takes an upload" if view.reads == "files" else f"reads {described(view.reads)}, which {key} caps too{since(view.reads)}"
            what = (
                f"it is registered under a name or route this codemod cannot read ({view.said}), so whether that "
                "name says it takes a whole store of data (a backup, a dump, an archive) cannot be told"
                if view.unread
                else f"{view.said} says it is a whole store of data (a backup, a dump, an archive, a packaged project), "
                "whose size the user's data decides"
            )
            ctx.finding(
                apps[0].statement,
                f"{view.name}() ({path}:{cite(text, view.line)}) {takes}, and {what}: no fixed {key} is shown to fit it; "
                f"set {key} by hand, above the largest one your users send",
            )
            return False
        for found, what in _whole_data_uses(text):
            ctx.finding(apps[0].statement, f"{path}:{cite(text, found.line)} {what}: no fixed {key} fits; set {key} by hand")
            return False
    return True


def _library_whole_data(upload: LibraryUpload) -> str | None:
    """What says a library's upload is a whole store of data: its name, or a kind of such a
    file its ``FileAllowed`` lets through."""
    if upload.name and names_whole_data(upload.name):
        return "takes a whole store of data by its name"
    kind = next((kind for kind in upload.kinds if whole_data_kind("upload." + kind.lower().lstrip("*.")) is not None), None)
    if kind is not None:
        return f"accepts files of kind {kind!r} (a log, an archive, a video)"
    return None


def _whole_data_uses(text: str):
    """What a module does with an upload that says the user's data decides its size, each with
    its words: a check of its name against such a kind of file, then an archive opened on it."""
    for kind in kinds_of(text) or ():
        yield kind, (
            f"checks an upload's name against {kind.name!r}, a kind of file (a log, an archive, a video) whose size "
            "the user's data decides"
        )
    for opened in archives_of(text) or ():
        yield opened, f"opens an upload as an archive ({opened.name}), as large as what the user collected in it"


def _relayed_upload(own_text: str, modules: tuple[ApplicationModule, ...]) -> str | None:
    """What says that the project's own code sends files to an upload route of this module (_upload_limit_relayed)."""
    routes = plain_fact(own_text, "upload-limit: upload routes", upload_routes) or ()
    if not routes:
        return None
    for module in modules:
        if "files" not in module.text:
            continue
        for sent in plain_fact(module.text, "upload-limit: files sent", files_sent) or ():
            for route in routes:
                if relayed(route, sent):
                    return (
                        f"{route.view}() takes uploads at {route.route!r}, and the project's own code sends files there "
                        f"({module.path}:{sent.line}, to {sent.url!r})"
                    )
    return None


def readable_size(size: int) -> str:
    """``256 MiB``, ``1.5 GiB``, ``900 bytes``."""
    for unit, power in (("GiB", 3), ("MiB", 2), ("KiB", 1)):
        if size >= 1024**power:
            return f"{size / 1024**power:g} {unit}"
    return f"{size} bytes"
