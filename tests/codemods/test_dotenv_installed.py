"""dotenv-config on projects whose app runs from an installed copy (``pip install NAME``, then
its console script or ``python -m``): there ``load_dotenv()`` searches site-packages, never
the checkout where ``.env`` is written, so a secret made required would stop every start.
Each project is written here, in our own words; it is rewritten with the real command line,
then its package is copied alone to a folder of its own (what an install puts in
site-packages, without ``.env``) and started from there.
"""

from __future__ import annotations

import shutil

from dotenv_support import apply, config_of, make, start
from helpers import finding_messages, run_codemods

KEY = "Qm7Xw2Rt9Lp4Zk8V"

PACKAGE = {
    "requirements.txt": "flask\n",  # its dependencies declared: python-dotenv can join them
    "notes/__init__.py": f"""
        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "{KEY}"
        app.config["MAIL_SERVER"] = "smtp.notes.example"


        @app.route("/")
        def index():
            return "notes"
    """,
    "notes/cli.py": """
        def main():
            from notes import app

            app.run()
    """,
}

STARTERS = {
    "setup.py and its console script": {
        "setup.py": """
            from setuptools import find_packages, setup

            setup(
                name="notes-app",
                packages=find_packages(exclude=["tests"]),
                entry_points={"console_scripts": ["notes = notes.cli:main"]},
            )
        """,
    },
    "pyproject's scripts": {
        "pyproject.toml": """
            [project]
            name = "notes-app"
            version = "1.0"

            [project.scripts]
            notes = "notes.cli:main"

            [tool.setuptools]
            packages = ["notes"]
        """,
    },
    "setup.cfg's gui script": {
        "setup.cfg": """
            [metadata]
            name = notes-app

            [options]
            packages = find:

            [options.entry_points]
            gui_scripts =
                notes = notes.cli:main
        """,
    },
    "a __main__.py": {
        "setup.py": "from setuptools import setup\n\nsetup(name='notes-app', packages=['notes'])\n",
        "notes/__main__.py": "from notes.cli import main\n\nmain()\n",
    },
    "the install its README documents": {
        "setup.py": "from setuptools import setup\n\nsetup(name='notes-app', packages=['notes'])\n",
        "README.md": "# Notes\n\nInstall it with `pip install Notes_App[mail]`, then serve `notes:app` with gunicorn.\n",
    },
    "a Poetry script, beside a Procfile that runs the checkout": {
        "pyproject.toml": """
            [tool.poetry]
            name = "notes-app"
            packages = [{include = "notes"}]

            [tool.poetry.scripts]
            notes = "notes.cli:main"
        """,
        "Procfile": "web: gunicorn notes:app\n",
    },
}


def start_installed(root, package: str):
    """Start the app from a copy of ``package`` alone, as an install lays it out."""
    site = root.parent / "site-packages"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(root / package, site / package)
    return start(site, package, "module.app", with_env=False)


def test_a_secret_of_an_app_run_from_its_installed_package_stays(tmp_path):
    for number, (how, files) in enumerate(STARTERS.items()):
        root = tmp_path / str(number) / "project"
        make(root, {**PACKAGE, **files})
        original = (root / "notes" / "__init__.py").read_text()
        result = apply(root)
        assert (root / "notes" / "__init__.py").read_text() == original, how
        assert not (root / ".env").exists(), how
        config = config_of(start_installed(root, "notes"))
        assert config["SECRET_KEY"] == ["str", repr(KEY)], how
        finding = [line for line in result.stderr.splitlines() if "notes/__init__.py:4: dotenv-config: SECRET_KEY:" in line]
        assert len(finding) == 1, (how, result.stderr)
        assert "runs from the installed package" in finding[0] and "finds no .env" in finding[0], finding


def test_the_finding_names_the_evidence(tmp_path):
    root = tmp_path / "project"
    make(root, {**PACKAGE, **STARTERS["setup.py and its console script"]})
    assert "(notes is shipped by setup.py, started by its console script)" in apply(root).stderr


# -- what runs from the checkout still moves ---------------------------------------------------


def moved(tmp_path, files: dict[str, str], module: str = "notes/__init__.py") -> bool:
    root = tmp_path / "project"
    make(root, files)
    apply(root)
    return 'os.environ["SECRET_KEY"]' in (root / module).read_text() and (root / ".env").exists()


