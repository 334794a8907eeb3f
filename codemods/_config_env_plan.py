"""config-env: the plan for one module. Finds the reads and writes of ``app.env``,
``app.config["ENV"]`` and ``FLASK_ENV`` (by qualified name, with the app each belongs to),
rewrites the reads that have a replacement at the target Flask, and reports the rest (see
``config_env.ConfigEnv`` for what the codemod does and refuses)."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ._base import Context
from ._config_entries import config_containers, from_object_names
from ._config_env_messages import (
    ADVICE,
    ELSEWHERE_ADVICE,
    INTRODUCED,
    KEPT,
    KEY_ERROR,
    OWN_ADVICE,
    OWN_VARIABLE,
    REMOVED,
    REMOVED_IN,
    UNREAD,
    UNREAD_VARIABLE,
    write_finding,
)
from ._config_env_own_variable import VARIABLE, own_variable_place, read_place
from ._config_env_project import EnvInProject, env_in_project
from ._declared_releases import lowest_version, older_release
from ._declared_versions import declared_specifiers
from ._flask import CURRENT_APP, FlaskIndex, dotted_name, name_bound_elsewhere, qualified_names, string_value
from ._flask_versions import removed, target as target_flask, target_unknown
from ._node_edits import EditPlanner
from ._version_guards import is_guarded


ENVIRON_GETTERS = frozenset({"os.environ.get", "os.getenv"})
DEBUG_FLAG = ("flask.helpers", "get_debug_flag")
# writes of the config value, which a read of app.config["ENV"] still sees on Flask 2.3+ (app.env
# and FLASK_ENV no longer feed it there)
_CONFIG_WRITES = frozenset({"the ENV config key", 'app.config["ENV"]'})


@dataclass
class _Read:
    node: cst.BaseExpression  # the read: app.env, app.config["ENV"], os.environ.get("FLASK_ENV")
    app: cst.BaseExpression | None  # the app it reads from; None: the environment
    label: str


class Planner(EditPlanner):
    def plan(self, rewrite: bool) -> None:
        self.index = FlaskIndex.build(self.wrapper)
        reads, writes = self._uses()
        listing = self.ctx.project_files()
        this = listing.this if listing is not None else self.ctx.path
        # the project's view, asked only where an answer can matter (a FLASK_ENV read needs none)
        asks = any(read.app is not None for read in reads) or any(label in _CONFIG_WRITES for _, label in writes)
        project = env_in_project(self.ctx, self.module.code) if asks else EnvInProject()
        # set outside the module, or here in a way the module's own reading does not see
        # (``app.config.setdefault("ENV", ...)``): the app's own ENV
        elsewhere = project.set_elsewhere(this) or next((p for p in project.sets if p.path == this), None)
        own = self.own_env or elsewhere is not None
        # ENV set by the app only in config classes, and one of them leaves it unset
        unset_in = project.never_setting() if own else []
        flag_free = not name_bound_elsewhere(self.wrapper, DEBUG_FLAG[1], ".".join(DEBUG_FLAG))
        config_reads = [read for read in reads if read.label == 'app.config["ENV"]']
        count = 0
        # a project every release of whose declared Flask ignores FLASK_ENV: its reads are of its own setting
        own_variable = any(read.app is None for read in reads) and declared_from_removal(self.ctx)
        for read in reads:
            if is_guarded(read.node, self.parent) or (read.app is None and own_variable):
                continue
            if own and read.label == 'app.config["ENV"]':
                # the app's own ENV value, which Flask keeps in app.config on every version: a
                # read of it says nothing of debug mode, and is not gone in 2.3 (but a subscript
                # raises KeyError under a configuration that leaves it unset)
                if unset_in and isinstance(read.node, cst.Subscript):
                    self.ctx.finding(read.node, KEY_ERROR.format(place="; ".join(unset_in)))
                elif not self.own_env:  # said where: another module's setting is not in sight here
                    self.ctx.finding(read.node, KEPT.format(place=elsewhere))
                continue
            comparison, negated = self._debug_comparison(read.node)
            problem = None
            if read.app is not None and self.own_env:
                problem = OWN_ADVICE  # app.env was app.config["ENV"]: the app's own name, not debug mode
            elif read.app is not None and elsewhere is not None:
                problem = ELSEWHERE_ADVICE.format(place=elsewhere)
            elif comparison is None:
                problem = ADVICE
            elif not rewrite:
                problem = "not rewritten: app.debug is the documented replacement from Flask 2.2 on"
            elif read.app is not None and project.unread:
                problem = UNREAD.format(place=project.unread[0])
            elif read.app is None and not flag_free:
                problem = f"not rewritten: the name {DEBUG_FLAG[1]} means something else in this module"
            elif read.app is None and (picked := own_variable_place(self.ctx, self.module.code)) is not None:
                problem = OWN_VARIABLE.format(place=picked)
            elif read.app is None and _defaults_to_development(read.node):
                problem = (
                    "not rewritten: its default makes an unset FLASK_ENV mean development, while FLASK_DEBUG "
                    "(get_debug_flag()) is off when unset"
                )
            if problem is not None:
                self.ctx.finding(read.node, f"{REMOVED.format(old=read.label)}: {problem}")
                continue
            new: cst.BaseExpression
            if read.app is None:
                new = cst.Call(cst.Name(DEBUG_FLAG[1]))
                self.edits.add_import(*DEBUG_FLAG)
            else:
                new = cst.Attribute(read.app, cst.Name("debug"), dot=cst.Dot())
            if negated:
                new = cst.UnaryOperation(cst.Not(), new)
            self.edits.replace_node(comparison, new.with_changes(lpar=comparison.lpar, rpar=comparison.rpar))
            count += 1
        # where the app's code reads the ENV value a write sets: this module's, else another's
        own_read = next((read for read in config_reads), None)
        read_at = f"{this}:{self.ctx.file_line(own_read.node)}" if own_read is not None else project.read_elsewhere(this)
        # a project every release of whose declared Flask ignores FLASK_ENV: a write of it is of its own setting
        floor = any(label == VARIABLE for _, label in writes) and declared_from_removal(self.ctx)
        variable_read = read_place(self.ctx, self.module.code) if floor else None
        for node, label in writes:
            if is_guarded(node, self.parent):
                continue
            if floor and label == VARIABLE:
                if variable_read is None:
                    self.ctx.finding(node, UNREAD_VARIABLE)
                continue  # read by the project (variable_read): its own setting, as its reads are
            self.ctx.finding(node, write_finding(self.ctx, label, str(read_at) if read_at and label in _CONFIG_WRITES else None))
        if count:
            self.ctx.rewrote(count)

    # -- finding the uses --------------------------------------------------------------------------
    def _is_app(self, node: cst.BaseExpression) -> bool:
        if CURRENT_APP in qualified_names(self.wrapper, node):
            return True
        found = self.index.object_for(node)
        return found is not None and found.kind == "app"

    def _uses(self) -> tuple[list[_Read], list[tuple[cst.CSTNode, str]]]:
        planner = self
        reads: list[_Read] = []
        writes: list[tuple[cst.CSTNode, str]] = []
        debug_scopes: list[cst.CSTNode | None] = []  # where os.environ's FLASK_DEBUG is set

        class _Finder(cst.CSTVisitor):
            def visit_Attribute(self, node: cst.Attribute) -> None:
                if node.attr.value == "env" and planner._is_app(node.value):
                    label = f"{dotted_name(node.value) or 'app'}.env"
                    if planner._is_target(node):
                        writes.append((node, label))
                    else:
                        reads.append(_Read(node, node.value, label))

            def visit_Subscript(self, node: cst.Subscript) -> None:
                key = _subscript_key(node)
                if key == "ENV" and _is_config_of(node.value, planner._is_app):
                    label = 'app.config["ENV"]'
                    if planner._is_target(node):
                        writes.append((node, label))
                    else:
                        reads.append(_Read(node, node.value.value, label))  # type: ignore[attr-defined]
                elif key == "FLASK_ENV" and "os.environ" in qualified_names(planner.wrapper, node.value):
                    if planner._is_target(node):
                        writes.append((node, "FLASK_ENV"))
                    else:
                        reads.append(_Read(node, None, "FLASK_ENV"))
                elif key == "FLASK_DEBUG" and planner._is_target(node):
                    if "os.environ" in qualified_names(planner.wrapper, node.value):
                        debug_scopes.append(planner._scope(node))

            def visit_Call(self, node: cst.Call) -> None:
                func = node.func
                first = string_value(node.args[0].value) if node.args and node.args[0].keyword is None else None
                if first is None:
                    return
                names = qualified_names(planner.wrapper, func)
                if first == "FLASK_ENV" and names & ENVIRON_GETTERS:
                    reads.append(_Read(node, None, "FLASK_ENV"))
                elif first == "FLASK_ENV" and "os.environ.setdefault" in names:
                    writes.append((node, "FLASK_ENV"))
                elif first == "FLASK_DEBUG" and "os.environ.setdefault" in names:
                    debug_scopes.append(planner._scope(node))
                elif (
                    first == "ENV"
                    and isinstance(func, cst.Attribute)
                    and func.attr.value == "get"
                    and len(node.args) <= 2  # Flask up to 2.2 always held ENV: a default never applied
                    and _is_config_of(func.value, planner._is_app)
                ):
                    reads.append(_Read(node, func.value.value, 'app.config["ENV"]'))  # type: ignore[attr-defined]

        self.module.visit(_Finder())
        containers = config_containers(self.wrapper, ["ENV", "DEBUG"])
        self.own_env = self._sets_own_env(containers, writes)
        # at a target that does not read them (2.3 on, or before 1.0), a write beside the debug
        # setting (FLASK_DEBUG in the same function, DEBUG in the same config class or call) is
        # the app's own environment name, not debug mode's stand-in (from 1.0 to 2.2, Flask
        # still makes app.env of it: reported)
        own_name = flask_ignores_env(self.ctx)
        beside_debug = {id(scope) for scope in debug_scopes} if own_name else set()
        writes = [(node, label) for node, label in writes if not (label == "FLASK_ENV" and id(self._scope(node)) in beside_debug)]
        for container in containers:
            holder, entries = container.node, container.keyed("ENV")
            if own_name and container.keyed("DEBUG"):
                continue
            if container.kind == "class" and "Config" in holder.name.value:  # type: ignore[attr-defined]
                writes.extend((e.node, "the ENV config key") for e in entries)
            elif container.kind in ("keywords", "dict") and container.app is not None:
                writes.extend((e.node, "the ENV config key") for e in entries)
        return reads, writes

    def _sets_own_env(self, containers: list, writes: list[tuple[cst.CSTNode, str]]) -> bool:
        """Whether the module sets the app's ENV config value itself: ``X.config["ENV"] = ...``
        of an app, ``ENV`` in a config class (named so, or loaded with ``from_object``), in
        ``X.config.update()`` / ``from_mapping()``, or a module-level ``ENV`` of a module that
        loads itself (``from_object(__name__)``)."""
        if any(label == 'app.config["ENV"]' for _, label in writes):
            return True
        loaded = from_object_names(self.module)
        for container in containers:
            if not container.keyed("ENV"):
                continue
            if container.kind == "subscripts":
                return True
            if container.kind == "class":
                name = container.node.name.value  # type: ignore[attr-defined]
                if "Config" in name or name in loaded:
                    return True
            elif container.kind in ("keywords", "dict") and container.app is not None:
                return True
            elif container.kind == "module" and "__name__" in loaded:
                return True
        return False

    def _scope(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The function (or module) whose code runs ``node``."""
        owner = self.parent(node)
        while owner is not None and not isinstance(owner, (cst.FunctionDef, cst.Module)):
            owner = self.parent(owner)
        return owner

    def _is_target(self, node: cst.CSTNode) -> bool:
        owner = self.parent(node)
        return (isinstance(owner, cst.AssignTarget) and owner.target is node) or (
            isinstance(owner, (cst.AugAssign, cst.AnnAssign, cst.Del)) and owner.target is node
        )

    # -- is it about debug mode? -------------------------------------------------------------------
    def _debug_comparison(self, read: cst.CSTNode) -> tuple[cst.Comparison | None, bool]:
        """The ``read == "development"`` comparison around ``read`` when its value decides
        debug behaviour, and whether it is negated (``!=``)."""
        comparison = self.parent(read)
        if isinstance(comparison, cst.ComparisonTarget):
            comparison = self.parent(comparison)
        if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
            return None, False
        target = comparison.comparisons[0]
        sides = (comparison.left, target.comparator)
        if read not in sides or not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return None, False
        other = sides[1] if sides[0] is read else sides[0]
        if string_value(other) != "development":
            return None, False
        return (comparison, isinstance(target.operator, cst.NotEqual)) if self._decides_debug(comparison) else (None, False)

    def _decides_debug(self, node: cst.CSTNode) -> bool:
        child, owner = node, self.parent(node)
        while isinstance(owner, (cst.BooleanOperation, cst.UnaryOperation)):
            if isinstance(owner, cst.UnaryOperation) and not isinstance(owner.operator, cst.Not):
                return False
            child, owner = owner, self.parent(owner)
        if isinstance(owner, (cst.If, cst.While, cst.IfExp, cst.Assert)):
            return owner.test is child
        if isinstance(owner, cst.Arg):
            return owner.keyword is not None and owner.keyword.value == "debug" and child is node
        if isinstance(owner, cst.Assign) and owner.value is child is node and len(owner.targets) == 1:
            target = owner.targets[0].target
            if isinstance(target, cst.Name):
                return target.value == "DEBUG"
            if isinstance(target, cst.Attribute):
                return target.attr.value == "debug" and self._is_app(target.value)
            if isinstance(target, cst.Subscript):
                return _subscript_key(target) == "DEBUG" and _is_config_of(target.value, self._is_app)
        return False


