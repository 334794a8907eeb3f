"""The project's other modules, parsed once per process for every codemod that reads them.

A codemod whose decision depends on the rest of the project reads other modules (through
``ctx.read_file``, so the result cache records what it read) and parses them: the module an
import names, the app next to a module, every module that may set a config key. The same
few modules are read for every file of a project, by several codemods. Each text is parsed
here once per process, whoever asks:

- ``python_tree(text)``: the standard library's AST (None when it does not parse; its nodes
  in ``ast.walk``'s order, walked once: ``walked(tree)``), and
  ``python_fact(text, name, derive)``: what a codemod derives from that tree alone, once;
  ``tree_fact(tree, name, derive)`` the same for a tree kept here, found by the tree itself
  (the engine takes a module's tree from here when a gate parsed it for another file:
  ``known_python_tree``), and for the few newest trees asked about that are not kept here
  (the engine's own compile of the file at hand, which gates and codemods ask about many
  times over);
- ``libcst_module(text)``: a LibCST wrapper of the freshly parsed tree (its nodes unique,
  metadata resolved on it kept for the next asker), and a dict for what a codemod derives
  from that text alone (keyed by a name of its choosing); None when LibCST cannot read it.
  The engine borrows the tree kept for the text of the file it transforms instead of parsing
  it again (``borrow_libcst_module``, ``give_back``), and, where none was kept, lends its own
  parse once the transform is over, where the budget has room (``keep_engine_parse``): a
  module the project's other files read is often one the engine transformed first.

What a codemod derives that holds none of the tree's nodes (names, numbers, lines, strings:
a "plain" fact) may outlive the tree: ``plain_fact(text, name, derive)`` keeps it by the text
(within ``PLAIN_FACT_CHARS`` characters of text, which the process keeps anyway:
tool/file_texts.py) after the tree is dropped to make room, and ``plain_tree_fact(tree, name,
derive)`` keeps it with any tree while the tree lives (a file's own tree, which is not kept
here, too). A project analysis that looks at every module of a large project for each of its
questions then derives each module's facts once per run, not once per question, and parses a
module only for a fact not derived yet.

Keyed by the text itself, so a changed file is parsed again and two files with the same text
share one tree. Trees are never changed and metadata is only read, so sharing them changes
no result; what a codemod derives from other files (which it reads through its own context)
stays with that codemod. The newest are kept within a budget of characters per kind (a
stdlib AST takes about 35 bytes per character of source, a LibCST tree with its metadata
about 130): about 35 MB and 130 MB at most. LibCST's trees are kept by that budget alone,
however many they are: a count of 32 made an app whose modules read more of the project
(bibi: 47 modules, 220,000 characters) parse them again and again (84 parses; the codemod
reading them 1.08 -> 0.75 s CPU there without the count, and the whole run's peak 117 -> 110
MB: less garbage; the largest apps' peaks unchanged, README "Performance").

A LibCST parse of a long text needs far more memory than the tree it gives: its native
parser's tokens and intermediate tree, about 350 bytes per character of source, freed when it
returns (measured on a 330,000-character module: 120 MB, for a tree of about 10). Before the
engine parses a text of ``LONG_TEXT_CHARS`` or more, ``make_room_for_parse`` drops what is kept
here and collects the garbage cycles waiting for the collector, so that the peak of that parse
is not added to a full budget (the next asker parses again, with the same answers). It
frees less than they held (what the native parser takes is other memory than the Python
objects freed): measured, pybossa alone at ``-j 1`` 256 → 246 MB at its peak, the largest
worker of the real-world batch 296 → 276 MB. The engine parses a text of ``APART_CHARS`` or more in a
process of its own (tool/parse_apart.py): here it only unpickles it, into what the dropped
trees left.
"""

from __future__ import annotations

import ast
import warnings
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable

from ._kept_per_file import dropped_after_each_file

if TYPE_CHECKING:  # LibCST is imported when first needed (gates ask for stdlib trees only)
    from libcst.metadata import MetadataWrapper

PYTHON_TREE_CHARS = 1_000_000
LONG_TEXT_CHARS = 100_000
LIBCST_CHARS = 1_000_000
PLAIN_FACT_CHARS = 16_000_000


