"""What the rest of the project says, for a codemod whose decision depends on it (the timeout
the project already uses, a size limit a view enforces, how gunicorn is started).

Everything is read through the Context (``ctx.project_files``, ``ctx.read_file``), so the
result cache knows what a decision depended on. Only the project's application code counts
(``module_kind``): what a test or a packaging ``setup.py`` does says nothing about the app that
is served.
"""

from __future__ import annotations

import ast
import re
from sys import version_info
from typing import Iterator

from ._base import APPLICATION, PACKAGING, Context, code_kind, module_kind
from ._code_kinds import is_helper_script
from ._parsed_modules import python_tree
from ._process_modules import loads_an_untold_name, shares_a_process
from ._project_answers import remembered
from ._syntax_versions import newer_syntax

# the Python that parses the modules (its own grammar only: a newer one's syntax is an error to it)
_RUNNING = f"{version_info[0]}.{version_info[1]}"
# A module larger than this is not read for a project-wide fact (generated or vendored code).
MAX_MODULE_CHARS = 1_000_000


def application_modules(
    ctx: Context, wanted: re.Pattern[str] | None = None, *, under: str = ""
) -> Iterator[tuple[str, str]]:
    """``(path, text)`` of every Python module of the project's application code whose text
    matches ``wanted`` (all when None); ``path`` relative to the project root. ``under``: only
    the modules whose path starts with it (a folder with its ``/``), the others neither read
    nor searched. Nothing without a listing of the project (a text transformed on its own). A
    module that cannot be read (see ``_application_texts``) is left out."""
    for path, text in _application_texts(ctx, under):
        if text is not None and len(text) <= MAX_MODULE_CHARS and (wanted is None or wanted.search(text)):
            yield path, text


def _application_texts(ctx: Context, under: str = "") -> Iterator[tuple[str, str | None]]:
    """``(path, text)`` of every Python module of the project's application code (whose path
    starts with ``under``), the text None where it cannot be decoded (not UTF-8: a Python 2
    module with a latin-1 coding cookie, say); one whose kind needs its text and has none is
    told by its name."""
    listing = ctx.project_files()
    for path in listing.files if listing is not None else ():
        if not path.startswith(under) or code_kind(path) not in (APPLICATION, PACKAGING):
            continue
        text = ctx.read_file(listing.relative(path))
        if module_kind(path, text) == APPLICATION:
            yield path, text


def project_texts(ctx: Context, names: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """``(path, text)`` of the project's files whose path matches ``names`` (any kind of file:
    a Procfile, a shell script ...), tests and packaging scripts left out; ``path`` relative
    to the project root."""
    listing = ctx.project_files()
    for path in listing.every_file if listing is not None else ():
        if code_kind(path) not in (APPLICATION, PACKAGING) or not names.search(path):
            continue
        text = ctx.read_file(listing.relative(path))
        if text is not None and len(text) <= MAX_MODULE_CHARS and module_kind(path, text) == APPLICATION:
            yield path, text


def unparsed_words(text: str) -> str:
    """What is true of a module the running Python does not parse (``parsed`` gave None), as
    the words after its name in a finding: the newer Python its syntax needs where it is
    valid code for one (``_syntax_versions``), else that it does not parse as Python 3."""
    newer = newer_syntax(text)
    if newer is not None:
        return f"uses Python {newer[0]}.{newer[1]} syntax, newer than the running Python {_RUNNING} parses"
    return "does not parse as Python 3"


def may_be_python_2(text: str) -> bool:
    """Whether a module the running Python does not parse may be Python 2 code: not where it
    is valid code for a newer Python 3 (``def f[T]()``: no Python 2 runs it)."""
    return newer_syntax(text) is None


def parsed(text: str) -> ast.Module | None:
    """The standard library's AST of ``text``; None when it does not parse. Parsed once per
    process (codemods/_parsed_modules.py): one module is asked about by every file that
    looks at the project."""
    return python_tree(text)


def first_import(text: str, modules: tuple[str, ...] | frozenset[str]) -> tuple[int, str] | None:
    """``(line, name)`` of the first import in the module ``text`` of one of ``modules`` or a
    module under one (``gevent.pywsgi`` for ``gevent.pywsgi``; ``from gevent import pywsgi``
    too), absolute imports only; None when there is none or the text does not parse."""
    tree = parsed(text)
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if any(name == module or name.startswith(module + ".") for module in modules):
                return node.lineno, name
    return None


# files besides Python modules that may hold Flask configuration; among them the templates
# of a settings module kept out of git, which a deployment copies (settings.py.example,
# config.py.sample, the CI's settings.py.travis; general.py_distr, settings.py-dist)
SETTINGS_FILES = re.compile(r"(^|/)(\.env[^/]*|[^/]+\.(cfg|ini|toml|ya?ml|json|conf|env)|[^/]+\.py[._-][^/.]+)$")
_PYTHON_TEMPLATE = re.compile(r"\.py[._-][^/.]+$")  # settings.py.example: Python, whose lower-case names are no settings


def where_project_sets(ctx: Context, key: str) -> str | None:
    """``path:line`` of a place in the project's application code or settings files that sets
    the config key ``key`` (``KEY = ...``, ``KEY: ...``, ``config["KEY"] = ...``,
    ``update(KEY=...)``; a template of a settings module, ``settings.py.example``, counts),
    or None; a module that does not parse (Python 2) is read by its text,
    as a settings file is. The key spelled in lower case counts as a key of a mapping, a
    subscript, a keyword or a settings file's option (a loader that upper-cases its own
    settings' keys, as throat's does; ConfigParser's lower-cased options), never as a plain
    name (a vendored ``Request.max_content_length``). Kept per project (``_project_answers``)."""
    return remembered(ctx, ("sets", key), lambda reader: _where_sets(reader, key))


def _where_sets(ctx: Context, key: str) -> str | None:
    spelled = "|".join(sorted({re.escape(key), re.escape(key.lower())}))
    pattern = r"""(?m)(?:^|[\s,({"'\[])(?:%s)["']?\]?\s*(?:=(?!=)|:)"""
    setter, either = re.compile(pattern % re.escape(key)), re.compile(pattern % spelled)
    for path, text in project_texts(ctx, SETTINGS_FILES):
        # an option of YAML, INI, TOML, .env in either case; a Python template as Python reads it
        match = (setter if _PYTHON_TEMPLATE.search(path) else either).search(text)
        if match is not None:
            return f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
    for path, text in application_modules(ctx, re.compile(spelled)):
        tree = parsed(text)
        if tree is None:  # Python 2, say: read as the settings files are, by its text
            match = setter.search(text)
            if match is not None:
                return f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
            continue
        for node in ast.walk(tree):
            line = _sets(node, key)
            if line is not None:
                return f"{path}:{line}"
    return None


def _sets(node: ast.AST, key: str) -> int | None:
    kind = type(node)
    if kind in (ast.Assign, ast.AnnAssign):
        targets = node.targets if kind is ast.Assign else [node.target]  # type: ignore[attr-defined]
        for target in targets:
            if (
                (isinstance(target, ast.Name) and target.id == key)
                or (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.slice, ast.Constant)
                    and target.slice.value in (key, key.lower())
                )
            ):
                return node.lineno  # type: ignore[attr-defined]
    elif kind is ast.keyword and node.arg in (key, key.lower()):  # type: ignore[attr-defined]
        return node.value.lineno  # type: ignore[attr-defined]
    elif kind is ast.Dict:
        for item in node.keys:  # type: ignore[attr-defined]
            if isinstance(item, ast.Constant) and item.value in (key, key.lower()):
                return item.lineno
    return None


