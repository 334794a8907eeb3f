"""Declared requirements (tool/requirements.py): every place the project declares its
dependencies gets the package once, in that place's pin style."""

from __future__ import annotations

import os
import tomllib

import pytest

from flask_codemod.requirements import add_requirements, pinned_version

DOTENV = {"python-dotenv": ">=1.0"}


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def added(root, wanted=DOTENV) -> tuple[dict[str, str], list[str]]:
    changes, problems = add_requirements(str(root), wanted)
    return {os.path.relpath(c.path, root).replace(os.sep, "/"): c.new_text for c in changes}, problems


@pytest.mark.parametrize(
    "spec, version",
    [(">=1.0", "1.0.0"), ("~=2.1", "2.1.0"), (">=0.19,<2", "0.19.0"), ("==1.0.1", "1.0.1"), ("", None), ("<3", None), (">=1.0,!=1.0.0", None)],
)
def test_the_pinned_version_is_the_lowest_the_requirement_allows(spec, version):
    assert pinned_version(spec) == version


def test_a_fully_pinned_file_gets_a_pinned_line_and_a_loose_one_the_specifier(tmp_path):
    write(tmp_path, {"requirements.txt": "# web\nFlask==2.3.3\nrequests==2.31.0  # http\n"})
    changed, problems = added(tmp_path)
    assert changed == {"requirements.txt": "# web\nFlask==2.3.3\nrequests==2.31.0  # http\npython-dotenv==1.0.0\n"}
    assert problems == []
    write(tmp_path, {"requirements.txt": "Flask==2.3.3\nrequests>=2\n"})
    assert added(tmp_path)[0]["requirements.txt"].endswith("requests>=2\npython-dotenv>=1.0\n")


def test_no_lower_bound_cannot_be_pinned_and_is_said(tmp_path):
    write(tmp_path, {"requirements.txt": "Flask==2.3.3\n"})
    changed, problems = added(tmp_path, {"Flask-Caching": ""})
    assert changed["requirements.txt"].endswith("Flask-Caching\n")
    assert problems == ["requirements.txt pins every package: pin Flask-Caching there to the version you test with"]


LAYERED = {
    "requirements.txt": "-r requirements/prod.txt\n",
    "requirements/prod.txt": "-r base.txt\ngunicorn==21.2.0\n",
    "requirements/base.txt": "Flask==2.3.3\n",
    "requirements/dev.txt": "-r base.txt\npytest==8.0.0\npython-dotenv==1.0.1\n",
}


def test_a_requirements_folder_gets_it_once_in_the_file_the_others_share(tmp_path):
    """The package the app needs goes where production gets it: the shared base file (a
    declaration in the development list does not count)."""
    write(tmp_path, LAYERED)
    changed, problems = added(tmp_path)
    assert changed == {"requirements/base.txt": "Flask==2.3.3\npython-dotenv==1.0.0\n"}
    assert problems == []


@pytest.mark.parametrize(
    "top, shared",
    [("-rrequirements/prod.txt\n", "-rbase.txt\n"), ("--requirement requirements/prod.txt\n", "--requirement=base.txt  # shared\n")],
    ids=["-rFILE", "--requirement"],
)
def test_includes_are_read_however_pip_allows_them_spelled(tmp_path, top, shared):
    """pip takes ``-rbase.txt`` and ``--requirement FILE`` as ``-r base.txt``; so do the
    codemods' declared versions: the package still goes once, into the shared file."""
    write(tmp_path, {**LAYERED, "requirements.txt": top, "requirements/prod.txt": shared + "gunicorn==21.2.0\n"})
    changed, _problems = added(tmp_path)
    assert changed == {"requirements/base.txt": "Flask==2.3.3\npython-dotenv==1.0.0\n"}


def test_a_requirements_folder_alone_is_a_declaration(tmp_path):
    write(tmp_path, {"requirements/common.txt": "flask\n", "requirements/production.txt": "-r common.txt\n"})
    changed, problems = added(tmp_path)
    assert changed == {"requirements/common.txt": "flask\npython-dotenv>=1.0\n"} and problems == []


