"""The names a project's image recipe goes by, and the minimal images' package manager, read
for Flask's target (session 34).

``docker build`` reads ``dockerfile`` where there is no ``Dockerfile`` (its legacy builder and
BuildKit alike), podman reads ``Containerfile``, and a project with several images names them
``web.Dockerfile``, ``Dockerfile.web`` or ``Dockerfile-web`` for ``-f``. A minimal Fedora or UBI image has no dnf
but ``microdnf``, which installs the same packages. Each of those installing the system's
Flask declares the system's release, as ``Dockerfile`` with ``dnf`` did.
"""

from __future__ import annotations

import os

import pytest

from flask_codemod.codemods._flask_versions import UNKNOWN_RELEASE
from flask_codemod.codemods._setup_scripts import is_dockerfile
from flask_codemod.target import declared_target

INSTALL = "FROM debian:bullseye\nRUN apt-get update && apt-get install -y python3-flask\n"


def _write(root, files: dict[str, str]) -> str:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(root)


@pytest.mark.parametrize("name", ["dockerfile", "Containerfile", "web.Dockerfile", "api.dockerfile", "docker/Dockerfile.prod", "Dockerfile-dev", "SlimDockerfile"])
def test_each_name_of_an_image_recipe_is_read(tmp_path, name):
    root = _write(tmp_path, {name: INSTALL})
    assert declared_target(root) == (UNKNOWN_RELEASE, os.path.join(root, os.path.normpath(name)))


def test_microdnf_installs_the_system_s_flask(tmp_path):
    root = _write(tmp_path, {"Dockerfile": "FROM fedora:33\nRUN microdnf install -y python3-flask && microdnf clean all\n"})
    assert declared_target(root)[0] == (1, 1)  # Fedora 33's Flask, as dnf installs it
    other = _write(tmp_path / "ubi", {"Containerfile": "FROM registry.access.redhat.com/ubi8/ubi-minimal\nRUN microdnf install python3-flask\n"})
    assert declared_target(other)[0] == UNKNOWN_RELEASE


@pytest.mark.parametrize("name", ["dockerfile.py", "mode-dockerfile.js", "Dockerfile.md", "docs/dockerfile.txt", "Dockerfile.dockerignore", "dockerfiles"])
def test_a_module_or_a_text_named_like_a_recipe_is_not_one(tmp_path, name):
    assert not is_dockerfile(os.path.basename(name))
    root = _write(tmp_path, {name: INSTALL})
    assert declared_target(root) is None
