"""static-max-age and upload-limit (one config default): ``config.from_object(Config)`` where
``Config`` is a plain class of the project (no base but ``object``, no decorator, no
metaclass) loads the upper-case attributes its body binds, and nothing else: the codemod reads
that body. Found on fatcat (``from fatcat_web.web_config import Config``, ``class
Config(object)`` of settings read from the environment): the finding said it "cannot tell"
whether the class sets ``SEND_FILE_MAX_AGE_DEFAULT``. A class that spells the key, has a base,
or that another module may give the key (``Config.KEY = ...``, ``setattr``) is still said to
be unknown."""

from __future__ import annotations

import pytest

from helpers import finding_messages, load_source, run_codemods

APP = """\
from flask import Flask, request

from shop.web_config import Config

app = Flask(__name__, static_url_path="/static")
app.config.from_object(Config)


@app.get("/")
def index():
    return "hi"


@app.post("/upload")
def upload():
    return str(len(request.files))
"""

CONFIG = '''\
"""Settings of the web app, read from the environment."""

import os


class Config(object):
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    DEBUG = False
    {extra}
'''

LOADED_ELSEWHERE = "the config is also loaded from elsewhere here"


def _run(name, config, others=None):
    files = {
        "requirements.txt": "flask\ngunicorn\n",
        "Procfile": "web: gunicorn shop.app:app\n",
        "shop/__init__.py": "",
        "shop/web_config.py": config,
        "shop/static/app.css": "body {}\n",
        **(others or {}),
    }
    result = run_codemods(APP, name, project=files, path="shop/app.py")
    assert result.error is None, result.error
    return result


@pytest.mark.parametrize(
    "name, inserted",
    [
        ("static-max-age", 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n'),
        ("upload-limit", 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024'),
    ],
)
def test_a_plain_class_that_binds_no_such_key_is_read(name, inserted):
    result = _run(name, CONFIG.format(extra=""))
    assert inserted in result.new_text, finding_messages(result)
    assert not [m for m in finding_messages(result) if LOADED_ELSEWHERE in m]


def test_a_class_that_sets_the_key_is_left_to_it():
    result = _run("static-max-age", CONFIG.format(extra="SEND_FILE_MAX_AGE_DEFAULT = 0"))
    assert "SEND_FILE_MAX_AGE_DEFAULT" not in result.new_text


@pytest.mark.parametrize(
    "config, others",
    [
        (CONFIG.format(extra="").replace("class Config(object)", "class Config(Base)").replace("import os\n", "import os\n\nfrom shop.base import Base\n"), None),
        (CONFIG.format(extra="").replace("class Config(object):", "@settings\nclass Config(object):"), None),
        (CONFIG.format(extra=""), {"shop/deploy.py": "from shop.web_config import Config\n\nConfig.SEND_FILE_MAX_AGE_DEFAULT = 0\n"}),
        (CONFIG.format(extra="") + "\nsetattr(Config, 'SEND_FILE_' + 'MAX_AGE_DEFAULT', 0)\n", None),
    ],
)
def test_a_class_that_may_give_the_key_is_still_unknown(config, others):
    result = _run("static-max-age", config, others)
    assert [m for m in finding_messages(result) if LOADED_ELSEWHERE in m or "cannot tell" in m], finding_messages(result)


def test_the_app_keeps_the_class_settings_and_gets_the_max_age(tmp_path):
    result = _run("static-max-age", CONFIG.format(extra=""))
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "web_config.py").write_text(CONFIG.format(extra=""))
    (tmp_path / "static").mkdir()  # beside the module Flask is given as the app's
    (tmp_path / "static" / "app.css").write_text("body {}\n")
    app = load_source(tmp_path, result.new_text, stem="app").app
    assert app.config["SECRET_KEY"] == "dev" and app.config["DEBUG"] is False  # the class is loaded, as before
    with app.test_client() as client:
        assert client.get("/static/app.css").cache_control.max_age == 3600
