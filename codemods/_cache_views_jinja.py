"""A template's own facts as Jinja2 reads them, for cache-views' template analysis
(``_cache_views_templates``): the text parsed with Jinja2's own parser
(``Environment().parse``, with the standard extensions loaded), its syntax tree walked for what differs per caller (``request``
beyond its URL, ``session``, ``g``, ``current_user``, flashed messages, a CSRF token,
translation, an external URL), the names it reads without defining them, the filters and tests
that are not Jinja2's, the templates it extends, includes or imports, and whether it loops.

Jinja2 is imported with this module, which the analysis imports only once a template is read:
a run that reads none does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, meta, nodes

from ._cache_views_catalog import (
    CHANGING,
    PATH_ATTRIBUTES,
    PER_REQUEST,
    PER_USER,
    QUERY_ATTRIBUTES,
    REQUEST,
    SPECIFIC,
    USER,
    Problem,
)

# names a template reads from Flask's (and the common extensions') context
_NAME_REASONS = {
    "session": Problem(USER, f"reads session: {PER_USER}"),
    "g": Problem(USER, "reads g: the page depends on per-request state"),
    "current_user": Problem(USER, f"reads current_user: {PER_USER}"),
    "current_identity": Problem(USER, f"reads current_identity: {PER_USER}"),
    "get_flashed_messages": Problem(USER, f"shows flashed messages: {PER_USER}"),
    "csrf_token": Problem(USER, "renders a CSRF token: it differs per user session"),
    "lipsum": Problem(CHANGING, "uses lipsum(), which makes random text"),
    **{
        name: Problem(USER, "translates text: the language may differ per user")
        for name in ("_", "gettext", "ngettext", "pgettext", "npgettext")
    },
}
_CSRF_ATTRIBUTES = ("csrf_token", "hidden_tag")
# free names that are fine: Flask's and Jinja2's own globals that do not vary per caller
SAFE_GLOBALS = frozenset({"config", "url_for", "range", "dict", "cycler", "joiner", "namespace", "request"})
_BUILTIN_FILTERS = frozenset(Environment().filters) | {"tojson"}
_BUILTIN_TESTS = frozenset(Environment().tests)


def _accept_any(*args, **kwargs):  # stands in for filters and tests the app defines
    return None


class _AnyName(dict):
    """Filters or tests: the known ones, and a stand-in for any other name, so that Jinja2's
    compiler can list a template's undeclared names whatever filters the app adds."""

    def get(self, key, default=None):
        return super().get(key, _accept_any)


# Jinja2's own extensions a Flask app commonly enables (Flask-Babel turns on i18n): a template
# that uses their tags parses as it does in the app. One that the app does not enable fails
# there at render time, cached or not; ``{% trans %}`` reads as the gettext call it compiles
# to (text translated per user).
_EXTENSIONS = ("jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols")
_ENVIRONMENT = Environment(extensions=_EXTENSIONS)
_ENVIRONMENT.filters = _AnyName(_ENVIRONMENT.filters)
_ENVIRONMENT.tests = _AnyName(_ENVIRONMENT.tests)


# tags that neither Jinja2 nor the extensions loaded above define, and a common extension
# adds, with that extension: a template using one parses in the app's environment, so it is
# not said to be unparsable
_EXTENSION_TAGS = {
    "assets": "Flask-Assets (webassets)",
    "cache": "a fragment-cache extension (Flask-Caching's jinja2ext)",
}
_UNKNOWN_TAG = "Encountered unknown tag '"
# Jinja2's own words that it reports as unknown where they stand in the wrong place
_MISPLACED_OWN_TAGS = frozenset({"elif", "else"})


def _extension_tag(message: str) -> str | None:
    """The tag of a parse error that is only a tag the environment lacks, or None: a stray end
    tag or one of Jinja2's own words out of place is a nesting mistake."""
    if not message.startswith(_UNKNOWN_TAG):
        return None
    tag = message[len(_UNKNOWN_TAG):].split("'", 1)[0]
    if not tag or tag.startswith("end") or tag in _MISPLACED_OWN_TAGS:
        return None
    return tag


def _extension_tag_reason(tag: str, line: int | None) -> str:
    where = f" (line {line})" if line else ""
    owner = _EXTENSION_TAGS.get(tag)
    adds = f"; {owner} adds it" if owner else " (an extension's, or a mistake)"
    loaded = ", ".join(name.rsplit(".", 1)[1] for name in _EXTENSIONS)
    return (
        f"uses {{% {tag} %}}{where}, a tag that neither Jinja2 nor the extensions the codemod loads ({loaded}) "
        f"define{adds}: the codemod does not read the template"
    )


