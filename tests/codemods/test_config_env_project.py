"""config-env and the rest of the project: an ENV set by configuration the project loads from
another module or file (a config class in config.py, a settings file, a factory's update())
is the app's own value, which app.config["ENV"] still holds on Flask 2.3+ and which never
switched debug mode: a read of it in the app module is not turned into ``app.debug``. Where
the project loads configuration that cannot be read here (a path from an environment
variable), the read stays and a finding says why. A kept ``app.config["ENV"]`` that some
configuration of the project never sets raises KeyError from 2.3 on: reported."""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod.codemods import get_codemod
from flask_codemod.engine import transform_text
from helpers import ProjectReader, forget_packages, import_package, write_package

_VIEW = (
    "\n\n@{APP}.route('/')\ndef index():\n"
    "    if {APP}.config['ENV'] == 'development':\n        return 'dev'\n    return 'other'\n"
)


def _module_app(loads: str, imports: str = "") -> str:
    return f"from flask import Flask\n{imports}\napp = Flask(__name__)\n{loads}\n" + _VIEW.replace("{APP}", "app")


# each: the project's other files, and the app module (app.py); ENV is "production" while
# DEBUG is on, so debug mode and ENV disagree
_CONFIG_PY = {"config.py": "class Config:\n    DEBUG = True\n    ENV = 'production'\n"}
_PROJECTS = {
    "import string": (_CONFIG_PY, _module_app("app.config.from_object('{PKG}.config.Config')")),
    "imported class": (_CONFIG_PY, _module_app("app.config.from_object(Config)", "from .config import Config\n")),
    "settings file": (
        {"settings.cfg": "DEBUG = True\nENV = 'production'\n"},
        _module_app("app.config.from_pyfile('settings.cfg')"),
    ),
    "factory update": (
        {
            "factory.py": (
                "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
                "    app.config.update(ENV='production', DEBUG=True)\n"
                "    from . import app as views\n    app.register_blueprint(views.bp)\n    return app\n"
            ),
        },
        "from flask import Blueprint, current_app\n\nbp = Blueprint('views', __name__)\n"
        + _VIEW.replace("{APP}.route", "bp.route").replace("{APP}", "current_app"),
    ),
    "subscript elsewhere": (
        {"settings.py": "def configure(app):\n    app.config['ENV'] = 'production'\n    app.config['DEBUG'] = True\n"},
        _module_app("configure(app)", "from .settings import configure\n"),
    ),
}


def _run(files: dict[str, str], source: str, target=(3, 0)) -> tuple[str, list[tuple[int, str]]]:
    project = {**files, "app.py": source}
    reader = ProjectReader(project, "app.py")
    result = transform_text(source, [get_codemod("config-env")], path="app.py", read_file=reader, target_version=target)
    assert result.error is None, result.error
    return result.new_text, [(f.line, f.message) for f in result.findings]


def _assert_view_raises_key_error(tmp_path, files: dict[str, str], source: str) -> None:
    """The view raises KeyError on the installed Flask, the project written as a package."""
    name = write_package(tmp_path, {"__init__.py": "", **files, "app.py": source})
    try:
        app = import_package(name, "app").app
        app.config["PROPAGATE_EXCEPTIONS"] = True
        with pytest.raises(KeyError):
            app.test_client().get("/")
    finally:
        forget_packages([name])


def _served(tmp_path, files: dict[str, str], source: str) -> str:
    """What the view answers, the project written as a package and its app created."""
    name = write_package(tmp_path, {"__init__.py": "", **files, "app.py": source})
    try:
        if "factory.py" in files:
            app = import_package(name, "factory").create_app()
        else:
            app = import_package(name, "app").app
        return app.test_client().get("/").get_data(as_text=True)
    finally:
        forget_packages([name])


