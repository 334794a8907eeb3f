"""moved-imports: ``import jinja2`` whose only uses were ``jinja2.Markup``/``jinja2.escape``
gives way to ``import markupsafe`` where it stood.

Leaving it would leave an import nothing uses: flake8's F401, which a project running flake8 in
its CI then fails on, and the new import would sit apart from the module's other imports of
libraries. An import still used otherwise, or aliased, stays; so does one in a package's
``__init__.py``, whose names other modules may import from it.
"""

from __future__ import annotations

from helpers import run_codemods

NAME = "moved-imports"
FILES = {"requirements.txt": "Flask\nJinja2\nMarkupSafe\n"}

ONLY_MARKUP = '''\
import base64
import jinja2
import time

from myapp import util


def hidden_field(token):
    return jinja2.Markup('<input type="hidden" value="%s" />') % token


def shout(text):
    return jinja2.escape(text.upper())
'''


def test_an_import_whose_every_use_moved_gives_way_in_place():
    result = run_codemods(ONLY_MARKUP, NAME, files=FILES, dedent=False)
    assert result.new_text == ONLY_MARKUP.replace("import jinja2\n", "import markupsafe\n").replace(
        "jinja2.", "markupsafe."
    )
    compile(result.new_text, "app.py", "exec")


def test_an_import_still_used_otherwise_stays():
    source = ONLY_MARKUP + "\n\nENV = jinja2.Environment()\n"
    result = run_codemods(source, NAME, files=FILES, dedent=False)
    assert "import jinja2\n" in result.new_text
    assert "markupsafe.Markup(" in result.new_text
    assert "jinja2.Environment()" in result.new_text


def test_an_aliased_import_is_not_replaced():
    source = ONLY_MARKUP.replace("import jinja2\n", "import jinja2 as j2\n").replace("jinja2.", "j2.")
    result = run_codemods(source, NAME, files=FILES, dedent=False)
    assert "import jinja2 as j2\n" in result.new_text


def test_a_package_init_keeps_the_import():
    result = run_codemods(ONLY_MARKUP, NAME, files=FILES, dedent=False, path="myapp/__init__.py")
    assert "import jinja2\n" in result.new_text
    assert "markupsafe.Markup(" in result.new_text
