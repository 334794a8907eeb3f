"""App Engine's python27 runtime provides the libraries an app's app.yaml names, at the release it
names (``libraries: - name: jinja2, version: "2.6"``): that declares the release the code runs
on, as a requirements file does, for the target Flask (tool/target.py) and for the other
libraries' releases (codemods/_declared_versions.py).

kamalgill/flask-appengine-template's ``src/app.yaml`` has the runtime provide Jinja2 2.6 and
MarkupSafe 0.15; App Engine offered Flask 0.12 itself, as ``version: "0.12"`` or ``latest``.
"""

from __future__ import annotations

import os

import pytest

from flask_codemod.codemods._app_engine_libraries import provided_libraries
from flask_codemod.target import declared_target

VIEW = "from jinja2 import Markup\n\n\ndef bold(text):\n    return Markup('<b>%s</b>') % text\n"
APP_YAML = "application: shop\nruntime: python27\napi_version: 1\nthreadsafe: true\n"


def _moved_imports(app_yaml: str) -> tuple[str, list[str]]:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    path = "src/application/views.py"
    project = {"src/app.yaml": app_yaml, "src/application/__init__.py": "", path: VIEW}
    result = transform_text(VIEW, [get_codemod("moved-imports")], path=path, read_file=ProjectReader(project, path), target_version=(0, 12))
    return result.new_text, [f.message for f in result.findings]


def test_the_runtime_s_jinja2_2_6_keeps_jinja2_markup():
    """Jinja2 2.6 does not install MarkupSafe (it falls back on a copy it bundles): on a runtime
    that provides Jinja2 2.6 and no MarkupSafe, ``import markupsafe`` fails."""
    new, findings = _moved_imports(APP_YAML + "libraries:\n- name: jinja2\n  version: \"2.6\"\n")
    assert new == VIEW
    [message] = findings
    assert "Jinja2" in message and "MarkupSafe" in message, message


@pytest.mark.parametrize("markupsafe", ['"0.15"', "latest", "0.23"])
def test_the_runtime_s_markupsafe_lets_the_import_move(markupsafe):
    libraries = f'libraries:\n- name: jinja2\n  version: "2.6"\n- name: markupsafe\n  version: {markupsafe}\n'
    new, findings = _moved_imports(APP_YAML + libraries)
    assert "from markupsafe import Markup" in new and "jinja2" not in new
    assert findings == []
    namespace: dict = {}
    exec(compile(new, "views.py", "exec"), namespace)
    assert str(namespace["bold"]("<i>")) == "<b>&lt;i&gt;</b>"


def test_another_runtime_s_libraries_declare_nothing():
    """python3x runtimes install from requirements.txt; without Jinja2 declared, the newest
    that installs is taken, which requires MarkupSafe: the import moves."""
    new, _findings = _moved_imports("runtime: python39\nlibraries:\n- name: jinja2\n  version: \"2.6\"\n")
    assert "from markupsafe import Markup" in new


@pytest.mark.parametrize(
    ("text", "provided"),
    [
        ('runtime: python27\nlibraries:\n- name: flask\n  version: "0.12"\n', [("flask", "==0.12")]),
        ("runtime: python27\nlibraries:\n- name: Werkzeug\n  version: latest\n", [("werkzeug", "==0.11")]),
        ("runtime: python27\nlibraries:\n- name: ssl\n  version: latest\n", [("ssl", ">=0")]),
        ("runtime: python27\nlibraries:\n  - name: markupsafe\n    version: 0.23\n", [("markupsafe", "==0.23")]),
        ('runtime: python311\nlibraries:\n- name: flask\n  version: "0.12"\n', []),
        ("runtime: python27\nlibraries: [\n", []),
    ],
)
def test_what_the_libraries_section_provides(text, provided):
    assert list(provided_libraries(text)) == provided


@pytest.mark.parametrize("version", ['"0.12"', "latest"])
def test_the_runtime_s_flask_is_the_target(tmp_path, version):
    """App Engine's Flask 0.12 is the target of a project that has the runtime provide it
    (its app.yaml at the root or a folder down, where the service deploys from), however
    newer an unpinned requirement beside it would allow."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.yaml").write_text(APP_YAML + f"libraries:\n- name: flask\n  version: {version}\n")
    (tmp_path / "requirements.txt").write_text("Flask\n")
    assert declared_target(str(tmp_path)) == ((0, 12), os.path.join(str(tmp_path), "src", "app.yaml"))


def test_an_app_yaml_without_flask_leaves_the_target_to_the_requirements(tmp_path):
    (tmp_path / "app.yaml").write_text(APP_YAML + "libraries:\n- name: ssl\n  version: latest\n")
    (tmp_path / "requirements.txt").write_text("Flask==1.1.4\n")
    assert declared_target(str(tmp_path)) == ((1, 1), os.path.join(str(tmp_path), "requirements.txt"))
