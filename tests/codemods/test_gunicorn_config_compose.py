"""gunicorn-config in a repository that keeps an app in a folder of its own (its own
requirements.txt: the project root) and starts it from a compose file in a folder above,
which builds the app's image from that folder: the compose command's options are the
launch's, and the generated file leaves them to it."""

from __future__ import annotations

from flask_codemod import pipeline, project
from flask_codemod.codemods import get_codemod

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\ndef index():\n    return 'hi'\n"


def _lay_out(tmp_path, compose: str, compose_name: str = "compose.yaml"):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    web = tmp_path / "stack" / "web"
    web.mkdir(parents=True)
    (web / "app.py").write_text(APP)
    (web / "requirements.txt").write_text("Flask==3.0.3\ngunicorn==22.0.0\n")
    (web / "Dockerfile").write_text("FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"app.py\"]\n")
    (tmp_path / "stack" / compose_name).write_text(compose)
    return web


def _generated(web) -> str:
    results = [pipeline.process_file(str(web / "app.py"), [get_codemod("gunicorn-config")])]
    assert all(r.error is None for r in results)
    changes, _ = project.merge(results)
    [change] = changes
    assert change.path == str(web / "gunicorn.conf.py")
    return change.new_text


COMPOSE = """\
services:
  proxy:
    build: nginx
    ports:
      - "80:80"
  app:
    build: ./web
    command: gunicorn -w 3 -t 60 -b 0.0.0.0:8000 app:app
"""


def test_the_options_of_a_compose_command_above_the_app_folder_are_left_to_it(tmp_path):
    text = _generated(_lay_out(tmp_path, COMPOSE))
    assert "# workers is set on the gunicorn command line (../compose.yaml: -w 3), which overrides this file." in text
    assert "# timeout is set on the gunicorn command line (../compose.yaml: -t 60), which overrides this file." in text
    assert "workers = int(" not in text and "\ntimeout = " not in text
    assert "max_requests = " in text


def test_a_build_context_given_under_context_counts_too(tmp_path):
    compose = COMPOSE.replace("    build: ./web\n", "    build:\n      context: web\n      dockerfile: Dockerfile\n")
    assert "(../compose.yaml: -w 3)" in _generated(_lay_out(tmp_path, compose))


def test_a_compose_file_above_that_builds_another_folder_says_nothing_of_this_app(tmp_path):
    compose = COMPOSE.replace("build: ./web", "build: ./worker")
    web = _lay_out(tmp_path, compose)
    # the app's own image starts gunicorn with no option (without a start of its own, no file
    # at all: tests/codemods/test_gunicorn_config_started.py)
    (web / "Dockerfile").write_text("FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD [\"gunicorn\", \"app:app\"]\n")
    text = _generated(web)
    assert "workers = int(" in text and "timeout = int(" in text
    assert "command line" not in text.split('"""', 2)[2]


def test_only_the_service_that_builds_the_app_folder_counts(tmp_path):
    compose = (
        "version: '3'\nservices:\n"
        "  admin:\n    build: ./admin\n    command: gunicorn --workers 8 --timeout 300 admin:app\n"
        "  app:\n    build: ./web\n    command: gunicorn -t 60 app:app\n"
    )
    text = _generated(_lay_out(tmp_path, compose))
    assert "# timeout is set on the gunicorn command line (../compose.yaml: -t 60)" in text
    assert "workers = int(" in text and "--workers 8" not in text and "300" not in text


def test_a_compose_file_of_a_deployment_stage_above_the_app_folder_is_read_too(tmp_path):
    """The development compose file starts the development server; the production one, named
    for its stage, starts gunicorn from the image built from the app folder."""
    development = "services:\n  app:\n    build: ./web\n    command: python app.py\n"
    web = _lay_out(tmp_path, development, "docker-compose.yml")
    (tmp_path / "stack" / "docker-compose.prod.yml").write_text(
        "services:\n  app:\n    build:\n      context: ./web\n      dockerfile: Dockerfile.prod\n"
        "    command: gunicorn --bind 0.0.0.0:5000 --workers 2 app:app\n"
    )
    assert "(../docker-compose.prod.yml: --workers 2)" in _generated(web)
