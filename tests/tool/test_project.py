"""Project-level edits: .env, .env.example, .gitignore, declared requirements, and one value
per .env variable across the files of a run."""

from __future__ import annotations

import io
import os
import stat
import textwrap

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from flask_codemod import pool, project, settle, writing
from flask_codemod.results import FileResult
from flask_codemod.codemods._contract_records import ProjectEdit


def env(key, value, secret=False, example=None, line=1):
    return ProjectEdit("dotenv-config", "env", key, value, secret, value if example is None and not secret else (example or ""), line)


def requirement(name="python-dotenv", spec=">=1.0"):
    return ProjectEdit("dotenv-config", "requirement", name, spec)


def result(path, *edits):
    return FileResult(str(path), old_text="x = 1\n", new_text="x = 2\n", project_edits=tuple(edits), parsed=True)


def merged_requirement(folder, edit=None):
    """The project edits and messages when a file of ``folder`` asks for ``edit`` (by
    default: python-dotenv>=1.0)."""
    return project.merge([result(folder / "app.py", edit or requirement())])


def changes_by_name(changes):
    return {os.path.basename(c.path): c for c in changes}


@pytest.fixture
def root(tmp_path):
    (tmp_path / "requirements.txt").write_text("Flask==2.3.3\n")
    return tmp_path


# -- .env ------------------------------------------------------------------------------------


def test_new_env_example_and_gitignore(root):
    changes, messages = project.merge([result(root / "app.py", env("SECRET_KEY", "s3cr3t", secret=True), env("DEBUG", "true"))])
    assert messages == []
    by_name = changes_by_name(changes)
    assert by_name[".env"].new_text == "SECRET_KEY=s3cr3t\nDEBUG=true\n"
    assert by_name[".env"].secret and by_name[".env"].new_file_mode == 0o600
    assert by_name[".env.example"].new_text == "SECRET_KEY=\nDEBUG=true\n"
    assert by_name[".gitignore"].new_text == ".env\n"


def test_existing_files_keep_every_line(root):
    (root / ".env").write_text("# mine\r\nOTHER=1\r\nSECRET_KEY=s3cr3t")
    (root / ".gitignore").write_text("build/\n*.pyc")
    changes, messages = project.merge([result(root / "app.py", env("SECRET_KEY", "s3cr3t", secret=True), env("PORT", "8000"))])
    by_name = changes_by_name(changes)
    assert by_name[".env"].new_text == "# mine\r\nOTHER=1\r\nSECRET_KEY=s3cr3t\r\nPORT=8000\r\n"  # same value: not repeated
    assert by_name[".gitignore"].new_text == "build/\n*.pyc\n.env\n"
    assert messages == []


@pytest.mark.parametrize("ignored", [".env\n", "/.env\n", "*.env\n", "# x\n.env  \n"])
def test_env_is_in_gitignore_once(root, ignored):
    (root / ".gitignore").write_text(ignored)
    changes, _ = project.merge([result(root / "app.py", env("DEBUG", "true"))])
    assert ".gitignore" not in changes_by_name(changes)


def test_an_existing_key_with_another_value_is_not_overwritten(root):
    (root / ".env").write_text("SECRET_KEY=theirs\n")
    changes, messages = project.merge([result(root / "app.py", env("SECRET_KEY", "ours", secret=True, line=7))])
    assert ".env" not in changes_by_name(changes)
    assert len(messages) == 1
    assert messages[0].line == 7 and "SECRET_KEY is already in .env with another value" in messages[0].message
    assert "ours" not in messages[0].message and "theirs" not in messages[0].message


def test_two_files_with_one_key_keep_the_first_and_say_so(root):
    changes, messages = project.merge(
        [result(root / "b.py", env("SECRET_KEY", "bbb", secret=True)), result(root / "a.py", env("SECRET_KEY", "aaa", secret=True))]
    )
    assert changes_by_name(changes)[".env"].new_text == "SECRET_KEY=aaa\n"
    assert len(messages) == 1 and "also set by" in messages[0].message
    assert "aaa" not in messages[0].message and "bbb" not in messages[0].message


def test_values_env_cannot_hold_are_not_written(root):
    changes, messages = project.merge([result(root / "app.py", env("TOKEN", "a\rb", secret=True))])
    assert ".env" not in changes_by_name(changes) and ".env.example" not in changes_by_name(changes)
    assert "TOKEN cannot be stored" in messages[0].message


