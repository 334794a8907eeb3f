"""The call rules of cache-views' scan: what each call in a view (or a helper) is, and whether it is known to
be read-only and deterministic.

A call is judged by what it calls: a catalogued name (``_cache_views_catalog``), a function or class of the
project (followed), or a method of a value whose ``Kind`` is known (a string the code built, a database query, an
open file). Whatever is not known is refused. The rules also say what a call returns (its ``Kind``), so that
``rows = Post.query.all()`` makes ``rows`` rows of a query, and ``f = open(...)`` makes ``f`` a file.
"""

from __future__ import annotations

import re

import libcst as cst

from ._cache_views_kinds import (
    APP, CACHE, CLASS, COLUMN, CONNECTION, DB, FILE, FUNCTION, INSTANCE, LIBRARY, MODULE, OTHER, PARAM, QUERY,
    SESSION, VALUE, Kind,
)
from ._cache_views_catalog import (
    CACHE_DECORATOR_METHODS, CHANGING, COLUMN_METHODS, CONNECT_CALLS, CONTAINER_METHODS, EFFECT, FILE_METHODS, HELD,
    HELD_PURE_CALLS, OPEN_CALLS, PURE_BASES, QUERY_METHODS, RENDER_TEMPLATE, RENDER_TEMPLATE_STRING, REQUEST,
    OUTSIDE_APP, REQUEST_NAMES, RESPONSE, RESPONSE_CLASSES, RUNTIME_FILE, SKIPPED, SPECIFIC, THEME_RENDER, THEME_RENDERS, UNKNOWN,
    URL_FOR, VALUE_METHODS, Problem, is_costly, is_pure, named_reason, says_write,
)
from ._cache_views_cost import passes_only_given
from ._cache_views_project import Definition
from ._cache_views_unpassed import unpassed_problem
from ._names import dotted_name

_SQL_WRITE = re.compile(
    r"\b(insert|update|delete|merge|create|drop|alter|replace|truncate|grant|revoke|into|upsert|vacuum|attach)\b",
    re.IGNORECASE,
)
_SQL_READ = re.compile(r"^\s*(?:--[^\n]*\n\s*)*(select|with|show|explain|describe)\b", re.IGNORECASE)
_OS_PATHS = ("os.path.join", "os.path.dirname", "os.path.abspath", "os.path.normpath", "os.path.realpath",
             "posixpath.join", "posixpath.dirname")
_SHIPPED_ATTRIBUTES = ("root_path", "static_folder", "template_folder")
_NOT_YET = Kind(OTHER, name="(being judged)")


