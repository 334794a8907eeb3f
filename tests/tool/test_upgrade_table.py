"""The README's upgrade catalogue is generated from the codemods' CATALOGUE and cannot drift."""

from __future__ import annotations

import os

import pytest

from flask_codemod import upgrade_table
from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._flask_versions import LegacyForm
from helpers import REPO

UPGRADES = upgrade_table.upgrade_codemods()


def _readme() -> str:
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as handle:
        return handle.read()


def test_the_readme_table_is_the_generated_one() -> None:
    assert upgrade_table.table_in(_readme()) == upgrade_table.render(), (
        "README.md's upgrade catalogue is out of date: paste the output of "
        "`python -m flask_codemod.upgrade_table` between its markers"
    )


@pytest.mark.parametrize("cls", UPGRADES, ids=lambda c: c.NAME)
def test_every_upgrade_codemod_declares_its_catalogue(cls) -> None:
    catalogue = getattr(cls, "CATALOGUE", ())
    assert catalogue, f"{cls.NAME} lists no legacy form in CATALOGUE"
    for form in catalogue:
        assert isinstance(form, LegacyForm)
        assert form.old and form.new and form.removed
        assert form.safety in upgrade_table.CHANGES
        assert len(form.since) == 2
    # a codemod that makes a change a reviewer must read says so
    if any(form.safety == "review" for form in catalogue):
        assert cls.SAFETY == "review"


def test_one_row_per_catalogue_entry_in_engine_order() -> None:
    expected = [(cls.NAME, form.old) for cls in UPGRADES for form in cls.CATALOGUE]
    got = [(row[0].split("`")[1], row[1]) for row in upgrade_table.rows()]
    assert got == expected
    assert [c.NAME for c in UPGRADES] == [c.NAME for c in all_codemods() if c.GROUP == "upgrade"]


def test_cells_are_escaped_and_the_markers_replaced() -> None:
    class Fake:
        NAME = "fake"
        GROUP = "upgrade"
        CATALOGUE = (LegacyForm("`a | b`", "`c`", "Flask 2.0", "Flask 2.1", "finding"),
                     LegacyForm("`d`", "`e`", "", "Flask 3.0", "safe", (2, 2)))

    table = upgrade_table.render([Fake])
    assert "`a \\| b`" in table
    assert "| [`fake`](#fake) | `d` | `e` | — | Flask 3.0 | safe rewrite | Flask 2.2 or later |" in table
    assert "| finding only | — |" in table
    readme = f"intro\n{upgrade_table.START}\nold\n{upgrade_table.END}\nrest\n"
    updated = upgrade_table.with_table(readme, table)
    assert updated == f"intro\n{upgrade_table.START}\n{table}{upgrade_table.END}\nrest\n"
    assert upgrade_table.table_in(updated) == table
    with pytest.raises(ValueError):
        upgrade_table.table_in("no markers\n")
