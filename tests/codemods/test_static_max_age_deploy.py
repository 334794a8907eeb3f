"""static-max-age writes the max-age only where it reaches a browser in production: the
project deploys the app behind a WSGI server, and no web server of it serves the static
files in Flask's stead."""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod.codemods._base import Context
from flask_codemod.codemods._static_max_age_deploy import not_deployed_reason
from helpers import DEPLOYED, ProjectReader, finding_messages, load_source, rewrite, run_codemods

SITE = '''
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def index():
    return render_template("index.html")


if __name__ == "__main__":
    app.run(debug=True)
'''
STYLESHEET = {"static/site.css": "body { color: navy }\n"}
LINE = 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n'


def deployment_reason(files: dict[str, str]) -> str | None:
    """Why the max-age would not reach a browser for SITE in the project ``files`` (None: it would)."""
    reader = ProjectReader({**files, "app.py": textwrap.dedent(SITE)}, "app.py")
    return not_deployed_reason(Context("app.py", read_file=reader))


def test_an_app_only_a_development_server_runs_is_left_alone_without_a_word():
    """Nothing to change and nothing for a reviewer to do: no finding (the reason is the codemod's own)."""
    files = {**STYLESHEET, "README.md": "Run `python app.py`.\n"}
    result = run_codemods(SITE, "static-max-age", files=files)
    assert result.new_text == textwrap.dedent(SITE)
    assert finding_messages(result) == []
    assert "nothing in the project deploys the app behind a WSGI server" in deployment_reason(files)


@pytest.mark.parametrize(
    "deployment",
    [
        DEPLOYED,
        {"etc/supervisord.conf": "[program:site]\ncommand = gunicorn wsgi:app -c etc/gunicorn.py\n"},
        {"uwsgi.ini": "[uwsgi]\nmodule = app:app\n"},
        {"deploy/site.vhost": "WSGIScriptAlias / /srv/site/site.wsgi\n"},
        {"Dockerfile": "FROM python:3.12\nCOPY . /srv\nCMD [\"python\", \"app.py\"]\n"},
        {"docker-compose.yml": "services:\n  web:\n    build: .\n    ports: [\"80:5000\"]\n"},
        {"deploy/site.service": "[Service]\nExecStart=/srv/venv/bin/python /srv/app.py\n"},
        {"app.yaml": "runtime: python312\n"},
        {"wsgi.py": "from app import app\n"},
        {"serve.py": "from gevent.pywsgi import WSGIServer\nfrom app import app\nWSGIServer(('', 80), app).serve_forever()\n"},
        {"serve.py": "from waitress import serve\nfrom app import app\nserve(app)\n"},
    ],
    ids=["procfile", "supervisor", "uwsgi", "mod_wsgi", "dockerfile", "compose", "systemd", "app-engine", "wsgi-module", "gevent", "waitress"],
)
def test_an_app_the_project_deploys_behind_a_wsgi_server_gets_the_max_age(deployment, tmp_path):
    after = rewrite(SITE, "static-max-age", files={**STYLESHEET, **deployment})
    assert LINE in after
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text(STYLESHEET["static/site.css"])
    with load_source(tmp_path, after, stem="deployed_site").app.test_client() as client:
        response = client.get("/static/site.css")
        assert response.status_code == 200 and response.cache_control.max_age == 3600


@pytest.mark.parametrize(
    "near_miss",
    [
        {"requirements.txt": "Flask\ngunicorn\n"},  # installed is not serving
        {"setup.sh": "pip install gunicorn\npython app.py\n"},
        {"docs/deploy.md": "gunicorn app:app\n", "docs/Procfile": "web: gunicorn app:app\n"},
        {"Procfile": "worker: python jobs.py\n"},
        {"docker-compose.yml": "services:\n  db:\n    image: postgres:16\n"},
        {"tests/wsgi.py": "from app import app\n"},
        {"Makefile": "run:\n\tflask run --debug\n"},
    ],
    ids=["requirement", "install", "docs", "worker-only", "compose-db-only", "test-module", "flask-run"],
)
def test_what_does_not_deploy_the_app_is_no_evidence(near_miss):
    result = run_codemods(SITE, "static-max-age", files={**STYLESHEET, **near_miss})
    assert result.new_text == textwrap.dedent(SITE)
    assert finding_messages(result) == []
    assert "nothing in the project deploys the app" in deployment_reason({**STYLESHEET, **near_miss})


@pytest.mark.parametrize(
    "server, shown",
    [
        ({"deploy/nginx.conf": "server {\n  location /static {\n    alias /srv/site/static;\n  }\n}\n"}, "deploy/nginx.conf:2: location /static {"),
        ({"docker/nginx/default.conf": "server {\n  location / {\n    root /opt/site/static/dist;\n  }\n}\n"}, "docker/nginx/default.conf:3: root /opt/site/static/dist;"),
        ({"apache/site": "Alias /static /srv/site/static\n"}, "apache/site:1: Alias /static /srv/site/static"),
        ({"wsgi.py": "from whitenoise import WhiteNoise\nfrom app import app\napp.wsgi_app = WhiteNoise(app.wsgi_app, root='static/')\n"}, "wsgi.py:1: WhiteNoise"),
    ],
    ids=["nginx-location", "nginx-root", "apache-alias", "whitenoise"],
)
def test_static_files_a_web_server_serves_are_left_alone_without_a_word(server, shown):
    result = run_codemods(SITE, "static-max-age", files={**STYLESHEET, **DEPLOYED, **server})
    assert result.new_text == textwrap.dedent(SITE)
    assert finding_messages(result) == []
    reason = deployment_reason({**STYLESHEET, **DEPLOYED, **server})
    assert f"the project's web server serves the static files itself ({shown})" in reason


@pytest.mark.parametrize(
    "config",
    [
        "server {\n  location / {\n    proxy_pass http://127.0.0.1:8000;\n  }\n}\n",
        "server {\n  # location /static { alias /srv/site/static; }\n  location / { proxy_pass http://web:8000; }\n}\n",
        "server {\n  location /static-pages { proxy_pass http://web:8000; }\n}\n",
        "server {\n  location /media { alias /srv/site/uploads; }\n}\n",
    ],
    ids=["proxy-only", "commented", "another-path", "media"],
)
def test_a_web_server_that_hands_static_requests_to_flask_is_no_reason_to_stay(config):
    assert LINE in rewrite(SITE, "static-max-age", files={**STYLESHEET, **DEPLOYED, "deploy/nginx.conf": config})


def test_a_text_without_its_project_is_taken_as_deployed():
    """Without the project's files (a text on its own), nothing can be read either way, as
    for the static folder's files: the max-age is written."""
    assert LINE in rewrite(SITE, "static-max-age")
