"""The gates of gunicorn-config: see tests/gate_checks.py (GateCases); its project gate on
projects laid out on disk."""

from __future__ import annotations

import pytest

from flask_codemod import cache, pipeline
from flask_codemod.codemods import get_codemod
from flask_codemod.codemods._gunicorn_config_gate import app_word
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.pipeline import Job
from gate_checks import GateCases, accepts, opened, output_of, project_gate


class TestGates(GateCases):
    NAME = "gunicorn-config"
    REJECTED = [
        # "app" only inside other words
        ("items = []\nitems.append(1)\n\ndef wrapper(mapping):\n    return apply(mapping)\n", "lib/util.py"),
        # ... or only for type checkers, or naming a class or a helper rather than an app
        (
            "import typing\nif typing.TYPE_CHECKING:\n    from wsgiref.types import WSGIApplication as app\n"
            "from .sansio.app import App\n\ndef locate_app(name):\n    return name\n",
            "lib/cli.py",
        ),
        # flask's own objects: current_app is a proxy, no app gunicorn could load
        (
            "from threading import Thread\nfrom flask import current_app\n\ndef send(msg):\n"
            "    Thread(target=current_app.logger.info, args=(msg,)).start()\n",
            "app/email.py",
        ),
    ]
    ACCEPTED = [
        ("from app import app\n", "wsgi.py"),
        ("from app import app\n", "serve.py"),
        ("from myshop import create_app\n\napplication = create_app()\n", "entry.py"),
        ("from flask import Flask\nweb = Flask(__name__)\n", "site.py"),
        ("from .factory import build\n\ndef create_app():\n    return build()\n", "shop/__init__.py"),
        ("try:\n    from shop import application\nexcept ImportError:\n    application = None\n", "serve.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["blueprint_module", "helper_module"]


def test_app_words() -> None:
    for word in ("app", "create_app", "application", "myapp", "WebApp", "flask_app", "shop.app", "_ASGIApp", "APP"):
        assert app_word(word), word
    for word in ("append", "wrapper", "mapping", "apply", "happy", "Mapping", "approx", "appendleft", "AppDirs", "get_app_dir", ""):
        assert not app_word(word), word


def test_paths_with_backslashes() -> None:
    # Windows separators: an app module, a module that is not one
    assert accepts(TestGates.NAME, "items = []\nitems.append(1)\n", "project\\wsgi.py")
    assert not accepts(TestGates.NAME, "items = []\nitems.append(1)\n", "project\\tools\\util.py")


# -- the project gate: whether the project starts gunicorn, and which module it names ---------------

APP = "from flask import Flask\n\napp = Flask(__name__)\n"


def _project(folder, files: dict[str, str]):
    for name, text in {"pyproject.toml": "[project]\nname = 'shop'\n", **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def _asks(folder, name: str) -> bool:
    """The project gate for the module ``name`` of the project at ``folder``, as the pipeline
    asks it (the path relative to the root, the pipeline's reader)."""
    return project_gate(
        get_codemod(TestGates.NAME), name, pipeline.project_reader(str(folder / name)), (folder / name).read_text()
    )


def _output_with_gates_open(folder, name: str) -> list[str]:
    path = folder / name
    result = pipeline.process_file(str(path), [opened(get_codemod(TestGates.NAME))])
    return output_of(result, path.read_text(), {TestGates.NAME})


def test_a_procfile_naming_the_module_lets_it_through_and_not_the_other_modules(tmp_path):
    folder = _project(tmp_path, {"Procfile": "web: gunicorn wsgi:app\n", "wsgi.py": "from shop import app\n", "shop.py": APP})
    assert _asks(folder, "wsgi.py")
    assert _output_with_gates_open(folder, "wsgi.py") != []
    assert not _asks(folder, "shop.py")  # another module is named, and exists
    assert _output_with_gates_open(folder, "shop.py") == []


@pytest.mark.parametrize(
    "files",
    [
        {},  # nothing starts gunicorn
        {"Procfile": "web: waitress-serve shop:app\n", "requirements.txt": "flask\nwaitress\n"},
        {"Dockerfile": "FROM python:3.12\nCMD [\"flask\", \"run\"]\n"},
    ],
    ids=["nothing", "waitress", "flask-run"],
)
def test_a_project_that_never_starts_gunicorn_is_rejected_rightly(tmp_path, files):
    folder = _project(tmp_path, {"shop.py": APP, **files})
    assert not _asks(folder, "shop.py")
    assert _output_with_gates_open(folder, "shop.py") == []


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "flask\ngunicorn==21.2\n"},  # the requirements alone
        {"Dockerfile": "FROM python:3.12\nRUN pip install gunicorn\nCMD ./start\n"},  # a mention, no command read
        {"Procfile": "web: gunicorn $APP_MODULE\n"},  # a module the command does not spell
    ],
    ids=["requirements", "mentioned", "unnamed"],
)
def test_when_the_module_cannot_be_told_the_gate_says_yes(tmp_path, files):
    folder = _project(tmp_path, {"shop.py": APP, **files})
    assert _asks(folder, "shop.py")


