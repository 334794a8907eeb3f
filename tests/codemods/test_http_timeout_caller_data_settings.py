"""http-timeout: a wait looked up in the data a function is handed is no setting of the
application's, and holds back no other module's calls (session 34).

Seen on the corpus (a chatbot platform): each content module of a bot has a ``run(config,
...)`` that the engine calls with that bot node's own settings, and one of them fetched a
listing with ``timeout=config.get("timeout_secs", DEFAULT)``. That was read as "the project
reads its waits from its configuration", and every HTTP call of every other module was left
alone with that finding. The node's setting bounds that function's calls only; Flask's
configuration loaders take upper-case keys only, so a lower-case key of a parameter is not
one of its settings.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

NAME = "http-timeout"

NODE = """\
import requests

DEFAULT_WAIT = 45


def run(config, variables):
    wait = config.get("timeout_secs", DEFAULT_WAIT)
    return requests.get(config["url"], timeout=wait).json()
"""

PING = "import requests\n\n\ndef ping(url):\n    return requests.post(url).status_code\n"


def _result(node: str):
    project = {"app/__init__.py": "", "app/modules/__init__.py": "", "app/modules/listing.py": node}
    return run_codemods(PING, NAME, path="app/ping.py", project=project)


@pytest.mark.parametrize(
    "spelling",
    [
        NODE,
        NODE.replace('    wait = config.get("timeout_secs", DEFAULT_WAIT)\n', "").replace("timeout=wait", 'timeout=int(config.get("timeout_secs", 45))'),
    ],
)
def test_a_node_s_own_setting_holds_back_no_other_module(spelling):
    result = _result(spelling)
    assert "requests.post(url, timeout=60)" in result.new_text, finding_messages(result)  # the option, longer than 45
    assert not any("from its configuration" in message for message in finding_messages(result))


def test_the_module_that_reads_it_is_still_left_alone():
    node = NODE + "\n\ndef probe(url):\n    return requests.head(url).status_code\n"
    result = run_codemods(node, NAME, path="app/modules/listing.py", project={"app/__init__.py": "", "app/modules/__init__.py": ""})
    assert "requests.head(url).status_code" in result.new_text
    assert any("reads its timeouts from its configuration" in message for message in finding_messages(result)), finding_messages(result)


SETTINGS = {
    "the app's configuration handed in": NODE.replace("def run(config, variables):", "def init_app(app):").replace(
        'config.get("timeout_secs", DEFAULT_WAIT)', 'app.config["HTTP_TIMEOUT"]'
    ).replace('config["url"]', 'app.config["URL"]'),
    "an upper-case key of a mapping handed in": NODE.replace('"timeout_secs"', '"HTTP_TIMEOUT"'),
    "an object's own configuration": (
        "import requests\n\n\nclass Source:\n    def __init__(self, configuration):\n        self.configuration = configuration\n\n"
        "    def run(self, url):\n        wait = self.configuration.get(\"timeout\", 45)\n        return requests.get(url, timeout=wait).json()\n"
    ),
    "a name bound otherwise too": NODE.replace("    wait = config", "    for wait in variables:\n        pass\n    wait = config"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS))
def test_a_setting_other_modules_may_share_still_holds_them_back(case):
    result = _result(SETTINGS[case])
    assert result.new_text == PING
    assert any("from its configuration" in message for message in finding_messages(result)), finding_messages(result)
