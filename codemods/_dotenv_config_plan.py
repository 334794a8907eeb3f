"""dotenv-config's decisions: which sites move, under which variable, and what is reported.

- A **secret** moves (read with ``os.environ["X"]``, required) from configuration that
  production uses and that the project does not override. It stays without a word in test
  or development configuration (no real secret belongs there: nothing to change); it stays,
  with one finding per class, module or app, in defaults the project overrides (a later ``from_pyfile`` / ``from_envvar`` / ``from_object``, a local settings
  file imported over it, a production class that sets its own), where it is a placeholder,
  where its name is read from the environment elsewhere in the project, and where the module
  runs from an installed copy of the project (``_dotenv_config_installed``).
- A **setting** (a database URI, a mail server ...) moves with its current value as the
  default (``os.environ.get("X", current)``) only from a single shared configuration: never
  from per-environment configuration (several config classes, or files per environment),
  test or development configuration, or overridden defaults; and only beside a secret that
  moves from the same module. Even then a setting that builds the default of an environment
  read stays, and so does a login whose password stays.
- A variable's name is its key, unless that name is reserved, read elsewhere, or holds
  another value (in ``.env``, or for another owner in the same file): then a qualified name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import libcst as cst

from ._base import Context
from ._dotenv_config_analysis import APP_CONFIG, CONFIG_CLASS, CONFIG_MODULE, MODULE_CONSTANT, Analysis, Site
from ._dotenv_config_copies import copy_in_bases, copy_in_unloaded_module
from ._dotenv_config_env_reads import names_feeding_env_defaults
from ._dotenv_config_installed import installed_evidence
from ._dotenv_config_shapes import class_words
from ._dotenv_config_names import candidate_names, is_reserved_env_name
from ._dotenv_config_project import ProjectView
from ._dotenv_config_project_readers import borrow_project_reader
from ._dotenv_config_readers import blocker, top_level
from ._dotenv_config_secrets import PLACEHOLDER, SECRET
from ._python_2_only import python_2_syntax

TEST, DEVELOPMENT, PRODUCTION = "test", "development", "production"
# words of a config class's or module's name (TestingConfig, config/ci.py), never of a path
# test: where codemods act is Codemod.ACTS_ON's business (tests/test_scope.py)
_TEST_WORDS = frozenset("test tests testing unittest ci".split())
_DEVELOPMENT_WORDS = frozenset({"dev", "develop", "development", "local", "debug"})
# file stems of configuration kept per environment (config/development.py, settings/prod.py)
_ENVIRONMENT_WORDS = _TEST_WORDS | _DEVELOPMENT_WORDS | {"prod", "production", "staging", "stage", "live", "default", "defaults"}


@dataclass
class Plan:
    moves: list[Site] = field(default_factory=list)
    # (owner statement, reason) -> keys left in place, for one finding each
    left: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    left_at: dict[tuple[int, str], cst.CSTNode] = field(default_factory=dict)
    environs: str = ""  # the module's environs ``Env()``, which reads the moves back (its read_env() precedes them)


def role_of(name: str) -> str:
    words = class_words(name) | {word.lower() for word in re.split(r"[^A-Za-z0-9]+", name) if word}
    if words & _TEST_WORDS:
        return TEST
    if words & _DEVELOPMENT_WORDS:
        return DEVELOPMENT
    return PRODUCTION


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].split(".", 1)[0]


def _environment_named(path: str) -> bool:
    return bool(set(re.split(r"[^a-z0-9]+", _stem(path).lower())) & _ENVIRONMENT_WORDS)


class Planner:
    def __init__(self, analysis: Analysis, view: ProjectView, module: cst.Module) -> None:
        self.analysis = analysis
        self.view = view
        self.module = module
        self.plan = Plan()
        path = view.this
        self.module_role = role_of(_stem(path))
        self.files_per_environment = _environment_named(path) and any(
            _environment_named(other) for other in view.siblings(path)
        )
        self.classes_per_environment = analysis.use.any_class or len(analysis.classes) > 1
        self.env_defaults: frozenset[str] | None = None  # names_feeding_env_defaults, when first asked
        self.installed: str | None = None  # installed_evidence, when a secret would first move
        self.picked_as: dict[str, set[str]] | None = None  # _picked_as, when a class's name says no role

    def plan_sites(self, ctx: Context) -> Plan:
        self.ctx = ctx
        for site in self._one_value_per_key(self.analysis.sites, ctx):
            if site.verdict in (SECRET, PLACEHOLDER):
                self._secret(site)
            elif site.setting and self._shared(site) and site.key not in self.view.env_reads and not self._feeds_env_default(site):
                self.plan.moves.append(site)
        self._own_environment()
        self._python_2_text()
        self._same_value_stays()
        self._settings_need_a_secret()
        return self.plan

    def _own_environment(self) -> None:
        """What the module's top level does besides setting values (loading .env itself,
        a reader of its own, other code) may keep a value in place (``blocker``)."""
        if not any(site.verdict is SECRET for site in self.plan.moves):
            self.plan.moves.clear()  # settings alone stay, and say nothing (_settings_need_a_secret)
            return
        self.top = top_level(self.analysis.python_tree)
        borrow_project_reader(self.top, self.analysis.python_tree, self.view)
        kept = []
        for site in self.plan.moves:
            settings_module = site.context == CONFIG_MODULE and not self.analysis.use.itself
            constant = site.key if site.context == CONFIG_MODULE else ""
            own_lines = frozenset(other.line for other in self.analysis.sites if other.key == site.key and other.context == CONFIG_MODULE)
            attribute = site.key if site.context == CONFIG_CLASS else ""
            reason = blocker(
                self.top, site.line, site.scope_line != 0, settings_module, constant, own_lines, attribute, self.ctx.file_line
            )
            if reason:
                self._leave(site, reason)
            else:
                kept.append(site)
        self.plan.moves[:] = kept
        self.plan.environs = self.top.environs  # the module's own, or the project's it imports

    def _python_2_text(self) -> None:
        """Non-ASCII text does not come back the same from the environment under Python 2
        (its os.environ holds bytes, which python-dotenv encodes in the locale's encoding, not
        the literal's own): where the project's code runs on Python 2, such a value stays."""
        foreign = [site for site in self.plan.moves if not site.value.text.isascii()]
        where = python_2_syntax(self.ctx) if foreign else None
        if where is None:
            return
        for site in foreign:
            self._leave(
                site,
                f"the project's code runs on Python 2 ({where} has a statement only Python 2 parses), which would not read "
                "this non-ASCII text back from .env as the same value: left in place",
            )
        self.plan.moves[:] = [site for site in self.plan.moves if site not in foreign]

    def _same_value_stays(self) -> None:
        """A secret whose very literal stays elsewhere in the module (the development or test
        copy, a default a production class overrides with the same text), in a base class
        the class imports from another module, or in a module no loading reaches
        (``_dotenv_config_copies``), would still be in
        the code after the move: moving one copy hides nothing and only adds a required
        variable. It stays too, with a finding."""
        moved = {id(site) for site in self.plan.moves}
        staying: dict[str, Site] = {}
        for site in self.analysis.sites:
            if id(site) not in moved:
                staying.setdefault(site.value.text, site)
        kept = []
        for site in self.plan.moves:
            other = staying.get(site.value.text) if site.verdict is SECRET else None
            elsewhere = self._copy_elsewhere(site) if site.verdict is SECRET and other is None else None
            if other is not None:
                self._leave(site, f"the same value stays in the code at line {self.ctx.file_line(other.line)}: moving this copy would hide nothing; left in place")
            elif elsewhere is not None:
                self._leave(site, f"the same value stays in the code at {elsewhere[0]}:{elsewhere[1]}: moving this copy would hide nothing; left in place")
            else:
                kept.append(site)
        self.plan.moves[:] = kept

    def _copy_elsewhere(self, site: Site) -> tuple[str, int] | None:
        """The same text in a base class in another module (walle-web), or in a module no loading reaches (newspipe)."""
        if site.value.kind != "str":
            return None
        in_class = site.context == CONFIG_CLASS and isinstance(site.owner, cst.ClassDef)
        found = copy_in_bases(self.ctx, self.analysis.python_tree, site.owner.name.value, site.value.text) if in_class else None
        return found or copy_in_unloaded_module(self.ctx, self.view, site.value.text)

    def _feeds_env_default(self, site: Site) -> bool:
        """A constant that builds the default of an environment read (the sqlite file of
        ``os.getenv("DATABASE_URL", f"sqlite:///{DATABASE}")``): a variable of its own would
        be a second one for the same thing."""
        if site.context not in (CONFIG_MODULE, CONFIG_CLASS) or self.analysis.python_tree is None:
            return False
        if self.env_defaults is None:
            self.env_defaults = names_feeding_env_defaults(self.analysis.python_tree)
        return site.key in self.env_defaults

    def _settings_need_a_secret(self) -> None:
        """Settings keep their values as defaults: without a secret moving from the module, a
        ``.env`` would only repeat the code, so they stay. With one, a login still stays
        beside its password when that stays (a placeholder ...): one pair, in one place."""
        moves = self.plan.moves
        if not any(site.verdict is SECRET for site in moves):
            moves.clear()
            return
        moved = {id(site) for site in moves}
        staying = {
            (id(site.owner), _account(site.key))
            for site in self.analysis.sites
            if id(site) not in moved and _last_word(site.key) in _PASSWORD_WORDS
        }
        moves[:] = [
            site for site in moves
            if site.verdict is SECRET
            or _last_word(site.key) not in _LOGIN_WORDS
            or (id(site.owner), _account(site.key)) not in staying
        ]

    def _one_value_per_key(self, sites: list[Site], ctx: Context) -> list[Site]:
        """Drop keys set to different values within one owner (which value would .env hold?)."""
        texts: dict[tuple[int, str], set[str]] = {}
        for site in sites:
            texts.setdefault((id(site.owner), site.key), set()).add(site.value.text)
        kept = []
        reported: set[tuple[int, str]] = set()
        for site in sites:
            group = (id(site.owner), site.key)
            if len(texts[group]) == 1:
                kept.append(site)
            elif group not in reported:
                reported.add(group)
                where = {CONFIG_CLASS: "this class", APP_CONFIG: "this app"}.get(site.context, "this module")
                ctx.finding(site.statement, f"{site.key} is set to different values in {where}; not moved")
        return kept

    # -- secrets ----------------------------------------------------------------------------------
    def _secret(self, site: Site) -> None:
        if site.context == MODULE_CONSTANT:
            if site.verdict is SECRET:
                self._leave(site, "hard-coded secrets outside the Flask configuration; move them out of the code by hand")
            return
        if self._role(site) in (TEST, DEVELOPMENT):
            return  # a test's or a developer's configuration needs no real secret: nothing to change, nothing to say
        overridden = self._overridden(site)
        if overridden:
            self._leave(site, f"defaults the project overrides ({overridden}): secrets left in place")
            return
        if site.verdict is PLACEHOLDER:
            self._leave(site, "placeholders, not real secrets, left in place: production must set real ones outside the code")
            return
        reader = self.view.env_reads.get(site.key)
        if reader is not None:
            self._leave(site, f"already read from the environment in {reader}: left in place")
            return
        if self.installed is None:
            self.installed = installed_evidence(self.ctx)
        if self.installed:
            self._leave(
                site,
                f"the module runs from the installed package ({self.installed}), where load_dotenv() "
                "finds no .env of the checkout: secrets left in place",
            )
            return
        self.plan.moves.append(site)

    def _leave(self, site: Site, reason: str) -> None:
        group = (id(site.owner), reason)
        if group not in self.plan.left:
            self.plan.left[group] = []
            self.plan.left_at[group] = site.statement
        if site.key not in self.plan.left[group]:
            self.plan.left[group].append(site.key)

    # -- where a site is ----------------------------------------------------------------------------
    def _role(self, site: Site) -> str:
        if site.context == CONFIG_CLASS:
            return self._class_role(site.owner.name.value)
        if site.context == CONFIG_MODULE:
            return self.module_role
        return PRODUCTION

    def _class_role(self, name: str) -> str:
        """A config class's role by its name, or else by the names the module's mappings pick
        it by (``{"dev": DevlopmentConfig}``): when every one of them says test or
        development."""
        role = role_of(name)
        if role is not PRODUCTION:
            return role
        if self.picked_as is None:
            self.picked_as = _picked_as(self.analysis.python_tree)
        roles = {role_of(key) for key in self.picked_as.get(name, ())}
        return roles.pop() if len(roles) == 1 else PRODUCTION

    def _shared(self, site: Site) -> bool:
        """Whether the site is in a single configuration shared by every environment."""
        if self._role(site) is not PRODUCTION or self._overridden(site):
            return False
        if site.context == CONFIG_CLASS:
            return not self.classes_per_environment and not self.files_per_environment
        if site.context == CONFIG_MODULE:
            return not self.files_per_environment
        return site.context == APP_CONFIG

    def _overridden(self, site: Site) -> str:
        """What overrides the site's value, described; "" when nothing does."""
        if site.context == APP_CONFIG:
            return self.view.overriding(self.view.loaders_after(site.line, site.scope_line), site.key)
        overriding = self.view.overriding(self.analysis.use.later, site.key)
        if overriding:
            return overriding
        if site.context == CONFIG_MODULE:
            later = [line for line in self.analysis.star_imports if line > site.line]
            return f"a star import at line {self.ctx.file_line(later[0])}" if later else ""
        if site.context == CONFIG_CLASS:
            for name, node in self.analysis.classes.items():
                if name != site.owner.name.value and self._class_role(name) is PRODUCTION:
                    if self._inherits(name, site.owner.name.value) and site.key in _class_keys(node):
                        return f"{name} sets its own {site.key}"
        return ""

    def _inherits(self, name: str, base: str) -> bool:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            for parent in self.analysis.bases.get(current, ()):
                if parent == base:
                    return True
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return False


def _picked_as(tree: ast.Module | None) -> dict[str, set[str]]:
    """Class name -> the string keys that the module's top-level dict literals map to it."""
    picked: dict[str, set[str]] = {}
    for statement in tree.body if tree is not None else ():
        value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(item, ast.Name):
                    picked.setdefault(item.id, set()).add(key.value)
    return picked


_LOGIN_WORDS = frozenset({"USER", "USERNAME", "LOGIN"})
_PASSWORD_WORDS = frozenset({"PASSWORD", "PASS", "PASSWD", "PWD", "PW"})


def _last_word(key: str) -> str:
    return key.upper().rsplit("_", 1)[-1]


def _account(key: str) -> str:
    """What names the account a user name or password belongs to: ``MAIL`` of ``MAIL_USERNAME``."""
    return key.upper().rpartition("_")[0]


def _class_keys(node: cst.ClassDef) -> set[str]:
    keys = set()
    for statement in node.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                keys.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                keys.add(small.target.value)
    return keys


# -- naming ---------------------------------------------------------------------------------------


def name_variables(sites: list[Site], existing: dict[str, str], read_elsewhere: set[str] | dict, ctx: Context) -> None:
    """Give every site its variable: the key itself unless that name is taken."""
    taken: dict[str, str] = {}  # variable → .env text, for this file
    by_key: dict[tuple[str, str], str] = {}  # (key, text) → variable
    for site in sites:
        wanted = (site.key, site.value.text)
        if wanted in by_key:
            site.env_name = by_key[wanted]
            continue
        text = site.value.text
        candidates = candidate_names(site.key, [site.qualifier])
        name = next((c for c in candidates if _free(c, text, taken, existing, read_elsewhere)), "")
        if not name:
            base = candidates[-1]
            number = 2
            while not _free(f"{base}_{number}", text, taken, existing, read_elsewhere):
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


def _free(name: str, text: str, taken: dict[str, str], existing: dict[str, str], read_elsewhere) -> bool:
    if is_reserved_env_name(name) or name in read_elsewhere:
        return False
    if name in taken and taken[name] != text:
        return False
    return not (name in existing and existing[name] != text)

