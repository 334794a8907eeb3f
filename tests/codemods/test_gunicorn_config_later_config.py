"""gunicorn-config and a secret key made per process that a config file loaded afterwards may
replace (``from_envvar("SHOP_SETTINGS")`` after ``from_object``): the start script exports the
variable, and the file it names may set the key (from the environment, say). Whether it does
is not known here, so nothing is generated, but the finding says the key is made anew unless
that file sets it, naming the loading and the script, not that it surely is. A loading above
the key's own line in the same module comes before it and changes nothing in the finding."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

FACTORY = """\
from flask import Flask

from shop.settings import Config


def create_app(config=Config):
    app = Flask(__name__)
    app.config.from_object(config)
    app.config.from_envvar("SHOP_SETTINGS", silent=True)
    return app
"""
SETTINGS = "import os\n\n\nclass Config:\n    SECRET_KEY = os.urandom(24)\n"
RUN = "#!/bin/sh\ncd /srv/shop\nexport SHOP_SETTINGS=$PWD/settings.cfg\nexec gunicorn --workers 4 'shop.app:create_app()'\n"


def _message(source: str, project: dict[str, str]) -> str:
    result = run_codemods(source, "gunicorn-config", project=project, path="shop/app.py")
    assert result.error is None, result.error
    assert [e for e in result.project_edits if e.kind == "file"] == []
    [message] = finding_messages(result)
    return message


def test_a_key_a_later_config_file_may_set_is_said_to_be_made_anew_unless_it_does():
    project = {
        "requirements.txt": "flask\ngunicorn\n", "shop/__init__.py": "", "shop/settings.py": SETTINGS, "deploy/run": RUN,
    }
    message = _message(FACTORY, project)
    assert "anew in each process" in message and "unless the config it loads afterwards sets one" in message, message
    assert "from_envvar" in message and "shop/app.py:9" in message and "deploy/run" in message, message


def test_a_loading_before_the_key_is_made_changes_nothing():
    source = (
        "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        'app.config.from_envvar("SHOP_SETTINGS", silent=True)\napp.config["SECRET_KEY"] = os.urandom(24)\n'
    )
    project = {"requirements.txt": "flask\ngunicorn\n", "shop/__init__.py": "", "deploy/run": RUN.replace("'shop.app:create_app()'", "shop.app:app")}
    message = _message(source, project)
    assert "anew in each process" in message and "unless" not in message, message


def _loading_named(loading: str) -> str:
    factory = FACTORY.replace('app.config.from_envvar("SHOP_SETTINGS", silent=True)', loading)
    project = {"requirements.txt": "flask\ngunicorn\n", "shop/__init__.py": "", "shop/settings.py": SETTINGS, "deploy/run": RUN}
    return _message("import os\n" + factory, project)


def test_a_loading_whose_arguments_hold_calls_is_shown_whole():
    """newsroom: ``from_pyfile(os.path.join(os.getcwd(), 'settings.py'), silent=True)`` was cut at its first ``)``."""
    message = _loading_named("app.config.from_pyfile(os.path.join(os.getcwd(), 'settings.py'), silent=True)")
    assert "(from_pyfile(os.path.join(os.getcwd(), 'settings.py'), silent=True) at shop/app.py:10)" in message, message


def test_a_loading_over_several_lines_is_shown_on_one():
    message = _loading_named("app.config.from_pyfile(\n        os.path.join(os.getcwd(), 'settings.py'),\n        silent=True,\n    )")
    assert "(from_pyfile(os.path.join(os.getcwd(), 'settings.py'), silent=True,) at shop/app.py:10)" in message, message


def test_a_loading_too_long_to_show_is_named_by_its_callee():
    path = " + ".join(f"'part{n}'" for n in range(30))
    message = _loading_named(f"app.config.from_pyfile({path})")
    assert "(from_pyfile(...) at shop/app.py:10)" in message, message
