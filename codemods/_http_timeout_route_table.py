"""http-timeout: the literal routes a Flask project serves, with the prefixes its blueprints add, and the
routes its OpenAPI specs hand to connexion.

Read on the standard library's AST of the project's modules (and its spec files' text):

- ``@app.route("/deploy")``, ``@bp.post("/deploy")``: a literal rule with no variable part;
- a blueprint (``bp = Blueprint("api", __name__, url_prefix="/api")``, any call named
  ``...Blueprint``) adds its prefix; ``register_blueprint(bp, url_prefix="/v1")`` replaces it,
  as Flask does (one route per registration: a blueprint may be registered twice); a
  blueprint registered on a blueprint adds its parent's prefixes. The registered blueprint is
  found by its name (through ``from x import bp as alias`` and ``views.bp``), in the module
  the import names where one does; a prefix that is no literal makes the route's start
  unknown (``exact`` False: only its end is known);
- an OpenAPI (or Swagger 2) spec a connexion app loads: each ``paths`` entry's
  ``operationId`` (``app.views.deploy``, or ``x-openapi-router-controller`` + ``.`` + it)
  names the function, in the module the dotted name names where one is found; its route is
  the spec's ``basePath`` (Swagger 2) or first ``servers`` URL's path (OpenAPI 3) joined to
  the path, or ``add_api(..., base_path="/v1")``'s where the code passes one.
"""

from __future__ import annotations

import ast
import posixpath
import re
from typing import Iterable, NamedTuple, Optional, Tuple
from urllib.parse import urlsplit

from ._parsed_modules import walked

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete"})
_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_UNKNOWN = None  # a prefix that cannot be read


class Function(NamedTuple):
    """A function of a module, by its name and where its ``def`` starts (no node: a module's
    facts outlive its tree)."""

    name: str
    lineno: int
    col: int


class Route(NamedTuple):
    """A route: its path (``exact`` False: only its end is known) and the function serving it."""

    path: str
    exact: bool
    module: str
    function: Function


def join(prefix: str, rule: str) -> str:
    """Flask's joining of a blueprint's prefix and a rule."""
    if not prefix:
        return rule
    return "/".join((prefix.rstrip("/"), rule.lstrip("/"))) if rule else prefix


# how an expression naming a blueprint or an app is spelled: ("name", id), ("attribute", the
# name it is read on or None, attribute), or None (anything else: names no blueprint)
Spelled = Optional[Tuple[str, ...]]


class RouteFacts(NamedTuple):
    """What ``project_routes`` reads of one module, as plain values (names, strings, lines:
    no node, so that the module's tree is dropped once they are taken: ``route_facts``)."""

    imports: dict[str, tuple[str, str]]  # local name -> (module as written, name there)
    blueprints: tuple[tuple[str, str | None], ...]  # (name, its own prefix; None: not literal)
    # (the blueprint registered, the prefix given: True its own / None not literal, what it is registered on)
    registrations: tuple[tuple[Spelled, "str | None | bool", Spelled], ...]
    functions: tuple[tuple[Function, tuple[tuple[Spelled, str], ...]], ...]  # each with its literal rules
    api_bases: tuple[str | None, ...]  # ``add_api(..., base_path=...)``'s, None: not literal


def route_facts(tree: ast.Module) -> RouteFacts:
    """The module's ``RouteFacts``, read off its one walk (``walked``: shared with every other
    fact of the module) in ``ast.walk``'s order."""
    nodes = walked(tree)
    blueprints = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _called(node.value).endswith("Blueprint"):
            prefix = next((kw.value for kw in node.value.keywords if kw.arg == "url_prefix"), None)
            own = "" if prefix is None else _literal(prefix)
            blueprints += [(target.id, own) for target in node.targets if isinstance(target, ast.Name)]
    registrations = []
    functions = []
    bases = []
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            rules = tuple((_spelled(owner), rule) for owner, rule in _decorated_rules(node))
            functions.append((Function(node.name, node.lineno, node.col_offset), rules))
        elif not isinstance(node, ast.Call):
            continue
        elif _called(node) == "register_blueprint" and node.args:
            given = next((kw.value for kw in node.keywords if kw.arg == "url_prefix"), None)
            prefix: str | None | bool = True if given is None else _literal(given)  # True: the blueprint's own
            on = _spelled(node.func.value) if isinstance(node.func, ast.Attribute) else None
            registrations.append((_spelled(node.args[0]), prefix, on))
        elif _called(node) == "add_api":
            given = next((kw.value for kw in node.keywords if kw.arg == "base_path"), None)
            if given is not None:
                bases.append(_literal(given))
    return RouteFacts(_imported_names(nodes), tuple(blueprints), tuple(registrations), tuple(functions), tuple(bases))