class _Kept:
    """The newest values by text, within ``chars`` characters of text and ``count`` entries
    (None: as many as the characters allow)."""

    def __init__(self, chars: int, count: int | None) -> None:
        self.chars = chars
        self.count = count
        self.values: OrderedDict[str, Any] = OrderedDict()
        self.kept_chars = 0

    def get(self, text: str) -> tuple[bool, Any]:
        values = self.values
        if text in values:
            values.move_to_end(text)
            return True, values[text]
        return False, None

    def put(self, text: str, value: Any) -> None:
        values = self.values
        if text in values:
            self.dropped(values.pop(text))
            self.kept_chars -= len(text)
        values[text] = value
        self.kept_chars += len(text)
        while len(values) > 1 and (self.kept_chars > self.chars or self.count is not None and len(values) > self.count):
            old_text, old_value = values.popitem(last=False)
            self.kept_chars -= len(old_text)
            self.dropped(old_value)

    def put_where_room(self, text: str, value: Any) -> None:
        """Keep ``value`` for ``text`` (not kept yet) only where the budget has room for it,
        pushing nothing out, and as the oldest: the first dropped when another comes."""
        values = self.values
        if text in values or self.count is not None and len(values) >= self.count or self.kept_chars + len(text) > self.chars:
            return
        values[text] = value
        values.move_to_end(text, last=False)
        self.kept_chars += len(text)

    def take(self, text: str) -> Any:
        """The value kept for ``text`` (which must be kept), kept no longer."""
        self.kept_chars -= len(text)
        value = self.values.pop(text)
        self.dropped(value)
        return value

    def dropped(self, value: Any) -> None:
        """``value`` is no longer kept."""

    def clear(self) -> None:
        self.values.clear()
        self.kept_chars = 0


class _KeptTrees(_Kept):
    """``_Kept`` of ``(tree, facts)`` (or None), each also found by its tree (``by_tree``:
    by ``id``, which cannot be reused while the tree is kept)."""

    def __init__(self, chars: int, count: int | None) -> None:
        super().__init__(chars, count)
        self.by_tree: dict[int, dict[str, Any]] = {}

    def put(self, text: str, value: Any) -> None:
        super().put(text, value)
        if value is not None:
            self.by_tree[id(value[0])] = value[1]

    def dropped(self, value: Any) -> None:
        if value is not None:
            del self.by_tree[id(value[0])]

    def clear(self) -> None:
        super().clear()
        self.by_tree.clear()


_PYTHON_TREES = _KeptTrees(PYTHON_TREE_CHARS, 100_000)
_LIBCST_MODULES = _Kept(LIBCST_CHARS, None)  # by size alone: what a tree takes is its text's length
_PLAIN_BY_TEXT = _Kept(PLAIN_FACT_CHARS, 200_000)  # text -> {name: plain fact}
_PLAIN_BY_TREE: weakref.WeakKeyDictionary[ast.Module, dict[str, Any]] = weakref.WeakKeyDictionary()


def python_tree(text: str) -> ast.Module | None:
    """The standard library's AST of ``text``; None when it does not parse."""
    parsed = _python_parsed(text)
    return parsed[0] if parsed is not None else None


def python_fact(text: str, name: str, derive: Callable[[ast.Module], Any]) -> Any:
    """``derive(tree)`` of ``text``'s standard-library tree, computed once per text and
    ``name`` (``derive`` must read that tree alone, and its answer is shared: not to be
    changed); None when ``text`` does not parse."""
    parsed = _python_parsed(text)
    if parsed is None:
        return None
    tree, facts = parsed
    if name not in facts:
        facts[name] = derive(tree)
    return facts[name]


def tree_fact(tree: ast.Module, name: str, derive: Callable[[ast.Module], Any]) -> Any:
    """``derive(tree)``, computed once per ``name`` while ``tree`` is kept here (as
    ``python_fact``). A tree not kept here (the engine's own compile of the file it
    transforms) keeps its facts too while it is one of the ``RECENT_TREES`` newest asked
    about: the gates and the codemod ask about the file at hand many times over (once per
    view, once per name read), each time for the same answer."""
    facts = _PYTHON_TREES.by_tree.get(id(tree))
    if facts is None:
        facts = _recent_facts(tree)
    if name not in facts:
        facts[name] = derive(tree)
    return facts[name]


