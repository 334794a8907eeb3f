"""The names of the variables dotenv-config reads, and the ``.env`` it writes to.

A setting's variable is its config key, unless that name is taken: reserved by the system
(``HOSTNAME``, ``FLASK_*`` ...), read elsewhere in the project, or holding another value in
``.env`` or for another app, class or module. Then it gets a qualified name
(``ADMIN_SECRET_KEY``) from the app, config class or module it belongs to.
"""

from __future__ import annotations

import re
from typing import Iterable

# Variables an operating system, a shell or a platform already sets: a config key of that
# name must not be read from them.
RESERVED_ENV_NAMES = frozenset(
    {
        "PATH", "HOME", "USER", "USERNAME", "LOGNAME", "SHELL", "PWD", "OLDPWD", "HOSTNAME",
        "LANG", "LANGUAGE", "TERM", "TMPDIR", "TEMP", "TMP", "DISPLAY", "MAIL", "EDITOR",
        "VISUAL", "PAGER", "TZ", "SHLVL", "PS1", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV",
        "HOST", "CI",
    }
)
RESERVED_ENV_PREFIXES = ("FLASK_", "WERKZEUG_", "PYTHON", "LC_", "XDG_", "SSH_", "GIT_", "DOTENV_")


def is_reserved_env_name(name: str) -> bool:
    return name in RESERVED_ENV_NAMES or name.startswith(RESERVED_ENV_PREFIXES)


# -- variable names ------------------------------------------------------------------------------

_GENERIC_APP_NAMES = frozenset({"app", "application", "flask_app", "server", "wsgi_app", "webapp"})
_GENERIC_FACTORY_NAMES = frozenset({"create_app", "make_app", "build_app", "app_factory", "get_app", "create_application", "factory"})


def upper_snake(text: str) -> str:
    """``DevelopmentConfig`` → ``DEVELOPMENT_CONFIG``; ``admin-site`` → ``ADMIN_SITE``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper()
    if text and text[0].isdigit():
        text = "_" + text
    return text


def module_qualifier(path: str) -> str:
    """From the file's path: ``admin.py`` → ``ADMIN``; ``shop/__init__.py`` → ``SHOP``."""
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts:
        return ""
    stem = parts[-1].split(".", 1)[0]
    if stem == "__init__" and len(parts) > 1:
        stem = parts[-2]
    return upper_snake(stem)


def app_qualifier(name: str, factory: str | None) -> str:
    if name.lower() not in _GENERIC_APP_NAMES:
        return upper_snake(re.sub(r"_?(app|application)$", "", name, flags=re.IGNORECASE) or name)
    if factory and factory.lower() not in _GENERIC_FACTORY_NAMES:
        stem = re.sub(r"^(create|make|build|get|new)_", "", factory, flags=re.IGNORECASE)
        stem = re.sub(r"_?(app|application|factory)$", "", stem, flags=re.IGNORECASE)
        return upper_snake(stem)
    return ""


def class_qualifier(name: str) -> str:
    return upper_snake(re.sub(r"(Configuration|Config|Settings|Conf|Cfg)$", "", name))


def candidate_names(key: str, qualifiers: Iterable[str]) -> list[str]:
    """The names a variable for config key ``key`` may get, most wanted first."""
    names = [key]
    for qualifier in qualifiers:
        if qualifier and f"{qualifier}_{key}" not in names:
            names.append(f"{qualifier}_{key}")
    return names


# -- .env files -----------------------------------------------------------------------------------

# Files whose presence marks a project root (the folder where the tool writes .env).
ROOT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".git", ".git/HEAD")


class _TextStream:
    """What python-dotenv needs of a stream (codemods open no files)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def read(self, *args: object) -> str:
        text, self._text = self._text, ""
        return text


def parse_env(text: str) -> dict[str, str]:
    """The variables of a ``.env`` text, uninterpolated, as the tool compares them."""
    from dotenv import dotenv_values

    values = dotenv_values(stream=_TextStream(text), interpolate=False)  # type: ignore[arg-type]
    return {key: value for key, value in values.items() if value is not None}