class CallRules:
    """Mixed into the scan (``_cache_views_scan.Scan``), which provides ``a`` (the Analysis),
    ``m`` (the module), ``verdict``, ``calls``, ``folders``, ``survey``, ``fail`` and the kinds of the
    scanned code's own expressions (``kind``, ``name_kind``, ``is_fresh``)."""

    # -- calls -----------------------------------------------------------------------------
    def call(self, node: cst.Call) -> Kind:
        """Judge a call once (a problem goes to the verdict) and say what it returns."""
        known = self.calls.get(id(node))
        if known is not None:
            return known
        self.calls[id(node)] = _NOT_YET
        kind = self._call(node)
        self.calls[id(node)] = kind
        return kind

    def _call(self, node: cst.Call) -> Kind:
        func = node.func
        # a chain through a call (``open(p).read``) has no name of its own: judged by its receiver
        names = sorted(q.name for q in self.m.qualified(func)) if dotted_name(func) is not None else []
        for name in names:
            problem = named_reason(name)
            if problem is not None:
                return self.fail_with(problem)
        found = set(names)
        if any(n == r or n.startswith(r + ".") for n in names for r in REQUEST_NAMES):
            return Kind(VALUE)  # the request: its reference is judged by the scan
        if found & set(RENDER_TEMPLATE):
            return self.render(node, string=False)
        if found & set(RENDER_TEMPLATE_STRING):
            return self.render(node, string=True)
        if found & set(THEME_RENDERS):  # a render (the work a cache saves) of a template the theme picks
            return self.fail(UNKNOWN, THEME_RENDER.format(code=self.a.code(self.m, node.func)), costly=True)
        if found & set(URL_FOR):
            if any(a.keyword is not None and a.keyword.value == "_external" or a.star == "**" for a in node.args):
                self.fail(REQUEST, "builds an external URL (url_for with _external): it depends on the request's host")
            return Kind(VALUE)
        if found & set(OPEN_CALLS):
            return self.open(node, _positional(node, 0), _keyword(node, "mode") or _positional(node, 1))
        if found & set(RESPONSE_CLASSES):
            return self.response(node)
        if "builtins.next" in found:
            root = _root_name(_positional(node, 0))
            if root is None or self.name_kind(root).tag not in (VALUE, PARAM) or self.a.global_kind(self.m, root):
                self.fail(CHANGING, "advances an iterator shared between requests (next()): the page would change")
            return Kind(VALUE)
        if found & set(CONNECT_CALLS):
            self.verdict.data = self.verdict.costly = True
            return Kind(CONNECTION)
        if any(is_pure(name) for name in names):
            self.verdict.costly |= any(is_costly(name) for name in names)
            return Kind(VALUE)
        if found & HELD_PURE_CALLS:
            return self.held(node)
        if isinstance(func, cst.Attribute):
            return self.method(node, func, self.kind(func.value))
        return self.call_kind(node, self.kind(func))

    def call_kind(self, node: cst.Call, kind: Kind) -> Kind:
        """Calling something of ``kind``."""
        tag = kind.tag
        if tag == FUNCTION and kind.definition is not None:
            verdict = self.follow(kind.definition, node)
            return Kind(QUERY) if verdict.data else Kind(VALUE)
        if tag == CLASS and kind.definition is not None:
            self.instantiate(kind.definition, node)
            return Kind(INSTANCE, kind.definition)
        if tag == PARAM:
            return Kind(VALUE)  # a callable passed in: judged where it is passed
        if tag == LIBRARY:
            problem = named_reason(kind.name)
            if problem is not None:
                return self.fail_with(problem)
            if is_pure(kind.name):
                self.verdict.costly |= is_costly(kind.name)
                return Kind(VALUE)
            library = self.a.project.library_name(self.m, kind.name)  # ``sa.desc()``, sa from a project module
            if library is not None and (is_pure(library) or library in HELD_PURE_CALLS):
                return self.held(node)
        return self.unknown(node, kind.name.rsplit(".", 1)[-1])

    def method(self, node: cst.Call, func: cst.Attribute, receiver: Kind) -> Kind:
        """``receiver.name(...)``: allowed where the receiver's kind says the method reads."""
        name = func.attr.value
        tag = receiver.tag
        if tag in (CLASS, INSTANCE) or (tag == QUERY and name not in QUERY_METHODS):
            # a method of a class of the project (a model's, for its rows): followed
            found = self.a.find_method(receiver.definition, name) if receiver.definition is not None else None
            if found is not None:
                return self.call_kind(node, Kind(FUNCTION, found))
            if tag != QUERY:
                return self.unknown(node, name)
        if tag == APP and name == "open_resource":
            return self.open(node, _positional(node, 0), _keyword(node, "mode") or _positional(node, 1))
        if tag == APP and name == "send_static_file":
            return self.fail_with(Problem(RESPONSE, "sends a file (send_static_file): file responses are never cached"))
        if tag in (LIBRARY, MODULE, APP):
            return self.call_kind(node, self.a.attribute_kind(receiver, name))
        if tag in (QUERY, SESSION, DB, CONNECTION):
            return self.database(node, name, tag, receiver)
        if tag == FILE and name in FILE_METHODS:
            self.verdict.costly = True
            return Kind(VALUE)
        if (tag == COLUMN and name in COLUMN_METHODS) or (tag == CACHE and name in CACHE_DECORATOR_METHODS):
            return Kind(VALUE)
        if tag in (VALUE, PARAM) and name in VALUE_METHODS:
            return Kind(tag)
        if tag in (VALUE, PARAM) and name in CONTAINER_METHODS:
            if tag == VALUE and self.is_fresh(func.value):
                return Kind(VALUE)  # a container the code made itself
            what = "an argument" if tag == PARAM else self.a.code(self.m, func.value)
            return self.fail(EFFECT, f"calls {self.a.code(self.m, func)}(), which changes {what}: {SKIPPED}")
        return self.unknown(node, name)

    def database(self, node: cst.Call, name: str, tag: str, receiver: Kind) -> Kind:
        code = self.a.code(self.m, node.func)
        if name in ("execute", "scalars", "scalar") and tag in (SESSION, CONNECTION, QUERY):
            if not _read_only_sql(_positional(node, 0), self.m):
                return self.fail(EFFECT, f"runs SQL that may write ({code}): {SKIPPED}")
        elif name in ("get_or_404", "first_or_404", "one_or_404", "paginate") and tag == DB:
            pass
        elif name not in QUERY_METHODS and not (tag == SESSION and name in ("get", "query")):
            if says_write(name) or name in CONTAINER_METHODS:
                return self.fail(EFFECT, f"calls {code}(), which writes to the database: {SKIPPED}")
            return self.unknown(node, name)
        self.verdict.data = self.verdict.costly = True
        if tag == CONNECTION and name in ("cursor", "execute"):
            return Kind(CONNECTION)
        return Kind(QUERY, receiver.definition if tag == QUERY else None)

    def held(self, node: cst.Call) -> Kind:
        """A pure call the codemod does not cache on (HELD_PURE_CALLS): the view stays uncached, unsaid."""
        return self.fail(HELD, f"calls {self.a.code(self.m, node.func)}(), which is pure but not yet cached on")

    def unknown(self, node: cst.Call, name: str) -> Kind:
        code = self.a.code(self.m, node.func)
        if says_write(name):
            return self.fail(EFFECT, f"calls {code}(), whose name says it writes: {SKIPPED}")
        return self.fail(UNKNOWN, f"calls {code}(), which the codemod cannot prove read-only and deterministic")

    def fail_with(self, problem: Problem) -> Kind:
        self.fail(problem.category, problem.text)
        return Kind(OTHER)

    # -- helpers of the project ------------------------------------------------------------
    def follow(self, definition: Definition, node: cst.CSTNode):
        verdict = self.a.helper(definition, self.folders, survey=self.survey)
        self.verdict.add(verdict)
        if verdict.problem is not None:
            what = getattr(definition.node, "name", None)
            label = f"{what.value}()" if isinstance(what, cst.Name) else "a lambda"
            how = f"calls {label} ({self.a.where(definition.module, definition.node)}), which"
            self.fail_with(verdict.problem.through(how))
        return verdict

    def instantiate(self, definition: Definition, node: cst.Call) -> None:
        """Making an object of a project class runs its __init__ and its bases'."""
        for cls, module in self.a.class_chain(definition):

            def label(cls: cst.ClassDef = cls, module=module) -> str:  # only when said: a line costs a render
                return f"{cls.name.value} object ({self.a.where(module, cls)})"

            for decorator in cls.decorators:
                if not any(is_pure(q.name) for q in module.qualified(_callee(decorator.decorator))):
                    self.fail(UNKNOWN, f"makes a {label()}, whose decorator the codemod cannot see into")
                    return
            for base in list(cls.bases) + list(cls.keywords):
                names = {q.name for q in module.qualified(base.value)}
                problem = next((p for p in map(named_reason, sorted(names)) if p is not None), None)
                if problem is not None:
                    self.fail_with(problem.through(f"makes a {label()}, which"))
                    return
                if base.keyword is not None or not (names & PURE_BASES or self.a.project_class(module, base.value)):
                    self.fail(UNKNOWN, f"makes a {label()}, which builds on {self.a.code(module, base.value)}: "
                              "the codemod cannot see into it")
                    return
            for method in ("__new__", "__init__", "__post_init__"):
                found = self.a.find_method(Definition(module, cls), method, inherited=False)
                if found is not None:
                    self.follow(found, node)

    # -- rendering, files, responses -------------------------------------------------------
    def render(self, node: cst.Call, *, string: bool) -> Kind:
        self.verdict.renders = True
        analyser = self.a.templates(self.folders)
        first = _keyword(node, "template_name_or_list" if not string else "source") or _positional(node, 0)
        if string:
            source = _string(first)
            if source is None:
                return self.fail(SPECIFIC, "renders a template string that is not a literal")
            verdicts = [("a template string", analyser.analyse_source(source))]
        else:
            names = _literal_names(first)
            if names is None:
                return self.fail(SPECIFIC, "renders a template whose name is chosen at run time")
            verdicts = [(f"template {name!r}", analyser.analyse(name)) for name in names]
        passed = {a.keyword.value for a in node.args if a.keyword is not None}
        spread = next((a for a in node.args if a.star == "**"), None)
        # an inline template is compiled on every call; a file's is compiled once and kept (a
        # survey counts the cost before a template's open question ends the render)
        work = string or any(v.loops or v.filters for _label, v in verdicts)
        if self.survey:
            self.verdict.costly |= work or not passes_only_given(self, node, first)
        for label, verdict in verdicts:
            self.verdict.query_string |= verdict.query_string
            if verdict.problem is not None:
                return self.fail(verdict.problem.category, f"renders {label}, which {verdict.problem.text}")
            missing = sorted(verdict.free - passed)
            if missing and spread is not None:
                return self.fail(SPECIFIC, f"renders {label} with **{self.a.code(self.m, spread.value)}: the codemod "
                                 f"cannot tell who provides {', '.join(missing[:3])}")
            if missing:
                return self.fail(*unpassed_problem(label, missing, self.a))
            for name in sorted(verdict.filters):
                filters = self.a.template_filters.get(name)
                if not filters:
                    return self.fail(SPECIFIC, f"renders {label}, which uses the filter or test {name!r}: the codemod "
                                     "cannot see into it")
                for definition in filters:
                    self.follow(definition, node)
        self.verdict.costly |= work or not passes_only_given(self, node, first)
        return Kind(VALUE)

    def open(self, node: cst.Call, path: cst.BaseExpression | None, mode: cst.BaseExpression | None) -> Kind:
        if mode is not None and any(c in (_string(mode) or "w") for c in "wax+"):
            return self.fail(EFFECT, f"opens a file for writing ({self.a.code(self.m, node)}): {SKIPPED}")
        if path is None or not self.shipped(path, set()):
            return self.fail(CHANGING, f"reads a file that may not be one shipped with the app "
                             f"({self.a.code(self.m, node)}): the app may write it, or a user upload it")
        self.verdict.costly = True
        return Kind(FILE)

    def shipped(self, node: cst.BaseExpression, seen: set[int], leading: bool = True) -> bool:
        """A path the code spells out: literals, ``__file__``, the app's own folders, and os.path functions of those;
        never data files a running app writes, nor one from the root, a drive or ``~`` (``leading``: ``node`` begins it)."""
        if id(node) in seen:
            return True
        seen.add(id(node))
        text = _string(node)
        if text is not None:
            outside = leading and OUTSIDE_APP.match(text)
            return not (outside or RUNTIME_FILE.search(text) or self.a.writes(self.m, text) or self.a.writes(self.a.here, text))
        if isinstance(node, cst.FormattedString):  # its text counts only where it starts the path
            return all(not (leading and not i and OUTSIDE_APP.match(p.value)) if isinstance(p, cst.FormattedStringText)
                       else self.shipped(p.expression, seen, leading and not i) for i, p in enumerate(node.parts))
        if isinstance(node, cst.BinaryOperation):
            return self.shipped(node.left, seen, leading) and self.shipped(node.right, seen, False)
        if isinstance(node, cst.Name):  # __file__, or every value the name is bound to
            values = self.bound_values(node) if node.value != "__file__" else None
            return values is None or (bool(values) and all(self.shipped(v, seen, leading) for v in values))
        if isinstance(node, cst.Attribute) and node.attr.value in _SHIPPED_ATTRIBUTES:
            return self.kind(node.value).tag == APP
        if isinstance(node, cst.Call):  # each part of os.path.join may start the path: a later root drops the rest
            names = {q.name for q in self.m.qualified(node.func)}
            return bool(names & set(_OS_PATHS)) and all(self.shipped(a.value, seen, leading) for a in node.args)
        return False

    def response(self, node: cst.Call) -> Kind:
        body = _positional(node, 0)
        if isinstance(body, cst.GeneratorExp):
            return self.fail(RESPONSE, "streams its response (a generator): a stream cannot be cached")
        if isinstance(body, cst.Call):
            kind = self.kind(body.func)
            if kind.tag == FUNCTION and kind.definition is not None and _is_generator(kind.definition.node):
                return self.fail(RESPONSE, "streams its response (a generator function): a stream cannot be cached")
        return Kind(VALUE)


