"""The gates of gunicorn-config: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from flask_codemod.codemods._gunicorn_config_gate import app_word
from gate_checks import GateCases, accepts


class TestGates(GateCases):
    NAME = "gunicorn-config"
    # near misses: rejected, and rightly so (the codemod, gates open, does nothing with them)
    REJECTED = [
        # "app" only inside other words
        ("items = []\nitems.append(1)\n\ndef wrapper(mapping):\n    return apply(mapping)\n", "lib/util.py"),
        # ... or only for type checkers, or naming a class or a helper rather than an app
        (
            "import typing\nif typing.TYPE_CHECKING:\n    from wsgiref.types import WSGIApplication as app\n"
            "from .sansio.app import App\n\ndef locate_app(name):\n    return name\n",
            "lib/cli.py",
        ),
        # flask's own objects: current_app is a proxy, no app gunicorn could load
        (
            "from threading import Thread\nfrom flask import current_app\n\ndef send(msg):\n"
            "    Thread(target=current_app.logger.info, args=(msg,)).start()\n",
            "app/email.py",
        ),
    ]
    ACCEPTED = [
        ("from app import app\n", "wsgi.py"),
        ("from app import app\n", "serve.py"),
        ("from myshop import create_app\n\napplication = create_app()\n", "entry.py"),
        ("from flask import Flask\nweb = Flask(__name__)\n", "site.py"),
        ("from .factory import build\n\ndef create_app():\n    return build()\n", "shop/__init__.py"),
        ("try:\n    from shop import application\nexcept ImportError:\n    application = None\n", "serve.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["blueprint_module", "helper_module"]


def test_app_words() -> None:
    for word in ("app", "create_app", "application", "myapp", "WebApp", "flask_app", "shop.app", "_ASGIApp", "APP"):
        assert app_word(word), word
    for word in ("append", "wrapper", "mapping", "apply", "happy", "Mapping", "approx", "appendleft", "AppDirs", "get_app_dir", ""):
        assert not app_word(word), word


def test_paths_with_backslashes() -> None:
    # Windows separators: an app module, a module that is not one
    assert accepts(TestGates.NAME, "items = []\nitems.append(1)\n", "project\\wsgi.py")
    assert not accepts(TestGates.NAME, "items = []\nitems.append(1)\n", "project\\tools\\util.py")
