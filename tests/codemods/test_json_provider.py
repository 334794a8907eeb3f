"""json-provider: JSON settings that Flask 3 silently ignores (key order, escaping, pretty
printing, mimetype) and an encoder it no longer imports come back after the rewrite, checked on
real responses of the Flask test client."""

from __future__ import annotations

import os

import pytest

from helpers import SAMPLES, assert_left_alone, finding_messages, load_source, rewrite, run_at_target, run_codemods


def _sample(name: str) -> str:
    with open(os.path.join(SAMPLES, "json-provider", name), encoding="utf-8") as handle:
        return handle.read()


def test_the_encoder_app_fails_on_flask_3_and_answers_as_before_after_the_rewrite(tmp_path):
    before = _sample("module_app.before.py")
    with pytest.raises(ImportError):
        load_source(tmp_path, before)
    module = load_source(tmp_path, rewrite(before, "json-provider", dedent=False))
    response = module.app.test_client().get("/invoice")
    assert response.status_code == 200 and response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    # keys in the order given (JSON_SORT_KEYS = False), unescaped (JSON_AS_ASCII = False),
    # pretty-printed outside debug mode (JSONIFY_PRETTYPRINT_REGULAR = True), money and dates
    # through the custom default()
    assert text == '{\n  "total": "9.90",\n  "due": "2024-01-31",\n  "customer": "Zoë"\n}\n'


CONFIG_ONLY = '''
from flask import Flask, jsonify

app = Flask(__name__)
app.config["JSON_SORT_KEYS"] = False
app.config["JSON_AS_ASCII"] = False
app.config.update(JSONIFY_MIMETYPE="application/vnd.api+json", JSONIFY_PRETTYPRINT_REGULAR=False)


@app.route("/")
def index():
    return jsonify(zeta=1, alpha="Zoë")
'''


def test_settings_flask_3_silently_ignores_are_honoured_again(tmp_path):
    legacy = load_source(tmp_path, CONFIG_ONLY).app.test_client().get("/")
    assert legacy.get_data(as_text=True) == '{"alpha":"Zo\\u00eb","zeta":1}\n'  # silently ignored
    assert legacy.mimetype == "application/json"

    after = rewrite(CONFIG_ONLY, "json-provider", dedent=False)
    assert 'app.json.sort_keys = False\napp.json.ensure_ascii = False\n' in after
    assert 'app.config.update(JSONIFY_MIMETYPE' not in after
    assert 'app.json.mimetype = "application/vnd.api+json"\n' in after
    assert "compact" not in after  # PRETTYPRINT False is the default behaviour
    module = load_source(tmp_path, after)
    response = module.app.test_client().get("/")
    assert response.get_data(as_text=True) == '{"zeta":1,"alpha":"Zoë"}\n'
    assert response.mimetype == "application/vnd.api+json"
    # and, as with JSONIFY_PRETTYPRINT_REGULAR = False before, pretty in debug mode only
    module.app.debug = True
    assert module.app.test_client().get("/").get_data(as_text=True) == '{\n  "zeta": 1,\n  "alpha": "Zoë"\n}\n'


def test_a_key_set_under_a_condition_stays_under_it(tmp_path, monkeypatch):
    source = (
        "import os\n\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\n"
        "if os.environ.get('KEEP_ORDER'):\n    app.config['JSON_SORT_KEYS'] = False\n\n\n"
        "@app.route('/')\ndef index():\n    return jsonify(b=1, a=2)\n"
    )
    after = rewrite(source, "json-provider", dedent=False)
    assert "if os.environ.get('KEEP_ORDER'):\n    app.json.sort_keys = False\n" in after
    monkeypatch.setenv("KEEP_ORDER", "1")
    assert load_source(tmp_path, after).app.test_client().get("/").get_data(as_text=True) == '{"b":1,"a":2}\n'
    monkeypatch.delenv("KEEP_ORDER")
    assert load_source(tmp_path, after).app.test_client().get("/").get_data(as_text=True) == '{"a":2,"b":1}\n'


def test_a_config_class_loaded_by_the_factory(tmp_path):
    module = load_source(tmp_path, rewrite(_sample("factory_config_class.before.py"), "json-provider", dedent=False))
    app = module.create_app()
    assert app.json.sort_keys is False and app.json.mimetype == "application/vnd.api+json"
    assert app.json.compact is None and app.config["MAX_CONTENT_LENGTH"] == 1024
    assert "JSON_SORT_KEYS" not in app.config


def test_settings_set_before_the_encoder_is_installed_are_refused():
    source = """
        from flask import Flask
        from flask.json import JSONEncoder

        class E(JSONEncoder):
            def default(self, o):
                return JSONEncoder.default(self, o)

        app = Flask(__name__)
        app.config["JSON_SORT_KEYS"] = False
        app.json_encoder = E
    """
    result = run_codemods(source, "json-provider")
    assert "app.config[\"JSON_SORT_KEYS\"] = False" in result.new_text
    assert "app.json = E(app)" in result.new_text and "return DefaultJSONProvider.default(o)" in result.new_text
    assert "app.json_encoder is set after it (line 11)" in finding_messages(result)[0]


@pytest.mark.parametrize(
    "loader",
    ['app.config.from_envvar("SHOP_SETTINGS", silent=True)', 'app.config.from_pyfile("local.cfg", silent=True)'],
)
def test_settings_that_config_loaded_later_may_override_are_refused(loader):
    """Up to Flask 2.2 the loaded file's JSON_AS_ASCII won over this line; an attribute set
    here would win from 2.3 on: the reviewer decides which value the app ends with."""
    source = f"from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_AS_ASCII'] = False\n{loader}\n"
    result = run_codemods(source, "json-provider", dedent=False)
    assert result.new_text == source
    (message,) = finding_messages(result)
    assert message.startswith("4: ") and "config loaded later (line 5" in message
    # loaded before the key, the line wins in both versions: rewritten
    earlier = f"from flask import Flask\n\napp = Flask(__name__)\n{loader}\napp.config['JSON_AS_ASCII'] = False\n"
    assert rewrite(earlier, "json-provider", dedent=False).endswith("app.json.ensure_ascii = False\n")


@pytest.mark.parametrize(
    "source",
    [
        "from flask import Flask\napp = Flask(__name__)\napp.json.sort_keys = False\n# JSON_SORT_KEYS was here\n",
        "from flask import Flask\napp = Flask(__name__)\nif hasattr(app, 'json'):\n    app.json.sort_keys = False\n"
        "else:\n    app.config['JSON_SORT_KEYS'] = False\n",
        "import json\n\nclass E(json.JSONEncoder):\n    def default(self, o):\n        return str(o)\n",
    ],
)
def test_modern_guarded_and_foreign_code_is_byte_identical(source):
    assert_left_alone("json-provider", source)


def test_a_target_without_the_provider_gets_findings_only():
    text, findings = run_at_target(_sample("module_app.before.py"), "json-provider", (2, 0), dedent=False)
    assert text == _sample("module_app.before.py")
    assert [line for line, _ in sorted(findings)] == [20, 21, 22, 23]
    assert all("app.json exists from Flask 2.2 on" in m or "provider exists from Flask 2.2 on" in m for _, m in findings)
    text, findings = run_at_target(_sample("module_app.before.py"), "json-provider", (2, 2), dedent=False)
    assert "app.json.sort_keys = False" in text and findings == []


def test_the_gates():
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("json-provider")()
    assert not codemod.applies_to_file("from flask import jsonify\n", "app.py")
    assert codemod.applies_to_file("JSON_AS_ASCII = False\n", "settings.py")