def _callee(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.func if isinstance(node, cst.Call) else node


def _root_name(node: cst.BaseExpression | None) -> cst.Name | None:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _positional(call: cst.Call, index: int) -> cst.BaseExpression | None:
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[index].value if len(positional) > index else None


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _string(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _literal_names(node: cst.CSTNode | None) -> list[str] | None:
    value = _string(node)
    if value is not None:
        return [value]
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        names = [_string(e.value) for e in node.elements]
        if all(isinstance(n, str) for n in names):
            return names  # type: ignore[return-value]
    return None


def _sql_text(node: cst.CSTNode | None, module) -> str | None:
    """The SQL a statement argument spells: a string, a ``text("...")``, or "SELECT" for a
    ``select(...)`` (function or method) chain that never inserts, updates or deletes."""
    if node is None:
        return None
    value = _string(node)
    if value is not None:
        return value
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    methods: list[str] = []
    current: cst.CSTNode = node
    while isinstance(current, cst.Call):
        func = current.func
        names = {q.name for q in module.qualified(func)} if dotted_name(func) is not None else set()
        if any(n.endswith(".text") for n in names):
            return _sql_text(_positional(current, 0), module)
        if any(n.endswith(".select") for n in names):
            methods.append("select")
        if not isinstance(func, cst.Attribute):
            break
        methods.append(func.attr.value)
        current = func.value
    if "select" in methods and not {"insert", "update", "delete", "values"} & set(methods):
        return "SELECT"
    return None


def _read_only_sql(node: cst.CSTNode | None, module) -> bool:
    sql = _sql_text(node, module)
    return sql is not None and bool(_SQL_READ.match(sql)) and not _SQL_WRITE.search(sql)


def _is_generator(function: cst.CSTNode) -> bool:
    finder = _Yields(function)
    function.visit(finder)
    return finder.found


class _Yields(cst.CSTVisitor):
    """Finds a ``yield`` of ``function`` itself (not of a function or lambda inside it)."""

    def __init__(self, function: cst.CSTNode) -> None:
        self.function = function
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.found = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node is self.function

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False
