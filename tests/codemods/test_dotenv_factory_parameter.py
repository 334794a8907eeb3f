"""dotenv-config: configuration a factory loads through its parameter.

timetrack's ``create_app(config_filename)`` does ``app.config.from_object(config_filename)``
and its one caller, ``run.py``, passes ``'config'``: its ``config.py`` holds ``SECRET_KEY =
"secret21"``, which the tool did not see as configuration (a parameter names nothing). Where
every caller of the factory in the project passes what ``from_object`` takes plainly (a string
naming a module or class, a class of the project), the loading reaches that: the secret moves
as it would from ``create_app()`` loading it by name. A caller passing anything else (a value
read from the environment), or no caller found, leaves the configuration as it was. Each
project is rewritten with the real command line, then its app is started with and without the
``.env`` the tool wrote."""

from __future__ import annotations

from dotenv_support import both_ways, config_of

FACTORY = """
    from flask import Flask


    def create_app(config_object):
        app = Flask(__name__)
        app.config.from_object(config_object)
        return app
"""

BY_CLASS = {
    "requirements.txt": "flask\n",
    "shop/__init__.py": FACTORY,
    "shop/settings.py": """
        class Config(object):
            SECRET_KEY = "Wn4k8ZpQ2rT6vY1xQ7"
            DEBUG = False
    """,
    "wsgi.py": """
        from shop import create_app
        from shop.settings import Config

        app = create_app(Config)
    """,
}

BY_STRING = {
    "requirements.txt": "flask\n",
    "shop/__init__.py": FACTORY,
    "config.py": """
        DEBUG = False
        SECRET_KEY = "Jf8sL2pQ9xW4mZ7vK3"
    """,
    "run.py": """
        from shop import create_app

        app = create_app('config')
    """,
}


def test_a_class_every_caller_passes_is_read_and_its_secret_moves(tmp_path):
    before, with_env, without_env, result = both_ways(tmp_path, BY_CLASS, "wsgi", "module.app")
    assert config_of(with_env) == before
    assert without_env.returncode != 0 and "KeyError: 'SECRET_KEY'" in without_env.stderr
    settings = (tmp_path / "after" / "project" / "shop" / "settings.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in settings, result.stderr
    assert "DEBUG = False" in settings


def test_a_module_every_caller_names_is_read_and_its_secret_moves(tmp_path):
    before, with_env, without_env, result = both_ways(tmp_path, BY_STRING, "run", "module.app")
    assert config_of(with_env) == before
    assert without_env.returncode != 0 and "KeyError: 'SECRET_KEY'" in without_env.stderr
    config = (tmp_path / "after" / "project" / "config.py").read_text()
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in config, result.stderr


def test_a_caller_passing_a_value_from_the_environment_leaves_it(tmp_path):
    files = {
        **BY_CLASS,
        "manage.py": """
            import os

            from shop import create_app

            app = create_app(os.environ.get("SHOP_CONFIG", "shop.settings.Config"))
        """,
    }
    before, with_env, without_env, result = both_ways(tmp_path, files, "wsgi", "module.app")
    assert config_of(without_env) == before
    after = tmp_path / "after" / "project" / "shop" / "settings.py"
    assert after.read_text() == (tmp_path / "before" / "project" / "shop" / "settings.py").read_text()
