"""The gates of json-provider: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "json-provider"
    REJECTED = [
        # the provider already
        (
            "from flask import Flask\nfrom flask.json.provider import DefaultJSONProvider\n\n"
            "app = Flask(__name__)\napp.json.sort_keys = False\n",
            "app.py",
        ),
        # json.dumps with the standard library's own arguments
        ("import json\n\ndef dump(data):\n    return json.dumps(data, sort_keys=True, ensure_ascii=False)\n", "util.py"),
        # the standard library's encoder, which Flask never removed
        (
            "import json\n\nclass Encoder(json.JSONEncoder):\n    def default(self, o):\n        return str(o)\n\n"
            "text = json.dumps({}, cls=Encoder)\n",
            "serializers.py",
        ),
        ("from json import JSONDecoder\n\nclass Decoder(JSONDecoder):\n    pass\n", "decoders.py"),
        # a packaging script: no codemod acts on it (Codemod.acts_on)
        (
            "from setuptools import setup\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_SORT_KEYS'] = False\n",
            "setup.py",
        ),
    ]
    ACCEPTED = [
        # a test module: upgrades act on tests too (a removed API breaks them as well)
        (
            "from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_SORT_KEYS'] = False\n",
            "tests/test_api.py",
        ),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_AS_ASCII'] = False\n", "app.py"),
        ("from flask.json import JSONEncoder\n\nclass Encoder(JSONEncoder):\n    pass\n", "encoders.py"),
        ("from flask import json\n\nclass Decoder(json.JSONDecoder):\n    pass\n", "decoders.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.json_encoder = Encoder\n", "app.py"),
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.update(JSONIFY_PRETTYPRINT_REGULAR=True)\n", "app.py"),
        ("class Config:\n    JSON_SORT_KEYS = False\n\napp.config.from_object(Config)\n", "config.py"),
    ]
