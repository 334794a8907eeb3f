"""upload-limit: an app whose upload route the project's own code sends files to.

FAME's agent (an app run in an analysis VM) takes each sample from FAME's main server, which
posts it through its wrapper (``kwargs["files"] = {"file": fd}``, then ``self._post("/module_each/{}"
.format(kind), **kwargs)``) to ``/<task_id>/module_each/<file_type>``. The main server takes
samples of any size; 16 MiB on the agent refused every larger sample. Such an app is left, with
a finding; an upload route nothing of the project sends to still gets the limit.
"""

from __future__ import annotations

import io

from helpers import finding_messages, load_source, run_codemods

AGENT = """\
import os
from tempfile import mkstemp

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/<task_id>/module_each/<file_type>", methods=["POST"])
def module_each(task_id, file_type):
    fd, filepath = mkstemp()
    with os.fdopen(fd, "wb") as out:
        out.write(request.files["file"].read())
    return jsonify({"size": os.path.getsize(filepath)})
"""

SENDER = """\
from urllib.parse import urljoin

import requests


class IsolatedModule:
    base_url = "http://agent:4242"
    task_id = "t1"

    def _make_request(self, path, **kwargs):
        url = urljoin(self.base_url, "/{}{}".format(self.task_id, path))
        return requests.post(url, **kwargs)

    def _post(self, path, **kwargs):
        return self._make_request(path, **kwargs).json()

    def each_with_type(self, target, target_type):
        kwargs = {}
        if target_type == "url":
            kwargs["data"] = {"url": target}
        else:
            fd = open(target, "rb")
            kwargs["files"] = {"file": fd}
        return self._post("/module_each/{}".format(target_type), **kwargs)
"""

OTHER_SENDER = SENDER.replace('"/module_each/{}"', '"/report/{}"')


def _post(module, size: int) -> int:
    response = module.app.test_client().post(
        "/t1/module_each/executable", data={"file": (io.BytesIO(b"x" * size), "sample.exe")}, content_type="multipart/form-data"
    )
    return response.status_code


def run(sender: str):
    project = {"fame/__init__.py": "", "fame/module.py": sender, "agent/__init__.py": ""}
    return run_codemods(AGENT, "upload-limit", path="agent/agent.py", dedent=False, project=project)


def test_an_app_the_project_sends_its_files_to_is_left_with_a_finding(tmp_path):
    result = run(SENDER)
    assert result.new_text == AGENT
    [message] = finding_messages(result)
    assert "module_each() takes uploads at '/<task_id>/module_each/<file_type>'" in message
    assert "fame/module.py:" in message and "set MAX_CONTENT_LENGTH by hand" in message
    # a 20 MiB sample the main server forwards still reaches the agent's view
    assert _post(load_source(tmp_path, result.new_text, stem="agent_app"), 20 * 1024 * 1024) == 200


def test_an_upload_route_the_project_sends_nothing_to_gets_the_limit(tmp_path):
    result = run(OTHER_SENDER)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in result.new_text
    assert _post(load_source(tmp_path, result.new_text, stem="limited_agent"), 20 * 1024 * 1024) == 413
