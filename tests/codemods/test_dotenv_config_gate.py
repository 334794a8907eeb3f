"""The gates of dotenv-config: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

import re

import pytest
from detect_secrets.plugins.keyword import DENYLIST
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_codemod.codemods._dotenv_config_gate import may_be_secret_name
from flask_codemod.codemods._dotenv_config_project_index import _read_config
from flask_codemod.codemods._dotenv_config_secrets import _MORE_SECRET_WORDS, is_secret_name
from gate_checks import GateCases, accepts, lay_out, output_on_disk_with_gates_open, project_gate_on_disk


class TestGates(GateCases):
    NAME = "dotenv-config"
    REJECTED = [
        # UPPER_CASE constants outside a config module or a flask module
        ('SECRET_KEY = "abc123"\nDATABASE_URL = "postgres://u:p@h/db"\n', "tools/constants.py"),
        ("DEBUG = True\nPAGE_SIZE = 20\n", "settings_helpers/limits.py"),
        # a config module, but nothing that is a secret or a setting
        ("PAGE_SIZE = 20\nCOLORS = ('red', 'blue')\n", "config.py"),
        ("HELP_TEXT = 'see https://example.com/docs'\nPAGE_SIZE = 20\n", "config.py"),
        # app.run(debug=True) starts the development server: left alone
        ("from shop import create_app\napp = create_app()\napp.run('0.0.0.0', 5000, True)\n", "run.py"),
        # a test file is left alone, whatever it holds
        ("from flask import Flask\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'x'\n", "tests/test_app.py"),
        # Flask's mode switches are not moved
        ("class ProdConfig:\n    DEBUG = False\n    TESTING = False\n", "models.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.debug = True\napp.config['TESTING'] = True\n", "app.py"),
        # names about a secret, not of one
        (
            "from flask import Flask\napp = Flask(__name__)\n"
            "app.config['SECURITY_PASSWORD_HASH'] = 'bcrypt'\napp.config['JSON_SORT_KEYS'] = False\n",
            "app.py",
        ),
        # secrets already read from the environment: only a literal moves
        (
            "import os\n\nclass Config:\n    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n"
            "    MAIL_PASSWORD = os.environ.get('MAIL_PASSWORD')\n",
            "config.py",
        ),
        # a config class loaded from another module, a .py settings file: processed on their own
        (
            "from flask import Flask\nfrom config import Config\n\ndef create_app(config_class=Config):\n"
            "    app = Flask(__name__)\n    app.config.from_object(config_class)\n    app.config.from_pyfile('local.py')\n"
            "    return app\n",
            "app/__init__.py",
        ),
        # a service URL as the fallback of an environment read: not a credential, not moved
        ("import os\n\nclass Config:\n    REDIS_URL = os.environ.get('REDIS_URL') or 'redis://'\n", "config.py"),
        # another module's settings loaded by name
        ("from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('websiteconfig')\n", "website/__init__.py"),
        # an app's secret key made at run time: nothing to move, no credential to report
        ("import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.secret_key = os.urandom(24)\n", "app.py"),
        # classes that are not config classes
        ("class Meta:\n    SECRET_KEY = 'x'\n", "models.py"),
        ("import enum\n\nclass ColorSettings(enum.Enum):\n    RED_TOKEN = 'r'\n", "colors.py"),
    ]
    REJECTED += [
        # an empty string is nothing to hide or configure: never moved nor reported, wherever it is
        ("import flask\n\nCLIENT_ID = ''\nCLIENT_SECRET = ''\n", "main.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.secret_key = ''\napp.config['API_TOKEN'] = \"\"\n", "app.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY='', MAIL_SERVER='')\n", "app.py"),
        ("class Config:\n    SECRET_KEY = ''\n    REDIS_URL = ''\n", "config.py"),
        # settings with no secret beside them never move (the planner's _settings_need_a_secret),
        # and values the collector judges no secret ('x', a URL whose password is a
        # placeholder, a module constant that is no secret): nothing is reported
        ("class Config:\n    SECRET_KEY = ''\n    REDIS_URL = 'redis://cache:6379/0'\n", "config.py"),
        ('REDIS = "redis://cache:6379/0"\n', "myapp/settings.py"),
        ('BROKER = "see below " "amqp://guest@rabbit//"\n', "myapp/settings.py"),
        ('NOTE = "mirror: " "https://u:pw@mirror.example/"\n', "settings.py"),
        ("class ProdConfig:\n    MAIL_SERVER = 'smtp.example.org'\n", "models.py"),
        ("class Base:\n    DB_PASSWORD = 'x'\n\nclass ProdConfig(Base):\n    pass\n", "models.py"),
        ("from flask import Flask\nDB = 'postgres://u:' 'p@h/db'\n", "app.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.secret_key = 'x'\n", "app.py"),
        ("from flask import Flask\nTOKEN = 'YOUR_TOKEN'\n", "app.py"),
    ]
    ACCEPTED = [
        # the same with a value: a secret moves (a setting too, where settings do)
        ("import flask\n\nCLIENT_SECRET = 'x9f3kq7zv2'\n", "main.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.secret_key = 'x9f3kq7zv2'\n", "app.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.config.update(SECRET_KEY='x9f3kq7zv2', MAIL_SERVER='')\n", "app.py"),
        ('SECRET_KEY = "abc123"\n', "config.py"),
        ('SECRET_KEY = "abc123"\n', "instance/local.py"),
        ("from flask import Flask\nDB_PASSWORD = 'hunter2'\n", "app.py"),
        # passwords named PASS or PW, a key named by its use: secrets whatever their entropy
        ("from flask import Flask\nMAIL_PASS = 'hunter2'\n", "app.py"),
        ("class ProdConfig:\n    SMTP_PW = 'letmein77'\n", "models.py"),
        ("from flask import Flask\napp = Flask(__name__)\napp.config['FERNET_KEY'] = 'k3y-simple'\n", "app.py"),
        # near miss of the secret key made at run time: a credential in the expression
        (
            "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n"
            "app.secret_key = os.environ.get('KEY', 'postgres://admin:s3cr3tpw@db/app')\n",
            "app.py",
        ),
        ("def make(app):\n    app.config.from_object(__name__)\n", "factory.py"),
        # a credential inside an expression is reported
        ("import os\n\nclass Config:\n    DATABASE_URI = os.environ.get('DB') or 'postgres://admin:s3cr3tpw@db/app'\n", "config.py"),
        ("def make(app):\n    app.config.from_pyfile('settings.cfg')\n", "factory.py"),
        ("def make(app):\n    app.config.from_object('shop.factory')\n", "shop/factory.py"),
        # settings alone still pass when a key is set to different values (reported), or
        # beside a secret (they move with it); placeholders set twice in a flask module
        (
            "from flask import Flask\napp = Flask(__name__)\napp.config['MAIL_SERVER'] = 'a.example.org'\n"
            "app.config.update(MAIL_SERVER='b.example.org')\n",
            "app.py",
        ),
        (
            "from flask import Flask\napp = Flask(__name__)\napp.config['MAIL_SERVER'] = 'a.example.org'\n"
            "app.config['SECRET_KEY'] = 'x9f3kq7zv2'\n",
            "app.py",
        ),
        ("from flask import Flask\nAPI_TOKEN = 'changeme'\nAPI_TOKEN = 'placeholder'\n", "app.py"),
    ]
    # samples the codemod leaves alone without a word, which its gates reject
    REJECTED_SAMPLES = ["already_from_environment", "not_a_flask_app", "plain_constants_stay", "run_debug_left_alone"]


def test_paths_with_backslashes() -> None:
    # Windows separators: a test folder, a config folder
    flask_app = "from flask import Flask\napp = Flask(__name__)\n"
    assert not accepts(TestGates.NAME, flask_app, "project\\tests\\helpers.py")
    assert accepts(TestGates.NAME, 'SECRET_KEY = "abc"\n', "project\\instance\\local.py")


def _names_for(keyword: str) -> list[str]:
    """Config keys built on one of detect-secrets' keywords (``api_?key`` -> API_KEY, APIKEY)."""
    spellings = {re.sub(r"_\?", "_", keyword), re.sub(r"_\?", "", keyword)}
    return [f"{prefix}{word.upper()}{suffix}" for word in spellings for prefix in ("", "MY_") for suffix in ("", "S", "_FALLBACKS")]


