"""open-with, regions: the with-blocks of one block, arranged.

Regions found one opener at a time may overlap, nest or follow each other. ``RegionArranger``
keeps those that can nest (growing a region only where that closes no handle later than the
original did), merges ``a = open(x)`` directly followed by ``b = open(y)`` into one
``with open(x) as a, open(y) as b:``, and names the inline handles.
"""

from __future__ import annotations

import libcst as cst

from ._open_with_messages import OVERLAP
from ._open_with_names import NameTable
from ._open_with_plan import Plan, Region, nest, subtree
from ._open_with_tree import Tree


class RegionArranger:
    def __init__(self, tree: Tree, names: NameTable, plan: Plan) -> None:
        self.tree = tree
        self.names = names
        self.plan = plan

    def arrange(self, regions: list[Region]) -> None:
        by_owner: dict[cst.CSTNode, list[Region]] = {}
        for region in regions:
            by_owner.setdefault(region.owner, []).append(region)
        arranged: list[Region] = []
        for owner, group in by_owner.items():
            roots = nest(self.resolve_overlaps(owner, group))
            for root in roots:
                self.merge(root)
            self.plan.regions[owner] = roots
            arranged.extend(region for root in roots for region in subtree(root))
        self.name_inline_items(arranged)
        for region in arranged:
            self.plan.rewrites += len(region.items)

    def resolve_overlaps(self, owner: cst.CSTNode, group: list[Region]) -> list[Region]:
        accepted: list[Region] = []
        for region in sorted(group, key=lambda r: (r.start, -r.end)):
            overlapping = [a for a in accepted if a.start < region.start <= a.end < region.end]
            closes = {i for r in accepted for i in r.closes} | region.closes
            if all(self._can_extend(a, region.end, closes) for a in overlapping):
                for a in overlapping:
                    a.end = region.end
                accepted.append(region)
            else:
                blocker = min(overlapping, key=lambda a: a.end)
                self.plan.findings.append(
                    (region.items[0].opener.call, OVERLAP.format(line=self.tree.cited_line(owner.body[blocker.end])))
                )
        return accepted

    @staticmethod
    def _can_extend(region: Region, new_end: int, closes: set[int]) -> bool:
        """A region may grow when that does not close its handle later than before: one that is
        never closed may grow freely; one with an explicit close only over other closes."""
        if region.kind == "free":
            return True
        if region.kind == "close":
            return all(index in closes for index in range(region.end + 1, new_end + 1))
        return False

    def merge(self, region: Region) -> None:
        """``a = open(x)`` directly followed by ``b = open(y)``, both open to the same end →
        one ``with open(x) as a, open(y) as b:``."""
        for child in region.children:
            self.merge(child)
        while region.kind != "inline" and region.items[-1].binding is not None:
            follower = next((c for c in region.children if c.start == region.binding_end + 1), None)
            if follower is None or follower.kind == "inline" or follower.unwrap is not None:
                return
            if follower.end != region.end:
                closes = {i for r in subtree(region) for i in r.closes}
                if not self._can_extend(follower, region.end, closes):
                    return
                follower.end = region.end
            rest = [r for r in subtree(region) if r is not region and r is not follower]
            region.items.extend(follower.items)
            region.closes |= follower.closes
            region.children = nest(rest)

    def name_inline_items(self, regions: list[Region]) -> None:
        """Fresh names: not used anywhere in the module (so nothing is shadowed, now or later),
        and distinct from the fresh names of enclosing with-blocks."""
        chosen: list[tuple[Region, list[str]]] = []
        order = self.names.index.order  # (the order of their positions)
        in_order = regions if len(regions) < 2 else sorted(regions, key=lambda r: order[id(r.owner.body[r.start])])
        for region in in_order:
            first = region.owner.body[region.start]
            busy = {
                name
                for other, names in chosen
                if other.scope is region.scope
                and any(self.tree.is_inside(first, s) for s in other.owner.body[other.start : other.end + 1])
                for name in names
            }
            names: list[str] = []
            for item in region.items:
                if not item.inline:
                    continue
                if item.discarded:
                    self.plan.inline_names[item.opener.call] = ""
                    continue
                item.name = self.names.fresh(item.opener.preferred_names, region.scope, busy | set(names))
                names.append(item.name)
                self.plan.inline_names[item.opener.call] = item.name
            chosen.append((region, names))