def flask_ignores_env(ctx: Context) -> bool:
    """Whether the target Flask is a known release that does not read ENV or FLASK_ENV (2.3 on,
    or before 1.0): a write of them beside the debug setting is then the app's own name."""
    return not target_unknown(ctx) and (removed(ctx, REMOVED_IN) or target_flask(ctx) < INTRODUCED)


def declared_from_removal(ctx: Context) -> bool:
    """Whether every Flask the project declares is 2.3 or later (each declaration with a lower
    bound there, no older copy shipped: ``older_release``, as the upgrade codemods read pins):
    it never ran on a Flask that read FLASK_ENV, so a read of the variable is of the app's own
    setting, which its deployments set for it, and nothing there changed with the removal."""
    specifiers = declared_specifiers(ctx, "flask")
    bounded = bool(specifiers) and all(lowest_version(specifier) is not None for specifier in specifiers)
    return bounded and older_release(ctx, "flask", REMOVED_IN) is None


def _defaults_to_development(read: cst.CSTNode) -> bool:
    """``os.environ.get("FLASK_ENV", default)`` whose default may be ``"development"``."""
    if not isinstance(read, cst.Call):
        return False
    default = next((a.value for a in read.args[1:] if a.keyword is None or a.keyword.value == "default"), None)
    if default is None or (isinstance(default, cst.Name) and default.value == "None"):
        return False
    value = string_value(default)
    return value is None or value == "development"


def _subscript_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_value(node.slice[0].slice.value)


def _is_config_of(node: cst.CSTNode, is_app) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value == "config" and is_app(node.value)
