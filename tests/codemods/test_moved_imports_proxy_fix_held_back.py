"""moved-imports: ``from werkzeug.contrib.fixers import ProxyFix`` where the target Flask (1.0)
allows a Werkzeug older than 0.15, which has no ``werkzeug.middleware``.

The import is left, rightly: ``werkzeug.middleware.proxy_fix`` would not import on the
Werkzeug 0.14 Flask 1.0 accepts. But the finding said only "werkzeug.contrib.fixers was
removed in Werkzeug 1.0: only ProxyFix lives on (werkzeug.middleware.proxy_fix); the other
fixers have no replacement", on imports of ProxyFix alone (COCO Annotator's
``backend/webserver/__init__.py:17``, flask 1.0.2 and no Werkzeug pinned; maple-blog, openFEC,
pp-admin): it named a new home without saying why the import was not moved there, and spoke
of other fixers the line does not import. A name that has a new home the target cannot be
shown to have gets a finding naming that home, the Werkzeug release that brings it and why
it was not written; a fixer with no new home keeps the module's words.
"""

from __future__ import annotations

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import _listed_project

NAME = "moved-imports"

APP = """\
from flask import Flask
from werkzeug.contrib.fixers import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app)
"""


def _findings(source, requirements, target):
    reader = _listed_project({"requirements.txt": requirements}, "app.py", source)
    result = transform_text(source, [get_codemod(NAME)], path="app.py", read_file=reader, target_version=target)
    assert result.error is None, result.error
    return result.new_text, [(f.line, f.message) for f in result.findings]


def test_proxy_fix_held_back_by_the_target_says_where_it_lives_and_why_it_stays():
    new, findings = _findings(APP, "flask==1.0.2\n", (1, 0))
    assert new == APP
    [(line, message)] = findings
    assert line == 2
    assert "ProxyFix lives on as werkzeug.middleware.proxy_fix.ProxyFix from Werkzeug 0.15" in message, message
    assert "Flask 1.0 allows an older Werkzeug" in message, message
    assert "other fixers" not in message, message
    assert "fresh install get Werkzeug 1.0 or later" in message, message  # why the module may be missing


def test_a_fixer_with_no_new_home_keeps_the_module_s_words():
    source = APP.replace("import ProxyFix", "import HeaderRewriterFix").replace("ProxyFix(app.wsgi_app)", "HeaderRewriterFix(app.wsgi_app)")
    _, findings = _findings(source, "flask==1.0.2\n", (1, 0))
    [(_, message)] = findings
    assert "the other fixers have no replacement" in message, message


def test_at_a_target_whose_werkzeug_has_the_middleware_proxy_fix_moves():
    new, findings = _findings(APP, "flask==1.1.4\n", (1, 1))
    assert "from werkzeug.middleware.proxy_fix import ProxyFix" in new
    assert findings == []
