"""http-timeout: module constants whose value code may change after their module binds them
(session 39).

An assertion of a mock's exact arguments cannot compare a call of another URL than the one it
names (_http_timeout_asserted_values) only where both URLs are sure. A name its module binds
once to a string is sure only while nothing else writes it, and other code can:

- from outside the module, by the attribute's name: a test or a conftest (``monkeypatch.
  setattr(blog, "POST_URL", ...)``, ``monkeypatch.setattr("shop.blog.POST_URL", ...)``,
  ``mock.patch.object(blog, "POST_URL", ...)``, ``patch("shop.blog.POST_URL", ...)``,
  ``patch.multiple(blog, POST_URL=...)``, ``patch.dict(blog.__dict__, {...})``), or any module
  (``blog.POST_URL = config[...]``, a tuple or loop target, ``setattr(blog, "POST_URL", ...)``,
  ``blog.__dict__["POST_URL"] = ...``). Which module such code writes is not resolved: a
  write of the name on any object but ``self``/``cls`` counts (``rebound_elsewhere``), the
  safe side. A write whose name is computed (``setattr(blog, name, value)``, ``vars(blog).
  update(...)``) on what may be a module (a name the writing module imports, ``sys.modules
  [...]``) may write any name: every constant of the project is then unsure;
- from inside it (``unsure_here``): a star import after the binding (it may bind the name
  again), a write through ``globals()`` (its literal key; any name for a computed key or
  ``globals().update(...)``). A ``global`` statement in a function is a second binding,
  which the readers of "bound once" already count.

A module that does not parse (Python 2) is read off its text, more broadly. Names no other
codemod's rule.
"""

from __future__ import annotations

import ast
import re
from typing import Any, Iterable

from ._http_timeout_node_kinds import of_kinds
from ._parsed_modules import plain_fact, plain_tree_fact
from ._project_answers import remembered
from ._project_view import MAX_MODULE_CHARS

# the functions that write an attribute named by a string (``setattr``, ``monkeypatch.setattr``,
# ``patch.object``, ``monkeypatch.setitem`` of a module's ``__dict__``) or by a dotted target
_BY_STRING = frozenset({"setattr", "object", "setitem"})
_ANY = "*"  # (in a module's writes: a name computed on what may be a module)
# a module that does not parse: an attribute written (not ``self.``/``cls.``), the strings and
# keywords of the calls that write by name, a computed write on a module's namespace
_ATTRIBUTE_WRITTEN = re.compile(r"(?<![\w.])(?!self\.|cls\.)[A-Za-z_][\w.]*\.([A-Za-z_]\w*)\s*(?:[-+*/%&|^@]|//|\*\*|<<|>>)?=(?!=)")
_WRITING_CALL = re.compile(r"\b(?:setattr|patch|setitem|multiple)\s*\(([^()]*)")
_QUOTED_NAME = re.compile(r"""['"]([A-Za-z_][\w.]*)['"]""")
_KEYWORD = re.compile(r"\b([A-Za-z_]\w*)\s*=(?!=)")
_NAMESPACE = re.compile(r"__dict__|\bvars\s*\(")