@pytest.mark.parametrize("keyword", [word for word in DENYLIST if word.isascii()])
def test_the_tree_gate_knows_every_secret_name(keyword):
    """The tree gate's secret names (without detect-secrets) are every name the codemod takes
    for a secret's: a keyword detect-secrets adds fails here."""
    names = _names_for(keyword)
    assert any(is_secret_name(name) for name in names), keyword
    for name in names:
        if is_secret_name(name):
            assert may_be_secret_name(name), name


@pytest.mark.parametrize(
    "name",
    ["GITHUB_TOKEN", "SECURITY_PASSWORD_SALT", "OAUTH_CREDENTIALS", "SSH_PASSPHRASE", "JWT_SECRET_KEY",
     "AWS_SECRET_ACCESS_KEY", "SECRET_KEY_FALLBACKS", "MAIL_PASSWORD", "DB_PASS", "API_TOKENS", "MAIL_PASS",
     "ADMIN_PASS_FALLBACKS", "SMTP_PW", "JWT_SIGNING_KEY", "DATA_ENCRYPTION_KEY", "FERNETKEY", "HMAC_KEYS"],
)
def test_the_tree_gate_knows_our_own_secret_words(name):
    assert is_secret_name(name) and may_be_secret_name(name)


@pytest.mark.parametrize("name", ["SECURITY_PASSWORD_HASH", "JSON_SORT_KEYS", "JWT_TOKEN_LOCATION", "PASSWORD_MIN_LENGTH"])
def test_names_about_a_secret_pass_neither(name):
    assert not is_secret_name(name) and not may_be_secret_name(name)


