"""A module's import statements read off its text, without parsing it (the fast path of
``_project_imports.import_statements``, and of a gate that follows imports module by module).

A reader that follows the imports of a project's modules (the app, the modules it imports,
the modules those import) needs each module's imports, not its tree; parsing every module on
the way costs more than the rest of the question. ``imports_spelled`` reads them with a few
regular expressions, and answers only when every ``import`` keyword of the text is one it
read: each starts a line (after its indentation) in a plain form (``import a.b as c, d``,
``from ..pkg import x as y, z``, ``from . import (a,  # note`` over lines ``b)``, lines
continued by a backslash), or follows a ``#`` with no quote before it on its line (a
comment, or a line of a string). Anything else (an ``import`` after ``;`` or ``:``, or in a
string within a line, a name that is not ASCII) gives None: the caller parses the module.

An import statement always holds the keyword, so none is missed. A line of a multi-line
string that looks like an import is read as one (what it names, read as an import too, may
only add modules to the ones followed), as is an import of a module Python 3 cannot parse
(whose tree has none).
"""

from __future__ import annotations

import re
from functools import lru_cache
from unicodedata import normalize

from ._projects_kept import dropped_with_projects

# (level: -1 for ``import m``, else the number of dots; module; ((name, asname), ...)): for
# ``import a, b as c`` one per module, as the standard library's ``ast`` names them
Spelled = tuple[int, "str | None", tuple[tuple[str, "str | None"], ...]]

_KEYWORD = re.compile(r"\bimport\b")
_GAP = r"(?:[ \t]|\\\r?\n)"  # a space, or a line continued by a backslash
_STATEMENT = re.compile(
    rf"^[ \t]*(?:from{_GAP}+(\.*){_GAP}*([A-Za-z_][\w.]*)?{_GAP}+)?(import)\b{_GAP}*"
    r"(\([^()]*\)|(?:[^\n;#\\()]|\\\r?\n)*?)[ \t]*(?:#[^\n]*)?$",
    re.MULTILINE,
)
_CONTINUED = re.compile(r"\\\r?\n")
_COMMENT = re.compile(r"#[^\n]*")
_ALIAS = re.compile(r"([A-Za-z_][\w.]*)(?:\s+as\s+([A-Za-z_]\w*))?")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def imports_spelled(text: str, *, nfkc: bool = False) -> tuple[Spelled, ...] | None:
    """The import statements of the module ``text`` (see the module's docstring), in the
    order of the text; None when the text cannot be read so. A text that is not ASCII is
    read, with ``nfkc``, in its NFKC form, the form Python reads names in (PEP 3131: ``import
    \uff44b`` imports ``db``), so that an accent or a copyright sign in a comment or a string
    costs no parse; what the normalization changes elsewhere (a full-width quote or ``#`` in a
    string) may only leave the text unread or read one import more. Without it, such a text
    gives None."""
    if "import" not in text:
        return ()
    if not text.isascii():  # Python reads identifiers in their NFKC form
        if not nfkc:
            return None
        text = normalize("NFKC", text)
    return _spelled(text)


@lru_cache(maxsize=256)
def _spelled(text: str) -> tuple[Spelled, ...] | None:
    found: list[Spelled] = []
    keywords = set()
    for match in _STATEMENT.finditer(text):
        start = match.start()
        if text[max(0, start - 3) : start].rstrip("\r\n").endswith("\\"):
            return None  # the line continues the one before it
        dots, module, names = match.group(1), match.group(2), match.group(4)
        statement = _statement(dots, module, names)
        if statement is None:
            return None
        keywords.add(match.start(3))
        found.extend(statement)
    for keyword in _KEYWORD.finditer(text):
        at = keyword.start()
        if at not in keywords and not _commented(text, at):
            return None  # an import keyword elsewhere: in a form not read here, or not code
    return tuple(found)


dropped_with_projects(_spelled.cache_clear)  # (kept by text: of no use to the next project)


def _commented(text: str, at: int) -> bool:
    """Whether what is at ``at`` is after a ``#`` on its line, no quote before it there: in
    a comment (a string may not start before it), or in a string that began on a line above
    (it may not end before it). Either way, no code."""
    before = text[text.rfind("\n", 0, at) + 1 : at]
    return "#" in before and "'" not in before and '"' not in before


def _statement(dots: str | None, module: str | None, names: str) -> list[Spelled] | None:
    parenthesized = names.startswith("(")
    if parenthesized:
        names = _COMMENT.sub("", names[1:-1])
    else:
        names = _CONTINUED.sub(" ", names)
    parts = [part.strip() for part in names.split(",")]
    if parenthesized and len(parts) > 1 and not parts[-1]:
        parts.pop()  # a trailing comma
    aliases = []
    for part in parts:
        alias = _ALIAS.fullmatch(part)
        if alias is None or not _DOTTED.fullmatch(alias.group(1)):
            if part == "*" and dots is not None and not parenthesized and len(parts) == 1:
                aliases.append(("*", None))
                continue
            return None
        aliases.append((alias.group(1), alias.group(2)))
    if dots is None:  # import a.b [as c], d
        if parenthesized or any(name in ("from", "import", "as") for name, _ in aliases):
            return None
        return [(-1, name, ((name, asname),)) for name, asname in aliases]
    if (module is not None and not _DOTTED.fullmatch(module)) or (not dots and module is None):
        return None
    if any("." in name for name, _ in aliases):
        return None
    return [(len(dots), module, tuple(aliases))]
