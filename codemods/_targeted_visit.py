"""A rewriting transformer's pass over only the part of the tree it changes.

LibCST's ``module.visit(transformer)`` visits every node and builds a new one for each, even
where nothing changes. A codemod's rewriting transformer usually changes a few nodes it
planned on the analysed tree (keyed by their identity) and hands every other node on as it
got it: then the nodes that are neither planned nor above a planned one come out equal to
what went in, and building them again is wasted (on the generated Flask corpus, most of
such a pass).

``visit_toward`` runs such a transformer on the module, descending only into the nodes
above the planned ones: every other node is still offered to it (``on_visit`` answers no
for it, so LibCST passes it to the ``leave_*`` methods as it is, and a planned node is
changed there as before), but its children are not visited. The result renders the same
code; the nodes not visited are shared with the input tree instead of copied.

Only for a transformer whose every change is made in the ``leave_*`` of a planned node or of
a node above one, from what it was given: one that rewrites nodes by their type wherever
they are, or keeps state from what it visits, needs the whole pass.
"""

from __future__ import annotations

from typing import Any, Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider

from ._metadata import ParentIndex


def visit_toward(wrapper: MetadataWrapper, transformer: cst.CSTTransformer, planned: Iterable[int]) -> cst.Module:
    """``wrapper.module.visit(transformer)`` for a transformer that changes only the nodes
    whose ids are ``planned`` (nodes of ``wrapper.module``) and nodes above them; the
    wrapper has resolved ParentNodeProvider. The whole pass when the parents are not known
    by id (a tree LibCST had to copy) or a planned node is not in the tree."""
    module = wrapper.module
    parents = wrapper._metadata.get(ParentNodeProvider)
    above = parents.ancestor_ids(planned) if isinstance(parents, ParentIndex) else None
    if above is None:
        return module.visit(transformer)
    offer = transformer.on_visit

    def on_visit(node: cst.CSTNode) -> Any:
        return id(node) in above and offer(node)

    transformer.on_visit = on_visit  # type: ignore[method-assign]
    try:
        return module.visit(transformer)
    finally:
        del transformer.on_visit
