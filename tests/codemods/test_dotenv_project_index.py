"""dotenv-config's view of the project from facts merged once per project
(``codemods/_dotenv_config_project_index.py``): each module's facts derived once per text,
what the whole project says merged from them, and each transform still reading every other
module through its own Context, so that the result cache follows them all.

- Every view (of each file, the gate's and the transform's, in any order of the files, with
  the transformed module's own text in place of the one on disk) gives what a plain reading
  of every module in the listing's order gives.
- Over a pass of every file of a project, each module is derived at most once per kind of
  view (without and with the names read from the environment).
- A result the cache kept is not given again once another module it depended on changed:
  one that now reads the secret from the environment, one that now loads other configuration
  after it, one that now reads its environment through a library of its own.
"""

from __future__ import annotations

from collections import Counter

import pytest

from flask_codemod import cache, file_texts, pipeline
from flask_codemod.codemods import Context, _dotenv_config_project_index, get_codemod
from flask_codemod.codemods._dotenv_config_project import ProjectView
from flask_codemod.codemods._dotenv_config_project_index import _read_config
from flask_codemod.codemods._dotenv_config_readers import top_level
from flask_codemod.codemods._parsed_modules import python_tree
from flask_codemod.paths import CACHE_DIR_VARIABLE
from flask_codemod.pipeline import Job
from gate_checks import lay_out

SECRET = "Qm7vX2pL9sK4rT8w"
PROJECT = {
    "shop/__init__.py": "",
    "shop/app.py": (
        "import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('shop.settings')\n"
        "MODE = os.environ.get('SHOP_MODE')\n"
    ),
    "shop/extra.py": "import os\nTOKEN = os.getenv('SHOP_TOKEN')\nMODE = os.environ['SHOP_MODE']\n",
    "shop/later.py": "def configure(app):\n    app.config.from_envvar('SHOP_SETTINGS')\n",
    "shop/reader.py": "from decouple import config\n\nDEBUG = config('SHOP_DEBUG', default=False, cast=bool)\n",
    "shop/settings.py": f"SECRET_KEY = '{SECRET}'\nMAIL_SERVER = 'smtp.example.org'\n",
    "tests/test_shop.py": "import os\nfrom environs import Env\n\nenv = Env()\nKEY = os.environ['SHOP_TEST_KEY']\n",
}
ORDERS = [sorted(PROJECT), sorted(PROJECT, reverse=True)]


def _plain_view(folder, files: tuple[str, ...], this: str, own_text: str, environment: bool) -> tuple:
    """What a plain reading of every module of the listing, in its order, says (the
    transformed module's facts from ``own_text``): the names read and their first reader, the
    loaders, the other modules of the application with a reader of their own."""
    env_reads: dict[str, str] = {}
    loaders, readers = [], []
    for path in files:
        text = own_text if path == this else (folder / path).read_text()
        names, found = _read_config(path, text, environment)
        for name in names or ():
            env_reads.setdefault(name, path)
        loaders.extend(loader.describe() for loader in found)
        if path != this and not path.startswith("tests/") and any(word in text for word in ("environs", "decouple", "dynaconf")):
            theirs = top_level(python_tree(text))
            if theirs.environs or theirs.reader:
                readers.append(path)
    return env_reads, loaders, readers


def _view(folder, path: str, own_text: str, environment: bool) -> tuple:
    ctx = Context(path, None, pipeline.project_reader(str(folder / path)))
    view = ProjectView(ctx, own_text, environment=environment)
    return dict(view.env_reads), [loader.describe() for loader in view.loaders], [found for found, _ in view.own_readers()]


@pytest.mark.parametrize("order", ORDERS, ids=["forward", "backward"])
def test_every_view_gives_what_a_plain_reading_of_the_modules_gives(tmp_path, order):
    folder = lay_out(tmp_path, PROJECT)
    files = tuple(sorted(path for path in (*PROJECT, "pyproject.toml") if path.endswith(".py")))
    _dotenv_config_project_index._READ.clear()
    for path in order:
        # the module as on disk, and as a transform may hold it (reading a name read after it)
        for own_text in (PROJECT[path], PROJECT[path] + "import os\nLATE = os.environ.get('SHOP_MODE')\n"):
            for environment in (False, True):
                found = _view(folder, path, own_text, environment)
                env_reads, loaders, readers = _plain_view(folder, files, path, own_text, environment)
                assert found == (env_reads if environment else {}, loaders, readers), (path, environment)
    # the module's own reading counts at its place in the listing: before extra.py's, after app.py's
    assert _view(folder, "shop/__init__.py", "import os\nX = os.environ['SHOP_MODE']\n", True)[0]["SHOP_MODE"] == "shop/__init__.py"
    assert _view(folder, "shop/later.py", "import os\nX = os.environ['SHOP_MODE']\n", True)[0]["SHOP_MODE"] == "shop/app.py"
    assert _view(folder, "shop/app.py", "", True)[0]["SHOP_MODE"] == "shop/extra.py"
    assert _view(folder, "shop/settings.py", PROJECT["shop/settings.py"], True)[2] == ["shop/reader.py"]


