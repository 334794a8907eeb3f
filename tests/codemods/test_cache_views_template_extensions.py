"""cache-views and templates written for Jinja2's standard extensions (pikaraoke:
templates/sessions.html uses ``{% trans %}``, which Flask-Babel enables): they are parsed with
those extensions loaded (i18n, ``do``, loop controls), so the reason a view stays uncached is
the true one — its text is translated per user — not "cannot be parsed". A tag of an
extension the codemod does not load is said to be one, with the extension that adds it
(Flask-Assets' ``{% assets %}``); a real syntax error keeps the old words."""

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


def test_a_translated_block_is_translation_not_a_parse_error(tmp_path):
    message = _reason(tmp_path, "<h1>{% trans %}Hello{% endtrans %}</h1>")
    assert message.endswith("renders template 'home.html', which translates text: the language may differ per user")


def test_do_and_loop_controls_parse(tmp_path):
    page = "{% set seen = [] %}{% for n in [1, 2, 3] %}{% if n > 2 %}{% break %}{% endif %}{% do seen.append(n) %}{% endfor %}"
    write(tmp_path, {"site.py": SITE, "templates/home.html": page + "{{ seen }}{{ session.user }}"})
    result = apply(tmp_path / "site.py")
    [message] = [m for m in messages(result) if "home()" in m]
    assert message.endswith("renders template 'home.html', which reads session: the page differs per user")


def test_a_tag_of_an_extension_not_loaded_is_said_to_be_one(tmp_path):
    message = _reason(tmp_path, "{% cache 60 %}<h1>Home</h1>{% endcache %}")
    assert message.endswith(
        "renders template 'home.html', which uses {% cache %} (line 1), a tag that neither Jinja2 nor the extensions "
        "the codemod loads (i18n, do, loopcontrols) define; a fragment-cache extension (Flask-Caching's jinja2ext) "
        "adds it: the codemod does not read the template"
    )


def test_an_extension_tag_is_named_as_such_not_as_a_parse_failure(tmp_path):
    message = _reason(tmp_path, ASSETS_PAGE)
    assert "cannot be parsed" not in message
    assert message.endswith(
        "renders template 'home.html', which uses {% assets %} (line 2), a tag that neither Jinja2 nor the "
        "extensions the codemod loads (i18n, do, loopcontrols) define; Flask-Assets (webassets) adds it: "
        "the codemod does not read the template"
    )


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
