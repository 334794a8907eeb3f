"""dotenv-config: hard-coded secrets and environment settings move to ``.env``."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import GlobalScope, ParentNodeProvider, ScopeProvider

from ._base import Codemod, Context, metadata_value
from ._dotenv_config_gate import (
    APP_ATTRIBUTES,
    CONFIG_CLASS_SUFFIXES,
    NOT_CONFIG_BASES,
    class_family,
    config_module_named,
    file_may_hold_value,
    is_test_path,
    text_may_hold_value,
    tree_may_hold_value,
)
from ._dotenv_rules import (
    ROOT_FILES,
    EnvValue,
    NotStorable,
    app_qualifier,
    candidate_names,
    class_qualifier,
    debug_from_environment,
    env_value,
    is_config_key,
    is_literal,
    is_reserved_env_name,
    is_secret_name,
    is_setting_name,
    looks_like_credential,
    looks_like_service_url,
    module_qualifier,
    parse_env,
    pyfile_secret_names,
    read_back,
    spelled_maskably,
    string_literals,
)
from ._flask import FLASK_METADATA, AppObject, FlaskIndex, keyword_argument, qualified_names, string_value
from ._imports import add_imports, module_binds
from ._names import dotted_name

LOAD_DOTENV = ("dotenv.load_dotenv", "dotenv.main.load_dotenv")
REQUIREMENT = ("python-dotenv", ">=1.0")

_APP_NAME = re.compile(r"^(app|application|flask_app|\w+_app)$")

# where a value was found: what may move from there
APP_CONFIG, CONFIG_CLASS, CONFIG_MODULE, MODULE_CONSTANT = "app config", "config class", "config module", "module constant"


@dataclass(eq=False)
class _Site:
    """One literal that moves (or was considered)."""

    key: str
    context: str
    owner: Any  # identity of the app, class or module the key belongs to
    qualifier: str  # names the owner in a variable name (ADMIN_SECRET_KEY)
    statement: cst.CSTNode  # for findings
    value: EnvValue
    secret: bool = False
    env_name: str = ""


@dataclass
class _Plan:
    sites: list[_Site] = field(default_factory=list)
    debug_nodes: list[cst.CSTNode] = field(default_factory=list)


class DotenvConfig(Codemod):
    """Move hard-coded secrets and environment-dependent settings out of the code into ``.env``.

    Why: a ``SECRET_KEY``, a database password or ``debug=True`` committed to source control
    is the most common security flaw of legacy Flask apps. The value goes to ``.env`` (which
    is added to ``.gitignore``, created with mode 0600, and loaded by python-dotenv); the code
    reads it from the environment, so the app starts with exactly the same configuration
    when ``.env`` is present, and a variable set in the environment overrides ``.env``.

    Before::

        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "dev-3f9a1c2b7e"
        app.config["DEBUG"] = True
        app.config["DATABASE"] = "bookshelf.db"
        app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code

        if __name__ == "__main__":
            app.run(debug=True)

    After::

        import os

        from dotenv import load_dotenv
        from flask import Flask

        load_dotenv()

        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        app.config["DEBUG"] = os.environ.get("DEBUG", "true").lower() in ("1", "true", "yes", "on")
        app.config["DATABASE"] = os.environ.get("DATABASE", "bookshelf.db")
        app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code

        if __name__ == "__main__":
            app.run(debug=os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no"))

    Beside the code: ``.env`` gets ``SECRET_KEY=dev-3f9a1c2b7e``, ``DEBUG=true``,
    ``DATABASE=bookshelf.db`` (created with mode 0600; existing lines are kept, an existing
    key is never overwritten); ``.env.example`` gets the keys with secrets left empty
    (``SECRET_KEY=``); ``.env`` is added once to ``.gitignore``; ``python-dotenv`` is added
    to ``requirements.txt`` / ``requirements.in`` / ``pyproject.toml``. ``--dry-run`` lists
    the ``.env`` change by key only, and masks the removed secret literals in the terminal
    diff (``--show-secrets`` shows them); reports never hold a value; ``--diff-file``
    patches never include ``.env``.

    Sources: ``app.config["K"] = literal``, ``app.config.update(K=literal)`` and
    ``update({"K": literal})``, ``app.config.from_mapping(...)``, ``app.secret_key`` /
    ``app.debug`` / ``app.testing`` ``= literal`` (the app resolved as a ``flask.Flask``
    object, also inside app factories); attributes of config classes (loaded with
    ``from_object`` in the module, named ``...Config`` / ``...Settings``, or related to one
    by inheritance); the UPPER_CASE constants of a config module (a file named
    ``config.py``, ``settings.py``, ``*_config.py``, ``*_settings.py`` or in a ``config/``
    or ``instance/`` folder that creates no Flask app, or a module that loads itself with
    ``from_object(__name__)``); and UPPER_CASE module constants holding a secret in any
    module that imports Flask (``DB_PASSWORD = "..."``).

    What moves: secrets (a name with SECRET, PASSWORD, PASSWD, PWD, TOKEN, API_KEY,
    PRIVATE_KEY, ACCESS_KEY, CREDENTIAL, SALT ...; a value that looks like a credential: a
    URI with a password, a private key, a well-known token shape) are read with
    ``os.environ["K"]``: no default, a missing one stops the app at start with
    ``KeyError: 'K'`` on that line. Environment
    settings (DEBUG, TESTING, database URIs, hosts, ports, MAIL_* ...) are read with
    ``os.environ.get("K", <original literal>)``, converted back to the original type (str,
    int, float, bool, list or tuple of strings). Plain code constants (``ITEMS_PER_PAGE``,
    ``MAX_CONTENT_LENGTH`` ...) stay. ``app.run(debug=True)`` takes debug from
    ``FLASK_DEBUG`` (Flask's own variable), off by default.

    Variable names: the config key itself; a qualified name (``ADMIN_SECRET_KEY``, from the
    app, config class or module) when the key already holds another value — for another
    app or config class in the same file, in the existing ``.env`` (never overwritten), or
    for another file of the same project in the same run — or when the key is a variable
    the system sets (``HOSTNAME``, ``USER``, ``FLASK_*`` ...).

    ``load_dotenv()`` is added once per rewritten module, right after its imports (so before
    any value is read, also for factories and config classes); python-dotenv looks for
    ``.env`` from that file's folder upwards, which finds the project root where the tool
    writes it (the nearest folder with ``.git``, ``pyproject.toml``, ``setup.py``,
    ``setup.cfg``, ``requirements.txt`` or ``.env``). Under a debugger, a coverage tracer or
    in a REPL, python-dotenv searches from the current directory instead.

    Refuses (a finding says why): a key set to different values within one app or class;
    a value ``.env`` cannot hold exactly (a NUL or carriage return, ``${``, bytes settings,
    lists whose items hold commas); a secret spelled in several pieces or with unusual
    escapes (it could not be masked in the terminal diff); credentials inside other
    expressions (dicts, the fallback of ``os.environ.get``); modules where ``os`` or
    ``load_dotenv`` mean something else. A ``from_pyfile`` file that is not ``.py`` is named
    with the secrets it holds. Test files (``test_*.py``, ``*_test.py``, ``conftest.py``,
    ``tests/``) are left alone. No options.
    """

    NAME = "dotenv-config"
    SUMMARY = "Move hard-coded secrets and environment settings into .env, read through os.environ."
    SAFETY = "review"
    ORDER = 30
    METADATA = FLASK_METADATA

    def applies_to(self, source: str) -> bool:
        """Something in the text that a value it moves needs: a Flask app, ``config``,
        ``debug`` or ``run(`` (``app.run(host, port, True)``), a word of a secret's or a
        setting's name, the start of a credential or service URL, or an escape that may spell
        one in a string."""
        return text_may_hold_value(source)

    def applies_to_file(self, source: str, path: str) -> bool:
        """Beyond ``applies_to``: not a test file, and, outside a module named like a config
        module, a sign of what a value could move from: flask, a config class, from_object /
        from_pyfile, or ``run(`` with ``debug`` or ``True`` (see applies_to_tree)."""
        return file_may_hold_value(source, path)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """Not a test file, and somewhere a value may come from: a secret or setting given to
        a Flask app, from_object / from_pyfile, run(debug=True), a secret or setting among
        the constants of a config module or a flask module, or in a config class."""
        return tree_may_hold_value(tree, path)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        if is_test_path(ctx.path):
            return module
        wrapper = ctx.metadata(module, self.METADATA)
        collector = _Collector(wrapper, ctx)
        plan = collector.collect()
        if not plan.sites and not plan.debug_nodes:
            return module
        tree = wrapper.module
        if module_binds(tree, "os") or _binds_load_dotenv(tree):
            ctx.finding(
                (plan.sites[0].statement if plan.sites else plan.debug_nodes[0]),
                "'os' or 'load_dotenv' names something else in this module; secrets and settings left in place",
            )
            return module
        _name_variables(plan.sites, _existing_env(ctx), ctx)

        replacements: dict[cst.CSTNode, cst.BaseExpression] = {}
        quote = _preferred_quote(tree)
        for site in plan.sites:
            replacements[site.value.node] = read_back(site.env_name, site.value, site.secret, tree, quote)
        for node in plan.debug_nodes:
            replacements[node] = debug_from_environment(quote)
        first_read = min(
            collector.top_level_index(node) for node in list(replacements)
        )
        has_loader = collector.load_dotenv_before(first_read)

        new_tree = tree.visit(_Replace(replacements))
        imports: list[tuple[str, str | None]] = [("os", None)]
        if not has_loader:
            imports.append(("dotenv", "load_dotenv"))
        new_tree = add_imports(new_tree, imports)
        if not has_loader:
            new_tree = _insert_load_dotenv(new_tree)

        emitted: dict[str, tuple[bool, str, cst.CSTNode]] = {}
        for site in plan.sites:
            previous = emitted.get(site.env_name)
            secret = site.secret or (previous is not None and previous[0])
            emitted[site.env_name] = (secret, site.value.text, previous[2] if previous else site.statement)
        for name, (secret, text, node) in emitted.items():
            ctx.project_edit("env", name, text, secret=secret, example="" if secret else text, node=node)
        ctx.project_edit("requirement", REQUIREMENT[0], REQUIREMENT[1])
        ctx.rewrote(len(plan.sites) + len(plan.debug_nodes))
        return new_tree


# -- finding what moves -------------------------------------------------------------------------


class _Collector(cst.CSTVisitor):
    def __init__(self, wrapper, ctx: Context) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.module: cst.Module = wrapper.module
        self.index = FlaskIndex.build(wrapper)
        self.plan = _Plan()
        self.candidates: list[_Site] = []
        self.module_qualifier = module_qualifier(ctx.path)
        self.imports_flask = _imports_flask(self.module)
        self.loads_itself = False
        self.config_classes: set[cst.ClassDef] = set()
        self._statement_index = {id(statement): i for i, statement in enumerate(self.module.body)}

    # -- driver ---------------------------------------------------------------------------------
    def collect(self) -> _Plan:
        self.config_classes = self._find_config_classes()
        self.config_module = self.loads_itself or _is_config_module(self.ctx.path, self.module, self.index)
        self.module.visit(self)
        self.plan.sites = self._accept(self.candidates)
        return self.plan

    # -- helpers --------------------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return metadata_value(self.wrapper, ParentNodeProvider, node)

    def top_level_index(self, node: cst.CSTNode) -> int:
        current: cst.CSTNode | None = node
        while current is not None:
            index = self._statement_index.get(id(current))
            if index is not None and self.parent(current) is self.module:
                return index
            current = self.parent(current)
        return len(self.module.body)

    def load_dotenv_before(self, position: int) -> bool:
        for statement in self.module.body[:position]:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Expr)
                        and isinstance(small.value, cst.Call)
                        and qualified_names(self.wrapper, small.value.func) & set(LOAD_DOTENV)
                    ):
                        return True
        return False

    def app_owner(self, node: cst.CSTNode) -> AppObject | None:
        owner = self.index.object_for(node)
        return owner if owner is not None and owner.kind == "app" else None

    def app_qualifier(self, owner: AppObject) -> str:
        factory = owner.factory.name.value if owner.factory is not None else None
        return app_qualifier(owner.name, factory)

    def shadows_os(self, node: cst.CSTNode) -> bool:
        """True when ``os`` at ``node`` is a local name (a parameter, a variable)."""
        scope = metadata_value(self.wrapper, ScopeProvider, node)
        while scope is not None and not isinstance(scope, GlobalScope):
            for assignment in scope.assignments["os"]:
                statement = getattr(assignment, "node", None)
                if not (
                    isinstance(statement, cst.Import)
                    and any(dotted_name(alias.name) == "os" and alias.asname is None for alias in statement.names)
                ):
                    return True
            scope = scope.parent
        return False

    # -- config classes -------------------------------------------------------------------------
    def _find_config_classes(self) -> set[cst.ClassDef]:
        classes = {
            statement.name.value: statement
            for statement in self.module.body
            if isinstance(statement, cst.ClassDef) and _config_like_body(statement)
        }
        loaded: set[str] = set()

        class _FromObject(cst.CSTVisitor):
            def visit_Call(inner, node: cst.Call) -> None:
                func = node.func
                if not (
                    isinstance(func, cst.Attribute)
                    and func.attr.value == "from_object"
                    and isinstance(func.value, cst.Attribute)
                    and func.value.attr.value == "config"
                    and node.args
                ):
                    return
                argument = node.args[0].value
                if isinstance(argument, cst.Name):
                    if argument.value == "__name__":
                        self.loads_itself = True
                    else:
                        loaded.add(argument.value)
                text = string_value(argument)
                if text:
                    loaded.add(text.rsplit(".", 1)[-1])

        self.module.visit(_FromObject())
        chosen = {
            name
            for name in classes
            if name in loaded or name.endswith(CONFIG_CLASS_SUFFIXES)
        }
        if _is_config_module(self.ctx.path, self.module, self.index):
            chosen |= {name for name, node in classes.items() if _has_upper_attribute(node)}
        # the family of a config class: its bases and its subclasses in this module
        bases = {name: {dotted_name(base.value) for base in node.bases} for name, node in classes.items()}
        chosen = class_family(chosen, bases)
        return {classes[name] for name in chosen}

    # -- visiting -------------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        self._assignment(node, node.targets[0].target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._assignment(node, node.target, node.value)

    def _assignment(self, node: cst.CSTNode, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript):
            config = target.value
            if not (isinstance(config, cst.Attribute) and config.attr.value == "config"):
                return
            owner = self.app_owner(config.value)
            if owner is None or len(target.slice) != 1 or not isinstance(target.slice[0].slice, cst.Index):
                return
            key = string_value(target.slice[0].slice.value)
            if key is not None:
                self._candidate(key, value, APP_CONFIG, owner, self.app_qualifier(owner), node)
        elif isinstance(target, cst.Attribute):
            key = APP_ATTRIBUTES.get(target.attr.value)
            owner = self.app_owner(target.value) if key else None
            if owner is not None and key is not None:
                self._candidate(key, value, APP_CONFIG, owner, self.app_qualifier(owner), node)
        elif isinstance(target, cst.Name):
            statement = self.parent(node)
            container = self.parent(statement) if statement is not None else None
            if container is self.module:
                if self.config_module:
                    self._candidate(target.value, value, CONFIG_MODULE, self.module, self.module_qualifier, node)
                elif self.imports_flask:
                    self._candidate(target.value, value, MODULE_CONSTANT, self.module, self.module_qualifier, node)
            elif isinstance(container, cst.IndentedBlock):
                owner = self.parent(container)
                if isinstance(owner, cst.ClassDef) and owner in self.config_classes:
                    self._candidate(target.value, value, CONFIG_CLASS, owner, class_qualifier(owner.name.value), node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method in ("update", "from_mapping") and isinstance(func.value, cst.Attribute) and func.value.attr.value == "config":
            owner = self.app_owner(func.value.value)
            if owner is None:
                return
            qualifier = self.app_qualifier(owner)
            for arg in node.args:
                if arg.keyword is not None:
                    self._candidate(arg.keyword.value, arg.value, APP_CONFIG, owner, qualifier, node)
                elif arg.star == "" and isinstance(arg.value, cst.Dict):
                    for element in arg.value.elements:
                        if isinstance(element, cst.DictElement):
                            key = string_value(element.key)
                            if key is not None:
                                self._candidate(key, element.value, APP_CONFIG, owner, qualifier, node)
        elif method == "from_pyfile" and isinstance(func.value, cst.Attribute) and func.value.attr.value == "config":
            self._pyfile_secrets(node)
        elif method == "run" and self._runs_an_app(func.value):
            argument = keyword_argument(node, "debug")
            if argument is None:
                positional = [a for a in node.args if a.keyword is None and a.star == ""]
                if len(positional) >= 3 and len(positional) == len([a for a in node.args if a.keyword is None]):
                    argument = positional[2]
            if argument is not None and isinstance(argument.value, cst.Name) and argument.value.value == "True":
                if self.shadows_os(argument.value):
                    self.ctx.finding(node, "'os' is a local name here; debug=True left in place")
                else:
                    self.plan.debug_nodes.append(argument.value)

    def _pyfile_secrets(self, call: cst.Call) -> None:
        """``from_pyfile("settings.cfg")``: a file that is not rewritten (not ``.py``) but may
        hold hard-coded secrets; say which, by name."""
        filename = string_value(call.args[0].value) if call.args else None
        if not filename or filename.endswith(".py"):
            return
        text = self.ctx.read_file(filename) or self.ctx.read_file("instance/" + filename)
        if text is None:
            return
        secrets = pyfile_secret_names(text)
        if secrets:
            self.ctx.finding(
                call,
                f"{filename} holds hard-coded secrets ({', '.join(secrets)}); only .py files are rewritten: "
                "move them to .env by hand (or rename the file to .py)",
            )

    def _runs_an_app(self, receiver: cst.BaseExpression) -> bool:
        if self.app_owner(receiver) is not None:
            return True
        if not isinstance(receiver, cst.Name):
            return False
        scope = metadata_value(self.wrapper, ScopeProvider, receiver)
        if scope is None:
            return False
        factories = {f.name.value for f in self.index.factories}
        for assignment in scope[receiver.value]:
            target = getattr(assignment, "node", None)
            if isinstance(target, (cst.Import, cst.ImportFrom)) and _APP_NAME.match(receiver.value):
                return True  # from myshop import app; app.run(debug=True)
            statement = self.parent(target) if isinstance(target, cst.Name) else None
            statement = self.parent(statement) if isinstance(statement, cst.AssignTarget) else None
            if isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Call):
                called = dotted_name(statement.value.func) or ""
                last = called.rsplit(".", 1)[-1]
                if last in factories or re.match(r"^(create|make|build|get)_\w*app\w*$|^app_factory$", last):
                    return True
        return False

    # -- classifying ----------------------------------------------------------------------------
    def _candidate(self, key: str, node: cst.BaseExpression, context: str, owner: Any, qualifier: str, statement: cst.CSTNode) -> None:
        if not is_config_key(key):
            return
        try:
            value = env_value(node, self.module)
        except NotStorable as reason:
            if self._wants_to_move(key, node, context):
                self.ctx.finding(statement, f"{key} not moved: {reason}")
            return
        if value is None:
            if not is_literal(node) and any(looks_like_credential(s) for s in string_literals(node, self.module)):
                self.ctx.finding(statement, f"{key} holds a credential inside an expression; move it out of the code by hand")
            return
        secret = _is_secret(key, value)
        if not secret and not (context != MODULE_CONSTANT and _is_setting(key, value)):
            return
        if not secret and value.kind == "bytes":
            self.ctx.finding(statement, f"{key} not moved: a bytes setting cannot be read back from the environment")
            return
        if value.kind == "str" and value.text == "":
            return  # nothing to hide or configure
        if secret and not _maskable(value):
            self.ctx.finding(
                statement,
                f"{key} not moved: write the secret as one plain string literal (its spelling here "
                "could not be hidden in the terminal diff)",
            )
            return
        if self.shadows_os(node):
            self.ctx.finding(statement, f"{key} not moved: 'os' is a local name here")
            return
        self.candidates.append(_Site(key, context, owner, qualifier or self.module_qualifier, statement, value, secret))

    def _wants_to_move(self, key: str, node: cst.BaseExpression, context: str) -> bool:
        strings = string_literals(node, self.module)
        return is_secret_name(key) or any(looks_like_credential(s) for s in strings) or (
            context != MODULE_CONSTANT and is_setting_name(key)
        )

    def _accept(self, candidates: list[_Site]) -> list[_Site]:
        """Drop keys set to different values within one owner (which value would .env hold?)."""
        texts: dict[tuple[int, str], set[str]] = {}
        for site in candidates:
            texts.setdefault((id(site.owner), site.key), set()).add(site.value.text)
        accepted = []
        reported: set[tuple[int, str]] = set()
        for site in candidates:
            group = (id(site.owner), site.key)
            if len(texts[group]) > 1:
                if group not in reported:
                    reported.add(group)
                    where = "this class" if site.context == CONFIG_CLASS else "this module" if site.owner is self.module else "this app"
                    self.ctx.finding(site.statement, f"{site.key} is set to different values in {where}; not moved")
                continue
            accepted.append(site)
        return accepted


def _is_secret(key: str, value: EnvValue) -> bool:
    if value.kind not in ("str", "bytes", "list", "tuple"):
        return False
    return is_secret_name(key) or any(looks_like_credential(s) for s in value.strings)


def _maskable(value: EnvValue) -> bool:
    if value.kind in ("list", "tuple"):
        assert isinstance(value.node, (cst.List, cst.Tuple))
        return all(
            spelled_maskably(element.value, text, value.text) for element, text in zip(value.node.elements, value.strings)
        )
    return spelled_maskably(value.node, value.text)


def _is_setting(key: str, value: EnvValue) -> bool:
    return is_setting_name(key) or (value.kind == "str" and looks_like_service_url(value.text))


# -- naming ---------------------------------------------------------------------------------------


def _name_variables(sites: list[_Site], existing: dict[str, str], ctx: Context) -> None:
    """Give every site its variable: the key itself unless that name holds another value."""
    taken: dict[str, str] = {}  # variable → .env text, for this file
    by_key: dict[tuple[str, str], str] = {}  # (key, text) → variable
    for site in sites:
        wanted = (site.key, site.value.text)
        if wanted in by_key:
            site.env_name = by_key[wanted]
            continue
        text = site.value.text
        candidates = candidate_names(site.key, [site.qualifier])
        name = ""
        for candidate in candidates:
            if _free(candidate, text, taken, existing):
                name = candidate
                break
        if not name:
            base = candidates[-1]
            number = 2
            while not _free(f"{base}_{number}", text, taken, existing):
                number += 1
            name = f"{base}_{number}"
        if name != site.key and site.key in existing and existing[site.key] != text:
            ctx.finding(
                site.statement,
                f"{site.key} already holds another value in .env (or for another file of this project); "
                f"this value is read from {name}",
            )
        site.env_name = name
        taken[name] = text
        by_key[wanted] = name


def _free(name: str, text: str, taken: dict[str, str], existing: dict[str, str]) -> bool:
    if is_reserved_env_name(name):
        return False
    if name in taken and taken[name] != text:
        return False
    return not (name in existing and existing[name] != text)


def _existing_env(ctx: Context) -> dict[str, str]:
    """The variables of the ``.env`` the tool will write to: the first one found from this
    file's folder up to the project root (the nearest folder with a project file)."""
    prefix = ""
    for _ in range(40):
        text = ctx.read_file(prefix + ".env")
        if text is not None:
            try:
                return parse_env(text)
            except Exception:  # an unreadable .env: the tool reports it when merging
                return {}
        if any(ctx.read_file(prefix + marker) is not None for marker in ROOT_FILES):
            return {}
        prefix += "../"
    return {}


# -- module shape -----------------------------------------------------------------------------------


def _is_config_module(path: str, module: cst.Module, index: FlaskIndex) -> bool:
    """A module of settings: named like one, creating no Flask object, running nothing."""
    if index.objects or not config_module_named(path):
        return False
    for statement in module.body:
        if isinstance(statement, (cst.For, cst.While, cst.With)):
            return False
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Expr) and not isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                    return False
    return True


def _config_like_body(node: cst.ClassDef) -> bool:
    """A class of settings: only attributes, methods and docstrings, and no base that makes
    its attributes something else."""
    if any(NOT_CONFIG_BASES.search(dotted_name(base.value) or "") for base in node.bases):
        return False
    body = node.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    for statement in body.body:
        if isinstance(statement, cst.FunctionDef):
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        for small in statement.body:
            if isinstance(small, (cst.Assign, cst.AnnAssign, cst.Pass)):
                continue
            if isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                continue
            return False
    return True


def _has_upper_attribute(node: cst.ClassDef) -> bool:
    for statement in node.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets = []
                if isinstance(small, cst.Assign):
                    targets = [t.target for t in small.targets]
                elif isinstance(small, cst.AnnAssign):
                    targets = [small.target]
                if any(isinstance(t, cst.Name) and is_config_key(t.value) for t in targets):
                    return True
    return False


def _imports_flask(module: cst.Module) -> bool:
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                if any((dotted_name(alias.name) or "").split(".")[0] == "flask" for alias in small.names):
                    return True
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                if (dotted_name(small.module) or "").split(".")[0] == "flask":
                    return True
    return False


def _binds_load_dotenv(module: cst.Module) -> bool:
    """True when the module binds ``load_dotenv`` to anything but python-dotenv's."""
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) and statement.name.value == "load_dotenv":
            return True
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value == "load_dotenv" for t in small.targets
            ):
                return True
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                source = dotted_name(small.module) if small.module is not None else None
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name) and bound.value == "load_dotenv":
                        real = dotted_name(alias.name)
                        if source not in ("dotenv", "dotenv.main") or real != "load_dotenv" or small.relative:
                            return True
    return False


def _preferred_quote(module: cst.Module) -> str:
    """The quote character the module's strings mostly use."""
    counts = {'"': 0, "'": 0}

    class _Quotes(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            quote = node.quote[0]
            if quote in counts and len(node.quote) == 1:
                counts[quote] += 1

    module.visit(_Quotes())
    return "'" if counts["'"] > counts['"'] else '"'


# -- rewriting ---------------------------------------------------------------------------------------


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[cst.CSTNode, cst.BaseExpression]) -> None:
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        replacement = self.replacements.get(original_node)
        if replacement is not None:
            return replacement
        return updated_node


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _is_import_line(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], (cst.Import, cst.ImportFrom))
    )


def _insert_load_dotenv(module: cst.Module) -> cst.Module:
    """``load_dotenv()`` right after the leading block of imports (where the imports were
    added), so that it runs before anything in the module reads the environment."""
    body = list(module.body)
    position = 1 if body and _is_docstring(body[0]) else 0
    while position < len(body) and _is_import_line(body[position]):
        position += 1
    call = cst.SimpleStatementLine(
        [cst.Expr(cst.Call(cst.Name("load_dotenv")))],
        leading_lines=[cst.EmptyLine()] if position else [],
    )
    if position < len(body):
        following = body[position]
        lines = list(following.leading_lines)
        if not lines or lines[0].comment is not None:
            body[position] = following.with_changes(leading_lines=[cst.EmptyLine(), *lines])
    body.insert(position, call)
    return module.with_changes(body=body)
