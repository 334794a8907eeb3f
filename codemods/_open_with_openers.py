"""open-with, openers: which candidate calls are openers, of what family, in what mode.

A call is an opener when every qualified name its callee may have is the same opener of the
catalogue (``builtins.open``, ``gzip.open`` …), or when it is ``.open()`` on a freshly made
``pathlib.Path``. A call spelled ``open(...)`` that is not (or may not be) the builtin is an
opener with a *problem*: reported, never rewritten.

``may_be_opener`` rules out, before any scope is asked, the candidate calls whose spelling
and the module's imports leave no opener among their possible qualified names
(``_name_candidates``: a superset of what the scopes can give): ``self.open(p)``,
``webbrowser.open(url)``. ``opener_of`` says None for them without a lookup (which would
analyse the function's body), and a module none of whose calls may be one is left alone.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameSource

from ._flask import string_value
from ._name_candidates import candidates_of, roots_of
from ._open_with_catalog import OPENERS, PATH_CLASSES, PATH_OPEN, STAR_IMPORTS_WITH_OPEN, OpenerSpec
from ._open_with_index import Index
from ._open_with_messages import AMBIGUOUS, BUILTINS_REPLACED, NOT_BUILTIN, REDEFINED, STAR_SHADOWS
from ._open_with_plan import Opener
from ._open_with_tree import Tree, source_excerpt
from ._resource_factories import factory_names


class OpenerFinder:
    def __init__(self, tree: Tree, index: Index) -> None:
        self.tree = tree
        self.index = index

    def opener_of(self, call: cst.Call) -> Opener | None:
        """The opener ``call`` is, or None. An ``open`` that is not the builtin (or may not be)
        is an opener with a ``problem``: reported, never rewritten."""
        if not may_be_opener(call, self.tree.module):
            return None  # (what _resolved_opener says of it: see may_be_opener)
        return self._resolved_opener(call)

    def _resolved_opener(self, call: cst.Call) -> Opener | None:
        """``opener_of``, asking the scopes."""
        tree = self.tree
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "open" and isinstance(func.value, cst.Call):
            makers = tree.qnames(func.value.func)
            if makers and makers <= PATH_CLASSES:
                return Opener(call, PATH_OPEN, _reads(call, PATH_OPEN))
        names = factory_names(call, tree.qnames)  # open(p).read() is no opener: its inner open(p) is
        specs = {OPENERS.get(n) for n in names}
        if names and len(specs) == 1 and None not in specs:
            spec = specs.pop()
            assert spec is not None
            problem = self._builtin_open_problem() if "builtins.open" in names else None
            return Opener(call, spec, _reads(call, spec), problem)
        if names & OPENERS.keys() and not (isinstance(func, cst.Name) and func.value == "open"):
            # an opener on one path, something else (or another opener) on another
            targets = " or ".join(sorted(names & OPENERS.keys())) + (" or something else" if names - OPENERS.keys() else "")
            problem = AMBIGUOUS.format(callee=source_excerpt(func), targets=targets)
            return Opener(call, next(OPENERS[n] for n in sorted(names) if n in OPENERS), False, problem)
        if isinstance(func, cst.Name) and func.value == "open":
            if any(q.source == QualifiedNameSource.LOCAL for q in tree.qualified_names(func)):
                problem = REDEFINED
            else:
                targets = sorted(names - {"builtins.open"}) or ["an unknown object"]
                problem = NOT_BUILTIN.format(target=", ".join(targets))
            return Opener(call, OPENERS["builtins.open"], False, problem)
        return None

    def _builtin_open_problem(self) -> str | None:
        for star in self.index.star_imports:
            module_name = source_excerpt(star.module) if star.module is not None else ""
            if not star.relative and module_name in STAR_IMPORTS_WITH_OPEN:
                return STAR_SHADOWS.format(module=module_name)
        for node, target in self.index.builtins_writes:
            if (isinstance(target, cst.Name) and target.value == "__builtins__") or "builtins" in self.tree.qnames(target):
                return BUILTINS_REPLACED.format(line=self.tree.cited_line(node))
        return None


_ROOTS = roots_of([*OPENERS, *PATH_CLASSES])


def may_be_opener(call: cst.Call, module: cst.Module) -> bool:
    """False only when ``opener_of(call)`` is None whatever the scopes say: the callee is not
    spelled ``open``, none of its possible qualified names is an opener, and for
    ``X(...).open()`` none of ``X``'s is a Path class (``opener_of`` would ask the scopes for
    exactly those names, and find an opener only among them). ``module``: the one ``call``
    is in, whose imports are read (once) only for a callee not spelled ``open``."""
    func = call.func
    if type(func) is cst.Name and func.value == "open":
        return True  # an opener, or one with a problem
    candidates = candidates_of(module)
    if candidates.may_refer_to(func, OPENERS, _ROOTS):
        return True
    return (
        type(func) is cst.Attribute
        and func.attr.value == "open"
        and type(func.value) is cst.Call
        and candidates.may_refer_to(func.value.func, PATH_CLASSES, _ROOTS)
    )


def _reads(call: cst.Call, spec: OpenerSpec) -> bool:
    """The opener's mode is a literal that only reads (no ``w``, ``a``, ``x`` or ``+``)."""
    if spec.family == "url":
        return True
    mode_node: cst.BaseExpression | None = None
    position = 0
    for arg in call.args:
        if arg.star:
            return False  # *args / **kwargs may carry the mode
        if arg.keyword is None:
            if position == spec.mode_position:
                mode_node = arg.value
            position += 1
        elif arg.keyword.value == spec.mode_keyword:
            mode_node = arg.value
    mode = spec.default_mode if mode_node is None else string_value(mode_node)
    return mode is not None and not any(c in mode for c in "wax+")
