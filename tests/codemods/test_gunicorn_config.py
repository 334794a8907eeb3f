"""gunicorn-config through the pure core: which projects get a gunicorn.conf.py and what is in it.

The real tool writing the file and the real gunicorn reading it: test_gunicorn_config_real_gunicorn.py.
"""

from __future__ import annotations

import os
import textwrap

import pytest

from flask_codemod.codemods._gunicorn_config_launch import read_launches
from helpers import finding_messages, run_codemods

APP = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'hello'\n"


def edits(source: str = APP, *, files: dict[str, str], path: str = "app.py", options=None):
    result = run_codemods(source, "gunicorn-config", files=files, path=path, options=options)
    assert result.error is None, result.error
    assert result.new_text == (textwrap.dedent(source)), "gunicorn-config never rewrites Python source"
    return result, {e.key: e.value for e in result.project_edits if e.kind == "file"}


def settings_of(text: str, environ: dict[str, str] | None = None) -> dict[str, object]:
    """The settings gunicorn takes from the file: its public module-level names."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ or {})
    try:
        namespace: dict[str, object] = {}
        exec(compile(text, "gunicorn.conf.py", "exec"), namespace)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {k: v for k, v in namespace.items() if not k.startswith("_") and k not in ("os", "multiprocessing")}


# -- what the file says ----------------------------------------------------------------------


def test_a_bare_start_gets_every_setting_each_overridable_from_the_environment():
    result, created = edits(files={"requirements.txt": "Flask==3.0\ngunicorn==22.0.0\n", "Procfile": "web: gunicorn app:app\n"})
    assert list(created) == ["gunicorn.conf.py"] and result.rewrites == {"gunicorn-config": 1}
    text = created["gunicorn.conf.py"]
    cpus = os.cpu_count()
    assert settings_of(text) == {
        "workers": cpus * 2 + 1,
        "threads": 1,
        "timeout": 30,
        "graceful_timeout": 30,
        "max_requests": 1000,
        "max_requests_jitter": 100,
    }
    environ = {
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "4",
        "GUNICORN_TIMEOUT": "60",
        "GUNICORN_GRACEFUL_TIMEOUT": "10",
        "GUNICORN_MAX_REQUESTS": "500",
        "GUNICORN_MAX_REQUESTS_JITTER": "50",
    }
    assert settings_of(text, environ) == {
        "workers": 3,
        "threads": 4,
        "timeout": 60,
        "graceful_timeout": 10,
        "max_requests": 500,
        "max_requests_jitter": 50,
    }
    # Heroku's WEB_CONCURRENCY keeps working, as it does without a config file
    assert settings_of(text, {"WEB_CONCURRENCY": "2"})["workers"] == 2


def test_options_given_on_the_command_line_are_left_out():
    procfile = "web: gunicorn -w 4 --timeout 120 --bind 0.0.0.0:$PORT app:app\n"
    _, created = edits(files={"Procfile": procfile, "requirements.txt": "flask\n"})
    text = created["gunicorn.conf.py"]
    assert set(settings_of(text)) == {"threads", "graceful_timeout", "max_requests", "max_requests_jitter"}
    assert "# workers is set on the gunicorn command line (Procfile: -w 4), which overrides this file." in text
    assert "# timeout is set on the gunicorn command line (Procfile: --timeout 120)" in text
    assert "import multiprocessing" not in text


def test_dockerfile_exec_form_and_gunicorn_cmd_args_count_as_command_lines():
    dockerfile = textwrap.dedent(
        """\
        FROM python:3.12-slim
        RUN pip install flask gunicorn
        ENV GUNICORN_CMD_ARGS="--max-requests=2000 --threads 2"
        CMD ["gunicorn", "--graceful-timeout", "5", "app:app"]
        """
    )
    _, created = edits(files={"Dockerfile": dockerfile, "pyproject.toml": "[project]\nname='x'\n"})
    assert set(settings_of(created["gunicorn.conf.py"])) == {"workers", "timeout", "max_requests_jitter"}


def test_options_set_the_defaults_written():
    _, created = edits(
        files={"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn app:app\n"},
        options={"gunicorn-config": {"threads": 2, "timeout": 90, "max_requests": 0}},
    )
    values = settings_of(created["gunicorn.conf.py"])
    assert (values["threads"], values["timeout"], values["max_requests"]) == (2, 90, 0)


# -- which projects, which module, where -----------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "flask\n"},  # not a gunicorn project
        {"requirements.txt": "flask\n", "requirements-dev.txt": "gunicorn\n"},  # development only
        {"pyproject.toml": "[project]\nname = 'x'\ndependencies = ['flask']\n[project.optional-dependencies]\ntest = ['gunicorn']\n"},
        {"requirements.txt": "gunicorn\n", "gunicorn.conf.py": "workers = 2\n"},  # has one
        {"requirements.txt": "flask\n", "Procfile": "web: gunicorn -c config/prod.py app:app\n"},  # own file
        {"requirements.txt": "flask\n", "Procfile": "web: gunicorn -w 2 -t 60 --threads 2 --graceful-timeout 9 "
         "--max-requests 10 --max-requests-jitter 3 app:app\n"},  # sets everything
    ],
)
def test_nothing_is_generated(files):
    result, created = edits(files=files)
    assert created == {} and result.findings == [] and result.rewrites == {}


def test_a_module_that_creates_no_app_does_not_trigger():
    result, created = edits("def helper():\n    return 'app'\n", files={"requirements.txt": "gunicorn\n"})
    assert created == {}


def test_the_wsgi_module_named_by_the_command_triggers_and_the_app_module_does_not():
    files = {"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn --chdir src wsgi:application\n"}
    wsgi = "from myapp import create_app\n\napplication = create_app()\n"
    # (paths as read from the transformed file's folder: the test reader does not resolve "..")
    files_from_src = {"../" + k: v for k, v in files.items()} | {"../src/wsgi.py": wsgi}
    result, created = edits(wsgi, files=files_from_src, path="project/src/wsgi.py")
    assert list(created) == ["gunicorn.conf.py"]
    files_from_app = {"../../" + k: v for k, v in files.items()} | {"../../src/wsgi.py": wsgi}
    _, created = edits(files=files_from_app, path="project/src/myapp/__init__.py")
    assert created == {}


def test_start_folder_below_the_project_root_gets_the_file_there():
    files = {"../.git/HEAD": "ref: refs/heads/main\n", "Procfile": "web: gunicorn app:app\n"}
    _, created = edits(files=files, path="repo/backend/app.py")
    assert list(created) == ["backend/gunicorn.conf.py"]
    # with a path that does not spell the folder out, it says so instead of guessing
    result, created = edits(files=files, path="app.py")
    assert created == {}
    assert "cannot tell that folder's path from this file's path" in finding_messages(result)[0]


def test_refusals_are_findings():
    result, created = edits(files={"requirements.txt": "gunicorn\n", "gunicorn_config.py": "workers = 3\n"})
    assert created == {}
    assert finding_messages(result) == [
        "3: gunicorn-config: the project has gunicorn_config.py, but no gunicorn command seen here loads it with -c; "
        "it may be passed by something this codemod cannot see, so no gunicorn.conf.py was generated"
    ]
    result, created = edits(files={"Procfile": "web: gunicorn app:app\n"})  # no project root in sight
    assert created == {} and "its root" in finding_messages(result)[0]


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "Flask==0.10.1\ngunicorn==0.17.4\n"},
        {"requirements.txt": "flask\ngunicorn<17.5\n", "Procfile": "web: gunicorn app:app\n"},
        {"requirements.txt": "flask\ngunicorn~=0.17.2\n"},
        {"requirements.txt": "flask\ngunicorn==0.16.*\n"},
    ],
)
def test_a_gunicorn_older_than_17_5_reads_no_config_file_so_none_is_made(files):
    """gunicorn reads ./gunicorn.conf.py of its own accord only from 17.5 on (the release after
    0.17.4): a project whose declaration admits no such release would get a file nobody reads.
    A finding says why."""
    result, created = edits(files=files)
    assert created == {} and result.rewrites == {}
    assert any("below 17.5" in message and "-c" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "requirement",
    ["gunicorn==17.5", "gunicorn<18", "gunicorn~=17.5", "gunicorn==17.*", "gunicorn>=0.17",
     "gunicorn==19.9.0", "gunicorn~=18.0", "gunicorn<19", "gunicorn"],
)
def test_a_declaration_that_admits_gunicorn_17_5_or_later_gets_the_file(requirement):
    """17.5 already looks for ./gunicorn.conf.py when no -c is given, and takes the workers,
    timeouts and max_requests it sets (names it does not know yet are skipped)."""
    result, created = edits(files={"requirements.txt": f"flask\n{requirement}\n", "Procfile": "web: gunicorn app:app\n"})
    assert list(created) == ["gunicorn.conf.py"]
    assert not any("below 17.5" in message for message in finding_messages(result))


# -- what the rest of the project does with gunicorn -------------------------------------------------


MANAGE_EMBEDDED = """\
from gunicorn.app.base import Application