# drawing names from a regex is slow on a loaded machine: its health check is not what is tested
_UNHURRIED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WORDS = ["API", "KEY", "KEYS", "SECRET", "PASS", "PASSWORD", "DB", "DATABASE", "TOKEN", "SALT", "AUTH", "PRIVATE",
          "PRIV", "CLIENT", "HASH", "SORT", "MAIL", "JWT", "ACCESS", "CREDENTIALS", "PWD", "FALLBACKS", "S", "URL",
          "PW", "BY", "COM", "SIGNING", "ENCRYPTION", "FERNET", "HMAC", "PUBLIC", "D"]


@_UNHURRIED
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4), st.sampled_from(["_", ""]))
def test_every_name_the_codemod_takes_for_a_secret_passes_the_tree_gate(words, separator):
    name = separator.join(words)
    if is_secret_name(name):
        assert may_be_secret_name(name)


_NAME_PIECE = st.from_regex(r"[A-Z][A-Z0-9]{0,5}", fullmatch=True)


@_UNHURRIED
@given(st.sampled_from(_MORE_SECRET_WORDS), st.data())
def test_every_name_built_on_our_own_secret_words_passes_the_tree_gate(word, data):
    """Names spelled from each of our own secret words (_MORE_SECRET_WORDS, as
    is_secret_name reads them: a word of its own at the end, maybe plural, maybe with
    _FALLBACKS): a word added there and not to the tree gate fails here."""
    ending = data.draw(st.from_regex(rf"(?:{word})s?(?:_fallbacks)?", fullmatch=True, alphabet=st.characters(codec="ascii")))
    prefix = data.draw(st.lists(_NAME_PIECE, max_size=2))
    name = "_".join([*prefix, ending.upper()])
    assert is_secret_name(name), name
    assert may_be_secret_name(name), name


# -- the project gate: how the project loads its configuration ------------------------------------

SETTINGS = "MAIL_SERVER = 'smtp.example.org'\nMAIL_PORT = 2525\n"
PER_ENVIRONMENT = (
    "class Config:\n    MAIL_SERVER = 'smtp.example.org'\n    REDIS_URL = 'redis://cache:6379/0'\n\n"
    "class DevelopmentConfig(Config):\n    DEBUG = True\n\nconfig = {'development': DevelopmentConfig}\n"
)
FACTORY = "import os\nfrom flask import Flask\n{imports}\n\ndef create_app():\n    app = Flask(__name__)\n{loads}    return app\n"


def _asks(folder, name: str) -> bool:
    return project_gate_on_disk(TestGates.NAME, folder, name)


def _output_with_gates_open(folder, name: str) -> list[str]:
    return output_on_disk_with_gates_open(TestGates.NAME, folder, name)


def _factory(loads: str, imports: str = "") -> str:
    return FACTORY.format(imports=imports, loads="".join(f"    {line}\n" for line in loads.splitlines()))


