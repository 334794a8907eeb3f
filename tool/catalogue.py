"""An upgrade codemod's catalogue of legacy forms, as people read it: the lines
``flask-codemod explain NAME`` prints, and the README's upgrade table.

Every upgrade codemod (``GROUP = "upgrade"``) lists the legacy forms it handles as
``LegacyForm`` rows in ``CATALOGUE`` (codemods/_flask_versions.py says what each field means,
the same for every codemod). Both views are made here, from the same rows with the same
words: what the codemod does with a form (``CHANGES``) and from which target it rewrites it
(``rewritten_from``). ``explain`` gets the rows through tool/codemod_info.py (read without
importing the codemods); the README's table is written by ``python -m flask_codemod.docs``
between ``START`` and ``END``, with the codemod sections, and tests check it is current.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from .codemods import all_codemods

START = "<!-- upgrade-catalogue:start -->"
END = "<!-- upgrade-catalogue:end -->"

COLUMNS = ("codemod", "old form", "new form", "deprecated in", "removed in", "change", "rewritten when the target is")
# LegacyForm.safety -> what the codemod does with the form
CHANGES = {"safe": "safe rewrite", "review": "rewrite to review", "finding": "finding only"}


def upgrade_codemods(codemods: Iterable[Any] | None = None) -> list[Any]:
    """The upgrade codemods (classes, or tool/codemod_info.py's infos), in engine order."""
    return [c for c in (all_codemods() if codemods is None else codemods) if c.GROUP == "upgrade"]


def rewritten_from(row: Any) -> str | None:
    """From which target the codemod rewrites ``row``'s form: ``"Flask 2.2"``, ``""`` at
    any target, None never (a ``finding`` row: only reported)."""
    if row.safety == "finding":
        return None
    since = tuple(row.since)
    return f"Flask {since[0]}.{since[1]}" if since > (0, 0) else ""


def plain(text: str) -> str:
    """A row's Markdown as terminal text: the code spans without their backticks."""
    return text.replace("`", "")


def catalogue_lines(entry: Any) -> list[str]:
    """What ``explain`` shows of an upgrade codemod's catalogue: each legacy form, what
    replaces it, the releases that deprecated and removed it, and at which target version
    it is rewritten (or that it is only reported)."""
    rows = getattr(entry, "CATALOGUE", ())
    if not rows:
        return []
    lines = ["Legacy forms (a rewrite is made only when its new form exists at --target-version):"]
    for row in rows:
        lines.append(f"  {plain(row.old)}  ->  {plain(row.new)}")
        history = [f"deprecated in {row.deprecated}" if row.deprecated else "", f"removed in {row.removed}" if row.removed else "not removed"]
        since = rewritten_from(row)
        if since is None:
            how = "reported, never rewritten"
        elif since:
            how = f"{row.safety} rewrite when the target is {since} or newer (else not rewritten)"
        else:
            how = f"{row.safety} rewrite at any target"
        lines.append("      " + "; ".join(part for part in (*history, how) if part))
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rows(codemods: Sequence[Any] | None = None) -> list[tuple[str, ...]]:
    """One row of the README's table per catalogue entry: the cells of ``COLUMNS``."""
    found = []
    for cls in upgrade_codemods(codemods):
        for form in getattr(cls, "CATALOGUE", ()):
            since = rewritten_from(form)
            found.append(
                (
                    f"[`{cls.NAME}`](#{cls.NAME})",
                    form.old,
                    form.new,
                    form.deprecated or "—",
                    form.removed or "—",
                    CHANGES[form.safety],
                    "—" if since is None else f"{since} or later" if since else "any",
                )
            )
    return found


def render(codemods: Sequence[Any] | None = None) -> str:
    """The README's Markdown table (without the markers), ending with a newline."""
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
