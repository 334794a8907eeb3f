"""A template that uses a tag Jinja2 and the extensions the codemod loads lack (one another extension adds:
Flask-Assets' ``{% assets %}``) is not a template that "cannot be
parsed": the app's own environment parses it. cache-views still does not read it, and its
finding says why in those terms; a real syntax error keeps the old words."""

from __future__ import annotations

import pytest

from cache_views_support import apply, messages, write

pytestmark = pytest.mark.usefixtures("every_refusal_said")

SITE = '''
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def home():
    return render_template("home.html")
'''

ASSETS_PAGE = """<html><head>
{% assets "site_js" %}<script src="{{ ASSET_URL }}"></script>{% endassets %}
</head><body>Home</body></html>
"""


def _reason(root, page: str) -> str:
    write(root, {"site.py": SITE, "templates/home.html": page})
    result = apply(root / "site.py")
    assert not result.changed
    [message] = [m for m in messages(result) if "home()" in m]
    return message


def test_an_extension_tag_is_named_as_such_not_as_a_parse_failure(tmp_path):
    message = _reason(tmp_path, ASSETS_PAGE)
    assert "cannot be parsed" not in message
    assert message.endswith(
        "renders template 'home.html', which uses {% assets %} (line 2), a tag that neither Jinja2 nor the "
        "extensions the codemod loads (i18n, do, loopcontrols) define; Flask-Assets (webassets) adds it: "
        "the codemod does not read the template"
    )


def test_a_translation_block_reads_as_translated_text(tmp_path):
    """The i18n extension is loaded (Flask-Babel's): ``{% trans %}`` parses, as the gettext
    call it compiles to, text that differs per user."""
    message = _reason(tmp_path, "<p>{% trans %}Welcome{% endtrans %}</p>\n")
    assert "a tag that neither" not in message and "cannot be parsed" not in message
    assert "translates text" in message


def test_an_unknown_tag_of_no_known_extension_says_so(tmp_path):
    message = _reason(tmp_path, "<p>{% shout 'hi' %}</p>\n")
    assert message.endswith(
        "renders template 'home.html', which uses {% shout %} (line 1), a tag that neither Jinja2 nor the "
        "extensions the codemod loads (i18n, do, loopcontrols) define (an extension's, or a mistake): "
        "the codemod does not read the template"
    )


def test_a_real_syntax_error_is_still_a_parse_failure(tmp_path):
    message = _reason(tmp_path, "<p>{% if x %}open</p>\n")
    assert "which cannot be parsed by Jinja2 (" in message


def test_a_stray_end_tag_is_still_a_parse_failure(tmp_path):
    """Jinja2 calls a misplaced end tag unknown too: a nesting mistake, not an extension."""
    message = _reason(tmp_path, "<p>{% endfor %}</p>\n")
    assert "which cannot be parsed by Jinja2 (" in message
