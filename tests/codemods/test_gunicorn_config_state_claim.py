"""gunicorn-config says "the app keeps values between requests" only where a request is shown
to reach the write: a view, a function of its module it calls, or a function (or method) a view
calls by name. A findings audit of session 25 found the claim false in 6 of 7 cases: registries
filled once as the app loads (busy-beaver's ``@hooks.hook``, cabotage's ``@JSEnum``, a
``boot()`` called once at start-up), which the codemod cannot prove run only then. There the
file is still held back (a request may change them), but the finding says what is known: the
write is not seen to run for a request, nor shown to run only at start-up."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FILES = {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app\n"}

# a plugin registry a start-up function fills: create_app() calls boot() once
HOOKS = """\
HANDLERS = {}


def boot(names):
    for name in names:
        HANDLERS[name] = name.upper()
"""

APP = """\
from flask import Flask

from hooks import HANDLERS, boot

app = Flask(__name__)


def create_app():
    boot(["push", "issue"])
    return app


@app.get("/hooks/<name>")
def hook(name):
    return HANDLERS.get(name, "none")
"""

# the same registry, written by a view through a function of another module
APP_WRITING = APP.replace('    return HANDLERS.get(name, "none")', "    boot([name])\n    return HANDLERS[name]")


def _messages(source: str) -> tuple[list[str], dict[str, str]]:
    result = run_codemods(source, "gunicorn-config", files={**FILES, "hooks.py": HOOKS}, path="app.py")
    assert result.error is None, result.error
    return finding_messages(result), {e.key: e.value for e in result.project_edits if e.kind == "file"}


def test_a_registry_filled_at_start_up_is_not_said_to_keep_values_between_requests():
    messages, created = _messages(APP)
    assert created == {}  # not proved to run only at start-up: still no file
    [message] = messages
    assert "keeps values between requests" not in message
    assert "may keep values between requests" in message and "HANDLERS (hooks.py:1), written at hooks.py:6" in message
    assert "no request is seen to run" in message


def test_a_write_a_view_reaches_in_another_module_is_said_to_keep_values():
    messages, created = _messages(APP_WRITING)
    assert created == {}
    [message] = messages
    assert "the app keeps values between requests" in message and "by a function a request runs" in message
    assert "HANDLERS (hooks.py:1), written at hooks.py:6" in message


def test_a_method_is_not_reached_by_its_name_alone():
    """A method's name (``put``, ``get``, ``update``) is shared by many: a view's ``store.put``
    does not show which class's ``put`` runs, so the claim is "may"."""
    store = "class Store:\n    def __init__(self):\n        self.items = {}\n\n    def put(self, key, value):\n        self.items[key] = value\n\n\nstore = Store()\n"
    app = (
        "from flask import Flask\n\nfrom store import store\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/<key>')\ndef put(key):\n    store.put(key, 1)\n    return 'ok'\n"
    )
    result = run_codemods(app, "gunicorn-config", files={**FILES, "store.py": store}, path="app.py")
    [message] = finding_messages(result)
    assert "may keep values between requests" in message and "store.py:6" in message


def test_a_write_of_a_request_hook_is_said_to_keep_values():
    """linotp fills its ``request_context`` in ``create_context``, registered with
    ``app.before_request(app.create_context)``: it runs for every request."""
    hooks = HOOKS.replace("def boot(names):", "def remember(names):")
    app = APP.replace("from hooks import HANDLERS, boot", "from hooks import HANDLERS, remember").replace(
        '    boot(["push", "issue"])\n', "").replace("def create_app():", "def note():\n    remember(['x'])\n\n\ndef create_app():")
    app += "\n\napp.before_request(note)\n"
    result = run_codemods(app, "gunicorn-config", files={**FILES, "hooks.py": hooks}, path="app.py")
    [message] = finding_messages(result)
    assert "the app keeps values between requests" in message and "hooks.py:6" in message