def test_a_package_the_distribution_ships_without_a_way_to_start_it_moves(tmp_path):
    # an install for development (pip install -e .): nothing starts the installed copy
    assert moved(tmp_path, {**PACKAGE, "setup.py": "from setuptools import setup\n\nsetup(name='notes-app', packages=['notes'])\n"})


def test_a_package_the_distribution_does_not_ship_moves(tmp_path):
    files = {
        **PACKAGE,
        "setup.py": """
            from setuptools import setup

            setup(name="notes-tools", packages=["tools"], entry_points={"console_scripts": ["notes-tool = tools:main"]})
        """,
        "tools/__init__.py": "def main():\n    pass\n",
    }
    assert moved(tmp_path, files)


def test_a_module_beside_the_distributions_packages_moves(tmp_path):
    # find_packages() ships packages, never the checkout's top-level modules
    files = {
        "requirements.txt": PACKAGE["requirements.txt"],
        "app.py": PACKAGE["notes/__init__.py"],
        "notes/__init__.py": "",
        "setup.py": """
            from setuptools import find_packages, setup

            setup(name="notes-app", packages=find_packages(), entry_points={"console_scripts": ["notes = notes:main"]})
        """,
    }
    assert moved(tmp_path, files, "app.py")


def test_a_readme_that_installs_another_distribution_is_no_evidence(tmp_path):
    files = {
        **PACKAGE,
        "setup.py": "from setuptools import setup\n\nsetup(name='notes-app', packages=['notes'])\n",
        "README.md": "pip install notes-app-client\npip install -e .\n",
    }
    assert moved(tmp_path, files)


# -- how the packaging files are read: each shape through the engine -------------------------

APP = f'from flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "{KEY}"\n'
SCRIPT = "entry_points={'console_scripts': ['notes = notes.cli:main']}"


def stays(path: str, project: dict[str, str]) -> bool:
    """Whether the secret of ``APP`` at ``path`` stays with the installed-package finding
    (False: it moves; anything else fails). The project declares its dependencies in a
    requirements.txt, which python-dotenv can join."""
    project = {"requirements.txt": "flask\n", **project}
    result = run_codemods(APP, "dotenv-config", path=path, project=project, dedent=False)
    messages = finding_messages(result)
    if result.new_text == APP:
        assert any("runs from the installed package" in message for message in messages), messages
        return True
    assert 'os.environ["SECRET_KEY"]' in result.new_text, messages
    return False


def test_shipped_packages_as_each_packaging_file_spells_them():
    inits = {"src/notes/__init__.py": "", "src/notes/web/__init__.py": ""}
    web = "src/notes/web/app.py"
    listed = "from setuptools import setup\n\nsetup(name='notes', package_dir={'': 'src'}, packages=%s, " + SCRIPT + ")\n"
    assert stays(web, {**inits, "setup.py": listed % "['notes', 'notes.web']"})
    assert not stays(web, {**inits, "setup.py": listed % "['notes']"})  # notes.web is not listed
    assert stays(web, {**inits, "setup.py": listed % "find_packages('src')"})
    assert stays(web, {**inits, "setup.py": listed % "PACKAGES"})  # a name: whatever it holds
    cfg = "[metadata]\nname = notes\n\n[options]\npackages = {}\n\n[options.entry_points]\nconsole_scripts =\n    notes = notes.cli:main\n"
    assert stays(web, {**inits, "setup.cfg": cfg.format("find:")})
    assert not stays(web, {**inits, "setup.cfg": cfg.format("notes")})
    poetry = '[tool.poetry]\nname = "notes"\npackages = [{{include = "{}", from = "src"}}]\n\n[tool.poetry.scripts]\nnotes = "notes.cli:main"\n'
    assert stays(web, {**inits, "pyproject.toml": poetry.format("notes")})  # the folder, with its subpackages
    assert not stays(web, {**inits, "pyproject.toml": poetry.format("other")})


def test_a_top_level_module_is_shipped_only_when_named():
    setup = "from setuptools import setup\n\nsetup(name='notes', %s, " + SCRIPT + ")\n"
    assert stays("notes.py", {"setup.py": setup % "py_modules=['notes']"})
    assert not stays("notes.py", {"setup.py": setup % "py_modules=['other']"})
    assert not stays("notes.py", {"setup.py": setup % "packages=find_packages()"})
    assert stays("notes.py", {"setup.py": "from setuptools import setup\n\nsetup(name='notes', " + SCRIPT + ")\n"})  # auto-discovery