@pytest.mark.parametrize(
    "name, text",
    [
        ("views.py", "from shop import app\n\n@app.route('/about')\ndef about():\n    return 'hi'\n"),  # binds, creates none
        ("wsgi.py", "from shop import create_app\n\napp = create_app()\n"),  # named like an app module
        ("server.py", "from shop import Shop\n\napp = Shop(__name__)\n"),  # a subclass: no Flask() call here
        ("fake.py", "class Flask:\n    pass\n\napp = Flask()\n"),  # not flask's Flask
    ],
    ids=["binds", "wsgi", "subclass", "fake-flask"],
)
def test_a_module_no_command_names_and_that_creates_no_flask_app_is_rejected_rightly(tmp_path, name, text):
    """The requirements say gunicorn, no command names a module: the transform then only
    looks at modules that create a Flask app, so one that does not is not parsed."""
    served = APP + "\n@app.route('/')\ndef index():\n    return 'hi'\n"
    folder = _project(tmp_path, {"requirements.txt": "flask\ngunicorn\n", "shop.py": served, name: text})
    assert not _asks(folder, name)
    assert _output_with_gates_open(folder, name) == []
    assert _asks(folder, "shop.py")  # the module that creates the app: parsed
    assert _output_with_gates_open(folder, "shop.py") != []


@pytest.mark.parametrize(
    "text",
    [
        "from shop import create_app\n\napp = create_app()\n",  # named by the command, creates no app
        "import flask as f\n\ndef create_app():\n    application = f.Flask(__name__)\n    return application\n",
    ],
    ids=["named", "factory"],
)
def test_a_module_a_command_names_or_that_creates_a_flask_app_is_let_through(tmp_path, text):
    folder = _project(tmp_path, {"Procfile": "web: gunicorn 'wsgi:create_app()'\n", "wsgi.py": text})
    assert _asks(folder, "wsgi.py")
    assert _output_with_gates_open(folder, "wsgi.py") != []


def test_a_text_alone_has_no_project_and_is_rejected():
    assert not project_gate(get_codemod(TestGates.NAME), "app.py", None, APP)


def test_the_result_cache_follows_a_procfile_that_appears(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "user-cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    folder = _project(tmp_path / "shop", {"shop.py": APP})
    codemod = get_codemod(TestGates.NAME)()

    def run():
        return cache.process_job(Job(str(folder / "shop.py"), (TestGates.NAME,)), [codemod])

    first = run()
    assert first.project_edits == () and not first.parsed  # the project gate said no
    assert run().project_edits == ()
    (folder / "Procfile").write_text("web: gunicorn shop:app\n")
    edits = run().project_edits
    assert [(e.kind, e.key) for e in edits] == [("file", "gunicorn.conf.py")]
