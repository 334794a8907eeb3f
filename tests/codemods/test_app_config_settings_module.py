"""static-max-age and upload-limit (one config default): ``config.from_object`` of a settings
MODULE of the project, named by a string (``"shop.settings"``: spacewiki's
``APP.config.from_object('spacewiki.settings')``) or passed as the imported module (``from
shop import settings``; ``import settings``). ``from_object`` imports the module and copies its
upper-case names: a module that spells none of the keys and binds no names another way (a
star import, ``setattr``, ``globals()`` ...) sets none of them, as a plain class that spells
none does. The finding said "cannot tell" (the default is inserted before the loader either
way, so a value the module sets still wins; the finding asks a reviewer to look). A string the code computes, a module that spells the
key, star-imports another (spacewiki's ``from local_settings import *``) or that another module
of the project gives the key (``settings.KEY = ...``) is still unknown."""

from __future__ import annotations

import sys

import pytest

from helpers import finding_messages, load_source, run_codemods

SETTINGS = '''\
"""Settings of the web app."""
import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
SITE_NAME = "Shop"
{extra}
'''

APP = """\
from flask import Flask, request
{imports}
app = Flask(__name__, static_url_path="/static")
app.config.from_object({argument})


@app.get("/")
def index():
    return app.config["SITE_NAME"]


@app.post("/upload")
def upload():
    return str(len(request.files))
"""

LOADED_ELSEWHERE = "the config is also loaded from elsewhere here"
INSERTED = {
    "static-max-age": 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n',
    "upload-limit": 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024',
}
WAYS = [
    ("", "'shop.settings'"),
    ("from shop import settings\n", "settings"),
    ("from . import settings\n", "settings"),
    ("import shop.settings as settings\n", "settings"),
]


def _run(name, imports, argument, settings, others=None):
    files = {
        "requirements.txt": "flask\ngunicorn\n",
        "Procfile": "web: gunicorn shop.app:app\n",
        "shop/__init__.py": "",
        "shop/settings.py": settings,
        "shop/static/app.css": "body {}\n",
        **(others or {}),
    }
    source = APP.format(imports=imports, argument=argument)
    result = run_codemods(source, name, project=files, path="shop/app.py")
    assert result.error is None, result.error
    return result


def _forget_shop():
    for name in [n for n in sys.modules if n == "shop" or n.startswith("shop.")]:
        del sys.modules[name]


def _not_inserted_silently(result):
    """Left to the module (nothing inserted), or inserted with the finding that asks a
    reviewer whether the module sets the key."""
    if INSERTED["static-max-age"] in result.new_text:
        assert [m for m in finding_messages(result) if LOADED_ELSEWHERE in m], finding_messages(result)


@pytest.mark.parametrize("name", sorted(INSERTED))
@pytest.mark.parametrize("imports, argument", WAYS)
def test_a_settings_module_that_binds_no_such_key_is_read(name, imports, argument):
    result = _run(name, imports, argument, SETTINGS.format(extra=""))
    assert INSERTED[name] in result.new_text, finding_messages(result)
    assert not [m for m in finding_messages(result) if LOADED_ELSEWHERE in m]


@pytest.mark.parametrize(
    "settings, others",
    [
        (SETTINGS.format(extra="SEND_FILE_MAX_AGE_DEFAULT = 0"), None),
        (SETTINGS.format(extra="try:\n    from local_settings import *\nexcept ImportError:\n    pass"), None),
        (SETTINGS.format(extra="globals()['SEND_FILE_' + 'MAX_AGE_DEFAULT'] = 0"), None),
        (SETTINGS.format(extra=""), {"shop/deploy.py": "from shop import settings\n\nsettings.SEND_FILE_MAX_AGE_DEFAULT = 0\n"}),
    ],
)
def test_a_module_that_may_give_the_key_is_still_unknown(settings, others):
    result = _run("static-max-age", "", "'shop.settings'", settings, others)
    _not_inserted_silently(result)


@pytest.mark.parametrize(
    "imports, argument",
    [
        ("import os\n", 'os.environ.get("SHOP_SETTINGS", "shop.settings")'),
        ("", "'shop.' + 'settings'"),
        ("", "'shop.missing'"),
        ("import os as settings\n", "settings"),
    ],
)
def test_a_name_computed_or_not_the_projects_is_still_unknown(imports, argument):
    result = _run("static-max-age", imports, argument, SETTINGS.format(extra=""))
    _not_inserted_silently(result)


def test_the_app_keeps_the_module_settings_and_gets_the_max_age(tmp_path):
    result = _run("static-max-age", "", "'shop.settings'", SETTINGS.format(extra=""))
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "settings.py").write_text(SETTINGS.format(extra=""))
    (tmp_path / "static").mkdir()  # beside the module Flask is given as the app's
    (tmp_path / "static" / "app.css").write_text("body {}\n")
    _forget_shop()  # this test's package is no other test's
    try:
        app = load_source(tmp_path, result.new_text, stem="app").app  # from_object imports shop.settings
    finally:
        _forget_shop()
    assert app.config["SECRET_KEY"] == "dev" and app.config["SITE_NAME"] == "Shop"  # the module is loaded, as before
    with app.test_client() as client:
        assert client.get("/").get_data(as_text=True) == "Shop"
        assert client.get("/static/app.css").cache_control.max_age == 3600
