"""cache-views: a view that answers the serving host's name (``socket.gethostname()``,
``platform.node()``) is left uncached without a finding.

The name is the host's, not an outside service's answer: the page differs per server that
answers, which a cache shared by several hosts would hide; there is nothing for a reviewer to
decide (it used to be reported as "calls an outside service").
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

SOURCE = """\
import {module}
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/whoami/")
def whoami():
    return jsonify(host={call}())
"""


@pytest.mark.parametrize("module, call", [("socket", "socket.gethostname"), ("platform", "platform.node")])
def test_a_view_answering_the_host_name_is_left_silently(module, call):
    source = SOURCE.format(module=module, call=call)
    result = run_codemods(source, "cache-views", files={"requirements.txt": "flask\nFlask-Caching\n"}, dedent=False)
    assert result.new_text == source
    assert [m for m in finding_messages(result) if "whoami" in m] == []
