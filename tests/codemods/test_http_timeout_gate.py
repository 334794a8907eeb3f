"""The gates of http-timeout: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "http-timeout"
    REJECTED = [
        # every call has its timeout; urllib without urlopen
        ("import requests\n\ndef get(url):\n    return requests.get(url, timeout=5)\n", "client.py"),
        ("import urllib.parse\n\ndef quote(x):\n    return urllib.parse.quote(x)\n", "util.py"),
        ("from urllib.request import urlopen\n\ndef ping(u):\n    return urlopen(u, None, 30)\n", "ping.py"),
    ]
    ACCEPTED = [
        ("import requests as r\n\ndef get(u):\n    return r.get(u)\n", "client.py"),
        ("import requests\n\ndef get(u):\n    return requests.get(u, timeout=None)\n", "client.py"),
        ("import requests\n\ndef get(u):\n    s = requests.Session()\n    return s.get(u, timeout=3)\n", "client.py"),
        ("import urllib.request\n\ndef get(u):\n    return urllib.request.urlopen(u)\n", "client.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["no_change_not_http"]
