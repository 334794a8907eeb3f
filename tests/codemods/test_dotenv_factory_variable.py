"""dotenv-config: a factory given a variable that holds one of several config classes.

walle-web's ``waller.py`` does ``CONFIG = DevConfig if get_debug_flag() else ProdConfig`` (and
``CONFIG = TestConfig`` under an ``if``), then ``create_app(CONFIG)``, whose
``from_object(config_object)`` loads it. A variable named nothing, so the hard-coded
``MAIL_PASSWORD`` of ``ProdConfig`` got neither a change nor a finding. What the rule should
have known: a name the calling module binds only at module level, each time to a plain value
(a class it imports or defines, or a choice between such with ``if ... else``), may load each
of them, as ``from_object(A if debug else B)`` does. Followed, the production class's secret
is read like any other; and where the same text stays in a base class it imports from another
module (walle's base ``Config`` in ``settings.py`` holds the same password), moving one copy
hides nothing: it stays, with a finding that names the other copy. A copy in a module that is
no base of it (a test configuration, flask-covid19's ``pytestconfig.py``) moves in its own run
and holds nothing back. A name bound otherwise (in a function, by
a loop) still names nothing.
"""

from __future__ import annotations

from dotenv_support import both_ways, config_of
from helpers import finding_messages, run_codemods

FACTORY = """
    from flask import Flask

    from shop.config.settings_prod import ProdConfig


    def create_app(config_object=ProdConfig):
        app = Flask(__name__)
        app.config.from_object(config_object)
        return app
"""

BASE = """
    import os


    class Config(object):
        SECRET_KEY = os.environ.get("SHOP_SECRET", "secret-key")
        MAIL_SERVER = "smtp.example.com"
"""

PROD = """
    from shop.config.settings import Config


    class ProdConfig(Config):
        DEBUG = False
        MAIL_PASSWORD = "Ki9y&3U82qZ"
"""

DEV = """
    from shop.config.settings import Config


    class DevConfig(Config):
        DEBUG = True
"""

ENTRY = """
    import sys

    from flask.helpers import get_debug_flag

    from shop.app import create_app
    from shop.config.settings_dev import DevConfig
    from shop.config.settings_prod import ProdConfig

    CONFIG = DevConfig if get_debug_flag() else ProdConfig

    if len(sys.argv) > 2 and sys.argv[2] == "dev":
        CONFIG = DevConfig

    app = create_app(CONFIG)
"""


def project(base: str = BASE, entry: str = ENTRY) -> dict[str, str]:
    return {
        "requirements.txt": "flask\n",
        "shop/__init__.py": "",
        "shop/app.py": FACTORY,
        "shop/config/__init__.py": "",
        "shop/config/settings.py": base,
        "shop/config/settings_prod.py": PROD,
        "shop/config/settings_dev.py": DEV,
        "waller.py": entry,
    }


def _prod(files: dict[str, str]):
    return run_codemods(files["shop/config/settings_prod.py"], "dotenv-config", path="shop/config/settings_prod.py", project=files)


def test_the_production_class_a_variable_may_hold_is_read_and_its_secret_moves(tmp_path):
    before, with_env, without_env, result = both_ways(tmp_path, project(), "waller", "module.app")
    assert config_of(with_env) == before
    assert without_env.returncode != 0 and "KeyError: 'MAIL_PASSWORD'" in without_env.stderr
    prod = (tmp_path / "after" / "project" / "shop" / "config" / "settings_prod.py").read_text()
    assert 'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]' in prod, result.stderr
    dev = (tmp_path / "after" / "project" / "shop" / "config" / "settings_dev.py").read_text()
    assert "os.environ" not in dev


def test_the_same_password_in_the_base_class_of_another_module_keeps_it_with_a_finding():
    base = BASE + '        MAIL_PASSWORD = "Ki9y&3U82qZ"\n'
    files = project(base=base)
    result = _prod(files)
    assert "os.environ" not in result.new_text, result.new_text
    messages = [m for m in finding_messages(result) if "MAIL_PASSWORD" in m]
    assert len(messages) == 1, finding_messages(result)
    assert "the same value stays in the code at shop/config/settings.py:8" in messages[0], messages[0]
    assert "would hide nothing" in messages[0]


def test_a_variable_bound_in_a_function_too_names_nothing():
    entry = ENTRY + "\n\n    def reconfigure():\n        global CONFIG\n        CONFIG = object()\n"
    files = project(entry=entry)
    result = _prod(files)
    assert "os.environ" not in result.new_text
    assert [m for m in finding_messages(result) if "MAIL_PASSWORD" in m] == []


def test_the_same_password_in_a_module_that_is_no_base_does_not_hold_the_move_back():
    files = project()
    files["shop/config/pytestconfig.py"] = 'MAIL_PASSWORD = "Ki9y&3U82qZ"\n'  # moves (or not) in its own run
    # loaded, as flask-covid19's is (a copy in a module nothing loads stays: test_dotenv_unloaded_copy)
    files["shop/testing.py"] = "from shop.config import pytestconfig\n\n\ndef configure(app):\n    app.config.from_object(pytestconfig)\n"
    result = _prod(files)
    assert 'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]' in result.new_text, finding_messages(result)
