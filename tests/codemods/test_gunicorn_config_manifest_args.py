"""gunicorn-config: a Kubernetes manifest's ``args:`` belong to its ``command:`` (session 44's
leftover, quarry). quarry's Helm template runs ``command: ["gunicorn"]`` with ``args: ["-w",
"2", "--bind", "0.0.0.0:5000", "wsgi:application"]`` on the next line; the finding named the
start as ``gunicorn`` alone. Kubernetes runs a container's ``command`` with its ``args``
after it: the finding now names the whole start. Arguments a template computes (``{{ ... }}``)
are not read, nor an ``args:`` of another container. Nothing is generated either way (the
folder the image starts in is not told)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napplication = Flask(__name__)\n"
REQUIREMENTS = {"requirements.txt": "flask\ngunicorn\n"}

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          image: quarry:latest
          command: ["gunicorn"]
          args: ["-w", "2", "--bind", "0.0.0.0:5000", "wsgi:application"]
          ports:
            - containerPort: 5000
"""


def _message(manifest: str) -> str:
    files = {**REQUIREMENTS, "helm/templates/web_deployment.yaml": manifest}
    result = run_codemods(APP, "gunicorn-config", files=files, path="wsgi.py")
    assert result.error is None and result.new_text == APP
    assert [e.key for e in result.project_edits if e.kind == "file"] == []
    [message] = finding_messages(result)
    return message


def test_the_args_of_the_command_are_named_with_it():
    message = _message(DEPLOYMENT)
    assert (
        "helm/templates/web_deployment.yaml starts it (gunicorn -w 2 --bind 0.0.0.0:5000 wsgi:application), "
        "but that file is none of the launch files read here" in message
    ), message


def test_a_block_list_of_args_is_read_too():
    block = DEPLOYMENT.replace(
        '          args: ["-w", "2", "--bind", "0.0.0.0:5000", "wsgi:application"]\n',
        "          args:\n            - -w\n            - \"2\"\n            - wsgi:application\n",
    )
    assert "starts it (gunicorn -w 2 wsgi:application)" in _message(block)


def test_computed_args_or_another_containers_are_not_read():
    computed = DEPLOYMENT.replace('"wsgi:application"', '"{{ .Values.app }}"')
    assert "starts it (gunicorn), but" in _message(computed)
    other = DEPLOYMENT.replace(
        '          args: ["-w", "2", "--bind", "0.0.0.0:5000", "wsgi:application"]\n',
        '        - name: sidecar\n          args: ["--verbose"]\n',
    )
    assert "starts it (gunicorn), but" in _message(other)