@pytest.fixture
def environment(monkeypatch, tmp_path):
    for variable in ("FLASK_DEBUG", "FLASK_ENV"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    return monkeypatch


@pytest.mark.parametrize("case", sorted(_PROJECTS))
def test_an_env_the_project_sets_elsewhere_is_read_as_it_was(case, tmp_path, environment):
    files, source = _PROJECTS[case]
    text, _ = _run(files, source)
    assert _served(tmp_path, files, source) == _served(tmp_path, files, text) == "other"
    assert text == source


@pytest.mark.parametrize(
    "loads, says",
    [
        ("app.config.from_envvar('APP_SETTINGS')", "from_envvar"),
        ("app.config.from_object(os.environ['APP_CONFIG'])", "from_object"),
        ("settings = os.getenv('APP_CONFIG', 'config.Default')\napp.config.from_object(settings)", "from_object"),
        ("app.config.from_pyfile(os.environ['APP_SETTINGS'])", "from_pyfile"),
        ("app.config.from_prefixed_env()", "from_prefixed_env"),
        # an instance file the project does not hold
        ("app.config.from_pyfile('local.cfg', silent=True)", "local.cfg"),
    ],
)
def test_configuration_that_cannot_be_read_here_keeps_the_read_and_says_why(loads, says):
    source = _module_app(loads, "import os\n")
    text, found = _run({}, source)
    assert text == source
    line = source.count("\n", 0, source.index("if app.config")) + 1
    messages = [message for at, message in found if at == line]
    assert len(messages) == 1 and says in messages[0] and "ENV" in messages[0], found


def test_where_no_configuration_of_the_project_sets_env_the_read_is_still_rewritten():
    files = {"config.py": "class Config:\n    DEBUG = True\n", "settings.cfg": "SECRET_KEY = 'x'\n"}
    source = _module_app("app.config.from_object('config.Config')\napp.config.from_pyfile('settings.cfg')")
    text, found = _run(files, source)
    assert "if app.debug:" in text and found == []


def test_an_env_of_something_else_in_another_module_does_not_count():
    files = {"deploy.py": "import subprocess\n\n\ndef run():\n    subprocess.run(['x'], env={'PATH': '/bin'})\n"}
    source = _module_app("app.config.from_object('config.Config')")
    text, _ = _run({**files, "config.py": "class Config:\n    DEBUG = True\n"}, source)
    assert "if app.debug:" in text


_CLASSES = (
    "class Config:\n    SECRET_KEY = 'x'\n\n\n"
    "class ProdConfig(Config):\n    ENV = 'production'\n\n\n"
    "class TestConfig(Config):\n    TESTING = True\n"
)


def test_a_kept_read_that_a_configuration_never_sets_is_reported_as_a_key_error(tmp_path, environment):
    source = _module_app("app.config.from_object(config[os.environ.get('APP_ENV', 'test')])", "import os\n")
    source = source.replace("import os\n", "import os\n\nfrom .config import config\n")
    files = {"config.py": _CLASSES + "\n\nconfig = {'prod': ProdConfig, 'test': TestConfig}\n"}
    text, found = _run(files, source)
    assert text == source
    line = source.count("\n", 0, source.index("if app.config")) + 1
    messages = [message for at, message in found if at == line]
    assert len(messages) == 1 and "KeyError" in messages[0] and "TestConfig" in messages[0], found
    # true on the installed Flask: under TestConfig the read raises
    _assert_view_raises_key_error(tmp_path, files, source)


def test_a_kept_read_that_every_configuration_sets_is_not_reported():
    classes = _CLASSES.replace("    TESTING = True\n", "    TESTING = True\n    ENV = 'test'\n")
    source = _module_app("app.config.from_object(config.TestConfig)", "from . import config\n")
    text, found = _run({"config.py": classes}, source)
    assert text == source
    assert "KeyError" not in " ".join(message for _, message in found), found


def test_a_read_env_set_in_a_subclass_without_debug_is_not_said_to_have_no_effect():
    source = (
        "from flask import Flask\n\n\nclass Config:\n    DEBUG = False\n\n\n"
        "class DevConfig(Config):\n    ENV = 'development'\n\n\n"
        "app = Flask(__name__)\napp.config.from_object(DevConfig)\n" + _VIEW.replace("{APP}", "app")
    )
    text, found = _run({}, source)
    assert text == source
    writes = [message for at, message in found if at == 9]
    assert len(writes) == 1 and "no effect" not in writes[0] and "reads it" in writes[0], found


def test_an_env_set_in_another_module_and_read_here_is_not_said_to_have_no_effect():
    files = {"app.py": _module_app("app.config.from_object('config.DevConfig')")}
    source = "class Config:\n    DEBUG = False\n\n\nclass DevConfig(Config):\n    ENV = 'development'\n"
    project = {**files, "config.py": source}
    result = transform_text(
        source, [get_codemod("config-env")], path="config.py", read_file=ProjectReader(project, "config.py"), target_version=(3, 0)
    )
    messages = [f.message for f in result.findings]
    assert len(messages) == 1 and "no effect" not in messages[0] and "app.py" in messages[0], messages


def test_the_same_write_nobody_reads_still_has_no_effect():
    source = textwrap.dedent(
        """\
        class Config:
            DEBUG = False


        class DevConfig(Config):
            ENV = 'development'
        """
    )
    _, found = _run({}, source)
    assert len(found) == 1 and "no effect" in found[0][1], found


@pytest.mark.parametrize("case", ["import string", "imported class", "settings file"])
def test_the_kept_read_says_where_the_app_sets_its_env(case):
    files, source = _PROJECTS[case]
    _, found = _run(files, source)
    line = source.count("\n", 0, source.index("if app.config")) + 1
    where = next(iter(files))
    assert [at for at, _ in found] == [line] and where in found[0][1] and "not rewritten" in found[0][1], found


def test_an_env_read_by_a_template_is_not_said_to_have_no_effect():
    source = "class Config:\n    DEBUG = False\n\n\nclass DevConfig(Config):\n    ENV = 'development'\n"
    project = {"config.py": source, "app/templates/base.html": "{% if config.ENV == 'development' %}dev{% endif %}\n"}
    result = transform_text(
        source, [get_codemod("config-env")], path="config.py", read_file=ProjectReader(project, "config.py"), target_version=(3, 0)
    )
    messages = [f.message for f in result.findings]
    assert len(messages) == 1 and "no effect" not in messages[0] and "base.html:1" in messages[0], messages


def test_a_read_of_app_env_elsewhere_does_not_make_the_write_effective():
    # app.env is gone in Flask 2.3: it does not see the value the write sets
    files = {"app.py": "from flask import current_app\n\n\ndef name():\n    return current_app.env\n"}
    source = "class Config:\n    DEBUG = False\n\n\nclass DevConfig(Config):\n    ENV = 'development'\n"
    result = transform_text(
        source, [get_codemod("config-env")], path="config.py",
        read_file=ProjectReader({**files, "config.py": source}, "config.py"), target_version=(3, 0),
    )
    assert ["no effect" in f.message for f in result.findings] == [True]


def test_a_load_of_something_else_than_a_config_does_not_count():
    files = {
        "mime.py": "import magic\n\n\ndef guess(path):\n    return magic.from_file(path, mime=True)\n",
        "config.py": "class Config:\n    DEBUG = False\n",
    }
    text, found = _run(files, _module_app("app.config.from_object('config.Config')"))
    assert "if app.debug:" in text and found == []


def test_a_table_of_constants_beside_the_config_classes_is_no_configuration():
    classes = _CLASSES.replace("    TESTING = True\n", "    TESTING = True\n    ENV = 'test'\n") + "\n\nclass Roles:\n    ADMIN = 1\n"
    source = _module_app("app.config.from_object(config.TestConfig)", "from . import config\n")
    _, found = _run({"config.py": classes}, source)
    assert "KeyError" not in " ".join(message for _, message in found), found


def test_an_env_set_only_under_a_condition_may_leave_the_read_a_key_error(tmp_path, environment):
    settings = "import os\n\n\ndef configure(app):\n    if os.environ.get('LIVE'):\n        app.config['ENV'] = 'production'\n"
    source = _module_app("configure(app)", "from .settings import configure\n")
    files = {"settings.py": settings}
    text, found = _run(files, source)
    assert text == source
    line = source.count("\n", 0, source.index("if app.config")) + 1
    messages = [message for at, message in found if at == line]
    assert len(messages) == 1 and "KeyError" in messages[0] and "settings.py:6" in messages[0], found
    environment.delenv("LIVE", raising=False)
    _assert_view_raises_key_error(tmp_path, files, source)


def test_an_env_set_unconditionally_as_well_is_no_key_error():
    settings = "def configure(app):\n    app.config['ENV'] = 'production'\n    if app.testing:\n        app.config['ENV'] = 'test'\n"
    _, found = _run({"settings.py": settings}, _module_app("configure(app)", "from .settings import configure\n"))
    assert "KeyError" not in " ".join(message for _, message in found), found


def test_an_env_a_test_sets_counts_the_tests_run_the_app_with_it():
    files = {"tests/conftest.py": "def configure(app):\n    app.config.update(ENV='production', DEBUG=True)\n"}
    source = _module_app("app.config.from_object('config.Config')")
    text, _ = _run(files, source)
    assert text == source


# -- configuration the view must not miss (from a review): the read is kept ---------------------

_READ_KEPT = {
    "a setup.py that configures the app": (
        {"core/setup.py": "def configure(app):\n    app.config.update(ENV='production', DEBUG=True)\n"},
        _module_app("configure(app)", "from .core.setup import configure\n"),
    ),
    "a one-line JSON settings file": (
        {"config.json": '{"ENV": "production", "DEBUG": true}'},
        _module_app("app.config.from_file('config.json', load=json.load)", "import json\n"),
    ),
    "an instance folder's settings file": (
        {"config.py": "DEBUG = False\n"},
        _module_app("app.config.from_pyfile('config.py')").replace("Flask(__name__)", "Flask(__name__, instance_relative_config=True)"),
    ),
    "a Python 2 config module": (
        {"settings.py": "print 'loading'\nENV = 'production'\n"},
        _module_app("app.config.from_object('settings')"),
    ),
    "setdefault": ({}, _module_app("app.config.setdefault('ENV', 'production')")),
    "a mapping loaded from YAML": ({}, _module_app("app.config.update(yaml.safe_load(open('c.yml')))", "import yaml\n")),
    "a settings class read from the environment": (
        {"settings.py": "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n    ENV: str\n    DEBUG: bool = False\n"},
        _module_app("app.config.from_object(Settings())", "from .settings import Settings\n"),
    ),
    "a module of another package": ({}, _module_app("app.config.from_object('companylib.flask_defaults')")),
    "another package's module of a name the project also has": (
        {"config.py": "class Config:\n    DEBUG = False\n"},
        _module_app("app.config.from_object('companylib.config.Config')"),
    ),
    "a config under another name": ({}, _module_app("cfg = app.config\ncfg.from_envvar('APP_SETTINGS')")),
    "a mapping unpacked": ({}, _module_app("app.config.update(**settings)", "from .settings_json import settings\n")),
    "a mapping spread in a dict": ({}, _module_app("app.config.update({**settings, 'DEBUG': False})", "from .settings_json import settings\n")),
    "a loader module naming no ENV": (
        {"loader.py": "import json\n\n\ndef configure(app):\n    with open('c.json') as f:\n        app.config.update(json.load(f))\n"},
        _module_app("configure(app)", "from .loader import configure\n"),
    ),
}


@pytest.mark.parametrize("case", sorted(_READ_KEPT))
def test_configuration_the_view_cannot_rule_out_keeps_the_read(case):
    files, source = _READ_KEPT[case]
    text, found = _run(files, source)
    assert text == source, case
    assert found, case  # said why
