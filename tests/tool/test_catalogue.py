"""The upgrade catalogue: the README's table is generated from the codemods' CATALOGUE and
cannot drift, and ``explain`` says the same of each row (tool/catalogue.py makes both)."""

from __future__ import annotations

import os
import re

import pytest

from flask_codemod import catalogue, docs
from flask_codemod.codemod_info import info
from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._flask_versions import LegacyForm
from helpers import REPO

UPGRADES = catalogue.upgrade_codemods()


def _readme() -> str:
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as handle:
        return handle.read()


def test_the_readme_table_is_the_generated_one() -> None:
    assert catalogue.table_in(_readme()) == catalogue.render(), (
        "README.md's upgrade catalogue is out of date: run python -m flask_codemod.docs"
    )
    # and the README generator writes it, with the codemod sections
    assert catalogue.table_in(docs.updated_readme(_readme(), all_codemods())) == catalogue.render()


def test_every_upgrade_codemod_is_in_the_table() -> None:
    listed = {row[0].split("`")[1] for row in catalogue.rows()}
    assert listed == {c.NAME for c in all_codemods() if c.GROUP == "upgrade"} and len(listed) >= 12


@pytest.mark.parametrize("cls", UPGRADES, ids=lambda c: c.NAME)
def test_every_upgrade_codemod_declares_its_catalogue(cls) -> None:
    catalogue_rows = getattr(cls, "CATALOGUE", ())
    assert catalogue_rows, f"{cls.NAME} lists no legacy form in CATALOGUE"
    for form in catalogue_rows:
        assert isinstance(form, LegacyForm)
        # every form was deprecated or removed (or both); "" where it never was (LegacyForm)
        assert form.old and form.new and (form.deprecated or form.removed)
        assert form.safety in catalogue.CHANGES
        assert len(form.since) == 2
        if form.safety == "finding":  # never rewritten: no target from which it is
            assert tuple(form.since) == (0, 0), f"{cls.NAME}: a finding row has no since: {form.old}"
    # a codemod that makes a change a reviewer must read says so
    if any(form.safety == "review" for form in catalogue_rows):
        assert cls.SAFETY == "review"


def _outside_code(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


@pytest.mark.parametrize("cls", UPGRADES, ids=lambda c: c.NAME)
def test_rows_render_as_markdown_with_their_code_as_code(cls) -> None:
    """A row's forms are Markdown: its code spans close, and outside them there is nothing
    Markdown would take for emphasis (``_`` of an identifier, ``*``)."""
    for form in cls.CATALOGUE:
        for text in (form.old, form.new):
            assert text.count("`") % 2 == 0, f"{cls.NAME}: an unclosed code span in {text!r}"
            prose = _outside_code(text)
            assert "_" not in prose and "*" not in prose, f"{cls.NAME}: put the code of {text!r} in backticks"


def test_one_row_per_catalogue_entry_in_engine_order() -> None:
    expected = [(cls.NAME, form.old) for cls in UPGRADES for form in cls.CATALOGUE]
    got = [(row[0].split("`")[1], row[1]) for row in catalogue.rows()]
    assert got == expected
    assert [c.NAME for c in UPGRADES] == [c.NAME for c in all_codemods() if c.GROUP == "upgrade"]


@pytest.mark.parametrize("cls", UPGRADES, ids=lambda c: c.NAME)
def test_explain_and_the_table_say_the_same_of_each_row(cls) -> None:
    """``explain`` reads the rows statically (codemod_info), the README from the class; both
    views come from tool/catalogue.py and agree: the forms (without backticks in the
    terminal) and from which target each is rewritten."""
    lines = catalogue.catalogue_lines(info(cls.NAME))
    table_rows = catalogue.rows([cls])
    assert len(lines) == 1 + 2 * len(table_rows)
    for form, row, (forms, history) in zip(cls.CATALOGUE, table_rows, zip(lines[1::2], lines[2::2])):
        assert forms == f"  {catalogue.plain(form.old)}  ->  {catalogue.plain(form.new)}" and "`" not in forms
        since = catalogue.rewritten_from(form)
        if since is None:
            assert row[-2:] == ("finding only", "—") and history.endswith("reported, never rewritten")
        elif since:
            assert row[-1] == f"{since} or later" and f"when the target is {since} or newer" in history
        else:
            assert row[-1] == "any" and history.endswith("rewrite at any target")


def test_cells_are_escaped_and_the_markers_replaced() -> None:
    class Fake:
        NAME = "fake"
        GROUP = "upgrade"
        CATALOGUE = (LegacyForm("`a | b`", "`c`", "Flask 2.0", "Flask 2.1", "finding"),
                     LegacyForm("`d`", "`e`", "", "Flask 3.0", "safe", (2, 2)))

    table = catalogue.render([Fake])
    assert "`a \\| b`" in table
    assert "| [`fake`](#fake) | `d` | `e` | — | Flask 3.0 | safe rewrite | Flask 2.2 or later |" in table
    assert "| finding only | — |" in table
    readme = f"intro\n{catalogue.START}\nold\n{catalogue.END}\nrest\n"
    updated = catalogue.with_table(readme, table)
    assert updated == f"intro\n{catalogue.START}\n{table}{catalogue.END}\nrest\n"
    assert catalogue.table_in(updated) == table
    with pytest.raises(ValueError):
        catalogue.table_in("no markers\n")
    assert catalogue.catalogue_lines(Fake) == [
        "Legacy forms (a rewrite is made only when its new form exists at --target-version):",
        "  a | b  ->  c",
        "      deprecated in Flask 2.0; removed in Flask 2.1; reported, never rewritten",
        "  d  ->  e",
        "      removed in Flask 3.0; safe rewrite when the target is Flask 2.2 or newer (else not rewritten)",
    ]
