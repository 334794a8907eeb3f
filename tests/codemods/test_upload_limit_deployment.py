"""upload-limit: a project whose deployment opens the proxy in front of the app to larger
bodies (nginx's ``client_max_body_size``, ingress-nginx's ``proxy-body-size``) keeps taking
them: no ``MAX_CONTENT_LENGTH`` below that size is written (open-event-server's ingress admits
64 MiB for event imports and file uploads). A proxy left at its default, or set lower than the
limit, says nothing against it."""

from __future__ import annotations

import io

import pytest

from helpers import finding_messages, load_source, run_codemods

APP = """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/upload")
def upload():
    return {"size": len(request.files["file"].read())}
"""

INGRESS_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx-config
data:
  body-size: "64m"
"""

INGRESS_ANNOTATION = """\
metadata:
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 100m
"""


def _post(module, size: int) -> int:
    body = b"x" * size
    response = module.app.test_client().post(
        "/upload", data={"file": (io.BytesIO(body), "slides.pdf")}, content_type="multipart/form-data"
    )
    return response.status_code


@pytest.mark.parametrize(
    "path, text, says",
    [
        ("kubernetes/yamls/nginx/configmap.yml", INGRESS_CONFIGMAP, "bodies of up to 64 MiB (kubernetes/yamls/nginx/configmap.yml:6)"),
        ("deploy/ingress.yaml", INGRESS_ANNOTATION, "bodies of up to 100 MiB (deploy/ingress.yaml:3)"),
        ("nginx/site.conf", "server {\n    client_max_body_size 32M;\n}\n", "bodies of up to 32 MiB (nginx/site.conf:2)"),
        ("nginx.conf", "http {\n  client_max_body_size 0;\n}\n", "bodies of any size (nginx.conf:2)"),
    ],
)
def test_a_proxy_opened_wider_than_the_limit_keeps_the_app_taking_what_it_admits(tmp_path, path, text, says):
    result = run_codemods(APP, "upload-limit", path="app.py", dedent=False, project={path: text})
    assert result.new_text == APP
    [message] = finding_messages(result)
    assert f"the deployment's proxy admits {says}" in message and "set MAX_CONTENT_LENGTH by hand" in message
    # a 20 MiB upload the proxy lets through still reaches the view
    assert _post(load_source(tmp_path, result.new_text, stem="deployed_app"), 20 * 1024 * 1024) == 200


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"nginx.conf": "http {\n  client_max_body_size 8m;\n}\n"},  # lower than the limit: no conflict
        {"nginx.conf": "http {\n  keepalive_timeout 65;\n}\n"},  # nginx's default, 1 MiB
        {"docker-compose.yml": "services:\n  web:\n    image: app\n"},
    ],
)
def test_a_proxy_at_its_default_or_below_the_limit_lets_the_limit_be_set(tmp_path, files):
    result = run_codemods(APP, "upload-limit", path="app.py", dedent=False, project=files)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in result.new_text
    assert _post(load_source(tmp_path, result.new_text, stem="limited_app"), 20 * 1024 * 1024) == 413


def test_a_test_fixtures_nginx_file_says_nothing_about_the_deployment():
    files = {"tests/fixtures/nginx.conf": "client_max_body_size 0;\n"}
    result = run_codemods(APP, "upload-limit", path="app.py", dedent=False, project=files)
    assert "MAX_CONTENT_LENGTH" in result.new_text
