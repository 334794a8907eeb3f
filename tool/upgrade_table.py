"""The README's before/after table of the upgrade codemods, built from their ``CATALOGUE``.

Every upgrade codemod (``GROUP = "upgrade"``) lists the legacy forms it handles as
``LegacyForm`` rows (codemods/_flask_versions.py). ``render()`` turns them into one Markdown
table, in engine order; the README holds it between ``START`` and ``END``, and
tests/tool/test_upgrade_table.py checks that it is exactly what ``render()`` gives. After
changing a catalogue, print the new table and paste it between the markers:

    python -m flask_codemod.upgrade_table
"""

from __future__ import annotations

import sys
from typing import Iterable, Sequence

from .codemods import Codemod, all_codemods

START = "<!-- upgrade-catalogue:start -->"
END = "<!-- upgrade-catalogue:end -->"

COLUMNS = ("codemod", "old form", "new form", "deprecated in", "removed in", "change", "rewritten when the target is")
CHANGES = {"safe": "safe rewrite", "review": "rewrite to review", "finding": "finding only"}


def upgrade_codemods(codemods: Iterable[type[Codemod]] | None = None) -> list[type[Codemod]]:
    """The upgrade codemods, in engine order."""
    return [c for c in (all_codemods() if codemods is None else codemods) if c.GROUP == "upgrade"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _target(since: tuple[int, int], safety: str) -> str:
    if safety == "finding":
        return "—"
    return "any" if since == (0, 0) else f"Flask {since[0]}.{since[1]} or later"


def rows(codemods: Sequence[type[Codemod]] | None = None) -> list[tuple[str, ...]]:
    """One row per catalogue entry: the cells of ``COLUMNS``."""
    found = []
    for cls in upgrade_codemods(codemods):
        for form in getattr(cls, "CATALOGUE", ()):
            found.append(
                (
                    f"[`{cls.NAME}`](#{cls.NAME})",
                    form.old,
                    form.new,
                    form.deprecated or "—",
                    form.removed or "—",
                    CHANGES[form.safety],
                    _target(form.since, form.safety),
                )
            )
    return found


def render(codemods: Sequence[type[Codemod]] | None = None) -> str:
    """The Markdown table (without the markers), ending with a newline."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows(codemods)]
    return "\n".join(lines) + "\n"


def table_in(readme: str) -> str:
    """The text between the markers; ValueError when they are missing."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no {START} ... {END} block")
    return readme[start + len(START) : end].strip("\n") + "\n"


def with_table(readme: str, table: str) -> str:
    """``readme`` with ``table`` between the markers."""
    table_in(readme)  # the markers must be there
    start, end = readme.find(START), readme.find(END)
    return readme[: start + len(START)] + "\n" + table + readme[end:]


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