def test_a_changed_or_removed_module_is_read_again_by_the_next_view(tmp_path):
    folder = lay_out(tmp_path, PROJECT)
    _dotenv_config_project_index._READ.clear()
    assert _view(folder, "shop/settings.py", PROJECT["shop/settings.py"], True)[0]["SHOP_TOKEN"] == "shop/extra.py"
    (folder / "shop/extra.py").write_text("import os\nTOKEN = os.getenv('SHOP_OTHER_TOKEN')\n")
    (folder / "shop/later.py").unlink()
    (folder / "shop/reader.py").write_text("DEBUG = False\n")
    file_texts.forget()
    env_reads, loaders, readers = _view(folder, "shop/settings.py", PROJECT["shop/settings.py"], True)
    assert "SHOP_TOKEN" not in env_reads and env_reads["SHOP_OTHER_TOKEN"] == "shop/extra.py"
    assert loaders == ["from_object() at shop/app.py:5"] and readers == []


def test_each_module_is_derived_once_per_kind_of_view_over_a_pass(tmp_path, monkeypatch):
    folder = lay_out(tmp_path, PROJECT)
    _dotenv_config_project_index._READ.clear()
    derived: Counter = Counter()
    real = _dotenv_config_project_index._read_config

    def counted(path, text, environment=True):
        derived[path, environment] += 1
        return real(path, text, environment)

    monkeypatch.setattr(_dotenv_config_project_index, "_read_config", counted)
    for path in sorted(PROJECT):
        for environment in (False, True):
            _view(folder, path, PROJECT[path], environment)
    assert derived and max(derived.values()) == 1
    assert {path for path, _ in derived} == {path for path in PROJECT}  # each by another module's view


# -- the result cache --------------------------------------------------------------------------------


@pytest.fixture
def result_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "user-cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    _dotenv_config_project_index._READ.clear()
    folder = lay_out(tmp_path / "project", {**PROJECT, "requirements.txt": "flask\n"})
    (folder / "shop/reader.py").write_text("DEBUG = False\n")
    (folder / "shop/later.py").write_text("def configure(app):\n    pass\n")
    file_texts.forget()

    def settings_after(change: tuple[str, str] | None = None):
        """Every module processed (the first ones warm the project's facts), then the
        settings module's result."""
        if change is not None:
            (folder / change[0]).write_text(change[1])
            file_texts.forget()
        codemods = [get_codemod("dotenv-config")()]
        results = {path: cache.process_job(Job(str(folder / path), ("dotenv-config",)), codemods) for path in sorted(PROJECT)}
        return results["shop/settings.py"]

    return settings_after


def _messages(result) -> list[str]:
    return [finding.message for finding in result.findings]


@pytest.mark.parametrize(
    "path, text, says",
    [
        ("shop/extra.py", "import os\nKEY = os.environ['SECRET_KEY']\n", "already read from the environment in shop/extra.py"),
        ("shop/app.py", PROJECT["shop/app.py"] + "app.config.from_envvar('SHOP_SETTINGS')\n", "defaults the project overrides"),
        ("shop/reader.py", PROJECT["shop/reader.py"], "python-decouple (shop/reader.py)"),
    ],
    ids=["read from the environment", "loaded after", "a reader of its own"],
)
def test_a_kept_result_is_not_given_again_once_another_module_it_read_changed(result_cache, path, text, says):
    moved = result_cache()
    assert SECRET not in moved.new_text and not any("SECRET_KEY" in message for message in _messages(moved))
    again = result_cache()
    assert again.new_text == moved.new_text  # given again: nothing changed
    left = result_cache((path, text))
    assert left.new_text == PROJECT["shop/settings.py"]
    assert any(says in message for message in _messages(left)), _messages(left)