def test_env_file_is_written_private(root):
    changes, _ = project.merge([result(root / "app.py", env("SECRET_KEY", "s3cr3t", secret=True))])
    for change in changes:
        assert writing.write_project_file(change) is None
    assert stat.S_IMODE(os.stat(root / ".env").st_mode) == 0o600
    assert dotenv_values(root / ".env") == {"SECRET_KEY": "s3cr3t"}


def test_existing_env_file_is_tightened_to_0600(root):
    (root / ".env").write_text("OTHER=1\n")
    os.chmod(root / ".env", 0o644)
    changes, _ = project.merge([result(root / "app.py", env("SECRET_KEY", "s3cr3t", secret=True))])
    assert writing.write_project_file(changes_by_name(changes)[".env"]) is None
    assert stat.S_IMODE(os.stat(root / ".env").st_mode) == 0o600
    assert (root / ".env").read_text() == "OTHER=1\nSECRET_KEY=s3cr3t\n"


storable = st.text(st.characters(blacklist_characters="\x00\r", blacklist_categories=("Cs",))).filter(lambda t: "${" not in t)


@settings(max_examples=300, deadline=None)
@given(storable)
def test_env_values_come_back_unchanged(value):
    line = f"KEY={project.format_env_value(value)}\n"
    assert dotenv_values(stream=io.StringIO("A=1\n" + line + "B=2\n")) == {"A": "1", "KEY": value, "B": "2"}


def test_env_values_come_back_unchanged_from_a_file(tmp_path):
    values = {"A": "plain", "B": "two\nlines", "C": "it's \\ 'quoted' \"too\"", "D": " spaced # not a comment ", "E": "é", "F": "", "G": "x\n"}
    (tmp_path / ".env").write_text("".join(f"{k}={project.format_env_value(v)}\n" for k, v in values.items()), encoding="utf-8")
    assert dotenv_values(tmp_path / ".env") == values


# -- requirements ------------------------------------------------------------------------------


def test_requirement_added_to_requirements_txt(root):
    changes, messages = merged_requirement(root)
    # a file that pins every package gets a pinned line (tests/tool/test_requirements.py)
    assert changes_by_name(changes)["requirements.txt"].new_text == "Flask==2.3.3\npython-dotenv==1.0.0\n"
    assert messages == []


@pytest.mark.parametrize("declared", ["python-dotenv==0.21\n", "Python_Dotenv\n", "-r base.txt\n"])
def test_requirement_already_declared(root, declared):
    (root / "requirements.txt").write_text("Flask\n" + declared)
    (root / "base.txt").write_text("python-dotenv\n")
    changes, messages = merged_requirement(root)
    assert changes == [] and messages == []


@pytest.mark.parametrize(
    "name, text, says",
    [
        pytest.param("requirements.txt", "flask==3.0.0 \\\n    --hash=sha256:abc\n", "pins hashes", id="hash-pinned"),
        pytest.param("pyproject.toml", "[project\ndependencies = [\n", "not valid TOML", id="pyproject-not-toml"),
    ],
)
def test_a_declaration_it_cannot_edit_is_left_to_the_user_and_said(tmp_path, name, text, says):
    (tmp_path / name).write_text(text)
    changes, messages = merged_requirement(tmp_path)
    assert changes == []
    assert says in messages[0].message


def test_pip_tools_input_is_edited_not_the_compiled_file(root):
    (root / "requirements.in").write_text("flask\n")
    changes, messages = merged_requirement(root)
    assert list(changes_by_name(changes)) == ["requirements.in"]
    assert "pip-compile" in messages[0].message


PYPROJECT_MULTILINE = """\
[project]
name = "shop"
dependencies = [
    "flask>=2",
    "requests[security]>=2",  # a comment ]
]

[project.optional-dependencies]
test = ["pytest"]
"""


def test_pyproject_dependencies(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT_MULTILINE)
    changes, messages = merged_requirement(tmp_path)
    new = changes_by_name(changes)["pyproject.toml"].new_text
    assert messages == []
    assert new == PYPROJECT_MULTILINE.replace('  # a comment ]\n]', '  # a comment ]\n    "python-dotenv>=1.0",\n]')
    import tomllib

    assert tomllib.loads(new)["project"]["dependencies"][-1] == "python-dotenv>=1.0"


