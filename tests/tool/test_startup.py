"""Start-up: `--help`, `list` and `explain` answer without importing LibCST (about a second
of imports), and say exactly what the imported codemod classes say; a re-run whose every file
is in the result cache imports neither. None of them imports pydantic (typer's conversion of
values, replaced for plain ones by tool/cli_values.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from flask_codemod import codemod_info
from flask_codemod.codemods import all_codemods
from flask_codemod.codemods._registry import discover
from flask_codemod.codemod_info import all_info, info
from flask_codemod.walk import RACY_NS

PROBE = """
import json, sys
sys.argv = ["flask-codemod", *json.loads(sys.argv[1])]
from flask_codemod.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("libcst", "pydantic") or m.startswith("flask_codemod.codemods.") and not m.split(".")[-1].startswith("_"))
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
unused = sorted(m for m in ("pathspec", "tomlkit", "dotenv", "multiprocessing", "concurrent.futures", "importlib.metadata", "requests") if m in sys.modules)
sys.stderr.write("\\nNOT NEEDED WHEN CACHED " + json.dumps(unused) + "\\n")
helpers = sorted(m for m in sys.modules if m.startswith("flask_codemod.codemods._") or m in ("yaml", "detect_secrets"))
sys.stderr.write("\\nHELPERS " + json.dumps(helpers) + "\\n")
"""


LAST_STDERR: list[str] = [""]  # the last command's stderr


def command(*args: str, env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Run the command line in a fresh interpreter: (stdout, heavy modules it imported)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True, timeout=120, env=env
    )
    LAST_STDERR[:] = [done.stderr]
    marker = done.stderr.rindex("MODULES ")
    return done.stdout, json.loads(done.stderr[marker + len("MODULES ") :].splitlines()[0])


def test_help_imports_neither_libcst_nor_the_codemods() -> None:
    out, heavy = command("--help")
    assert "apply" in out and "list" in out
    assert heavy == []


def test_list_imports_neither_libcst_nor_the_codemods_and_says_the_same() -> None:
    out, heavy = command("list")
    assert heavy == []
    classes = all_codemods()
    rows = out.splitlines()
    assert len(rows) == len(classes)
    # one row per codemod, in engine order: name, group, safety, yes/no, summary
    for cls, row in zip(classes, rows):
        name, group, safety, default, summary = row.split(None, 4)
        assert (name, group, safety, summary) == (cls.NAME, cls.GROUP, cls.SAFETY, cls.SUMMARY)
        assert default == ("yes" if cls.runs_by_default() else "no")


@pytest.mark.parametrize("cls", all_codemods(), ids=lambda c: c.NAME)
def test_the_static_information_matches_the_classes(cls) -> None:
    shown = info(cls.NAME)
    assert (shown.NAME, shown.SUMMARY, shown.SAFETY, shown.GROUP, shown.ORDER) == (cls.NAME, cls.SUMMARY, cls.SAFETY, cls.GROUP, cls.ORDER)
    assert shown.documentation() == cls.documentation()
    described = lambda options: {k: (o.type.__name__, repr(o.default), o.help) for k, o in options.items()}
    assert described(shown.OPTIONS) == described(cls.OPTIONS)


def test_static_information_order_is_engine_order() -> None:
    assert [i.NAME for i in all_info()] == [c.NAME for c in all_codemods()]


def test_explain_reads_the_static_information() -> None:
    static = [i.NAME for i in all_info.__wrapped__() if i._options is not None]  # fresh, unloaded
    if not static:
        pytest.skip("no codemod declares its options in literals")
    name = static[0]
    out, heavy = command("explain", name)
    assert heavy == []
    assert out.startswith(f"{name} (")
    cls = next(c for c in all_codemods() if c.NAME == name)
    assert cls.documentation() in out


def header(entry) -> tuple:
    return (entry.NAME, entry.SUMMARY, entry.SAFETY, entry.GROUP, entry.ORDER, tuple(getattr(entry, "CATALOGUE", ())))


@pytest.mark.parametrize("cls", all_codemods(), ids=lambda c: c.NAME)
def test_every_codemod_is_read_from_its_source_with_what_it_inherits(cls) -> None:
    """Each codemod's header is read from the text of its module, and of the base class it
    inherits from in the package (UpgradeCodemod, PolicyCodemod): the group, safety and
    catalogue a codemod does not repeat are read there, and say what the class says."""
    static = codemod_info._static_info(cls.__module__, sys.modules[cls.__module__].__file__)
    assert static is not None, f"{cls.NAME}: not readable without importing it"
    catalogue = static._catalogue() if callable(static._catalogue) else static._catalogue  # (read when first asked)
    assert catalogue is not None, f"{cls.NAME}: its catalogue is not readable without importing it"
    assert header(static) == header(cls)


BASES = '''
from flask_codemod.codemods import Codemod


class Strict(Codemod):
    SAFETY = "review"
    GROUP = "policy"
    ORDER = 7


class Computed(Codemod):
    GROUP = "policy"
    SAFETY = str("review")
'''

CODEMOD = '''
from ._bases import {base} as Base


class Shout(Base):
    """Shouts."""

    NAME = "shout"
    SUMMARY = "Shout."
    ORDER = {order}
'''


@pytest.mark.parametrize(
    "base, order, static",
    [("Strict", "Base.ORDER + 1", False), ("Strict", "3", True), ("Computed", "3", False)],
    ids=["own-value-computed", "inherited-literals", "inherited-value-computed"],
)
def test_a_base_class_of_the_package_is_followed_by_its_imported_name(tmp_path, monkeypatch, base, order, static) -> None:
    """A codemod whose base class lives in a sibling module (imported under another name
    here) gets that class's literals; where the base or the codemod says something that is
    not a plain literal, the codemod is not read statically (the class is asked instead)."""
    package = tmp_path / "based_codemods"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_bases.py").write_text(textwrap.dedent(BASES), encoding="utf-8")
    (package / "shout.py").write_text(textwrap.dedent(CODEMOD.format(base=base, order=order)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        [cls] = discover("based_codemods")
        read = codemod_info._static_info("based_codemods.shout", str(package / "shout.py"))
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] == "based_codemods"]:
            del sys.modules[name]
    assert (cls.GROUP, cls.SAFETY) == ("policy", "review")
    if static:
        assert read is not None and header(read) == header(cls) == ("shout", "Shout.", "review", "policy", 3, ())
        assert read.documentation() == cls.documentation() == "Shouts."
    else:
        assert read is None


LOAD = "\n\ndef load(path):\n    return open(path).read()\n"  # what open-with rewrites


def project_of(tmp_path, files: dict[str, str]):
    """A project folder holding ``files`` (name -> text)."""
    project = tmp_path / "project"
    project.mkdir()
    for name, text in files.items():
        (project / name).write_text(text)
    return project


def test_a_run_served_by_the_cache_imports_neither_libcst_nor_the_codemods(tmp_path) -> None:
    import os

    project = project_of(tmp_path, {
        "pyproject.toml": "[project]\nname = 'shop'\ndependencies = ['flask']\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\napp.config['SECRET_KEY'] = 'hunter2-hunter2'\n" + LOAD,
        "plain.py": "x = 1\n",
    })
    env = dict(os.environ, FLASK_CODEMOD_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("FLASK_CODEMOD_NO_CACHE", None)
    first, heavy = command("apply", "--dry-run", "--no-color", "-j", "1", str(project), env=env)
    assert "with open(path)" in first and "hunter2" not in first  # a change, a secret masked
    assert "libcst" in heavy
    again, heavy = command("apply", "--dry-run", "--no-color", "-j", "1", str(project), env=env)
    assert again == first
    assert heavy == []
    # nor what only a file missing from the cache needs (a project edit reads .env, .gitignore, pyproject.toml)
    assert not_needed_when_cached() == ["dotenv", "pathspec", "tomlkit"]


def not_needed_when_cached() -> list[str]:
    """What the last command imported of the modules a run served by the cache needs only for
    a project edit (pathspec, python-dotenv, tomlkit) or never (the pool, importlib.metadata,
    requests)."""
    return json.loads(LAST_STDERR[0].rsplit("NOT NEEDED WHEN CACHED ", 1)[1].splitlines()[0])


def test_a_run_served_by_the_cache_without_project_edits_imports_no_walk_edit_or_pool_library(tmp_path) -> None:
    import os

    project = tmp_path / "project"
    project.mkdir()
    (project / ".gitignore").write_text("build/\n")
    (project / "app.py").write_text("def load(path):\n    return open(path).read()\n")
    time.sleep(RACY_NS / 1e9 + 0.2)  # out of the racy window (ctime cannot be set back): the walk is kept
    env = dict(os.environ, FLASK_CODEMOD_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("FLASK_CODEMOD_NO_CACHE", None)
    first, _ = command("apply", "--dry-run", "--no-color", "-j", "2", str(project), env=env)
    assert "with open(path)" in first and "pathspec" in not_needed_when_cached()  # the walk read .gitignore
    again, heavy = command("apply", "--dry-run", "--no-color", "-j", "2", str(project), env=env)
    assert again == first and heavy == []
    assert not_needed_when_cached() == []


def helpers_imported() -> list[str]:
    """The codemods' helper modules (and PyYAML) the last command imported."""
    return json.loads(LAST_STDERR[0].rsplit("HELPERS ", 1)[1].splitlines()[0])


