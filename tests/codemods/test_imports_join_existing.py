"""A name an upgrade codemod moves to another module joins the module's own one-line import of
that module (codemods/_imports.joins_existing, then ``NodeEdits.add_import``), as a careful
maintainer adds it: no second ``from sqlalchemy.orm import ...`` line beside the first.

sqlalchemy-2 wrote ``from sqlalchemy.orm import declared_attr`` under an existing ``from
sqlalchemy.orm import relationship``, and moved-imports renamed ``from werkzeug import
secure_filename`` into a second ``from werkzeug.utils import ...``.
"""

from __future__ import annotations

import pytest

from upgrade_checks import at_target


def _orm_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("from sqlalchemy.orm import")]


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            "from sqlalchemy.ext.declarative import declared_attr\nfrom sqlalchemy.orm import relationship\n\n"
            "NAMES = (declared_attr, relationship)\n",
            "from sqlalchemy.orm import declared_attr, relationship\n\nNAMES = (declared_attr, relationship)\n",
        ),
        (
            "from sqlalchemy.ext.declarative import ConcreteBase, declared_attr\nfrom sqlalchemy.orm import relationship\n\n"
            "NAMES = (declared_attr, relationship, ConcreteBase)\n",
            "from sqlalchemy.ext.declarative import ConcreteBase\nfrom sqlalchemy.orm import declared_attr, relationship\n\n"
            "NAMES = (declared_attr, relationship, ConcreteBase)\n",
        ),
    ],
    ids=["the whole line moves", "part of the line moves"],
)
def test_sqlalchemy_2_adds_to_the_existing_orm_import(source, expected):
    text, findings = at_target(source, "sqlalchemy-2", None)
    assert (text, findings) == (expected, [])
    namespace: dict = {}
    exec(compile(text, "models.py", "exec"), namespace)  # noqa: S102 - the names resolve
    from sqlalchemy.orm import declared_attr, relationship

    assert namespace["NAMES"][:2] == (declared_attr, relationship)


def test_sqlalchemy_2_without_an_orm_import_renames_the_line_in_place():
    source = "import os\nfrom sqlalchemy.ext.declarative import declarative_base\n\nBase = declarative_base()\n"
    text, _ = at_target(source, "sqlalchemy-2", None)
    assert text == "import os\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n"


def test_an_aliased_name_keeps_a_line_of_its_own():
    source = "from sqlalchemy.ext.declarative import declared_attr as da\nfrom sqlalchemy.orm import relationship\n\nX = (da, relationship)\n"
    text, _ = at_target(source, "sqlalchemy-2", None)
    assert len(_orm_lines(text)) == 2 and "declared_attr as da" in text


def test_moved_imports_adds_to_the_existing_import_of_the_new_module():
    source = "from werkzeug import secure_filename\nfrom werkzeug.utils import redirect\n\nNAMES = (secure_filename, redirect)\n"
    text, findings = at_target(source, "moved-imports", None)
    assert (text, findings) == (
        "from werkzeug.utils import redirect, secure_filename\n\nNAMES = (secure_filename, redirect)\n",
        [],
    )
    namespace: dict = {}
    exec(compile(text, "views.py", "exec"), namespace)  # noqa: S102
    assert namespace["NAMES"][0]("a b.txt") == "a_b.txt"


def test_a_moved_line_with_a_comment_stays_a_line_of_its_own():
    source = "from werkzeug import secure_filename  # noqa\nfrom werkzeug.utils import redirect\n\nNAMES = (secure_filename, redirect)\n"
    text, _ = at_target(source, "moved-imports", None)
    assert "from werkzeug.utils import secure_filename  # noqa\n" in text