class Rebinding:
    """Which names the project's code writes from outside their module, read through
    ``reader`` (a Context, or a derivation's ``ProjectReads``); each name asked once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._known: dict[str, bool] = {}

    def rebound_elsewhere(self, names: Iterable[str]) -> bool:
        """Whether code of the project may write one of ``names`` on a module (see the
        module's docstring)."""
        return any(self._rebound(name) for name in names)

    def _rebound(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = self._scan(name)
        return self._known[name]

    def _scan(self, name: str) -> bool:
        listing = self._reader.project_files()
        for path in listing.files if listing is not None else ():
            text = self._reader.read_file(listing.relative(path))
            if not text or (name not in text and not _computed_hint(text)):
                continue
            written = writes_of(text)
            if name in written or _ANY in written:
                return True
        return False


def _computed_hint(text: str) -> bool:
    """Whether the module may write a name it computes (what ``_ANY`` stands for)."""
    return "setattr" in text or "setitem" in text or "__dict__" in text or "vars(" in text


def writes_of(text: str) -> frozenset[str]:
    """The attribute names the module ``text`` writes on objects other than ``self``/``cls``
    (``_ANY`` among them: a computed name on what may be a module)."""
    if len(text) > MAX_MODULE_CHARS:
        return frozenset({_ANY})
    parsed = plain_fact(text, "http-timeout attributes written", _writes)
    return parsed if parsed is not None else _writes_off_the_text(text)


def _writes(tree: ast.Module) -> frozenset[str]:
    imported = _imported_names(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.add(node.attr)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _namespace_of(node.value, imported):
            found.add(_literal(node.slice) or _ANY)
        elif isinstance(node, ast.Call):
            found.update(_written_by_call(node, imported))
    return frozenset(found)


def _written_by_call(call: ast.Call, imported: frozenset[str]) -> set[str]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    args = call.args
    if name in _BY_STRING and args:
        first = _literal(args[0])
        if first is not None:  # monkeypatch.setattr("pkg.mod.NAME", value)
            return {first.rsplit(".", 1)[-1]}
        written = _literal(args[1]) if len(args) >= 2 else None  # (owner, "NAME", value)
        if written is not None:
            return {written}
        return {_ANY} if _may_be_a_module(args[0], imported) or _namespace_of(args[0], imported) else set()
    if name == "patch" and args:
        target = _literal(args[0])
        return {target.rsplit(".", 1)[-1]} if target else set()
    if name == "multiple":
        return {keyword.arg for keyword in call.keywords if keyword.arg} | ({_ANY} if any(k.arg is None for k in call.keywords) else set())
    if name == "dict" and args and (_namespace_of(args[0], imported) or (_literal(args[0]) or "").endswith("__dict__")):
        given = args[1] if len(args) > 1 else None
        keys = [_literal(key) if key is not None else None for key in given.keys] if isinstance(given, ast.Dict) else [None]
        return {key or _ANY for key in keys} | {keyword.arg or _ANY for keyword in call.keywords if keyword.arg != "clear"}
    if name in ("update", "setdefault", "__setitem__") and isinstance(func, ast.Attribute) and _namespace_of(func.value, imported):
        return {_ANY}
    return set()


def _namespace_of(node: ast.expr, imported: frozenset[str]) -> bool:
    """``x.__dict__`` or ``vars(x)``, ``x`` what may be a module (not an instance's own)."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return _may_be_a_module(node.value, imported)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars" and node.args:
        return _may_be_a_module(node.args[0], imported)
    return False


def _may_be_a_module(node: ast.expr, imported: frozenset[str]) -> bool:
    """A name the module imports (or an attribute of one: ``pkg.blog``), or ``sys.modules[...]``."""
    while isinstance(node, ast.Attribute):
        node = node.value
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Attribute) and node.value.attr == "modules"
    return isinstance(node, ast.Name) and node.id in imported


def _imported_names(tree: ast.Module) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name.split(".")[0]) for alias in node.names)
    return frozenset(names)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _writes_off_the_text(text: str) -> frozenset[str]:
    found = {match.group(1) for match in _ATTRIBUTE_WRITTEN.finditer(text)}
    for match in _WRITING_CALL.finditer(text):
        arguments = match.group(1)
        found.update(string.rsplit(".", 1)[-1] for string in _QUOTED_NAME.findall(arguments))
        found.update(_KEYWORD.findall(arguments))
    if _NAMESPACE.search(text) or re.search(r"setattr\s*\(\s*(?!self\b|cls\b)[\w.\[\]]+\s*,\s*(?!['\"])", text):
        found.add(_ANY)
    return frozenset(found)


# what ``unsure_here`` reads of the module's one walk (_http_timeout_node_kinds)
_REBINDING_KINDS = (ast.Name, ast.Subscript, ast.Call)


def unsure_here(tree: ast.Module) -> frozenset[str] | None:
    """The names the module ``tree`` may bind again otherwise than by a statement that names
    them: those bound before its last star import, and the literal keys it writes through
    ``globals()``; None (any name) for a computed key or ``globals().update(...)``."""
    stars = [node.lineno for node in of_kinds(tree, ast.ImportFrom) if any(alias.name == "*" for alias in node.names)]
    last_star = max(stars, default=0)
    found: set[str] = set()
    for node in of_kinds(tree, _REBINDING_KINDS):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.lineno < last_star:
            found.add(node.id)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _is_globals(node.value):
            key = _literal(node.slice)
            if key is None:
                return None
            found.add(key)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_globals(node.func.value):
            if node.func.attr in ("update", "setdefault", "__setitem__"):
                return None
    return frozenset(found)


def _is_globals(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals" and not node.args


def written_otherwise(ctx: Any, tree: ast.Module | None, names: frozenset[str]) -> bool:
    """Whether code may write one of ``names``, which the module ``tree`` (the one ``ctx``
    transforms) binds once at its top level: its own code otherwise than by a statement that
    names them, or code elsewhere in the project (kept per project and name)."""
    if not names:
        return False
    unsure = plain_tree_fact(tree, "http-timeout names bound again unnamed", unsure_here) if tree is not None else None
    if unsure is None or names & unsure:
        return True
    return any(
        remembered(ctx, ("http-timeout: names written from outside their module", name), lambda reader, name=name: Rebinding(reader).rebound_elsewhere((name,)))
        for name in sorted(names)
    )