# What a codemod imports only when a file gets past its gates (``transform``), or a project
# derivation only when the project has the file it reads: a run of one worker on a tree of a
# few files pays for none of it up front (a pool's main process loads the first through each
# codemod's ``preload``, before forking).
ON_FIRST_USE = {
    "http-timeout": ["_http_timeout_evidence", "_http_timeout_plan", "_http_timeout_rewrite", "_http_timeout_seconds"],
    "flask-wtf-names": ["_flask_wtf_names_plan"],
    "moved-imports": ["_moved_imports_plan", "_moved_imports_module_imports"],
}


def test_a_run_of_one_worker_imports_no_planner_a_file_does_not_need(tmp_path) -> None:
    import os

    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("flask==2.3.3\n")
    (project / "plain.py").write_text("x = 1\n")
    env = dict(os.environ, FLASK_CODEMOD_NO_CACHE="1")
    out, heavy = command("apply", "--dry-run", "--no-color", "--no-cache", "-j", "1", str(project), env=env)
    assert out == ""
    assert "libcst" in heavy  # (the codemods' classes are imported: their text gates are methods)
    loaded = helpers_imported()
    lazy = [f"flask_codemod.codemods.{module}" for modules in ON_FIRST_USE.values() for module in modules]
    assert [module for module in lazy if module in loaded] == []
    assert "yaml" not in loaded  # no app.yaml, no CI file: nothing parses YAML


