"""open-with, analysis: which statements to wrap in a with-block, and why (not).

``analyse`` reads a module (with LibCST's scope metadata, which also answers qualified names,
and the ``Index`` built in one pass: parents, candidate calls, names) and produces a ``Plan``
(see ``_open_with_plan``): the regions of statements to wrap, the openers to replace by a
handle name, and a finding for every opener it leaves alone. It never changes the tree; see
``_open_with_rewrite`` for that.

The steps, each in its own module: which candidate calls are openers (``_open_with_openers``);
for each, the statement to wrap and how the handle is used there (``_open_with_placement``,
``_open_with_uses``); then the region of an inline opener (``_open_with_inline``) or of a bound
handle (``_open_with_lifetime``); finally the regions of each block are nested, merged and
their new handles named (``_open_with_regions``).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._open_with_index import Index
from ._open_with_inline import InlinePlanner
from ._open_with_lifetime import BindingPlanner
from ._open_with_names import NameTable
from ._open_with_openers import OpenerFinder
from ._open_with_placement import Placement
from ._open_with_plan import BIND, DERIVED_BIND, Opener, Plan, Refusal, Region, Use, subtree
from ._open_with_regions import RegionArranger
from ._open_with_uses import UseReader
from ._open_with_tree import Tree, source_excerpt
from ._open_with_kernel_files import writes_kernel_file
from ._open_with_messages import KERNEL_WRITE, UNMANAGED_ON_PYTHON
from ._names import dotted_name
from ._resource_factories import managed_on


def analyse(
    wrapper: MetadataWrapper,
    index: Index,
    cite: Callable[[int], int] | None = None,
    oldest_python: Callable[[], tuple[int, ...] | None] = lambda: None,
    replaced: Callable[[frozenset[str], str | None], str | None] = lambda names, spelling: None,
    taken: Callable[[str], str | None] = lambda name: None,
) -> Plan:
    """The plan for ``wrapper.module`` (open-with's ``METADATA`` resolved on ``wrapper``; ``index`` is
    the ``Index`` of ``wrapper.module``; ``cite``: a line of it -> the line a message names, ``Context.file_line``;
    ``oldest_python``: the oldest Python the project declares, asked only of a handle that is
    no context manager on some Python; ``replaced``: an opener's qualified names and spelling ->
    why the project's tests keep it out of a with-block, see ``_open_with_test_doubles``; ``taken``: a
    module-level name -> the project module that takes it from this one, see ``_names_taken``)."""
    tree = Tree(wrapper, wrapper.resolve(ParentNodeProvider), cite)
    names = NameTable(tree, index)
    use_reader = UseReader(tree)
    plan = Plan()

    finder = OpenerFinder(tree, index)
    openers = [opener for opener in map(finder.opener_of, index.calls) if opener is not None]
    placement = Placement(tree, use_reader, {opener.call for opener in openers})

    def refused(opener: Opener, refusal: Refusal) -> None:
        if not refusal.silent and refusal.message:  # no message: nothing needs changing
            plan.findings.append((opener.call, refusal.message))

    def faked_by_tests(opener: Opener) -> bool:
        """Whether a test hands the code a fake no with-block can enter (then refused, with the
        finding): asked only of an opener the codemod would wrap, so that one it leaves for
        another reason (closed already, say) gets no word about the tests."""
        faked = replaced(frozenset(tree.qnames(opener.call.func)), dotted_name(opener.call.func))
        if faked is not None:
            refused(opener, Refusal(faked))
        return faked is not None

    inline: dict[cst.CSTNode, list[tuple[Opener, Use]]] = {}
    bindings: list[tuple[Opener, Use, cst.CSTNode]] = []
    for opener in openers:
        try:
            statement, use = placement.place(opener)
            unmanaged_on(opener, oldest_python)
        except Refusal as refusal:
            refused(opener, refusal)
            continue
        if use.kind in (BIND, DERIVED_BIND):
            bindings.append((opener, use, statement))
        elif writes_kernel_file(opener):  # never closed by the code: see _open_with_kernel_files
            refused(opener, Refusal(KERNEL_WRITE))
        elif not faked_by_tests(opener):
            inline.setdefault(statement, []).append((opener, use))

    regions: list[Region] = []
    inline_planner = InlinePlanner(tree, names, plan)
    for statement, entries in inline.items():
        regions.extend(inline_planner.inline_region(statement, entries))
    binding_planner = BindingPlanner(tree, names, use_reader, taken)
    for opener, use, statement in bindings:
        try:
            region = binding_planner.binding_region(opener, use, statement)
        except Refusal as refusal:
            refused(opener, refusal)
            continue
        if region.kind == "free" and writes_kernel_file(opener):  # no close of its own
            refused(opener, Refusal(KERNEL_WRITE))
            continue
        if not faked_by_tests(opener):
            regions.append(region)
    RegionArranger(tree, names, plan).arrange(regions)
    _record_columns(tree, plan)
    plan.findings.sort(key=lambda entry: tree.start(entry[0]))
    return plan


def unmanaged_on(opener: Opener, oldest_python: Callable[[], tuple[int, ...] | None]) -> None:
    """Refusal when the handle is no context manager on the oldest Python the project declares
    (a GzipFile on 2.6: ``with`` raises AttributeError there)."""
    since = opener.spec.managed_since
    if since is None:
        return
    python = oldest_python()
    if python is not None and not managed_on(opener.spec, python):
        raise Refusal(UNMANAGED_ON_PYTHON.format(callee=source_excerpt(opener.call.func), python=".".join(map(str, python[:2])), since=".".join(map(str, since[python[0] - 2]))))


def _record_columns(tree: Tree, plan: Plan) -> None:
    """Where each opener over several lines starts on its statement's first line: the
    rewriter moves it into the with header and lines its continuation lines up again."""
    for roots in plan.regions.values():
        for region in (r for root in roots for r in subtree(root)):
            for item in region.items:
                call = item.opener.call
                if call.lpar or "\n" not in tree.module.code_for_node(call):
                    continue
                statement = region.owner.body[item.binding if item.binding is not None else region.start]  # type: ignore[attr-defined]
                plan.columns[call] = tree.start(call)[1] - tree.start(statement)[1]