@dataclass(frozen=True)
class TemplateFacts:
    """What one template's text says on its own (without what it pulls in)."""

    problem: Problem | None = None
    query_string: bool = False
    free: frozenset[str] = frozenset()  # names it reads but does not define (Flask's safe globals left out)
    declared: frozenset[str] = frozenset()  # names its top level defines
    filters: frozenset[str] = frozenset()  # filters and tests that are not Jinja2's
    references: tuple[tuple[str, tuple[str, ...] | None, bool], ...] = ()  # (verb, names or None, ignore_missing)
    loops: bool = False  # loops, defines a macro or calls range(): rendering it is work, whatever it is given


def read_facts(text: str) -> TemplateFacts:
    """The facts of one template's text (RecursionError when it nests too deeply)."""
    try:
        tree = _ENVIRONMENT.parse(text)
        free = meta.find_undeclared_variables(tree)
    except RecursionError:
        raise
    except Exception as error:  # a syntax error, or text Jinja2 cannot even tokenize
        line = getattr(error, "lineno", None)
        message = getattr(error, "message", None) or type(error).__name__
        tag = _extension_tag(message)
        if tag is not None:
            return TemplateFacts(Problem(SPECIFIC, _extension_tag_reason(tag, line)))
        where = f"line {line}: {message}" if line else message
        return TemplateFacts(Problem(SPECIFIC, f"cannot be parsed by Jinja2 ({where})"))
    walker = _Walker()
    walker.walk(tree)
    return TemplateFacts(
        walker.problem,
        walker.query_string,
        frozenset(name for name in free if name not in SAFE_GLOBALS),
        frozenset(_top_level_names(tree.body)),
        frozenset(walker.filters),
        tuple((verb, tuple(names) if names is not None else None, ignore) for verb, names, ignore in walker.references),
        _loops(tree),
    )


class _Walker:
    """Walks one template's syntax tree."""

    def __init__(self) -> None:
        self.problem: Problem | None = None
        self.query_string = False
        self.filters: set[str] = set()
        # (verb, [names] or None for a run-time choice, ignore_missing)
        self.references: list[tuple[str, list[str] | None, bool]] = []

    def fail(self, category: str, text: str) -> None:
        self.problem = Problem(category, text)

    def walk(self, node: nodes.Node) -> None:
        if self.problem is not None:
            return
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            if node.attr in QUERY_ATTRIBUTES:
                self.query_string = True
            elif node.attr not in PATH_ATTRIBUTES:
                self.fail(REQUEST, f"reads request.{node.attr}: {PER_REQUEST}")
            return
        if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "request":
            self.fail(REQUEST, f"reads the request: {PER_REQUEST}")
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name == "request":
                self.fail(REQUEST, f"reads the request: {PER_REQUEST}")
                return
            reason = _NAME_REASONS.get(node.name)
            if reason is not None:
                self.problem = reason
                return
        if isinstance(node, nodes.Getattr) and node.attr in _CSRF_ATTRIBUTES:
            self.fail(USER, f"renders a CSRF token ({node.attr}): it differs per user session")
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "url_for":
            if any(keyword.key == "_external" for keyword in node.kwargs) or node.dyn_kwargs is not None:
                self.fail(REQUEST, "builds an external URL (url_for with _external): it depends on the request's host")
                return
        if isinstance(node, nodes.Filter) and node.name not in _BUILTIN_FILTERS:
            self.filters.add(node.name)
        elif isinstance(node, nodes.Test) and node.name not in _BUILTIN_TESTS:
            self.filters.add(node.name)
        if isinstance(node, nodes.Extends):
            self.references.append(("extends", _constant_names(node.template), False))
        elif isinstance(node, nodes.Include):
            self.references.append(("includes", _constant_names(node.template), bool(node.ignore_missing)))
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            self.references.append(("imports", _constant_names(node.template), False))
        for child in node.iter_child_nodes():
            self.walk(child)


def _loops(tree: nodes.Template) -> bool:
    """Whether rendering the template may do more work than its text spells out: a
    ``{% for %}`` loop, a macro (which may call itself) or ``range()`` (a long sequence from a
    short text, for a filter to walk). Without them, rendering follows the text once."""
    if any(True for _ in tree.find_all((nodes.For, nodes.Macro, nodes.CallBlock))):
        return True
    return any(isinstance(call.node, nodes.Name) and call.node.name == "range" for call in tree.find_all(nodes.Call))


def _top_level_names(body: list) -> set[str]:
    """Names a template's top level binds (also inside a top-level ``if``)."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, nodes.Assign):
            names |= {n.name for n in node.target.find_all(nodes.Name)} | (
                {node.target.name} if isinstance(node.target, nodes.Name) else set()
            )
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names |= {item[1] if isinstance(item, tuple) else item for item in node.names}
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        elif isinstance(node, nodes.If):
            names |= _top_level_names(node.body) | _top_level_names(node.else_)
    return names


def _constant_names(expression: nodes.Expr) -> list[str] | None:
    """The template names of a constant expression (a string or a list of strings)."""
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, (nodes.List, nodes.Tuple)):
        flat: list[str] = []
        for item in expression.items:
            names = _constant_names(item)
            if names is None:
                return None
            flat.extend(names)
        return flat or None
    return None
