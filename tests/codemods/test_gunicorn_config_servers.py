"""gunicorn-config on a project that another WSGI server serves: where no command starts
gunicorn and the project's own deployment files show Apache mod_wsgi, uWSGI, waitress or
mod_wsgi-express serving the app, the finding names that server."""

from __future__ import annotations

import pytest

from flask_codemod import pipeline, project
from flask_codemod.codemods import get_codemod
from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n"
WSGI = "from app import app as application\n"
VHOST = """\
<VirtualHost *:80>
    ServerName www.shop.example
    WSGIDaemonProcess shop user=shop threads=5
    WSGIScriptAlias / /srv/shop/wsgi.py
    <Directory /srv/shop/>
        WSGIProcessGroup shop
        Require all granted
    </Directory>
</VirtualHost>
"""
FROZEN = "Flask==0.10.1\ngunicorn==19.1.1\nitsdangerous==0.24\n"
UWSGI_INI = "[uwsgi]\nmodule = wsgi:application\nmaster = true\nprocesses = 4\n"
# waitress started from the project's own Python
SERVE = "from waitress import serve\n\nfrom app import app\n\nif __name__ == '__main__':\n    serve(app, port=8080)\n"


def run(files: dict[str, str]):
    result = run_codemods(APP, "gunicorn-config", files={"wsgi.py": WSGI, **files})
    assert result.error is None and result.new_text == APP
    created = {e.key: e.value for e in result.project_edits if e.kind == "file"}
    return result, created


@pytest.mark.parametrize(
    "files, evidence",
    [
        # imwilsonxu/fbone: gunicorn in a frozen list, the app behind an Apache vhost
        ({"requirements.txt": FROZEN, "shop.conf": VHOST}, "Apache mod_wsgi (shop.conf:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "deploy/uwsgi.ini": UWSGI_INI}, "uWSGI (deploy/uwsgi.ini:1: [uwsgi])"),
        (
            {"requirements.txt": FROZEN, "deploy/nginx.conf": "location / {\n    include uwsgi_params;\n    uwsgi_pass unix:/run/shop.sock;\n}\n"},
            "uWSGI (deploy/nginx.conf:3: uwsgi_pass)",
        ),
        ({"requirements.txt": FROZEN, "Procfile": "web: uwsgi --http :$PORT --module wsgi:application\n"}, "uWSGI (Procfile: uwsgi command)"),
        (
            {"requirements.txt": FROZEN, "deploy/shop.conf": "[program:shop]\ncommand=/srv/venv/bin/uwsgi\n    --ini deploy/uwsgi.ini\n"},
            "uWSGI (deploy/shop.conf: uwsgi command)",
        ),
        (
            {"requirements.txt": FROZEN, "deploy/shop.service": "[Service]\nExecStart=/srv/venv/bin/waitress-serve --port=8080 wsgi:application\n"},
            "waitress (deploy/shop.service: waitress-serve command)",
        ),
        (
            {"requirements.txt": FROZEN, "run.sh": "#!/bin/sh\nexec sh -c \"mod_wsgi-express start-server wsgi.py --port 80\"\n"},
            "mod_wsgi-express (run.sh: mod_wsgi-express command)",
        ),
        # the Dockerfile installs gunicorn (a mention, not a start) and starts uWSGI
        (
            {"requirements.txt": "flask\n", "Dockerfile": 'FROM python:3.12\nRUN pip install gunicorn uwsgi\nCMD ["uwsgi", "--ini", "uwsgi.ini"]\n'},
            "uWSGI (Dockerfile: uwsgi command)",
        ),
        # Apache reads its configuration from files of any name; mod_wsgi's script files end in
        # .wsgi (gunicorn imports modules, which a .wsgi file cannot be); waitress started from Python
        ({"requirements.txt": FROZEN, "apache/site": VHOST}, "Apache mod_wsgi (apache/site:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "deploy/vhost": VHOST}, "Apache mod_wsgi (deploy/vhost:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "shop.vhost": VHOST}, "Apache mod_wsgi (shop.vhost:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "ansible/templates/shop.conf.j2": VHOST}, "Apache mod_wsgi (ansible/templates/shop.conf.j2:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "server/sites-available/shop": VHOST}, "Apache mod_wsgi (server/sites-available/shop:4: WSGIScriptAlias)"),
        ({"requirements.txt": FROZEN, "shop.wsgi": WSGI}, "Apache mod_wsgi (shop.wsgi: a mod_wsgi script file)"),
        ({"requirements.txt": FROZEN, "serve.py": SERVE}, "waitress (serve.py:6: waitress.serve call)"),
        (
            {"requirements.txt": FROZEN, "run.py": "import waitress as w\nimport app\n\ndef main():\n    w.serve(app.app, listen='*:80')\n"},
            "waitress (run.py:5: waitress.serve call)",
        ),
        (
            {"requirements.txt": FROZEN, "run.py": "from waitress import serve as start\nfrom app import app\nstart(app)\n"},
            "waitress (run.py:3: waitress.serve call)",
        ),
    ],
)
def test_an_app_another_server_serves_gets_no_file_and_one_finding(files, evidence):
    result, created = run(files)
    assert created == {} and result.rewrites == {}
    [message] = finding_messages(result)
    assert f"the app is served by {evidence}, and no command seen here starts gunicorn" in message
    assert "no gunicorn.conf.py generated" in message


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": FROZEN, "shop.conf": VHOST, "Procfile": "web: gunicorn app:app\n"},
        {"requirements.txt": FROZEN, "deploy/uwsgi.ini": UWSGI_INI, "deploy/web.conf": "[program:web]\ncommand=gunicorn wsgi:application\n"},
    ],
)
def test_a_command_that_starts_gunicorn_too_gets_its_file(files):
    """gunicorn reads the file where the command starts it, whatever else the project holds."""
    result, created = run(files)
    assert list(created) == ["gunicorn.conf.py"] and finding_messages(result) == []


