"""open-with, inline openers: with-blocks around the one statement that uses an opener.

``x = json.load(open(p))`` becomes ``with open(p) as f:`` / ``x = json.load(f)``. Hoisting the
opener ahead of its statement is right only when nothing with an effect ran before it in that
statement, and when nothing that cares about the file being open (a suspension; for a file
being written, any effect) runs after the file was used: ``Evaluation`` lists the statement's
events in the order Python runs them.
"""

from __future__ import annotations

import libcst as cst

from ._open_with_evaluation import PURE, SUSPEND, Evaluation
from ._open_with_messages import EVALUATION_ORDER, FLUSH, LOOP_BODY_AFTER_READ, SUSPENDS
from ._open_with_names import NameTable
from ._open_with_plan import DISCARDED, Item, Opener, Plan, Region, Use
from ._open_with_tree import Tree, source_excerpt


class InlinePlanner:
    def __init__(self, tree: Tree, names: NameTable, plan: Plan) -> None:
        self.tree = tree
        self.names = names
        self.plan = plan

    def inline_region(self, statement: cst.CSTNode, entries: list[tuple[Opener, Use]]) -> list[Region]:
        line = statement if isinstance(statement, cst.For) else self.tree.parents[statement]
        found = self.tree.position_in_block(line)
        assert found is not None
        owner, index = found
        scope = self.tree.scopes[statement]
        problem = self.names.new_name_problem(scope)
        if problem is not None:
            for opener, _ in entries:
                self.plan.findings.append((opener.call, problem))
            return []
        evaluation = Evaluation()
        evaluation.statement(statement)
        # in the order the calls complete: an opener nested in another's arguments comes first
        candidates = sorted(entries, key=lambda entry: evaluation.spans[entry[0].call][1])
        refused: dict[cst.Call, str] = {}
        changed = True
        while changed:
            changed = False
            alive = [entry for entry in candidates if entry[0].call not in refused]
            for opener, use in alive:
                message = self.evaluation_problem(statement, evaluation, opener, use, alive)
                if message is not None:
                    refused[opener.call] = message
                    changed = True
                    break
        for call, message in refused.items():
            self.plan.findings.append((call, message))
        items = [
            Item(opener, inline=True, discarded=use.name == DISCARDED)
            for opener, use in candidates
            if opener.call not in refused
        ]
        if not items:
            return []
        if any(item.discarded for item in items):
            self.plan.discarded.add(self.tree.parents[statement])
        return [Region(owner, index, index, items, "inline", scope)]

    def evaluation_problem(
        self,
        statement: cst.CSTNode,
        evaluation: Evaluation,
        opener: Opener,
        use: Use,
        others: list[tuple[Opener, Use]],
    ) -> str | None:
        """Why hoisting ``opener`` to a with-block ahead of ``statement`` would change what the
        statement does (None: it would not).

        Before: everything evaluated ahead of the opener must be free of effects (names,
        attributes, literals), except other hoisted openers and, between reading openers,
        the reads of those. After: the consumer's work may not be followed by a suspension
        (the file would stay open while suspended), nor, for a file being written, by any
        other effect (it would be flushed later than before).
        """
        first, _ = evaluation.spans[opener.call]
        skip: set[int] = set()
        for other, other_use in others:
            if other is opener:
                continue
            o_first, o_last = evaluation.spans[other.call]
            if o_last < first:
                skip.update(range(o_first, o_last + 1))
                consumer = other_use.consumer
                if consumer is not None and consumer in evaluation.spans and other.reads and opener.reads:
                    skip.add(evaluation.spans[consumer][1])
        for position in range(first):
            if position in skip:
                continue
            event = evaluation.events[position]
            if event.kind != PURE:
                return EVALUATION_ORDER.format(what=_describe(event.node))
        consumer = use.consumer
        if consumer is statement:  # a for loop over the handle: the loop is the consumer
            return None
        assert consumer is not None
        last = evaluation.spans[consumer][1] if consumer in evaluation.spans else len(evaluation.events) - 1
        after = evaluation.events[last + 1 :]
        if any(event.kind == SUSPEND for event in after):
            return SUSPENDS
        if not opener.reads and any(event.kind != PURE for event in after):
            return FLUSH
        if isinstance(statement, cst.For):  # the loop body runs after the consumer
            if not opener.reads:
                return LOOP_BODY_AFTER_READ
            if _suspends(statement.body) or _suspends(statement.orelse):
                return SUSPENDS
        return None


def _describe(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Call):
        return f"{source_excerpt(node.func)}()"
    return f"`{source_excerpt(node)}`"


class _SuspensionFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.found = True

    def visit_Await(self, node: cst.Await) -> None:
        self.found = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _suspends(node: cst.CSTNode | None) -> bool:
    if node is None:
        return False
    finder = _SuspensionFinder()
    node.visit(finder)
    return finder.found
