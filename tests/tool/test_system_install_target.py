"""A project that installs Flask from the system's packages in a setup script, and names it
nowhere else, runs on the release the system ships (session 33).

A Dockerfile ``FROM debian:bullseye`` whose ``RUN apt-get install -y python3-flask`` installs
Flask, and no requirements file, runs the app on Debian's Flask (1.1 on Debian 11), which the
Dockerfile does not name. Targeting the newest Flask rewrote its ``app.json_encoder`` to a
Flask 2.2 JSON provider the image's Flask lacks. The same reading as sqlalchemy-2's
(``_setup_scripts.system_installs``, ``_system_releases``) now sets the target: the release the
image's system ships where the table knows it (``FROM fedora:33``: 1.1), else one not known
(``UNKNOWN_RELEASE``). A requirements file or a ``pip install`` that names Flask decides as it
did before.
"""

from __future__ import annotations

import os

from typer.testing import CliRunner

from flask_codemod.cli import app
from flask_codemod.codemods._flask_versions import UNKNOWN_RELEASE
from flask_codemod.target import TargetFinder, declared_target
from test_debian_control_target import APP  # an app factory setting app.json_encoder

DOCKERFILE = """\
FROM debian:bullseye
RUN apt-get update \\
 && apt-get install -y --no-install-recommends python3-flask python3-requests \\
 && rm -rf /var/lib/apt/lists/*
COPY . /srv/app
CMD ["python3", "/srv/app/api.py"]
"""


def _write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(root)


def test_a_dockerfile_installing_debian_flask_declares_a_release_not_known(tmp_path):
    root = _write(tmp_path, {"Dockerfile": DOCKERFILE})
    assert declared_target(root) == (UNKNOWN_RELEASE, os.path.join(root, "Dockerfile"))


def test_a_shell_script_installing_the_system_flask_declares_a_release_not_known(tmp_path):
    root = _write(tmp_path, {"deploy/provision.sh": "#!/bin/sh\nsudo apt install -y nginx python3-flask\n"})
    assert declared_target(root) == (UNKNOWN_RELEASE, os.path.join(root, "deploy", "provision.sh"))


def test_each_package_manager_and_spelling_is_read(tmp_path):
    for number, line in enumerate(("yum install -y python-flask", "dnf install python3-flask", "apk add --no-cache py3-flask")):
        root = _write(tmp_path / str(number), {"setup.sh": line + "\n"})
        assert declared_target(root)[0] == UNKNOWN_RELEASE, line


def test_an_image_whose_system_release_is_known_declares_that_release(tmp_path):
    root = _write(tmp_path, {"Dockerfile": "FROM fedora:33\nRUN dnf install -y python3-flask\n"})
    assert declared_target(root)[0] == (1, 1)


def test_a_library_named_like_flask_is_not_flask(tmp_path):
    root = _write(tmp_path, {"Dockerfile": "FROM debian:bullseye\nRUN apt-get install -y python3-flask-sqlalchemy\n"})
    assert declared_target(root) is None


def test_a_requirements_file_naming_flask_still_decides(tmp_path):
    root = _write(tmp_path, {"Dockerfile": DOCKERFILE, "requirements.txt": "Flask==2.2.5\n"})
    assert declared_target(root) == ((2, 2), os.path.join(root, "requirements.txt"))


def test_a_pip_install_of_flask_after_the_system_package_still_decides(tmp_path):
    for number, pip in enumerate(("pip3 install flask", "pip install 'flask==2.3.2'")):
        root = _write(tmp_path / str(number), {"Dockerfile": DOCKERFILE + f"RUN {pip}\n"})
        assert declared_target(root) is None, pip  # as before: the newest Flask
        assert TargetFinder().for_file(os.path.join(root, "api.py")) != UNKNOWN_RELEASE


def test_the_json_encoder_of_an_app_on_the_image_flask_stays(tmp_path):
    root = _write(tmp_path, {"Dockerfile": DOCKERFILE, "api.py": APP})
    result = CliRunner().invoke(app, ["apply", root, "--no-cache", "--select", "json-provider"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "api.py").read_text() == APP


def test_a_script_deeper_than_a_folder_down_is_not_read(tmp_path):
    # an image built for something else the repository holds (a sub-project's test fixtures)
    root = _write(tmp_path, {"shell/static/docker/Dockerfile": DOCKERFILE})
    assert declared_target(root) is None
