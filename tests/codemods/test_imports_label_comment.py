"""A comment right above a module's first statement, with no blank line between, labels that
statement: a new import goes above it, not between the label and what it labels.

timetrack's ``config.py`` starts ``# MYSQL`` then its MySQL settings; dotenv-config put
``import os`` and ``load_dotenv()`` under ``# MYSQL``, so the label named the imports. A
shebang, an encoding line or a licence is the file's header, and stays first.
"""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod.codemods._imports import add_imports


def _with_os(source: str) -> str:
    return add_imports(cst.parse_module(source), [("os", None)]).code


def test_a_label_above_the_first_statement_stays_with_it():
    source = "# MYSQL\nuser = 'san'\nname = 'tt'\n\nDEBUG = True\n"
    assert _with_os(source) == "import os\n# MYSQL\nuser = 'san'\nname = 'tt'\n\nDEBUG = True\n"


@pytest.mark.parametrize(
    "header",
    [
        "#!/usr/bin/env python\n",
        "# -*- coding: utf-8 -*-\n",
        "# Copyright 2015 Someone\n",
        "# SPDX-License-Identifier: MIT\n",
        "# settings of the shop\n\n",  # set off by a blank line: the file's header
    ],
)
def test_a_header_stays_first(header):
    source = header + "user = 'san'\n"
    assert _with_os(source).startswith(header + "import os\n")


def test_a_label_above_a_first_import_is_not_moved():
    # the new import joins the import section: the comment stays where it was
    source = "# standard library\nimport sys\n\nuser = 'san'\n"
    assert _with_os(source) == "# standard library\nimport os\nimport sys\n\nuser = 'san'\n"