from shop import create_app


class Server(Application):
    def init(self, parser, opts, args):
        return {"workers": 12, "timeout": 1800}

    def load(self):
        return create_app()
"""
MANAGE_SPAWNING = """\
import subprocess


def serve():
    subprocess.run(["gunicorn", "--timeout", "1800", "-w", "12", "shop:create_app()"], check=True)
"""


@pytest.mark.parametrize("where, text", [("manage.py", MANAGE_EMBEDDED), ("scripts/serve.py", MANAGE_SPAWNING)])
def test_a_project_that_starts_gunicorn_from_python_gets_no_file(where, text):
    """gunicorn loads ./gunicorn.conf.py after options a program gives it in code: a new file
    would cut its 1800 s timeout to 30 s. Wherever that program is, nothing is generated."""
    result, created = edits(files={"requirements.txt": "gunicorn\n", "Procfile": "web: python manage.py serve\n", where: text})
    assert created == {}
    [message] = finding_messages(result)
    assert f"the project starts gunicorn from Python ({where}:" in message and "nothing generated" in message
    # a test that imports gunicorn is not how the app is served
    _, created = edits(files={"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn app:app\n", "tests/test_serve.py": MANAGE_EMBEDDED})
    assert list(created) == ["gunicorn.conf.py"]


def test_options_given_in_any_script_of_the_project_are_left_to_it():
    files = {
        "requirements.txt": "gunicorn\n",
        "deploy/supervisor.conf": "[program:shop]\ncommand=/srv/venv/bin/gunicorn --timeout 300 -w 8 shop:app\n",
        "ops/k8s/deployment.yaml": "        args: [\"gunicorn\", \"--max-requests\", \"500\", \"shop:app\"]\n",
        "deploy/run.sh": "#!/bin/sh\nexec gunicorn -c deploy/gunicorn_prod.py shop:app\n",
    }
    _, created = edits(files=files)
    assert created == {}  # one of them passes its own config file
    del files["deploy/run.sh"]
    _, created = edits(files=files)
    text = created["gunicorn.conf.py"]
    assert set(settings_of(text)) == {"threads", "graceful_timeout", "max_requests_jitter"}
    assert "# timeout is set on the gunicorn command line (deploy/supervisor.conf: --timeout 300)" in text
    assert "(ops/k8s/deployment.yaml: --max-requests 500)" in text


@pytest.mark.parametrize(
    "line, launches",
    [
        ("RUN pip install --no-cache-dir gunicorn==22.0", []),
        ("web: gunicorn -w4 app:create_app()", [({"workers": "4"}, "app:create_app()")]),
        ("exec python -m gunicorn --workers=3 wsgi:app", [({"workers": "3"}, "wsgi:app")]),
        ("poetry run gunicorn -b :8000 -t 5 main:app > log 2>&1", [({"timeout": "5"}, "main:app")]),
        ('CMD ["sh", "-c", "gunicorn --threads 8 app:app"]', [({"threads": "8"}, "app:app")]),
        ("cd /srv && .venv/bin/gunicorn --preload app:app & wait", [({}, "app:app")]),
        ("exec gunicorn $GUNICORN_CMD_ARGS app:app", [({}, "app:app")]),
        ("ENV GUNICORN_CMD_ARGS \"-w 3 --timeout=9\"", [({"workers": "3", "timeout": "9"}, None)]),
        ("  - GUNICORN_CMD_ARGS=--max-requests=50 --threads 2", [({"max_requests": "50", "threads": "2"}, None)]),
    ],
)
def test_command_lines_are_read(line, launches):
    mentioned, found = read_launches(line + "\n", "file")
    assert mentioned
    assert [(launch.settings, launch.app) for launch in found] == launches


ROOT = {".git/HEAD": "ref: refs/heads/main\n"}  # the project root, for files that do not mark one


@pytest.mark.parametrize(
    "files, runs_under_gunicorn",
    [
        ({"requirements.txt": "-r base.txt\nGunicorn[gevent]>=21 ; python_version>'3'\n"}, True),
        ({"requirements.txt": "gunicorn-stubs\n# gunicorn\n"}, False),
        ({**ROOT, "Pipfile": '[packages]\ngunicorn = "*"\n[dev-packages]\npytest = "*"\n'}, True),
        ({**ROOT, "Pipfile": '[dev-packages]\ngunicorn = "*"\n'}, False),
        ({"pyproject.toml": '[tool.poetry.dependencies]\ngunicorn = "^22"\n'}, True),
        ({"pyproject.toml": '[project]\nname = "x"\ndependencies = [\n  "flask",\n  "gunicorn>=21",\n]\n'}, True),
        ({"pyproject.toml": "not toml [\ngunicorn"}, False),
        # read as the target Flask is (_dependency_files): setuptools' install_requires, pip-compile's input
        ({"setup.cfg": "[options]\ninstall_requires =\n    flask\n    gunicorn>=21\n"}, True),
        ({"setup.py": "from setuptools import setup\n\nsetup(name='x', install_requires=['flask', 'gunicorn'])\n"}, True),
        ({"setup.py": "from setuptools import setup\n\nsetup(name='x', extras_require={'web': ['gunicorn']})\n"}, False),
        ({**ROOT, "requirements.in": "flask\ngunicorn\n"}, True),
        # a lock also holds what other packages pull in: not the project's own choice
        ({**ROOT, "Pipfile": '[packages]\nflask = "*"\n', "Pipfile.lock": '{"default": {"gunicorn": {"version": "==22.0.0"}}}'}, False),
    ],
)
def test_the_root_dependency_files_are_read_by_kind(files, runs_under_gunicorn):
    """A runtime dependency on gunicorn is looked at, and alone (no command starts gunicorn)
    gets no file but a finding that says so; a development or optional one is not looked at."""
    result, created = edits(files=files)
    assert created == {}
    said = [message for message in finding_messages(result) if "names gunicorn, but no command seen here starts it" in message]
    assert bool(said) is runs_under_gunicorn


# -- apps whose one worker holds every connection, and command lines in INI files --------------


SOCKETIO_APP = """\
from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)
socketio = SocketIO(app)
"""


@pytest.mark.parametrize(
    "source, files",
    [
        (SOCKETIO_APP, {"requirements.txt": "gunicorn\n"}),
        (SOCKETIO_APP, {"requirements.txt": "flask\n", "Procfile": "web: gunicorn -k eventlet -w 1 app:app\n"}),
        (APP, {"requirements.txt": "gunicorn\n", "chat/events.py": "import socketio\n\nsio = socketio.Server()\n"}),
    ],
)
def test_a_socketio_app_gets_no_file(source, files):
    """A Socket.IO server keeps each client's connection and session in the worker that
    accepted it, so gunicorn must run it as one worker kept for good: more workers lose the
    clients between them, and recycling the one worker (max_requests) drops every client and
    holds new ones back for the graceful wait. Nothing is generated; a finding says why."""
    result, created = edits(source, files=files)
    assert created == {} and result.rewrites == {}
    [message] = finding_messages(result)
    assert "serves Socket.IO" in message and "nothing generated" in message


def test_a_module_named_like_socketio_in_a_test_does_not_count():
    _, created = edits(files={"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn app:app\n", "tests/test_chat.py": "import socketio\n"})
    assert list(created) == ["gunicorn.conf.py"]


SUPERVISOR_PROGRAM = """\
[program:web]
directory=/srv/shop
command=gunicorn
    shop.app:create_app()
    -b :5000
    -w %(ENV_WEB_WORKERS)s
    --max-requests=5000
    --max-requests-jitter=500
