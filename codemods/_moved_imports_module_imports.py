"""moved-imports: ``import OLD``, the imports of whole modules. ``import flask.ext.X`` becomes
``import flask_X`` with the chains spelled from it; an import of a removed module, or of a root
(``import jinja2``) whose every use was spelled anew, gives way to the modules of the new
spellings; a module imported under another name only gets a finding.

``ModuleImports`` holds these steps of the module's ``Planner`` (``_moved_imports_plan``),
which it is mixed into: they use its names, context, plan, findings and the chains it has
rewritten.
"""

from __future__ import annotations

import libcst as cst

from ._moved_imports_catalogue import ROOTS, destination, removed_module
from ._moved_imports_rewrite import modules_in_place_of
from ._names_taken import taken_elsewhere
from ._upgrade_support import dotted, expression, without_aliases


class ModuleImports:
    """``import OLD``: the part of ``Planner`` that plans imports of whole modules."""

    def _import(self, statement: cst.Import) -> None:
        line = self.names.parent(statement)
        replacements: dict[int, list[cst.ImportAlias]] = {}
        for index, alias in enumerate(statement.names):
            name = dotted(alias.name) or ""
            where = destination(self.ctx, name)
            if where is None:
                aliases = self._import_of_rewritten_root(statement, alias, name)
                if aliases is not None:
                    replacements[index] = aliases
                continue
            if where[0] in ("report", "deprecated") and alias.asname is None and removed_module(name) is not None:
                aliases = self._import_of_removed_module(statement, name)
                if aliases is not None:
                    replacements[index] = aliases
                    continue
            if where[0] != "move":
                self.report(statement, where[1])
            elif alias.asname is not None:  # import flask.ext.sqlalchemy as fsa -> import flask_sqlalchemy as fsa
                # the alias that names the new module itself says nothing: import flask_login, not "as flask_login"
                bound = dotted(alias.asname.name) if "." not in where[1] else None
                kept = {"asname": None} if bound == where[1] else {}
                replacements[index] = [alias.with_changes(name=expression(where[1]), comma=cst.MaybeSentinel.DEFAULT, **kept)]
            else:
                aliases = self._import_of_ext(statement, name, where[1])
                if aliases is not None:
                    replacements[index] = aliases
        if not replacements:
            return
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            self.report(statement, "modules imported here moved, but this import shares its line with other statements (not changed)")
            return
        self.plan.rewrites += len(replacements)
        if len(statement.names) == 1 and len(replacements[0]) == 1:  # one alias for one: the line keeps its shape
            self.plan.edits.rebuild(statement, lambda node: node.with_changes(names=replacements[0]))
            return
        rest = without_aliases(statement, set(replacements))
        new_lines = [line.with_changes(body=[rest])] if rest is not None else []
        for index in sorted(replacements):
            new_lines.extend(cst.SimpleStatementLine(body=[cst.Import(names=[a])]) for a in replacements[index])
        self.plan.edits.replace_statement(line, new_lines)

    def _import_of_ext(self, statement: cst.Import, name: str, new: str) -> list[cst.ImportAlias] | None:
        """``import flask.ext.X`` -> ``import flask_X``, its chains ``flask.ext.X.Y`` -> ``flask_X.Y``
        (and ``import flask`` kept when ``flask`` itself is still used)."""
        own = self._own_assignments(statement)
        root_name = name.split(".")[0]
        full, root = own.get(name), own.get(root_name)
        middle = [a for n, a in own.items() if name.startswith(n + ".") and n != root_name]  # flask.ext
        if full is None or any(a.references for a in middle) or new.split(".")[0] in self.used:
            self.report(statement, f"{name} is now {new}: not changed, its uses could not all be followed")
            return None
        references = [access.node for access in full.references]
        if any(dotted(r) != name or self.names.guarded(r) for r in references):
            self.report(statement, f"{name} is now {new}: not changed, one of its uses is guarded or spelled differently")
            return None
        replacement = expression(new)
        for reference in references:
            self._mark(reference)
            self.plan.edits.replace_node(reference, replacement)
        aliases = [cst.ImportAlias(name=expression(new))]
        if self._root_still_needed(statement, root):
            aliases.insert(0, cst.ImportAlias(name=cst.Name(root_name)))
        return aliases

    def _root_still_needed(self, statement: cst.Import, root: object) -> bool:
        """``import flask.ext.X`` also bound ``flask``: is that binding used, with no other
        import of it in the same scope?"""
        if root is None or not getattr(root, "references", None):
            return False
        scope = self.names.scope(statement)
        others = [a for a in scope.assignments[root.name] if getattr(a, "node", None) is not statement]  # type: ignore[attr-defined]
        return not others

    def _import_of_removed_module(self, statement: cst.Import, name: str) -> list[cst.ImportAlias] | None:
        """``import werkzeug.contrib.fixers`` whose every use was spelled anew (they are
        ``werkzeug.middleware.proxy_fix.ProxyFix`` now): the import goes, ``import werkzeug``
        stays when ``werkzeug`` is used otherwise. None when some use was not rewritten."""
        own = self._own_assignments(statement)
        root_name = name.split(".")[0]
        uses = [access.node for n, a in own.items() if n != root_name for access in a.references]
        modules = modules_in_place_of(uses, self.rewritten, self._chain_module, self.names.module)  # they take the old one's place
        if modules is None:
            return None
        if not modules and self._root_still_needed(statement, own.get(root_name)):
            modules.append(root_name)
        return [cst.ImportAlias(name=expression(module)) for module in modules]

    def _import_of_rewritten_root(self, statement: cst.Import, alias: cst.ImportAlias, name: str) -> list[cst.ImportAlias] | None:
        """``import jinja2`` whose every use was spelled anew (``jinja2.Markup`` is
        ``markupsafe.Markup`` now): the new modules take its place, rather than an import
        nothing uses (flake8's F401) and the new one apart from it. Not an aliased import,
        nor one in a package's ``__init__.py`` (other modules may import the name from it) or
        in a module another module of the project takes the name from (a test's star import
        of it: ``_names_taken``), nor one a new spelling still goes through (``flask.abort``)."""
        if alias.asname is not None or name not in ROOTS or self.ctx.path.rpartition("/")[2] == "__init__.py":
            return None
        root = self._own_assignments(statement).get(name)
        modules = modules_in_place_of([a.node for a in root.references] if root else [], self.rewritten, self._chain_module, self.names.module)
        if modules is None or any(
            spelled.split(".")[0] == name and spelled.rpartition(".")[0] not in modules for spelled in self.spellings.spelled
        ):
            return None
        if taken_elsewhere(self.ctx, name) is not None:
            return None
        return [cst.ImportAlias(name=expression(module)) for module in modules]

    def _chain_module(self, node: cst.CSTNode) -> str | None:
        current: cst.CSTNode | None = node
        while current is not None and id(current) not in self.chain_modules:
            current = self.names.parent(current)
        return self.chain_modules.get(id(current)) if current is not None else None

    def _own_assignments(self, statement: cst.Import) -> dict:
        scope = self.names.scope(statement)
        return {a.name: a for a in scope.assignments if getattr(a, "node", None) is statement} if scope else {}