def test_a_rewrite_and_a_plain_default_secret_import_neither_yaml_nor_detect_secrets(tmp_path) -> None:
    """open-with rewrites a file (its layout asks the project's line length: no pre-commit
    configuration here, so no YAML is parsed), and dotenv-config's gates ask about a default
    ``SECRET_KEY`` that holds nothing detect-secrets' value plugins look for (its screen
    answers: the library, and ``requests`` with it, are not imported)."""
    import os

    project = project_of(tmp_path, {
        "requirements.txt": "flask==2.3.3\n",
        "app.py": "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n"
        "app.config['SECRET_KEY'] = os.environ.get('SECRET_KEY', 'this_should_be_configured')\n" + LOAD,
    })
    env = dict(os.environ, FLASK_CODEMOD_NO_CACHE="1")
    out, _ = command("apply", "--dry-run", "--no-color", "--no-cache", "-j", "1", str(project), env=env)
    assert "with open(path)" in out
    loaded = helpers_imported()
    assert "flask_codemod.codemods._dotenv_config_gate" in loaded  # (its gates were asked)
    assert "yaml" not in loaded and "detect_secrets" not in loaded
    assert "requests" not in not_needed_when_cached()


def test_http_timeout_planning_a_call_imports_no_yaml_where_no_spec_is_read(tmp_path) -> None:
    """http-timeout's planner follows a call's literal path to the project's routes, which an
    OpenAPI spec may declare (read with PyYAML): a project that loads none parses no YAML, so
    planning a call there pays no import of PyYAML (about 15 ms of every app's run)."""
    import os

    project = project_of(tmp_path, {
        "requirements.txt": "flask==2.3.3\nrequests==2.31.0\n",
        "client.py": "import requests\n\n\ndef deploy(base):\n    return requests.post(base + '/deploy')\n",
    })
    env = dict(os.environ, FLASK_CODEMOD_NO_CACHE="1")
    out, _ = command("apply", "--dry-run", "--no-color", "--no-cache", "-j", "1", str(project), env=env)
    assert "timeout=" in out
    loaded = helpers_imported()
    assert "flask_codemod.codemods._http_timeout_route_table" in loaded  # (the routes were asked)
    assert "yaml" not in loaded


@pytest.mark.parametrize("name", sorted(ON_FIRST_USE))
def test_preload_loads_what_transform_imports_on_first_use(name) -> None:
    """In a fresh interpreter: the codemod's class imported, then its ``preload()``: every
    module its transform imports lazily is loaded (a forked worker imports none again)."""
    modules = [f"flask_codemod.codemods.{module}" for module in ON_FIRST_USE[name]]
    probe = (
        "import json, sys\n"
        "from flask_codemod.codemods import get_codemod\n"
        f"cls = get_codemod({name!r})\n"
        f"before = [m for m in {modules!r} if m in sys.modules]\n"
        "cls.preload()\n"
        f"print(json.dumps([before, [m for m in {modules!r} if m in sys.modules]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    before, after = json.loads(done.stdout)
    assert before == [] and after == modules



def test_a_run_that_plans_a_timeout_imports_no_libcst_matchers(tmp_path) -> None:
    """``libcst.matchers`` (thousands of generated classes: about 0.2 s of CPU to import, as much
    as the rest of LibCST) is used by no codemod: a run where http-timeout's planner, open-with
    and cache-views work on a view never imports it."""
    import os

    project = project_of(tmp_path, {
        "requirements.txt": "flask==2.3.3\nrequests\n",
        "app.py": "import requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/')\ndef index():\n    return requests.get('https://example.com').text\n" + LOAD,
    })
    env = dict(os.environ, FLASK_CODEMOD_NO_CACHE="1")
    out, heavy = command("apply", "--dry-run", "--no-color", "--no-cache", "-j", "1", str(project), env=env)
    assert "timeout=" in out and "with open(path)" in out
    assert "flask_codemod.codemods._http_timeout_plan" in helpers_imported()
    assert "libcst" in heavy and "libcst.matchers" not in heavy
