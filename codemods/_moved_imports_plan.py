"""moved-imports: find the legacy names a module uses and plan their new imports.

Three shapes of use, each resolved by qualified name:

- ``from OLD import name [as alias]``: the alias moves to ``from NEW import ...`` (or to
  ``import flask_X as X`` for ``from flask.ext import X``); names that stay keep their line;
- ``import flask.ext.X`` (and removed modules imported whole): the statement and the
  attribute chains spelled from it (``flask.ext.X.Y``) change together
  (``_moved_imports_module_imports``);
- ``werkzeug.secure_filename`` after ``import werkzeug``: the chain is spelled anew
  (``werkzeug.utils.secure_filename``) and ``import werkzeug.utils`` is added.

Every use of a binding changes or none does: when one use cannot follow (it is guarded, or
``flask.safe_join`` is not called), the binding stays and a finding says why.
"""

from __future__ import annotations

from functools import cached_property

import libcst as cst

from ._base import Context
from ._flask_versions import available, format_version, werkzeug_at_least
from ._moved_imports_catalogue import (
    PROXY_FIX, REMOVED_FLASK_NAMES, REMOVED_FROM_SUBMODULE, ROOTS, SAFE_JOIN, destination, flask_ext_module, module_removed, removed_module,
    removed_later, stays_behind,
)
from ._moved_imports_jinja import JINJA_PASS_MOVES, jinja_pass_refusal
from ._moved_imports_module_imports import ModuleImports
from ._moved_imports_rewrite import grouped_lines, or_abort
from ._imports import joins_existing
from ._names import bound_name, used_names
from ._node_fields import child_nodes
from ._upgrade_support import (
    ImportPlanner,
    ImportStatements,
    Names,
    comments_in,
    dotted,
    expression,
    import_source,
    without_aliases,
)

_PROXY_FIXES = frozenset({PROXY_FIX, "werkzeug.contrib.fixers.ProxyFix"})


