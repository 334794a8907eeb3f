"""A new import joins the module's import section even when a string statement (a licence,
notes) sits between the docstring or ``__future__`` imports and that section.

The Sage Notebook's ``sagenb/testing/HTMLTestRunner.py`` has its docstring, then ``from
__future__ import print_function``, then the original author's licence as a bare string, then
its imports (``import jinja2`` among them). moved-imports put ``import markupsafe`` (for
``jinja2.escape``) right under the ``__future__`` line, above the licence and seventy lines away
from every other import: no maintainer writes it there.
"""

from __future__ import annotations

from helpers import load_source, run_codemods

SOURCE = '''\
"""A test runner that writes HTML."""
from __future__ import print_function  # must be here !

# The original license.
"""
Copyright (c) 2004-2006, Someone
All rights reserved.
"""
import os
import sys

import jinja2


PAGE = jinja2.Template("<h1>{{ title }}</h1>")


def title(text):
    return str(jinja2.escape(text))
'''


def test_the_new_import_goes_to_the_group_of_its_kind_below_the_licence(tmp_path):
    result = run_codemods(SOURCE, "moved-imports", path="pkg/testing/runner.py", dedent=False)
    text = result.new_text
    assert "from __future__ import print_function  # must be here !\n\n# The original license.\n" in text
    assert "import sys\n\nimport jinja2\nimport markupsafe\n\n\nPAGE" in text, text
    module = load_source(tmp_path, text, "after")
    assert module.title("<b>") == "&lt;b&gt;"
    assert module.PAGE.render(title=module.title("<b>")) == "<h1>&lt;b&gt;</h1>"


def test_a_module_whose_code_follows_the_string_still_gets_the_import_above_the_code():
    source = '"""Doc."""\n"""Notes."""\n\nimport jinja2\n\nx = jinja2.escape("<")\n'
    text = run_codemods(source, "moved-imports", path="pkg/notes.py", dedent=False).new_text
    assert text.index("import markupsafe") < text.index("x = ")
    assert text.index('"""Notes."""') < text.index("import markupsafe")