@pytest.mark.parametrize(
    "files",
    [
        # installing a server, naming it or describing it is no server serving the app
        {"requirements.txt": FROZEN, "Dockerfile": "FROM python:3.12\nRUN pip install uwsgi waitress\n"},
        {"requirements.txt": FROZEN, "Makefile": ".PHONY: uwsgi\nuwsgi:\n\techo todo\n"},
        {"requirements.txt": FROZEN, "shop.conf": "<VirtualHost *:80>\n    # WSGIScriptAlias / /srv/shop/wsgi.py\n</VirtualHost>\n"},
        {"requirements.txt": FROZEN, "deploy/app.ini": "[app]\nserver = uwsgi\n"},
        # a server listed as a package to install
        {"pyproject.toml": '[tool.poetry.dependencies]\nflask = "*"\nuwsgi = "^2.0"\ngunicorn = "^22"\n'},
        {"setup.cfg": "[options]\ninstall_requires =\n    flask\n    uwsgi\n    gunicorn\n"},
        {"requirements.txt": FROZEN, "deploy/packages.yml": "packages:\n  - uwsgi >= 2.0\n"},
        # documentation shows how someone may deploy it, not how the project does
        {"requirements.txt": FROZEN, "docs/deploy/apache.conf": VHOST, "docs/uwsgi.ini": UWSGI_INI},
        # where nobody deploys from: documentation, examples, tests
        {"requirements.txt": FROZEN, "docs/apache/site": VHOST, "docs/shop.wsgi": WSGI, "docs/serve.py": SERVE},
        {"requirements.txt": FROZEN, "examples/deploy/vhost": VHOST, "examples/shop.wsgi": WSGI},
        {"requirements.txt": FROZEN, "tests/serve_test_app.py": SERVE, "tests/shop.wsgi": WSGI},
        # prose or a commented directive in a file of any name; an empty .wsgi file
        {"requirements.txt": FROZEN, "deploy/NOTES": "Apache: add WSGIScriptAlias / /srv/shop/shop.wsgi\n"},
        {"requirements.txt": FROZEN, "apache/site": "# WSGIScriptAlias / /srv/shop/wsgi.py\n"},
        {"requirements.txt": FROZEN, "shop.wsgi": ""},
        # waitress imported, or another serve called: nothing starts it
        {"requirements.txt": FROZEN, "extras.py": "import waitress\nfrom waitress import serve\n"},
        {"requirements.txt": FROZEN, "run.py": "from waitress import serve\nfrom app import app\n\ndef serve(app):\n    pass\n\nserve(app)\n"},
        {"requirements.txt": FROZEN, "run.py": "from werkzeug.serving import run_simple as serve\nfrom app import app\nserve('0', 80, app)\n"},
        {"requirements.txt": FROZEN, "run.py": "import waitress\nfrom app import app\nwaitress.serve\nwaitress.serve()\n"},
    ],
)
def test_what_only_installs_names_or_describes_a_server_is_no_server_serving_the_app(files):
    """No other server is seen, and no command starts gunicorn either: no file, and the finding
    says only the latter."""
    result, created = run(files)
    assert created == {}
    [message] = finding_messages(result)
    assert "names gunicorn, but no command seen here starts it" in message and "served by" not in message


def test_the_real_tool_on_an_app_behind_apache(tmp_path):
    """The fbone layout, through the pipeline and the project edits: nothing to write."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "wsgi.py").write_text(WSGI)
    (tmp_path / "requirements.txt").write_text(FROZEN)
    (tmp_path / "shop.conf").write_text(VHOST)
    codemods = [get_codemod("gunicorn-config")]
    results = [pipeline.process_file(str(tmp_path / name), codemods) for name in ("wsgi.py", "app.py")]
    assert all(r.error is None and not r.changed for r in results)
    changes, messages = project.merge(results)
    assert changes == [] and messages == []
    assert [f.message for r in results for f in r.findings if "Apache mod_wsgi (shop.conf:4" in f.message]
    assert not (tmp_path / "gunicorn.conf.py").exists()
    # the vhost gone and a Procfile that starts gunicorn added, gunicorn gets its file
    (tmp_path / "shop.conf").unlink()
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\n")
    results = [pipeline.process_file(str(tmp_path / "app.py"), codemods)]
    assert [change.path for change in project.merge(results)[0]] == [str(tmp_path / "gunicorn.conf.py")]
