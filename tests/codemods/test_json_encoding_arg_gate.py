"""The gates of json-encoding-arg: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "json-encoding-arg"
    REJECTED = [
        # the standard library's json
        ("import json\nx = json.loads(s, encoding='utf-8')\n", "payloads.py"),
        # flask.json without the argument, "encoding" only in a comment
        ("from flask import json\nx = json.loads(s)  # encoding\n", "payloads.py"),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask import json\nx = json.loads(s, encoding='utf-8')\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import json as j\nx = j.loads(s, encoding='utf-8')\n", "payloads.py"),
        # test code is upgraded too
        ("from flask import json\nx = json.loads(s, encoding='utf-8')\n", "tests/test_api.py"),
    ]