class _Movable:
    """The qualified names whose chains ``Planner._chain`` acts on: those with a destination
    at the target version, but for ``flask.ext.*`` (each starts with one of ROOTS)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def __contains__(self, qualified: object) -> bool:
        return (
            isinstance(qualified, str)
            and qualified.partition(".")[0] in ROOTS
            and not qualified.startswith("flask.ext.")
            and destination(self.ctx, qualified) is not None
        )


_STAR_LEGACY = {"flask": ("escape", "Markup", "safe_join"), "jinja2": ("escape", "Markup")}


class _Collect(ImportStatements):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[cst.Attribute] = []
        self.calls: list[cst.Call] = []
        self.names: list[cst.Name] = []

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attributes.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def visit_Name(self, node: cst.Name) -> None:
        self.names.append(node)


class Planner(ModuleImports, ImportPlanner):
    def __init__(self, names: Names, ctx: Context) -> None:
        super().__init__(names, ctx)
        self.rewritten: set[int] = set()  # ids of the nodes inside rewritten chains
        self.chain_modules: dict[int, str] = {}  # id(rewritten chain) -> the module its new spelling imports
        self.reported: set[tuple[int, str]] = set()  # (id of the line, what was said of it)

    @cached_property
    def movable(self) -> _Movable:
        return _Movable(self.ctx)

    @cached_property
    def used(self) -> set[str]:
        """Every identifier the module spells (a walk of it, made when first needed)."""
        return used_names(self.names.module)

    # -- the whole module ---------------------------------------------------------------------------
    def plan_module(self) -> None:
        found = _Collect()
        self.names.module.visit(found)
        for attribute in found.attributes:
            self._chain(attribute)
        for statement in found.imports:
            if not self.names.guarded(statement):
                if isinstance(statement, cst.ImportFrom):
                    self._from_import(statement, found.names)
                else:
                    self._import(statement)
        for call in found.calls:
            self._proxy_fix_arguments(call)

    def report(self, node: cst.CSTNode, message: str) -> None:
        """Say ``message`` of ``node``'s line, once: a line holding several legacy names gets
        each different thing there is to say of them."""
        key = (id(self.names.line_of(node) or node), message)
        if key not in self.reported:
            self.reported.add(key)
            self.ctx.finding(node, message)

    # -- werkzeug.secure_filename, flask.Markup, flask.safe_join after `import werkzeug` ---------------
    def _chain(self, node: cst.Attribute) -> None:
        if id(node) in self.rewritten or not self.names.may_refer_to(node, self.movable, ROOTS):
            return
        qualified = self.names.only_qualified(node)
        if qualified is None or qualified.startswith("flask.ext."):
            return  # flask.ext chains change with their import
        where = destination(self.ctx, qualified)
        if where is None or self.names.guarded(node):
            return
        if where[0] != "move":
            # flask.helpers.locked_cached_property after `import flask`, werkzeug.utils.escape and
            # werkzeug.cookie_date after `import werkzeug`
            if qualified in REMOVED_FLASK_NAMES or qualified in REMOVED_FROM_SUBMODULE or removed_later(qualified):
                self.report(node, where[1])
            return
        new = where[1]
        if dotted(node) != qualified:  # import werkzeug as wz; wz.secure_filename(...)
            self.report(node, f"{qualified} is now {new}: not changed, as the module is imported under another "
                        "name here; import the new name")
            return
        spelled = self.spellings.of(node, new, from_import=False)
        if spelled is None:
            self.report(node, f"{qualified} is now {new}: not changed, the name {new.split('.')[0]!r} means something else here")
            return
        if new == SAFE_JOIN and not self._plan_safe_join([node]):
            return
        self._mark(node)
        if spelled == new:  # through `import <module>`: an import of a removed module may give way to it
            self.chain_modules[id(node)] = new.rpartition(".")[0]
        replacement = expression(spelled)
        self.plan.edits.replace_node(node, replacement)
        self.plan.rewrites += 1

    def _mark(self, node: cst.CSTNode) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            self.rewritten.add(id(current))
            stack.extend(child_nodes(current))

    # -- flask.safe_join(...) -> werkzeug.utils.safe_join(...) or abort(404) -------------------------
    def _plan_safe_join(self, references: list[cst.CSTNode]) -> bool:
        """Plan ``or abort(404)`` after every call; False (and a finding) when one use is not
        a call, or ``abort`` cannot be named."""
        calls = []
        for reference in references:
            call = self.names.parent(reference)
            if not isinstance(call, cst.Call) or call.func is not reference or self.names.guarded(reference):
                self.report(reference, "flask.safe_join is removed in Flask 2.1; werkzeug.utils.safe_join returns None "
                            "where it raised NotFound: not changed, as this use is not a plain call")
                return False
            calls.append(call)
        spellings = []
        for call in calls:
            abort = self.spellings.of(call, "flask.abort", from_import=True)
            if abort is None:
                self.report(call, "flask.safe_join is removed in Flask 2.1: not changed, the name 'abort' is taken here "
                            "(use werkzeug.utils.safe_join and abort(404) when it returns None)")
                return False
            spellings.append(abort)
        for call, spelled in zip(calls, spellings):
            self.plan.edits.rebuild(call, or_abort(self.names.parent(call), spelled))
        return True

    # -- from OLD import name ------------------------------------------------------------------------
    def _from_import(self, statement: cst.ImportFrom, names: list[cst.Name]) -> None:
        source = import_source(statement)
        if source is None:
            return
        if isinstance(statement.names, cst.ImportStar):
            self._star(statement, source, names)
            return
        moves: list[tuple[int, str, str | None, str]] = []  # (index, new module, new name or None, bound name)
        kept: list[str] = []  # names of a deprecated module that have no new home at the target
        deprecated: str | None = None  # why the module they stay in is deprecated at the target
        jinja_left: list[tuple[str, str]] = []  # Jinja's old decorators kept: one sentence names them all
        for index, alias in enumerate(statement.names):
            name = dotted(alias.name) or ""
            where = destination(self.ctx, f"{source}.{name}")
            if where is None or where[0] == "deprecated":
                kept.append(name)
                deprecated = deprecated or (where[1] if where is not None else None)
                continue
            if where[0] != "move":
                if f"{source}.{name}" in JINJA_PASS_MOVES:
                    jinja_left.append((f"{source}.{name}", JINJA_PASS_MOVES[f"{source}.{name}"]))
                else:
                    self.report(statement, where[1])
                continue
            new = where[1]
            bound = bound_name(alias, from_import=True)
            if new == SAFE_JOIN:
                references = self.names.import_references(statement, bound)
                if references is None:
                    self.report(statement, f"flask.safe_join is now {SAFE_JOIN}: not changed, as the name {bound!r} "
                                "is bound more than once here")
                    continue
                if not self._plan_safe_join(references):
                    continue
            module, _, last = new.rpartition(".")
            if not module:  # from flask.ext import sqlalchemy -> import flask_sqlalchemy as sqlalchemy
                moves.append((index, new, None, bound))
                continue
            if last != name and alias.asname is None and self._rename_uses(statement, name, last):
                bound = last
            moves.append((index, module, last, bound))
        if jinja_left:
            said = jinja_pass_refusal(self.ctx, jinja_left)
            assert said is not None  # destination() refused each for the same reason
            self.report(statement, said)
        if moves:
            self._replace_from(statement, source, moves)
            if (behind := stays_behind(source, kept)) is not None:
                self.report(statement, behind)
        elif deprecated is not None:  # none of its names move: the module is still said to go
            self.report(statement, deprecated)

    def _rename_uses(self, statement: cst.ImportFrom, old: str, new: str) -> bool:
        """Rename the uses of ``old`` to ``new`` (``BaseRequest`` -> ``Request``) when nothing
        else could see the difference (Names.renamable_uses)."""
        uses = self.names.renamable_uses(statement, old, new, self.used, self.ctx)
        if uses is None:
            return False
        for use in uses:
            self.plan.edits.replace_node(use, use.with_changes(value=new))
        return True

    def _replace_from(self, statement: cst.ImportFrom, source: str, moves: list[tuple[int, str, str | None, str]]) -> None:
        line = self.names.parent(statement)
        assert isinstance(line, cst.SimpleStatementLine)
        self.plan.rewrites += len(moves)
        names = statement.names
        assert not isinstance(names, cst.ImportStar)
        modules = {module for _, module, name, _ in moves if name is not None}
        same_names = all(name == dotted(names[i].name) for i, _, name, _ in moves)
        plain = [m for m in moves if m[2] is not None and m[2] == m[3]]
        if (
            len(plain) == len(moves) == len(names) and len(modules) == 1 and len(line.body) == 1
            and self.names.at_module_level(line) and not comments_in(line)
            and joins_existing(self.names.module, next(iter(modules)))
        ):  # the names join the module's own one-line import of their new module
            for index, module, name, _ in plain:
                self.plan.edits.remove(names[index])
                self.plan.edits.add_import(module, name, beside=source)
            return
        if len(moves) == len(names) and len(modules) == 1 and same_names and all(n is not None for _, _, n, _ in moves):
            new_module = expression(modules.pop())
            self.plan.edits.rebuild(statement, lambda node: node.with_changes(module=new_module))
            return
        new_lines = grouped_lines(moves)
        rest = without_aliases(statement, {i for i, _, _, _ in moves})
        if len(line.body) != 1:
            self.report(statement, f"{source}: names here moved, but this import shares its line with other statements (not changed)")
            self.plan.rewrites -= len(moves)
            return
        # comments inside what goes (after a name, or after the opening parenthesis) stay, above the new lines
        comments = comments_in(statement, without=rest)
        if comments:
            new_lines[0] = new_lines[0].with_changes(leading_lines=comments)
        if rest is None:
            self.plan.edits.replace_statement(line, new_lines)
            return
        self.plan.edits.replace_node(statement, rest)
        if self.names.at_module_level(line) and len(plain) == len(moves) and not comments:
            for _, module, name, _ in plain:
                self.plan.edits.add_import(module, name, beside=source)
        else:  # the line's comment lines go above the first new statement: the line itself, here
            self.plan.edits.replace_statement(line, [line.with_changes(body=[rest], leading_lines=()), *new_lines])

    def _star(self, statement: cst.ImportFrom, source: str, names: list[cst.Name]) -> None:
        ext = flask_ext_module(source)
        if ext is not None and (why := destination(self.ctx, source)) is not None and why[0] == "report":
            self.report(statement, why[1])
            return
        if ext is not None:
            self.plan.edits.rebuild(statement, lambda node: node.with_changes(module=expression(ext)))
            self.plan.rewrites += 1
            return
        gone = removed_module(source)
        if gone is not None and (said := module_removed(self.ctx, gone)) is not None:
            self.report(statement, said)
        elif gone is not None and (left := destination(self.ctx, source)) is not None and left[0] in ("left", "deprecated"):
            self.report(statement, left[1])
        elif source == "werkzeug" and werkzeug_at_least(self.ctx, (1, 0)):
            self.report(statement, "from werkzeug import * no longer provides the names that moved to werkzeug's "
                        "submodules in Werkzeug 1.0: import each name from its submodule")
        elif source in _STAR_LEGACY:
            free = sorted({n.value for n in names if n.value in _STAR_LEGACY[source] and not self.names.qualified(n)})
            for name in free:
                where = destination(self.ctx, f"{source}.{name}")
                if where is not None and where[0] == "move":
                    self.report(statement, f"{name} (from {source} import *) is now {where[1]}: import it from there")

    # -- ProxyFix(app, num_proxies=N) -> ProxyFix(app, x_for=N) ---------------------------------------------
    def _proxy_fix_arguments(self, call: cst.Call) -> None:
        if not self.names.qualified_among(call.func, _PROXY_FIXES) or self.names.guarded(call):
            return
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
        old = keywords.get("num_proxies")
        if old is None:
            return
        if available(self.ctx, (1, 1)) and "x_for" not in keywords and isinstance(old.value, cst.Integer):
            self.plan.edits.rebuild(old, lambda node: node.with_changes(keyword=cst.Name("x_for")))
            self.plan.rewrites += 1
        elif werkzeug_at_least(self.ctx, (1, 0)):
            self.report(call, "ProxyFix's num_proxies= was removed in Werkzeug 1.0: pass x_for= (the number of proxies "
                        "that set X-Forwarded-For)")
