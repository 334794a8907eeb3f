"""The target version (tool/target.py): the Flask version the code must run on, from
``--target-version``, ``target-version`` in pyproject.toml, the project's declared Flask
requirement, or the newest Flask the tool knows; and ``explain``'s catalogue rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from packaging.specifiers import SpecifierSet
from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.codemod_info import info
from flask_codemod.codemods import UsageError, all_codemods
from flask_codemod.codemods._flask_versions import NEWEST_KNOWN
from flask_codemod.config import parse
from flask_codemod.outcome import reproduce_command
from flask_codemod.target import TargetFinder, declared_target, lowest_allowed
from helpers import load_source

SETUP_HOOK = "from flask import Flask\n\napp = Flask(__name__)\n\n@app.before_first_request\ndef setup():\n    pass\n"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


# -- the lowest version a requirement allows -------------------------------------------------------


@pytest.mark.parametrize(
    "specifier, target",
    [
        ("==2.1.3", (2, 1)),
        (">=2.2,<3", (2, 2)),
        ("~=2.0", (2, 0)),
        ("~=2.0.1", (2, 0)),
        ("==2.*", (2, 0)),
        (">2.2", (2, 2)),  # 2.2.1 is allowed
        (">=1.1,>=2.3", (2, 3)),  # every bound holds: the highest
        ("", NEWEST_KNOWN),  # unpinned: what an install gets
        ("<3", (2, 3)),  # no lower bound: the newest release it admits
        ("<=2.2", (2, 2)),
        ("!=3.1.*", (3, 0)),
        (">=4.0", NEWEST_KNOWN),  # newer than anything known: nothing newer is known to change
    ],
)
def test_lowest_allowed(specifier: str, target: tuple[int, int]) -> None:
    assert lowest_allowed(SpecifierSet(specifier)) == target


# -- where a project declares Flask ------------------------------------------------------------------


def write(folder, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


@pytest.mark.parametrize(
    "files, target, declared_in",
    [
        ({"requirements.txt": "Flask==2.1.3\n"}, (2, 1), "requirements.txt"),
        ({"requirements.txt": "# pinned\nflask[async] >=2.2, <3  # comment\n"}, (2, 2), "requirements.txt"),
        ({"requirements.txt": "-r base.txt\nFlask==2.0.3 \\\n    --hash=sha256:abc\n"}, (2, 0), "requirements.txt"),
        ({"requirements/prod.txt": "requests\nFlask~=2.0\n"}, (2, 0), "requirements/prod.txt"),
        # one list per Python or system, in folders of requirements/
        ({"requirements/python3/requirements.txt": "flask==2.0.3 \\\n    --hash=sha256:abc\n"}, (2, 0), "requirements/python3/requirements.txt"),
        # several declarations: the lowest (the code must run on each)
        ({"requirements.txt": "flask>=2.3\n", "requirements-legacy.txt": "flask==2.1.0\n"}, (2, 1), "requirements-legacy.txt"),
        ({"pyproject.toml": '[project]\nname = "x"\ndependencies = ["Flask>=2.2,<3", "requests"]\n'}, (2, 2), "pyproject.toml"),
        ({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.9"\nFlask = "^2.1"\n'}, (2, 1), "pyproject.toml"),
        ({"pyproject.toml": '[tool.poetry.dependencies]\nflask = {version = "~2.0", extras = ["async"]}\n'}, (2, 0), "pyproject.toml"),
        ({"pyproject.toml": '[tool.poetry.dependencies]\nflask = "^2.2 || ^3.0"\n'}, (2, 2), "pyproject.toml"),
        ({"Pipfile": '[packages]\nflask = "==2.0.3"\n'}, (2, 0), "Pipfile"),
        ({"Pipfile": '[packages]\nFlask = {version = ">=2.1"}\n'}, (2, 1), "Pipfile"),
        ({"Pipfile": '[packages]\nflask = "*"\n'}, NEWEST_KNOWN, "Pipfile"),
        # a lock pins what an install gets, whatever range the declaration beside it allows
        (
            {"Pipfile": '[packages]\nflask = "*"\n', "Pipfile.lock": json.dumps({"default": {"flask": {"version": "==1.0.2"}}})},
            (1, 0),
            "Pipfile.lock",
        ),
        (
            {"pyproject.toml": '[tool.poetry.dependencies]\nflask = "*"\n', "poetry.lock": '[[package]]\nname = "Flask"\nversion = "2.1.3"\n'},
            (2, 1),
            "poetry.lock",
        ),
        # the lock's development packages are not what the app runs with; a broken lock says nothing
        (
            {"Pipfile": '[packages]\nflask = ">=2.2"\n', "Pipfile.lock": json.dumps({"default": {}, "develop": {"flask": {"version": "==2.0.1"}}})},
            (2, 2),
            "Pipfile",
        ),
        ({"Pipfile": '[packages]\nflask = ">=2.1"\n', "Pipfile.lock": '{"default": {"flask": '}, (2, 1), "Pipfile"),
        # a table with extras only is any release: the newest; a checkout is some unknown
        # release, possibly the oldest: no upgrade counts on a form newer than any
        ({"Pipfile": '[packages]\nflask = {extras = ["async"]}\n'}, NEWEST_KNOWN, "Pipfile"),
        ({"Pipfile": '[packages]\nflask = {git = "https://github.com/pallets/flask.git", ref = "1.1.x"}\n'}, (0, 0), "Pipfile"),
        ({"pyproject.toml": '[tool.poetry.dependencies]\nflask = {path = "../flask", develop = true}\n'}, (0, 0), "pyproject.toml"),
        # Poetry's constraints per environment: the lowest of them (Flask 1.1 for Python < 3.8)
        (
            {"pyproject.toml": '[tool.poetry.dependencies]\nflask = [{version = "<2", python = "<3.8"}, {version = "^2.2", python = ">=3.8"}]\n'},
            (1, 1),
            "pyproject.toml",
        ),
        ({"setup.cfg": "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    requests\n    Flask>=2.1,<3  # LTS\n"}, (2, 1), "setup.cfg"),
        ({"setup.py": 'from setuptools import setup\nsetup(name="x", install_requires=["Flask>=2.0,<2.3"])\n'}, (2, 0), "setup.py"),
        (
            {"setup.py": 'import setuptools\nREQUIRES = ["flask==2.1.2"]\nsetuptools.setup(name="x", install_requires=REQUIRES)\n'},
            (2, 1),
            "setup.py",
        ),
        # a project that is Flask itself (its own tree: examples, tests) runs on the release it is
        ({"setup.py": "from setuptools import setup\nsetup(name='Flask', version='0.10.1', install_requires=['Werkzeug>=0.7'])\n"}, (0, 10), "setup.py"),
        ({"setup.cfg": "[metadata]\nname = Flask\nversion = 1.1.4\n"}, (1, 1), "setup.cfg"),
        ({"pyproject.toml": '[project]\nname = "flask"\nversion = "2.0.3"\n'}, (2, 0), "pyproject.toml"),
        # a checkout is some release nobody declared, possibly the oldest, however it is declared:
        # a Pipfile's git table (above), a requirements line that installs from a repository, a
        # PEP 508 URL, a Flask tree whose version is no literal
        ({"requirements.txt": "flask-sqlalchemy==2.5\nflask_login\n-e git+https://x/flask.git#egg=flask\n"}, (0, 0), "requirements.txt"),
        ({"requirements.txt": "Flask @ https://github.com/pallets/flask/archive/1.1.zip\n"}, (0, 0), "requirements.txt"),
        ({"setup.py": 'from setuptools import setup\nsetup(install_requires=["flask @ git+https://x/flask.git"])\n'}, (0, 0), "setup.py"),
        ({"setup.cfg": "[metadata]\nname = Flask\nversion = attr: flask.__version__\n"}, (0, 0), "setup.cfg"),
        ({"pyproject.toml": '[project]\nname = "Flask"\ndynamic = ["version"]\n'}, (0, 0), "pyproject.toml"),
    ],
)
def test_declared_target(tmp_path, files, target, declared_in) -> None:
    write(tmp_path, files)
    assert declared_target(str(tmp_path)) == (target, str(tmp_path / declared_in))


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"requirements.txt": "flask-sqlalchemy==2.5\nflask_login\n-e ./vendor/flask\n"},  # which distribution?
        {"pyproject.toml": "[project\nbroken"},  # not ours to judge: nothing declared
        {"setup.py": "from setuptools import setup\nsetup(install_requires=open('req.txt').read().split())\n"},  # never run
        {"setup.py": "def broken(:\n"},
        {"notes/requirements.txt": "Flask==2.0.3\n"},  # not where a project declares them
        {"setup.py": "from setuptools import setup\nsetup(name='shop', version='0.6.1')\n"},  # its own release is no Flask's
    ],
)
def test_nothing_declared(tmp_path, files) -> None:
    write(tmp_path, files)
    assert declared_target(str(tmp_path)) is None


def test_each_file_takes_the_target_of_its_project(tmp_path) -> None:
    """The project root rule of tool/paths.py: the nearest folder with a project marker."""
    write(tmp_path, {"old/requirements.txt": "Flask==2.0.3\n", "old/pkg/app.py": "", "new/setup.py": "", "new/app.py": ""})
    finder = TargetFinder()
    assert finder.for_file(str(tmp_path / "old" / "pkg" / "app.py")) == (2, 0)
    assert finder.for_file(str(tmp_path / "new" / "app.py")) == NEWEST_KNOWN


# -- the configuration and the command line -------------------------------------------------------


def test_target_version_in_the_configuration(tmp_path) -> None:
    path = str(tmp_path / "pyproject.toml")
    assert parse('[tool.flask-codemod]\ntarget-version = "2.2"\n', path).target_version == (2, 2)
    assert parse("[tool.flask-codemod]\nskip = []\n", path).target_version is None


@pytest.mark.parametrize(
    "value, problem",
    [
        ('"3.1"', None),
        ('"3.1.2"', "MAJOR.MINOR"),
        ('"3"', "MAJOR.MINOR"),
        ('"latest"', "MAJOR.MINOR"),
        ('"9.9"', "not a release this tool knows"),
    ],
)
def test_a_bad_configured_target_is_a_usage_error_naming_the_file(tmp_path, value, problem) -> None:
    text = f"[tool.flask-codemod]\ntarget-version = {value}\n"
    path = str(tmp_path / "pyproject.toml")
    if problem is None:
        assert parse(text, path).target_version == (3, 1)
        return
    with pytest.raises(UsageError, match=problem) as raised:
        parse(text, path)
    assert str(raised.value).startswith(f"{path}: [tool.flask-codemod]: target-version: ")


def test_a_configured_target_must_be_a_string(tmp_path) -> None:
    path = str(tmp_path / "pyproject.toml")
    with pytest.raises(UsageError, match=r'target-version: write the version as a string, such as "3.1", not 3.1'):
        parse("[tool.flask-codemod]\ntarget-version = 3.1\n", path)


@pytest.mark.parametrize("value", ["2", "two", "2.2.1", "8.0"])
def test_a_bad_target_on_the_command_line_is_a_usage_error(tmp_path, value) -> None:
    (tmp_path / "app.py").write_text(SETUP_HOOK)
    result = invoke("apply", "--dry-run", "--target-version", value, str(tmp_path))
    assert result.exit_code == 2
    assert "--target-version: " in result.stderr and result.stdout == ""


def _changed(tmp_path, *args: str) -> bool:
    """Whether before-first-request rewrites tmp_path/app.py (it does for Flask 2.2 on)."""
    result = invoke("apply", "--dry-run", "-j", "1", "--select", "before-first-request", *args, str(tmp_path))
    assert result.exit_code == 0, result.stderr
    return "with app.app_context():" in result.stdout


def test_command_line_then_configuration_then_requirements_then_newest(tmp_path) -> None:
    (tmp_path / "app.py").write_text(SETUP_HOOK)
    assert _changed(tmp_path)  # nothing declared: the newest Flask known
    (tmp_path / "requirements.txt").write_text("Flask==2.1.3\n")
    assert not _changed(tmp_path)  # the declared requirement
    assert _changed(tmp_path, "--target-version", "2.2")  # the command line wins
    (tmp_path / "pyproject.toml").write_text('[tool.flask-codemod]\ntarget-version = "3.0"\n')
    assert _changed(tmp_path)  # the configuration wins over the requirement
    assert not _changed(tmp_path, "--target-version", "2.1")  # and the command line over it
    assert not _changed(tmp_path, "--no-config")


def test_a_project_declaring_flask_in_setup_cfg_alone_targets_that_flask(tmp_path) -> None:
    """setup.cfg's install_requires is where a setuptools project declares Flask: the code
    must run on the lowest release it allows (2.1 has no before_first_request replacement)."""
    (tmp_path / "app.py").write_text(SETUP_HOOK)
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = shop\n\n[options]\ninstall_requires =\n    Flask>=2.1,<2.3\n")
    assert not _changed(tmp_path)
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = shop\n\n[options]\ninstall_requires =\n    Flask>=2.2,<2.3\n")
    assert _changed(tmp_path)


def test_the_python_api_and_the_reproducing_command_take_it(tmp_path) -> None:
    import flask_codemod

    (tmp_path / "app.py").write_text(SETUP_HOOK)
    older = flask_codemod.apply(tmp_path, select="before-first-request", target_version="2.1")
    assert not older.patch and [r.target_version for r in older.results] == [(2, 1)]
    assert "--target-version 2.1" in older.reproduce
    newer = flask_codemod.apply(tmp_path, select="before-first-request", target_version="2.2")
    assert "with app.app_context():" in newer.patch
    with pytest.raises(UsageError, match="--target-version"):
        flask_codemod.apply(tmp_path, target_version="2.x")
    assert "--target-version" not in reproduce_command([], {}, [str(tmp_path)], str(tmp_path))


# -- explain: the catalogue with its versions ----------------------------------------------------------


@pytest.mark.parametrize("cls", all_codemods(), ids=lambda c: c.NAME)
def test_explain_reads_the_catalogue_the_class_declares(cls) -> None:
    assert info(cls.NAME).CATALOGUE == tuple(getattr(cls, "CATALOGUE", ()))
    assert bool(getattr(cls, "CATALOGUE", ())) <= (cls.GROUP == "upgrade")


def test_explain_reads_the_catalogue_without_importing_libcst() -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from test_startup import command

    out, heavy = command("explain", "before-first-request")
    assert heavy == [] and "  @app.before_first_request  ->  called once at setup" in out


def test_explain_shows_each_legacy_form_with_its_versions() -> None:
    out = invoke("explain", "json-provider").stdout
    head, catalogue = out.split("Legacy forms (a rewrite is made only when its new form exists at --target-version):\n")
    assert "Options" not in catalogue and "JSON_SORT_KEYS" in head
    lines = catalogue.splitlines()
    assert lines[0] == "  JSON_SORT_KEYS  ->  app.json.sort_keys"
    assert lines[1] == "      deprecated in Flask 2.2; removed in Flask 2.3; safe rewrite when the target is Flask 2.2 or newer (else not rewritten)"
    assert "  app.json_decoder = D, flask.json.JSONDecoder subclasses  ->  DefaultJSONProvider.loads overridden" in lines
    assert "      deprecated in Flask 2.2; removed in Flask 2.3; reported, never rewritten" in lines
    assert "Legacy forms" not in invoke("explain", "open-with").stdout


# -- acceptance: the same legacy app, pinned to Flask 2.0 or not -------------------------------------------

LEGACY_APP = '''\
import sqlite3

from flask import Flask, _app_ctx_stack, jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.ext.declarative import declarative_base

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
app.config["SQLALCHEMY_POOL_RECYCLE"] = 280
app.config["JSON_SORT_KEYS"] = False
db = SQLAlchemy(app)
Base = declarative_base()
created = []

if app.env == "development":
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True


def get_db():
    top = _app_ctx_stack.top
    if not hasattr(top, "sqlite_db"):
        top.sqlite_db = sqlite3.connect(":memory:")
    return top.sqlite_db


@app.before_first_request
def create_tables():
    db.create_all()
    created.append(True)


@app.route("/")
def index():
    return jsonify(engine=db.get_engine().name, zeta=1, alpha=get_db().execute("select 2").fetchone()[0])
'''

UPGRADES = "app-context-stack,sqlalchemy-2,flask-sqlalchemy-3,json-provider,config-env,before-first-request"


def _run_cli(folder, report) -> tuple[str, dict]:
    """``flask-codemod apply`` in a fresh interpreter: the rewritten app and the JSON report."""
    done = subprocess.run(
        [sys.executable, "-m", "flask_codemod", "apply", "--no-cache", "-j", "1", "--select", UPGRADES, "--report", str(report), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with open(report, encoding="utf-8") as handle:
        return (folder / "app.py").read_text(), json.load(handle)


def test_a_project_pinned_to_flask_2_0_gets_only_what_exists_in_2_0(tmp_path) -> None:
    pinned, unpinned = tmp_path / "pinned", tmp_path / "unpinned"
    for folder, requirement in ((pinned, "Flask==2.0.3\n"), (unpinned, "Flask>=3.0\n")):
        folder.mkdir()
        (folder / "requirements.txt").write_text(requirement)
        (folder / "app.py").write_text(LEGACY_APP)
    old_text, old_report = _run_cli(pinned, tmp_path / "pinned.json")
    new_text, new_report = _run_cli(unpinned, tmp_path / "unpinned.json")

    # Flask 2.0: the rewrites whose new form exists there ...
    assert "g.sqlite_db = sqlite3.connect" in old_text and "_app_ctx_stack" not in old_text
    assert "from sqlalchemy.orm import declarative_base" in old_text
    assert 'app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_recycle": 280}' in old_text
    assert "engine=db.engine.name" in old_text  # Flask-SQLAlchemy 2.x has db.engine too
    # ... and the forms whose replacement is newer than 2.0 stay, each with a finding
    for kept in ('app.config["JSON_SORT_KEYS"] = False', 'if app.env == "development":', "@app.before_first_request"):
        assert kept in old_text
    (old_entry,) = old_report["files"]
    assert sorted(f["codemod"] for f in old_entry["findings"]) == ["before-first-request", "config-env", "json-provider"]
    assert all("2.2" in f["reason"] for f in old_entry["findings"])

    # The newest Flask: every rewrite, no finding; and the app runs under the installed Flask 3
    (new_entry,) = new_report["files"]
    assert new_entry["findings"] == []
    for gone in ("JSON_SORT_KEYS", "app.env", "before_first_request", "get_engine", "_app_ctx_stack"):
        assert gone not in new_text
    assert set(old_text.splitlines()) - set(new_text.splitlines()) == {
        'app.config["JSON_SORT_KEYS"] = False',
        'if app.env == "development":',
        "@app.before_first_request",
    }
    module = load_source(tmp_path, new_text)
    assert module.created == [True]  # run once at setup
    response = module.app.test_client().get("/")
    assert response.status_code == 200
    assert response.get_data(as_text=True).index('"zeta"') < response.get_data(as_text=True).index('"alpha"')  # unsorted
    assert response.get_json() == {"engine": "sqlite", "zeta": 1, "alpha": 2}


def test_a_project_locked_to_flask_2_0_keeps_what_2_0_lacks(tmp_path) -> None:
    """A Pipfile that allows any Flask, and the Pipfile.lock an install takes its releases
    from pinning 2.0: the code runs on 2.0, so a form whose replacement came later stays (a
    finding says why) and the app still starts."""
    write(
        tmp_path,
        {
            "Pipfile": '[packages]\nflask = "*"\n',
            "Pipfile.lock": json.dumps({"default": {"flask": {"version": "==2.0.3"}}, "develop": {}}),
            "app.py": 'from flask import Flask, jsonify\n\napp = Flask(__name__)\napp.config["JSON_SORT_KEYS"] = False\n\n'
            '@app.route("/")\ndef index():\n    return jsonify(zeta=1, alpha=2)\n',
        },
    )
    text, report = _run_cli(tmp_path, tmp_path / "report.json")
    assert 'app.config["JSON_SORT_KEYS"] = False' in text and "app.json" not in text
    (entry,) = report["files"]
    assert [f["codemod"] for f in entry["findings"]] == ["json-provider"] and "2.2" in entry["findings"][0]["reason"]
    response = load_source(tmp_path, text).app.test_client().get("/")
    assert response.get_json() == {"zeta": 1, "alpha": 2}


# -- the Pythons the project declares ------------------------------------------------------------


@pytest.mark.parametrize(
    "files, target",
    [
        # unpinned: the newest Flask that installs on every declared Python (1.0 on 3.4)
        ({"requirements.txt": "Flask\n", ".travis.yml": 'python:\n  - "2.6"\n  - "2.7"\n'}, (1, 0)),
        ({"requirements.txt": "Flask\n", "setup.py": "from setuptools import setup\nsetup(python_requires='>=3.6')\n"}, (2, 0)),
        ({"requirements.txt": "Flask<3\n", "runtime.txt": "python-3.7.2\n"}, (2, 2)),
        ({"requirements.txt": "Flask\n", "tox.ini": "[tox]\nenvlist = py38,py39\n"}, (3, 0)),
        # a GitHub Actions workflow's matrix of setup-python versions
        (
            {
                "requirements.txt": "Flask\n",
                ".github/workflows/test.yml": "jobs:\n  t:\n    strategy:\n      matrix:\n        py: ['3.6', '3.9']\n"
                "    steps:\n      - uses: actions/setup-python@v4\n        with:\n          python-version: ${{ matrix.py }}\n"
                "      - run: pytest\n",
            },
            (2, 0),
        ),
        ({"requirements.txt": "Flask\n", "runtime.txt": "python-3.12.1\n"}, NEWEST_KNOWN),
        # a lower bound or a pin is taken at its word
        ({"requirements.txt": "Flask>=2.2\n", "setup.py": "from setuptools import setup\nsetup(python_requires='>=2.7')\n"}, (2, 2)),
        ({"requirements.txt": "Flask==0.12.2\n", "runtime.txt": "python-3.6.5\n"}, (0, 12)),
    ],
)
def test_an_unpinned_flask_is_the_newest_that_installs_on_the_declared_pythons(tmp_path, files, target) -> None:
    write(tmp_path, files)
    assert declared_target(str(tmp_path))[0] == target


def test_a_project_declaring_no_flask_gets_the_newest_on_its_python(tmp_path) -> None:
    write(tmp_path, {"setup.py": "from setuptools import setup\nsetup(name='x', python_requires='>=2.7')\n", "app.py": ""})
    assert TargetFinder().for_file(str(tmp_path / "app.py")) == (1, 0)