def test_a_config_module_nothing_loads_is_rejected_rightly(tmp_path):
    folder = lay_out(tmp_path, {"config.py": SETTINGS, "shop.py": _factory("app.config['X'] = 1")})
    assert not _asks(folder, "config.py")
    assert _output_with_gates_open(folder, "config.py") == []


def test_a_config_module_loaded_whole_is_let_through(tmp_path):
    config = SETTINGS + "MAIL_PASSWORD = 'pw-gate-3f81c2'\n"  # settings move only beside a secret
    folder = lay_out(tmp_path, {"config.py": config, "shop.py": _factory("app.config.from_object('config')")})
    assert _asks(folder, "config.py")
    assert _output_with_gates_open(folder, "config.py") != []


def test_settings_of_classes_picked_per_environment_stay_rejected_rightly(tmp_path):
    loads = _factory("app.config.from_object(config[os.environ['ENV_NAME']])", "from config import config")
    folder = lay_out(tmp_path, {"config.py": PER_ENVIRONMENT, "shop.py": loads})
    assert not _asks(folder, "config.py")
    assert _output_with_gates_open(folder, "config.py") == []


def test_a_secret_of_a_class_picked_per_environment_is_let_through(tmp_path):
    loads = _factory("app.config.from_object(config[os.environ['ENV_NAME']])", "from config import config")
    secret = PER_ENVIRONMENT.replace("    REDIS_URL", "    API_TOKEN = 'tok-8c1f0d2e9a7b'\n    REDIS_URL")
    folder = lay_out(tmp_path, {"config.py": secret, "shop.py": loads})
    assert _asks(folder, "config.py")
    assert _output_with_gates_open(folder, "config.py") != []


def test_settings_a_later_loader_overrides_stay_rejected_rightly(tmp_path):
    loads = _factory("app.config.from_object('config')\napp.config.from_envvar('SHOP_SETTINGS')")
    folder = lay_out(tmp_path, {"config.py": SETTINGS, "shop.py": loads})
    assert not _asks(folder, "config.py")
    assert _output_with_gates_open(folder, "config.py") == []


@pytest.mark.parametrize("cfg", [None, "PAGE_SIZE = 20\n"], ids=["missing", "no-secret"])
def test_a_settings_file_without_secrets_is_rejected_rightly(tmp_path, cfg):
    files = {"shop.py": _factory("app.config.from_pyfile('settings.cfg', silent=True)")}
    if cfg is not None:
        files["settings.cfg"] = cfg
    folder = lay_out(tmp_path, files)
    assert not _asks(folder, "shop.py")
    assert _output_with_gates_open(folder, "shop.py") == []


@pytest.mark.parametrize("where", ["settings.cfg", "instance/settings.cfg"])
def test_a_settings_file_with_a_secret_is_let_through(tmp_path, where):
    files = {"shop.py": _factory("app.config.from_pyfile('settings.cfg')"), where: "SECRET_KEY = 'k3y-9f8e7d6c5b4a'\n"}
    folder = lay_out(tmp_path, files)
    assert _asks(folder, "shop.py")
    assert _output_with_gates_open(folder, "shop.py") != []


@pytest.mark.parametrize(
    "call",
    [
        "app.config.update(settings)",
        "app.config .update(settings)",
        "(app.config).from_mapping(settings)",
        "(app.config  # the app's\n ).update(settings)",
        "app.config \\\n    .update(settings)",
    ],
)
def test_a_config_updated_from_a_mapping_is_a_loader_however_spelled(call):
    text = f"from flask import Flask\nfrom settings import settings\napp = Flask(__name__)\n{call}\n"
    assert [loader.method for loader in _read_config("shop.py", text)[1]] == [call.rpartition(".")[2].partition("(")[0]]


def test_an_update_of_something_else_is_no_loader():
    text = "from settings import settings\nvalues = {}\nvalues.update(settings)\nvalues.config_of.update(settings)\n"
    assert _read_config("shop.py", text)[1] == ()


