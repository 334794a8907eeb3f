"""werkzeug-stdlib: which uses of werkzeug.urls and safe_str_cmp have an exact stdlib form.

Every reference to a legacy function (a name imported from werkzeug, or a chain such as
``werkzeug.urls.url_parse``) is looked at on its own: rewritten when its use is one whose
result is provably the same, else reported (when the function is gone at the target). An
import whose every use was rewritten goes; one with a use left stays.
"""

from __future__ import annotations

import libcst as cst

from ._base import Context
from ._flask_versions import format_version, target, target_unknown, werkzeug_removal_reported
from ._werkzeug_stdlib_python2 import runs_on_python_2
from ._upgrade_support import ImportPlanner, ImportStatements, Names, dotted, expression, import_source, without_aliases

URLS_REMOVED_IN = (3, 0)  # werkzeug.urls' url_* functions: deprecated in 2.3
SAFE_STR_CMP_REMOVED_IN = (2, 1)  # deprecated in 2.0
SAFE_STR_CMP = "werkzeug.security.safe_str_cmp"
URL_PARSE = "werkzeug.urls.url_parse"
# the fields werkzeug's URL tuple shares with urlsplit's SplitResult, in the same order
SPLIT_FIELDS = frozenset({"scheme", "netloc", "path", "query", "fragment"})

_QUOTING = "the characters it leaves unescaped are not those of urllib.parse (and Werkzeug 2.1 changed them): pass safe= so your URLs stay as they are"
_DECODING = "it also took bytes and other objects and decoded with errors='replace': check what your code passes"
# name -> (replacement, why it is not rewritten)
URL_FUNCTIONS: dict[str, tuple[str, str]] = {
    "url_parse": ("urllib.parse.urlsplit", "the result is used beyond .scheme, .netloc, .path, .query and .fragment "
                  "(werkzeug's URL object has methods urlsplit's result lacks), or the call passes more than the URL"),
    "url_quote": ("urllib.parse.quote", _QUOTING),
    "url_quote_plus": ("urllib.parse.quote_plus", _QUOTING),
    "url_encode": ("urllib.parse.urlencode", "it skipped None values, could sort, and quoted other characters: "
                   "use urlencode(..., doseq=True) and check the output"),
    "url_encode_stream": ("urllib.parse.urlencode", "no stream form: write urlencode(...) to the stream"),
    "url_unquote": ("urllib.parse.unquote", _DECODING),
    "url_unquote_plus": ("urllib.parse.unquote_plus", _DECODING),
    "url_decode": ("urllib.parse.parse_qsl (in a werkzeug.datastructures.MultiDict)", "it returned a MultiDict"),
    "url_decode_stream": ("urllib.parse.parse_qsl (in a MultiDict)", "no stream form"),
    "url_join": ("urllib.parse.urljoin", "the two differ on unusual URLs"),
    "url_unparse": ("urllib.parse.urlunsplit", "the two spell empty parts differently"),
    "url_fix": ("urllib.parse.quote on each part", "there is no single stdlib equivalent"),
}
# the url_* functions Werkzeug 0.16 also offered at its top level (removed there in 1.0)
TOP_LEVEL = ("url_decode", "url_encode", "url_fix", "url_quote", "url_quote_plus", "url_unquote", "url_unquote_plus")
# qualified name -> function name
LEGACY: dict[str, str] = {f"werkzeug.urls.{name}": name for name in URL_FUNCTIONS}
LEGACY.update({f"werkzeug.{name}": name for name in TOP_LEVEL})
LEGACY[SAFE_STR_CMP] = "safe_str_cmp"
_BYTES = frozenset({"builtins.bytes"})
_CATCH_VALUE_ERROR = frozenset({"builtins.ValueError", "builtins.Exception", "builtins.BaseException"})
# why url_parse(x) is rewritten only where a handler catches ValueError around the call
_RAISES = ("urlsplit raises ValueError where url_parse did not (a bracketed non-IP host: //[abc]/), and nothing "
           "here catches ValueError: a client's malformed URL would become a 500; use urlsplit in try/except ValueError")


