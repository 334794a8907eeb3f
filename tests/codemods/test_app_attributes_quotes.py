"""app-attributes writes its header test and its config keys in the module's quotes
(_quote_style.preferred_quote: its config keys', else its most common quote), as the config
codemods and http-timeout do. Found on flaskup (``views.py``, single quotes on 41 lines,
double on 5) and before it on psdash (164 strings in single quotes, 3 in double):
``request.headers.get("X-Requested-With", "")`` read as written by someone else."""

from __future__ import annotations

from helpers import run_codemods
from upgrade_checks import run_app

SINGLE = """\
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config['SECRET_KEY'] = 'x'
app.session_cookie_name = 'shop'


@app.route('/items')
def items():
    if request.is_xhr:
        return jsonify(['tea'])
    return 'tea'


@app.route('/cookie')
def cookie():
    return app.session_cookie_name
"""


def _rewritten(source: str) -> str:
    result = run_codemods(source, "app-attributes", dedent=False)
    assert result.error is None, result.error
    return result.new_text


def test_a_module_in_single_quotes_gets_single_quotes():
    text = _rewritten(SINGLE)
    assert "request.headers.get('X-Requested-With', '').lower() == 'xmlhttprequest'" in text
    assert "app.config['SESSION_COOKIE_NAME'] = 'shop'" in text
    assert "return app.config['SESSION_COOKIE_NAME']" in text
    assert '"' not in text


def test_a_module_in_double_quotes_keeps_double_quotes():
    text = _rewritten(SINGLE.replace("'", '"'))
    assert 'request.headers.get("X-Requested-With", "").lower() == "xmlhttprequest"' in text
    assert "'" not in text


def test_the_rewritten_app_answers_as_werkzeug_s_is_xhr_did(tmp_path):
    probe = """
    ajax = client.get('/items', headers={'X-Requested-With': 'XMLHttpRequest'})
    plain = client.get('/items')
    print(json.dumps({'ajax': ajax.get_json(), 'plain': plain.get_data(as_text=True), 'cookie': client.get('/cookie').get_data(as_text=True)}))
    """
    answer = run_app(tmp_path, {"app.py": _rewritten(SINGLE)}, probe)
    assert answer == {"ajax": ["tea"], "plain": "tea", "cookie": "shop"}