def test_the_project_gates_view_finds_the_loaders_without_the_environments_names(tmp_path):
    # the project gate asks only how configuration is loaded: its view derives no names read
    # from the environment, and the same loaders as the transform's view
    from flask_codemod import pipeline
    from flask_codemod.codemods import Context
    from flask_codemod.codemods._dotenv_config_project import ProjectView

    loads = _factory("app.config.from_object('config')\napp.config.from_envvar('SHOP_SETTINGS')")
    reads = "import os\nDEBUG = os.environ.get('SHOP_DEBUG')\n"
    folder = lay_out(tmp_path, {"config.py": SETTINGS, "shop.py": loads, "debug.py": reads})
    ctx = Context("config.py", None, pipeline.project_reader(str(folder / "config.py")))
    for _ in range(2):  # derived (the gate's view first, the names after it), then given again
        gated = ProjectView(ctx, SETTINGS, environment=False)
        full = ProjectView(ctx, SETTINGS)
        assert [loader.describe() for loader in gated.loaders] == [loader.describe() for loader in full.loaders]
        assert [loader.method for loader in full.loaders] == ["from_object", "from_envvar"]
        assert "SHOP_DEBUG" in full.env_reads and gated.env_reads == {}


def test_the_views_give_from_the_modules_kept_what_they_derive_afresh(tmp_path):
    """Each view of a project (of each of its files, the gate's without the names read from
    the environment and the transform's with them) gives from what the modules said when
    last read exactly what it derives with nothing kept, also after a module changed."""
    from flask_codemod import file_texts, pipeline
    from flask_codemod.codemods import Context, _dotenv_config_project_index
    from flask_codemod.codemods._dotenv_config_project import ProjectView

    files = {
        "config.py": SETTINGS,
        "shop.py": _factory("app.config.from_object('config')\napp.config.from_envvar('SHOP_SETTINGS')"),
        "debug.py": "import os\nDEBUG = os.environ.get('SHOP_DEBUG')\nTOKEN = os.getenv('SHOP_TOKEN')\n",
        "extra.py": "import os\nMODE = os.environ['SHOP_MODE']\n",
    }
    folder = lay_out(tmp_path, files)

    def views(warm: bool) -> list[tuple]:
        found = []
        for path in sorted(files):
            for environment in (False, True):
                if not warm:
                    _dotenv_config_project_index._READ.clear()
                ctx = Context(path, None, pipeline.project_reader(str(folder / path)))
                view = ProjectView(ctx, (folder / path).read_text(), environment=environment)
                found.append((path, environment, dict(view.env_reads), [loader.describe() for loader in view.loaders]))
        return found

    _dotenv_config_project_index._READ.clear()
    cold = views(warm=False)
    assert views(warm=True) == cold
    assert ("config.py", True, {"SHOP_DEBUG": "debug.py", "SHOP_TOKEN": "debug.py", "SHOP_MODE": "extra.py"}) == cold[1][:3]
    (folder / "extra.py").write_text("import os\nMODE = os.environ['SHOP_OTHER_MODE']\n")
    (folder / "shop.py").write_text(files["shop.py"].replace("app.config.from_envvar('SHOP_SETTINGS')", "pass"))
    file_texts.forget()
    warm = views(warm=True)  # the table holds the texts before the change
    assert warm == views(warm=False) != cold
    assert warm[1][2]["SHOP_OTHER_MODE"] == "extra.py" and len(warm[1][3]) == 1


def test_an_empty_value_beside_a_secret_does_not_keep_the_secret_from_moving():
    # the gate no longer counts the empty MAIL_SERVER; the secret beside it still moves, and
    # the app's configuration is the same once .env is loaded
    from dotenv_support import dotenv_environ, edits, run_config
    from helpers import run_codemods

    source = (
        "from flask import Flask\napp = Flask(__name__)\n"
        "app.config.update(SECRET_KEY='x9f3kq7zv2pl', MAIL_SERVER='')\n"
    )
    result = run_codemods(source, "dotenv-config", dedent=False)
    assert result.error is None
    assert set(edits(result)) == {"SECRET_KEY"}
    assert "MAIL_SERVER=''" in result.new_text and "x9f3kq7zv2pl" not in result.new_text
    before = run_config(source, result, {})
    after = run_config(result.new_text, result, dotenv_environ(result))
    assert after["SECRET_KEY"] == before["SECRET_KEY"] and after["MAIL_SERVER"] == before["MAIL_SERVER"]


def test_a_module_whose_only_secret_is_empty_is_left_alone_even_with_its_gates_open():
    from gate_checks import output_with_gates_open

    source = "import flask\n\nCLIENT_ID = ''\nCLIENT_SECRET = ''\nSTATE = ''\n"
    assert not accepts("dotenv-config", source, "main.py")
    assert output_with_gates_open("dotenv-config", source, "main.py") == []
