"""static-max-age (and upload-limit, through the same config default): ``from_object(__name__)``
loads the module's own upper-case names, which the codemod reads in that very module."""

from __future__ import annotations

import pytest

from helpers import finding_messages, load_source, run_codemods

OWN_SETTINGS = '''
from flask import Flask

DEBUG = False
SECRET_KEY = "{secret}"
{extra}
app = Flask(__name__)
app.config.from_object(__name__)


@app.get("/")
def index():
    return "hi"
'''

LOADED_ELSEWHERE = "the config is also loaded from elsewhere here"


def own_settings(extra: str = "", secret: str = "from the module") -> str:
    return OWN_SETTINGS.format(extra=extra, secret=secret)


@pytest.fixture
def site(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.css").write_text("body { color: teal }\n")
    return tmp_path


def test_the_module_loading_itself_sets_nothing_relevant(site):
    result = run_codemods(own_settings(), "static-max-age", dedent=False)
    assert 'app = Flask(__name__)\napp.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    assert finding_messages(result) == []
    app = load_source(site, result.new_text, stem="own_settings").app
    assert app.config["SECRET_KEY"] == "from the module"  # its own names are loaded, as before
    with app.test_client() as client:
        assert client.get("/static/app.css").cache_control.max_age == 3600


def test_the_module_loading_itself_sets_the_max_age(site):
    source = own_settings("SEND_FILE_MAX_AGE_DEFAULT = 60\n")
    result = run_codemods(source, "static-max-age", dedent=False)
    assert result.new_text == source and finding_messages(result) == []
    with load_source(site, source, stem="own_settings").app.test_client() as client:
        assert client.get("/static/app.css").cache_control.max_age == 60


def test_in_a_factory_too():
    source = """
from flask import Flask

SECRET_KEY = "from the module"


def create_app():
    app = Flask(__name__)
    app.config.from_object(__name__)
    return app
"""
    result = run_codemods(source, "static-max-age", dedent=False)
    assert '    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    assert finding_messages(result) == []


def test_only_the_other_loaders_are_reported():
    source = own_settings().replace(
        "app.config.from_object(__name__)\n", "app.config.from_object(__name__)\napp.config.from_pyfile('local.cfg')\n"
    )
    result = run_codemods(source, "static-max-age", dedent=False)
    messages = finding_messages(result)
    assert len(messages) == 1 and "(from_pyfile())" in messages[0], messages


def test_importing_other_modules_by_name_writes_no_names_here():
    source = own_settings("import importlib\nPLUGINS = [importlib.import_module(n) for n in ('json',)]\n")
    result = run_codemods(source, "static-max-age", dedent=False)
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text and finding_messages(result) == []


def test_a_star_import_brings_names_it_cannot_read():
    source = own_settings("from shared_defaults import *\n")
    result = run_codemods(source, "static-max-age", dedent=False)
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    assert finding_messages(result) == [
        "9: static-max-age: from_object(__name__) also loads the upper-case names that from shared_defaults "
        "import * brings: cannot tell whether they set SEND_FILE_MAX_AGE_DEFAULT; the inserted default comes "
        "before it, so a value set there still wins"
    ]


@pytest.mark.parametrize(
    "change",
    [
        ("SECRET_KEY =", "globals()['SEND_FILE_' + 'MAX_AGE_DEFAULT'] = 60\nSECRET_KEY ="),
        ("SECRET_KEY =", "import sys\nsetattr(sys.modules[__name__], 'SEND_FILE_MAX_AGE_' + 'DEFAULT', 60)\nSECRET_KEY ="),
        ("SECRET_KEY =", "vars().update(dict.fromkeys(['SEND_FILE_MAX_' + 'AGE_DEFAULT'], 60))\nSECRET_KEY ="),
        ("from_object(__name__)", "from_object('settings')"),
        ("from_object(__name__)", "from_object(__name__ + '_settings')"),
        ("from_object(__name__)", "from_object(__name__, )"),
    ],
)
def test_anything_else_is_loaded_from_elsewhere(change):
    source = own_settings().replace(*change)
    result = run_codemods(source, "static-max-age", dedent=False)
    messages = finding_messages(result)
    if change[1] == "from_object(__name__, )":  # the same call, spelled with a trailing comma
        assert messages == []
    else:
        assert len(messages) == 1 and LOADED_ELSEWHERE in messages[0], messages


def test_a_rebound_name_is_no_longer_the_module():
    source = """
from flask import Flask


def create_app(__name__="settings"):
    app = Flask("site")
    app.config.from_object(__name__)
    return app
"""
    messages = finding_messages(run_codemods(source, "static-max-age", dedent=False))
    assert len(messages) == 1 and LOADED_ELSEWHERE in messages[0], messages


def test_upload_limit_reads_the_module_too():
    source = """
from flask import Flask, request

SECRET_KEY = "from the module"
app = Flask(__name__)
app.config.from_object(__name__)


@app.post("/up")
def up():
    return str(len(request.files))
"""
    result = run_codemods(source, "upload-limit", dedent=False)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\n' in result.new_text
    assert finding_messages(result) == []
    assert run_codemods(source.replace("app.config.from_object(__name__)", "app.config.from_object('settings')"),
                        "upload-limit", dedent=False).findings
