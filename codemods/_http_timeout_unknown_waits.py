"""http-timeout: the waits a module gives its HTTP calls that no number can be read from.

The first rule of the codemod: never write a wait shorter than one the program gives its HTTP
calls. So it must know when it cannot see them all. A wait is read here however the module
hands it to a call (``may_be_http``, or a call by a name a wrapper of the project may have):

- a ``timeout=`` keyword (any keyword named like a wait): a number (a module constant, a
  pair by its larger part, a setting's default), ``None``, a parameter of a function of the
  module (its callers give it: their waits are read where they are given), a name imported
  from another module (read there: _http_timeout_configured), or a name or an attribute
  every binding of which in the module is one of those (``self.timeout = 30``);
  a configuration read without a default (``app.config["HTTP_TIMEOUT"]``) or any other
  call's answer has no length that can be read;
- a ``**`` mapping (``requests.get(url, **opts)``): what it may carry is read from every
  binding and change of it in its function (or module): a dict display or ``dict(...)`` with
  string keys, ``opts["timeout"] = ...``, ``opts.setdefault("timeout", ...)``,
  ``opts.update(timeout=...)``; a wrapper's own ``**kwargs`` carries what its callers give
  (read there) and those changes, and so does a copy of it (``dict(kwargs)``, a filtered
  one: _http_timeout_copied_mappings). Anything else (a mapping bound to a call, copied, handed
  to a function but one that only shows it, a logger's: _http_timeout_shown_mappings, an
  attribute's) may carry any timeout: of a call the module proves an HTTP
  call (not one only named like a request: ``signal.send(**claims)``);
- a ``functools.partial`` of an HTTP function is a call of it (_http_timeout_client_calls).

Anything else — a name or attribute bound nowhere in the module or also otherwise
(``self.timeout`` of a base class, a loop's variable), an expression — is a wait of unknown
length: ``module_unknown_waits`` names the calls given one. Numbers read through a name or a
mapping are told too (``module_mapping_numbers``): they count as the module's waits.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ._http_timeout_bound_reads import ImportedName, imported_names
from ._http_timeout_client_calls import REQUEST_METHOD_NAMES, client_calls
from ._http_timeout_copied_mappings import copied_parameter, spelled_keys
from ._http_timeout_default import (
    MILLISECOND_LIBRARIES,
    callee_name,
    gives_waits,
    is_wait_name,
    reads_for_ever,
    seconds_of,
    wait_constants,
)
from ._ast_facts import facts
from ._ast_walk import functions_around
from ._parsed_modules import plain_tree_fact
from ._http_timeout_node_kinds import of_kinds
from ._http_timeout_shown_mappings import only_shows

_KNOWN = "known"  # read elsewhere: a keyword's own number, a parameter, an imported name, None
_OPAQUE = "opaque"  # a mapping that may carry anything: a wait of unknown length for a proven HTTP call
_MAPPING_READS = frozenset({"get", "copy", "items", "keys", "values", "pop", "__contains__"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# what ``_Reader._index`` reads: parameters, a class's attributes, bindings of names and attributes
_INDEXED = (
    *_FUNCTIONS, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.AugAssign, ast.For, ast.AsyncFor,
    ast.comprehension, ast.With, ast.AsyncWith, ast.Import, ast.ImportFrom,
)

# line, callee, proven, seconds (None: unknown; a name: another module's), spelling
Wait = tuple[int, "str | None", bool, "float | str | None", str]


def module_unknown_waits(tree: ast.Module) -> tuple[tuple[int, str | None, bool, str], ...]:
    """``(line, callee, proven, spelling)`` of the calls of ``tree`` given a wait of unknown
    length (see the module's docstring), callee and proven as in
    _http_timeout_default.module_configured_waits."""
    return tuple((line, callee, proven, spelled) for line, callee, proven, seconds, spelled in _waits(tree) if seconds is None)


def module_mapping_numbers(tree: ast.Module) -> tuple[tuple[float, bool], ...]:
    """``(seconds, proven)`` of the numbers ``tree`` gives its HTTP calls through a name, an
    attribute or a ``**`` mapping (not a keyword's own number: _http_timeout_default reads
    those)."""
    return tuple((seconds, proven) for _, callee, proven, seconds, _ in _waits(tree) if isinstance(seconds, float) and callee is None)


def module_imported_through(tree: ast.Module) -> tuple[tuple[int, str | None, bool, str], ...]:
    """``(line, callee, proven, name)`` of the calls of ``tree`` given, through a name or a
    ``**`` mapping, a name of another module (``opts = dict(timeout=settings.HTTP_TIMEOUT)``):
    its name there, read as _http_timeout_configured reads a keyword's own."""
    return tuple((line, callee, proven, name) for line, callee, proven, name, _ in _waits(tree) if isinstance(name, ImportedName))


def _waits(tree: ast.Module) -> list[Wait]:
    return plain_tree_fact(tree, "http-timeout waits of unknown length", _find_waits)


def _find_waits(tree: ast.Module) -> list[Wait]:
    found_facts = facts(tree)
    if any(found_facts.imports(library) for library in MILLISECOND_LIBRARIES):
        return []
    candidates = [
        call
        for call in found_facts.calls
        if any(keyword.arg is None or is_wait_name(keyword.arg) for keyword in call.keywords) and gives_waits(call)
    ]
    if not candidates:
        return []
    http = client_calls(tree)
    reader = _Reader(tree)
    found: list[Wait] = []
    for call in candidates:
        callee = None if http.may_be_http(call) else callee_name(call.func)
        if callee == "" or callee in REQUEST_METHOD_NAMES or callee == "partial":
            continue
        proven = callee is None and http.is_http(call)
        for keyword in call.keywords:
            if keyword.arg is not None and not is_wait_name(keyword.arg):
                continue
            if keyword.arg is None:
                values = list(reader.mapping_waits(keyword.value, call))
            else:
                values = list(reader.values(keyword.value, direct=True))
            for value in values:
                if value is _OPAQUE:  # on a call not proven HTTP, a mapping is no known wait
                    value = None if proven else _KNOWN
                if value is None or isinstance(value, (float, ImportedName)):
                    found.append((call.lineno, callee, proven, value, _spelled(keyword)))
    return sorted(found, key=lambda wait: wait[0])


def _spelled(keyword: ast.keyword) -> str:
    text = ast.unparse(keyword.value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"**{text}" if keyword.arg is None else f"{keyword.arg}={text}"


class _Reader:
    """What the waits of one module are."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.constants = wait_constants(tree)
        self.imported = imported_names(tree)
        self.parameters: set[str] = set()
        self.mappings: set[str] = set()  # the names of ``**`` parameters
        self.bindings: dict[tuple[str, str], list[ast.AST | None]] = {}  # None: bound otherwise
        self._index()

    def enclosing(self, node: ast.AST) -> ast.AST | None:
        """The innermost function or lambda ``node`` is in (None: none); read off the module's
        ``functions_around``, asked only for a call handed a ``**`` mapping by its name."""
        around = functions_around(self.tree).get(id(node))
        return around[-1] if around else None

    def _index(self) -> None:
        for node in of_kinds(self.tree, _INDEXED):
            if isinstance(node, _FUNCTIONS):
                arguments = node.args
                for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg):
                    if argument is not None:
                        self.parameters.add(argument.arg)
                if arguments.kwarg is not None:
                    self.mappings.add(arguments.kwarg.arg)
            elif isinstance(node, ast.ClassDef):
                for statement in node.body:  # a class attribute, read as self.name
                    for target, value in _assigned(statement):
                        if isinstance(target, ast.Name):
                            self._bind(("attribute", target.id), value)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
                for target, value in _assigned(node):
                    self._bind(_key(target), value)
            elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension)):
                for target in ast.walk(node.target):
                    if isinstance(target, (ast.Name, ast.Attribute)):
                        self._bind(_key(target), None)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    for target in ast.walk(item.optional_vars) if item.optional_vars is not None else ():
                        if isinstance(target, (ast.Name, ast.Attribute)):
                            self._bind(_key(target), None)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self._bind(("name", (alias.asname or alias.name).split(".")[0]), None)

    def _bind(self, key: tuple[str, str] | None, value: ast.AST | None) -> None:
        if key is not None:
            self.bindings.setdefault(key, []).append(value)

    # -- a wait's value ------------------------------------------------------------------------
    def values(self, value: ast.AST, direct: bool = False, seen: frozenset = frozenset()) -> Iterator[float | str | None]:
        """What a wait's ``value`` may be: a number (float), ``_KNOWN`` (read elsewhere) or
        None (no number can be read). A keyword's own number (``direct``) is read elsewhere."""
        seconds = seconds_of(value, self.constants)
        if seconds is not None:  # a setting's default too: what the call waits until one is configured
            yield _KNOWN if direct else float(seconds)
            return
        if reads_for_ever(value):
            yield _KNOWN  # reported as it is
            return
        imported = self.imported(value)
        if imported is not None:  # read in its module; a keyword's own by module_imported_waits
            yield _KNOWN if direct else imported
            return
        if not self._handed_by_callers(value) and any(isinstance(node, (ast.Call, ast.Subscript)) for node in ast.walk(value)):
            yield None  # a configuration read (_http_timeout_default.reads_configuration), a call's answer
            return
        if self._handed_by_callers(value):
            yield _KNOWN  # ``kwargs.pop("timeout", None)``: what a caller of the wrapper gives
            return
        if isinstance(value, ast.Tuple):  # (connect, read)
            for part in value.elts:
                yield from self.values(part, seen=seen)
            return
        if isinstance(value, ast.BoolOp):
            for part in value.values:
                yield from self.values(part, seen=seen)
            return
        if isinstance(value, ast.IfExp):
            yield from self.values(value.body, seen=seen)
            yield from self.values(value.orelse, seen=seen)
            return
        if not isinstance(value, (ast.Name, ast.Attribute)):
            yield None
            return
        key = _key(value)
        if isinstance(value, ast.Name) and value.id in self.parameters:
            yield _KNOWN  # its callers give it
        bound = self.bindings.get(key, []) if key not in seen else []
        if not bound and not (isinstance(value, ast.Name) and value.id in self.parameters):
            yield None  # bound nowhere here (a base class's attribute, a global of another module)
        for held in bound:
            if held is None:
                yield None
            else:
                yield from self.values(held, seen=seen | {key})

    def _handed_by_callers(self, value: ast.AST) -> bool:
        """``kwargs.get("timeout")``, ``kwargs.pop("timeout", None)``, ``kwargs["timeout"]`` of a
        ``**`` parameter: what the wrapper's callers give (read where they call it)."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in ("get", "pop"):
            owner = value.func.value
            rest = value.args[1:]
            return _is_any_name(owner, self.mappings) and all(isinstance(part, ast.Constant) and part.value is None for part in rest)
        return isinstance(value, ast.Subscript) and _is_any_name(value.value, self.mappings)

    # -- a ``**`` mapping ------------------------------------------------------------------------
    def mapping_waits(self, mapping: ast.AST, call: ast.Call) -> Iterator[float | str | None]:
        """What waits the ``**`` ``mapping`` handed to ``call`` may carry (see the module's docstring)."""
        if isinstance(mapping, ast.Dict):
            yield from self._display(mapping, self.enclosing(call))
            return
        if not isinstance(mapping, ast.Name):
            yield _OPAQUE
            return
        function = self.enclosing(call)
        scope = function if function is not None and _binds_locally(function, mapping.id) else self.tree
        bindings = [value for _, value in _scope_bindings(scope, mapping.id)]
        if not bindings and not (scope is function and _is_parameter(function, mapping.id)):  # a parameter: the callers'
            yield _OPAQUE  # bound nowhere here
            return
        for value in bindings:
            if scope is function and (copied := copied_parameter(value, function)) is not None:
                yield from self._changes(scope, copied)  # the callers' keywords, and what the function writes into them
            elif isinstance(value, ast.Dict):
                yield from self._display(value, function if scope is function else None)
            elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" and not value.args:
                yield from self._keywords(value.keywords)
            else:
                yield _OPAQUE  # a call's answer, a copy, a parameter's default ...
        yield from self._changes(scope, mapping.id)

    def _display(self, display: ast.Dict, function: ast.AST | None = None) -> Iterator[float | str | None]:
        for key, value in zip(display.keys, display.values):
            spelled = spelled_keys(key) if key is not None else None
            if key is None and (copied := copied_parameter(value, function)) is not None:
                yield from self._changes(function, copied)  # a copy of the callers' keywords (_http_timeout_copied_mappings)
            elif spelled is None:
                yield _OPAQUE  # ``**other`` or a key not spelled
            elif any(is_wait_name(each) for each in spelled):
                yield from self.values(value)

    def _keywords(self, keywords: list[ast.keyword]) -> Iterator[float | str | None]:
        for keyword in keywords:
            if keyword.arg is None:
                yield _OPAQUE
            elif is_wait_name(keyword.arg):
                yield from self.values(keyword.value)

    def _changes(self, scope: ast.AST, name: str) -> Iterator[float | str | None]:
        """What the uses of the mapping ``name`` in ``scope`` give it."""
        for node in ast.walk(scope):
            if isinstance(node, ast.Subscript) and _is_name(node.value, name) and isinstance(node.ctx, ast.Store):
                key = node.slice
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    yield _OPAQUE
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and _is_name(target.value, name):
                        key = target.slice
                        if isinstance(key, ast.Constant) and isinstance(key.value, str) and is_wait_name(key.value):
                            yield from self.values(node.value)
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and _is_name(func.value, name):
                    if func.attr == "update":
                        yield from self._keywords(node.keywords)
                        for argument in node.args:
                            yield from self._display(argument) if isinstance(argument, ast.Dict) else iter([_OPAQUE])
                    elif func.attr == "setdefault" and node.args:
                        key = node.args[0]
                        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                            yield _OPAQUE
                        elif is_wait_name(key.value) and len(node.args) > 1:
                            yield from self.values(node.args[1])
                    elif func.attr not in _MAPPING_READS:
                        yield _OPAQUE  # a change not read here
                elif not only_shows(node) and copied_parameter(node, scope) != name and (
                    any(_is_name(argument, name) for argument in node.args)
                    or any(keyword.arg is not None and _is_name(keyword.value, name) for keyword in node.keywords)
                ):
                    yield _OPAQUE  # handed to a function: it may give it anything (not a logger's message)


def _assigned(node: ast.AST) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    """``(target, value)`` of an assignment; a target unpacked from anything but a display
    of as many parts is bound otherwise (None)."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _pairs(target, node.value)
    elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
        yield node.target, node.value


def _pairs(target: ast.AST, value: ast.AST | None) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    if isinstance(target, (ast.Tuple, ast.List)):
        same = isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
        for index, part in enumerate(target.elts):
            yield from _pairs(part, value.elts[index] if same else None)  # type: ignore[union-attr]
    elif isinstance(target, ast.Starred):
        yield from _pairs(target.value, None)
    elif isinstance(target, (ast.Name, ast.Attribute)):
        yield target, value


def _key(node: ast.AST) -> tuple[str, str] | None:
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Attribute):
        return ("attribute", node.attr)
    return None


def _is_any_name(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_parameter(function: ast.AST, name: str) -> bool:
    arguments = function.args  # type: ignore[attr-defined]
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
    return any(argument is not None and argument.arg == name for argument in every)


def _binds_locally(function: ast.AST, name: str) -> bool:
    """Whether ``function`` binds ``name`` itself (a parameter, an assignment)."""
    if _is_parameter(function, name):
        return True
    return any(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) for node in ast.walk(function))


def _scope_bindings(scope: ast.AST, name: str) -> list[tuple[ast.AST, ast.AST | None]]:
    """The bindings of the name ``name`` in ``scope``: its assignments' values (None: bound
    otherwise, as a loop's variable or an import)."""
    found: list[tuple[ast.AST, ast.AST | None]] = []
    for node in ast.walk(scope):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            found += [(target, value) for target, value in _assigned(node) if _is_name(target, name)]
        elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.With, ast.AsyncWith)):
            targets = [node.target] if not isinstance(node, (ast.With, ast.AsyncWith)) else [i.optional_vars for i in node.items]
            if any(_is_name(inner, name) for target in targets if target is not None for inner in ast.walk(target)):
                found.append((node, None))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name).split(".")[0] == name for alias in node.names):
                found.append((node, None))
    return found