def _spelled(node: ast.AST) -> Spelled:
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Attribute):
        return ("attribute", node.value.id if isinstance(node.value, ast.Name) else None, node.attr)
    return None


def project_routes(modules: Iterable[tuple[str, RouteFacts]], specs: Iterable[tuple[str, str]] = ()) -> list[Route]:
    """Every literal route of ``modules`` ((path, its ``route_facts``)) and of the OpenAPI
    ``specs`` (path, text)."""
    modules = list(modules)
    blueprints = _Blueprints(modules)
    routes: list[Route] = []
    for path, facts in modules:
        for function, rules in facts.functions:
            for owner, rule in rules:
                for prefix in blueprints.prefixes(path, owner, facts.imports):
                    if prefix is _UNKNOWN:
                        routes.append(Route(rule, False, path, function))
                    else:
                        routes.append(Route(join(prefix, rule), True, path, function))
    routes += _spec_routes(modules, list(specs))
    return routes


# a decorator starts a line, after its indentation (a ``\\`` continuation ends the line before it)
_DECORATOR = re.compile(r"(?:\A|[\r\n])[ \t\f]*@")


def may_declare_routes(text: str) -> bool:
    """Whether a module's text may hold what ``project_routes`` reads in a module besides
    its functions (a route decorator, a ``...Blueprint(...)`` or a ``register_blueprint``
    call): each is spelled in the code as such. A text not all ASCII may spell a name in a
    form Python reads as another (NFKC): it may."""
    if not text.isascii():
        return True
    return "Blueprint" in text or "register_blueprint" in text or _DECORATOR.search(text) is not None


def _decorated_rules(function: ast.AST) -> list[tuple[ast.AST, str]]:
    """(what the route is registered on, its literal rule) of each route decorator."""
    found = []
    for decorator in getattr(function, "decorator_list", []):
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        if decorator.func.attr in ROUTE_DECORATORS and decorator.args:
            first = decorator.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and "<" not in first.value:
                found.append((decorator.func.value, first.value))
    return found