def unreadable_application_module(ctx: Context) -> tuple[str, str] | None:
    """``(path, why)`` of the first module of the project's application code (path from the
    project root; a module of the app before a helper script beside it) that cannot be read: it cannot be decoded as UTF-8, is larger than
    ``MAX_MODULE_CHARS`` (both left out by ``application_modules``) or does not parse
    (Python 2, or syntax newer than the running Python's: ``unparsed_words`` says which); None when there is none. Where there is one, no project-wide fact that
    something is absent can be proven. Kept per project (``_project_answers``)."""
    return remembered(ctx, ("a module of the application code cannot be read",), _first_unreadable)


def _first_unreadable(reader) -> tuple[str, str] | None:
    """A module of the app itself before a helper script run by hand beside it (``bin/``,
    ``scripts/`` ...): the finding names what the app's own process may run."""
    return next(iter(_every_unreadable(reader)), None)


def unreadable_module_in_its_process(ctx: Context, served: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """``unreadable_application_module`` of the modules that may run in a process that runs
    the transformed one (``_process_modules``): a module that does not parse is left out
    where nothing that loads the transformed module loads it (twxplorer's ``clean.py``, a
    Python 2 script a cron job runs; archive-term's console commands, which only its
    management script imports, beside the web app). One that cannot be decoded, or is too
    large to read, counts wherever it is: its imports are not read (``_UNREAD``). Where the
    process loads a module by a name the code does not tell, any module may be loaded: the
    first one is named, with that call. ``served``:
    the modules every command that starts the server names, when each does."""
    listing = ctx.project_files()
    unreadable = remembered(ctx, ("the modules of the application code that cannot be read",), _every_unreadable)
    for path, why in unreadable:
        if listing is None or why in _UNREAD or shares_a_process(ctx, listing.this, path, served):
            return path, why
    # a name the process loads that the code does not tell may be any of them (session 39)
    loading = loads_an_untold_name(ctx, listing.this, served) if unreadable and listing is not None else None
    if loading is not None:
        path, why = unreadable[0]
        return path, f"{why}; {loading} loads a module by a name it computes at run time, which may be this one"
    return None


# why a module's imports are not read: it cannot be decoded, or is too large to read
_UNREAD = ("it cannot be decoded as UTF-8 text", f"it is too large to read, over {MAX_MODULE_CHARS:,} characters")


def _every_unreadable(reader) -> tuple[tuple[str, str], ...]:
    """``(path, why)`` of every module of the application code that cannot be read, those
    of the app itself before the helper scripts run by hand beside it."""
    found, scripts = [], []
    for path, text in _application_texts(reader):
        why = _unreadable(text)
        if why is not None:
            (scripts if is_helper_script(path) else found).append((path, why))
    return tuple(found + scripts)


def _unreadable(text: str | None) -> str | None:
    if text is None:
        return "it cannot be decoded as UTF-8 text"
    if len(text) > MAX_MODULE_CHARS:
        return f"it is too large to read, over {MAX_MODULE_CHARS:,} characters"
    if parsed(text) is None:  # Python 2, or syntax newer than the Python running the tool
        return f"it {unparsed_words(text)}"
    return None