@pytest.mark.parametrize(
    "declared",
    [
        "python-dotenv\n",
        "Python_Dotenv>=0.21\n",
        "python.dotenv[cli] >= 1.0 ; python_version >= '3.8'\n",
        "-e git+https://example.invalid/x.git#egg=x\npython-dotenv==1.0.1 \\\n    --hash=sha256:abc\n",
    ],
)
def test_never_a_second_line_for_a_package_declared_in_any_spelling(tmp_path, declared):
    write(tmp_path, {**LAYERED, "requirements/base.txt": "Flask==2.3.3\n" + declared})
    assert added(tmp_path) == ({}, [])


PYPROJECT = '[project]\nname = "shop"\ndependencies = [\n    "flask==3.0.0",\n]\n'


def test_requirements_and_pyproject_both_get_it(tmp_path):
    write(tmp_path, {"requirements.txt": "flask\ngunicorn\n", "pyproject.toml": PYPROJECT})
    changed, problems = added(tmp_path)
    assert changed["requirements.txt"] == "flask\ngunicorn\npython-dotenv>=1.0\n"
    assert tomllib.loads(changed["pyproject.toml"])["project"]["dependencies"] == ["flask==3.0.0", "python-dotenv==1.0.0"]
    assert problems == []


def test_a_requirements_file_that_installs_the_project_relies_on_pyproject(tmp_path):
    write(tmp_path, {"requirements.txt": "-e .\n", "pyproject.toml": PYPROJECT})
    changed, _ = added(tmp_path)
    assert list(changed) == ["pyproject.toml"]


def test_a_pipfile_is_a_declaration_in_its_own_style(tmp_path):
    pipfile = '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nflask = "*"\n\n[dev-packages]\npytest = "*"\n'
    write(tmp_path, {"Pipfile": pipfile, "Pipfile.lock": "{}\n"})
    changed, problems = added(tmp_path)
    assert changed["Pipfile"] == pipfile.replace('flask = "*"\n', 'flask = "*"\npython-dotenv = ">=1.0"\n')
    assert problems == ["Pipfile changed: run pipenv lock to update Pipfile.lock"]
    write(tmp_path, {"Pipfile": '[packages]\nflask = "==3.0.0"\nrequests = {version = "==2.31.0", extras = ["socks"]}\n'})
    changed, _ = added(tmp_path)
    assert tomllib.loads(changed["Pipfile"])["packages"]["python-dotenv"] == "==1.0.0"
    write(tmp_path, {"Pipfile": '[packages]\nPython_Dotenv = "*"\n'})
    assert added(tmp_path)[0] == {}


def test_setup_py_install_requires_is_left_to_the_user(tmp_path):
    write(tmp_path, {"setup.py": "from setuptools import setup\nsetup(install_requires=['flask'])\n"})
    changed, problems = added(tmp_path)
    assert changed == {}
    assert problems == ["setup.py declares install_requires too: add python-dotenv there by hand"]


def test_a_project_without_declarations_is_said(tmp_path):
    write(tmp_path, {"app.py": "x = 1\n", "requirements/dev.txt": "pytest\n"})
    changed, problems = added(tmp_path)
    assert changed == {} and "declares no dependencies" in problems[0]


@pytest.mark.parametrize(
    "pyproject, lock, command",
    [
        ('[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3.0"\n', "poetry.lock", "poetry lock"),
        ('[project]\nname = "shop"\ndependencies = ["flask>=3"]\n', "uv.lock", "uv lock"),
        ('[project]\nname = "shop"\ndependencies = ["flask>=3"]\n', "pdm.lock", "pdm lock"),
    ],
    ids=["poetry", "uv", "pdm"],
)
def test_a_pyproject_beside_its_lock_file_says_to_lock_again(tmp_path, pyproject, lock, command):
    """An install from the lock gets only what it pins: the added package is missing there
    (Poetry refuses a lock older than its pyproject.toml, or installs without it) until the
    lock is made again."""
    write(tmp_path, {"pyproject.toml": pyproject, lock: "# locked\n"})
    changed, problems = added(tmp_path)
    assert list(changed) == ["pyproject.toml"]
    assert problems == [f"pyproject.toml changed: run {command} to update {lock}"]
    (tmp_path / lock).unlink()
    assert added(tmp_path)[1] == []