def test_pyproject_dependencies_on_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["flask"]\n')
    changes, _ = merged_requirement(tmp_path)
    assert changes_by_name(changes)["pyproject.toml"].new_text.endswith('dependencies = ["flask", "python-dotenv>=1.0"]\n')


def test_poetry_dependencies(tmp_path):
    text = '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nflask = "^3"\n\n[build-system]\nrequires = ["poetry-core"]\n'
    (tmp_path / "pyproject.toml").write_text(text)
    changes, _ = merged_requirement(tmp_path)
    new = changes_by_name(changes)["pyproject.toml"].new_text
    # Poetry's caret style is followed (tests/tool/test_requirements.py)
    assert new == text.replace('flask = "^3"\n', 'flask = "^3"\npython-dotenv = "^1.0.0"\n')


def test_no_declared_dependencies_is_said(tmp_path):
    (tmp_path / "setup.py").write_text("from setuptools import setup\nsetup()\n")
    changes, messages = merged_requirement(tmp_path)
    assert changes == []
    assert "declares no dependencies" in messages[0].message and "python-dotenv" in messages[0].message


# -- one variable, one value -------------------------------------------------------------------

APP = textwrap.dedent(
    """\
    from flask import Flask

    app = Flask(__name__)
    app.config["SECRET_KEY"] = "{key}"
    app.config["MAIL_SERVER"] = "smtp.example.org"
    """
)


# Secrets that look real (random, as generated keys are): a word such as "admin-key" is a
# placeholder, which dotenv-config leaves in place.
ADMIN_KEY, SHOP_KEY = "5d0c9e2b7a41f6e3", "e83b1f07c2d95a64"
K1, K2, K3 = "c9f2e71a4b0d", "7e1d0b93fa26", "b05a8c3e9d41"


def _results(root, names, jobs=1):
    paths = sorted(str(root / name) for name in names)
    return list(settle.settle_env_names(pool.process_files(paths, ["dotenv-config"], workers=jobs), ["dotenv-config"], workers=jobs))


def test_second_file_with_another_value_gets_its_own_variable(root):
    (root / "admin.py").write_text(APP.format(key=ADMIN_KEY))
    (root / "shop.py").write_text(APP.format(key=SHOP_KEY))
    admin, shop = _results(root, ["admin.py", "shop.py"])
    assert 'os.environ["SECRET_KEY"]' in admin.new_text
    assert 'os.environ["SHOP_SECRET_KEY"]' in shop.new_text
    assert 'os.environ.get("MAIL_SERVER", "smtp.example.org")' in shop.new_text  # same value: same variable
    assert any("SECRET_KEY already holds another value" in f.message for f in shop.findings)
    changes, messages = project.merge([admin, shop])
    assert messages == []
    assert dotenv_values(stream=io.StringIO(changes_by_name(changes)[".env"].new_text)) == {
        "SECRET_KEY": ADMIN_KEY,
        "MAIL_SERVER": "smtp.example.org",
        "SHOP_SECRET_KEY": SHOP_KEY,
    }


def test_settling_is_the_same_with_several_jobs(root):
    for name, key in (("a.py", K1), ("b.py", K2), ("c.py", K1), ("d.py", K3)):
        (root / name).write_text(APP.format(key=key))
    one = _results(root, ["a.py", "b.py", "c.py", "d.py"])
    two = _results(root, ["a.py", "b.py", "c.py", "d.py"], jobs=2)
    assert [r.new_text for r in one] == [r.new_text for r in two]
    assert project.merge(one) == project.merge(two)
    names = [e.key for r in one for e in r.project_edits if e.kind == "env" and e.key.endswith("SECRET_KEY")]
    assert names == ["SECRET_KEY", "B_SECRET_KEY", "SECRET_KEY", "D_SECRET_KEY"]


def test_files_without_conflict_pass_through_untouched(root):
    (root / "a.py").write_text(APP.format(key=K1))
    (root / "b.py").write_text(APP.format(key=K1))
    paths = [str(root / "a.py"), str(root / "b.py")]
    raw = list(pool.process_files(paths, ["dotenv-config"]))
    settled = list(settle.settle_env_names(iter(raw), ["dotenv-config"]))
    assert all(s is r for s, r in zip(settled, raw))