def plain_fact(text: str, name: str, derive: Callable[[ast.Module], Any]) -> Any:
    """``python_fact`` of a fact that holds no node of the tree (names, numbers, lines,
    strings): computed once per text and ``name`` while the text is kept here, whether its
    tree still is or not (a dropped tree is parsed again only for a fact not derived yet);
    None when ``text`` does not parse."""
    known, facts = _PLAIN_BY_TEXT.get(text)
    if known and name in facts:
        return facts[name]
    parsed = _python_parsed(text)
    if parsed is None:
        if text in _PYTHON_TREES.values:  # no Python (not a parse too deep for this stack)
            _plain_facts_of(text)[name] = None
        return None
    tree = parsed[0]
    of_tree = _PLAIN_BY_TREE.get(tree)
    if not known:  # (the facts its tree was given so far, if any)
        facts = of_tree if of_tree is not None else {}
        _PLAIN_BY_TEXT.put(text, facts)
    if of_tree is None:
        _PLAIN_BY_TREE[tree] = facts
    if name not in facts:
        facts[name] = derive(tree)
    return facts[name]


def plain_tree_fact(tree: ast.Module, name: str, derive: Callable[[ast.Module], Any]) -> Any:
    """``derive(tree)`` of a fact that holds no node of ``tree`` (as ``plain_fact``), computed
    once per ``name`` while ``tree`` lives, kept here or not (kept by its text too when the
    tree is one ``plain_fact`` parsed)."""
    facts = _PLAIN_BY_TREE.get(tree)
    if facts is None:
        facts = _PLAIN_BY_TREE[tree] = {}
    if name not in facts:
        facts[name] = derive(tree)
    return facts[name]


def _plain_facts_of(text: str) -> dict[str, Any]:
    known, facts = _PLAIN_BY_TEXT.get(text)
    if not known:
        facts = {}
        _PLAIN_BY_TEXT.put(text, facts)
    return facts


def walked(tree: ast.AST) -> list[ast.AST]:
    """``ast.walk(tree)`` as a list (the same nodes in the same order), walked once while
    ``tree`` is kept here (``tree_fact``), so that the questions several analyses ask of
    one module's nodes cost one walk between them (a tree not kept here: while it is one of
    the newest asked about, as ``tree_fact`` says)."""
    return tree_fact(tree, "every node", _every_node)  # type: ignore[arg-type]


def _every_node(tree: ast.AST) -> list[ast.AST]:
    return list(ast.walk(tree))


RECENT_TREES = 2
# id(tree) -> (tree, its facts), newest last; the tree is held, so its id is not reused
_RECENT: OrderedDict[int, tuple[ast.Module, dict[str, Any]]] = OrderedDict()
dropped_after_each_file(_RECENT.clear)  # (the trees of the file at hand: codemods/_kept_per_file.py)


def _recent_facts(tree: ast.Module) -> dict[str, Any]:
    """The facts kept for ``tree``, a tree not kept in ``_PYTHON_TREES``, among the newest
    ``RECENT_TREES`` asked about (the oldest dropped)."""
    key = id(tree)
    held = _RECENT.get(key)
    if held is not None and held[0] is tree:
        _RECENT.move_to_end(key)
        return held[1]
    facts: dict[str, Any] = {}
    _RECENT[key] = (tree, facts)
    while len(_RECENT) > RECENT_TREES:
        _RECENT.popitem(last=False)
    return facts


def known_python_tree(text: str) -> ast.Module | None:
    """The tree kept for ``text``, if any (nothing is parsed)."""
    known, parsed = _PYTHON_TREES.get(text)
    return parsed[0] if known and parsed is not None else None


