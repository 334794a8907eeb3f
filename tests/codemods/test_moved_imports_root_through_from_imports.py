"""moved-imports: an unaliased ``import jinja2`` (``flask``, ``werkzeug``) whose every use was
spelled anew through the module's own from-imports (``jinja2.Markup`` is the ``Markup`` of its
``from markupsafe import Markup``) goes outright: no new import takes its place, as none is
needed; the comment lines above it stay. And where the new spelling goes through an import
the module already has (``import markupsafe``), that import is not added a second time."""

from __future__ import annotations

import pytest

from helpers import run_codemods

NAME = "moved-imports"
FILES = {"requirements.txt": "Flask\nJinja2\nMarkupSafe\nWerkzeug\n"}


def rewrite(source: str) -> str:
    result = run_codemods(source, NAME, files=FILES, dedent=False)
    assert result.error is None, result.error
    return result.new_text


def run_function(text: str, name: str, *args):
    namespace: dict = {}
    exec(compile(text, "app.py", "exec"), namespace)
    return namespace[name](*args)


@pytest.mark.parametrize(
    "source, gone, spelled",
    [
        (
            "# templates\nimport jinja2\nfrom markupsafe import Markup, escape\n\n\n"
            "def bold(text):\n    return jinja2.Markup('<b>%s</b>') % jinja2.escape(text)\n",
            "import jinja2\n",
            "Markup('<b>%s</b>') % escape(text)",
        ),
        (
            "import flask\nfrom markupsafe import escape\n\n\ndef bold(text):\n    return '<b>%s</b>' % flask.escape(text)\n",
            "import flask\n",
            "'<b>%s</b>' % escape(text)",
        ),
    ],
)
def test_an_import_whose_every_use_went_to_a_from_import_goes(source, gone, spelled):
    new = rewrite(source)
    assert gone not in new, new
    assert spelled in new, new
    assert "import markupsafe\n" not in new, new
    if source.startswith("# templates\n"):
        assert new.startswith("# templates\nfrom markupsafe import Markup, escape\n"), new
    assert run_function(new, "bold", "<i>") == "<b>&lt;i&gt;</b>"


def test_a_werkzeug_import_whose_use_went_to_a_from_import_goes():
    source = (
        "import os\nimport werkzeug\nfrom werkzeug.utils import secure_filename\n\n\n"
        "def stored(name):\n    return os.path.join('uploads', werkzeug.secure_filename(name))\n"
    )
    new = rewrite(source)
    assert "import werkzeug\n" not in new and "import werkzeug.utils" not in new, new
    assert "os.path.join('uploads', secure_filename(name))" in new, new
    assert run_function(new, "stored", "../a b.txt") == "uploads/a_b.txt"


def test_the_module_s_own_import_of_the_new_module_is_not_added_twice():
    source = (
        "import jinja2\nimport markupsafe\n\n\n"
        "def bold(text):\n    return markupsafe.Markup('<b>%s</b>') % jinja2.escape(text)\n"
    )
    new = rewrite(source)
    assert new.count("import markupsafe\n") == 1, new
    assert "import jinja2\n" not in new, new
    assert "markupsafe.Markup('<b>%s</b>') % markupsafe.escape(text)" in new, new
    assert run_function(new, "bold", "<i>") == "<b>&lt;i&gt;</b>"
