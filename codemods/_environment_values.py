"""The values a project's own files give an environment variable.

Where code reads a variable for what to load (``importlib.import_module(os.environ.get(
"FLASK_SETTINGS_MODULE"))``), what it names is in the deployment, not the code: the project's
own deployment files say it where the project keeps them. Read as text:

- scripts, units, process and container files, configuration (``_command_lines.SCRIPT_FILES``:
  ``*.sh``, ``*.ini``, ``*.service``, ``*.yml``, ``Procfile``, ``Dockerfile`` ...) and
  environment files and their examples (``.env``, ``.env.example``, ``env.sh.example``,
  ``*.env``): ``NAME=value``, ``export NAME=value``, ``NAME: value``, ``ENV NAME value``,
  ``Environment=NAME=value``, ``-e NAME=value``;
- Python modules: ``os.environ.setdefault("NAME", "value")``, ``os.environ["NAME"] = "value"``,
  ``os.putenv("NAME", "value")``, and the default of a read (``os.environ.get("NAME", "value")``).

The deployment must give one of them (a file of the first kind, or a ``setdefault``, which a WSGI
entry makes for the server): a value only a script sets for its own process, or a read's
default, says nothing of what the server is given.

None where the answer is not sure: no file gives the variable a value, or a value is one the
file computes (``$OTHER``, ``${OTHER}``, a template's ``{{ x }}``, a Python name). An empty
value names no module, and is no value here.
Names no codemod.
"""

from __future__ import annotations

import re
from typing import Any

from ._command_lines import SCRIPT_FILES

# environment files and their examples
_ENV_FILES = re.compile(r"(?i)(^|/)(\.env[^/]*|[^/]*\.env|[^/]*env[^/]*\.(example|sample|template|dist))$")
_QUOTED = r"""(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"';,}\])]*))"""
_MAX_CHARS = 200_000


def environment_values(reader: Any, variable: str) -> frozenset[str] | None:
    """Every value the project's files (``reader``: ``project_files()``, ``read_file()``, each
    read recorded as the asker's) give ``variable``; None where that is not sure (see the
    module's docstring). Asked only for a module that loads by such a read: not kept."""
    return _values(reader, variable)


def _values(reader: Any, variable: str) -> frozenset[str] | None:
    listing = reader.project_files()
    if listing is None or not re.fullmatch(r"[A-Za-z_]\w*", variable):
        return None
    name = re.escape(variable)
    in_text = re.compile(
        rf"(?:^|[\s;'\",(\[-])(?:ENV\s+{name}\s+|{name}\s*[=:]\s*){_QUOTED}", re.MULTILINE
    )
    in_python = re.compile(
        rf"""(?:setdefault|putenv|\.get|getenv)\(\s*['"]{name}['"]\s*,\s*{_QUOTED}\s*\)|environ\[\s*['"]{name}['"]\s*\]\s*=\s*{_QUOTED}"""
    )
    values: set[str] = set()
    deployed = False  # a value the deployment gives: a file of it, or a module's setdefault (a WSGI entry's)
    for path in listing.every_file:
        python = path.endswith(".py")
        if not (python or SCRIPT_FILES.search(path) or _ENV_FILES.search(path)):
            continue
        text = reader.read_file(listing.relative(path))
        if not text or variable not in text or len(text) > _MAX_CHARS:
            continue
        for match in (in_python if python else in_text).finditer(text):
            groups = match.groups()
            quoted = [group for group in groups if group is not None]
            if not quoted:
                continue
            value = quoted[0]
            # an unquoted Python value is a name or an expression: not told
            told = not python or any(groups[i] is not None for i in range(len(groups)) if i % 3 != 2)
            if not told or re.search(r"[$%{}<>]", value):
                return None
            if value:  # (an empty name loads no module)
                values.add(value)
                deployed = deployed or not python or match.group(0).startswith("setdefault")
    return frozenset(values) if deployed else None