autostart=true
"""


def test_an_ini_value_continued_on_indented_lines_is_one_command_line():
    """supervisor reads its files with configparser: ``command=`` and the indented lines
    after it are one value, the command line."""
    mentioned, [launch] = read_launches(SUPERVISOR_PROGRAM, "deploy/supervisord_programs/web.conf")
    assert mentioned and launch.app == "shop.app:create_app()"
    assert launch.settings == {"workers": "%(ENV_WEB_WORKERS)s", "max_requests": "5000", "max_requests_jitter": "500"}
    # a GUNICORN_CMD_ARGS setting in such a file is still read as one
    _, [launch] = read_launches('GUNICORN_CMD_ARGS="-w 3 --timeout=9"\n', "deploy/web.conf")
    assert launch.settings == {"workers": "3", "timeout": "9"}
    # the same words in a shell script are two commands, as the shell runs them: gunicorn
    # alone, which names no app and starts nothing, and a command of its own
    mentioned, launches = read_launches("gunicorn\n    -w 4 app:app\n", "run.sh")
    assert mentioned and launches == []


def test_no_file_whose_every_value_is_gunicorns_own_default():
    """With workers and recycling set by the command line, what is left to write (one thread,
    30 s timeouts) is what gunicorn does without a file: nothing is generated. A default
    changed by an option is written."""
    files = {"requirements.txt": "gunicorn\n", "deploy/supervisord_programs/web.conf": SUPERVISOR_PROGRAM}
    result, created = edits(files=files)
    assert created == {} and result.findings == [] and result.rewrites == {}
    _, created = edits(files=files, options={"gunicorn-config": {"timeout": 60}})
    assert settings_of(created["gunicorn.conf.py"]) == {"threads": 1, "timeout": 60, "graceful_timeout": 30}
    # workers, written as a formula, is never gunicorn's default of one
    options = {"gunicorn-config": {"max_requests": 0, "max_requests_jitter": 0}}
    _, created = edits(files={"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn app:app\n"}, options=options)
    assert settings_of(created["gunicorn.conf.py"])["workers"] == os.cpu_count() * 2 + 1


FACTORY = """\
from shop.setup import configured


def create_app():
    return configured(__name__)
"""


def test_a_finding_on_a_module_whose_factory_a_command_calls_names_the_factory():
    """A command naming ``module:create_app()`` serves what the factory makes. When no app
    creation is seen in the module (a helper or a Flask subclass makes it), the finding is on
    the factory's ``def``, not on no line at all."""
    files = {"requirements.txt": "flask\ngunicorn==17.0\n", "Procfile": "web: gunicorn 'app:create_app()'\n"}
    result, created = edits(FACTORY, files=files)
    assert created == {}
    assert [(f.line, f.column) for f in result.findings] == [(4, 1)], finding_messages(result)
    assert "below 17.5" in result.findings[0].message