class _Collect(ImportStatements):
    """References (Names and Attribute chains outside imports) and import statements."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[cst.BaseExpression] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.references.append(node)
        self.references_in_value(node.value)
        return False

    def references_in_value(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            self.references.append(node)
        elif not isinstance(node, cst.Attribute):
            node.visit(self)
        else:
            self.references.append(node)
            self.references_in_value(node.value)

    def visit_Name(self, node: cst.Name) -> None:
        self.references.append(node)


class Planner(ImportPlanner):
    def __init__(self, names: Names, ctx: Context) -> None:
        super().__init__(names, ctx)
        self.done: set[int] = set()  # ids of the references rewritten
        self._python_2: str | None | bool = False  # False: not asked yet

    def plan_module(self) -> None:
        found = _Collect()
        self.names.module.visit(found)
        for reference in found.references:
            qualified = self.names.only_qualified(reference) if self.names.may_refer_to(reference, LEGACY, ("werkzeug",)) else None
            if qualified in LEGACY and not self.names.guarded(reference):
                self._reference(reference, LEGACY[qualified])
        for statement in found.imports:
            if isinstance(statement, cst.ImportFrom) and not self.names.guarded(statement):
                self._import(statement)

    def _removed(self, name: str) -> bool:
        """Whether a use of ``name`` not rewritten is reported: it is gone at the target, or the
        target is a release nobody declared (the newest removed it)."""
        return werkzeug_removal_reported(self.ctx, release_removing(name))

    def _reference(self, reference: cst.BaseExpression, name: str) -> None:
        call = self.names.parent(reference)
        if isinstance(call, cst.AssignTarget) or isinstance(call, cst.AnnAssign) and call.target is reference:
            return  # the project puts its own function under the removed name (a shim): that is the fix
        if isinstance(call, cst.Call) and call.func is reference:
            if name == "url_parse" and self._url_parse(call):
                return
            if name == "safe_str_cmp" and self._safe_str_cmp(call):
                return
        if not self._removed(name):
            return
        if name == "safe_str_cmp":
            # said as what the codemod could not prove: the code may convert them already (jazzband
            # encodes both just above the call), which the codemod does not follow
            self.ctx.finding(reference, "safe_str_cmp is removed in Werkzeug 2.1: use hmac.compare_digest(a, b); not rewritten: "
                             "it needs bytes or ASCII-only str, and the codemod cannot prove these are; where they are, "
                             "call it by hand, else pass both as bytes (a.encode(), b.encode())")
            return
        replacement, why = URL_FUNCTIONS[name]
        self.ctx.finding(reference, f"werkzeug.urls.{name} is removed in Werkzeug {format_version(URLS_REMOVED_IN)}: "
                         f"use {replacement}; not rewritten: {why}")

    # -- url_parse(x).netloc -> urlsplit(x).netloc ---------------------------------------------------
    def _url_parse(self, call: cst.Call) -> bool:
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            return False
        if not self._only_split_fields(call):
            return False
        if not self._value_error_handled(call):
            if self._removed("url_parse"):
                self.ctx.finding(call, f"werkzeug.urls.url_parse is removed in Werkzeug {format_version(URLS_REMOVED_IN)}: use "
                                 f"urllib.parse.urlsplit; not rewritten: {_RAISES}")
            return True
        python_2 = self._runs_on_python_2()
        if python_2 is not None:
            allows = (
                "a Flask release that is not known (a checkout or a system package) may allow"
                if target_unknown(self.ctx)
                else f"Flask {format_version(target(self.ctx))} allows"
            )
            self.ctx.finding(call, f"url_parse(...) not rewritten to urllib.parse.urlsplit, which Python 2 lacks: the app "
                             f"may run on Python 2, as {allows} (evidence: {python_2}); rewrite it when the app moves "
                             "to Python 3")
            return True
        return self._replace_func(call, "urllib.parse.urlsplit", from_import=True)

    def _only_split_fields(self, call: cst.Call) -> bool:
        """The result is read only through the fields urlsplit's result has too: directly
        (``url_parse(x).netloc``) or through a name bound once to it in its scope."""
        above = self.names.parent(call)
        if isinstance(above, cst.Attribute) and above.value is call:
            return above.attr.value in SPLIT_FIELDS and self._loaded(above)
        if not isinstance(above, cst.Assign) or len(above.targets) != 1 or not isinstance(above.targets[0].target, cst.Name):
            return False
        target = above.targets[0].target
        scope = self.names.scope(above)
        if scope is None:
            return False
        assignments = list(scope.assignments[target.value])
        if len(assignments) != 1 or assignments[0].node is not target:
            return False
        references = [access.node for access in assignments[0].references]
        for reference in references:
            read = self.names.parent(reference)
            if not (isinstance(read, cst.Attribute) and read.value is reference and read.attr.value in SPLIT_FIELDS and self._loaded(read)):
                return False
            if self.names.scope(reference) is not scope:
                return False
        return bool(references)

    def _value_error_handled(self, call: cst.Call) -> bool:
        """Whether the call is in the body of a try, in its own function, with a handler that
        catches ValueError (``ValueError``, ``Exception``, ``BaseException``, or bare)."""
        node: cst.CSTNode | None = call
        while node is not None:
            above = self.names.parent(node)
            if isinstance(above, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) or above is None:
                return False
            if isinstance(above, cst.Try) and node is above.body and any(self._catches_value_error(h) for h in above.handlers):
                return True
            node = above
        return False

    def _catches_value_error(self, handler: cst.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        kinds = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
        return any(self.names.qualified_among(kind, _CATCH_VALUE_ERROR) for kind in kinds)

    def _loaded(self, attribute: cst.Attribute) -> bool:
        above = self.names.parent(attribute)
        return not isinstance(above, (cst.AssignTarget, cst.AugAssign, cst.Del)) and not (
            isinstance(above, cst.AnnAssign) and above.target is attribute
        )

    # -- safe_str_cmp(a, b) -> hmac.compare_digest(a, b) -------------------------------------------------
    def _safe_str_cmp(self, call: cst.Call) -> bool:
        args = call.args
        if len(args) != 2 or any(a.keyword is not None or a.star for a in args):
            return False
        kinds = {self._kind(a.value) for a in args}
        if kinds not in ({"bytes"}, {"ascii"}):
            return False
        return self._replace_func(call, "hmac.compare_digest", from_import=False)

    def _kind(self, value: cst.BaseExpression) -> str | None:
        """"bytes" for a bytes literal, ``x.encode(...)`` or ``bytes(...)``; "ascii" for an
        ASCII-only str literal; None when the type is not evident."""
        if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
            literal = value.evaluated_value
            if isinstance(literal, bytes):
                return "bytes"
            return "ascii" if isinstance(literal, str) and literal.isascii() else None
        if isinstance(value, cst.Call):
            if isinstance(value.func, cst.Attribute) and value.func.attr.value == "encode":
                return "bytes"
            if self.names.qualified_among(value.func, _BYTES):
                return "bytes"
        return None

    def _runs_on_python_2(self) -> str | None:
        if self._python_2 is False:
            self._python_2 = runs_on_python_2(self.ctx, self.names.module.code)
        return self._python_2  # type: ignore[return-value]

    # -- shared ----------------------------------------------------------------------------------------------
    def _replace_func(self, call: cst.Call, qualified: str, *, from_import: bool) -> bool:
        spelled = self.spellings.of(call, qualified, from_import=from_import)
        if spelled is None:
            return False
        new = expression(spelled)
        self.plan.edits.replace_node(call.func, new)
        self.done.add(id(call.func))
        self.plan.rewrites += 1
        return True

    def _import(self, statement: cst.ImportFrom) -> None:
        """Drop the aliases of legacy functions whose every use was rewritten."""
        source = import_source(statement)
        if source is None or isinstance(statement.names, cst.ImportStar):
            return
        drop = set()
        for index, alias in enumerate(statement.names):
            if f"{source}.{dotted(alias.name)}" not in LEGACY or alias.asname is not None and not isinstance(alias.asname.name, cst.Name):
                continue
            bound = alias.asname.name.value if alias.asname is not None else dotted(alias.name)  # type: ignore[union-attr]
            references = self.names.import_references(statement, bound or "")
            if references and all(id(r) in self.done for r in references):
                drop.add(index)
            elif references == [] and self._removed(LEGACY[f"{source}.{dotted(alias.name)}"]):
                release = format_version(release_removing(LEGACY[f"{source}.{dotted(alias.name)}"]))
                self.ctx.finding(statement, f"{source}.{dotted(alias.name)} is removed in Werkzeug {release}: this "
                                 "import fails, and nothing here uses it; remove it")
        if not drop:
            return
        line = self.names.parent(statement)
        rest = without_aliases(statement, drop)
        if rest is not None:
            self.plan.edits.replace_node(statement, rest)
        elif isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
            self.plan.edits.replace_statement(line, [])
        else:
            self.ctx.finding(statement, f"{source}: every use of this import was rewritten; remove the import "
                             "(it shares its line with other statements, so it was left)")


def release_removing(name: str) -> tuple[int, int]:
    """The Werkzeug release that removed the function ``name``."""
    return SAFE_STR_CMP_REMOVED_IN if name == "safe_str_cmp" else URLS_REMOVED_IN
