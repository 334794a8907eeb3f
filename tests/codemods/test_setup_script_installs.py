"""What a project's own setup scripts install declares versions (``_setup_scripts``): a shell
script, a Vagrantfile's provisioning, a Dockerfile, a Makefile anywhere in the project.

- ``pip install flask==0.9`` pins that release, where no dependency file names the library;
- ``apt-get install python-sqlalchemy`` (``yum``, ``apk add py3-...``) installs the system's
  release, which the tool cannot know: it may be the oldest, so a form a newer release
  brings is not written (a finding names the script and the package).

ud330 provisions its course VM with InitialProject/Vagrantfile -> bootstrap.sh on Ubuntu 12.04
(python-sqlalchemy: SQLAlchemy 0.7): ``sqlalchemy.orm.declarative_base`` is an ImportError there.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from flask_codemod.codemods import Context
from flask_codemod.codemods._declared_versions import declared_specifiers
from helpers import ProjectReader, finding_messages, run_codemods

OLD_IMPORT = "from sqlalchemy.ext.declarative import declarative_base\nBase = declarative_base()\n"
UD330_BOOTSTRAP = (
    "apt-get -qqy update\napt-get -qqy install postgresql python-psycopg2\napt-get -qqy install python-sqlalchemy\n"
    "apt-get -qqy install python-pip\npip install werkzeug==0.8.3\npip install flask==0.9\n"
)
UD330 = {
    "Vagrantfile": 'Vagrant.configure(2) do |config|\n  config.vm.box = "hashicorp/precise32"\nend\n',
    "InitialProject/Vagrantfile": 'Vagrant.configure("2") do |config|\n  config.vm.provision :shell, path: "bootstrap.sh"\nend\n',
    "InitialProject/bootstrap.sh": UD330_BOOTSTRAP,
}


def _imports_against_sqlalchemy_0_7(code: str, tmp_path) -> bool:
    """Whether ``code`` imports where SQLAlchemy has the layout before 1.4: declarative_base
    in sqlalchemy.ext.declarative only."""
    package = tmp_path / "old" / "sqlalchemy"
    (package / "ext").mkdir(parents=True)
    (package / "orm").mkdir()
    (package / "__init__.py").write_text("")
    (package / "ext" / "__init__.py").write_text("")
    (package / "ext" / "declarative.py").write_text("def declarative_base():\n    return object\n")
    (package / "orm" / "__init__.py").write_text("")
    (tmp_path / "database_setup.py").write_text(code)
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = [{str(tmp_path / 'old')!r}, {str(tmp_path)!r}]; import database_setup"],
        capture_output=True,
    )
    return run.returncode == 0


@pytest.mark.parametrize("path", ["InitialProject/database_setup.py", "Lesson2/step3/database_setup.py"])
def test_ud330_keeps_the_import_its_vm_sqlalchemy_has(path, tmp_path):
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", project=UD330, path=path, dedent=False)
    assert _imports_against_sqlalchemy_0_7(result.new_text, tmp_path)
    assert result.new_text == OLD_IMPORT
    [message] = finding_messages(result)
    assert "InitialProject/bootstrap.sh" in message and "python-sqlalchemy" in message


@pytest.mark.parametrize(
    "script, text",
    [
        ("Dockerfile", "FROM debian:buster\nRUN apt-get update && apt-get install -y python3-sqlalchemy\n"),
        ("deploy/setup.sh", "sudo yum install -y python-sqlalchemy\n"),
        ("docker/Dockerfile", "FROM alpine:3.8\nRUN apk add --no-cache py3-sqlalchemy\n"),
        ("Vagrantfile", 'config.vm.provision "shell", inline: <<-SHELL\n  sudo apt install -y python3-sqlalchemy\nSHELL\n'),
    ],
)
def test_a_system_package_of_sqlalchemy_holds_the_import_back(script, text):
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", project={script: text}, path="app/models.py", dedent=False)
    assert result.new_text == OLD_IMPORT
    assert any(script in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "project",
    [
        # the system packages install other libraries
        {"bootstrap.sh": "apt-get install -y python-psycopg2 python-sqlalchemy-doc postgresql\n"},
        # the project's requirement has the form: pip installs it over the system's
        {"setup.sh": "apt-get install -y python3-sqlalchemy\n", "requirements.txt": "SQLAlchemy>=1.4\n"},
        # the apt line is commented out
        {"setup.sh": "# apt-get install -y python3-sqlalchemy\n"},
    ],
)
def test_the_import_moves_where_no_system_package_can_be_older(project):
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", project=project, path="models.py", dedent=False)
    assert result.new_text.startswith("from sqlalchemy.orm import declarative_base")


def test_an_inline_pin_in_a_setup_script_declares_that_release(tmp_path):
    project = {"provision/bootstrap.sh": "pip install flask==0.9 'SQLAlchemy==1.3.24' requests\n"}
    ctx = Context("app/models.py", read_file=ProjectReader({**project, "app/models.py": ""}, "app/models.py"))
    assert [str(s) for s in declared_specifiers(ctx, "sqlalchemy")] == ["==1.3.24"]
    assert [str(s) for s in declared_specifiers(ctx, "flask")] == ["==0.9"]
    assert declared_specifiers(ctx, "requests") == []  # unpinned: what any install gets
    result = run_codemods(OLD_IMPORT, "sqlalchemy-2", project=project, path="app/models.py", dedent=False)
    assert _imports_against_sqlalchemy_0_7(result.new_text, tmp_path)


def test_a_dependency_file_declaration_comes_before_a_script_pin():
    project = {"setup.sh": "pip install SQLAlchemy==1.3.24\n", "requirements.txt": "SQLAlchemy>=1.4\n"}
    ctx = Context("models.py", read_file=ProjectReader({**project, "models.py": ""}, "models.py"))
    assert [str(s) for s in declared_specifiers(ctx, "sqlalchemy")] == [">=1.4"]