def test_separate_projects_do_not_conflict(tmp_path):
    for name, key in (("one", K1), ("two", K2)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "requirements.txt").write_text("flask\n")
        (tmp_path / name / "app.py").write_text(APP.format(key=key))
    one, two = list(settle.settle_env_names(pool.process_files([str(tmp_path / "one/app.py"), str(tmp_path / "two/app.py")], ["dotenv-config"]), ["dotenv-config"]))
    assert 'os.environ["SECRET_KEY"]' in one.new_text and 'os.environ["SECRET_KEY"]' in two.new_text


def test_pyproject_dependencies_without_trailing_comma_before_a_comment(tmp_path):
    import tomllib

    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = [\n    "flask"  # web\n]\n')
    changes, _ = merged_requirement(tmp_path)
    new = changes_by_name(changes)["pyproject.toml"].new_text
    assert tomllib.loads(new)["project"]["dependencies"] == ["flask", "python-dotenv>=1.0"]
    assert '"flask",  # web\n' in new


def test_pyproject_keeps_its_own_style(tmp_path):
    """CRLF newlines, indentation, single quotes, a comment on the last item, no trailing
    comma: all kept, and the new item written the same way (tomlkit)."""
    import tomllib

    text = "[project]\r\nname = 'x'\r\ndependencies = [\r\n  'flask',\r\n  'requests'  # http\r\n]\r\n"
    (tmp_path / "pyproject.toml").write_bytes(text.encode())
    changes, messages = merged_requirement(tmp_path)
    new = changes_by_name(changes)["pyproject.toml"].new_text
    assert messages == []
    assert new == text.replace("  'requests'  # http\r\n", "  'requests',  # http\r\n  'python-dotenv>=1.0'\r\n")
    assert tomllib.loads(new)["project"]["dependencies"] == ["flask", "requests", "python-dotenv>=1.0"]


@pytest.mark.parametrize(
    "declared",
    [
        "python_dotenv[cli] >= 1.0 ; python_version >= '3.8'  # pinned below\n",
        "Python.Dotenv==1.0.1 \\\n    --hash=sha256:abc\n",
    ],
)
def test_requirement_names_read_as_pep_508(root, declared):
    (root / "requirements.txt").write_text("flask\n" + declared)
    changes, messages = merged_requirement(root)
    assert changes == [] and messages == []


def test_a_url_is_not_a_requirement_name(root):
    """``git+https://…`` declares no package named ``git``."""
    (root / "requirements.txt").write_text("git+https://example.invalid/repo.git\n")
    changes, _ = merged_requirement(root, requirement("git", ""))
    assert changes_by_name(changes)["requirements.txt"].new_text.endswith("repo.git\ngit\n")


def test_env_example_stays_committable(root):
    (root / ".gitignore").write_text(".env*\n")
    changes, _ = project.merge([result(root / "app.py", env("DEBUG", "true"))])
    assert changes_by_name(changes)[".gitignore"].new_text == ".env*\n!.env.example\n"


@pytest.mark.parametrize("own", [".env.template", ".env.sample", ".env.dist", "env.example"])
def test_the_projects_own_env_example_gets_the_names(root, own):
    """A project that already shows its variables in an example file of its own (copied to
    .env by whoever sets it up) gets the new names there, not in a second example beside
    it: set up from that file, the app must find the secret it now reads."""
    (root / own).write_text("GITHUB_CLIENT_ID=\nGITHUB_CLIENT_SECRET=\n")
    (root / ".gitignore").write_text(".*\n")
    changes, messages = project.merge([result(root / "app.py", env("SECRET_KEY", "s3cr3t", secret=True), env("PORT", "8000"))])
    by_name = changes_by_name(changes)
    assert messages == [] and ".env.example" not in by_name
    assert by_name[own].new_text == "GITHUB_CLIENT_ID=\nGITHUB_CLIENT_SECRET=\nSECRET_KEY=\nPORT=8000\n"
    set_up = dotenv_values(stream=io.StringIO(by_name[own].new_text))
    assert set(set_up) >= {"SECRET_KEY", "PORT"}
    # the project commits its example already; the ignore rule it lives with is its own
    assert ".gitignore" not in by_name


def test_a_stray_example_folder_is_not_the_example_file(root):
    (root / ".env.template").mkdir()
    changes, _ = project.merge([result(root / "app.py", env("DEBUG", "true"))])
    assert changes_by_name(changes)[".env.example"].new_text == "DEBUG=true\n"
