"""What the review ledger says about a run of a few codemods (``run.py --select``).

The ledger judges the changes of a run of every codemod. Where two codemods change the same
place, that run makes one change keyed by both (``http-timeout+open-with``), judged as a whole.
A run of some of them makes another change there: the diff of ``http-timeout`` alone, which
no row judges and which may differ from the combined one. So under a selection:

- a row whose key names a codemod outside the selection judges a change this run cannot make:
  it is neither stale when the change is missing nor used to judge one;
- a change without a row of its own, at the place (path and line) of a row whose key names the
  change's codemods, exactly those of the selection, and one or more that are not selected, is
  made there by the full run in combination: it is shown with that row, counted apart, and is
  no failure of the ledger. It is not judged: its verdict stays none.

Every other change is looked up by its own key, as in a full run.
"""

from __future__ import annotations


def codemods_of(key: str) -> frozenset[str]:
    """The codemods a change's key names (``a+b``: a and b)."""
    return frozenset(key.split("+"))


def can_make(verdict_codemod: str, selected: set[str] | None) -> bool:
    """Whether a run of ``selected`` codemods (None: every codemod) can make the change a
    ledger row keyed ``verdict_codemod`` judges: every codemod of the key is selected."""
    return selected is None or codemods_of(verdict_codemod) <= selected


def made_in_combination(app: str, path: str, line: int, codemod: str, verdicts: dict, selected: set[str] | None) -> list:
    """The ledger rows (of ``verdicts``, keyed (app, path, line, codemod)) that judge, at the
    place of a change keyed ``codemod`` of a run of ``selected`` codemods, what the full run
    makes there with codemods not selected; [] for a full run (``selected`` None)."""
    if selected is None:
        return []
    own = codemods_of(codemod)
    found = []
    for (row_app, row_path, row_line, row_codemod), verdict in verdicts.items():
        if (row_app, row_path, row_line) != (app, path, line) or row_codemod == codemod:
            continue
        names = codemods_of(row_codemod)
        if names & selected == own and not names <= selected:
            found.append(verdict)
    return found
