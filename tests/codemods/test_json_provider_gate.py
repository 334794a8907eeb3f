"""The gates of json-provider: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "json-provider"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # the provider already
        (
            "from flask import Flask\nfrom flask.json.provider import DefaultJSONProvider\n\n"
            "app = Flask(__name__)\napp.json.sort_keys = False\n",
            "app.py",
        ),
        # json.dumps with the standard library's own arguments
        ("import json\n\ndef dump(data):\n    return json.dumps(data, sort_keys=True, ensure_ascii=False)\n", "util.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_SORT_KEYS'] = False\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_AS_ASCII'] = False\n", "app.py"),
        ("from flask.json import JSONEncoder\n\nclass Encoder(JSONEncoder):\n    pass\n", "encoders.py"),
        # test code is upgraded too: it breaks like the app does
        (
            "from flask import Flask\n\napp = Flask(__name__)\napp.config['JSON_SORT_KEYS'] = False\n",
            "tests/test_api.py",
        ),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = []
