"""flask-sqlalchemy-3: the pool config keys merged into ``SQLALCHEMY_ENGINE_OPTIONS``.

Flask-SQLAlchemy 2.x built the engine options from the pool keys, then let
``SQLALCHEMY_ENGINE_OPTIONS`` win; 3.0 reads only the latter. So each place that sets pool keys
(a config class, a settings module, ``app.config[...]`` lines of one block, ``update()``
keywords, a dict literal) gets one ``SQLALCHEMY_ENGINE_OPTIONS`` holding them — merged into the
one it already sets, where options already set there win, as before.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._app_config import CONFIG_LOADERS, scan_key
from ._base import Context
from ._config_entries import ConfigContainer, ConfigEntry, config_call_owner
from ._flask import qualified_names, string_value
from ._flask_sqlalchemy_3_reads import read_elsewhere
from ._flask_sqlalchemy_3_values import (
    POOL_OPTIONS,
    body_of,
    bound_names,
    class_sets,
    code,
    dotted,
    has_comments,
    merged,
    names_in,
    never_none,
    node_key,
    plain_dict,
    quote_of,
    sets_pool,
    trailing_comment,
)
from ._node_edits import NodeEdits, parse_statements

OPTIONS = "SQLALCHEMY_ENGINE_OPTIONS"
ENVIRONMENT_READERS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault", "os.environ.pop"})
LINE_LENGTH = 88


def ignored(key: str, reason: str) -> str:
    return (
        f"{key} is ignored since Flask-SQLAlchemy 3.0 (the engine silently keeps its default); "
        f'set SQLALCHEMY_ENGINE_OPTIONS = {{"{POOL_OPTIONS[key]}": ...}} instead: not rewritten, {reason}'
    )


class PoolPlanner:
    def __init__(self, wrapper, ctx: Context, edits: NodeEdits, inits) -> None:
        self.wrapper = wrapper
        self.ctx = ctx
        self.edits = edits
        self.inits = inits  # statements that call SQLAlchemy(app) / db.init_app(app), by app name
        self.module = wrapper.module
        self.classes = {s.name.value: s for s in self.module.body if isinstance(s, cst.ClassDef)}
        self.elsewhere: dict[str, tuple[str, int]] = {}  # pool keys other modules read (_flask_sqlalchemy_3_reads)

    def plan(self, containers: list[ConfigContainer]) -> int:
        read = {
            node_key(m) for m in scan_key(self.wrapper, POOL_OPTIONS).mentions if not self._environment_variable(m)
        }
        planned: list[tuple[ConfigContainer, list[ConfigEntry], str | None]] = []
        keys = {e.key for container in containers for e in container.entries if e.key in POOL_OPTIONS}
        self.elsewhere = read_elsewhere(self.ctx, keys)
        for container in containers:
            pool = [e for e in container.entries if e.key in POOL_OPTIONS]
            if pool:
                planned.append((container, pool, self._problem(container, pool, read)))
        # a class whose options extend a refused ancestor's would find none there
        refused = {c.node.name.value for c, _, problem in planned if c.kind == "class" and problem}
        count = 0
        for container, pool, problem in planned:
            if problem is None and container.kind == "class":
                base = self._options_base(container.node)
                if base is not None and self._lineage_refused(base, refused):
                    problem = f"its base class {base} is not rewritten"
                    refused.add(container.node.name.value)
            if problem is not None:
                self.ctx.finding(pool[0].node, ignored(pool[0].key, problem))
                continue
            self._rewrite(container, pool)
            count += len(pool)
        return count

    def _lineage_refused(self, name: str, refused: set[str]) -> bool:
        seen: set[str] = set()
        while name in self.classes and name not in seen:
            if name in refused:
                return True
            seen.add(name)
            parents = [dotted(b.value) for b in self.classes[name].bases if dotted(b.value) in self.classes]
            name = parents[0] if parents else ""
        return False

    def _environment_variable(self, mention: cst.CSTNode) -> bool:
        """``os.environ.get("SQLALCHEMY_POOL_SIZE")``: the key's name read from the
        environment, not from the config."""
        parents = self.wrapper.resolve(ParentNodeProvider)
        holder = parents.get(mention)
        if isinstance(holder, cst.Index):  # os.environ["..."]
            subscript = parents.get(parents.get(holder))
            return isinstance(subscript, cst.Subscript) and "os.environ" in qualified_names(self.wrapper, subscript.value)
        call = parents.get(holder) if isinstance(holder, cst.Arg) else None
        if isinstance(call, cst.Call) and call.args and call.args[0] is holder:
            return bool(qualified_names(self.wrapper, call.func) & ENVIRONMENT_READERS)
        return False

    # -- when a container cannot be rewritten ---------------------------------------------------
    def _problem(self, container: ConfigContainer, pool: list[ConfigEntry], read: set[str]) -> str | None:
        problem = self._own_problem(container, pool, read)
        for key in [e.key for e in pool if e.key in self.elsewhere] if problem is None else ():  # the finding's key first
            path, line = self.elsewhere[key]
            return f"{path} also uses {key} (line {line}), which the rewrite would take away"
        return problem

    def _own_problem(self, container: ConfigContainer, pool: list[ConfigEntry], read: set[str]) -> str | None:
        keys = {e.key for e in pool}
        if keys & read:
            return "the module also reads it"
        maybe_none = next((e for e in pool if not never_none(self.wrapper, e.value)), None)
        if maybe_none is not None:
            return (
                f"the value of {maybe_none.key} may be None, which Flask-SQLAlchemy 2.x took as not set (the engine "
                "kept its default), while SQLALCHEMY_ENGINE_OPTIONS would pass it to create_engine()"
            )
        if len({e.key for e in pool}) != len(pool):
            return "it is set twice here"
        options = container.keyed(OPTIONS)
        if len(options) > 1:
            return "SQLALCHEMY_ENGINE_OPTIONS is set twice here"
        if options and not plain_dict(options[0].value):
            return "the SQLALCHEMY_ENGINE_OPTIONS set here is not a dict literal to merge into"
        if container.kind in ("keywords", "dict") and has_comments(pool):
            return "its comments would be lost"
        if container.kind == "keywords":
            call = container.node
            assert isinstance(call, cst.Call)
            if any(a.star or a.keyword is None for a in call.args):
                return "the other arguments of this call may set SQLALCHEMY_ENGINE_OPTIONS too"
        if container.kind == "dict" and any(isinstance(e, cst.StarredDictElement) for e in container.node.elements):
            return "the unpacked mapping in this dict may set SQLALCHEMY_ENGINE_OPTIONS too"
        if container.kind == "class":
            problem = self._family_problem(container.node)
            if problem is not None:
                return problem
        if container.kind in ("class", "module", "subscripts"):
            return self._moves_past_assignments(container, pool)
        return None

    def _family_problem(self, cls: cst.ClassDef) -> str | None:
        """Config classes share their settings through inheritance: the options must come out
        the same for every class of the family."""
        bases = [dotted(b.value) for b in cls.bases if b.keyword is None]
        known_bases = [b for b in bases if b != "object"]
        if any(b not in self.classes for b in known_bases):
            return "it inherits from a class defined elsewhere, which may set these options too"
        if len(known_bases) > 1:
            return "the class has several bases"
        family = self._family(cls)
        with_options = [c for c in family if class_sets(c, OPTIONS)]
        if with_options and (len(family) > 1 and (with_options != [cls] or sum(sets_pool(c) for c in family) > 1)):
            return "other classes of its family set SQLALCHEMY_ENGINE_OPTIONS or pool keys too"
        return None

    def _family(self, cls: cst.ClassDef) -> list[cst.ClassDef]:
        """The module's classes connected to ``cls`` by inheritance."""
        family = {cls.name.value}
        changed = True
        while changed:
            changed = False
            for name, other in self.classes.items():
                bases = {dotted(b.value) for b in other.bases}
                if name not in family and (bases & family or name in self._bases_of(family)):
                    family.add(name)
                    changed = True
        return [self.classes[n] for n in family if n in self.classes]

    def _bases_of(self, names: set[str]) -> set[str]:
        return {dotted(b.value) for n in names if n in self.classes for b in self.classes[n].bases}

    def _moves_past_assignments(self, container: ConfigContainer, pool: list[ConfigEntry]) -> str | None:
        body = list(body_of(container))
        target = container.keyed(OPTIONS)[0] if container.keyed(OPTIONS) else pool[-1]
        where = {id(s): i for i, s in enumerate(body)}
        end = where.get(id(target.node))
        if end is None:
            return "cannot tell where its statements are"
        for entry in pool:
            start = where[id(entry.node)]
            low, high = sorted((start, end))
            bound = set()
            for statement in body[low + 1 : high]:
                bound |= bound_names(statement)
            if names_in(entry.value) & bound:
                return f"its value uses a name assigned between it and line {self.ctx.file_line(target.node)}"
        if container.kind == "subscripts":
            return self._app_problem(container.app, target.node)
        return None

    def _app_problem(self, app: str | None, anchor: cst.CSTNode) -> str | None:
        line = self.ctx.line_of(anchor)
        for init, _ in self.inits.get(app, ()):
            if self.ctx.line_of(init) < line:
                return (
                    f"it is set after line {self.ctx.file_line(init)} creates the engine (Flask-SQLAlchemy 3 creates it "
                    "in init_app()): set the options before that"
                )
        for loader in self._loaders(app):
            if self.ctx.line_of(loader) > line:
                return f"config loaded later (line {self.ctx.file_line(loader)}) may replace SQLALCHEMY_ENGINE_OPTIONS"
        return None

    def _loaders(self, app: str | None) -> list[cst.Call]:
        found: list[cst.Call] = []

        class _Finder(cst.CSTVisitor):
            def visit_Call(self, node: cst.Call) -> None:
                func = node.func
                owner = None
                if isinstance(func, cst.Attribute) and func.attr.value in CONFIG_LOADERS:
                    config = func.value
                    if isinstance(config, cst.Attribute) and config.attr.value == "config":
                        owner = dotted(config.value)
                elif config_call_owner(node) is not None and any(
                    a.star or (a.keyword is None and not isinstance(a.value, cst.Dict)) for a in node.args
                ):
                    owner = config_call_owner(node)
                if owner is not None and owner == app:
                    found.append(node)

        self.module.visit(_Finder())
        return found

    # -- the rewrite ----------------------------------------------------------------------------
    def _rewrite(self, container: ConfigContainer, pool: list[ConfigEntry]) -> None:
        options = container.keyed(OPTIONS)
        quote = quote_of(pool[0])
        if options:
            existing = options[0].value
            assert isinstance(existing, cst.Dict)
            taken = {string_value(e.key) for e in existing.elements if isinstance(e, cst.DictElement)}
            added = [e for e in pool if POOL_OPTIONS[e.key] not in taken]
            self.edits.replace_node(existing, merged(existing, added, quote))
            for entry in pool:
                self.edits.remove(entry.node)
            return
        prefix: list[str] = []
        if container.kind == "class":
            base = self._options_base(container.node)
            if base is not None:
                prefix.append(f"**{base}.{OPTIONS}")
        suffix: list[str] = []
        if container.app is not None and any(
            self.ctx.line_of(loader) < self.ctx.line_of(pool[-1].node) for loader in self._loaders(container.app)
        ):
            suffix.append(f"**{container.app}.config.get({quote}{OPTIONS}{quote}, {{}})")
        last = pool[-1]
        self.edits.replace_node(last.node, self._new_entry(container, pool, prefix, suffix, quote))
        for entry in pool[:-1]:
            self.edits.remove(entry.node)

    def _options_base(self, cls: cst.CSTNode) -> str | None:
        """The base class whose options these extend, when an ancestor sets pool keys too."""
        assert isinstance(cls, cst.ClassDef)
        bases = [dotted(b.value) for b in cls.bases if b.keyword is None and dotted(b.value) in self.classes]
        if not bases:
            return None
        ancestor = self.classes[bases[0]]
        seen = set()
        while ancestor is not None and ancestor.name.value not in seen:
            seen.add(ancestor.name.value)
            if sets_pool(ancestor):
                return bases[0]
            parents = [dotted(b.value) for b in ancestor.bases if dotted(b.value) in self.classes]
            ancestor = self.classes[parents[0]] if parents else None
        return None

    def _new_entry(self, container, pool, prefix, suffix, quote) -> cst.CSTNode:
        items = prefix + [f"{quote}{POOL_OPTIONS[e.key]}{quote}: {code(e.value)}" for e in pool] + suffix
        comments = [trailing_comment(e.node) for e in pool] if container.kind in ("class", "module", "subscripts") else []
        if container.kind in ("keywords", "dict"):
            one_line = "{" + ", ".join(items) + "}"
            if len(one_line) + len(OPTIONS) + 30 > LINE_LENGTH:
                one_line = "{\n" + "".join(f"    {item},\n" for item in items) + "}"
            value = cst.parse_expression(one_line)
        if container.kind == "keywords":
            return cst.Arg(
                value,
                keyword=cst.Name(OPTIONS),
                equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
                comma=pool[-1].node.comma,
            )
        if container.kind == "dict":
            return pool[-1].node.with_changes(key=cst.SimpleString(f"{quote}{OPTIONS}{quote}"), value=value)
        target = OPTIONS if container.kind != "subscripts" else f"{container.app}.config[{quote}{OPTIONS}{quote}]"
        single = f"{target} = {{" + ", ".join(items) + "}"
        if any(comments) or len(single) + 8 > LINE_LENGTH:
            lines = [f"{target} = {{"]
            comment_for = [""] * len(prefix) + [c for c in comments] + [""] * len(suffix)
            for item, note in zip(items, comment_for):
                lines.append(f"    {item},{'  ' + note if note else ''}")
            lines.append("}")
            text = "\n".join(lines)
        else:
            text = single
        statement = parse_statements(self.module, text)[0]
        leading = []
        for entry in pool:
            lines = list(entry.node.leading_lines)
            leading.extend(lines if entry is pool[0] else [line for line in lines if line.comment is not None])
        return statement.with_changes(leading_lines=leading)
