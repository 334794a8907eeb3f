"""dotenv-config: what each module of a project says, kept for the process, and what the
whole project says, merged from it once per project instead of once per transform.

Each module's facts (the names it reads from the environment, its configuration loaders,
and, asked only when a secret may move, whether it binds a reader of its own) are derived
from its text alone and kept with that text (``ModuleSays``). What the project says
(``ProjectSays``: every loader in the order of the listing, the modules reading each name,
the modules with a reader) is merged from those facts, and merged again only when a module's
text is not the one it was derived from.

A transform still reads every other module of the project through its own ``ctx.read_file``
before it is given the merged facts (``project_says``): what the project says depends on
every module (a module may add a loader, or a read of a name), so the result cache must record
them all for its entry, and a changed module is derived again, never served stale. That check
is made once per transform (the project gate's view and the transform's view share it), and
the transformed module itself is never read from disk: its own facts come from the text being
transformed (``ProjectView``).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._base import APPLICATION, PACKAGING, Context, code_kind, module_kind
from ._contract_records import ProjectFiles
from ._dotenv_config_env_reads import env_names_read
from ._dotenv_config_loaders import Loader, _loaders
from ._parsed_modules import python_tree
from ._project_memo import DerivedMemo

if TYPE_CHECKING:
    from ._dotenv_config_readers import TopLevel

# a loader's call; ``update`` / ``from_mapping`` only on something named ``config`` (``_loader``),
# maybe with closing parentheses, line continuations and comments before the dot (two patterns,
# each found by its literal start: one that starts with either searches ten times slower)
_LOADER_CALL = re.compile(r"\.\s*(?:from_object|from_pyfile|from_envvar|from_file|from_prefixed_env)\s*\(")
# (a comment runs to the end of its line, or to what ends the match on its line: written so that
# a text splits one way only, since a run of comment lines after ``config`` made the looser
# ``(?:[\s)\\]|#[^\n]*)*`` backtrack exponentially; the texts it matches are the same)
_CONFIG_UPDATE = re.compile(r"config(?:[\s)\\]|#[^\n]*\n)*(?:#[^\n]*)?\.\s*(?:update|from_mapping)\s*\(")
# the words a module that reads its environment through a library of its own spells
_READER_WORDS = ("environs", "decouple", "dynaconf")


def _read_config(path: str, text: str, environment: bool = True) -> tuple[frozenset[str] | None, tuple[Loader, ...]]:
    """The names the module at ``path`` reads from the environment (None: not derived,
    without ``environment``), and its loaders."""
    may_load = _LOADER_CALL.search(text) or _CONFIG_UPDATE.search(text)
    return env_names_read(text) if environment else None, _loaders(path, text) if may_load else ()


@dataclass
class ModuleSays:
    """What one module's text says (``text``): the names it reads from the environment (None:
    not derived yet), its loaders, and its own reader (derived when first asked)."""

    text: str
    names: frozenset[str] | None
    loaders: tuple[Loader, ...]
    _reader: tuple[TopLevel | None] | None = None

    def reader(self, path: str) -> TopLevel | None:
        """The module's top level, when it is application code that binds environs' ``Env()``
        or imports python-decouple or dynaconf; None otherwise."""
        if self._reader is None:
            self._reader = (_own_reader(path, self.text),)
        return self._reader[0]


def _own_reader(path: str, text: str) -> TopLevel | None:
    from ._dotenv_config_readers import top_level  # (asked only once a secret may move: imported then)

    if code_kind(path) not in (APPLICATION, PACKAGING):  # tests, examples: not how the app reads
        return None
    if not any(word in text for word in _READER_WORDS) or module_kind(path, text) != APPLICATION:
        return None
    theirs = top_level(python_tree(text))
    return theirs if theirs.environs or theirs.reader else None


@dataclass
class ProjectSays:
    """What every module of one listing (``files``) said, merged in the listing's order: each
    loader with the position of its module, and the positions of the modules that read each
    name from the environment. ``lacking``: the modules whose names were not derived."""

    files: tuple[str, ...]
    modules: tuple[tuple[int, ModuleSays], ...]
    loaders: tuple[tuple[int, Loader], ...]
    readers_of: dict[str, tuple[int, ...]]
    lacking: frozenset[str]
    _readers: list[tuple[int, TopLevel]] | None = field(default=None, repr=False)

    def own_readers(self) -> list[tuple[int, TopLevel]]:
        """``(position, top level)`` of the modules with a reader of their own, in order."""
        if self._readers is None:
            found = ((position, says.reader(self.files[position])) for position, says in self.modules)
            self._readers = [(position, theirs) for position, theirs in found if theirs is not None]
        return self._readers


def _merged(files: tuple[str, ...], kept: dict[str, ModuleSays]) -> ProjectSays:
    modules, loaders, lacking = [], [], set()
    readers_of: dict[str, list[int]] = {}
    for position, path in enumerate(files):
        says = kept.get(path)
        if says is None:
            continue
        modules.append((position, says))
        loaders.extend((position, loader) for loader in says.loaders)
        if says.names is None:
            lacking.add(path)
        else:
            for name in says.names:
                readers_of.setdefault(name, []).append(position)  # type: ignore[arg-type]
    return ProjectSays(
        files, tuple(modules), tuple(loaders), {name: tuple(at) for name, at in readers_of.items()}, frozenset(lacking)
    )


class _Table:
    """One project's modules (path -> ``ModuleSays``), the facts merged from them, and the
    paths read as each depth of the asking file spells them."""

    def __init__(self) -> None:
        self.modules: dict[str, ModuleSays] = {}
        self.merged: ProjectSays | None = None
        self.spelled: dict[str, tuple[str, ...]] = {}  # root -> root + path, per path of the listing


class _ModuleReads(DerivedMemo):
    """Each project's ``_Table``, for every view of the process, by its listing. Emptied with
    every memo (``forget_every_memo``), and a project's table once it holds ``_MODULES_KEPT``
    modules."""

    def of(self, project: int) -> _Table:
        found, kept = self.recall(project, _nothing_asked)  # kept with no reads: given until emptied
        if not found or len(kept.modules) >= _MODULES_KEPT:
            kept = _Table()
            self.keep(project, (), kept)
        return kept


def _nothing_asked(question: object, returned: object) -> bool:  # pragma: no cover - no reads are kept
    return False


_MODULES_KEPT = 4096
_READ = _ModuleReads()
# the facts a transform was given (its Context), with the listing and root they were checked for
_CHECKED: weakref.WeakKeyDictionary[Context, tuple[tuple[str, ...], str, ProjectSays]] = weakref.WeakKeyDictionary()


def project_says(ctx: Context, listing: ProjectFiles, root: str, environment: bool) -> ProjectSays:
    """What the project's modules other than ``listing.this`` say, as their texts are now,
    each read through ``ctx.read_file`` (``root + path``) once per transform; with the names
    they read from the environment when ``environment``."""
    files, this = listing.files, listing.this
    checked = _CHECKED.get(ctx)
    if checked is not None and (checked[0] is files or checked[0] == files) and checked[1] == root:
        says = checked[2]
        if not environment or says.lacking <= {this}:
            return says  # read and checked in this transform (its reads recorded): the same texts
    table = _READ.of(hash(files))
    spelled = table.spelled.get(root)
    if spelled is None:
        spelled = table.spelled[root] = tuple(root + path for path in files)
    kept, changed, read_file = table.modules, False, ctx.read_file
    for path, relative in zip(files, spelled):
        if path == this:
            continue
        text = read_file(relative)
        known = kept.get(path)
        if text is None:
            if known is not None:
                del kept[path]
                changed = True
            continue
        if known is None or not (known.text is text or known.text == text) or (environment and known.names is None):
            # not read yet, read otherwise, or kept by a view without the names read
            kept[path] = ModuleSays(text, *_read_config(path, text, environment))
            changed = True
    says = table.merged
    if changed or says is None or not (says.files is files or says.files == files):
        says = table.merged = _merged(files, kept)
    _CHECKED[ctx] = (files, root, says)
    return says