def _imported_names(nodes: list[ast.AST]) -> dict[str, tuple[str, str]]:
    """Local name -> (the module it is imported from, as written; the name there), of a
    module's ``nodes`` (in ``ast.walk``'s order)."""
    found: dict[str, tuple[str, str]] = {}
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                found[alias.asname or alias.name] = ("." * node.level + (node.module or ""), alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found[alias.asname or alias.name.split(".")[0]] = (alias.name, "")
    return found


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _called(node: ast.AST) -> str:
    func = getattr(node, "func", None)
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _in_module(path: str, dotted: str) -> bool:
    """Whether the module at ``path`` may be the one ``dotted`` (``views.deploy``, ``.views``) names."""
    tail = dotted.lstrip(".").replace(".", "/")
    if not tail:
        return True
    stem = path[:-3] if path.endswith(".py") else path
    if stem.endswith("/__init__"):
        stem = stem[: -len("/__init__")]
    return stem == tail or stem.endswith("/" + tail)


class _Blueprints:
    """The project's blueprints (module, name) -> own prefix, and their registrations."""

    def __init__(self, modules: list[tuple[str, RouteFacts]]):
        self.own: dict[tuple[str, str], str | None] = {}
        for path, facts in modules:
            for name, own in facts.blueprints:
                self.own[(path, name)] = own
        # (module, blueprint name) -> [(registration prefix or "own" / _UNKNOWN, parent blueprint key or None)]
        self.registered: dict[tuple[str, str], list[tuple[str | None | bool, tuple[str, str] | None]]] = {}
        for path, facts in modules:
            for registered, prefix, on in facts.registrations:
                keys = self._resolve(path, registered, facts.imports)
                parents = self._resolve(path, on, facts.imports)
                for key in keys:
                    for parent in parents or [None]:
                        self.registered.setdefault(key, []).append((prefix, parent))

    def _resolve(self, path: str, spelled: Spelled, imports: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
        """The blueprints (module, name) an expression so spelled may be."""
        module, name = None, None
        if spelled is not None and spelled[0] == "name":
            local = spelled[1]
            if (path, local) in self.own:
                return [(path, local)]
            module, name = imports.get(local, (None, local))
            name = name or local
        elif spelled is not None:
            _, read_on, name = spelled
            if read_on is not None and read_on in imports:
                source, inner = imports[read_on]
                module = f"{source}.{inner}" if inner else source
        if name is None:
            return []
        keys = [key for key in self.own if key[1] == name]
        if module is not None:
            named = [key for key in keys if _in_module(key[0], module) or _in_module(key[0], f"{module}.__init__")]
            keys = named or keys
        return keys

    def prefixes(self, path: str, owner: Spelled, imports: dict[str, tuple[str, str]], depth: int = 0) -> list[str | None]:
        """The prefixes a route on ``owner`` gets: ``[""]`` for an app (anything not a blueprint)."""
        local = owner is not None and owner[0] == "name" and ((path, owner[1]) in self.own or owner[1] in imports)
        keys = self._resolve(path, owner, imports) if local else []
        if not keys:
            return [""]
        return sorted({p for key in keys for p in self._of(key, depth)}, key=lambda p: (p is None, p or ""))

    def _of(self, key: tuple[str, str], depth: int) -> list[str | None]:
        own = self.own[key]
        found: list[str | None] = []
        for prefix, parent in self.registered.get(key, [(True, None)]):
            mine = own if prefix is True else prefix
            if parent is None or depth > 3:
                found.append(mine)
                continue
            for above in self._of(parent, depth + 1):
                found.append(None if above is None or mine is None else join(above, mine))
        return found


# -- OpenAPI specs (connexion) --------------------------------------------------------------
def _spec_routes(modules: list[tuple[str, RouteFacts]], specs: list[tuple[str, str]]) -> list[Route]:
    if not specs:
        return []
    functions: dict[str, list[tuple[str, Function]]] = {}
    bases: list[str | None] = []
    for path, facts in modules:
        for function, _rules in facts.functions:
            functions.setdefault(function.name, []).append((path, function))
        bases += facts.api_bases
    routes: list[Route] = []
    for _path, text in specs:
        spec = _loaded(text)
        if spec is None:
            continue
        for base in bases or [_spec_base(spec)]:
            for rule, operation in _operations(spec):
                if "{" in rule:
                    continue
                dotted = operation.rsplit(".", 1)
                name = dotted[-1]
                candidates = functions.get(name, [])
                if len(dotted) == 2:
                    candidates = [c for c in candidates if _in_module(c[0], dotted[0])] or candidates
                for module, function in candidates:
                    exact = base is not None
                    routes.append(Route(join(base or "", rule) if exact else rule, exact, module, function))
    return routes


def _loaded(text: str) -> dict | None:
    if "operationId" not in text or "paths" not in text:
        return None
    import yaml  # lazy: only a project whose app loads specs (connexion's add_api) reads one

    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return spec if isinstance(spec, dict) and isinstance(spec.get("paths"), dict) else None


def _spec_base(spec: dict) -> str | None:
    if isinstance(spec.get("basePath"), str):
        return spec["basePath"]
    servers = spec.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        url = servers[0]["url"]
        return None if "{" in url else urlsplit(url).path
    return ""


def _operations(spec: dict) -> list[tuple[str, str]]:
    found = []
    for rule, item in spec["paths"].items():
        if not (isinstance(rule, str) and isinstance(item, dict)):
            continue
        for method, operation in item.items():
            if method not in _METHODS or not isinstance(operation, dict) or not isinstance(operation.get("operationId"), str):
                continue
            controller = operation.get("x-openapi-router-controller", item.get("x-openapi-router-controller"))
            name = operation["operationId"]
            found.append((rule, f"{controller}.{name}" if isinstance(controller, str) else name))
    return found


def is_spec_file(path: str) -> bool:
    """A file that may be an OpenAPI spec (by its suffix; its text decides)."""
    return posixpath.splitext(path)[1] in _SPEC_SUFFIXES