PIP_COMPILED = "#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile\n#\nflask==3.0.0\n    # via -r requirements.in\n"
UV_COMPILED = "# This file was autogenerated by uv via the following command:\n#    uv pip compile requirements.in -o requirements.txt\nflask==3.0.0\n"


@pytest.mark.parametrize("compiled", [PIP_COMPILED, UV_COMPILED], ids=["pip-compile", "uv"])
def test_a_compiled_list_without_its_source_beside_it_is_left_and_said(tmp_path, compiled):
    """A list pip-compile or uv wrote is generated: a line added there goes at the next compile.
    Its source is elsewhere (not beside it): the message asks to add it there and compile again."""
    write(tmp_path, {"requirements.txt": compiled})
    changed, problems = added(tmp_path)
    assert changed == {}
    assert problems == [
        "requirements.txt is compiled (pip-compile or uv wrote it): add python-dotenv>=1.0 to the list's source and recompile it"
    ]


def test_a_compiled_list_included_by_another_is_left_too(tmp_path):
    write(tmp_path, {"requirements.txt": "-r requirements/base.txt\n", "requirements/base.txt": UV_COMPILED})
    changed, problems = added(tmp_path)
    assert changed == {} and problems[0].startswith("requirements/base.txt is compiled")


@pytest.mark.parametrize("compiled, command", [(PIP_COMPILED, "pip-compile"), (UV_COMPILED, "uv pip compile")], ids=["pip-compile", "uv"])
def test_a_compiled_list_with_its_source_beside_it_gets_the_source_and_the_command_that_compiled_it(tmp_path, compiled, command):
    """The ``.in`` beside it is the declaration: it gets the line, and the message names the
    command the list's header says compiled it."""
    write(tmp_path, {"requirements.txt": compiled, "requirements.in": "flask\n"})
    changed, problems = added(tmp_path)
    assert changed == {"requirements.in": "flask\npython-dotenv>=1.0\n"}
    assert problems == [f"python-dotenv added to requirements.in: run {command} to update requirements.txt"]


@pytest.mark.parametrize(
    "line",
    [
        "-e git+https://example.invalid/dotenv.git#egg=python-dotenv",
        "git+https://github.com/theskumar/python-dotenv.git@v1.0.0",
        "https://files.example/python_dotenv-1.0.1-py3-none-any.whl",
    ],
)
def test_a_package_installed_from_where_its_code_lives_is_declared(tmp_path, line):
    """The writer reads a list as the codemods do (_dependency_files): a line that installs the
    package from a repository or an archive declares it; no second line is added."""
    write(tmp_path, {"requirements.txt": f"flask\n{line}\n"})
    assert added(tmp_path) == ({}, [])


def test_a_pyproject_that_spells_its_versions_in_parentheses_gets_the_same_spelling(tmp_path):
    # newspipe: Poetry 2 writes [project] dependencies as "requests (>=2.32.5)"; a new
    # "python-dotenv>=1.0" among them reads as written by another hand
    pyproject = '[project]\nname = "reader"\ndependencies = [\n    "requests (>=2.32.5)",\n    "bleach (>=6.2.0,<7.0.0)",\n    "opml",\n]\n'
    write(tmp_path, {"pyproject.toml": pyproject})
    changed, _ = added(tmp_path)
    assert changed["pyproject.toml"] == pyproject.replace('"opml",\n', '"opml",\n    "python-dotenv (>=1.0)",\n')
    pinned = pyproject.replace(">=2.32.5", "==2.32.5").replace(">=6.2.0,<7.0.0", "==6.2.0").replace('    "opml",\n', "")
    write(tmp_path, {"pyproject.toml": pinned})
    changed, _ = added(tmp_path)
    assert tomllib.loads(changed["pyproject.toml"])["project"]["dependencies"][-1] == "python-dotenv (==1.0.0)"


def test_a_pyproject_that_mixes_the_spellings_gets_the_plain_one(tmp_path):
    pyproject = '[project]\nname = "reader"\ndependencies = [\n    "requests (>=2.32.5)",\n    "flask>=3.0",\n]\n'
    write(tmp_path, {"pyproject.toml": pyproject})
    changed, _ = added(tmp_path)
    assert tomllib.loads(changed["pyproject.toml"])["project"]["dependencies"][-1] == "python-dotenv>=1.0"