def hold_at_hand(text: str, tree: ast.Module) -> None:
    """``tree`` is the engine's own compile of ``text``, the file it transforms: until that
    transform ends, whoever asks for ``text`` gets it (with the facts the file's questions
    kept with it) instead of a parse of its own. It is not kept past the file."""
    _AT_HAND[:] = [(text, tree)]


_AT_HAND: list[tuple[str, ast.Module]] = []
dropped_after_each_file(_AT_HAND.clear)


def _python_parsed(text: str) -> tuple[ast.Module, dict[str, Any]] | None:
    known, parsed = _PYTHON_TREES.get(text)
    if known:
        return parsed
    if _AT_HAND and _AT_HAND[0][0] == text:
        tree = _AT_HAND[0][1]
        return tree, _recent_facts(tree)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = (ast.parse(text), {})
    except RecursionError:  # too deep for the stack it was asked from: not kept
        return None
    except (SyntaxError, ValueError, MemoryError):
        parsed = None
    _PYTHON_TREES.put(text, parsed)
    return parsed


def libcst_module(text: str) -> tuple[MetadataWrapper, dict[str, Any]] | None:
    """(a wrapper of ``text``'s LibCST tree, what codemods derived from that text alone);
    None when LibCST cannot read it."""
    known, parsed = _LIBCST_MODULES.get(text)
    if known:
        return parsed
    import libcst as cst

    from . import _metadata

    try:
        parsed = (_metadata.new_wrapper(cst.parse_module(text), unique=True), {})
    except RecursionError:  # too deep for the stack it was asked from: not kept
        return None
    except Exception:  # not Python LibCST can read
        parsed = None
    _LIBCST_MODULES.put(text, parsed)
    return parsed


def borrow_libcst_module(text: str) -> Any:
    """The tree LibCST parsed of ``text`` and kept here (None when none is), taken out until
    ``give_back(text, borrowed)``: the engine transforms it as its own parse of the same text
    (freshly parsed, never changed). Whoever asks for ``text`` meanwhile gets a tree of its
    own (``libcst_module``: parsed again, as when none was kept), so no two askers share nodes."""
    if _LIBCST_MODULES.values.get(text) is None:  # none kept, or LibCST could not read it
        return None
    return _LIBCST_MODULES.take(text)


def give_back(text: str, borrowed: Any) -> None:
    """Keep ``borrowed`` (``borrow_libcst_module``'s) for ``text`` again, unless ``text`` was
    parsed meanwhile (nothing when nothing was borrowed)."""
    if borrowed is not None and text not in _LIBCST_MODULES.values:
        _LIBCST_MODULES.put(text, borrowed)


def keep_engine_parse(text: str, module: Any) -> None:
    """``module`` is the tree the engine parsed of ``text`` itself (none was kept), its
    transform over: the next codemod asking for ``text`` as another module gets it (in a
    wrapper of its own, as ``libcst_module`` gives one) instead of a parse of its own. It is
    kept only where the budget has room (it pushes out nothing another asker kept, and is the
    first dropped), and never for a text of ``LONG_TEXT_CHARS`` or more (the next long parse
    would drop it anyway)."""
    if len(text) >= LONG_TEXT_CHARS or text in _LIBCST_MODULES.values:
        return
    from . import _metadata

    _LIBCST_MODULES.put_where_room(text, (_metadata.new_wrapper(module, unique=True), {}))


def make_room_for_parse(text: str) -> None:
    """Before LibCST parses ``text`` (not one kept here): when it is long, drop every kept
    tree and collect the garbage cycles, so that the memory the parse needs for a moment is
    found among what they held (see the module's docstring)."""
    if len(text) < LONG_TEXT_CHARS:
        return
    import gc

    _forget_trees()  # (the plain facts hold no tree: they are kept)
    gc.collect()


def forget() -> None:
    """Drop every kept tree and fact (the next asker parses and derives afresh)."""
    _forget_trees()
    _AT_HAND.clear()
    _PLAIN_BY_TEXT.clear()
    _PLAIN_BY_TREE.clear()


def _forget_trees() -> None:  # (not the file at hand's: the engine holds it anyway)
    _PYTHON_TREES.clear()
    _LIBCST_MODULES.clear()
    _RECENT.clear()
