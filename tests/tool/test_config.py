"""Configuration in pyproject.toml [tool.flask-codemod]: found by walking up from each path;
command-line options win."""

from __future__ import annotations

import pytest

import review_support

from flask_codemod.codemods import UsageError
from flask_codemod.config import ConfigFinder

SOURCE = 'SECRET_KEY = "abc"\nAPI_TOKEN = "xyz"\nvalue = old_api\n'


run = review_support.apply_command


@pytest.fixture
def project(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(SOURCE)
    return tmp_path


def configure(folder, text: str) -> None:
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + text)


def test_select_from_configuration(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-rename"]\n')
    assert run(str(project)).exit_code == 0
    text = (project / "pkg" / "mod.py").read_text()
    assert "new_api" in text and 'SECRET_KEY = "abc"' in text


def test_command_line_select_replaces_configured_select_and_skip(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-rename"]\nskip = ["fake-env"]\n')
    assert run("--select", "fake-env", str(project)).exit_code == 0
    text = (project / "pkg" / "mod.py").read_text()
    assert "old_api" in text and 'os.environ["SECRET_KEY"]' in text


def test_command_line_skip_adds_to_configured_skip(project):
    configure(project, '[tool.flask-codemod]\nselect = "fake-rename, fake-env, fake-noop"\nskip = ["fake-env"]\n')
    assert run("--skip", "fake-rename", "--check", str(project)).exit_code == 0  # nothing left to run that changes


def test_per_codemod_options_and_set_wins(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-env"]\n\n[tool.flask-codemod.fake-env]\nkey = "API_TOKEN"\n')
    assert run("--dry-run", str(project)).stdout.count("os.environ") == 1
    dry = run("--dry-run", str(project)).stdout
    assert 'API_TOKEN = os.environ["API_TOKEN"]' in dry
    dry = run("--dry-run", "--set", "fake-env.key=SECRET_KEY", str(project)).stdout
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in dry and "API_TOKEN = os.environ" not in dry


def test_configuration_is_found_by_walking_up_and_the_nearest_wins(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-env"]\n')
    inner = project / "pkg"
    (inner / "pyproject.toml").write_text('[tool.flask-codemod]\nselect = ["fake-rename"]\n')
    other = project / "other"
    other.mkdir()
    (other / "mod.py").write_text(SOURCE)
    (other / "pyproject.toml").write_text('[project]\nname = "no-table-here"\n')  # skipped over
    assert run(str(inner / "mod.py"), str(other)).exit_code == 0
    assert "new_api" in (inner / "mod.py").read_text() and 'SECRET_KEY = "abc"' in (inner / "mod.py").read_text()
    assert "old_api" in (other / "mod.py").read_text() and "os.environ" in (other / "mod.py").read_text()


def test_walk_stops_at_the_repository_root(tmp_path, monkeypatch):
    review_support.install(monkeypatch)
    configure(tmp_path, '[tool.flask-codemod]\nselect = ["fake-env"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert ConfigFinder().for_path(str(repo)).path is None
    assert ConfigFinder().for_path(str(tmp_path)).path == str(tmp_path / "pyproject.toml")


def test_exclude_patterns_apply_to_walks_and_with_force_exclude_to_named_files(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-rename"]\nexclude = ["pkg/"]\n')
    (project / "top.py").write_text("x = old_api\n")
    assert run("--check", str(project)).exit_code == 1
    result = run("--check", str(project))
    assert "top.py" in result.stderr and "mod.py" not in result.stderr
    named = str(project / "pkg" / "mod.py")
    assert run("--check", named).exit_code == 1  # named explicitly: processed
    assert run("--check", "--force-exclude", named).exit_code == 0


def test_no_config_ignores_the_table(project):
    configure(project, '[tool.flask-codemod]\nselect = ["fake-noop"]\n')
    assert run("--check", str(project)).exit_code == 0
    assert run("--check", "--no-config", "--select", "fake-rename", str(project)).exit_code == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("[tool.flask-codemod\n", "invalid TOML"),
        ('[tool.flask-codemod]\nselect = ["nope"]\n', "nope"),
        ('[tool.flask-codemod]\nselect = 3\n', "list of codemod names"),
        ('[tool.flask-codemod]\ncolour = true\n', "unknown key 'colour'"),
        ('[tool.flask-codemod.nope]\nx = 1\n', "unknown codemod 'nope'"),
        ('[tool.flask-codemod.fake-env]\nkey = 3\n', "fake-env.key"),
        ('[tool.flask-codemod.fake-env]\nnothing = "x"\n', "no option 'nothing'"),
        ('[tool.flask-codemod]\nexclude = [1]\n', "exclude"),
        ('[tool.flask-codemod]\nexclude = ["migrations/", "legacy\\\\"]\n', "invalid exclude pattern 'legacy\\\\'"),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_the_file(project, text, message):
    configure(project, text)
    result = run("--dry-run", str(project))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "pyproject.toml" in result.stderr
    assert (project / "pkg" / "mod.py").read_text() == SOURCE


def test_options_are_validated_with_their_types(project):
    from flask_codemod.config import parse

    config = parse('[tool.flask-codemod.fake-env]\nkey = "TOKEN"\n', "pyproject.toml")
    assert config.options == {"fake-env": {"key": "TOKEN"}}
    with pytest.raises(UsageError):
        parse('[tool.flask-codemod.fake-env]\nkey = ["TOKEN"]\n', "pyproject.toml")