def test_entry_points_built_in_code_and_options_spread_into_setup():
    inits = {"notes/__init__.py": ""}
    built = "from setuptools import setup\n\nPOINTS = {'console_scripts': ['notes = notes.cli:main']}\nsetup(name='notes', packages=['notes'], entry_points=POINTS)\n"
    assert stays("notes/app.py", {**inits, "setup.py": built})
    spread = "from setuptools import setup\n\nOPTIONS = dict(name='notes', entry_points={'console_scripts': ['notes = notes.cli:main']})\nsetup(**OPTIONS)\n"
    assert stays("notes/app.py", {**inits, "setup.py": spread})
    plugins = "from setuptools import setup\n\nsetup(name='notes', packages=['notes'], entry_points={'flask.commands': ['x = notes.cli:x']})\n"
    assert not stays("notes/app.py", {**inits, "setup.py": plugins})  # a plugin hook starts nothing


def test_without_a_distribution_nothing_runs_from_an_installed_copy():
    # python -m notes from the checkout: its folder is on the path, .env is found
    assert not stays("notes/app.py", {"notes/__init__.py": "", "notes/__main__.py": "from notes.app import app\n"})
    # a pyproject.toml of tool settings only
    assert not stays("notes/app.py", {"notes/__init__.py": "", "notes/__main__.py": "", "pyproject.toml": "[tool.black]\nline-length = 100\n"})


# -- scripts= : a script starts the installed copy only when it runs the project's code ------------

SCRIPTS_SETUP = (
    "import os\nfrom setuptools import find_packages, setup\n\n"
    "scripts_dir = 'notes' + os.sep + 'scripts' + os.sep\n\n"
    "setup(name='notes', packages=find_packages(), scripts=[scripts_dir + 'compile.py', %s])\n"
)
TOOL = "#!/usr/bin/env python\nimport subprocess\n\nsubprocess.call(['pip-compile', 'requirements.in'])\n"


def scripts_project(second: str, second_text: str | None, tool: str = TOOL) -> dict[str, str]:
    project = {"notes/__init__.py": "", "setup.py": SCRIPTS_SETUP % second, "notes/scripts/compile.py": tool}
    if second_text is not None:
        project["notes/scripts/npm.py"] = second_text
    return project


def test_scripts_that_import_nothing_of_the_project_start_nothing():
    """flask-covid19: setup.py's ``scripts=`` install two helpers (pip-compile, npm install),
    spelled from a folder name joined in code; neither imports the project, so nothing starts
    the installed copy: the secret moves."""
    npm = "#!/usr/bin/env python\nimport subprocess\n\nsubprocess.call(['npm', 'install'])\n"
    assert not stays("notes/config.py", scripts_project("scripts_dir + 'npm.py'", npm))


def test_a_script_that_runs_the_project_starts_it():
    imports = "#!/usr/bin/env python\nfrom notes.config import SECRET_KEY\n\nprint(SECRET_KEY)\n"
    assert stays("notes/config.py", scripts_project("scripts_dir + 'npm.py'", imports))
    inside = "#!/usr/bin/env python\ndef main():\n    import notes\n\nmain()\n"
    assert stays("notes/config.py", scripts_project("scripts_dir + 'npm.py'", inside))
    by_name = "#!/usr/bin/env python\nimport runpy\n\nrunpy.run_module('notes.config')\n"
    assert stays("notes/config.py", scripts_project("scripts_dir + 'npm.py'", by_name))
    python_2 = "#!/usr/bin/env python\nimport notes.config\nprint 'started'\n"
    assert stays("notes/config.py", scripts_project("scripts_dir + 'npm.py'", python_2))


def test_a_script_that_cannot_be_told_starts_it():
    shell = "#!/bin/sh\nexec python -m notes\n"
    assert stays("notes/config.py", scripts_project("'notes/scripts/run'", None) | {"notes/scripts/run": shell})
    assert stays("notes/config.py", scripts_project("'notes/scripts/missing.py'", None))  # not in the checkout
    assert stays("notes/config.py", scripts_project("SCRIPT", None))  # a name: whatever it holds
